//! Consortium search on synthetic candidates, including exactness against brute force.

use serde_json::json;

use super::*;
use crate::law::{FormReason, GroupementForm};
use crate::planning::consortium::{ConsortiumNote, Uncovered};

fn plan(s: &Scope, candidates: &[Candidate]) -> ConsortiumPlan {
    plan_consortium(s, candidates, &[], &PlanningConfig::default()).expect("no required member")
}

#[test]
fn a_lot_too_large_for_one_supplier_gets_a_grouping_with_a_mandataire() {
    let s = est_ensemble(10_000_000.0);
    let k = s.activities[0].key.clone();
    let mut lemontri = cand(1, &[Kind::Ei], &[&k], &EST_ENSEMBLE, 14_000_000.0);
    lemontri.name = "Lemontri".into();
    let carton = cand(2, &[Kind::Aci], &[&k], &EST_ENSEMBLE, 900_000.0);
    let montreuil = cand(3, &[Kind::Aci], &[&k], &EST_ENSEMBLE[3..], 1_300_000.0);
    let mut ea = cand(4, &[Kind::Ea], &[&k], &EST_ENSEMBLE, 50_000_000.0);
    ea.name = "Entreprise adaptée hors réservation".into();
    let p = plan(&s, &[lemontri, carton, montreuil, ea]);
    assert!(p.single_suppliers.is_empty(), "the EA is not eligible to an insertion lot");
    assert_eq!(p.turnover_required_eur, Some(15_000_000.0));
    let best = &p.groupings[0];
    assert!(best.complete);
    assert_eq!(best.members.len(), 2, "{:#?}", p.groupings);
    assert_eq!(best.members[0].name, "Lemontri");
    assert_eq!(best.members[0].role, Role::Mandataire);
    assert_eq!(best.mandataire, best.members[0].siret);
    assert_eq!(best.form, GroupementForm::Solidaire, "the others only add size");
    assert_eq!(best.coverage.len(), 9);
    assert!(best.coverage.iter().all(|c| !c.members.is_empty()));
    assert!(p.groupings.iter().all(|g| g.members.iter().all(|m| !m.name.contains("adaptée"))));
    let three = p.groupings.iter().find(|g| g.members.len() == 3);
    assert!(three.is_none(), "a grouping with a removable member is not proposed: {:#?}", p.groupings);
    assert!(p.rules.iter().any(|r| r.article == "R2142-22"));
    assert!(p.exhaustive);
}

#[test]
fn complementary_activities_make_a_groupement_conjoint() {
    let s = scope_of(json!({"id": "n", "title": "Entretien", "cpv": ["77310000", "90911200"],
        "place": {"communes": EST_ENSEMBLE}, "estimated_value_eur": 100_000}));
    let (a, b) = (s.activities[0].key.clone(), s.activities[1].key.clone());
    let p = plan(
        &s,
        &[
            cand(1, &[Kind::Aci], &[&a], &EST_ENSEMBLE, 400_000.0),
            cand(2, &[Kind::Ei], &[&b], &EST_ENSEMBLE, 400_000.0),
        ],
    );
    let g = &p.groupings[0];
    assert!(g.complete && g.members.len() == 2);
    assert_eq!(g.form, GroupementForm::Conjoint);
    assert_eq!(g.score_detail.complementarity, 1.0);
    assert_eq!(g.form_reason, FormReason::Separable);
    assert!(crate::wording::planning::form_reason_text(g.form_reason).contains("R2142-24"));
}

#[test]
fn a_lot_one_supplier_covers_alone_gets_no_grouping() {
    let s = est_ensemble(100_000.0);
    let k = s.activities[0].key.clone();
    let p = plan(
        &s,
        &[
            cand(1, &[Kind::Ei], &[&k], &EST_ENSEMBLE, 1_000_000.0),
            cand(2, &[Kind::Aci], &[&k], &EST_ENSEMBLE[..2], 1_000_000.0),
        ],
    );
    assert!(p.groupings.is_empty());
    assert_eq!(p.single_suppliers.len(), 1);
    assert!(matches!(p.notes[0], ConsortiumNote::SingleSuppliersSuffice { count: 1, .. }), "{:?}", p.notes);
}

#[test]
fn what_nobody_covers_is_listed() {
    let s = est_ensemble(100_000.0);
    let k = s.activities[0].key.clone();
    let p = plan(
        &s,
        &[
            cand(1, &[Kind::Ei], &[&k], &EST_ENSEMBLE[..5], 1_000_000.0),
            cand(2, &[Kind::Aci], &[&k], &EST_ENSEMBLE[5..8], 1_000_000.0),
        ],
    );
    let g = &p.groupings[0];
    assert!(!g.complete);
    assert_eq!(g.uncovered.len(), 1);
    let Uncovered::Cell { part, part_label, .. } = &g.uncovered[0] else { panic!("{:?}", g.uncovered) };
    assert_eq!((part.as_str(), part_label.as_str()), ("93063", "Romainville (93063)"));
    assert!(p.notes.contains(&ConsortiumNote::NoneComplete), "{:?}", p.notes);
    let view = crate::wording::planning::consortium_view(&p);
    assert_eq!(view.groupings[0].uncovered[0].what, format!("{} : Romainville (93063)", s.activities[0].label));
}

