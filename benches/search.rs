//! Benchmarks of the supplier index: rebuilding 100 000 synthetic suppliers, and typical searches
//! on them.
//!
//! Needs in Cargo.toml: `[[bench]] name = "search" harness = false`.
//! Run: `cargo bench --bench search -- --sample-size 10`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use essor::domain::siret::with_luhn_digit;
use essor::domain::{Cpv, CpvCatalogue, Gazetteer, GeoPoint, Intervention, Kind, Siret, Supplier, Taxonomy};
use essor::search::{IndexContext, SearchQuery, SupplierIndex};

/// Catalogue size of the benchmarks.
const SUPPLIERS: usize = 100_000;

const KINDS: [&[Kind]; 10] = [
    &[Kind::Aci],
    &[Kind::Aci],
    &[Kind::Aci, Kind::Ai],
    &[Kind::Ei],
    &[Kind::Ei],
    &[Kind::Ai],
    &[Kind::Etti],
    &[Kind::Ea],
    &[Kind::Esat],
    &[Kind::Scic, Kind::Esus],
];
const NAME_HEADS: [&str; 8] =
    ["Atelier", "Régie de quartier", "Jardins", "Recyclerie", "Ressources", "Envol", "Cap", "Horizon"];
const NAME_TAILS: [&str; 8] =
    ["du Val", "Solidaire", "de la Vallée", "Services", "Insertion", "des Deux Rives", "Avenir", "Plus"];
/// What the synthetic suppliers do: (description, sector key, CPV code).
const ACTIVITIES: [(&str, &str, &str); 12] = [
    ("nettoyage de locaux et de bureaux", "nettoyage-locaux", "90911200"),
    ("entretien des espaces verts et élagage", "entretien-espaces-verts", "77311000"),
    ("restauration collective et portage de repas", "restauration", "55524000"),
    ("collecte et recyclage des cartons et papiers", "dechets", "90511000"),
    ("confection textile et tee-shirts personnalisés", "textile", "18330000"),
    ("mise à disposition de personnel d'entretien", "personnel", "79620000"),
    ("second œuvre du bâtiment, peinture et plâtrerie", "second-oeuvre", "45442100"),
    ("reconditionnement de matériel informatique", "numerique", "50312000"),
    ("blanchisserie et repassage de linge", "blanchisserie", "98311000"),
    ("logistique, déménagement et livraison à vélo", "logistique", "60161000"),
    ("menuiserie et fabrication de mobilier en bois", "bois", "39150000"),
    ("numérisation de documents et saisie", "administratif", "79999100"),
];

/// The benchmark's own taxonomy, one sector per activity.
const SECTORS: &str = "family_key\tfamily_label\tsector_key\tsector_label\tcpv_prefixes\tnaf_codes\tkeywords
proprete\tPropreté\tnettoyage-locaux\tNettoyage de locaux\t90911\t8121Z\tnettoy
nature\tEspaces verts\tespaces-verts\tEntretien d'espaces verts\t7731\t8130Z\tespace vert
alimentation\tAlimentation\trestauration\tRestauration collective\t5552\t5629A\trepas
dechets\tDéchets\tdechets\tCollecte et recyclage\t9051\t3811Z\tcarton|papier
textile\tTextile\ttextile\tConfection textile\t18\t1413Z\tconfection
emploi\tEmploi\tpersonnel\tMise à disposition de personnel\t7962\t7830Z\tmise disposition
btp\tBâtiment\tsecond-oeuvre\tSecond œuvre\t4544\t4334Z\tpeinture
numerique\tNumérique\tnumerique\tReconditionnement informatique\t5031\t9511Z\tinformatique
proprete\tPropreté\tblanchisserie\tBlanchisserie\t9831\t9601A\tblanchiss|linge
logistique\tLogistique\tlogistique\tLogistique et livraison\t6016\t4941B\tlivraison
bois\tBois et ameublement\tbois\tMenuiserie et mobilier\t3915\t3109B\tmenuiserie
services\tServices administratifs\tadministratif\tNumérisation et saisie\t7999\t8219Z\tnumerisation
";

/// French labels of the CPV codes of [`ACTIVITIES`].
const CPV_LABELS: [(&str, &str); 12] = [
    ("90911200", "Services de nettoyage de bâtiments"),
    ("77311000", "Services d'entretien des jardins d'agrément"),
    ("55524000", "Services de traiteur pour écoles"),
    ("90511000", "Services de collecte des ordures"),
    ("18330000", "T-shirts et chemises"),
    ("79620000", "Services de mise à disposition de personnel"),
    ("45442100", "Travaux de peinture"),
    ("50312000", "Entretien et réparation de matériel informatique"),
    ("98311000", "Services de collecte de linge à blanchir"),
    ("60161000", "Services de transport de colis"),
    ("39150000", "Mobilier et équipements divers"),
    ("79999100", "Services de numérisation"),
];

const QUALIFIERS: [&str; 6] = [
    "pour les collectivités",
    "auprès des bailleurs sociaux",
    "pour les entreprises du territoire",
    "avec des salariés en parcours d'insertion",
    "en circuit court",
    "dans les établissements scolaires",
];

