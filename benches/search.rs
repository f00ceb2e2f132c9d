//! Benchmarks of the supplier index on 100 000 suppliers of the synthetic catalogue
//! (`essor fixtures generate --count 100000 --seed 1`): rebuilding the index, and typical searches.
//!
//! Run: `cargo bench --bench search`. `ESSOR_BENCH_SUPPLIERS=1000000 cargo bench --bench search` runs
//! the same benchmarks on a catalogue of that size.

/// The synthetic catalogue generator of `essor fixtures generate`, shared with the binary.
#[allow(dead_code, unused_imports)]
#[path = "../src/generate/mod.rs"]
mod generate;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use essor::domain::{CpvCatalogue, Gazetteer, GeoPoint, Kind, Supplier, Taxonomy};
use essor::search::{IndexContext, SearchQuery, SupplierIndex};
use generate::generate;

/// Catalogue size of the benchmarks, unless `ESSOR_BENCH_SUPPLIERS` gives another.
const SUPPLIERS: usize = 100_000;

fn catalogue_size() -> usize {
    std::env::var("ESSOR_BENCH_SUPPLIERS").ok().and_then(|n| n.parse().ok()).unwrap_or(SUPPLIERS)
}

/// The catalogue size as benchmark names give it (`100k`, `1M`).
fn size_label() -> String {
    match catalogue_size() {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

fn context() -> IndexContext<'static> {
    IndexContext { gazetteer: Gazetteer::builtin(), taxonomy: Taxonomy::builtin(), cpv: CpvCatalogue::builtin() }
}

fn catalogue() -> Vec<Supplier> {
    generate(catalogue_size(), 1).collect()
}

fn bench_rebuild(c: &mut Criterion) {
    let ctx = context();
    let suppliers = catalogue();
    let mut group = c.benchmark_group("index");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30))
        .throughput(Throughput::Elements(catalogue_size() as u64));
    group.bench_function(format!("rebuild {}", size_label()), |b| {
        b.iter(|| {
            let index = SupplierIndex::in_memory().unwrap_or_else(|e| panic!("{e}"));
            index.rebuild(black_box(&suppliers), 1, &ctx).unwrap_or_else(|e| panic!("{e}"));
            index
        })
    });
    group.finish();
}

fn bench_search(c: &mut Criterion) {
    let ctx = context();
    let index = SupplierIndex::in_memory().unwrap_or_else(|e| panic!("{e}"));
    index.rebuild(&catalogue(), 1, &ctx).unwrap_or_else(|e| panic!("{e}"));
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
        (
            "text + sector family",
            SearchQuery { sectors: vec!["dechets".into()], limit: 10, ..SearchQuery::text("cartons") },
        ),
        ("empty text near, by distance", SearchQuery { near: evry, limit: 10, ..SearchQuery::default() }),
        ("everything, by name", SearchQuery { limit: 10, ..SearchQuery::default() }),
        ("typo, fuzzy retry", SearchQuery { limit: 10, ..SearchQuery::text("netoyage blanchiserie") }),
    ];
    let mut group = c.benchmark_group(format!("search {}", size_label()));
    for (name, query) in &queries {
        group.bench_function(*name, |b| {
            b.iter(|| index.search(black_box(query), &ctx).unwrap_or_else(|e| panic!("{e}")))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_rebuild, bench_search);
criterion_main!(benches);
