//! The French territory: régions, départements and communes, with centre points.
//!
//! The project carries all régions, départements and communes (`fixtures/reference/*.tsv`, compiled
//! into the binary; sources in `fixtures/reference/README.md`). The official list places a commune
//! at the centroid of its territory, which can be far from the town itself (Arles: 17 km); for a
//! few hundred main towns `towns.tsv` gives the town centre, the current name and every post code,
//! and overrides the official row. A newer commune list can be imported (`essor import communes
//! FILE`); a [`Gazetteer`] then merges it over the built-in data.

use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

use serde::{Deserialize, Serialize};

use super::geo::GeoPoint;
use super::text::fold;

const REGIONS_TSV: &str = include_str!("../../fixtures/reference/regions.tsv");
const DEPARTMENTS_TSV: &str = include_str!("../../fixtures/reference/departements.tsv");
const COMMUNES_TSV: &str = include_str!("../../fixtures/reference/communes.tsv");
const TOWNS_TSV: &str = include_str!("../../fixtures/reference/towns.tsv");

/// A région (INSEE code and name).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Region {
    /// INSEE code, e.g. `11` for Île-de-France.
    pub code: String,
    /// French name.
    pub name: String,
}

/// A département with its région and a centre point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Department {
    /// `01`…`95`, `2A`, `2B`, `971`…`976`.
    pub code: String,
    /// French name.
    pub name: String,
    /// INSEE code of its région.
    pub region: String,
    /// A central point, used when a need names only the département.
    pub centre: GeoPoint,
}

/// A commune (town) with its post codes and centre point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commune {
    /// INSEE code (not the post code), e.g. `91228` for Évry-Courcouronnes.
    pub insee: String,
    /// French name.
    pub name: String,
    /// Post codes serving the commune.
    pub post_codes: Vec<String>,
    /// Département code.
    pub department: String,
    /// Centre point.
    pub centre: GeoPoint,
}

/// Looks up régions, départements and communes; built-in data plus imported communes.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    regions: Vec<Region>,
    departments: Vec<Department>,
    /// Position of the first département with each code, for the codes already normalised.
    department_at: HashMap<String, usize>,
    communes: Vec<Commune>,
    by_insee: HashMap<String, usize>,
    /// Positions of the communes by post code, main towns first, built on the first look-up.
    by_post_code: OnceLock<HashMap<String, Vec<usize>>>,
    /// Positions of the main towns (`towns.tsv`), in their order.
    main_towns: Vec<usize>,
    /// Positions of the communes by folded name, built on the first look-up by name.
    by_name: OnceLock<HashMap<String, Vec<usize>>>,
    /// Positions of the communes by the area their name places them in, built on the first look-up.
    by_area: OnceLock<HashMap<String, Vec<usize>>>,
}

/// Words that tie a commune's name to the area it lies in: « Crépy-en-Valois », « Pont-sur-Sambre »,
/// « Jouy-sous-Thelle », « Villeneuve-les-Sablons » (« lès » folded).
const AREA_LINKS: [&str; 5] = ["en", "sur", "sous", "les", "lez"];

static BUILTIN: LazyLock<Gazetteer> = LazyLock::new(|| {
    // `communes.tsv`: insee, name, post_codes, department, region, lat, lon.
    let communes = parse_tsv(COMMUNES_TSV).filter_map(|c| parse_commune_row(&c, [0, 1, 2, 3, 5, 6])).collect();
    // `towns.tsv`: insee, name, post_codes, department, lat, lon.
    let towns = parse_tsv(TOWNS_TSV).filter_map(|c| parse_commune_row(&c, [0, 1, 2, 3, 4, 5])).collect();
    let mut g = Gazetteer::new(
        parse_tsv(REGIONS_TSV).map(|c| Region { code: c[0].to_string(), name: c[1].to_string() }).collect(),
        parse_tsv(DEPARTMENTS_TSV).filter_map(|c| parse_department_row(&c)).collect(),
        communes,
    );
    g.add_communes(towns, true);
    g
});

