//! Scoring candidates: runs a prepared query once, keeping the best documents of a page, the
//! total number of matches and, when asked, the facet counts over all of them.
//!
//! Order of the hits:
//! - with a point: BM25 (or 1 for an empty text) × [`distance_decay`], so an empty text lists by distance;
//! - without a point: BM25, or by name for an empty text.

use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::collector::sort_key::{Comparator, NaturalComparator};
use tantivy::collector::{Collector, Count, SegmentSortKeyComputer, SortKeyComputer, TopDocs, TopNComputer};
use tantivy::columnar::StrColumn;
use tantivy::query::{AllQuery, Query};
use tantivy::{DocAddress, DocId, Order, Score, Searcher, SegmentReader};

use super::error::IndexError;
use super::facet_count::{FacetCounter, Tally};
use super::facets::counter;
use super::geo::{Origin, PointColumns, decayed_score_exceeds, distance_decay};
use super::nearest::nearest;
use super::query::PreparedQuery;
use super::schema::NAME_SORT;
use super::segment_memo::SegmentMemo;
use crate::domain::GeoPoint;

/// A matching document and its final score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Candidate {
    /// Where the document is.
    pub address: DocAddress,
    /// Its score after the distance decay, when there is a point.
    pub score: f32,
}

/// The best candidates of a page among all matches.
#[derive(Debug, Clone)]
pub(crate) struct Ranked {
    /// Number of matching documents.
    pub total: usize,
    /// The page, best first.
    pub candidates: Vec<Candidate>,
    /// Facet counts over all matches, when asked.
    pub tally: Option<Tally>,
}

/// Ranks the documents matching `prepared` and keeps the `page` (a range of ranks); counts facets
/// over every match when `count_facets` is set. A point without text nor filter lists the whole
/// index by distance: its nearest documents are found from the points directly ([`nearest`]).
pub(crate) fn score_candidates(
    searcher: &Searcher,
    prepared: &PreparedQuery,
    page: Range<usize>,
    count_facets: bool,
) -> Result<Ranked, IndexError> {
    if let Some(origin) = prepared.filters.near
        && prepared.lists_everything()
        && prepared.filters.keep_everything()
        && !count_facets
        && let Some(ranked) = nearest(searcher, origin, page.clone())?
    {
        return Ok(ranked);
    }
    let limit = page.end.saturating_sub(page.start);
    let top = (limit > 0).then(|| TopDocs::with_limit(limit).and_offset(page.start));
    let query = prepared.query.as_ref();
    let counter = count_facets.then(counter);
    let (candidates, total, tally) = match prepared.filters.near {
        Some(origin) => {
            let top = top.map(|t| t.order_by(DecayedByDistance { origin }));
            collect(searcher, query, top, counter, |score| score)?
        }
        None if prepared.lists_everything() => {
            let top = top.map(|t| t.order_by((ByName, Order::Asc)));
            collect(searcher, query, top, counter, |_| 1.0)?
        }
        None => collect(searcher, query, top.map(TopDocs::order_by_score), counter, |score| score)?,
    };
    Ok(Ranked { total, candidates, tally })
}

/// The facet counts of the whole index, computed once per reader generation: a search without text
/// nor filter (the first page of a catalogue) matches everything, and counting every document is
/// most of its cost.
#[derive(Default)]
pub(crate) struct WholeIndexFacets {
    cached: Mutex<Option<(u64, Tally)>>,
}

impl WholeIndexFacets {
    /// The counts for this searcher's generation.
    pub(crate) fn tally(&self, searcher: &Searcher) -> Result<Tally, IndexError> {
        let generation = searcher.generation().generation_id();
        let mut cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((g, tally)) = cached.as_ref()
            && *g == generation
        {
            return Ok(tally.clone());
        }
        let tally = searcher.search(&AllQuery, &counter()).map_err(IndexError::engine("le comptage des facettes"))?;
        *cached = Some((generation, tally.clone()));
        Ok(tally)
    }
}

