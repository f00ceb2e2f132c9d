//! Allotment moves on synthetic candidates.

use serde_json::json;

use super::*;
use crate::law::LawConfig;
use crate::law::obligations::{Obligation, ObligationBasis};
use crate::law::value::ValueBasis;
use crate::planning::allotment::{LayoutFact, Reason, ReservationNote};

const SIX: [&str; 6] = ["93006", "93008", "93010", "93045", "93048", "93053"];

fn plan(s: &Scope, candidates: &[Candidate]) -> Allotment {
    plan_lots(s, candidates, &LawConfig::default(), &PlanningConfig::default())
}

/// Staff replacement in six towns, 300 000 €, reserved to SIAE (L2113-13).
fn staff_replacement() -> Scope {
    scope_of(json!({"id": "n", "title": "Remplacement de personnel", "cpv": ["79620000"],
        "place": {"communes": SIX}, "estimated_value_eur": 300_000, "reservation": "insertion",
        "consultation_date": "2026-03-15"}))
}

fn keys(s: &Scope) -> Vec<String> {
    s.activities.iter().map(|a| a.key.clone()).collect()
}

#[test]
fn two_activities_are_allotted_by_activity() {
    let s = scope_of(json!({"id": "n", "title": "Entretien des espaces verts et nettoyage des locaux",
        "cpv": ["77310000", "90911200"], "place": {"communes": SIX}, "estimated_value_eur": 200_000,
        "consultation_date": "2026-03-15"}));
    let k = keys(&s);
    let mut cs: Vec<Candidate> = (0..4).map(|n| cand(n, &[Kind::Aci], &[&k[0]], &SIX, 500_000.0)).collect();
    cs.extend((10..14).map(|n| cand(n, &[Kind::Ei], &[&k[1]], &SIX, 500_000.0)));
    let a = plan(&s, &cs);
    let best = &a.proposals[0];
    assert_eq!(best.strategy, Strategy::ByActivity, "{:#?}", a.proposals);
    assert_eq!(best.lots.len(), 2);
    assert!(best.lots.iter().all(|l| l.eligible_suppliers == 4 && l.reservation == Some(Reservation::Insertion)));
    assert_eq!(best.objective.ess_suppliers_able, 8);
    assert!(best.objective.competition_kept);
    let activities = vec!["entretien des espaces verts".to_string(), "nettoyage de locaux".to_string()];
    assert_eq!(best.reasons[0], Reason::DistinctActivities { activities }, "{:?}", best.reasons);
    assert!(best.reasons.iter().any(|r| matches!(r, Reason::LotsPerOperator { .. })));
    let single = a.proposals.iter().find(|p| p.strategy == Strategy::SingleLot).unwrap();
    assert_eq!(single.objective.ess_suppliers_able, 0);
    assert_eq!(single.reasons[0], Reason::SingleLotToJustify { able: 0 });
    assert_eq!(single.lots[0].reservation, None, "nobody does both: no reservation suggested");
}

