//! Where a need is to be performed: the six shapes of the contract format, and their geometry.

use serde_json::{Value, json};

use super::NeedError;
use super::json::JsonObject;
use crate::domain::geo::GeoPoint;
use crate::domain::territory::{Gazetteer, normalise_department_code};

/// The place of performance of a need or a lot, as the buyer gives it.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// `{"department": "91"}`.
    Department(String),
    /// `{"departments": ["91", "77"]}`, never empty.
    Departments(Vec<String>),
    /// `{"commune_insee": "91228"}` (INSEE code, not post code).
    Commune(String),
    /// `{"communes": ["93006", "93048"]}`: a perimeter of several communes, never empty.
    Communes(Vec<String>),
    /// `{"post_code": "91000"}`.
    PostCode(String),
    /// `{"lat": 48.6, "lon": 2.4, "radius_km": 30}`: a circle, radius strictly positive.
    Circle {
        /// Centre of the circle.
        centre: GeoPoint,
        /// Radius in kilometres.
        radius_km: f64,
    },
}

/// A point of a resolved place with the départements it lies in.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceSpot {
    /// The centre of the commune, département or circle.
    pub point: GeoPoint,
    /// Its département (a circle: every département it covers).
    pub departments: Vec<String>,
    /// A circle's radius (a supplier reaching within it reaches the place); 0 otherwise.
    pub slack_km: f64,
}

/// A place turned into geometry, for distances and territorial filters.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedPlace {
    /// The centre points: one per département, commune or circle.
    pub points: Vec<GeoPoint>,
    /// The same points with their départements, for the reach rule ([`crate::domain::reach`]).
    pub spots: Vec<PlaceSpot>,
    /// The départements covered (for a circle: those whose centre lies inside it, plus the nearest one).
    pub departments: Vec<String>,
    /// The radius, for a circle only; other shapes leave the search radius to the caller.
    pub radius_km: Option<f64>,
    /// A French label for pages and explanations ("Essonne (91)").
    pub label: String,
    /// French notes on approximations made (a commune missing from the gazetteer placed at its
    /// département's centre), empty when the place was resolved exactly.
    pub notes: Vec<String>,
}

/// The keys of the six shapes, for the error that lists them.
const SHAPES: [&str; 6] = ["department", "departments", "commune_insee", "communes", "post_code", "lat"];
const SHAPES_HELP: &str = "{\"department\"}, {\"departments\"}, {\"commune_insee\"}, {\"communes\"}, {\"post_code\"} ou {\"lat\", \"lon\", \"radius_km\"}";

/// The département of an INSEE commune code (`91228` → `91`, `2A004` → `2A`, `97411` → `974`), when the
/// code has the right shape.
pub fn department_of_insee(code: &str) -> Option<String> {
    let code = code.trim().to_ascii_uppercase();
    let shape_ok = code.len() == 5
        && (code.bytes().all(|b| b.is_ascii_digit())
            || ((code.starts_with("2A") || code.starts_with("2B")) && code[2..].bytes().all(|b| b.is_ascii_digit())));
    if !shape_ok {
        return None;
    }
    Some(if code.starts_with("97") { code[..3].to_string() } else { code[..2].to_string() })
}

/// The département of a post code (`91000` → `91`, `97400` → `974`; Corsica: `200xx`/`201xx` → `2A`,
/// other `20xxx` → `2B`). An approximation: a few post codes serve communes of two départements.
pub fn department_of_post_code(code: &str) -> Option<String> {
    let code = code.trim();
    if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(match &code[..2] {
        "97" => code[..3].to_string(),
        "20" if matches!(&code[2..3], "0" | "1") => "2A".to_string(),
        "20" => "2B".to_string(),
        d => d.to_string(),
    })
}

