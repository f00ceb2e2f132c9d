//! Geography in the index: the geographic order of documents, the radius filter and the distance decay of
//! scores.
//!
//! tantivy has no geo type. Each document carries its point as `lat`/`lon` fast fields. The points
//! of a segment are read once into a table sorted by latitude (segments never change); a radius
//! filter takes the latitude band of its circle from it by binary search, then keeps the points of
//! the longitude band within the exact haversine distance.

use std::sync::Arc;

use tantivy::columnar::Column;
use tantivy::query::{BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{BitSet, DocId, Score, SegmentReader, TantivyError};

use super::schema::{LAT, LON};
use super::segment_memo::SegmentMemo;
use crate::domain::GeoPoint;

/// Distance at which the score of a hit is halved when the search has a point: the score is
/// multiplied by `1 / (1 + (km / DISTANCE_DECAY_KM)^4)`. The curve is flat nearby (0.99 at 5 km,
/// 0.94 at 10 km), steep around the constant (0.66 at 17 km, 0.26 at 26 km) and keeps ordering far
/// away (0.025 at 50 km, 0.0016 at 100 km): text relevance decides among neighbours, distance among
/// suppliers the text finds about as relevant.
pub const DISTANCE_DECAY_KM: f64 = 20.0;

/// Kilometres per degree of latitude on the sphere used by [`GeoPoint::distance_km`].
pub(crate) const KM_PER_DEGREE: f64 = 111.195;

/// Margin added to the radius for the bounding box, so that rounding never drops a point at the edge.
const PREFILTER_MARGIN: f64 = 1.01;

/// A key that keeps nearby points close when sorted: the bits of the latitude and longitude,
/// each scaled to 32 bits, interleaved (Z-order). Documents written in this order have nearby
/// suppliers under nearby document numbers, so that a search near a point, or in a département,
/// finds its matches in a few stretches of each segment and skips the rest.
pub(crate) fn z_order(point: GeoPoint) -> u64 {
    let scale = |value: f64, low: f64, span: f64| ((value - low) / span * f64::from(u32::MAX)) as u32;
    let spread = |v: u32| {
        let mut x = u64::from(v);
        x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFF;
        x = (x | (x << 8)) & 0x00FF_00FF_00FF_00FF;
        x = (x | (x << 4)) & 0x0F0F_0F0F_0F0F_0F0F;
        x = (x | (x << 2)) & 0x3333_3333_3333_3333;
        (x | (x << 1)) & 0x5555_5555_5555_5555
    };
    (spread(scale(point.lat, -90.0, 180.0)) << 1) | spread(scale(point.lon, -180.0, 360.0))
}

/// A box around a circle, in degrees, with a margin.
#[derive(Debug, Clone, Copy)]
struct BoundingBox {
    south: f64,
    north: f64,
    west: f64,
    east: f64,
}

/// The box holding every point within `radius_km` of `centre` (with [`PREFILTER_MARGIN`]), or
/// `None` when it would cross a pole or the antimeridian.
fn bounding_box(centre: GeoPoint, radius_km: f64) -> Option<BoundingBox> {
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
    Some(BoundingBox { south, north, west, east })
}

/// The points of every document of a segment, `(lat, lon, √cos lat)`, NaN where a column has no
/// value.
type SegmentPoints = Vec<(f64, f64, f64)>;

/// The point tables of the segments seen lately.
static POINTS: SegmentMemo<SegmentPoints> = SegmentMemo::new();

/// Radius of the sphere of [`KM_PER_DEGREE`], a hair under that of [`GeoPoint::distance_km`]: lower
/// bounds computed with it stay below the exact distance.
const LOWER_BOUND_RADIUS_KM: f64 = KM_PER_DEGREE * 180.0 / std::f64::consts::PI;

/// A point distances are measured from, with what [`PointColumns::min_distance_km`] needs of it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin {
    /// The point.
    pub point: GeoPoint,
    /// √cos of its latitude.
    sqrt_cos_lat: f64,
}

