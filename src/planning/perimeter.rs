//! The perimeter of a need split into parts (communes, départements or geographic zones of
//! communes). Whether a supplier reaches a part is the one rule of [`crate::domain::reach`]: a part
//! is an area of it — a commune, a département known by its centre, or a zone whose every commune
//! must be reached.

use serde::Serialize;

use crate::domain::geo::{Chord, GeoPoint, UnitVector};
use crate::domain::need::{Place, department_of_insee};
use crate::domain::reach::{Area, Reachable, Spot as ReachSpot, WorkZone};
use crate::domain::territory::Gazetteer;

pub(crate) mod zones;

/// A point of a part with the département it lies in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spot {
    /// The commune's INSEE code, or `None` for a département known only by its centre.
    pub insee: Option<String>,
    /// Its name.
    pub name: String,
    /// Its centre.
    pub point: GeoPoint,
    /// Its département code.
    pub department: String,
}

/// One part of a perimeter: the unit a lot is made of and a grouping must cover.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    /// Identifier: the INSEE code of a commune, the code of a département, or `zone-N`.
    pub id: String,
    /// French label (`Montreuil (93048)`, `Essonne (91)`, `Zone 2 : Massy, Palaiseau…`).
    pub label: String,
    /// The points a supplier must reach to serve the part (every commune of it).
    pub spots: Vec<Spot>,
    /// Its centre (mean of its spots).
    pub centre: GeoPoint,
    /// What a supplier must reach to serve the part: the commune, the département's centre, a
    /// circle, or every commune of a zone.
    #[serde(skip)]
    pub area: Area,
}

impl Part {
    /// True for a geographic zone of several communes drawn by the planner (`zone-N`).
    pub fn is_zone(&self) -> bool {
        self.id.starts_with(zones::ZONE_PREFIX)
    }

    /// True when a supplier working in `zone` serves the part.
    pub fn reached_by(&self, zone: &WorkZone) -> bool {
        !self.area.is_empty() && self.area.iter().all(|spot| zone.reaches_spot(spot))
    }

    /// True when a supplier based in commune `insee` of département `department` is based in the
    /// part: its commune is one of the part's communes, or, for a part known only by its
    /// département, it is in that département.
    pub fn is_home_of(&self, insee: Option<&str>, department: &str) -> bool {
        self.spots.iter().any(|s| match &s.insee {
            Some(code) => insee == Some(code.as_str()),
            None => s.department == department,
        })
    }
}

/// The perimeter of a need or a lot, split into parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Perimeter {
    /// The place as the buyer gave it.
    pub place: Place,
    /// French label of the whole perimeter.
    pub label: String,
    /// The parts, never empty.
    pub parts: Vec<Part>,
    /// Centre of the whole perimeter.
    pub centre: GeoPoint,
    /// Its communes as unit vectors (a part known only by its département has none), for
    /// [`Perimeter::nearest_commune_km`].
    communes: Vec<UnitVector>,
}

impl Perimeter {
    /// Splits a place into parts: one per commune of a list of communes or of a post code, one per
    /// département of a list of départements, and for a single département or a circle the communes
    /// the gazetteer knows inside it. More than `max_parts` communes are grouped into `max_parts`
    /// geographic zones. `None` when nothing of the place is known to the gazetteer.
    pub fn from_place(place: &Place, gazetteer: &Gazetteer, max_parts: usize) -> Option<Perimeter> {
        let mut parts = match place {
            Place::Commune(code) => commune_part(code, gazetteer).into_iter().collect(),
            Place::Communes(codes) => codes.iter().filter_map(|c| commune_part(c, gazetteer)).collect(),
            Place::PostCode(code) => {
                gazetteer.communes_by_post_code(code).iter().filter_map(|c| commune_part(&c.insee, gazetteer)).collect()
            }
            Place::Departments(codes) => codes.iter().filter_map(|d| department_part(d, gazetteer)).collect(),
            Place::Department(code) => communes_or_department(code, gazetteer),
            Place::Circle { centre, radius_km } => {
                let inside: Vec<Part> = gazetteer
                    .communes()
                    .iter()
                    .filter(|c| c.centre.distance_km(*centre) <= *radius_km)
                    .filter_map(|c| commune_part(&c.insee, gazetteer))
                    .collect();
                if inside.is_empty() { vec![point_part(*centre, *radius_km, gazetteer)] } else { inside }
            }
        };
        if parts.is_empty() {
            return None;
        }
        if parts.len() > max_parts.max(1) {
            parts = zones::group_into_zones(parts, max_parts.max(1));
        }
        let centre = mean_point(parts.iter().map(|p| p.centre));
        let label = place.resolve(gazetteer).label;
        let communes = parts
            .iter()
            .flat_map(|p| p.spots.iter().filter(|s| s.insee.is_some()).map(|s| s.point.unit_vector()))
            .collect();
        Some(Perimeter { place: place.clone(), label, parts, centre, communes })
    }