#[test]
fn no_single_supplier_covering_the_perimeter_gives_geographic_lots() {
    let s = staff_replacement();
    let k = keys(&s);
    let cs = vec![
        cand(1, &[Kind::Ai], &[&k[0]], &SIX[0..2], 2_000_000.0),
        cand(2, &[Kind::Ai], &[&k[0]], &SIX[2..4], 2_000_000.0),
        cand(3, &[Kind::Ai], &[&k[0]], &SIX[4..5], 2_000_000.0),
        cand(4, &[Kind::Ea], &[&k[0]], &SIX, 2_000_000.0),
    ];
    let a = plan(&s, &cs);
    let best = &a.proposals[0];
    assert_eq!(best.strategy, Strategy::ByGeography, "{:#?}", a.proposals);
    assert_eq!(best.lots.len(), 4, "three zones and the commune nobody reaches");
    for lot in &best.lots[..3] {
        assert_eq!(lot.reservation, Some(Reservation::Insertion));
        assert_eq!(lot.eligible_suppliers, 1, "{lot:#?}");
    }
    let rest = &best.lots[3];
    assert_eq!(rest.reservation, None);
    assert_eq!(rest.place, crate::domain::need::Place::Commune("93053".into()));
    assert!(matches!(rest.reservation_note, ReservationNote::NoEligibleInZone { .. }), "{:?}", rest.reservation_note);
    assert_eq!(best.objective.ess_suppliers_able, 4, "the EA can bid on the open lot");
    assert!(!best.objective.competition_kept, "one AI per lot is below 3, and the plan says so");
    let Reason::Geography { single_able, able, lots, .. } = &best.reasons[0] else { panic!("{:?}", best.reasons) };
    assert_eq!((*single_able, *able, *lots), (0, 4, 4), "the EA is not eligible: nobody could take a single lot");
    let below: Vec<(String, usize)> = (1..=3).map(|id| (id.to_string(), 1)).collect();
    assert_eq!(best.reasons[1], Reason::Competition { min: 3, below });
    let total: f64 = best.lots.iter().map(|l| l.estimated_value_eur).sum();
    assert!((total - 300_000.0).abs() < 1e-6);
}

#[test]
fn the_reasons_say_when_size_keeps_a_supplier_off_a_single_lot() {
    let s = staff_replacement();
    let k = keys(&s);
    let cs = vec![
        cand(1, &[Kind::Ai], &[&k[0]], &SIX[0..3], 2_000_000.0),
        cand(2, &[Kind::Ai], &[&k[0]], &SIX[3..6], 2_000_000.0),
        cand(3, &[Kind::Ai], &[&k[0]], &SIX, 100_000.0),
    ];
    let best = &plan(&s, &cs).proposals[0];
    assert_eq!(best.strategy, Strategy::ByGeography);
    let Reason::Geography { single_able, single_too_small, .. } = &best.reasons[0] else {
        panic!("{:?}", best.reasons)
    };
    assert_eq!((*single_able, *single_too_small), (0, 1), "the small one covers it all but cannot carry it");
    let why = crate::wording::planning::reason_text(&best.reasons[0]);
    assert!(why.contains("accessible à aucune structure (1 autre(s) couvrent tout le périmètre"), "{why}");
    assert!(why.contains("R2142-7"), "{why}");
}

#[test]
fn a_reservable_activity_is_carved_out_of_an_open_contract() {
    let s = scope_of(json!({"id": "n", "title": "Vêtements", "cpv": ["18331000", "18800000"],
        "place": {"department": "59"}, "estimated_value_eur": 120_000, "consultation_date": "2026-03-15"}));
    let k = keys(&s);
    let parts: Vec<String> = s.perimeter.parts.iter().map(|p| p.id.clone()).collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let cs: Vec<Candidate> = [Kind::Ea, Kind::Esat, Kind::Ei]
        .iter()
        .enumerate()
        .map(|(n, k0)| cand(n as u32, &[*k0], &[&k[0]], &parts, 500_000.0))
        .collect();
    let a = plan(&s, &cs);
    let best = &a.proposals[0];
    assert_eq!(best.strategy, Strategy::ReservedCarveOut, "{:#?}", a.proposals);
    assert_eq!(best.lots[0].reservation, Some(Reservation::Inclusive), "EA, ESAT and EI together: L2113-14");
    assert_eq!(best.lots[0].eligible_suppliers, 3);
    assert_eq!(best.lots[1].reservation, None);
    let Reason::ReservedCarveOut { reservation, facts } = &best.reasons[0] else { panic!("{:?}", best.reasons) };
    assert_eq!(*reservation, Some(Reservation::Inclusive));
    assert!(matches!(&facts[..], [LayoutFact::Servable { min: 3, .. }]), "{facts:?}");
    assert!(crate::wording::planning::reason_text(&best.reasons[0]).contains("lot réservé (L2113-14)"));
}