impl Place {
    /// Validates the `place` object at `obj` against the gazetteer.
    pub(crate) fn from_json(obj: &JsonObject<'_>, gazetteer: &Gazetteer) -> Result<Place, NeedError> {
        let shapes = obj.present(&SHAPES);
        let shape = match shapes.as_slice() {
            [one] => *one,
            [] if obj.has("lon") || obj.has("radius_km") => "lat",
            [] => {
                return Err(NeedError::new(
                    obj.own_path(),
                    format!("lieu attendu sous l'une des formes {SHAPES_HELP}"),
                ));
            }
            _ => {
                return Err(NeedError::new(
                    obj.own_path(),
                    format!("une seule forme de lieu à la fois ({} donnés)", shapes.join(", ")),
                ));
            }
        };
        match shape {
            "department" => {
                Ok(Place::Department(check_department(&obj.path_of(shape), &obj.req_str(shape)?, gazetteer)?))
            }
            "departments" => {
                let codes = non_empty_list(obj, shape)?;
                codes
                    .iter()
                    .map(|(path, code)| check_department(path, code, gazetteer))
                    .collect::<Result<_, _>>()
                    .map(Place::Departments)
            }
            "commune_insee" => Ok(Place::Commune(check_commune(&obj.path_of(shape), &obj.req_str(shape)?, gazetteer)?)),
            "communes" => {
                let codes = non_empty_list(obj, shape)?;
                codes
                    .iter()
                    .map(|(path, code)| check_commune(path, code, gazetteer))
                    .collect::<Result<_, _>>()
                    .map(Place::Communes)
            }
            "post_code" => Ok(Place::PostCode(check_post_code(&obj.path_of(shape), &obj.req_str(shape)?, gazetteer)?)),
            _ => circle_from_json(obj),
        }
    }

    /// The contract's JSON shape of this place.
    pub fn to_json(&self) -> Value {
        match self {
            Place::Department(d) => json!({ "department": d }),
            Place::Departments(d) => json!({ "departments": d }),
            Place::Commune(c) => json!({ "commune_insee": c }),
            Place::Communes(c) => json!({ "communes": c }),
            Place::PostCode(p) => json!({ "post_code": p }),
            Place::Circle { centre, radius_km } => {
                json!({ "lat": centre.lat, "lon": centre.lon, "radius_km": radius_km })
            }
        }
    }

    /// The names of the communes and départements the place is made of, as the gazetteer knows
    /// them (none for a circle).
    pub fn names(&self, gazetteer: &Gazetteer) -> Vec<String> {
        let department = |code: &String| gazetteer.department(code).map(|d| d.name.clone());
        let commune = |code: &String| gazetteer.commune(code).map(|c| c.name.clone());
        match self {
            Place::Department(code) => department(code).into_iter().collect(),
            Place::Departments(codes) => codes.iter().filter_map(department).collect(),
            Place::Commune(code) => commune(code).into_iter().collect(),
            Place::Communes(codes) => codes.iter().filter_map(commune).collect(),
            Place::PostCode(code) => gazetteer.communes_by_post_code(code).iter().map(|c| c.name.clone()).collect(),
            Place::Circle { .. } => Vec::new(),
        }
    }

    /// The geometry of the place. Codes the gazetteer does not know are placed at their département's
    /// centre (with a note), or left out (with a note) when even the département is unknown.
    pub fn resolve(&self, gazetteer: &Gazetteer) -> ResolvedPlace {
        let mut out = ResolvedPlace {
            points: Vec::new(),
            spots: Vec::new(),
            departments: Vec::new(),
            radius_km: None,
            label: String::new(),
            notes: Vec::new(),
        };
        let mut labels = Vec::new();
        match self {
            Place::Department(code) => labels.push(out.add_department(code, gazetteer)),
            Place::Departments(codes) => labels.extend(codes.iter().map(|c| out.add_department(c, gazetteer))),
            Place::Commune(code) => labels.push(out.add_commune(code, gazetteer)),
            Place::Communes(codes) => labels.extend(codes.iter().map(|c| out.add_commune(c, gazetteer))),
            Place::PostCode(code) => labels.push(out.add_post_code(code, gazetteer)),
            Place::Circle { centre, radius_km } => {
                out.points.push(*centre);
                out.radius_km = Some(*radius_km);
                out.departments = departments_in_circle(*centre, *radius_km, gazetteer);
                let departments = out.departments.clone();
                out.spots.push(PlaceSpot { point: *centre, departments, slack_km: *radius_km });
                labels.push(circle_label(*centre, *radius_km, gazetteer));
            }
        }
        out.label = summarise(&labels);
        out
    }
}

