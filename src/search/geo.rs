//! Geography in the index: where a supplier is placed, geohash cells, the radius filter and the
//! distance decay of scores.
//!
//! tantivy has no geo type. Each document carries its point as `lat`/`lon` fast fields and the
//! geohash prefixes of the point (lengths 2 to 5) as terms. A radius filter is the cells covering
//! the circle's bounding box (a cheap union of term queries) AND an exact haversine predicate on the
//! fast fields (tech-notes §1.5).

use std::ops::RangeInclusive;
use std::sync::Arc;

use tantivy::columnar::Column;
use tantivy::query::doc_predicate_query::{DocPredicateQuery, FunctionPredicate};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, SegmentReader, Term};

use super::schema::{Fields, LAT, LON};
use super::segment_memo::SegmentMemo;
use crate::domain::{Commune, Gazetteer, GeoPoint, Supplier};

/// Distance at which the score of a hit is halved when the search has a point: the score is
/// multiplied by `1 / (1 + (km / DISTANCE_DECAY_KM)^4)`. The curve is flat nearby (0.99 at 5 km,
/// 0.94 at 10 km), steep around the constant (0.66 at 17 km, 0.26 at 26 km) and keeps ordering far
/// away (0.025 at 50 km, 0.0016 at 100 km): text relevance decides among neighbours, distance among
/// suppliers the text finds about as relevant.
pub const DISTANCE_DECAY_KM: f64 = 20.0;

/// Geohash lengths indexed for every point (length 2 ≈ 1 250 × 625 km, length 5 ≈ 4.9 × 4.9 km).
const CELL_LENGTHS: RangeInclusive<usize> = 2..=5;

/// Most cells a radius prefilter may list; the finest length that stays under it is used.
const MAX_COVERING_CELLS: usize = 48;

/// Kilometres per degree of latitude on the sphere used by [`GeoPoint::distance_km`].
const KM_PER_DEGREE: f64 = 111.195;

/// Margin added to the radius for the prefilter, so that rounding never drops a point at the edge.
const PREFILTER_MARGIN: f64 = 1.01;

/// Where a supplier is put on the map: its site, else the centre of its commune (INSEE code,
/// then post code), else the centre of its département.
pub(crate) fn place(supplier: &Supplier, gazetteer: &Gazetteer) -> Option<GeoPoint> {
    supplier
        .location
        .or_else(|| commune_of(supplier, gazetteer).map(|c| c.centre))
        .or_else(|| gazetteer.department(&supplier.department).map(|d| d.centre))
}

/// The supplier's commune: by its INSEE code, else the commune of its post code in its département.
pub(crate) fn commune_of<'g>(supplier: &Supplier, gazetteer: &'g Gazetteer) -> Option<&'g Commune> {
    supplier.commune_insee.as_deref().and_then(|c| gazetteer.commune(c)).or_else(|| {
        gazetteer.communes_by_post_code(&supplier.post_code).into_iter().find(|c| c.department == supplier.department)
    })
}

/// Width and height of a geohash cell of this length, in degrees.
fn cell_size(len: usize) -> (f64, f64) {
    let bits = 5 * len as i32;
    let lon_bits = (bits + 1) / 2;
    let lat_bits = bits / 2;
    (360.0 / 2f64.powi(lon_bits), 180.0 / 2f64.powi(lat_bits))
}

fn encode(lat: f64, lon: f64, len: usize) -> Option<String> {
    geohash::encode(geohash::Coord { x: lon, y: lat }, len).ok()
}

/// The geohash prefixes indexed for a point.
pub(crate) fn cells_of(point: GeoPoint) -> Vec<String> {
    let Some(full) = encode(point.lat, point.lon, *CELL_LENGTHS.end()) else {
        return Vec::new();
    };
    CELL_LENGTHS.filter_map(|len| full.get(..len).map(str::to_string)).collect()
}

