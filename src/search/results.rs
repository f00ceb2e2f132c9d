//! What a search returns, and the reasons for each hit ([`HitReason`], written in French by
//! [`crate::wording::search`]).

use super::IndexContext;
use super::analyzer::term_set;
use super::document::{StoredSupplier, searchable_text};
use super::facets::Facets;
use super::query::PreparedQuery;
use crate::domain::synonyms::text_holds;
use crate::domain::{Kind, Supplier};

/// The answer to a search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// Number of suppliers matching the text and the filters (all pages).
    pub total: usize,
    /// The requested page, best first.
    pub hits: Vec<SearchHit>,
    /// Counts per kind, sector and département over all matching suppliers.
    pub facets: Facets,
}

/// One supplier found.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The supplier as indexed.
    pub supplier: Supplier,
    /// Its effective sectors: declared, or inferred from its CPV codes, NAF code and text.
    pub sectors: Vec<String>,
    /// Relevance (BM25 on the text, times the distance decay when the search has a point).
    pub score: f32,
    /// Distance from the search's point to the supplier, when the search has one.
    pub distance_km: Option<f64>,
    /// Why it is a hit: matched words and synonyms, sector, distance, filters met (in French:
    /// [`crate::wording::search::why`]).
    pub reasons: Vec<HitReason>,
}

/// One reason a supplier is a hit of a search.
#[derive(Debug, Clone, PartialEq)]
pub enum HitReason {
    /// Words of the search found in its name or text, as typed.
    Words(Vec<String>),
    /// Words of the search found with one typo.
    ApproximateWords(Vec<String>),
    /// Synonyms of a term of the search found in its name or text.
    Synonyms {
        /// The synonyms found (« espaces verts », « paysagiste »).
        terms: Vec<String>,
        /// The term of the search they stand for (« jardinage »).
        of: String,
    },
    /// Its sectors the search names, by its words or its filters (labels).
    Sectors(Vec<String>),
    /// Its kinds the search asked for.
    Kinds(Vec<Kind>),
    /// One of its CPV codes under a code the search asked for.
    Cpv {
        /// The code.
        code: String,
        /// Its label, or the label of its nearest parent.
        label: Option<String>,
    },
    /// Its distance from the search's point.
    Distance {
        /// Kilometres.
        km: f64,
        /// True when the supplier is placed at its commune or département, not at its site.
        approximate: bool,
    },
    /// Its département, which the search asked for.
    Department {
        /// Code.
        code: String,
        /// Name, when the gazetteer knows the code.
        name: Option<String>,
    },
}

/// The query words found in the supplier: exactly, or (in the typo retry) as one of the terms one
/// typo away that the search scored; and the synonyms found.
fn matched_words(hit: &StoredSupplier, prepared: &PreparedQuery, ctx: &IndexContext) -> Vec<HitReason> {
    let s = &hit.supplier;
    let parts = searchable_text(s, &hit.sectors, ctx);
    let stems = term_set(parts.iter().map(String::as_str), true);
    let names = term_set(std::iter::once(&s.name).chain(&s.brand).map(String::as_str), false);
    let (mut exact, mut approximate) = (Vec::new(), Vec::new());
    for (i, w) in prepared.words.iter().enumerate() {
        if stems.contains(&w.stem) || names.contains(&w.folded) || s.siret.as_str() == w.folded {
            exact.push(w.shown.clone());
        } else if let Some(typos) = &prepared.typos {
            let (name_terms, text_terms) = typos.of(i);
            if text_terms.iter().any(|t| stems.contains(t)) || name_terms.iter().any(|t| names.contains(t)) {
                approximate.push(w.shown.clone());
            }
        }
    }
    let mut reasons = Vec::new();
    if !exact.is_empty() {
        reasons.push(HitReason::Words(exact));
    }
    if !approximate.is_empty() {
        reasons.push(HitReason::ApproximateWords(approximate));
    }
    for synonym in &prepared.synonyms {
        let found = match synonym.words.as_slice() {
            [w] => stems.contains(&w.stem) || names.contains(&w.folded),
            _ => parts.iter().any(|part| text_holds(part, &synonym.term)),
        };
        if !found {
            continue;
        }
        let same_term = reasons.iter_mut().find_map(|r| match r {
            HitReason::Synonyms { terms, of } if *of == synonym.of => Some(terms),
            _ => None,
        });
        match same_term {
            Some(terms) => terms.push(synonym.term.clone()),
            None => reasons.push(HitReason::Synonyms { terms: vec![synonym.term.clone()], of: synonym.of.clone() }),
        }
    }
    reasons
}

/// The reasons why a supplier is a hit of this search.
pub(crate) fn explain(
    hit: &StoredSupplier,
    prepared: &PreparedQuery,
    distance_km: Option<f64>,
    ctx: &IndexContext,
) -> Vec<HitReason> {
    let s = &hit.supplier;
    let filters = &prepared.filters;
    let mut reasons = matched_words(hit, prepared, ctx);
    let sector_labels: Vec<String> = hit
        .sectors
        .iter()
        .filter_map(|k| ctx.taxonomy.sector(k))
        .filter(|sector| {
            prepared.text_sectors.contains(&sector.key)
                || filters.sectors.iter().any(|f| *f == sector.key || *f == sector.family)
        })
        .map(|sector| sector.label.clone())
        .collect();
    if !sector_labels.is_empty() {
        reasons.push(HitReason::Sectors(sector_labels));
    }
    let kinds: Vec<Kind> = s.kinds.iter().filter(|k| filters.kinds.contains(k)).copied().collect();
    if !kinds.is_empty() {
        reasons.push(HitReason::Kinds(kinds));
    }
    for code in s.cpv.iter().filter(|c| filters.cpv.iter().any(|f| c.as_str().starts_with(f.significant()))) {
        let label = ctx.cpv.nearest_label(code).map(str::to_string);
        reasons.push(HitReason::Cpv { code: code.to_string(), label });
    }
    if let Some(km) = distance_km {
        reasons.push(HitReason::Distance { km, approximate: s.location.is_none() });
    }
    if filters.departments.contains(&s.department) {
        let name = ctx.gazetteer.department(&s.department).map(|d| d.name.clone());
        reasons.push(HitReason::Department { code: s.department.clone(), name });
    }
    reasons
}