impl Gazetteer {
    fn new(regions: Vec<Region>, departments: Vec<Department>, communes: Vec<Commune>) -> Self {
        let mut department_at = HashMap::with_capacity(departments.len());
        // Only normalised codes can be asked for (see `department`).
        for (i, d) in departments.iter().enumerate().filter(|(_, d)| normalise_department_code(&d.code) == d.code) {
            department_at.entry(d.code.clone()).or_insert(i);
        }
        let mut g = Gazetteer {
            regions,
            departments,
            department_at,
            communes: Vec::new(),
            by_insee: HashMap::new(),
            by_post_code: OnceLock::new(),
            main_towns: Vec::new(),
            by_name: OnceLock::new(),
            by_area: OnceLock::new(),
        };
        g.add_communes(communes, false);
        g
    }

    /// The data the project carries.
    pub fn builtin() -> &'static Gazetteer {
        &BUILTIN
    }

    /// The built-in data completed (and overridden, for the same INSEE code) by imported communes.
    pub fn with_communes(communes: Vec<Commune>) -> Gazetteer {
        let mut g = Gazetteer::builtin().clone();
        g.add_communes(communes, false);
        g
    }

    /// Adds communes; one with a known INSEE code replaces the known one (name, post codes, point)
    /// and keeps its rank among the communes of a post code. With `main`, the communes are main
    /// towns: a post code they share with smaller communes locates them first.
    fn add_communes(&mut self, communes: Vec<Commune>, main: bool) {
        self.communes.reserve(communes.len());
        self.by_insee.reserve(communes.len());
        self.by_name = OnceLock::new();
        self.by_area = OnceLock::new();
        self.by_post_code = OnceLock::new();
        for c in communes {
            let i = match self.by_insee.get(&c.insee) {
                Some(&i) => i,
                None => {
                    let i = self.communes.len();
                    self.by_insee.insert(c.insee.clone(), i);
                    i
                }
            };
            match self.communes.get_mut(i) {
                Some(slot) => *slot = c,
                None => self.communes.push(c),
            }
            if main {
                self.main_towns.push(i);
            }
        }
    }

    /// The positions of the communes by post code: main towns first, then in list order.
    fn by_post_code(&self) -> &HashMap<String, Vec<usize>> {
        self.by_post_code.get_or_init(|| {
            let mut by_post_code: HashMap<String, Vec<usize>> = HashMap::with_capacity(self.communes.len());
            let mut is_main = vec![false; self.communes.len()];
            for &i in &self.main_towns {
                if let Some(flag) = is_main.get_mut(i) {
                    *flag = true;
                }
            }
            let others = (0..self.communes.len()).filter(|&i| !is_main[i]);
            for i in self.main_towns.iter().copied().chain(others) {
                for pc in self.communes.get(i).map(|c| c.post_codes.as_slice()).unwrap_or_default() {
                    let list = by_post_code.entry(pc.clone()).or_default();
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
            by_post_code
        })
    }

    /// The positions of the communes by folded name.
    fn by_name(&self) -> &HashMap<String, Vec<usize>> {
        self.by_name.get_or_init(|| {
            let mut by_name: HashMap<String, Vec<usize>> = HashMap::with_capacity(self.communes.len());
            for (i, c) in self.communes.iter().enumerate() {
                by_name.entry(name_key(&c.name)).or_default().push(i);
            }
            by_name
        })
    }

    /// The positions of the communes by the last word of their name, when a word of [`AREA_LINKS`]
    /// ties it to the rest (« valois » for Crépy-en-Valois).
    fn by_area(&self) -> &HashMap<String, Vec<usize>> {
        self.by_area.get_or_init(|| {
            let mut by_area: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, c) in self.communes.iter().enumerate() {
                let key = name_key(&c.name);
                let words: Vec<&str> = key.split(' ').collect();
                if let [.., _, link, area] = words[..]
                    && AREA_LINKS.contains(&link)
                {
                    by_area.entry(area.to_string()).or_default().push(i);
                }
            }
            by_area
        })
    }

    /// All régions.
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// All départements.
    pub fn departments(&self) -> &[Department] {
        &self.departments
    }

    /// All known communes.
    pub fn communes(&self) -> &[Commune] {
        &self.communes
    }

    /// The main towns (`towns.tsv`): a few hundred communes, at least three per département.
    pub fn main_towns(&self) -> impl Iterator<Item = &Commune> {
        self.main_towns.iter().filter_map(|&i| self.communes.get(i))
    }

    /// The région with this INSEE code.
    pub fn region(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.code == code)
    }

    /// The département with this code (`"1"` is read as `"01"`).
    pub fn department(&self, code: &str) -> Option<&Department> {
        // A code found as typed is already normalised (normalising is idempotent).
        let at = match self.department_at.get(code) {
            Some(&i) => Some(i),
            None => self.department_at.get(&normalise_department_code(code)).copied(),
        };
        at.and_then(|i| self.departments.get(i))
    }

    /// The position of a département in [`Gazetteer::departments`].
    pub fn department_position(&self, code: &str) -> Option<usize> {
        let department = self.department(code)?;
        self.department_at.get(&department.code).copied()
    }

    /// The position of a région in [`Gazetteer::regions`].
    pub fn region_position(&self, code: &str) -> Option<usize> {
        self.regions.iter().position(|r| r.code == code)
    }

    /// The commune with this INSEE code. The code of a municipal arrondissement of Paris, Lyon or
    /// Marseille (75101–75120, 69381–69389, 13201–13216 in INSEE's code officiel géographique) names
    /// its city: public records give either.
    pub fn commune(&self, insee: &str) -> Option<&Commune> {
        let insee = insee.trim();
        let code = city_of_arrondissement(insee).unwrap_or(insee);
        self.by_insee.get(code).map(|&i| &self.communes[i])
    }

    /// The communes served by this post code.
    pub fn communes_by_post_code(&self, post_code: &str) -> Vec<&Commune> {
        self.by_post_code()
            .get(post_code.trim())
            .map(|v| v.iter().map(|&i| &self.communes[i]).collect())
            .unwrap_or_default()
    }

    /// The communes with this name (accents, case, hyphens and « St » for « Saint » ignored), in
    /// list order.
    pub fn communes_by_name(&self, name: &str) -> Vec<&Commune> {
        self.by_name().get(&name_key(name)).map(|v| v.iter().map(|&i| &self.communes[i]).collect()).unwrap_or_default()
    }

    /// The communes whose name has this key (a name already folded as [`name_key`] folds it).
    pub(crate) fn communes_by_key<'g>(&'g self, key: &str) -> impl Iterator<Item = &'g Commune> + use<'g> {
        self.by_name().get(key).into_iter().flatten().map(|&i| &self.communes[i])
    }

    /// The communes whose name places them in the area this word names (a word folded as
    /// [`name_key`] folds it): « valois » gives Crépy-en-Valois, Thury-en-Valois…, in list order.
    pub(crate) fn communes_in_area<'g>(&'g self, word: &str) -> impl Iterator<Item = &'g Commune> + use<'g> {
        self.by_area().get(word).into_iter().flatten().map(|&i| &self.communes[i])
    }

    /// The communes a place name typed by a person may mean: those with this name, and the main
    /// towns whose name starts with it (« Évry » is also Évry-Courcouronnes); main towns first.
    pub fn communes_named(&self, name: &str) -> Vec<&Commune> {
        let key = name_key(name);
        if key.is_empty() {
            return Vec::new();
        }
        let exact = self.by_name().get(&key).map(Vec::as_slice).unwrap_or_default();
        let starts =
            |i: &usize| self.communes.get(*i).is_some_and(|c| name_key(&c.name).starts_with(&format!("{key} ")));
        let mut found: Vec<usize> =
            self.main_towns.iter().copied().filter(|i| exact.contains(i) || starts(i)).collect();
        found.extend(exact.iter().filter(|i| !found.contains(i)).copied().collect::<Vec<_>>());
        found.iter().filter_map(|&i| self.communes.get(i)).collect()
    }

    /// The départements with this name (accents, case and hyphens ignored): « Essonne »,
    /// « seine saint denis », « Côtes d'Armor ».
    pub fn departments_named(&self, name: &str) -> Vec<&Department> {
        let key = name_key(name);
        self.departments.iter().filter(|d| !key.is_empty() && name_key(&d.name) == key).collect()
    }

    /// A point for a post code or an INSEE code (post code first), as `--near` takes it.
    pub fn locate(&self, code: &str) -> Option<(GeoPoint, &Commune)> {
        let by_pc = self.communes_by_post_code(code);
        let commune = by_pc.first().copied().or_else(|| self.commune(code))?;
        Some((commune.centre, commune))
    }
}

