//! Counting facet values over every match.
//!
//! tantivy's `FacetCollector` reads the facet columns one document at a time and names every
//! ordinal it met, which dominates a search that matches much of the catalogue. Segments never
//! change once written, so the keys of each document are read from the columns once per segment
//! ([`SegmentKeys`], remembered by [`SegmentMemo`]) and a search only adds up small integers.
//!
//! Every facet of the index keeps its key at the second step of its path (`/family/CODE`,
//! `/family/sector`, `/region/département/…`), so counts are keyed by that step. A document counts
//! once per facet value it holds, as the facet columns store them.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::segment_memo::SegmentMemo;

/// Per counted field, the number of matching documents per key.
pub(crate) type Tally = Vec<HashMap<String, u64>>;

/// The key tables of the segments seen lately.
static TABLES: SegmentMemo<SegmentKeys> = SegmentMemo::new();

/// The keys one facet field gives the documents of one segment.
#[derive(Debug, Default)]
pub(crate) struct SegmentKeys {
    /// The distinct keys, indexed by key number.
    keys: Vec<String>,
    /// Where the key numbers of document `d` start in `values` (`starts[d]..starts[d + 1]`).
    starts: Vec<u32>,
    /// Key numbers of the facet values of every document, in document order.
    values: Vec<u32>,
}

impl SegmentKeys {
    /// Reads the keys of every document of a segment from a facet column.
    fn read(column: Option<&StrColumn>, max_doc: DocId) -> SegmentKeys {
        let Some(column) = column else {
            return SegmentKeys { keys: Vec::new(), starts: vec![0; max_doc as usize + 1], values: Vec::new() };
        };
        let (keys, key_of_ord) = name_ordinals(column);
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut values = Vec::with_capacity(max_doc as usize);
        starts.push(0);
        for doc in 0..max_doc {
            for ord in column.ords().values_for_doc(doc) {
                if let Some(&Some(key)) = key_of_ord.get(ord as usize) {
                    values.push(key);
                }
            }
            starts.push(u32::try_from(values.len()).unwrap_or(u32::MAX));
        }
        SegmentKeys { keys, starts, values }
    }

    /// The table of this field in this segment, read once and then remembered.
    fn of(reader: &SegmentReader, field: &'static str) -> tantivy::Result<Arc<SegmentKeys>> {
        TABLES.get_or_read(reader, field, |reader| {
            let column = reader.fast_fields().str(field)?;
            Ok(SegmentKeys::read(column.as_ref(), reader.max_doc()))
        })
    }

    /// The key numbers of a document.
    fn of_doc(&self, doc: DocId) -> &[u32] {
        let doc = doc as usize;
        match (self.starts.get(doc), self.starts.get(doc + 1)) {
            (Some(&from), Some(&to)) => self.values.get(from as usize..to as usize).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// The distinct keys of a column's dictionary, and the key number of each term ordinal (`None`
/// for a facet without a second step).
fn name_ordinals(column: &StrColumn) -> (Vec<String>, Vec<Option<u32>>) {
    let mut keys: Vec<String> = Vec::new();
    let mut numbers: HashMap<String, u32> = HashMap::new();
    let mut key_of_ord: Vec<Option<u32>> = Vec::with_capacity(column.num_terms());
    let ords: Vec<u64> = (0..column.num_terms() as u64).collect();
    let found = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
        let facet = Facet::from_encoded(bytes.to_vec()).ok();
        let key = facet.as_ref().and_then(|f| f.to_path().get(1).map(|k| k.to_string()));
        key_of_ord.push(key.map(|key| {
            *numbers.entry(key).or_insert_with_key(|key| {
                keys.push(key.clone());
                u32::try_from(keys.len() - 1).unwrap_or(u32::MAX)
            })
        }));
    });
    if !matches!(found, Ok(true)) {
        tracing::warn!("index de recherche : dictionnaire de facettes illisible, comptes incomplets");
    }
    (keys, key_of_ord)
}

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
            let table = SegmentKeys::of(reader, field)?;
            let counts = vec![0u32; table.keys.len()];
            columns.push((table, counts));
        }
        Ok(SegmentTally { columns })
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

/// [`FacetCounter`] on one segment: counts per key number of each field.
pub(crate) struct SegmentTally {
    columns: Vec<(Arc<SegmentKeys>, Vec<u32>)>,
}

impl SegmentTally {
    fn count(&mut self, docs: &[DocId]) {
        for (table, counts) in &mut self.columns {
            for &doc in docs {
                for &key in table.of_doc(doc) {
                    if let Some(count) = counts.get_mut(key as usize) {
                        *count += 1;
                    }
                }
            }
        }
    }
}

impl SegmentCollector for SegmentTally {
    type Fruit = Tally;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.count(&[doc]);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.count(docs);
    }

    fn harvest(self) -> Tally {
        self.columns
            .iter()
            .map(|(table, counts)| {
                table
                    .keys
                    .iter()
                    .zip(counts)
                    .filter(|&(_, &count)| count > 0)
                    .map(|(key, &count)| (key.clone(), u64::from(count)))
                    .collect()
            })
            .collect()
    }
}