    /// The distance from `site` to the perimeter's nearest commune, in km; `None` when the perimeter
    /// holds no commune (only départements).
    pub fn nearest_commune_km(&self, site: GeoPoint) -> Option<f64> {
        let site = site.unit_vector();
        self.communes.iter().map(|c| c.chord(site)).min_by(Chord::total_cmp).map(Chord::km)
    }

    /// The place of a set of parts (indices into [`Perimeter::parts`]): the buyer's own place when
    /// it is all of them; départements when every part is one; otherwise the list of communes.
    pub fn place_of(&self, parts: &[usize]) -> Place {
        if parts.len() == self.parts.len() {
            return self.place.clone();
        }
        let chosen: Vec<&Part> = parts.iter().filter_map(|&i| self.parts.get(i)).collect();
        let spots = || chosen.iter().flat_map(|p| p.spots.iter());
        if spots().all(|s| s.insee.is_none()) {
            let mut codes: Vec<String> = Vec::new();
            for s in spots() {
                if !codes.contains(&s.department) {
                    codes.push(s.department.clone());
                }
            }
            return if codes.len() == 1 { Place::Department(codes.remove(0)) } else { Place::Departments(codes) };
        }
        let communes: Vec<String> = spots().filter_map(|s| s.insee.clone()).collect();
        if communes.len() == 1 { Place::Commune(communes[0].clone()) } else { Place::Communes(communes) }
    }

    /// The perimeter for the reach rule: one area per part, in the order of [`Perimeter::parts`].
    pub fn reachable(&self) -> Reachable {
        Reachable::new(self.parts.iter().map(|p| p.area.clone()).collect())
    }

    /// A short French label of a set of parts: their names, or for zones the names of their communes.
    pub fn label_of(&self, parts: &[usize]) -> String {
        if parts.len() == self.parts.len() {
            return self.label.clone();
        }
        let chosen: Vec<&Part> = parts.iter().filter_map(|&i| self.parts.get(i)).collect();
        // Zones are named by their communes, so that a lot of several zones reads as a list of towns.
        let names: Vec<&str> = chosen
            .iter()
            .flat_map(|p| {
                let communes = p.spots.iter().map(|s| s.name.as_str());
                if p.is_zone() { communes.collect() } else { vec![p.label.as_str()] }
            })
            .collect();
        match names.len() {
            0..=3 => names.join(", "),
            4 => format!("{} et 1 autre", names[..3].join(", ")),
            n => format!("{} et {} autres", names[..3].join(", "), n - 3),
        }
    }
}

/// Perimeters already split, by place: the lots of many tenders in a row share few places, and
/// splitting a département into zones is the costly part of a perimeter. Holds at most
/// [`Perimeters::CAPACITY`] places.
#[derive(Debug)]
pub struct Perimeters<'g> {
    gazetteer: &'g Gazetteer,
    max_parts: usize,
    known: Vec<(Place, Option<Perimeter>)>,
}

impl<'g> Perimeters<'g> {
    /// Most places kept (every département and then some); the oldest is forgotten beyond.
    pub const CAPACITY: usize = 128;

