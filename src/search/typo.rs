//! Typo tolerance. When the words as typed cannot fill a page, each long word is also looked up as
//! the terms of the index one typo away from it (a letter added, removed or replaced, or two letters
//! swapped), and each such term scores with BM25 like the word itself, at [`TYPO_WEIGHT`]: the
//! suppliers whose text says « nettoyage » many times, in a short text, come before the others when
//! the buyer typed « netoyage ».

use std::collections::HashMap;

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use super::analyzer::QueryWord;
use super::error::IndexError;
use super::schema::Fields;

/// Weight of a term one typo away from a word, against the word spelled as in the index.
pub(crate) const TYPO_WEIGHT: f32 = 0.5;
/// Terms shorter than this are never looked up with a typo (a short stem such as `rep` for
/// "repas" would match far too much).
const TYPO_MIN_LETTERS: usize = 5;
/// Most terms one typo away taken for a word and a field: the most frequent ones.
const MAX_TYPO_TERMS: usize = 8;

/// True when a term (folded word or stem) is long enough to be looked up with one typo.
pub(crate) fn typo_tolerant(term: &str) -> bool {
    term.chars().count() >= TYPO_MIN_LETTERS
}

/// For each word of a search, in order, the terms one typo away from it in the name field (from
/// its folded form) and in the text field (from its stem).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TypoTerms {
    words: Vec<(Vec<String>, Vec<String>)>,
}

impl TypoTerms {
    /// Looks the words up in the term dictionaries of every segment.
    pub(crate) fn find(searcher: &Searcher, fields: &Fields, words: &[QueryWord]) -> Result<TypoTerms, IndexError> {
        let mut found = Vec::with_capacity(words.len());
        for w in words {
            found.push((neighbours(searcher, fields.name, &w.folded)?, neighbours(searcher, fields.text, &w.stem)?));
        }
        Ok(TypoTerms { words: found })
    }

    /// The terms one typo away from word `index`: (in the name field, in the text field).
    pub(crate) fn of(&self, index: usize) -> (&[String], &[String]) {
        self.words.get(index).map_or((&[], &[]), |(names, texts)| (names.as_slice(), texts.as_slice()))
    }
}

/// The terms of `field` one typo away from `term` (the term itself left out), the most frequent
/// first (ties in term order), at most [`MAX_TYPO_TERMS`]; none for a short term.
fn neighbours(searcher: &Searcher, field: Field, term: &str) -> Result<Vec<String>, IndexError> {
    if !typo_tolerant(term) {
        return Ok(Vec::new());
    }
    let query = FuzzyTermQuery::new(Term::from_field_text(field, term), 1, true);
    let mut frequency: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let automaton = query.automaton().map_err(IndexError::engine("la recherche approchée"))?;
        let inverted = segment.inverted_index(field).map_err(IndexError::engine("la recherche approchée"))?;
        let mut stream =
            inverted.terms().search(automaton).into_stream().map_err(IndexError::read("la recherche approchée"))?;
        while stream.advance() {
            if stream.key() != term.as_bytes() {
                let key = String::from_utf8_lossy(stream.key()).into_owned();
                *frequency.entry(key).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    let mut terms: Vec<(String, u64)> = frequency.into_iter().collect();
    terms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(terms.into_iter().take(MAX_TYPO_TERMS).map(|(t, _)| t).collect())
}