#[test]
fn two_moves_reaching_the_same_lots_are_one_proposal() {
    let s = scope_of(json!({"id": "n", "title": "Entretien des espaces verts et nettoyage des locaux",
        "cpv": ["77310000", "90911200"], "place": {"communes": SIX}, "estimated_value_eur": 200_000,
        "consultation_date": "2026-03-15"}));
    let k = keys(&s);
    // The reservable activity is the second one: the carve-out lists it first.
    let mut cs: Vec<Candidate> = (0..3).map(|n| cand(n, &[Kind::Aci], &[&k[1]], &SIX, 500_000.0)).collect();
    cs.push(cand(10, &[Kind::Scop], &[&k[0]], &SIX, 500_000.0));
    let a = plan(&s, &cs);
    let strategies: Vec<Strategy> = a.proposals.iter().map(|p| p.strategy).collect();
    assert!(strategies.contains(&Strategy::ReservedCarveOut), "{strategies:?}");
    // Split by activity, the same two lots come out with the same reservations: shown once.
    let shapes: Vec<Vec<(Vec<String>, Option<Reservation>)>> = a
        .proposals
        .iter()
        .map(|p| {
            let mut lots: Vec<_> = p.lots.iter().map(|l| (l.activities.clone(), l.reservation)).collect();
            lots.sort_by(|x, y| x.0.cmp(&y.0));
            lots
        })
        .collect();
    assert!(shapes.iter().enumerate().all(|(i, s)| !shapes[..i].contains(s)), "{shapes:?}");
}

#[test]
fn lots_are_sized_to_what_local_suppliers_can_carry() {
    let s = scope_of(json!({"id": "n", "title": "Nettoyage des locaux", "cpv": ["90911200"],
        "place": {"communes": SIX}, "estimated_value_eur": 3_000_000, "reservation": "insertion",
        "consultation_date": "2026-03-15"}));
    let k = keys(&s);
    let cs: Vec<Candidate> = (0..4).map(|n| cand(n, &[Kind::Ei], &[&k[0]], &SIX, 2_500_000.0)).collect();
    let a = plan(&s, &cs);
    let best = &a.proposals[0];
    assert_eq!(best.strategy, Strategy::SizedToCapacity, "{:#?}", a.proposals);
    assert_eq!(best.lots.len(), 2);
    assert!(best.lots.iter().all(|l| l.eligible_suppliers == 4));
    assert!(best.lots.iter().all(|l| l.max_turnover_requirement_eur.is_some_and(|c| c <= 2_500_000.0)));
    assert!(best.objective.competition_kept);
    let facts = vec![LayoutFact::SplitToCapacity { value_eur: 3_000_000.0, able: 0, covering: 4, lots: 2 }];
    assert_eq!(best.reasons[0], Reason::SizedToCapacity { facts }, "{:?}", best.reasons);
    let single = a.proposals.iter().find(|p| p.strategy == Strategy::SingleLot).unwrap();
    assert_eq!(single.lots[0].max_turnover_requirement_eur, Some(4_500_000.0));
    assert_eq!(single.lots[0].eligible_suppliers, 0);
}

#[test]
fn small_lots_of_a_formalised_contract_may_follow_a_mapa() {
    let s = scope_of(json!({"id": "n", "title": "Entretien", "place": {"department": "93"},
        "consultation_date": "2026-03-15",
        "lots": [{"id": "a", "title": "Espaces verts", "cpv": ["77310000"], "estimated_value_eur": 900_000},
                 {"id": "b", "title": "Nettoyage", "cpv": ["90911200"], "estimated_value_eur": 60_000}]}));
    let a = plan(&s, &[]);
    let by_activity = a.proposals.iter().find(|p| p.strategy == Strategy::ByActivity).unwrap();
    assert_eq!(by_activity.lots[0].estimated_value_eur, 900_000.0);
    assert_eq!(by_activity.lots[0].procedure.code(), "formalisee");
    assert_eq!(by_activity.lots[1].procedure.code(), "mapa_petit_lot");
    assert!(by_activity.reasons.contains(&Reason::SmallLots { lots: vec!["2".into()] }), "{:?}", by_activity.reasons);
    let single = a.proposals.iter().find(|p| p.strategy == Strategy::SingleLot).unwrap();
    assert_eq!(single.lots[0].procedure.code(), "formalisee");
}

