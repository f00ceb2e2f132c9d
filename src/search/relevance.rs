//! Text relevance for the matching engine: BM25 of a lot's words against the suppliers' text, on a
//! fixed snapshot of the index, with each hit given back as a SIRET without reading stored documents.

use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Searcher, TERMINATED};

use super::error::IndexError;
use super::query::{Filters, build_query};
use super::ranking::score_candidates;
use super::schema::Fields;
use super::{IndexContext, SupplierIndex};

/// A snapshot of the index able to score a text against every supplier.
pub struct TextRelevance {
    searcher: Searcher,
    fields: Fields,
    /// For each segment, the SIRET of each document (empty for deleted documents).
    sirets: Vec<Vec<String>>,
}

impl std::fmt::Debug for TextRelevance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextRelevance").field("segments", &self.sirets.len()).finish()
    }
}

impl SupplierIndex {
    /// A snapshot for text relevance. Reads the SIRET of every document once, from the terms of the
    /// key field (no stored document is decompressed).
    pub fn text_relevance(&self) -> Result<TextRelevance, IndexError> {
        let searcher = self.searcher();
        let mut sirets = Vec::with_capacity(searcher.segment_readers().len());
        let io = |e: std::io::Error| IndexError::Engine { action: "la lecture des SIRET", source: e.into() };
        for segment in searcher.segment_readers() {
            let mut by_doc = vec![String::new(); segment.max_doc() as usize];
            let inverted = segment.inverted_index(self.fields().siret).map_err(IndexError::engine("la lecture"))?;
            let mut terms = inverted.terms().stream().map_err(io)?;
            while terms.advance() {
                let siret = String::from_utf8_lossy(terms.key()).into_owned();
                let mut postings =
                    inverted.read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic).map_err(io)?;
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if !segment.is_deleted(doc)
                        && let Some(slot) = by_doc.get_mut(doc as usize)
                    {
                        *slot = siret.clone();
                    }
                    doc = postings.advance();
                }
            }
            sirets.push(by_doc);
        }
        Ok(TextRelevance { searcher, fields: self.fields().clone(), sirets })
    }
}

impl TextRelevance {
    /// The `limit` suppliers whose text best matches `text` (BM25, words OR-ed, name boosted, lenient
    /// parsing: any text is accepted), best first, as (SIRET, score); only those located in
    /// `departments` when it is not empty.
    pub fn hits(
        &self,
        text: &str,
        departments: &[String],
        limit: usize,
        ctx: &IndexContext,
    ) -> Result<Vec<(&str, f32)>, IndexError> {
        let filters = Filters { departments: departments.to_vec(), ..Filters::default() };
        let prepared = build_query(&self.fields, text, filters, false, ctx);
        if prepared.lists_everything() || limit == 0 {
            return Ok(Vec::new());
        }
        let ranked = score_candidates(&self.searcher, &prepared, 0..limit, false)?;
        Ok(ranked
            .candidates
            .iter()
            .filter_map(|c| {
                let siret = self.sirets.get(c.address.segment_ord as usize)?.get(c.address.doc_id as usize)?;
                (!siret.is_empty()).then_some((siret.as_str(), c.score))
            })
            .collect())
    }
}
