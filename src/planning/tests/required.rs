//! Groupings around members the user names (a network starting from partners it already has).

use super::*;
use crate::planning::consortium::ConsortiumNote;

fn plan(s: &Scope, candidates: &[Candidate], required: &[&str]) -> Result<ConsortiumPlan, PlanningError> {
    let required: Vec<String> = required.iter().map(|s| s.to_string()).collect();
    plan_consortium(s, candidates, &required, &PlanningConfig::default())
}

fn sirets(g: &Grouping) -> Vec<&str> {
    g.members.iter().map(|m| m.siret.as_str()).collect()
}

#[test]
fn every_grouping_holds_the_named_members_and_adds_only_what_is_needed() {
    let s = est_ensemble(400_000.0);
    let k = s.activities[0].key.clone();
    let cs = [
        cand(1, &[Kind::Ei], &[&k], &EST_ENSEMBLE, 2_000_000.0),
        cand(2, &[Kind::Aci], &[&k], &EST_ENSEMBLE[..4], 300_000.0),
        cand(3, &[Kind::Aci], &[&k], &EST_ENSEMBLE[4..], 300_000.0),
        cand(4, &[Kind::Aci], &[&k], &EST_ENSEMBLE[4..], 200_000.0),
        cand(5, &[Kind::Aci], &[&k], &EST_ENSEMBLE[2..], 400_000.0),
    ];
    // Without a named member, the supplier covering everything is enough: no grouping.
    let alone = plan(&s, &cs, &[]).unwrap();
    assert!(alone.groupings.is_empty());
    // A network starting from the small one in the first four towns gets partners for the rest.
    let p = plan(&s, &cs, &[&cs[1].siret]).unwrap();
    assert_eq!(p.required.len(), 1);
    assert!(!p.groupings.is_empty());
    for g in &p.groupings {
        assert!(g.complete, "{g:#?}");
        assert!(sirets(g).contains(&cs[1].siret.as_str()), "{g:#?}");
        assert!(g.members.len() == 2, "one partner is enough: {g:#?}");
    }
    let partners: Vec<&str> = p.groupings.iter().flat_map(sirets).filter(|s| *s != cs[1].siret).collect();
    assert!(partners.contains(&cs[0].siret.as_str()) && partners.contains(&cs[2].siret.as_str()), "{partners:?}");
    assert!(partners.contains(&cs[4].siret.as_str()), "{partners:?}");
    assert!(!partners.contains(&cs[3].siret.as_str()), "500 000 € together is short of 600 000 €: {partners:?}");
    assert!(p.notes.contains(&ConsortiumNote::RequiredInEvery), "{:?}", p.notes);
}

#[test]
fn named_members_that_already_cover_the_lot_are_the_one_grouping() {
    let s = est_ensemble(1_000_000.0);
    let k = s.activities[0].key.clone();
    let cs = [
        cand(1, &[Kind::Ei], &[&k], &EST_ENSEMBLE[..5], 800_000.0),
        cand(2, &[Kind::Aci], &[&k], &EST_ENSEMBLE[5..], 800_000.0),
        cand(3, &[Kind::Aci], &[&k], &EST_ENSEMBLE, 400_000.0),
    ];
    let p = plan(&s, &cs, &[&cs[0].siret, &cs[1].siret, &cs[2].siret]).unwrap();
    assert_eq!(p.groupings.len(), 1);
    let g = &p.groupings[0];
    assert!(g.complete);
    assert_eq!(g.members.len(), 3, "a member the user named stays even when not needed");
    assert_eq!(p.notes[0], ConsortiumNote::RequiredSuffice, "{:?}", p.notes);
    let names: Vec<&str> = p.required.iter().map(|r| r.name.as_str()).collect();
    let text = crate::wording::planning::consortium_note_text(&p.notes[0], &names);
    assert!(text.contains("aucun autre membre n'est nécessaire"), "{text}");
}

#[test]
fn a_named_member_that_cannot_be_one_is_refused_with_the_reason() {
    let s = est_ensemble(1_000_000.0);
    let k = s.activities[0].key.clone();
    let ea = cand(1, &[Kind::Ea], &[&k], &EST_ENSEMBLE, 800_000.0);
    let elsewhere = cand(2, &[Kind::Aci], &[&k], &[], 800_000.0);
    let other_trade = cand(3, &[Kind::Aci], &[], &EST_ENSEMBLE, 800_000.0);
    let ok = cand(4, &[Kind::Aci], &[&k], &EST_ENSEMBLE, 800_000.0);
    let cs = [ea, elsewhere, other_trade, ok];
    let message = |siret: &str| match plan(&s, &cs, &[&cs[3].siret, siret]) {
        Err(e @ PlanningError::Member { .. }) => {
            assert_eq!(e.field_name(), "with");
            e.to_string()
        }
        other => panic!("{other:?}"),
    };
    let not_eligible = message(&cs[0].siret);
    assert!(not_eligible.contains("n'est pas éligible") && not_eligible.contains("L2113-13"), "{not_eligible}");
    assert!(message(&cs[1].siret).contains("aucune partie du périmètre"));
    assert!(message(&cs[2].siret).contains("aucune des activités du lot"));
    let unknown = message("99999999999999");
    assert!(unknown.starts_with("membre demandé 99999999999999 : absent"), "{unknown}");
}

/// Random instances small enough for brute force: with a named member, the planner finds the
/// smallest grouping holding it, and no member it added can be removed.
#[test]
fn exact_search_around_a_named_member_finds_the_smallest_grouping() {
    check_against_brute_force(0x5eed, true);
}