#[test]
fn the_competition_minimum_comes_from_the_law_configuration() {
    let s = scope_of(json!({"id": "n", "title": "Remplacement de personnel", "cpv": ["79620000"],
        "place": {"communes": SIX}, "estimated_value_eur": 300_000, "reservation": "insertion"}));
    let k = keys(&s);
    let cs: Vec<Candidate> = (0..2).map(|n| cand(n, &[Kind::Ai], &[&k[0]], &SIX, 2_000_000.0)).collect();
    let strict = plan(&s, &cs);
    assert!(!strict.proposals[0].objective.competition_kept);
    let law = LawConfig { min_competitors_per_lot: 2, ..LawConfig::default() };
    let relaxed = plan_lots(&s, &cs, &law, &PlanningConfig::default());
    assert!(relaxed.proposals[0].objective.competition_kept);
    assert_eq!(relaxed.proposals[0].objective.min_competitors, 2);
}

#[test]
fn each_activity_is_split_by_geography_only_where_needed() {
    let s = scope_of(json!({"id": "n", "title": "Entretien des espaces verts et nettoyage des locaux",
        "cpv": ["77310000", "90911200"], "place": {"communes": SIX}, "estimated_value_eur": 200_000,
        "reservation": "insertion", "consultation_date": "2026-03-15"}));
    let k = keys(&s);
    let mut cs: Vec<Candidate> = (0..3).map(|n| cand(n, &[Kind::Aci], &[&k[0]], &SIX, 500_000.0)).collect();
    cs.push(cand(10, &[Kind::Ei], &[&k[1]], &SIX[..3], 500_000.0));
    cs.push(cand(11, &[Kind::Ei], &[&k[1]], &SIX[3..], 500_000.0));
    let a = plan(&s, &cs);
    let mixed = a.proposals.iter().find(|p| p.strategy == Strategy::ByActivityAndGeography).expect("proposed");
    let shape: Vec<(Vec<String>, usize)> =
        mixed.lots.iter().map(|l| (l.activities.clone(), l.eligible_suppliers)).collect();
    assert_eq!(shape, [(vec![k[0].clone()], 3), (vec![k[1].clone()], 1), (vec![k[1].clone()], 1)]);
    assert_eq!(mixed.objective.ess_suppliers_able, 5);
    // The reasons say which activity each count of suppliers is about, and how the values were shared.
    let Reason::Geography { facts, .. } = &mixed.reasons[0] else { panic!("{:?}", mixed.reasons) };
    let about = Some("nettoyage de locaux".to_string());
    assert_eq!(facts, &[LayoutFact::Coverage { activity: about, whole: 0, partial: 2 }]);
    let why = crate::wording::planning::reason_text(&mixed.reasons[0]);
    assert!(why.contains("pour nettoyage de locaux, 0 structure(s) éligible(s) interviennent sur tout le périmètre, 2 sur une partie seulement"), "{why}");
    assert!(
        mixed.reasons.contains(&Reason::EstimatedValues { by_activity: true, by_place: true }),
        "{:?}",
        mixed.reasons
    );
    let by_activity = a.proposals.iter().find(|p| p.strategy == Strategy::ByActivity).unwrap();
    assert_eq!(by_activity.objective.ess_suppliers_able, 3);
    let first = a.proposals.iter().position(|p| p.strategy == Strategy::ByActivityAndGeography);
    let second = a.proposals.iter().position(|p| p.strategy == Strategy::ByActivity);
    assert!(first < second, "more suppliers able to bid ranks first when competition fails in both");
}

