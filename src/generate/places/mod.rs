//! Where generated suppliers are: a town of the gazetteer, a jittered site, and an intervention zone.

mod population;

use essor::domain::{Commune, Department, Gazetteer, GeoPoint, Intervention, Region};

use super::french::slug;
use super::rng::{Rng, Weighted};
use essor::domain::text::{a, de};
use population::population_thousands;

/// Weight every département gets on top of its population in thousands, so that the least populated
/// still get suppliers (Lozère about 0.5 % of them, Nord about 2.6 %).
const DEPARTMENT_BASE_WEIGHT: u64 = 450;
/// Weight of a département whose population is unknown (an imported gazetteer's), in thousands.
const UNKNOWN_POPULATION: u32 = 400;
/// Longest slug of a town name.
const TOWN_SLUG_MAX: usize = 30;
/// Largest distance of a site from its town centre, in kilometres.
const SITE_JITTER_KM: f64 = 3.0;
/// Kilometres per degree of latitude.
const KM_PER_DEGREE: f64 = 111.2;
/// Départements whose centres are this close count as neighbours, in kilometres.
const NEIGHBOUR_KM: f64 = 110.0;
/// Neighbours kept at most per département.
const MAX_NEIGHBOURS: usize = 4;

/// A town with its name after "de" and "à", prepared once.
#[derive(Debug)]
pub struct Town<'g> {
    /// The commune.
    pub commune: &'g Commune,
    /// "de Montreuil", "du Blanc-Mesnil", "d'Évry-Courcouronnes".
    pub of: String,
    /// "à Montreuil", "au Blanc-Mesnil".
    pub at: String,
    /// "montreuil", "le-blanc-mesnil", for e-mail domains.
    pub slug: String,
}

/// A département with the towns suppliers can be placed in.
#[derive(Debug)]
struct DepartmentTowns<'g> {
    department: &'g Department,
    region: Option<&'g Region>,
    towns: Vec<Town<'g>>,
    pick_town: Weighted,
    /// Codes of the nearest départements, nearest first.
    neighbours: Vec<&'g str>,
}

/// The towns of a gazetteer, weighted by a rough population proxy.
///
/// A département weighs a base plus its population in thousands ([`population`]); within it, the
/// gazetteer carrying no population, a town weighs 1 plus twice its number of post codes (large towns
/// have several).
#[derive(Debug)]
pub struct Places<'g> {
    departments: Vec<DepartmentTowns<'g>>,
    pick_department: Weighted,
}

/// A supplier's site.
#[derive(Debug, Clone, Copy)]
pub struct Site<'p> {
    /// Index of the département in [`Places`].
    department: usize,
    /// The town.
    pub town: &'p Town<'p>,
    /// One of the town's post codes.
    pub post_code: &'p str,
    /// The jittered point, rounded to 5 decimals (about a metre).
    pub point: GeoPoint,
}

/// How a supplier's zone is drawn: the radius range and whether it is big enough to work nationally.
#[derive(Debug, Clone, Copy)]
pub struct ZoneHints {
    /// Smallest and largest radius in kilometres.
    pub radius_km: (u32, u32),
    /// True for large suppliers, the only ones that may work nationally.
    pub large: bool,
}

impl<'g> Places<'g> {
    /// The places of the gazetteer; `None` when none of its communes lies in a known département.
    pub fn new(gazetteer: &'g Gazetteer) -> Option<Places<'g>> {
        let mut departments: Vec<DepartmentTowns<'g>> = Vec::new();
        for department in gazetteer.departments() {
            // The main towns: generated suppliers are where most structures are.
            let towns: Vec<Town<'g>> = gazetteer
                .main_towns()
                .filter(|c| c.department == department.code && !c.post_codes.is_empty())
                .map(|commune| Town {
                    commune,
                    of: de(&commune.name),
                    at: a(&commune.name),
                    slug: slug(&commune.name, TOWN_SLUG_MAX),
                })
                .collect();
            let Some(pick_town) = Weighted::new(towns.iter().map(|t| town_weight(t.commune))) else {
                continue;
            };
            departments.push(DepartmentTowns {
                department,
                region: gazetteer.region(&department.region),
                towns,
                pick_town,
                neighbours: Vec::new(),
            });
        }
        let neighbours: Vec<Vec<&'g str>> =
            departments.iter().map(|d| nearest_departments(d.department, gazetteer.departments())).collect();
        for (d, n) in departments.iter_mut().zip(neighbours) {
            d.neighbours = n;
        }
        let pick_department = Weighted::new(departments.iter().map(|d| {
            DEPARTMENT_BASE_WEIGHT + u64::from(population_thousands(&d.department.code).unwrap_or(UNKNOWN_POPULATION))
        }))?;
        Some(Places { departments, pick_department })
    }

    #[cfg(test)]
    /// Codes of the départements that have towns to place suppliers in.
    pub fn department_codes(&self) -> impl Iterator<Item = &str> {
        self.departments.iter().map(|d| d.department.code.as_str())
    }

    /// A site: a département, then a town in it, then a point a few kilometres from the town centre.
    pub fn site(&self, rng: &mut Rng) -> Site<'_> {
        let department = self.pick_department.sample(rng);
        let towns = &self.departments[department];
        let town = &towns.towns[towns.pick_town.sample(rng)];
        let post_codes = &town.commune.post_codes;
        let post_code = post_codes[rng.below(post_codes.len())].as_str();
        Site { department, town, post_code, point: jitter(town.commune.centre, SITE_JITTER_KM, rng) }
    }

