//! Counting facet values over every match, a block of documents at a time.
//!
//! tantivy's `FacetCollector` reads the facet columns one document at a time, which dominates a
//! search that matches the whole catalogue. This collector buffers the matching documents and reads
//! the term ordinals of each facet column in blocks, then names the counted ordinals once per
//! segment.
//!
//! Every facet of the index keeps its key at the second step of its path (`/family/CODE`,
//! `/family/sector`, `/region/département/…`), so counts are keyed by that step.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{RowId, StrColumn};
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Documents read together.
const BLOCK: usize = 64;

/// Per counted field, the number of matching documents per key.
pub(crate) type Tally = Vec<HashMap<String, u64>>;

/// Counts, for each facet field, the matching documents per key (second step of the facet path).
pub(crate) struct FacetCounter {
    fields: Vec<&'static str>,
}

impl FacetCounter {
    /// A counter of these facet fields, in this order.
    pub(crate) fn new(fields: Vec<&'static str>) -> FacetCounter {
        FacetCounter { fields }
    }
}

impl Collector for FacetCounter {
    type Fruit = Tally;
    type Child = SegmentTally;

    fn for_segment(&self, _: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentTally> {
        let mut columns = Vec::with_capacity(self.fields.len());
        for field in &self.fields {
            let column = reader.fast_fields().str(field)?;
            let counts = vec![0u32; column.as_ref().map_or(0, |c| c.num_terms())];
            columns.push((column, counts));
        }
        Ok(SegmentTally {
            columns,
            block: Vec::with_capacity(BLOCK),
            docs_out: Vec::new(),
            rows: Vec::new(),
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Tally>) -> tantivy::Result<Tally> {
        let mut total: Tally = vec![HashMap::new(); self.fields.len()];
        for segment in segments {
            for (into, from) in total.iter_mut().zip(segment) {
                for (key, count) in from {
                    *into.entry(key).or_default() += count;
                }
            }
        }
        Ok(total)
    }
}

/// [`FacetCounter`] on one segment: counts per term ordinal of each column.
pub(crate) struct SegmentTally {
    columns: Vec<(Option<StrColumn>, Vec<u32>)>,
    block: Vec<DocId>,
    docs_out: Vec<DocId>,
    rows: Vec<RowId>,
    ords: Vec<u64>,
}

impl SegmentTally {
    fn count(&mut self, docs: &[DocId]) {
        for (column, counts) in &mut self.columns {
            let Some(column) = column else { continue };
            let ords = column.ords();
            self.docs_out.clear();
            self.rows.clear();
            ords.index.docids_to_rowids(docs, &mut self.docs_out, &mut self.rows);
            self.ords.clear();
            self.ords.resize(self.rows.len(), 0);
            ords.values.get_vals(&self.rows, &mut self.ords);
            for &ord in &self.ords {
                if let Some(count) = counts.get_mut(ord as usize) {
                    *count += 1;
                }
            }
        }
    }
}

impl SegmentCollector for SegmentTally {
    type Fruit = Tally;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.block.push(doc);
        if self.block.len() == BLOCK {
            let block = std::mem::take(&mut self.block);
            self.count(&block);
            self.block = block;
            self.block.clear();
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.count(docs);
    }

    fn harvest(mut self) -> Tally {
        let block = std::mem::take(&mut self.block);
        self.count(&block);
        self.columns.iter().map(|(column, counts)| name_counts(column.as_ref(), counts)).collect()
    }
}

/// Turns counts per ordinal into counts per key, reading the dictionary once in order.
fn name_counts(column: Option<&StrColumn>, counts: &[u32]) -> HashMap<String, u64> {
    let mut named = HashMap::new();
    let Some(column) = column else { return named };
    let ords: Vec<u64> = (0..counts.len() as u64).filter(|&o| counts[o as usize] > 0).collect();
    let mut next = ords.iter();
    let found = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
        let Some(&ord) = next.next() else { return };
        let facet = Facet::from_encoded(bytes.to_vec()).ok();
        if let Some(key) = facet.as_ref().and_then(|f| f.to_path().get(1).map(|k| k.to_string())) {
            *named.entry(key).or_default() += u64::from(counts[ord as usize]);
        }
    });
    if !matches!(found, Ok(true)) {
        tracing::warn!("index de recherche : dictionnaire de facettes illisible, comptes incomplets");
    }
    named
}