#[test]
fn the_text_report_shows_each_proposal_as_a_table() {
    let s = staff_replacement();
    let k = keys(&s);
    let cs = vec![
        cand(1, &[Kind::Ai], &[&k[0]], &SIX[0..3], 2_000_000.0),
        cand(2, &[Kind::Ai], &[&k[0]], &SIX[3..], 2_000_000.0),
    ];
    let text = crate::wording::planning_text::allotment_text(&plan(&s, &cs));
    assert!(text.starts_with("Proposition 1 : allotissement géographique — proposition recommandée"), "{text}");
    assert!(text.contains("Lot  Objet"), "{text}");
    assert!(text.contains("150 000 €") && text.contains("L2113-13") && text.contains("Structure 1 (AI)"), "{text}");
    assert!(text.contains("concurrence préservée : non"), "{text}");
    assert!(text.contains("formalisée (R2124-1, R2131-16)"), "procedure named: {text}");
    assert!(text.contains("Proposition 2 : lot unique"), "{text}");
}

#[test]
fn json_has_the_shape_of_the_issue() {
    let s = staff_replacement();
    let k = keys(&s);
    let cs = vec![cand(1, &[Kind::Ai], &[&k[0]], &SIX[0..3], 2_000_000.0)];
    let allotment = plan(&s, &cs);
    let v = serde_json::to_value(crate::wording::planning::allotment_view(&allotment)).unwrap();
    let lot = &v["proposals"][0]["lots"][0];
    for key in
        ["id", "title", "cpv", "place", "estimated_value_eur", "reservation", "procedure", "eligible_suppliers", "best"]
    {
        assert!(lot.get(key).is_some(), "{key} missing in {lot}");
    }
    assert_eq!(lot["cpv"], json!(["79620000"]));
    assert_eq!(lot["place"], json!({"communes": ["93006", "93008", "93010"]}));
    assert_eq!(lot["reservation"], json!("insertion"));
    assert_eq!(lot["best"][0]["siret"], json!("99000000100001"));
    assert!(v["proposals"][0]["objective"]["ess_suppliers_able"].is_number());
    assert!(v["proposals"][0]["reasons"][0].as_str().is_some_and(|r| r.starts_with("L2113-10")));
    assert!(v["proposals"][0]["objective"]["statement"].is_string());
    assert_eq!(lot["procedure"]["code"], json!("formalisee"));
    assert!(lot["reservation_note"].as_str().is_some_and(|n| n.starts_with("réservation L2113-13 choisie")));
}

#[test]
fn no_geographic_lot_is_smaller_than_the_configured_share() {
    let s = staff_replacement();
    let k = keys(&s);
    let cs = vec![
        cand(1, &[Kind::Ai], &[&k[0]], &SIX[0..5], 2_000_000.0),
        cand(2, &[Kind::Ai], &[&k[0]], &SIX[5..], 2_000_000.0),
        cand(3, &[Kind::Ai], &[&k[0]], &SIX[5..], 2_000_000.0),
    ];
    let loose = plan(&s, &cs);
    let by_geography = loose.proposals.iter().find(|p| p.strategy == Strategy::ByGeography).expect("proposed");
    assert!(by_geography.lots.iter().any(|l| l.estimated_value_eur == 50_000.0), "{:#?}", by_geography.lots);
    let config = PlanningConfig { min_lot_share: 0.2, ..PlanningConfig::default() };
    let strict = plan_lots(&s, &cs, &LawConfig::default(), &config);
    assert!(
        strict.proposals.iter().flat_map(|p| &p.lots).all(|l| l.estimated_value_eur >= 60_000.0),
        "{:#?}",
        strict.proposals
    );
}