impl Origin {
    /// Prepares a point for many distances.
    pub(crate) fn new(point: GeoPoint) -> Origin {
        Origin { point, sqrt_cos_lat: point.lat.to_radians().cos().max(0.0).sqrt() }
    }
}

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
                .map(|doc| {
                    let lat = lat.first(doc).unwrap_or(f64::NAN);
                    (lat, lon.first(doc).unwrap_or(f64::NAN), lat.to_radians().cos().max(0.0).sqrt())
                })
                .collect())
        })?;
        Ok(PointColumns { points })
    }

    fn point(&self, doc: DocId) -> (f64, f64, f64) {
        self.points.get(doc as usize).copied().unwrap_or((f64::NAN, f64::NAN, f64::NAN))
    }

    /// The distance from `origin` to the document's point (NaN when it has none).
    pub(crate) fn distance_km(&self, origin: GeoPoint, doc: DocId) -> f64 {
        match self.point(doc) {
            (lat, lon, _) if !lat.is_nan() && !lon.is_nan() => {
                GeoPoint::new(lat, lon).map_or(f64::NAN, |p| origin.distance_km(p))
            }
            _ => f64::NAN,
        }
    }

    /// A cheap lower bound of [`PointColumns::distance_km`] (NaN when the document has no point):
    /// the larger of the distance along the meridian, which no path between the two latitudes can
    /// beat, and of a bound from the longitude difference Δλ. The haversine of the distance is at
    /// least `cos φ₁ cos φ₂ sin²(Δλ/2)`; with `asin y ≥ y` and `sin x ≥ x − x³/6`, the distance is
    /// at least `2R √(cos φ₁ cos φ₂) (x − x³/6)` for `x = Δλ/2`.
    pub(crate) fn min_distance_km(&self, origin: &Origin, doc: DocId) -> f64 {
        let (lat, lon, sqrt_cos_lat) = self.point(doc);
        let meridian = (lat - origin.point.lat).abs() * KM_PER_DEGREE;
        let mut dlon = (lon - origin.point.lon).abs();
        if dlon > 180.0 {
            dlon = 360.0 - dlon;
        }
        let x = dlon.to_radians() / 2.0;
        let parallel = 2.0 * LOWER_BOUND_RADIUS_KM * origin.sqrt_cos_lat * sqrt_cos_lat * (x - x * x * x / 6.0);
        meridian.max(parallel)
    }
}

/// The documents of a segment that have a point, sorted by latitude: `(lat, lon, doc)`.
pub(crate) type LatitudeOrder = Vec<(f64, f64, DocId)>;

/// The latitude orders of the segments seen lately.
static BY_LATITUDE: SegmentMemo<LatitudeOrder> = SegmentMemo::new();

/// The documents of a segment that have a point, sorted by latitude (read once per segment).
pub(crate) fn latitude_order(segment: &SegmentReader) -> tantivy::Result<Arc<LatitudeOrder>> {
    BY_LATITUDE.get_or_read(segment, LAT, |segment| {
        let points = PointColumns::open(segment)?;
        let mut order: LatitudeOrder = points
            .points
            .iter()
            .zip(0..)
            .filter(|((lat, lon, _), _)| !lat.is_nan() && !lon.is_nan())
            .map(|(&(lat, lon, _), doc)| (lat, lon, doc))
            .collect();
        order.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)));
        Ok(order)
    })
}

/// Keeps the documents whose point lies within `radius_km` of `centre`.
pub(crate) fn radius_filter(centre: GeoPoint, radius_km: f64) -> Box<dyn Query> {
    Box::new(WithinRadius { centre, radius_km })
}

/// The radius filter: per segment, the documents of the latitude band of the circle (read from the
/// segment's points sorted by latitude, [`BY_LATITUDE`]), then of its longitude band, then within
/// the exact distance. It matches exactly what the exact distance alone would, and costs a binary
/// search plus a pass over the band instead of a pass over postings or every document.
#[derive(Debug, Clone, Copy)]
struct WithinRadius {
    centre: GeoPoint,
    radius_km: f64,
}

