//! Benchmark of the alerts: 1 000 open notice lots (100 procedures of 10 lots, spread over trades and
//! départements) against 100 000 generated suppliers, every supplier with an e-mail address a recipient
//! with its default profile.
//!
//! Needs in Cargo.toml: `[[bench]] name = "alerts" harness = false`.
//! Run: `cargo bench --bench alerts -- --warm-up-time 1 --measurement-time 30`.

/// The synthetic catalogue generator of `essor fixtures generate`, shared with the binary.
#[allow(dead_code, unused_imports)]
#[path = "../src/generate/mod.rs"]
mod generate;

use std::collections::HashMap;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use essor::alerts::{AlertConfig, compute, recipients};
use essor::domain::{Cpv, CpvCatalogue, Gazetteer, Supplier};
use essor::law::LawConfig;
use essor::matching::{Engine, Weights};
use essor::notices::procedure::{Procedure, fold};
use essor::search::{IndexContext, SupplierIndex};

/// Catalogue size of the benchmark.
const SUPPLIERS: usize = 100_000;
/// Procedures, each of [`LOTS`] lots (`ESSOR_BENCH_PROCEDURES` for another number).
const PROCEDURES: usize = 100;
/// Lots per procedure.
const LOTS: usize = 10;

/// Trades of the lots: title and CPV code.
const TRADES: [(&str, &str); 10] = [
    ("Nettoyage des locaux", "90911200"),
    ("Entretien des espaces verts", "77310000"),
    ("Restauration collective", "55523100"),
    ("Collecte des déchets", "90511000"),
    ("Travaux de peinture", "45442100"),
    ("Blanchisserie", "98311000"),
    ("Mise à disposition de personnel", "79620000"),
    ("Reconditionnement informatique", "50312000"),
    ("Confection textile", "18330000"),
    ("Livraison à vélo", "60161000"),
];

/// 100 procedures of 10 lots, from the Massy notice of the test fixtures, each lot of another trade
/// and the procedures spread over the départements.
fn procedures() -> Vec<Procedure> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/alerts/notices/cn-nettoyage-massy.xml");
    let bytes = std::fs::read(&file).expect("avis de test");
    let notice = essor::notices::read_xml(&file, &bytes).expect("avis lisible");
    let departments: Vec<String> = Gazetteer::builtin().departments().iter().map(|d| d.code.clone()).collect();
    let count = std::env::var("ESSOR_BENCH_PROCEDURES").ok().and_then(|n| n.parse().ok()).unwrap_or(PROCEDURES);
    (0..count)
        .map(|p| {
            let mut n = notice.clone();
            n.id = format!("bench-{p}");
            n.procedure_id = format!("bench-procedure-{p}");
            let model = n.lots[0].clone();
            n.lots = (0..LOTS)
                .map(|l| {
                    let mut lot = model.clone();
                    let (title, code) = TRADES[(p + l) % TRADES.len()];
                    lot.id = format!("LOT-{l:04}");
                    lot.title = title.to_string();
                    lot.cpv = vec![Cpv::parse(code).expect("code CPV")];
                    lot.place.departments = vec![departments[(p * 7 + l) % departments.len()].clone()];
                    lot.place.communes.clear();
                    lot.place.post_codes.clear();
                    lot.place.nuts.clear();
                    lot.reservation = if l % 4 == 0 { lot.reservation } else { None };
                    lot
                })
                .collect();
            fold(vec![n]).expect("procédure")
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let suppliers: Vec<Supplier> = generate::generate(SUPPLIERS, 42).collect();
    let index = SupplierIndex::in_memory().expect("index en mémoire");
    index.rebuild(&suppliers, 1, &IndexContext::builtin()).expect("indexation");
    let engine = Engine::new(
        suppliers.clone(),
        Some(index.text_relevance().expect("instantané de l'index")),
        std::borrow::Cow::Borrowed(Gazetteer::builtin()),
        CpvCatalogue::builtin().clone(),
        Weights::default(),
        LawConfig::default(),
    );
    let procedures = procedures();
    let who = recipients(&suppliers, &HashMap::new());
    let today = jiff::civil::date(2026, 12, 7);
    let config = AlertConfig::default();
    let none = |_: &str, _: &str, _: &str| false;
    let started = std::time::Instant::now();
    let alerts = compute(&engine, &procedures, today, &who, &config, &none).expect("alertes");
    let partnered = alerts.iter().filter(|a| a.too_large_alone.is_some()).count();
    println!(
        "{} destinataires, {} lots ouverts, {} alertes dont {partnered} avec partenaires, premier calcul {:.1} s",
        who.len(),
        procedures.iter().map(|p| p.notice.lots.len()).sum::<usize>(),
        alerts.len(),
        started.elapsed().as_secs_f64()
    );
    let mut group = c.benchmark_group("alerts");
    group.sample_size(10);
    group.bench_function("compute_1000_lots_100k_suppliers", |b| {
        b.iter(|| compute(&engine, black_box(&procedures), today, &who, &config, &none).expect("alertes"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