/// A place name as looked up: folded, words of letters and digits separated by one space, elided
/// articles kept as words, « st »/« ste » read as « saint »/« sainte ».
pub(crate) fn name_key(name: &str) -> String {
    let folded = fold(name.trim());
    let words = folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty());
    let words = words.map(|w| match w {
        "st" => "saint",
        "ste" => "sainte",
        other => other,
    });
    words.collect::<Vec<_>>().join(" ")
}

/// Pads a one-digit département code ("1" → "01") and upper-cases Corsica ("2a" → "2A").
pub fn normalise_department_code(code: &str) -> String {
    let code = code.trim().to_ascii_uppercase();
    if code.len() == 1 && code.chars().all(|c| c.is_ascii_digit()) { format!("0{code}") } else { code }
}

fn parse_tsv(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().skip(1).filter(|l| !l.trim().is_empty()).map(|l| l.split('\t').collect())
}

fn parse_department_row(cols: &[&str]) -> Option<Department> {
    Some(Department {
        code: cols.first()?.to_string(),
        name: cols.get(1)?.to_string(),
        region: cols.get(2)?.to_string(),
        centre: GeoPoint::new(cols.get(3)?.parse().ok()?, cols.get(4)?.parse().ok()?)?,
    })
}

/// A commune from the columns at these positions: insee, name, post codes, département, lat, lon;
/// `None` for a row without a point.
fn parse_commune_row(cols: &[&str], at: [usize; 6]) -> Option<Commune> {
    let [insee, name, post_codes, department, lat, lon] = at;
    Some(Commune {
        insee: cols.get(insee)?.to_string(),
        name: cols.get(name)?.to_string(),
        post_codes: cols.get(post_codes)?.split('|').filter(|s| !s.is_empty()).map(str::to_string).collect(),
        department: cols.get(department)?.to_string(),
        centre: GeoPoint::new(cols.get(lat)?.parse().ok()?, cols.get(lon)?.parse().ok()?)?,
    })
}