impl WithinRadius {
    /// The matching documents of a segment.
    fn matching(&self, segment: &SegmentReader) -> tantivy::Result<BitSet> {
        let order = latitude_order(segment)?;
        let mut docs = BitSet::with_max_value(segment.max_doc());
        let (south, north, dlon) = match bounding_box(self.centre, self.radius_km) {
            Some(b) => (b.south, b.north, Some((b.east - b.west) / 2.0)),
            None => {
                let dlat = self.radius_km * PREFILTER_MARGIN / KM_PER_DEGREE;
                (self.centre.lat - dlat, self.centre.lat + dlat, None)
            }
        };
        let from = order.partition_point(|p| p.0 < south);
        let to = order.partition_point(|p| p.0 <= north);
        let quick = QuickDistance::new(self.centre, self.radius_km);
        for &(lat, lon, doc) in order.get(from..to).unwrap_or_default() {
            if dlon.is_some_and(|dlon| (lon - self.centre.lon).abs() > dlon) {
                continue;
            }
            let inside = quick.and_then(|q| q.within(lat, lon)).unwrap_or_else(|| {
                GeoPoint::new(lat, lon).is_some_and(|p| self.centre.distance_km(p) <= self.radius_km)
            });
            if inside {
                docs.insert(doc);
            }
        }
        Ok(docs)
    }
}

/// Largest radius, in kilometres, and largest latitude of the centre, in degrees, for which
/// [`QuickDistance`] decides; beyond, every point gets the exact distance.
const QUICK_LIMITS: (f64, f64) = (100.0, 70.0);
/// Relative margin around the radius within which [`QuickDistance`] does not decide. Within the
/// limits above, the flat approximation is off by less than 2.5 % (the cosine of the centre's
/// latitude stands for that of the point: at most half the latitude difference, 0.8°, times
/// tan 70°, plus a negligible curvature term).
const QUICK_MARGIN: f64 = 0.05;

/// Decides most points of a radius filter without trigonometry: the flat (equirectangular)
/// distance from the centre, with the cosine of the centre's latitude, clearly inside or clearly
/// outside the radius. Points near the circle are left to the exact haversine distance.
#[derive(Debug, Clone, Copy)]
struct QuickDistance {
    centre: GeoPoint,
    /// Kilometres per degree of longitude at the centre's latitude.
    km_per_degree_lon: f64,
    /// Squared distances below which a point is inside and above which it is outside.
    inside_below: f64,
    outside_above: f64,
}

impl QuickDistance {
    /// `None` when the radius or the latitude is beyond [`QUICK_LIMITS`].
    fn new(centre: GeoPoint, radius_km: f64) -> Option<QuickDistance> {
        if radius_km > QUICK_LIMITS.0 || centre.lat.abs() > QUICK_LIMITS.1 {
            return None;
        }
        Some(QuickDistance {
            centre,
            km_per_degree_lon: KM_PER_DEGREE * centre.lat.to_radians().cos(),
            inside_below: (radius_km * (1.0 - QUICK_MARGIN)).powi(2),
            outside_above: (radius_km * (1.0 + QUICK_MARGIN)).powi(2),
        })
    }

    /// `Some(true)` inside, `Some(false)` outside, `None` too close to the circle to say.
    fn within(&self, lat: f64, lon: f64) -> Option<bool> {
        let north = (lat - self.centre.lat) * KM_PER_DEGREE;
        let east = (lon - self.centre.lon) * self.km_per_degree_lon;
        let squared = north * north + east * east;
        if squared < self.inside_below {
            Some(true)
        } else if squared > self.outside_above {
            Some(false)
        } else {
            None
        }
    }
}

impl Query for WithinRadius {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(*self))
    }
}