    /// The département of a site.
    pub fn department(&self, site: &Site<'_>) -> &'g Department {
        self.departments[site.department].department
    }

    /// The région of a site, when the gazetteer knows it.
    pub fn region(&self, site: &Site<'_>) -> Option<&'g Region> {
        self.departments[site.department].region
    }

    /// Where a supplier at this site works: mostly a radius, some lists of départements (its own and
    /// neighbours), a few régions, very few national.
    pub fn intervention(&self, site: &Site<'_>, hints: ZoneHints, rng: &mut Rng) -> Intervention {
        let towns = &self.departments[site.department];
        let roll = rng.unit();
        if roll < 0.015 && hints.large {
            Intervention::National
        } else if roll < 0.08
            && let Some(region) = towns.region
        {
            Intervention::Regions(vec![region.code.clone()])
        } else if roll < 0.28 {
            let extra = rng.below(towns.neighbours.len() + 1);
            let mut codes = Vec::with_capacity(extra + 1);
            codes.push(towns.department.code.clone());
            codes.extend(towns.neighbours[..extra].iter().map(|c| c.to_string()));
            Intervention::Departments(codes)
        } else {
            // Multiples of 5 km, as people state them.
            let (lo, hi) = hints.radius_km;
            Intervention::RadiusKm(f64::from(rng.between(lo / 5, hi / 5) * 5))
        }
    }
}

fn town_weight(town: &Commune) -> u64 {
    1 + 2 * town.post_codes.len() as u64
}

/// The départements whose centres lie within [`NEIGHBOUR_KM`], nearest first.
fn nearest_departments<'g>(of: &Department, all: &'g [Department]) -> Vec<&'g str> {
    let mut near: Vec<(f64, &'g str)> = all
        .iter()
        .filter(|d| d.code != of.code)
        .map(|d| (approx_distance_km(of.centre, d.centre), d.code.as_str()))
        .filter(|(km, _)| *km <= NEIGHBOUR_KM)
        .collect();
    near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    near.into_iter().take(MAX_NEIGHBOURS).map(|(_, code)| code).collect()
}

/// Equirectangular distance, exact enough at a département's scale and free of platform-dependent
/// trigonometry.
fn approx_distance_km(a: GeoPoint, b: GeoPoint) -> f64 {
    let dy = (a.lat - b.lat) * KM_PER_DEGREE;
    let dx = (a.lon - b.lon) * KM_PER_DEGREE * cos_degrees((a.lat + b.lat) / 2.0);
    (dx * dx + dy * dy).sqrt()
}

/// A point uniformly drawn within `km` of the centre, rounded to 5 decimals.
fn jitter(centre: GeoPoint, km: f64, rng: &mut Rng) -> GeoPoint {
    // Rejection sampling in the unit square keeps the draw free of sin/cos.
    let (x, y) = loop {
        let x = rng.unit() * 2.0 - 1.0;
        let y = rng.unit() * 2.0 - 1.0;
        if x * x + y * y <= 1.0 {
            break (x, y);
        }
    };
    let lat = centre.lat + y * km / KM_PER_DEGREE;
    let lon = centre.lon + x * km / (KM_PER_DEGREE * cos_degrees(centre.lat));
    GeoPoint::new(round5(lat), round5(lon)).unwrap_or(centre)
}

fn round5(x: f64) -> f64 {
    (x * 100_000.0).round() / 100_000.0
}

/// Cosine of an angle in degrees within ±90°, by a Taylor polynomial (error below 1e-6 up to 60°):
/// only `+` and `*`, so every platform computes the same bits.
fn cos_degrees(degrees: f64) -> f64 {
    let x = degrees.clamp(-89.0, 89.0) * std::f64::consts::PI / 180.0;
    let x2 = x * x;
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..=9 {
        let k = f64::from(k);
        term *= -x2 / ((2.0 * k - 1.0) * (2.0 * k));
        sum += term;
    }
    sum.max(0.01)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_polynomial_matches_the_library() {
        for d in [-60.0, -21.1, 0.0, 17.5, 43.6, 48.86, 51.0, 75.0] {
            let expected = f64::cos(d * std::f64::consts::PI / 180.0);
            assert!((cos_degrees(d) - expected).abs() < 1e-6, "{d}");
        }
    }

    #[test]
    fn jittered_sites_stay_within_the_radius() {
        let centre = GeoPoint::new(48.629, 2.441).unwrap();
        let mut rng = Rng::new(3);
        for _ in 0..500 {
            let p = jitter(centre, SITE_JITTER_KM, &mut rng);
            assert!(centre.distance_km(p) <= SITE_JITTER_KM + 0.01, "{p:?}");
        }
    }

    #[test]
    fn sites_lie_in_known_towns_with_their_post_codes() {
        let gazetteer = Gazetteer::builtin();
        let places = Places::new(gazetteer).unwrap();
        let mut rng = Rng::new(11);
        for _ in 0..200 {
            let site = places.site(&mut rng);
            let commune = site.town.commune;
            assert!(commune.post_codes.iter().any(|p| p == site.post_code));
            assert_eq!(places.department(&site).code, commune.department);
            assert!(commune.centre.distance_km(site.point) <= SITE_JITTER_KM + 0.01);
            assert!(site.town.of.ends_with(commune.name.trim_start_matches("Le ").trim_start_matches("Les ")));
        }
    }

    #[test]
    fn neighbours_are_near_and_exclude_the_department_itself() {
        let all = Gazetteer::builtin().departments();
        let essonne = all.iter().find(|d| d.code == "91").unwrap();
        let near = nearest_departments(essonne, all);
        assert!(!near.is_empty() && near.len() <= MAX_NEIGHBOURS);
        assert!(!near.contains(&"91"));
        assert!(near.contains(&"78") || near.contains(&"77") || near.contains(&"94"), "{near:?}");
        let reunion = all.iter().find(|d| d.code == "974").unwrap();
        assert!(nearest_departments(reunion, all).is_empty());
    }
}