/// The INSEE code of the city a municipal arrondissement belongs to (code officiel géographique:
/// Paris 75101–75120, Lyon 69381–69389, Marseille 13201–13216), `None` for any other code.
fn city_of_arrondissement(insee: &str) -> Option<&'static str> {
    let number: u32 = insee.parse().ok().filter(|_| insee.len() == 5)?;
    match number {
        75101..=75120 => Some("75056"),
        69381..=69389 => Some("69123"),
        13201..=13216 => Some("13055"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Départements with fewer than three communes in reality: Paris is one commune,
    /// Saint-Pierre-et-Miquelon has two.
    const SMALL_DEPARTMENTS: [(&str, usize); 2] = [("75", 1), ("975", 2)];

    fn data_lines(tsv: &str) -> usize {
        tsv.lines().skip(1).filter(|l| !l.trim().is_empty()).count()
    }

    fn towns_in(department: &str) -> Vec<&'static Commune> {
        Gazetteer::builtin().communes().iter().filter(|c| c.department == department).collect()
    }

    #[test]
    fn every_reference_line_is_parsed() {
        let g = Gazetteer::builtin();
        assert_eq!(g.regions().len(), data_lines(REGIONS_TSV));
        assert_eq!(g.departments().len(), data_lines(DEPARTMENTS_TSV));
        assert_eq!(g.departments().len(), 102);
        // A malformed row would be dropped silently by the loader: only rows without a point may
        // be, and each of them must be placed by the main towns.
        let unplaced: Vec<&str> = parse_tsv(COMMUNES_TSV)
            .filter(|c| parse_commune_row(c, [0, 1, 2, 3, 5, 6]).is_none())
            .map(|c| c[0])
            .collect();
        assert_eq!(unplaced, vec!["97502"], "lignes de communes illisibles");
        assert_eq!(g.communes().len(), data_lines(COMMUNES_TSV));
        assert!(g.communes().len() > 34_900, "{} communes", g.communes().len());
        // Every main town is a commune of the official list, and keeps its own centre.
        for town in parse_tsv(TOWNS_TSV) {
            let expected = parse_commune_row(&town, [0, 1, 2, 3, 4, 5]);
            let found = expected.as_ref().and_then(|t| g.commune(&t.insee));
            assert!(found.is_some() && found == expected.as_ref(), "ville principale {town:?}");
        }
    }

    #[test]
    fn a_municipal_arrondissement_names_its_city() {
        let g = Gazetteer::builtin();
        for (arrondissement, city) in
            [("75112", "Paris"), ("69385", "Lyon"), ("13216", "Marseille"), ("75101", "Paris")]
        {
            assert_eq!(g.commune(arrondissement).map(|c| c.name.as_str()), Some(city), "{arrondissement}");
        }
        for other in ["75121", "69380", "13217", "7511"] {
            assert!(g.commune(other).is_none(), "{other}");
        }
    }

    #[test]
    fn every_department_belongs_to_a_known_region() {
        let g = Gazetteer::builtin();
        for d in g.departments() {
            assert!(g.region(&d.region).is_some(), "département {} : région {} inconnue", d.code, d.region);
        }
    }

    #[test]
    fn every_department_has_at_least_three_towns() {
        for d in Gazetteer::builtin().departments() {
            let found = towns_in(&d.code).len();
            match SMALL_DEPARTMENTS.iter().find(|(code, _)| *code == d.code) {
                Some((_, all)) => assert_eq!(found, *all, "département {}", d.code),
                None => assert!(found >= 3, "département {} : {found} communes", d.code),
            }
        }
    }

    #[test]
    fn towns_are_consistent_with_their_department() {
        let g = Gazetteer::builtin();
        let mut seen = std::collections::HashSet::new();
        for c in g.communes() {
            assert!(seen.insert(c.insee.as_str()), "code INSEE {} en double", c.insee);
            let d = g.department(&c.department).unwrap_or_else(|| panic!("{} : département inconnu", c.name));
            assert!(c.insee.starts_with(&d.code), "{} {} hors du département {}", c.insee, c.name, d.code);
            assert!(!c.post_codes.is_empty(), "{} sans code postal", c.name);
            assert!(c.post_codes.iter().all(|p| p.len() == 5 && p.bytes().all(|b| b.is_ascii_digit())), "{}", c.name);
            // Guyane is about 300 km across; elsewhere 150 km from the centre is far enough.
            let limit = if d.code == "973" { 300.0 } else { 150.0 };
            let km = c.centre.distance_km(d.centre);
            assert!(km <= limit, "{} ({}) à {km:.0} km du centre de son département", c.name, c.insee);
        }
    }

    #[test]
    fn post_codes_and_insee_codes_locate_towns() {
        let g = Gazetteer::builtin();
        for (code, expected) in [
            ("91000", "Évry-Courcouronnes"),
            ("91080", "Évry-Courcouronnes"),
            ("93100", "Montreuil"),
            ("93048", "Montreuil"),
            ("75011", "Paris"),
            ("13008", "Marseille"),
            ("08000", "Charleville-Mézières"),
            ("12000", "Rodez"),
            ("97400", "Saint-Denis"),
            ("94220", "Charenton-le-Pont"),
            ("2B096", "Corte"),
            // A post code of several communes locates the main town first.
            ("91160", "Longjumeau"),
            // The official name of a town that is not a main one.
            ("91136", "Champlan"),
        ] {
            let (_, commune) = g.locate(code).unwrap_or_else(|| panic!("{code} introuvable"));
            assert_eq!(commune.name, expected, "{code}");
        }
        assert!(g.locate("00000").is_none());
        let montreuils: Vec<&str> = g.communes_by_name("montreuil").iter().map(|c| c.department.as_str()).collect();
        assert_eq!(montreuils, vec!["28", "62", "85", "93"]);
        let named = |name: &str| g.communes_named(name).iter().map(|c| c.insee.as_str()).collect::<Vec<_>>();
        // Main towns first, then the smaller homonyms in list order.
        assert_eq!(named(" MONTREUIL "), vec!["62588", "93048", "28267", "85148"]);
        assert_eq!(named("Évry"), vec!["91228", "89162"]);
        assert_eq!(named("st denis"), named("Saint-Denis"));
        assert_eq!(named("Charenton le Pont"), vec!["94018"]);
        assert!(named("Gotham").is_empty() && named(" - ").is_empty());
        let departments = |name: &str| g.departments_named(name).iter().map(|d| d.code.as_str()).collect::<Vec<_>>();
        assert_eq!(departments("essonne"), vec!["91"]);
        assert_eq!(departments("Seine Saint Denis"), vec!["93"]);
        assert_eq!(departments("Côtes d'Armor"), vec!["22"]);
        let evry = g.locate("91000").map(|(p, _)| p);
        let corbeil = g.commune("91174").map(|c| c.centre);
        let km = evry.zip(corbeil).map(|(a, b)| a.distance_km(b));
        assert!(km.is_some_and(|km| km < 5.0), "{km:?}");
    }

    #[test]
    fn founding_cases_towns_are_known() {
        let g = Gazetteer::builtin();
        let est_ensemble = ["93006", "93008", "93010", "93045", "93048", "93053", "93055", "93061", "93063"];
        let others = ["93007", "93066", "93001", "59350", "59512", "59599", "59009", "31555", "31149", "31069"];
        let more = ["92050", "92012", "92036", "92025", "08105", "08409", "26108", "26362", "87085", "12202"];
        let last = ["12145", "40192", "40088", "79191", "79049"];
        for insee in est_ensemble.iter().chain(&others).chain(&more).chain(&last) {
            assert!(g.commune(insee).is_some(), "{insee} absent");
        }
        assert!(towns_in("12").len() >= 5 && towns_in("40").len() >= 5 && towns_in("31").len() >= 10);
    }

    #[test]
    fn essonne_towns_cover_the_whole_department() {
        let essonne = towns_in("91");
        assert!(essonne.len() >= 30, "{} communes", essonne.len());
        let lats = essonne.iter().map(|c| c.centre.lat);
        let (south, north) = lats.fold((f64::MAX, f64::MIN), |(lo, hi), l| (lo.min(l), hi.max(l)));
        // From Angerville (48.31) to the Paris border (48.75).
        assert!(south < 48.35 && north > 48.72, "{south}–{north}");
        for insee in ["91228", "91174", "91377", "91477", "91223", "91200", "91021", "91405", "91692", "91103"] {
            assert!(essonne.iter().any(|c| c.insee == insee), "{insee} absent");
        }
    }

    #[test]
    fn department_codes_are_normalised() {
        assert_eq!(normalise_department_code("1"), "01");
        assert_eq!(normalise_department_code(" 2a "), "2A");
        assert_eq!(normalise_department_code("974"), "974");
        assert_eq!(Gazetteer::builtin().department("1").map(|d| d.name.as_str()), Some("Ain"));
    }
}