impl Weight for WithinRadius {
    fn scorer(&self, segment: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(self.matching(segment)?), boost)))
    }

    fn explain(&self, segment: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let km = PointColumns::open(segment)?.distance_km(self.centre, doc);
        if km <= self.radius_km {
            Ok(Explanation::new("dans le rayon", 1.0))
        } else {
            Err(TantivyError::InvalidArgument(format!("document {doc} hors du rayon")))
        }
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
    fn bounding_boxes_hold_the_circle_and_refuse_poles_and_the_antimeridian() {
        for (centre, radius) in [(point(48.629, 2.441), 30.0), (point(43.6, 1.44), 5.0), (point(-21.1, 55.5), 80.0)] {
            let b = bounding_box(centre, radius).unwrap();
            for step in 0..360 {
                let bearing = f64::from(step).to_radians();
                for fraction in [0.5, 0.99, 1.0] {
                    let d = radius * fraction / KM_PER_DEGREE;
                    let p = point(
                        centre.lat + d * bearing.cos(),
                        centre.lon + d * bearing.sin() / centre.lat.to_radians().cos(),
                    );
                    if centre.distance_km(p) <= radius {
                        let inside = (b.south..=b.north).contains(&p.lat) && (b.west..=b.east).contains(&p.lon);
                        assert!(inside, "{p:?} at {radius} km of {centre:?} is outside {b:?}");
                    }
                }
            }
        }
        assert!(bounding_box(point(89.9, 0.0), 50.0).is_none());
        assert!(bounding_box(point(0.0, 179.9), 50.0).is_none());
    }

    #[test]
    fn lower_bounds_never_exceed_the_distance() {
        let mut points = Vec::new();
        for i in -18..=18 {
            for j in -36..=36 {
                points.push(point(f64::from(i) * 4.99, f64::from(j) * 4.99));
            }
        }
        for &(lat, lon) in &[(48.629, 2.441), (48.0, 1.0), (0.0, 179.0), (-80.0, -10.0), (89.0, 45.0)] {
            points.push(point(lat, lon));
            points.push(point(lat + 0.001, lon - 0.002));
        }
        let table: SegmentPoints =
            points.iter().map(|p| (p.lat, p.lon, p.lat.to_radians().cos().max(0.0).sqrt())).collect();
        let columns = PointColumns { points: Arc::new(table) };
        for origin in [point(48.629, 2.441), point(0.0, -179.5), point(-80.0, -10.0), point(89.0, 45.0)] {
            let prepared = Origin::new(origin);
            for (doc, p) in points.iter().enumerate() {
                let exact = origin.distance_km(*p);
                let bound = columns.min_distance_km(&prepared, doc as DocId);
                assert!(bound <= exact * (1.0 + 1e-12) + 1e-9, "{origin:?} → {p:?}: {bound} > {exact}");
            }
        }
        let evry = Origin::new(point(48.629, 2.441));
        let strasbourg = PointColumns { points: Arc::new(vec![(48.58, 7.75, 48.58f64.to_radians().cos().sqrt())]) };
        assert!(strasbourg.min_distance_km(&evry, 0) > 380.0);
    }

    #[test]
    fn z_order_keeps_neighbours_together() {
        let evry = z_order(point(48.629, 2.441));
        let corbeil = z_order(point(48.614, 2.482));
        let lyon = z_order(point(45.764, 4.836));
        assert!(evry.abs_diff(corbeil) < evry.abs_diff(lyon));
        assert_eq!(z_order(point(-90.0, -180.0)), 0);
        assert_eq!(z_order(point(90.0, 180.0)), u64::MAX);
    }

    #[test]
    fn quick_decisions_agree_with_the_exact_distance() {
        let mut decided = 0;
        for centre in
            [point(48.629, 2.441), point(43.6, 1.44), point(-21.1, 55.5), point(69.9, 18.9), point(-69.9, 0.0)]
        {
            for radius in [0.5, 5.0, 30.0, 99.0, 100.0] {
                let quick = QuickDistance::new(centre, radius).unwrap();
                let span = 1.2 * radius / KM_PER_DEGREE;
                for i in -60..=60 {
                    for j in -60..=60 {
                        let lat = centre.lat + span * f64::from(i) / 60.0;
                        let lon = centre.lon + span * f64::from(j) / 60.0 / centre.lat.to_radians().cos();
                        if let Some(inside) = quick.within(lat, lon) {
                            decided += 1;
                            assert_eq!(inside, centre.distance_km(point(lat, lon)) <= radius, "{lat} {lon} {radius}");
                        }
                    }
                }
            }
        }
        assert!(decided > 300_000, "{decided}");
        assert!(QuickDistance::new(point(48.6, 2.4), 150.0).is_none());
        assert!(QuickDistance::new(point(75.0, 2.4), 10.0).is_none());
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
}