#[test]
fn existing_ties_break_equal_groupings() {
    let s = est_ensemble(1_000_000.0);
    let k = s.activities[0].key.clone();
    let lead = cand(1, &[Kind::Ei], &[&k], &EST_ENSEMBLE, 1_000_000.0);
    let mut tied = cand(2, &[Kind::Aci], &[&k], &EST_ENSEMBLE[..1], 600_000.0);
    let untied = cand(3, &[Kind::Aci], &[&k], &EST_ENSEMBLE[..1], 600_000.0);
    let mut lead = lead;
    lead.ties = Candidate::ties_of(&["PTCE Pôle Est".into()]);
    tied.ties = Candidate::ties_of(&["ptce pole est".into()]);
    let p = plan(&s, &[lead, untied, tied]);
    // The two teams differ only by a partner doing the same work: one team, the tied partner in it,
    // the other as its alternative.
    assert_eq!(p.groupings.len(), 1, "{:#?}", p.groupings);
    assert!(p.groupings[0].members.iter().any(|m| m.siret.starts_with("990000002")), "{:#?}", p.groupings);
    assert_eq!(p.groupings[0].score_detail.ties, 1.0);
    let alternatives: Vec<&str> = p.groupings[0].alternatives.iter().map(|a| a.siret.as_str()).collect();
    assert_eq!(alternatives, ["99000000300001"]);
}

/// Random instances small enough for brute force: the planner finds a grouping of the smallest
/// possible size, and every grouping it returns is complete and minimal.
#[test]
fn exact_search_finds_the_smallest_grouping() {
    check_against_brute_force(7, false);
}

#[test]
fn many_candidates_use_the_heuristic_and_still_find_complete_groupings() {
    let s = est_ensemble(3_000_000.0);
    let k = s.activities[0].key.clone();
    let mut rng = Rng::new(11);
    let cs: Vec<Candidate> = (0..300)
        .map(|i| {
            let parts: Vec<&str> = EST_ENSEMBLE.iter().copied().filter(|_| rng.chance(0.2)).collect();
            cand(i, &[Kind::Ei], &[&k], &parts, f64::from(rng.between(1, 15)) * 100_000.0)
        })
        .collect();
    let p = plan(&s, &cs);
    assert!(!p.exhaustive);
    assert!(p.groupings[0].complete, "{:#?}", p.groupings[0]);
    assert!(p.groupings.len() <= PlanningConfig::default().max_groupings);
    let complete: Vec<&Grouping> = p.groupings.iter().take_while(|g| g.complete).collect();
    assert!(p.groupings[complete.len()..].iter().all(|g| !g.complete));
    assert!(complete.windows(2).all(|w| w[0].members.len() <= w[1].members.len()));
}

#[test]
fn the_text_report_says_who_covers_what() {
    let s = est_ensemble(10_000_000.0);
    let k = s.activities[0].key.clone();
    let mut lemontri = cand(1, &[Kind::Ei], &[&k], &EST_ENSEMBLE, 14_000_000.0);
    lemontri.name = "Lemontri".into();
    let p = plan(&s, &[lemontri, cand(2, &[Kind::Aci], &[&k], &EST_ENSEMBLE[..5], 1_300_000.0)]);
    let text = crate::wording::planning_text::consortium_text(&p);
    assert!(text.starts_with("Groupements pour « Collecte et réemploi des cartons »\n"), "{text}");
    assert!(text.contains("Groupement 1 (complet, 2 membre(s)"), "{text}");
    assert!(text.contains("Lemontri (EI, 99000000100001) : mandataire, CA 14 000 000 €"), "{text}");
    let cartons = "Collecte et recyclage des papiers et cartons";
    let (first, rest) = (
        "Bagnolet (93006), Bobigny (93008), Bondy (93010), Les Lilas (93045), Montreuil (93048)",
        "Noisy-le-Sec (93053), Pantin (93055), Le Pré-Saint-Gervais (93061), Romainville (93063)",
    );
    assert!(text.contains(&format!("    {cartons} — {first} : Lemontri, Structure 2\n")), "{text}");
    assert!(text.contains(&format!("    {cartons} — {rest} : Lemontri\n")), "{text}");
    assert!(text.contains("R2142-23"), "{text}");
    let mut whole = cand(1, &[Kind::Ei], &[&k], &EST_ENSEMBLE, 14_000_000.0);
    whole.name = "Lemontri".into();
    let both = crate::wording::planning_text::consortium_text(&plan(
        &s,
        &[whole, cand(2, &[Kind::Aci], &[&k], &EST_ENSEMBLE, 1_300_000.0)],
    ));
    assert!(
        both.contains(&format!("    {cartons} — tout le périmètre (9 parties) : Lemontri, Structure 2\n")),
        "{both}"
    );
}

