//! Tests of the planner on synthetic candidates and the built-in gazetteer.

mod allotment;
mod consortium;
mod required;
mod scope;
mod seeds;

use serde_json::Value;

use super::*;
use crate::domain::cpv::CpvCatalogue;
use crate::domain::kind::Kind;
use crate::domain::need::{Need, Reservation};
use crate::domain::sector::Taxonomy;
use crate::domain::territory::Gazetteer;

/// The nine towns of Est Ensemble.
pub(super) const EST_ENSEMBLE: [&str; 9] =
    ["93006", "93008", "93010", "93045", "93048", "93053", "93055", "93061", "93063"];

pub(super) fn need(v: Value) -> Need {
    Need::from_json(&v, Gazetteer::builtin(), CpvCatalogue::builtin(), jiff::civil::date(2026, 12, 6)).unwrap()
}

pub(super) fn scope_of(v: Value) -> Scope {
    Scope::of_need(&need(v), Gazetteer::builtin(), Taxonomy::builtin(), &PlanningConfig::default()).unwrap()
}

/// Collection of cardboard in the nine towns of Est Ensemble, reserved to SIAE (L2113-13).
pub(super) fn est_ensemble(value: f64) -> Scope {
    scope_of(serde_json::json!({"id": "ee", "title": "Collecte et réemploi des cartons", "cpv": ["90511400"],
        "place": {"communes": EST_ENSEMBLE}, "estimated_value_eur": value, "reservation": "insertion",
        "consultation_date": "2026-03-15"}))
}

/// A synthetic candidate: SIRET from `n`, eligibility from its kinds, located in Montreuil.
pub(super) fn cand(n: u32, kinds: &[Kind], acts: &[&str], parts: &[&str], turnover: f64) -> Candidate {
    let eligible = crate::law::eligible_regimes(kinds, Some("Association loi 1901"), &crate::law::LawConfig::default())
        .into_iter()
        .filter(|e| e.eligible)
        .map(|e| e.regime)
        .collect();
    Candidate {
        siret: format!("99{n:07}00001"),
        name: format!("Structure {n}"),
        kinds: kinds.to_vec(),
        eligible,
        activities: acts.iter().map(|s| s.to_string()).collect(),
        parts: parts.iter().map(|s| s.to_string()).collect(),
        turnover_eur: Some(turnover),
        ties: Vec::new(),
        location: crate::domain::geo::GeoPoint::new(48.8617, 2.4417),
        based_in_perimeter: true,
        relevance: 0.5,
    }
}

/// A small deterministic generator (SplitMix64) for random instances.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub(super) fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next() % u64::from(hi - lo + 1)) as u32
    }
}

/// Random single-activity instances in Est Ensemble (2 M€, so 3 M€ of turnover to reach), small
/// enough to try every subset of candidates: the planner finds a complete grouping of the smallest
/// size up to five members, and every complete grouping it returns is complete, holds the first
/// candidate when `name_first` names it, and has no member the planner added that could be removed.
pub(super) fn check_against_brute_force(seed: u64, name_first: bool) {
    let s = est_ensemble(2_000_000.0);
    let k = s.activities[0].key.clone();
    let target = 3_000_000.0;
    let named: u32 = if name_first { 1 } else { 0 };
    let mut rng = Rng::new(seed);
    for round in 0..40 {
        let n = 6 + rng.below(6);
        let cs: Vec<Candidate> = (0..n)
            .map(|i| {
                let parts: Vec<&str> = EST_ENSEMBLE.iter().copied().filter(|_| rng.chance(0.35)).collect();
                let parts = if parts.is_empty() { vec![EST_ENSEMBLE[i % 9]] } else { parts };
                cand(i as u32, &[Kind::Aci], &[&k], &parts, f64::from(rng.between(1, 20)) * 100_000.0)
            })
            .collect();
        let complete = |mask: u32| {
            let members: Vec<&Candidate> = (0..n).filter(|i| mask & (1 << i) != 0).map(|i| &cs[i]).collect();
            let covers = EST_ENSEMBLE.iter().all(|p| members.iter().any(|c| c.parts.iter().any(|q| q == p)));
            covers && members.iter().map(|c| c.capacity()).sum::<f64>() >= target
        };
        let brute = (1u32..(1 << n)).filter(|&m| m & named == named && complete(m)).map(|m| m.count_ones()).min();
        let required: Vec<String> = if name_first { vec![cs[0].siret.clone()] } else { Vec::new() };
        let p = plan_consortium(&s, &cs, &required, &PlanningConfig::default()).unwrap();
        let found = p.groupings.iter().filter(|g| g.complete).map(|g| g.members.len() as u32).min();
        match brute {
            Some(b) if b <= 5 => assert_eq!(found, Some(b), "round {round}"),
            Some(_) => assert!(found.is_none_or(|f| f > 5), "round {round}"),
            None => assert_eq!(found, None, "round {round}"),
        }
        for g in p.groupings.iter().filter(|g| g.complete) {
            let mask: u32 = g.members.iter().map(|m| 1 << cs.iter().position(|c| c.siret == m.siret).unwrap()).sum();
            assert!(mask & named == named && complete(mask), "round {round}");
            for bit in (0..n).filter(|&b| named & (1 << b) == 0 && mask & (1 << b) != 0) {
                assert!(!complete(mask & !(1 << bit)), "round {round}: removable member");
            }
        }
    }
}

#[test]
fn siae_kinds_are_eligible_to_insertion_only() {
    let c = cand(1, &[Kind::Ai], &[], &[], 0.0);
    assert!(c.eligible_to(Some(Reservation::Insertion)));
    assert!(!c.eligible_to(Some(Reservation::Handicap)));
    assert!(c.eligible_to(None));
}
