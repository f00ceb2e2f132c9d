//! The founding cases on the hand-written seed suppliers of `fixtures/seed-suppliers.jsonl`.

use serde_json::{Value, json};

use super::*;
use crate::domain::supplier::Supplier;
use crate::law::LawConfig;
use crate::planning::allotment::Reason;

const SEEDS: &str = include_str!("../../../fixtures/seed-suppliers.jsonl");

fn candidates(scope: &Scope) -> Vec<Candidate> {
    let g = Gazetteer::builtin();
    SEEDS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| match serde_json::from_str::<Value>(l) {
            Ok(Value::Object(m)) => Supplier::from_record(&m, g).ok(),
            _ => None,
        })
        .map(|s| {
            let (sectors, _) = crate::search::sectors_and_trade(&s, Taxonomy::builtin());
            Candidate::from_supplier(&s, &sectors, scope, 0.5, &LawConfig::default(), g)
        })
        .filter(|c| !c.activities.is_empty() && !c.parts.is_empty())
        .collect()
}

#[test]
fn est_ensemble_gets_a_grouping_led_by_lemontri() {
    let s = scope_of(json!({"id": "ee", "title": "Collecte et réemploi des cartons des commerçants",
        "cpv": ["90511400"], "place": {"communes": EST_ENSEMBLE}, "estimated_value_eur": 10_000_000,
        "reservation": "insertion", "consultation_date": "2026-03-15"}));
    let cs = candidates(&s);
    let lemontri = cs.iter().find(|c| c.name == "Lemontri").expect("Lemontri is a candidate");
    assert_eq!(lemontri.parts.len(), 9, "its zone is the whole région");
    let regie = cs.iter().find(|c| c.name == "Régie de quartier de Montreuil").expect("the régie is a candidate");
    assert!(regie.parts.contains(&"93048".to_string()), "{:?}", regie.parts);
    let blanc_mesnil = cs.iter().find(|c| c.name == "Régie de quartier du Blanc-Mesnil").expect("candidate");
    assert_eq!(blanc_mesnil.parts.len(), 9, "its home département holds the 9 towns: {:?}", blanc_mesnil.parts);
    let p = plan_consortium(&s, &cs, &[], &PlanningConfig::default()).expect("no required member");
    assert!(p.single_suppliers.is_empty(), "{:?}", p.notes);
    let best = &p.groupings[0];
    assert!(best.complete, "{best:#?}");
    assert_eq!(best.members[0].name, "Lemontri");
    assert_eq!(best.members[0].role, Role::Mandataire);
}

#[test]
fn essonne_staff_replacement_is_allotted_by_geography() {
    let s =
        scope_of(json!({"id": "91", "title": "Remplacement des agents d'entretien et de restauration des collèges",
        "cpv": ["79620000"], "place": {"department": "91"}, "estimated_value_eur": 600_000,
        "reservation": "insertion", "consultation_date": "2026-03-15"}));
    let cs = candidates(&s);
    let ais = cs.iter().filter(|c| c.kinds.contains(&Kind::Ai)).count();
    assert!(ais >= 6, "{ais} AI");
    let config = PlanningConfig { best_per_lot: 100, ..PlanningConfig::default() };
    let a = plan_lots(&s, &cs, &LawConfig::default(), &config);
    let best = &a.proposals[0];
    let strategies: Vec<Strategy> = a.proposals.iter().map(|p| p.strategy).collect();
    assert!(matches!(best.strategy, Strategy::ByGeography | Strategy::SizedToCapacity), "{strategies:#?}");
    // Compact zones, none a single village, each reserved as asked and each open to the SIAE that
    // work there, each with an association intermédiaire among its best.
    assert!(best.lots.len() >= 2);
    for lot in &best.lots {
        assert_eq!(lot.reservation, Some(Reservation::Insertion));
        assert!(lot.estimated_value_eur >= 0.05 * 600_000.0, "{lot:#?}");
        assert!(
            lot.best.iter().any(|b| b.kinds.split('/').any(|k| ["AI", "ACI", "EI", "ETTI"].contains(&k))),
            "{lot:#?}"
        );
    }
    let ai_lots = best.lots.iter().filter(|l| l.best.iter().any(|b| b.kinds.split('/').any(|k| k == "AI"))).count();
    assert_eq!(ai_lots, best.lots.len(), "every zone has an AI among its best");
    // Every structure of the Essonne serves the whole département: the zones follow their capacity
    // (R2142-7), which a single lot would exceed.
    assert!(matches!(best.reasons[0], Reason::SizedToCapacity { .. }), "{:?}", best.reasons);
}