#[test]
fn activities_split_by_geography_share_the_most_lots() {
    let s = scope_of(json!({"id": "n", "title": "Entretien des espaces verts et nettoyage des locaux",
        "cpv": ["77310000", "90911200"], "place": {"communes": SIX}, "estimated_value_eur": 600_000,
        "reservation": "insertion", "consultation_date": "2026-03-15"}));
    let k = keys(&s);
    // One SIAE per town and per activity: each activity alone could make six lots.
    let cs: Vec<Candidate> = (0..12u32)
        .map(|n| {
            let town = n as usize % 6;
            cand(n, &[Kind::Aci], &[&k[n as usize / 6]], &SIX[town..=town], 500_000.0)
        })
        .collect();
    let config = PlanningConfig::with_max_lots(6).unwrap();
    let a = plan_lots(&s, &cs, &LawConfig::default(), &config);
    let mixed = a.proposals.iter().find(|p| p.strategy == Strategy::ByActivityAndGeography).expect("proposed");
    assert!(mixed.lots.len() <= 6, "{} lots", mixed.lots.len());
    assert!(a.proposals.iter().all(|p| p.lots.len() <= 6));
}

#[test]
fn no_lot_is_carved_out_that_nobody_could_take_whole() {
    let s = scope_of(json!({"id": "n", "title": "Entretien des bâtiments",
        "cpv": ["77310000", "90911200", "98310000"], "place": {"communes": SIX}, "estimated_value_eur": 300_000,
        "consultation_date": "2026-03-15"}));
    let k = keys(&s);
    // Three SIAE for green spaces, three others for cleaning, nobody for both nor for the laundry.
    let mut cs: Vec<Candidate> = (0..3).map(|n| cand(n, &[Kind::Aci], &[&k[0]], &SIX, 500_000.0)).collect();
    cs.extend((3..6).map(|n| cand(n, &[Kind::Ei], &[&k[1]], &SIX, 500_000.0)));
    let a = plan(&s, &cs);
    assert!(a.proposals.iter().all(|p| p.strategy != Strategy::ReservedCarveOut), "{:#?}", a.proposals);
    let by_activity = a.proposals.iter().find(|p| p.strategy == Strategy::ByActivity).expect("proposed");
    let reserved = by_activity.lots.iter().filter(|l| l.reservation == Some(Reservation::Insertion)).count();
    assert_eq!(reserved, 2, "{:#?}", by_activity.lots);
}

#[test]
fn the_buyer_maximum_of_lots_is_checked() {
    for bad in [0, MAX_LOTS_LIMIT + 1] {
        let e = PlanningConfig::with_max_lots(bad).unwrap_err();
        assert_eq!(e.field_name(), "max_lots");
        assert!(e.message().contains("entre 1 et 50"), "{}", e.message());
    }
    let s = staff_replacement();
    let k = keys(&s);
    let cs: Vec<Candidate> =
        (0..6u32).map(|n| cand(n, &[Kind::Ai], &[&k[0]], &SIX[n as usize..=n as usize], 2e6)).collect();
    let capped = plan_lots(&s, &cs, &LawConfig::default(), &PlanningConfig::with_max_lots(1).unwrap());
    let strategies: Vec<Strategy> = capped.proposals.iter().map(|p| p.strategy).collect();
    assert_eq!(strategies, [Strategy::SingleLot], "only the single lot fits one lot");
}

#[test]
fn one_activity_in_one_town_needs_no_reason_not_to_allot() {
    let s = scope_of(json!({"id": "n", "title": "Nettoyage des locaux", "cpv": ["90911200"],
        "place": {"commune_insee": "93048"}, "estimated_value_eur": 80_000, "consultation_date": "2026-03-15"}));
    let k = keys(&s);
    let cs: Vec<Candidate> = (0..3).map(|n| cand(n, &[Kind::Ei], &[&k[0]], &["93048"], 500_000.0)).collect();
    let a = plan(&s, &cs);
    assert_eq!(a.proposals.len(), 1);
    assert_eq!(a.proposals[0].reasons[0], Reason::SingleLotIndivisible { able: 3 });
    let why = crate::wording::planning::reason_text(&a.proposals[0].reasons[0]);
    assert!(why.contains("ne permet pas d'identifier des prestations distinctes (L2113-10)"), "{why}");
    assert!(!why.contains("L2113-11"), "{why}");
}