/// Communes farther than this from a circle's centre do not name it.
const CIRCLE_NAME_MAX_KM: f64 = 10.0;

/// A circle in French: `25 km autour de Ris-Orangis (48.6300, 2.4400)`, named after the commune
/// nearest its centre when one is within [`CIRCLE_NAME_MAX_KM`], else by its coordinates alone.
pub fn circle_label(centre: GeoPoint, radius_km: f64, gazetteer: &Gazetteer) -> String {
    // A latitude band first (a degree of latitude is over 110 km): the exact distance is only
    // computed for the few communes in it, not for every commune of an imported list.
    let band = CIRCLE_NAME_MAX_KM / 110.0;
    let nearest = gazetteer
        .communes()
        .iter()
        .filter(|c| (c.centre.lat - centre.lat).abs() <= band)
        .map(|c| (c, c.centre.distance_km(centre)))
        .filter(|(_, km)| *km <= CIRCLE_NAME_MAX_KM)
        .min_by(|a, b| a.1.total_cmp(&b.1));
    let at = format!("{:.4}, {:.4}", centre.lat, centre.lon);
    match nearest {
        Some((commune, _)) => format!("{radius_km} km autour {} ({at})", crate::domain::text::de(&commune.name)),
        None => format!("{radius_km} km autour de {at}"),
    }
}

impl ResolvedPlace {
    /// Adds a point lying in département `code`.
    fn push_point(&mut self, point: GeoPoint, code: &str) {
        self.points.push(point);
        self.spots.push(PlaceSpot { point, departments: vec![code.to_string()], slack_km: 0.0 });
        if !self.departments.iter().any(|d| d == code) {
            self.departments.push(code.to_string());
        }
    }

    fn add_department(&mut self, code: &str, gazetteer: &Gazetteer) -> String {
        match gazetteer.department(code) {
            Some(d) => {
                self.push_point(d.centre, &d.code);
                format!("{} ({})", d.name, d.code)
            }
            None => {
                self.notes.push(format!("département « {code} » inconnu de la liste des territoires : ignoré"));
                format!("département {code}")
            }
        }
    }

    fn add_commune(&mut self, code: &str, gazetteer: &Gazetteer) -> String {
        if let Some(c) = gazetteer.commune(code) {
            self.push_point(c.centre, &c.department);
            return format!("{} ({})", c.name, c.insee);
        }
        let department = department_of_insee(code).unwrap_or_default();
        self.fallback_to_department(&format!("commune {code}"), &department, gazetteer)
    }

    fn add_post_code(&mut self, code: &str, gazetteer: &Gazetteer) -> String {
        let communes = gazetteer.communes_by_post_code(code);
        if communes.is_empty() {
            let department = department_of_post_code(code).unwrap_or_default();
            return self.fallback_to_department(&format!("code postal {code}"), &department, gazetteer);
        }
        for c in &communes {
            self.push_point(c.centre, &c.department);
        }
        let names: Vec<&str> = communes.iter().map(|c| c.name.as_str()).collect();
        format!("{code} {}", names.join(", "))
    }

    fn fallback_to_department(&mut self, what: &str, department: &str, gazetteer: &Gazetteer) -> String {
        match gazetteer.department(department) {
            Some(d) => {
                self.push_point(d.centre, &d.code);
                self.notes.push(format!(
                    "{what} absent de la liste des communes : centre du département {} ({}) utilisé à la place",
                    d.name, d.code
                ));
                format!("{what} ({})", d.name)
            }
            None => {
                self.notes.push(format!("{what} : ni la commune ni son département ne sont connus, lieu ignoré"));
                what.to_string()
            }
        }
    }
}