#[test]
fn json_has_the_shape_of_the_issue() {
    let s = est_ensemble(10_000_000.0);
    let k = s.activities[0].key.clone();
    let cs = [
        cand(1, &[Kind::Ei], &[&k], &EST_ENSEMBLE, 14_000_000.0),
        cand(2, &[Kind::Aci], &[&k], &EST_ENSEMBLE, 1_300_000.0),
    ];
    let p = plan(&s, &cs);
    let v = serde_json::to_value(crate::wording::planning::consortium_view(&p)).unwrap();
    let g = &v["groupings"][0];
    for key in ["members", "mandataire", "form", "coverage", "uncovered", "score"] {
        assert!(g.get(key).is_some(), "{key} missing in {g}");
    }
    assert_eq!(g["members"][0]["role"], json!("mandataire"));
    assert_eq!(g["members"][1]["role"], json!("cotraitant"));
    assert_eq!(g["form"], json!("solidaire"));
    assert!(g["form_reason"].as_str().is_some_and(|r| r.contains("groupement solidaire")));
    assert!(v["notes"].as_array().is_some_and(|n| n.iter().all(serde_json::Value::is_string)));
    assert_eq!(g["coverage"][0]["members"].as_array().map(Vec::len), Some(2));
}

#[test]
fn the_mandataire_is_the_member_carrying_the_contract_and_partners_vary() {
    let s = est_ensemble(9_500_000.0);
    let k = s.activities[0].key.clone();
    let big = cand(1, &[Kind::Ei], &[&k], &EST_ENSEMBLE[1..], 14_000_000.0);
    let small_everywhere = cand(2, &[Kind::Aci], &[&k], &EST_ENSEMBLE, 900_000.0);
    let fillers: Vec<Candidate> =
        (3..9).map(|n| cand(n, &[Kind::Aci], &[&k], &EST_ENSEMBLE[..1], 2_000_000.0)).collect();
    let mut cs = vec![big, small_everywhere];
    cs.extend(fillers);
    let p = plan(&s, &cs);
    let pair = p.groupings.iter().find(|g| g.members.len() == 2 && g.members.iter().any(|m| m.siret == cs[1].siret));
    let pair = pair.expect("the 14 M€ supplier with the one covering every town");
    assert!(pair.complete, "{pair:#?}");
    assert_eq!(pair.mandataire, cs[0].siret, "14 M€ over 8 towns leads, not 0.9 M€ over 9");
    // Distinct alternatives: the fillers do the same work in the same town, so the teams that only
    // swap one filler for another are one team, listing the other fillers as alternatives.
    let filler = |siret: &str| cs[2..].iter().any(|c| c.siret == siret);
    let with_filler: Vec<&Grouping> =
        p.groupings.iter().filter(|g| g.members.iter().any(|m| filler(&m.siret))).collect();
    assert_eq!(with_filler.len(), 1, "{:#?}", p.groupings);
    let alternatives = &with_filler[0].alternatives;
    assert_eq!(alternatives.len(), PlanningConfig::default().max_alternatives, "{alternatives:#?}");
    let member = with_filler[0].members.iter().find(|m| filler(&m.siret)).map(|m| m.siret.clone());
    assert!(alternatives.iter().all(|a| filler(&a.siret) && Some(&a.instead_of) == member.as_ref()));
}

#[test]
fn a_member_at_the_perimeter_s_edge_anchors_in_part_and_a_federation_is_not_a_tie() {
    let s = est_ensemble(10_000_000.0);
    let k = s.activities[0].key.clone();
    let lead = |n: u32| cand(n, &[Kind::Ei], &[&k], &EST_ENSEMBLE, 14_000_000.0);
    let partner = |n: u32, lat: f64, lon: f64| {
        let mut c = cand(n, &[Kind::Aci], &[&k], &EST_ENSEMBLE, 1_000_000.0);
        c.based_in_perimeter = false;
        c.location = crate::domain::geo::GeoPoint::new(lat, lon);
        c
    };
    let anchoring_with = |p: Candidate| {
        let p = plan(&s, &[lead(1), p]);
        p.groupings[0].score_detail.anchoring
    };
    // Paris 20e, about 2 km from Bagnolet; Creil, 40 km away; both cover the same 9 cells as the lead.
    let edge = anchoring_with(partner(2, 48.8637, 2.3985));
    let far = anchoring_with(partner(3, 49.2453, 2.4680));
    assert!(edge > 0.85 && edge < 1.0, "{edge}");
    assert!((far - 0.5).abs() < 1e-9, "only the lead's half of the work is local: {far}");
    // Two members of the same national federation are not tied; of the same PTCE they are.
    let tied = |network: &str| {
        let (mut a, mut b) = (lead(1), partner(2, 48.8637, 2.3985));
        a.ties = Candidate::ties_of(&[network.to_string()]);
        b.ties = a.ties.clone();
        plan(&s, &[a, b]).groupings[0].score_detail.ties
    };
    assert_eq!(tied("Fédération des entreprises d'insertion"), 0.0);
    assert_eq!(tied("PTCE Pôle Est Ensemble"), 1.0);
}
