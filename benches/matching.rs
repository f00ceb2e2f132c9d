//! Benchmark of the matching engine: a 10-lot need against 100 000 generated suppliers.
//!
//! Needs in Cargo.toml: `[[bench]] name = "matching" harness = false`.
//! Run: `cargo bench --bench matching -- --warm-up-time 1 --measurement-time 5`.

/// The synthetic catalogue generator of `essor fixtures generate`, shared with the binary.
#[allow(dead_code, unused_imports)]
#[path = "../src/generate/mod.rs"]
mod generate;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use essor::domain::need::Need;
use essor::domain::{CpvCatalogue, Gazetteer, Supplier};
use essor::law::LawConfig;
use essor::matching::{Engine, Weights};
use essor::search::{IndexContext, SupplierIndex};

/// Catalogue size of the benchmark.
const SUPPLIERS: usize = 100_000;

/// A need of 10 lots spread over several trades and places.
const NEED: &str = r#"{
  "id": "bench", "title": "Services et fournitures d'une métropole", "estimated_value_eur": 900000,
  "consultation_date": "2026-04-15",
  "lots": [
    {"id": "1", "title": "Nettoyage des locaux administratifs", "cpv": ["90911200"], "place": {"department": "91"}},
    {"id": "2", "title": "Entretien des espaces verts et élagage", "cpv": ["77310000"], "place": {"commune_insee": "59350"}},
    {"id": "3", "title": "Restauration collective des écoles", "place": {"department": "92"}, "reservation": "handicap"},
    {"id": "4", "title": "Confection de tee-shirts", "cpv": ["18330000"], "place": {"department": "59"}, "reservation": "inclusive"},
    {"id": "5", "title": "Collecte et recyclage des papiers et cartons", "cpv": ["90511000"], "place": {"department": "31"}},
    {"id": "6", "title": "Mise à disposition de personnel d'entretien", "cpv": ["79620000"], "place": {"department": "69"}, "reservation": "insertion"},
    {"id": "7", "title": "Travaux de peinture intérieure", "cpv": ["45442100"], "place": {"department": "13"}},
    {"id": "8", "title": "Reconditionnement de matériel informatique", "place": {"lat": 48.85, "lon": 2.35, "radius_km": 30}},
    {"id": "9", "title": "Blanchisserie et repassage du linge des crèches", "cpv": ["98311000"], "place": {"department": "33"}},
    {"id": "10", "title": "Livraison de colis à vélo", "cpv": ["60161000"], "place": {"department": "75"}}
  ]
}"#;

fn engine() -> Engine {
    let suppliers: Vec<Supplier> = generate::generate(SUPPLIERS, 42).collect();
    let index = SupplierIndex::in_memory().expect("index en mémoire");
    index.rebuild(&suppliers, 1, &IndexContext::builtin()).expect("indexation");
    let text = index.text_relevance().expect("instantané de l'index");
    Engine::new(
        suppliers,
        Some(text),
        std::borrow::Cow::Borrowed(Gazetteer::builtin()),
        CpvCatalogue::builtin().clone(),
        Weights::default(),
        LawConfig::default(),
    )
}

fn bench(c: &mut Criterion) {
    let engine = engine();
    let value: serde_json::Value = serde_json::from_str(NEED).expect("besoin JSON");
    let need = Need::from_json(&value, Gazetteer::builtin(), CpvCatalogue::builtin(), jiff::civil::date(2026, 12, 6))
        .expect("besoin valide");
    assert_eq!(need.lots.len(), 10);
    c.bench_function("match_need_10_lots_100k_suppliers", |b| {
        b.iter(|| engine.match_need(black_box(&need), 10).expect("matching"))
    });
    // A lot whose words name its place is searched twice (the second time without those words,
    // for the evidence of each supplier's trade): the same lot without them, for comparison.
    for (name, title) in [
        ("match_lot_naming_its_place_100k_suppliers", "Nettoyage des collèges du secteur Noyon-Compiègne"),
        ("match_lot_naming_no_place_100k_suppliers", "Nettoyage des collèges du secteur"),
    ] {
        let value = serde_json::json!({"id": "lot", "title": title, "place": {"department": "60"}});
        let need =
            Need::from_json(&value, Gazetteer::builtin(), CpvCatalogue::builtin(), jiff::civil::date(2026, 12, 6))
                .expect("besoin valide");
        c.bench_function(name, |b| b.iter(|| engine.match_need(black_box(&need), 10).expect("matching")));
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