/// Cells of one length that cover the bounding box of the circle, or `None` when the circle is too
/// large for any length or crosses a pole or the antimeridian (the exact predicate then works alone).
pub(crate) fn covering_cells(centre: GeoPoint, radius_km: f64) -> Option<Vec<String>> {
    let dlat = radius_km * PREFILTER_MARGIN / KM_PER_DEGREE;
    let (south, north) = (centre.lat - dlat, centre.lat + dlat);
    if south <= -90.0 || north >= 90.0 {
        return None;
    }
    let widest = south.abs().max(north.abs()).to_radians().cos();
    let dlon = radius_km * PREFILTER_MARGIN / (KM_PER_DEGREE * widest);
    let (west, east) = (centre.lon - dlon, centre.lon + dlon);
    if west <= -180.0 || east >= 180.0 {
        return None;
    }
    CELL_LENGTHS.rev().find_map(|len| {
        let (w, h) = cell_size(len);
        let cols = ((west + 180.0) / w).floor() as i64..=((east + 180.0) / w).floor() as i64;
        let rows = ((south + 90.0) / h).floor() as i64..=((north + 90.0) / h).floor() as i64;
        let count = (cols.end() - cols.start() + 1) * (rows.end() - rows.start() + 1);
        if count as usize > MAX_COVERING_CELLS {
            return None;
        }
        let mut cells = Vec::with_capacity(count as usize);
        for r in rows {
            for c in cols.clone() {
                let lat = -90.0 + (r as f64 + 0.5) * h;
                let lon = -180.0 + (c as f64 + 0.5) * w;
                cells.push(encode(lat, lon, len)?);
            }
        }
        Some(cells)
    })
}

/// The points of every document of a segment, `(lat, lon)`, NaN where a column has no value.
type SegmentPoints = Vec<(f64, f64)>;

/// The point tables of the segments seen lately.
static POINTS: SegmentMemo<SegmentPoints> = SegmentMemo::new();

/// The points of one segment, read once from the `lat`/`lon` fast fields.
pub(crate) struct PointColumns {
    points: Arc<SegmentPoints>,
}

impl PointColumns {
    /// Opens the points of a segment.
    pub(crate) fn open(segment: &SegmentReader) -> tantivy::Result<PointColumns> {
        let points = POINTS.get_or_read(segment, LAT, |segment| {
            let (lat, lon): (Column<f64>, Column<f64>) =
                (segment.fast_fields().f64(LAT)?, segment.fast_fields().f64(LON)?);
            Ok((0..segment.max_doc())
                .map(|doc| (lat.first(doc).unwrap_or(f64::NAN), lon.first(doc).unwrap_or(f64::NAN)))
                .collect())
        })?;
        Ok(PointColumns { points })
    }

    fn point(&self, doc: DocId) -> (f64, f64) {
        self.points.get(doc as usize).copied().unwrap_or((f64::NAN, f64::NAN))
    }

    /// The distance from `origin` to the document's point (NaN when it has none).
    pub(crate) fn distance_km(&self, origin: GeoPoint, doc: DocId) -> f64 {
        match self.point(doc) {
            (lat, lon) if !lat.is_nan() && !lon.is_nan() => {
                GeoPoint::new(lat, lon).map_or(f64::NAN, |p| origin.distance_km(p))
            }
            _ => f64::NAN,
        }
    }

    /// A cheap lower bound of [`PointColumns::distance_km`]: the distance along the meridian, which
    /// no path between the two latitudes can beat (NaN when the document has no point).
    pub(crate) fn min_distance_km(&self, origin: GeoPoint, doc: DocId) -> f64 {
        (self.point(doc).0 - origin.lat).abs() * KM_PER_DEGREE
    }
}

/// Keeps the documents whose point lies within `radius_km` of `centre`.
pub(crate) fn radius_filter(fields: &Fields, centre: GeoPoint, radius_km: f64) -> Box<dyn Query> {
    let predicate = FunctionPredicate::from(move |segment: &SegmentReader| {
        let points = PointColumns::open(segment)?;
        Ok(move |doc: DocId| points.distance_km(centre, doc) <= radius_km)
    });
    let exact: Box<dyn Query> = Box::new(DocPredicateQuery::from(predicate));
    match covering_cells(centre, radius_km) {
        Some(cells) => {
            let cells: Vec<Box<dyn Query>> = cells
                .iter()
                .map(|c| {
                    let term = Term::from_field_text(fields.geocell, c);
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>
                })
                .collect();
            Box::new(BooleanQuery::new(vec![(Occur::Must, Box::new(BooleanQuery::union(cells))), (Occur::Must, exact)]))
        }
        None => exact,
    }
}

/// The factor a score is multiplied by at this distance (1 at the point, ½ at [`DISTANCE_DECAY_KM`]).
pub(crate) fn distance_decay(km: f64) -> f32 {
    if km.is_finite() && km >= 0.0 { (1.0 / (1.0 + decay_denominator_excess(km))) as f32 } else { 0.0 }
}

/// `1 / distance_decay(km) - 1`: how much the decay divides the score beyond 1.
fn decay_denominator_excess(km: f64) -> f64 {
    (km / DISTANCE_DECAY_KM).powi(4)
}

