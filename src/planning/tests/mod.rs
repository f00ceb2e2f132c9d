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
    Need::from_json(&v, Gazetteer::builtin(), CpvCatalogue::builtin()).unwrap()
}

pub(super) fn scope_of(v: Value) -> Scope {
    Scope::of_need(&need(v), Gazetteer::builtin(), Taxonomy::builtin(), &PlanningConfig::default()).unwrap()
}

/// A synthetic candidate: SIRET from `n`, eligibility from its kinds, located in Montreuil.
pub(super) fn cand(n: u32, kinds: &[Kind], acts: &[&str], parts: &[&str], turnover: f64) -> Candidate {
    let eligible = crate::law::eligible_regimes(kinds, Some("Association loi 1901"), &crate::law::LawConfig::default())
        .into_iter()
        .filter(|e| e.eligible)
        .map(|e| e.regime)
        .collect();
    Candidate {
        siret: format!("9900000{n:07}"),
        name: format!("Structure {n}"),
        kinds: kinds.to_vec(),
        eligible,
        activities: acts.iter().map(|s| s.to_string()).collect(),
        parts: parts.iter().map(|s| s.to_string()).collect(),
        turnover_eur: Some(turnover),
        ties: Vec::new(),
        location: crate::domain::geo::GeoPoint::new(48.8617, 2.4417),
        relevance: 0.5,
    }
}

#[test]
fn siae_kinds_are_eligible_to_insertion_only() {
    let c = cand(1, &[Kind::Ai], &[], &[], 0.0);
    assert!(c.eligible_to(Some(Reservation::Insertion)));
    assert!(!c.eligible_to(Some(Reservation::Handicap)));
    assert!(c.eligible_to(None));
}
