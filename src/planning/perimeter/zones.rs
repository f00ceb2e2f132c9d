//! Grouping many communes into a few geographic zones: farthest-point seeds, then a few rounds of
//! nearest-centre assignment (k-means). Deterministic: the same communes give the same zones.

use super::{Part, mean_point};
use crate::domain::geo::{GeoPoint, UnitVector};

/// The identifier of a zone is this prefix and its number.
pub(crate) const ZONE_PREFIX: &str = "zone-";

/// Rounds of reassignment after seeding; zones of communes settle in a handful.
const ROUNDS: usize = 8;

/// Groups `parts` (communes) into at most `count` zones named `zone-1`, `zone-2`… from north to south.
pub(super) fn group_into_zones(parts: Vec<Part>, count: usize) -> Vec<Part> {
    let points: Vec<GeoPoint> = parts.iter().map(|p| p.centre).collect();
    let clusters = cluster(&points, count);
    let mut slots: Vec<Option<Part>> = parts.into_iter().map(Some).collect();
    clusters
        .into_iter()
        .enumerate()
        .map(|(i, members)| zone(i + 1, members.into_iter().filter_map(|m| slots[m].take()).collect()))
        .collect()
}

/// Splits points into at most `count` geographic clusters (indices into `points`), none empty,
/// ordered from north to south.
pub(crate) fn cluster(points: &[GeoPoint], count: usize) -> Vec<Vec<usize>> {
    let mut centres = seeds(points, count.max(1));
    let mut assignment = vec![0usize; points.len()];
    let at: Vec<UnitVector> = points.iter().map(|p| p.unit_vector()).collect();
    for _ in 0..ROUNDS {
        let centres_at: Vec<UnitVector> = centres.iter().map(|c| c.unit_vector()).collect();
        for (i, p) in at.iter().enumerate() {
            assignment[i] = nearest(*p, &centres_at);
        }
        // Each zone's members summed in the order of the points, as `mean_point` would.
        let mut sums = vec![(0.0_f64, 0.0_f64, 0usize); centres.len()];
        for (p, &z) in points.iter().zip(&assignment) {
            let sum = &mut sums[z];
            sum.0 += p.lat;
            sum.1 += p.lon;
            sum.2 += 1;
        }
        for (centre, (lat, lon, n)) in centres.iter_mut().zip(sums) {
            if n > 0 {
                *centre = GeoPoint { lat: lat / n as f64, lon: lon / n as f64 };
            }
        }
    }
    let mut clusters: Vec<Vec<usize>> = vec![Vec::new(); centres.len()];
    for (i, z) in assignment.into_iter().enumerate() {
        clusters[z].push(i);
    }
    clusters.retain(|c| !c.is_empty());
    let lat = |c: &Vec<usize>| mean_point(c.iter().map(|&i| points[i])).lat;
    clusters.sort_by(|a, b| lat(b).total_cmp(&lat(a)));
    clusters
}

fn zone(number: usize, members: Vec<Part>) -> Part {
    let centre = mean_point(members.iter().map(|p| p.centre));
    let names: Vec<&str> = members.iter().flat_map(|p| p.spots.iter()).map(|s| s.name.as_str()).collect();
    let shown = names.iter().take(3).copied().collect::<Vec<_>>().join(", ");
    let label = if names.len() > 3 {
        format!("Zone {number} : {shown}… ({} communes)", names.len())
    } else {
        format!("Zone {number} : {shown}")
    };
    let area = members.iter().flat_map(|p| p.area.iter().cloned()).collect();
    let spots = members.into_iter().flat_map(|p| p.spots).collect();
    Part { id: format!("{ZONE_PREFIX}{number}"), label, spots, centre, area }
}

/// Farthest-point seeding: the part farthest from the mean, then repeatedly the part farthest from
/// every seed chosen so far (each point's distance to the nearest seed kept as seeds are added).
fn seeds(points: &[GeoPoint], count: usize) -> Vec<GeoPoint> {
    let mean = mean_point(points.iter().copied());
    let mut chosen: Vec<GeoPoint> = Vec::new();
    let first = points.iter().copied().max_by(|a, b| a.distance_km(mean).total_cmp(&b.distance_km(mean)));
    let Some(first) = first else { return chosen };
    chosen.push(first);
    let mut to_set: Vec<f64> = points.iter().map(|p| p.distance_km(first)).collect();
    while chosen.len() < count.min(points.len()) {
        let next = to_set.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map(|(i, d)| (points[i], *d));
        match next {
            Some((p, d)) if d > 0.0 => {
                chosen.push(p);
                for (q, kept) in points.iter().zip(to_set.iter_mut()) {
                    *kept = kept.min(q.distance_km(p));
                }
            }
            _ => break,
        }
    }
    chosen
}

/// The centre nearest to `p` (the first of equals).
fn nearest(p: UnitVector, centres: &[UnitVector]) -> usize {
    centres.iter().map(|c| p.chord(*c)).enumerate().min_by(|a, b| a.1.total_cmp(&b.1)).map_or(0, |(i, _)| i)
}
