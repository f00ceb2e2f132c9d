//! The nearest suppliers of the whole index: a search with a point and nothing else (no text, no
//! filter) lists every document by distance. Rather than scoring every document, each segment's
//! points are read outwards from the point's latitude ([`latitude_order`]) until the latitude gap
//! alone rules out the rest.
//!
//! The page is the one [`score_candidates`](super::ranking::score_candidates) would give: the
//! same keys (score 1 × [`distance_decay`]), ordered by key, then segment, then document.

use std::ops::Range;

use tantivy::{DocAddress, Searcher};

use super::error::IndexError;
use super::geo::{KM_PER_DEGREE, distance_decay, latitude_order};
use super::ranking::{Candidate, Ranked};
use crate::domain::GeoPoint;

/// A candidate: its key (the decayed score), segment and document.
type Keyed = (f32, u32, u32);

/// Best first: higher key, then lower segment, then lower document.
fn best_first(a: &Keyed, b: &Keyed) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
}

/// The `page` of all live documents ranked by distance from `origin`, or `None` when the page
/// reaches documents without a point (they rank last, by document; the caller then scores every
/// document).
pub(crate) fn nearest(searcher: &Searcher, origin: GeoPoint, page: Range<usize>) -> Result<Option<Ranked>, IndexError> {
    let total = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let wanted = page.end;
    let mut best: Vec<Keyed> = Vec::with_capacity(2 * wanted + 1);
    let mut kth_key = f32::NEG_INFINITY;
    let mut placed = 0usize;
    for (ord, segment) in (0u32..).zip(searcher.segment_readers()) {
        let order = latitude_order(segment).map_err(IndexError::engine("la recherche des plus proches"))?;
        let alive = segment.alive_bitset();
        placed += order.iter().filter(|p| alive.is_none_or(|a| a.is_alive(p.2))).count();
        if wanted == 0 {
            continue;
        }
        let middle = order.partition_point(|p| p.0 < origin.lat);
        let (mut below, mut above) = (middle, middle);
        loop {
            let gap_below = below.checked_sub(1).and_then(|i| order.get(i)).map(|p| origin.lat - p.0);
            let gap_above = order.get(above).map(|p| p.0 - origin.lat);
            let (gap, index) = match (gap_below, gap_above) {
                (Some(b), Some(a)) if b <= a => (b, below - 1),
                (_, Some(a)) => (a, above),
                (Some(b), None) => (b, below - 1),
                (None, None) => break,
            };
            // Every point left is at least `gap` degrees of latitude away.
            if best.len() >= wanted && distance_decay(gap * KM_PER_DEGREE) < kth_key {
                break;
            }
            if index < below {
                below -= 1;
            } else {
                above += 1;
            }
            let Some(&(lat, lon, doc)) = order.get(index) else { break };
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                continue;
            }
            let key = GeoPoint::new(lat, lon).map_or(0.0, |p| distance_decay(origin.distance_km(p)));
            if best.len() >= wanted && key < kth_key {
                continue;
            }
            best.push((key, ord, doc));
            if best.len() >= 2 * wanted {
                best.sort_unstable_by(best_first);
                best.truncate(wanted);
                kth_key = best.last().map_or(f32::NEG_INFINITY, |k| k.0);
            }
        }
    }
    if placed < wanted.min(total) {
        return Ok(None);
    }
    best.sort_unstable_by(best_first);
    let candidates = best
        .into_iter()
        .take(wanted)
        .skip(page.start)
        .map(|(score, ord, doc)| Candidate { address: DocAddress::new(ord, doc), score })
        .collect();
    Ok(Some(Ranked { total, candidates, tally: None }))
}
