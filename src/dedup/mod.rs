//! Finding probable duplicate suppliers in the catalogue or in an import (tech-notes §6).
//!
//! Three signals, from the strongest:
//! 1. the same SIREN under two SIRETs: two establishments of one legal unit;
//! 2. the same normalised name ([`normalise_name`]) in the same commune;
//! 3. similar names in the same département: numbers and rare words (used by at most
//!    [`RARE_WORD_MAX_SHARE`] of the names) must be found in both names, common words pair with
//!    the same word or a close one (Jaro-Winkler ≥ [`WORD_MATCH_THRESHOLD`]); each word weighs its
//!    rarity in the compared set, and pairs scoring at least [`SIMILAR_NAME_THRESHOLD`] are
//!    reported.
//!
//! Candidates are found through shared keys (SIREN, département and name, département and a rare
//! word), never by comparing all pairs. Two records with the same SIRET are the same
//! establishment, not duplicates, and never form a pair. Pure functions: no I/O.

mod candidates;
mod normalise;
mod similarity;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::domain::{Siret, Supplier};
use candidates::Scope;
use similarity::Corpus;

pub use normalise::{LEGAL_FORMS, STOP_WORDS, STRUCTURE_LABELS, normalise_name};
pub use similarity::{RARE_WORD_MAX_SHARE, WORD_MATCH_THRESHOLD};

/// Lowest name similarity reported as a probable duplicate. Every reported pair is for a person
/// to review; tech-notes §6 sends 0.85–0.95 to review rather than merging automatically.
pub const SIMILAR_NAME_THRESHOLD: f64 = 0.85;

/// Why two suppliers are probably the same, from the strongest reason to the weakest.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DuplicateReason {
    /// Same SIREN, different SIRETs: two establishments of one legal unit.
    SameSiren,
    /// The same normalised name in the same commune.
    SameNameSameCommune,
    /// Similar names in the same département.
    SimilarName {
        /// Name similarity, between [`SIMILAR_NAME_THRESHOLD`] and 1.
        similarity: f64,
    },
}

impl DuplicateReason {
    /// The reason in French, for the people who review duplicates.
    pub fn describe(&self) -> String {
        match self {
            DuplicateReason::SameSiren => "même SIREN : deux établissements de la même unité légale, \
                                           doublon probable à vérifier"
                .to_string(),
            DuplicateReason::SameNameSameCommune => "même nom (une fois normalisé) dans la même commune".to_string(),
            DuplicateReason::SimilarName { similarity } => {
                let percent = (similarity * 100.0).round();
                format!("noms proches dans le même département (similarité {percent} %)")
            }
        }
    }

    /// 0 for the strongest reason.
    fn rank(&self) -> u8 {
        match self {
            DuplicateReason::SameSiren => 0,
            DuplicateReason::SameNameSameCommune => 1,
            DuplicateReason::SimilarName { .. } => 2,
        }
    }
}

/// A pair of suppliers that probably are one, `a` having the smaller SIRET.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duplicate {
    /// SIRET of the first supplier.
    pub a: Siret,
    /// SIRET of the second supplier.
    pub b: Siret,
    /// Name of the first supplier.
    pub a_name: String,
    /// Name of the second supplier.
    pub b_name: String,
    /// The strongest reason found for the pair.
    pub reason: DuplicateReason,
}

impl Duplicate {
    /// One French line for a review list: both suppliers and the reason.
    pub fn describe(&self) -> String {
        format!("« {} » ({}) et « {} » ({}) : {}", self.a_name, self.a, self.b_name, self.b, self.reason.describe())
    }
}

/// The probable duplicates of a whole catalogue, strongest reason first, then by SIRETs.
pub fn find_duplicates(suppliers: &[Supplier]) -> Vec<Duplicate> {
    let all: Vec<&Supplier> = suppliers.iter().collect();
    detect(&all, Scope::All)
}

/// The probable duplicates an import would create: pairs of a new supplier with an existing one
/// or with another new one, never two existing ones. An existing supplier with the SIRET of a new
/// one is the record the import replaces and is left out. Same order as [`find_duplicates`].
pub fn duplicates_with(new: &[Supplier], existing: &[Supplier]) -> Vec<Duplicate> {
    let replaced: HashSet<&Siret> = new.iter().map(|s| &s.siret).collect();
    let kept = existing.iter().filter(|s| !replaced.contains(&s.siret));
    let combined: Vec<&Supplier> = new.iter().chain(kept).collect();
    detect(&combined, Scope::Touching(new.len()))
}

fn detect(suppliers: &[&Supplier], scope: Scope) -> Vec<Duplicate> {
    let mut found = Found::default();
    candidates::same_siren(suppliers, scope, |a, b| found.add(suppliers, a, b, DuplicateReason::SameSiren));
    let corpus = Corpus::build(suppliers.iter().map(|s| s.name.as_str()));
    candidates::same_name_same_commune(suppliers, &corpus, scope, |a, b| {
        found.add(suppliers, a, b, DuplicateReason::SameNameSameCommune)
    });
    candidates::same_department_shared_word(suppliers, &corpus, scope, |a, b| {
        if found.has(a, b) {
            return;
        }
        if let Some(similarity) = corpus.similarity(a, b).filter(|&s| s >= SIMILAR_NAME_THRESHOLD) {
            found.add(suppliers, a, b, DuplicateReason::SimilarName { similarity });
        }
    });
    found.into_sorted(suppliers)
}

/// The pairs found so far, each with its strongest reason.
#[derive(Default)]
struct Found(HashMap<(usize, usize), DuplicateReason>);

impl Found {
    fn key(a: usize, b: usize) -> (usize, usize) {
        (a.min(b), a.max(b))
    }

    fn has(&self, a: usize, b: usize) -> bool {
        self.0.contains_key(&Self::key(a, b))
    }

    fn add(&mut self, suppliers: &[&Supplier], a: usize, b: usize, reason: DuplicateReason) {
        if suppliers[a].siret == suppliers[b].siret {
            return;
        }
        let slot = self.0.entry(Self::key(a, b)).or_insert_with(|| reason.clone());
        if reason.rank() < slot.rank() {
            *slot = reason;
        }
    }

    fn into_sorted(self, suppliers: &[&Supplier]) -> Vec<Duplicate> {
        let mut out: Vec<Duplicate> = self
            .0
            .into_iter()
            .map(|((i, j), reason)| {
                let (a, b) = if suppliers[i].siret <= suppliers[j].siret {
                    (suppliers[i], suppliers[j])
                } else {
                    (suppliers[j], suppliers[i])
                };
                Duplicate {
                    a: a.siret.clone(),
                    b: b.siret.clone(),
                    a_name: a.name.clone(),
                    b_name: b.name.clone(),
                    reason,
                }
            })
            .collect();
        // Names and similarity only decide between records that repeat a SIRET.
        out.sort_by(|x, y| {
            (x.reason.rank(), &x.a, &x.b, &x.a_name, &x.b_name)
                .cmp(&(y.reason.rank(), &y.a, &y.b, &y.a_name, &y.b_name))
                .then_with(|| similarity_of(&y.reason).total_cmp(&similarity_of(&x.reason)))
        });
        out
    }
}

fn similarity_of(reason: &DuplicateReason) -> f64 {
    match reason {
        DuplicateReason::SimilarName { similarity } => *similarity,
        _ => 1.0,
    }
}

#[cfg(test)]
mod tests;
