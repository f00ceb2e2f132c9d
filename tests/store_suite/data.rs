//! Deterministic suppliers, communes and CPV codes for the suite.

use essor::domain::kind::ALL_KINDS;
use essor::domain::siret::with_luhn_digit;
use essor::domain::{Commune, Cpv, GeoPoint, Intervention, Kind, Siret, Supplier};

/// A valid SIRET, distinct for each `n` (none falls under La Poste's SIREN).
pub fn siret(n: u64) -> Siret {
    Siret::parse(&with_luhn_digit(&format!("{:013}", 4_000_000_000_000 + n))).expect("generated SIRET is valid")
}

/// Sites the generated suppliers sit in: département, post code, town, latitude, longitude.
const SITES: [(&str, &str, &str, f64, f64); 8] = [
    ("69", "69003", "Lyon", 45.760_43, 4.849_71),
    ("75", "75011", "Paris", 48.857_4, 2.380_1),
    ("13", "13003", "Marseille", 43.310_2, 5.380_9),
    ("59", "59000", "Lille", 50.629_25, 3.057_256),
    ("29", "29200", "Brest", 48.390_39, -4.486_076),
    ("2A", "20000", "Ajaccio", 41.919_229, 8.738_635),
    ("974", "97400", "Saint-Denis", -20.882_057, 55.450_675),
    ("44", "44000", "Nantes", 47.218_371, -1.553_621),
];

/// What the generated suppliers do.
const TRADES: [(&str, &str, &str); 4] = [
    ("nettoyage-locaux", "90911200", "Nettoyage de bureaux et de locaux, vitrerie, remise en état après travaux"),
    ("entretien-espaces-verts", "77310000", "Entretien d'espaces verts, tonte, taille de haies, débroussaillage"),
    ("restauration-collective", "55520000", "Restauration collective et traiteur à partir de produits locaux et bio"),
    ("peinture-vitrerie", "45442100", "Peinture, revêtements de sols et petits travaux de second œuvre"),
];

/// A point rounded to 6 decimals, as coordinates come in import files.
///
/// Computed sums such as `48.39039 + 0.0004` print with 17 digits, and serde_json (without its
/// `float_roundtrip` feature) may read those back one unit off in the last place.
fn point(lat: f64, lon: f64) -> Option<GeoPoint> {
    let round = |x: f64| format!("{x:.6}").parse::<f64>().ok();
    GeoPoint::new(round(lat)?, round(lon)?)
}

/// A realistic supplier, different for each `n`; every fifth one works in each intervention mode.
pub fn supplier(n: u64) -> Supplier {
    let (department, post_code, city, lat, lon) = SITES[(n % 8) as usize];
    let (sector, cpv, description) = TRADES[(n % 4) as usize];
    let kind = ALL_KINDS[(n % ALL_KINDS.len() as u64) as usize];
    let intervention = match n % 5 {
        0 => Intervention::Default,
        1 => Intervention::RadiusKm(20.0 + (n % 60) as f64),
        2 => Intervention::Departments(vec![department.to_string(), "01".to_string()]),
        3 => Intervention::Regions(vec!["84".to_string()]),
        _ => Intervention::National,
    };
    Supplier {
        siret: siret(n),
        name: format!("Atelier solidaire n° {n}"),
        kinds: if n.is_multiple_of(3) { vec![kind, Kind::Esus] } else { vec![kind] },
        brand: n.is_multiple_of(2).then(|| format!("Les Mains Vertes {n}")),
        legal_form: Some("Association loi 1901".to_string()),
        naf: Some("8121Z".to_string()),
        naf_label: Some("Nettoyage courant des bâtiments".to_string()),
        description: Some(format!("{description}. Structure n° {n}, équipes encadrées, insertion par l'activité.")),
        sectors: vec![sector.to_string()],
        cpv: vec![Cpv::parse(cpv).expect("CPV literal")],
        post_code: post_code.to_string(),
        city: city.to_string(),
        department: department.to_string(),
        commune_insee: None,
        location: point(lat + (n % 100) as f64 * 1e-4, lon),
        intervention,
        employees: Some((n % 250) as u32),
        revenue_eur: Some(150_000.0 + (n % 1000) as f64 * 1_250.5),
        networks: vec!["Fédération des entreprises d'insertion".to_string()],
        email: Some(format!("contact{n}@atelier-solidaire.fr")),
    }
}