/// At most three names, then "et N autres".
fn summarise(labels: &[String]) -> String {
    match labels.len() {
        0..=3 => labels.join(", "),
        n => format!("{} et {} autres", labels[..3].join(", "), n - 3),
    }
}

/// Départements whose centre lies inside the circle, plus the one whose centre is nearest to its centre.
fn departments_in_circle(centre: GeoPoint, radius_km: f64, gazetteer: &Gazetteer) -> Vec<String> {
    let mut by_distance: Vec<(f64, &str)> =
        gazetteer.departments().iter().map(|d| (centre.distance_km(d.centre), d.code.as_str())).collect();
    by_distance.sort_by(|a, b| a.0.total_cmp(&b.0));
    by_distance
        .iter()
        .enumerate()
        .filter(|(i, (km, _))| *i == 0 || *km <= radius_km)
        .map(|(_, (_, code))| code.to_string())
        .collect()
}

fn non_empty_list(obj: &JsonObject<'_>, key: &str) -> Result<Vec<(String, String)>, NeedError> {
    match obj.str_list(key)? {
        Some(list) if !list.is_empty() => Ok(list),
        _ => Err(NeedError::new(obj.path_of(key), "la liste est vide : au moins un code est attendu")),
    }
}

fn check_department(path: &str, code: &str, gazetteer: &Gazetteer) -> Result<String, NeedError> {
    let code = normalise_department_code(code);
    match gazetteer.department(&code) {
        Some(d) => Ok(d.code.clone()),
        None => Err(NeedError::new(path, format!("le département « {code} » n'existe pas"))),
    }
}

fn check_commune(path: &str, code: &str, gazetteer: &Gazetteer) -> Result<String, NeedError> {
    let code = code.trim().to_ascii_uppercase();
    if gazetteer.commune(&code).is_some() {
        return Ok(code);
    }
    let Some(department) = department_of_insee(&code) else {
        return Err(NeedError::new(
            path,
            format!("« {code} » n'est pas un code INSEE de commune (5 caractères, par ex. 91228)"),
        ));
    };
    match gazetteer.department(&department) {
        Some(_) => Ok(code),
        None => Err(NeedError::new(
            path,
            format!("la commune « {code} » n'existe pas : département « {department} » inconnu"),
        )),
    }
}

fn check_post_code(path: &str, code: &str, gazetteer: &Gazetteer) -> Result<String, NeedError> {
    let code = code.trim().to_string();
    if !gazetteer.communes_by_post_code(&code).is_empty() {
        return Ok(code);
    }
    let Some(department) = department_of_post_code(&code) else {
        return Err(NeedError::new(path, format!("« {code} » n'est pas un code postal (5 chiffres)")));
    };
    match gazetteer.department(&department) {
        Some(_) => Ok(code),
        None => Err(NeedError::new(path, format!("le code postal « {code} » ne correspond à aucun département connu"))),
    }
}

fn circle_from_json(obj: &JsonObject<'_>) -> Result<Place, NeedError> {
    let lat = obj
        .opt_f64("lat")?
        .ok_or_else(|| NeedError::new(obj.path_of("lat"), "lat manquante (le cercle demande lat, lon et radius_km)"))?;
    let lon = obj
        .opt_f64("lon")?
        .ok_or_else(|| NeedError::new(obj.path_of("lon"), "lon manquante (le cercle demande lat, lon et radius_km)"))?;
    let centre = GeoPoint::new(lat, lon)
        .ok_or_else(|| NeedError::new(obj.path_of("lat"), format!("coordonnées hors limites ({lat}, {lon})")))?;
    let radius_path = obj.path_of("radius_km");
    match obj.opt_f64("radius_km")? {
        None => {
            Err(NeedError::new(radius_path, "rayon manquant : radius_km en kilomètres est obligatoire avec lat et lon"))
        }
        Some(km) if km <= 0.0 => {
            Err(NeedError::new(radius_path, format!("le rayon doit être strictement positif ({km} km)")))
        }
        Some(radius_km) => Ok(Place::Circle { centre, radius_km }),
    }
}

#[cfg(test)]
#[path = "place_tests.rs"]
mod tests;