#[test]
fn the_social_condition_of_each_lot_is_judged_on_the_whole_contract() {
    let s = scope_of(json!({"id": "n", "title": "Entretien des espaces verts et nettoyage des locaux",
        "cpv": ["77310000", "90911200"], "place": {"communes": SIX}, "estimated_value_eur": 300_000,
        "consultation_date": "2026-09-15"}));
    let k = keys(&s);
    let mut cs: Vec<Candidate> = (0..4).map(|n| cand(n, &[Kind::Aci], &[&k[0]], &SIX, 500_000.0)).collect();
    cs.extend((10..14).map(|n| cand(n, &[Kind::Ei], &[&k[1]], &SIX, 500_000.0)));
    let a = plan(&s, &cs);
    let by_activity = a.proposals.iter().find(|p| p.strategy == Strategy::ByActivity).unwrap();
    assert_eq!(by_activity.lots.len(), 2);
    for lot in &by_activity.lots {
        assert!(lot.estimated_value_eur < 216_000.0, "{}", lot.estimated_value_eur);
        let social = lot.obligations.iter().find(|o| o.obligation == Obligation::SocialCondition).unwrap();
        assert_eq!((social.obligation.article(), social.mandatory), ("L2112-2-1", Some(true)), "{social:?}");
        let ObligationBasis::EuThreshold { contract_value_eur, .. } = social.basis else { panic!("{social:?}") };
        assert_eq!(contract_value_eur, 300_000.0, "judged on the whole contract");
        let env = lot.obligations.iter().find(|o| o.obligation == Obligation::EnvironmentalCondition).unwrap();
        assert_eq!(env.mandatory, Some(true));
    }
    let text = crate::wording::planning_text::allotment_text(&a);
    assert!(text.contains("L2112-2-1") && text.contains("300 000 €"), "{text}");
}

#[test]
fn works_and_services_lots_are_each_judged_on_their_family() {
    let s = scope_of(json!({"id": "n", "title": "École", "place": {"department": "93"},
        "consultation_date": "2026-05-01",
        "lots": [{"id": "a", "title": "Peinture intérieure", "cpv": ["45442100"], "estimated_value_eur": 90_000},
                 {"id": "b", "title": "Nettoyage des locaux", "cpv": ["90911200"], "estimated_value_eur": 150_000}]}));
    let a = plan(&s, &[]);
    let by_activity = a.proposals.iter().find(|p| p.strategy == Strategy::ByActivity).unwrap();
    let works = by_activity.lots.iter().find(|l| l.cpv.iter().any(|c| c.division() == "45")).unwrap();
    let services = by_activity.lots.iter().find(|l| l.cpv.iter().any(|c| c.division() == "90")).unwrap();
    assert_eq!(works.procedure.code(), "sans_publicite");
    assert_eq!((works.procedure.value.basis, works.procedure.value.value_eur), (ValueBasis::WorksLots, Some(90_000.0)));
    assert_eq!(services.procedure.code(), "mapa");
    assert_eq!(services.procedure.value.basis, ValueBasis::SuppliesServicesLots);
    let explained = crate::wording::planning::lot_procedure_view(&works.procedure).explanation;
    assert!(explained.contains("R2121-5"), "{explained}");
}

#[test]
fn two_establishments_of_one_legal_unit_are_one_competitor() {
    let s = staff_replacement();
    let k = keys(&s);
    let mut cs: Vec<Candidate> = (0..4).map(|n| cand(n, &[Kind::Ai], &[&k[0]], &SIX, 500_000.0)).collect();
    cs[1].siret = format!("{}00002", &cs[0].siret[..9]);
    let a = plan(&s, &cs);
    let best = &a.proposals[0];
    assert!(best.lots.iter().all(|l| l.eligible_suppliers == 3), "{:#?}", best.lots);
}