    /// None split yet, for places of `gazetteer` split into at most `max_parts` parts.
    pub fn new(gazetteer: &'g Gazetteer, max_parts: usize) -> Self {
        Perimeters { gazetteer, max_parts, known: Vec::new() }
    }

    /// [`Perimeter::from_place`] of `place`, split once.
    pub fn of(&mut self, place: &Place) -> Option<Perimeter> {
        if let Some((_, known)) = self.known.iter().find(|(p, _)| p == place) {
            return known.clone();
        }
        let perimeter = Perimeter::from_place(place, self.gazetteer, self.max_parts);
        if self.known.len() == Self::CAPACITY {
            self.known.remove(0);
        }
        self.known.push((place.clone(), perimeter.clone()));
        perimeter
    }
}

fn commune_part(code: &str, gazetteer: &Gazetteer) -> Option<Part> {
    let spot = match gazetteer.commune(code) {
        Some(c) => Spot {
            insee: Some(c.insee.clone()),
            name: c.name.clone(),
            point: c.centre,
            department: c.department.clone(),
        },
        None => {
            let d = gazetteer.department(&department_of_insee(code)?)?;
            Spot {
                insee: Some(code.to_string()),
                name: format!("commune {code}"),
                point: d.centre,
                department: d.code.clone(),
            }
        }
    };
    let label = format!("{} ({})", spot.name, code);
    let area = vec![ReachSpot::new(spot.point, [spot.department.as_str()], 0.0, gazetteer)];
    Some(Part { id: code.to_string(), label, centre: spot.point, spots: vec![spot], area })
}

fn department_part(code: &str, gazetteer: &Gazetteer) -> Option<Part> {
    let d = gazetteer.department(code)?;
    let mut spots: Vec<Spot> = gazetteer
        .communes()
        .iter()
        .filter(|c| c.department == d.code)
        .map(|c| Spot { insee: None, name: c.name.clone(), point: c.centre, department: d.code.clone() })
        .collect();
    if spots.is_empty() {
        spots.push(Spot { insee: None, name: d.name.clone(), point: d.centre, department: d.code.clone() });
    }
    let area = vec![ReachSpot::new(d.centre, [d.code.as_str()], 0.0, gazetteer)];
    Some(Part { id: d.code.clone(), label: format!("{} ({})", d.name, d.code), centre: d.centre, spots, area })
}

fn communes_or_department(code: &str, gazetteer: &Gazetteer) -> Vec<Part> {
    let communes: Vec<Part> = gazetteer
        .communes()
        .iter()
        .filter(|c| c.department == code)
        .filter_map(|c| commune_part(&c.insee, gazetteer))
        .collect();
    if communes.is_empty() { department_part(code, gazetteer).into_iter().collect() } else { communes }
}

fn point_part(centre: GeoPoint, radius_km: f64, gazetteer: &Gazetteer) -> Part {
    let department = gazetteer
        .departments()
        .iter()
        .min_by(|a, b| a.centre.distance_km(centre).total_cmp(&b.centre.distance_km(centre)))
        .map(|d| d.code.clone())
        .unwrap_or_default();
    let name = crate::domain::need::circle_label(centre, radius_km, gazetteer);
    let area = vec![ReachSpot::new(centre, [department.as_str()], radius_km, gazetteer)];
    let spot = Spot { insee: None, name: name.clone(), point: centre, department };
    Part { id: "centre".to_string(), label: name, centre, spots: vec![spot], area }
}

/// The mean of points (a good enough centre at the scale of a département).
pub(crate) fn mean_point(points: impl Iterator<Item = GeoPoint>) -> GeoPoint {
    let (mut lat, mut lon, mut n) = (0.0, 0.0, 0.0);
    for p in points {
        lat += p.lat;
        lon += p.lon;
        n += 1.0;
    }
    if n == 0.0 { GeoPoint { lat: 46.6, lon: 2.4 } } else { GeoPoint { lat: lat / n, lon: lon / n } }
}
