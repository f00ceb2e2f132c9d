//! Whether a supplier reaches a place: the one rule that matching and planning both apply.
//!
//! A supplier works in a [`WorkZone`]: within a radius of its site (50 km when it says nothing), in
//! listed départements or régions, or everywhere. A place is a list of [`Area`]s, each made of
//! [`Spot`]s (a commune, a département known by its centre, or a circle). The rule:
//! - a supplier **reaches a spot** when its zone is national; when the spot lies in one of its listed
//!   régions; when the spot lies in its home département or one of its listed départements; or,
//!   working within a radius, when the spot lies in its home département or within the radius of its
//!   site (a circle's radius is added to the supplier's);
//! - it **reaches an area** when it reaches every spot of it (a zone of several communes must be
//!   served whole);
//! - it **reaches a place** when it reaches one of its areas (a supplier that works in part of a
//!   perimeter is a candidate for it).
//!
//! The home-département clause says that a local structure serves its whole département, as the
//! SIAE and EA of a département do in practice, whatever radius its record states.

use super::geo::{Chord, GeoPoint, UnitVector};
use super::supplier::{DEFAULT_INTERVENTION_RADIUS_KM, Intervention, Supplier};
use super::territory::Gazetteer;

/// Départements and régions as bits (each the bit of its position in the gazetteer), so that a
/// territorial test is a few machine operations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Territories {
    departments: u128,
    regions: u64,
}

impl Territories {
    /// The set of these départements and régions (codes the gazetteer does not know are left out).
    pub fn new<'a>(
        departments: impl IntoIterator<Item = &'a str>,
        regions: impl IntoIterator<Item = &'a str>,
        gazetteer: &Gazetteer,
    ) -> Territories {
        let mut set = Territories::default();
        for position in departments.into_iter().filter_map(|d| gazetteer.department_position(d)) {
            set.departments |= 1u128.checked_shl(position as u32).unwrap_or(0);
        }
        for position in regions.into_iter().filter_map(|r| gazetteer.region_position(r)) {
            set.regions |= 1u64.checked_shl(position as u32).unwrap_or(0);
        }
        set
    }

    /// These départements with their régions.
    pub fn of_departments<'a>(departments: impl IntoIterator<Item = &'a str>, gazetteer: &Gazetteer) -> Territories {
        let departments: Vec<&str> = departments.into_iter().collect();
        let regions = departments.iter().filter_map(|d| gazetteer.department(d)).map(|d| d.region.as_str());
        Territories::new(departments.iter().copied(), regions, gazetteer)
    }

    /// True when both sets hold a common département.
    pub fn share_a_department(self, other: Territories) -> bool {
        self.departments & other.departments != 0
    }

    /// True when both sets hold a common région.
    pub fn share_a_region(self, other: Territories) -> bool {
        self.regions & other.regions != 0
    }

    /// The positions of its départements in [`Gazetteer::departments`].
    pub fn department_positions(self) -> impl Iterator<Item = usize> {
        (0..128).filter(move |i| self.departments >> i & 1 == 1)
    }

    /// The positions of its régions in [`Gazetteer::regions`].
    pub fn region_positions(self) -> impl Iterator<Item = usize> {
        (0..64).filter(move |i| self.regions >> i & 1 == 1)
    }

    /// Both sets together.
    pub fn union(self, other: Territories) -> Territories {
        Territories { departments: self.departments | other.departments, regions: self.regions | other.regions }
    }
}

/// The kind of zone a supplier works in.
#[derive(Debug, Clone, PartialEq)]
pub enum Zone {
    /// Within this many kilometres of its site (the default radius when it says nothing).
    Radius(f64),
    /// In these départements.
    Departments(Vec<String>),
    /// In these régions (INSEE codes).
    Regions(Vec<String>),
    /// Everywhere.
    National,
}

/// Where a supplier works, resolved against the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkZone {
    /// The kind of zone.
    pub zone: Zone,
    /// Its site as a unit vector ([`Supplier::point`]), when known.
    pub site: Option<UnitVector>,
    /// Its home département and région.
    pub home: Territories,
    /// The départements or régions its zone lists (none for a radius or the whole country).
    pub listed: Territories,
}

impl WorkZone {
    /// The zone of a supplier.
    pub fn of(supplier: &Supplier, gazetteer: &Gazetteer) -> WorkZone {
        let zone = match &supplier.intervention {
            Intervention::Default => Zone::Radius(DEFAULT_INTERVENTION_RADIUS_KM),
            Intervention::RadiusKm(km) => Zone::Radius(*km),
            Intervention::Departments(d) => Zone::Departments(d.clone()),
            Intervention::Regions(r) => Zone::Regions(r.clone()),
            Intervention::National => Zone::National,
        };
        let listed = match &zone {
            Zone::Departments(list) => Territories::new(list.iter().map(String::as_str), [], gazetteer),
            Zone::Regions(list) => Territories::new([], list.iter().map(String::as_str), gazetteer),
            Zone::Radius(_) | Zone::National => Territories::default(),
        };
        WorkZone {
            zone,
            site: supplier.point(gazetteer).map(GeoPoint::unit_vector),
            home: Territories::of_departments([supplier.department.as_str()], gazetteer),
            listed,
        }
    }