/// Whether `score × distance_decay(km)` could exceed `threshold`, without a division (this runs for
/// every candidate of a search with a point). False when the distance is unknown.
pub(crate) fn decayed_score_exceeds(score: f32, km: f64, threshold: f32) -> bool {
    km >= 0.0 && f64::from(score) > f64::from(threshold) * (1.0 + decay_denominator_excess(km))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(lat: f64, lon: f64) -> GeoPoint {
        GeoPoint::new(lat, lon).unwrap()
    }

    #[test]
    fn cell_sizes_match_geohash() {
        assert_eq!(cell_size(2), (11.25, 5.625));
        assert_eq!(cell_size(4), (0.3515625, 0.17578125));
        assert_eq!(cells_of(point(48.629, 2.441)), vec!["u0", "u09", "u09s", "u09sx"]);
    }

    #[test]
    fn covering_cells_contain_every_point_of_the_circle() {
        for (centre, radius) in [(point(48.629, 2.441), 30.0), (point(43.6, 1.44), 5.0), (point(-21.1, 55.5), 80.0)] {
            let cells = covering_cells(centre, radius).unwrap();
            assert!(cells.len() <= MAX_COVERING_CELLS);
            let len = cells[0].len();
            for step in 0..360 {
                let bearing = f64::from(step).to_radians();
                for fraction in [0.5, 0.99] {
                    let d = radius * fraction / KM_PER_DEGREE;
                    let p = point(
                        centre.lat + d * bearing.cos(),
                        centre.lon + d * bearing.sin() / centre.lat.to_radians().cos(),
                    );
                    if centre.distance_km(p) <= radius {
                        let cell = encode(p.lat, p.lon, len).unwrap();
                        assert!(cells.contains(&cell), "{p:?} at {radius} km of {centre:?} is outside the cells");
                    }
                }
            }
        }
    }

    #[test]
    fn huge_or_polar_circles_have_no_prefilter() {
        assert!(covering_cells(point(48.6, 2.4), 5000.0).is_none());
        assert!(covering_cells(point(89.9, 0.0), 50.0).is_none());
        assert!(covering_cells(point(0.0, 179.9), 50.0).is_none());
    }

    #[test]
    fn the_division_free_bound_agrees_with_the_decay() {
        for km in [0.0, 0.5, 3.0, 12.0, 19.9, 20.0, 26.0, 80.0, 600.0] {
            for (score, threshold) in [(1.0f32, 0.5f32), (2.5, 0.9), (0.3, 0.29), (7.0, 0.01)] {
                let exact = f64::from(score) * f64::from(distance_decay(km)) > f64::from(threshold);
                let margin = (f64::from(score * distance_decay(km)) - f64::from(threshold)).abs();
                if margin > 1e-5 {
                    assert_eq!(decayed_score_exceeds(score, km, threshold), exact, "{km} {score} {threshold}");
                }
            }
        }
        assert!(!decayed_score_exceeds(1.0, f64::NAN, 0.0));
    }

    #[test]
    fn decay_halves_at_the_constant() {
        assert_eq!(distance_decay(0.0), 1.0);
        assert!((distance_decay(DISTANCE_DECAY_KM) - 0.5).abs() < 1e-6);
        assert!(distance_decay(5.0) > 0.99 && distance_decay(30.0) < 0.2);
        assert!(distance_decay(800.0) > 0.0 && distance_decay(800.0) < distance_decay(700.0));
        assert_eq!(distance_decay(f64::NAN), 0.0);
    }

    #[test]
    fn suppliers_without_coordinates_are_placed_at_commune_post_code_or_department() {
        let extra = Commune {
            insee: "91174".into(),
            name: "Corbeil-Essonnes".into(),
            post_codes: vec!["91100".into()],
            department: "91".into(),
            centre: point(48.61, 2.48),
        };
        let g = Gazetteer::with_communes(vec![extra]);
        let record = serde_json::json!({"siret": "80746931700018", "name": "X", "kinds": ["EI"],
            "post_code": "91100", "city": "Corbeil", "department": "91"});
        let mut s = Supplier::from_record(record.as_object().unwrap(), &g).unwrap();
        assert_eq!(place(&s, &g), Some(point(48.61, 2.48)));
        s.commune_insee = Some("91228".into());
        assert_eq!(place(&s, &g), Some(point(48.629, 2.441)));
        s.commune_insee = None;
        s.post_code = "91999".into();
        assert_eq!(place(&s, &g), Some(g.department("91").unwrap().centre));
        s.location = Some(point(48.0, 2.0));
        assert_eq!(place(&s, &g), Some(point(48.0, 2.0)));
    }
}