/// A small deterministic generator (SplitMix64).
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }

    /// A number in [-1, 1).
    fn jitter(&mut self) -> f64 {
        (self.next() % 2_000_000) as f64 / 1_000_000.0 - 1.0
    }
}

/// The reference data of the benchmark: the built-in territory, its own sectors and CPV labels.
fn context() -> (&'static Taxonomy, &'static CpvCatalogue) {
    let taxonomy = Box::leak(Box::new(Taxonomy::parse(SECTORS)));
    let labels = CPV_LABELS.iter().filter_map(|(c, l)| Some((Cpv::parse(c).ok()?, l.to_string())));
    (taxonomy, Box::leak(Box::new(CpvCatalogue::with_codes(labels))))
}

/// `count` synthetic suppliers spread over every département; one in ten declares no sector.
fn synthetic_suppliers(count: usize) -> Vec<Supplier> {
    let departments = Gazetteer::builtin().departments();
    let mut dice = Dice(42);
    (0..count)
        .map(|i| {
            let d = dice.pick(departments);
            let digits: String = d.code.chars().filter(char::is_ascii_digit).collect();
            let post_code = format!("{digits:0<5}");
            let (activity, sector, cpv) = *dice.pick(&ACTIVITIES);
            let description = format!("{}{} {}.", activity[..1].to_uppercase(), &activity[1..], dice.pick(&QUALIFIERS));
            Supplier {
                siret: Siret::parse(&with_luhn_digit(&format!("{:013}", 5_000_000_000_000 + i as u64 * 10)))
                    .unwrap_or_else(|e| panic!("SIRET {i}: {e}")),
                name: format!("{} {} {}", dice.pick(&NAME_HEADS), dice.pick(&NAME_TAILS), i),
                kinds: dice.pick(&KINDS).to_vec(),
                brand: None,
                legal_form: Some("Association".into()),
                naf: None,
                naf_label: None,
                description: Some(description),
                sectors: if i % 10 == 0 { Vec::new() } else { vec![sector.to_string()] },
                cpv: Cpv::parse(cpv).into_iter().collect(),
                post_code,
                city: format!("Commune {}", i % 500),
                department: d.code.clone(),
                commune_insee: None,
                location: GeoPoint::new(d.centre.lat + 0.4 * dice.jitter(), d.centre.lon + 0.5 * dice.jitter()),
                intervention: Intervention::RadiusKm(30.0),
                employees: Some((dice.next() % 150) as u32),
                revenue_eur: Some((dice.next() % 5_000_000) as f64),
                networks: Vec::new(),
                email: None,
            }
        })
        .collect()
}

fn bench_rebuild(c: &mut Criterion) {
    let (taxonomy, cpv) = context();
    let ctx = IndexContext { gazetteer: Gazetteer::builtin(), taxonomy, cpv };
    let suppliers = synthetic_suppliers(SUPPLIERS);
    let mut group = c.benchmark_group("index");
    group.sample_size(10).measurement_time(Duration::from_secs(20)).throughput(Throughput::Elements(SUPPLIERS as u64));
    group.bench_function("rebuild 100k", |b| {
        b.iter(|| {
            let index = SupplierIndex::in_memory().unwrap_or_else(|e| panic!("{e}"));
            index.rebuild(black_box(&suppliers), 1, &ctx).unwrap_or_else(|e| panic!("{e}"));
            index
        })
    });
    group.finish();
}

fn bench_search(c: &mut Criterion) {
    let (taxonomy, cpv) = context();
    let ctx = IndexContext { gazetteer: Gazetteer::builtin(), taxonomy, cpv };
    let index = SupplierIndex::in_memory().unwrap_or_else(|e| panic!("{e}"));
    index.rebuild(&synthetic_suppliers(SUPPLIERS), 1, &ctx).unwrap_or_else(|e| panic!("{e}"));
    let evry = GeoPoint::new(48.629, 2.441);
    let queries = [
        ("text", SearchQuery { limit: 10, ..SearchQuery::text("nettoyage des locaux") }),
        (
            "text near 30 km",
            SearchQuery { near: evry, radius_km: Some(30.0), limit: 10, ..SearchQuery::text("nettoyage locaux") },
        ),
        (
            "text + kind + département",
            SearchQuery {
                kinds: vec![Kind::Aci, Kind::Ei],
                departments: vec!["91".into(), "93".into()],
                limit: 10,
                ..SearchQuery::text("espaces verts")
            },
        ),
        ("empty text near, by distance", SearchQuery { near: evry, limit: 10, ..SearchQuery::default() }),
        ("everything, by name", SearchQuery { limit: 10, ..SearchQuery::default() }),
        ("typo, fuzzy retry", SearchQuery { limit: 10, ..SearchQuery::text("netoyage blanchiserie") }),
    ];
    let mut group = c.benchmark_group("search 100k");
    for (name, query) in &queries {
        group.bench_function(*name, |b| {
            b.iter(|| index.search(black_box(query), &ctx).unwrap_or_else(|e| panic!("{e}")))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_rebuild, bench_search);
criterion_main!(benches);