/// Runs the query once with the page, count and facet collectors.
fn collect<K, C>(
    searcher: &Searcher,
    query: &dyn Query,
    top: Option<C>,
    facet_counter: Option<FacetCounter>,
    score_of: impl Fn(K) -> Score,
) -> Result<(Vec<Candidate>, usize, Option<Tally>), IndexError>
where
    C: Collector<Fruit = Vec<(K, DocAddress)>>,
{
    let (top, total, counts) =
        searcher.search(query, &(top, Count, facet_counter)).map_err(IndexError::engine("la recherche"))?;
    let candidates =
        top.unwrap_or_default().into_iter().map(|(key, address)| Candidate { address, score: score_of(key) }).collect();
    Ok((candidates, total, counts))
}

/// Sort key: the relevance score multiplied by the distance decay from a point.
struct DecayedByDistance {
    origin: GeoPoint,
}

impl SortKeyComputer for DecayedByDistance {
    type SortKey = Score;
    type Child = DecayedSegment;
    type Comparator = NaturalComparator;

    fn requires_scoring(&self) -> bool {
        true
    }

    fn segment_sort_key_computer(&self, segment: &SegmentReader) -> tantivy::Result<DecayedSegment> {
        Ok(DecayedSegment { origin: Origin::new(self.origin), points: PointColumns::open(segment)? })
    }
}

/// [`DecayedByDistance`] on one segment.
struct DecayedSegment {
    origin: Origin,
    points: PointColumns,
}

impl SegmentSortKeyComputer for DecayedSegment {
    type SortKey = Score;
    type SegmentSortKey = Score;
    type SegmentComparator = NaturalComparator;

    fn segment_sort_key(&mut self, doc: DocId, score: Score) -> Score {
        score * distance_decay(self.points.distance_km(self.origin.point, doc))
    }

    /// Skips the exact distance when even a lower bound of it (from the latitude and longitude
    /// differences) could not let the document enter the page: the top-n computer drops keys at
    /// or below its threshold anyway.
    fn compute_sort_key_and_collect<C: Comparator<Score>>(
        &mut self,
        doc: DocId,
        score: Score,
        top_n_computer: &mut TopNComputer<Score, DocId, C>,
    ) {
        if let Some(threshold) = top_n_computer.threshold
            && !decayed_score_exceeds(score, self.points.min_distance_km(&self.origin, doc), threshold)
        {
            return;
        }
        top_n_computer.push(self.segment_sort_key(doc, score), doc);
    }

    fn convert_segment_sort_key(&self, sort_key: Score) -> Score {
        sort_key
    }
}

/// The term ordinal of every document's folded name in a segment (`None` without one).
type NameOrdinals = Vec<Option<u64>>;

/// The name ordinals of the segments seen lately.
static NAME_ORDINALS: SegmentMemo<NameOrdinals> = SegmentMemo::new();

/// Sort key: the folded name (the `name_sort` fast field), as tantivy's string sort computes it,
/// with the ordinals of each segment read once.
struct ByName;

impl SortKeyComputer for ByName {
    type SortKey = Option<String>;
    type Child = ByNameSegment;
    type Comparator = NaturalComparator;

    fn segment_sort_key_computer(&self, segment: &SegmentReader) -> tantivy::Result<ByNameSegment> {
        let column = segment.fast_fields().str(NAME_SORT)?;
        let ordinals = NAME_ORDINALS.get_or_read(segment, NAME_SORT, |segment| {
            Ok((0..segment.max_doc()).map(|doc| column.as_ref().and_then(|c| c.ords().first(doc))).collect())
        })?;
        Ok(ByNameSegment { column, ordinals })
    }
}

/// [`ByName`] on one segment.
struct ByNameSegment {
    column: Option<StrColumn>,
    ordinals: Arc<NameOrdinals>,
}

impl SegmentSortKeyComputer for ByNameSegment {
    type SortKey = Option<String>;
    type SegmentSortKey = Option<u64>;
    type SegmentComparator = NaturalComparator;

    fn segment_sort_key(&mut self, doc: DocId, _: Score) -> Option<u64> {
        self.ordinals.get(doc as usize).copied().flatten()
    }

    fn convert_segment_sort_key(&self, ordinal: Option<u64>) -> Option<String> {
        let mut bytes = Vec::new();
        self.column.as_ref()?.dictionary().ord_to_term(ordinal?, &mut bytes).ok()?;
        String::try_from(bytes).ok()
    }
}