/// Suppliers that between them use every intervention variant, every optional field both present
/// and absent, empty and multi-valued lists, and coordinates of both signs with many decimals.
pub fn varied_suppliers() -> Vec<Supplier> {
    let bare = Supplier {
        siret: siret(900_001),
        name: "ESAT Les Iris".to_string(),
        kinds: vec![Kind::Esat],
        brand: None,
        legal_form: None,
        naf: None,
        naf_label: None,
        description: None,
        sectors: Vec::new(),
        cpv: Vec::new(),
        post_code: "29200".to_string(),
        city: "Brest".to_string(),
        department: "29".to_string(),
        commune_insee: None,
        location: None,
        intervention: Intervention::Default,
        employees: None,
        revenue_eur: None,
        networks: Vec::new(),
        email: None,
    };
    let full = Supplier {
        siret: siret(900_002),
        name: "Régie de Quartier « Nord » d'Évry".to_string(),
        kinds: vec![Kind::Aci, Kind::Ai, Kind::Scic],
        brand: Some("L'Atelier Vert".to_string()),
        legal_form: Some("SCIC SA".to_string()),
        naf: Some("8130Z".to_string()),
        naf_label: Some("Services d'aménagement paysager".to_string()),
        description: Some("Maraîchage bio, espaces verts ; « insertion » et\nretour à l'emploi.".to_string()),
        sectors: vec!["entretien-espaces-verts".to_string(), "maraichage".to_string()],
        cpv: vec![Cpv::parse("77310000").expect("CPV"), Cpv::parse("03221000-6").expect("CPV")],
        post_code: "91000".to_string(),
        city: "Évry-Courcouronnes".to_string(),
        department: "91".to_string(),
        commune_insee: Some("91228".to_string()),
        location: GeoPoint::new(48.629_123_456_789, 2.440_987_654_321),
        intervention: Intervention::RadiusKm(37.5),
        employees: Some(0),
        revenue_eur: Some(1_234_567.89),
        networks: vec!["PTCE Sud 91".to_string(), "Réseau Cocagne".to_string()],
        email: Some("contact@regie-nord.fr".to_string()),
    };
    let by_departments = Supplier {
        siret: siret(900_003),
        kinds: vec![Kind::Ea, Kind::Eatt],
        department: "2B".to_string(),
        post_code: "20200".to_string(),
        city: "Bastia".to_string(),
        location: GeoPoint::new(42.697_283, 9.450_881),
        intervention: Intervention::Departments(vec!["2A".to_string(), "2B".to_string()]),
        employees: Some(4_000_000_000),
        ..bare.clone()
    };
    let by_regions = Supplier {
        siret: siret(900_004),
        department: "971".to_string(),
        post_code: "97110".to_string(),
        city: "Pointe-à-Pitre".to_string(),
        location: GeoPoint::new(16.241_1, -61.533_1),
        intervention: Intervention::Regions(vec!["01".to_string(), "84".to_string()]),
        revenue_eur: Some(0.0),
        ..bare.clone()
    };
    let national = Supplier {
        siret: siret(900_005),
        kinds: vec![Kind::Sep, Kind::Ess],
        location: GeoPoint::new(-21.115_141, 55.536_384),
        intervention: Intervention::National,
        ..full.clone()
    };
    vec![bare, full, by_departments, by_regions, national]
}

/// A few communes, including overseas and Corsican ones, and one with no post code.
pub fn communes() -> Vec<Commune> {
    let commune = |insee: &str, name: &str, post_codes: &[&str], department: &str, lat: f64, lon: f64| Commune {
        insee: insee.to_string(),
        name: name.to_string(),
        post_codes: post_codes.iter().map(|p| p.to_string()).collect(),
        department: department.to_string(),
        centre: GeoPoint::new(lat, lon).expect("valid point"),
    };
    vec![
        commune("91228", "Évry-Courcouronnes", &["91000", "91080"], "91", 48.629, 2.441),
        commune("2A004", "Ajaccio", &["20000", "20090"], "2A", 41.919_229, 8.738_635),
        commune("69123", "Lyon", &["69001", "69002", "69003"], "69", 45.764_043, 4.835_659),
        commune("97411", "Saint-Denis", &["97400"], "974", -20.882_057, 55.450_675),
        commune("29019", "Brest", &[], "29", 48.390_39, -4.486_076),
    ]
}

/// A few CPV codes and their labels.
pub fn cpv_codes() -> Vec<(Cpv, String)> {
    [
        ("90911200", "Services de nettoyage de bâtiments"),
        ("45000000", "Travaux de construction"),
        ("77310000", "Services de plantation et d'entretien d'espaces verts"),
        ("55520000", "Services traiteur"),
    ]
    .into_iter()
    .map(|(code, label)| (Cpv::parse(code).expect("CPV literal"), label.to_string()))
    .collect()
}
