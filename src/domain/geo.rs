//! Points on the Earth and distances between them.

use serde::{Deserialize, Serialize};

/// Mean Earth radius used by the haversine formula, in kilometres.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A WGS 84 point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
}

impl GeoPoint {
    /// A point, when both coordinates are in range.
    pub fn new(lat: f64, lon: f64) -> Option<Self> {
        let valid =
            lat.is_finite() && lon.is_finite() && (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon);
        valid.then_some(GeoPoint { lat, lon })
    }

    /// Great-circle distance in kilometres (haversine).
    pub fn distance_km(self, other: GeoPoint) -> f64 {
        let (la1, la2) = (self.lat.to_radians(), other.lat.to_radians());
        let dla = la2 - la1;
        let dlo = (other.lon - self.lon).to_radians();
        let a = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
    }

    /// The point as a unit vector from the Earth's centre, to compare many distances cheaply.
    pub fn unit_vector(self) -> UnitVector {
        let (lat, lon) = (self.lat.to_radians(), self.lon.to_radians());
        UnitVector { x: lat.cos() * lon.cos(), y: lat.cos() * lon.sin(), z: lat.sin() }
    }
}

/// A point of the sphere as a unit vector. The squared chord between two of them takes three
/// multiplications and orders points as their great-circle distance does; [`Chord::km`] turns it
/// into that distance (the haversine distance: `sin²(θ/2)` is a quarter of the squared chord).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitVector {
    x: f64,
    y: f64,
    z: f64,
}

impl UnitVector {
    /// The squared chord to another point.
    pub fn chord(self, other: UnitVector) -> Chord {
        let (dx, dy, dz) = (self.x - other.x, self.y - other.y, self.z - other.z);
        Chord(dx * dx + dy * dy + dz * dz)
    }
}

/// A squared chord between two points of the unit sphere.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Chord(f64);

impl Chord {
    /// The squared chord of a great-circle distance (clamped to half the circumference).
    pub fn of_km(km: f64) -> Chord {
        let half_angle = (km.max(0.0) / (2.0 * EARTH_RADIUS_KM)).min(std::f64::consts::FRAC_PI_2);
        Chord((2.0 * half_angle.sin()).powi(2))
    }

    /// Orders two chords (never NaN: built from unit vectors or distances).
    pub fn total_cmp(&self, other: &Chord) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }

    /// The great-circle distance in kilometres.
    pub fn km(self) -> f64 {
        2.0 * EARTH_RADIUS_KM * (self.0.max(0.0).sqrt() / 2.0).min(1.0).asin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chords_give_the_haversine_distance() {
        let paris = GeoPoint::new(48.8566, 2.3522).unwrap();
        for (lat, lon) in [(45.764, 4.8357), (48.86, 2.36), (43.2965, 5.3698), (-33.9, 151.2), (48.8566, 2.3522)] {
            let other = GeoPoint::new(lat, lon).unwrap();
            let km = paris.unit_vector().chord(other.unit_vector()).km();
            assert!((km - paris.distance_km(other)).abs() < 1e-6, "{km} vs {}", paris.distance_km(other));
            assert!((Chord::of_km(km).km() - km).abs() < 1e-6);
        }
        let near = paris.unit_vector().chord(GeoPoint::new(48.9, 2.4).unwrap().unit_vector());
        assert!(near < Chord::of_km(10.0) && near > Chord::of_km(5.0));
    }

    #[test]
    fn paris_to_lyon_is_about_392_km() {
        let paris = GeoPoint::new(48.8566, 2.3522).unwrap();
        let lyon = GeoPoint::new(45.764, 4.8357).unwrap();
        let d = paris.distance_km(lyon);
        assert!((d - 392.0).abs() < 5.0, "{d}");
    }

    #[test]
    fn rejects_out_of_range() {
        assert!(GeoPoint::new(91.0, 0.0).is_none());
        assert!(GeoPoint::new(f64::NAN, 0.0).is_none());
    }
}