    /// True when it reaches the spot.
    pub fn reaches_spot(&self, spot: &Spot) -> bool {
        match &self.zone {
            Zone::National => true,
            Zone::Regions(_) => spot.territories.share_a_region(self.listed),
            Zone::Departments(_) => spot.territories.share_a_department(self.home.union(self.listed)),
            Zone::Radius(km) => {
                spot.territories.share_a_department(self.home) || spot.distance_km(self.site).is_some_and(|d| d <= *km)
            }
        }
    }
}

/// A point of a place with the territories it lies in.
#[derive(Debug, Clone, PartialEq)]
pub struct Spot {
    /// Where it is.
    pub point: GeoPoint,
    /// The same point as a unit vector, for distances.
    pub at: UnitVector,
    /// The département(s) and région(s) it lies in (a circle may straddle several).
    pub territories: Territories,
    /// Kilometres added to a supplier's radius: a circle's own radius, 0 for a commune or a
    /// département's centre.
    pub slack_km: f64,
}

impl Spot {
    /// A spot at `point` in these départements, with their régions.
    pub fn new<'a>(
        point: GeoPoint,
        departments: impl IntoIterator<Item = &'a str>,
        slack_km: f64,
        gazetteer: &Gazetteer,
    ) -> Spot {
        let territories = Territories::of_departments(departments, gazetteer);
        Spot { point, at: point.unit_vector(), territories, slack_km }
    }

    /// Distance from a site to the spot, less its slack (never negative), when the site is known.
    pub fn distance_km(&self, site: Option<UnitVector>) -> Option<f64> {
        site.map(|s| (s.chord(self.at).km() - self.slack_km).max(0.0))
    }
}

/// Part of a place that a supplier must reach whole: one spot, or a zone of several.
pub type Area = Vec<Spot>;

/// A place made of areas, ready for the reach test.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reachable {
    areas: Vec<Area>,
    /// Every département and région of the place.
    territories: Territories,
    /// True when every area is a single spot (the usual case: a fast path).
    single_spots: bool,
}

/// How a supplier reaches a place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reach {
    /// Distance from its site to the nearest spot of the place (less a circle's radius), when its
    /// site is known.
    pub distance_km: Option<f64>,
    /// True when it is located in one of the place's départements.
    pub same_department: bool,
}

impl Reachable {
    /// A place of these areas (empty areas are left out).
    pub fn new(areas: Vec<Area>) -> Reachable {
        let areas: Vec<Area> = areas.into_iter().filter(|a| !a.is_empty()).collect();
        let territories = areas.iter().flatten().fold(Territories::default(), |all, spot| all.union(spot.territories));
        let single_spots = areas.iter().all(|a| a.len() == 1);
        Reachable { areas, territories, single_spots }
    }

    /// A place of single spots.
    pub fn of_spots(spots: Vec<Spot>) -> Reachable {
        Reachable::new(spots.into_iter().map(|s| vec![s]).collect())
    }

    /// Its areas.
    pub fn areas(&self) -> &[Area] {
        &self.areas
    }

    /// Every département and région it covers.
    pub fn territories(&self) -> Territories {
        self.territories
    }

    /// The distance from a site to the nearest spot, when the site is known and the place has a spot.
    pub fn nearest_km(&self, site: Option<UnitVector>) -> Option<f64> {
        let site = site?;
        let mut best: Option<(Chord, f64)> = None;
        for spot in self.areas.iter().flatten() {
            let chord = site.chord(spot.at);
            if best.is_none_or(|(c, _)| chord < c) {
                best = Some((chord, spot.slack_km));
            }
        }
        best.map(|(chord, slack)| (chord.km() - slack).max(0.0))
    }

    /// Whether the zone reaches the place, and how ([`Reach`]); `None` when it does not.
    pub fn reach(&self, zone: &WorkZone) -> Option<Reach> {
        let same_department = self.territories.share_a_department(zone.home);
        if !self.single_spots {
            // Areas of several spots: whether one is reached whole first, the distance only then.
            let inside = self.areas.iter().any(|area| area.iter().all(|spot| zone.reaches_spot(spot)));
            return inside.then(|| Reach { distance_km: self.nearest_km(zone.site), same_department });
        }
        let reach = Reach { distance_km: self.nearest_km(zone.site), same_department };
        // One spot per area: the tests over the whole place are the same as the tests spot by spot,
        // without a loop (the spots of a resolved place share one slack: a circle is a single spot,
        // every other spot has none).
        let inside = match &zone.zone {
            Zone::National => true,
            Zone::Regions(_) => self.territories.share_a_region(zone.listed),
            Zone::Departments(_) => reach.same_department || self.territories.share_a_department(zone.listed),
            Zone::Radius(km) => reach.same_department || reach.distance_km.is_some_and(|d| d <= *km),
        };
        inside.then_some(reach)
    }

    /// True when the zone reaches this area of the place (by its index).
    pub fn reaches_area(&self, zone: &WorkZone, area: usize) -> bool {
        self.areas.get(area).is_some_and(|a| a.iter().all(|spot| zone.reaches_spot(spot)))
    }
}

#[cfg(test)]
#[path = "reach_tests.rs"]
mod tests;
