//! Consortium search for one lot with 500 candidate suppliers (median target ≤ 100 ms).
//!
//! The lot: collection and reuse of cardboard in the nine towns of Est Ensemble, two activities,
//! reserved to SIAE, too large for any single candidate. Candidates are synthetic: each does one or
//! both activities in a random subset of the towns, with a turnover between 0.1 and 2 M€.
//!
//! Run: `cargo bench --bench planning -- --warm-up-time 1 --measurement-time 5`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use essor::domain::need::{Need, Reservation};
use essor::domain::{CpvCatalogue, Gazetteer, GeoPoint, Kind, Taxonomy};
use essor::planning::{Candidate, PlanningConfig, Scope, plan_consortium};

const TOWNS: [&str; 9] = ["93006", "93008", "93010", "93045", "93048", "93053", "93055", "93061", "93063"];

/// SplitMix64: deterministic candidates from run to run.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn scope() -> Scope {
    let need = serde_json::json!({
        "id": "est-ensemble", "title": "Collecte et réemploi des cartons", "cpv": ["90511400", "39000000"],
        "place": {"communes": TOWNS}, "estimated_value_eur": 4_000_000, "reservation": "insertion",
        "consultation_date": "2026-03-15"
    });
    let need = Need::from_json(&need, Gazetteer::builtin(), CpvCatalogue::builtin(), jiff::civil::date(2026, 12, 6))
        .expect("valid need");
    Scope::of_need(&need, Gazetteer::builtin(), Taxonomy::builtin(), &PlanningConfig::default()).expect("valid scope")
}

fn candidates(scope: &Scope, count: u64) -> Vec<Candidate> {
    let mut state = 42;
    let keys: Vec<String> = scope.activities.iter().map(|a| a.key.clone()).collect();
    (0..count)
        .map(|i| {
            let pick = next(&mut state) % 3;
            let activities = keys
                .iter()
                .enumerate()
                .filter(|(k, _)| pick == 2 || *k as u64 == pick)
                .map(|(_, a)| a.clone())
                .collect();
            let parts = TOWNS.iter().filter(|_| next(&mut state) % 100 < 30).map(|t| t.to_string()).collect();
            Candidate {
                siret: format!("99{i:012}"),
                name: format!("Structure {i}"),
                kinds: vec![Kind::Aci],
                eligible: vec![Reservation::Insertion, Reservation::Inclusive],
                activities,
                parts,
                turnover_eur: Some((1 + next(&mut state) % 20) as f64 * 100_000.0),
                ties: if i % 7 == 0 { vec!["CNLRQ".to_string()] } else { Vec::new() },
                location: GeoPoint::new(48.86 + (i % 10) as f64 * 0.005, 2.40 + (i % 13) as f64 * 0.005),
                based_in_perimeter: i % 3 == 0,
                relevance: (next(&mut state) % 100) as f64 / 100.0,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let scope = scope();
    let candidates = candidates(&scope, 500);
    let config = PlanningConfig::default();
    // The case measured is a real search: nobody alone, groupings of several members.
    let plan = plan_consortium(&scope, &candidates, &[], &config).expect("no required member");
    assert!(plan.single_suppliers.is_empty() && !plan.exhaustive);
    assert!(plan.groupings.first().is_some_and(|g| g.complete && g.members.len() >= 3), "{:?}", plan.notes);
    c.bench_function("consortium_500_candidates", |b| {
        b.iter(|| black_box(plan_consortium(&scope, black_box(&candidates), &[], &config)))
    });
    // A network naming two partners it already has: the search completes around them.
    let named: Vec<String> = plan.groupings[0].members.iter().take(2).map(|m| m.siret.clone()).collect();
    let around = plan_consortium(&scope, &candidates, &named, &config).expect("named members are candidates");
    assert!(around.groupings.iter().all(|g| named.iter().all(|s| g.members.iter().any(|m| &m.siret == s))));
    c.bench_function("consortium_500_candidates_two_named", |b| {
        b.iter(|| black_box(plan_consortium(&scope, black_box(&candidates), &named, &config)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
