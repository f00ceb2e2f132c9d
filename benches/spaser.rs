//! Benchmark of the SPASER reservable potential: one buyer's 2 000 contracts of a year (synthetic DECP
//! JSON Lines made here), each matched against 100 000 generated suppliers.
//!
//! Needs in Cargo.toml: `[[bench]] name = "spaser" harness = false`.
//! Run: `cargo bench --bench spaser -- --warm-up-time 1 --measurement-time 20`.

/// The synthetic catalogue generator of `essor fixtures generate`, shared with the binary.
#[allow(dead_code, unused_imports)]
#[path = "../src/generate/mod.rs"]
mod generate;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use essor::domain::{CpvCatalogue, Gazetteer, Supplier};
use essor::law::LawConfig;
use essor::matching::{Engine, Weights};
use essor::search::{IndexContext, SupplierIndex};
use essor::spaser::{EssDirectory, PotentialState, Targets, load};
use essor::usecase::spaser_report;

/// Catalogue size of the benchmark.
const SUPPLIERS: usize = 100_000;
/// Contracts of the buyer in the year.
const CONTRACTS: usize = 2_000;
/// The buyer.
const BUYER: &str = "21310000000016";

/// Objects and CPV codes of the contracts, from trades ESS suppliers do and trades they do not.
const TRADES: [(&str, &str); 12] = [
    ("Nettoyage des locaux administratifs", "90911200"),
    ("Entretien des espaces verts", "77310000"),
    ("Restauration collective des écoles", "55523100"),
    ("Blanchisserie du linge des crèches", "98311000"),
    ("Collecte et recyclage des papiers", "90511000"),
    ("Travaux de peinture intérieure", "45442100"),
    ("Construction d'un pont routier", "45221111"),
    ("Fourniture de véhicules utilitaires", "34130000"),
    ("Maintenance des ascenseurs", "50750000"),
    ("Conditionnement et mise sous pli", "79820000"),
    ("Prestations de conseil juridique", "79100000"),
    ("Livraison de colis à vélo", "60161000"),
];

/// Places: départements, and communes given by their INSEE code.
const PLACES: [(&str, &str); 8] = [
    ("91", "Code département"),
    ("31", "Code département"),
    ("59350", "Code commune"),
    ("69", "Code département"),
    ("13055", "Code commune"),
    ("33", "Code département"),
    ("75", "Code département"),
    ("44109", "Code commune"),
];

/// One buyer's contracts of 2025 as DECP JSON Lines; one in ten reserved, one in ten with a social clause.
fn decp() -> String {
    let mut out = String::new();
    for n in 0..CONTRACTS {
        let (object, cpv) = TRADES[n % TRADES.len()];
        let (code, kind) = PLACES[(n / TRADES.len()) % PLACES.len()];
        let social = match n % 10 {
            0 => r#""Marché réservé""#,
            1 => r#""Clause sociale""#,
            _ => "",
        };
        let amount = 20_000 + (n * 7_919) % 480_000;
        let day = 1 + n % 28;
        let month = 1 + (n / 28) % 12;
        out.push_str(&format!(
            r#"{{"id": "2025-{n:05}", "acheteur": {{"id": "{BUYER}"}}, "objet": "{object} — lot {n}", "codeCPV": "{cpv}", "montant": {amount}, "dateNotification": "2025-{month:02}-{day:02}", "dureeMois": 24, "lieuExecution": {{"code": "{code}", "typeCode": "{kind}"}}, "considerationsSociales": [{social}], "considerationsEnvironnementales": [], "titulaires": [{{"typeIdentifiant": "SIRET", "id": "77511111100016", "denominationSociale": "ENTREPRISE GENERALE"}}]}}"#
        ));
        out.push('\n');
    }
    out
}

fn bench(c: &mut Criterion) {
    let suppliers: Vec<Supplier> = generate::generate(SUPPLIERS, 42).collect();
    let directory = EssDirectory::from_suppliers(&suppliers);
    let index = SupplierIndex::in_memory().expect("index en mémoire");
    index.rebuild(&suppliers, 1, &IndexContext::builtin()).expect("indexation");
    let text = index.text_relevance().expect("instantané de l'index");
    let engine = Engine::new(
        suppliers,
        Some(text),
        std::borrow::Cow::Borrowed(Gazetteer::builtin()),
        CpvCatalogue::builtin().clone(),
        Weights::default(),
        LawConfig::default(),
    );
    let decp = decp();
    let run = || {
        let loaded = load(decp.as_bytes(), Some(BUYER)).expect("DECP");
        spaser_report(loaded, BUYER, &[2025], &Targets::default(), Some(&directory), Some(&engine)).expect("rapport")
    };
    let report = run();
    if let PotentialState::Measured(years) = &report.potential {
        let p = &years[0];
        println!(
            "{} contracts, {} examined, {} reservable ({:.0} €)",
            p.contracts,
            p.examined,
            p.reservable.len(),
            p.reservable_value_eur
        );
    }
    let mut group = c.benchmark_group("spaser");
    group.sample_size(10);
    group.bench_function("potential_2000_contracts_100k_suppliers", |b| b.iter(|| black_box(run())));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
