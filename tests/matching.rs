//! Acceptance scenarios of the matching engine on the project's fixture catalogue
//! (fixtures/suppliers.jsonl), with a real tantivy index in memory.

// Tests may unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::sync::LazyLock;

use essor::domain::need::Need;
use essor::domain::need::Reservation::{Ess, Handicap, Inclusive, Insertion};
use essor::domain::{CpvCatalogue, Gazetteer, Kind};
use essor::ingest::needs::read_need;
use essor::ingest::{SupplierSource, read_supplier_file};
use essor::law::LawConfig;
use essor::matching::{Engine, Exclusion, LotMatch, Reason, Weights};
use essor::search::{IndexContext, SupplierIndex};
use essor::wording::matching::lot_view;
use jiff::civil::date;
use serde_json::{Value, json};

static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/suppliers.jsonl");
    let file = read_supplier_file(&path, SupplierSource::Essor, Gazetteer::builtin()).unwrap();
    let index = SupplierIndex::in_memory().unwrap();
    index.rebuild(&file.suppliers, 1, &IndexContext::builtin()).unwrap();
    Engine::new(
        file.suppliers,
        Some(index.text_relevance().unwrap()),
        std::borrow::Cow::Borrowed(Gazetteer::builtin()),
        CpvCatalogue::builtin().clone(),
        Weights::default(),
        LawConfig::default(),
    )
});

fn read(value: &Value) -> Result<Need, essor::domain::need::NeedError> {
    let today = date(2026, 12, 6);
    read_need(value, Gazetteer::builtin(), CpvCatalogue::builtin(), &LawConfig::default(), today)
}

fn need(value: Value) -> Need {
    read(&value).unwrap_or_else(|e| panic!("{e}"))
}

fn need_error(value: Value) -> String {
    read(&value).unwrap_err().to_string()
}

fn has_kind(kinds: &[Kind], codes: &[&str]) -> bool {
    kinds.iter().any(|k| codes.contains(&k.code()))
}

fn match_one(value: Value, top: usize) -> LotMatch {
    let mut lots = ENGINE.match_need(&need(value), top).unwrap();
    assert_eq!(lots.len(), 1);
    lots.remove(0)
}

fn names(lot: &LotMatch) -> Vec<&str> {
    lot.results.iter().map(|r| r.name.as_str()).collect()
}

#[test]
fn essonne_cleaning_and_catering_reserved_to_siae_puts_the_ais_first_and_excludes_the_ea() {
    let lot = match_one(
        json!({"id": "essonne", "title": "Remplacement des agents de nettoyage et de restauration des collèges",
               "description": "mise à disposition de personnel d'entretien et de restauration dans les collèges",
               "place": {"department": "91"}, "reservation": "insertion"}),
        10,
    );
    assert!(!lot.results.is_empty());
    for r in &lot.results {
        assert!(r.eligible.contains(&Insertion), "{} : {:?}", r.name, r.eligible);
    }
    let first: Vec<Kind> = lot.results.iter().take(3).flat_map(|r| r.kinds.iter().copied()).collect();
    assert!(first.iter().all(|k| *k == Kind::Ai), "les AI d'abord : {:?}", names(&lot));
    assert!(lot.results.iter().all(|r| r.department == "91" || r.distance_km.is_some_and(|d| d < 60.0)));
    let ea = lot.excluded.iter().find(|e| e.kinds.contains(&Kind::Ea)).expect("une EA exclue");
    assert!(matches!(&ea.why, Exclusion::NotEligible(e) if e.regime == Insertion && !e.eligible), "{ea:?}");
    let view = lot_view(&lot, CpvCatalogue::builtin());
    let reason = &view.excluded.iter().find(|e| e.siret == ea.siret).expect("la même, en français").reason;
    assert!(reason.contains("L2113-13") && reason.contains("SIAE"), "{reason}");
}

#[test]
fn lille_tee_shirts_inclusive_lot_brings_textile_ea_esat_and_siae() {
    let lots = ENGINE
        .match_need(
            &need(json!({"id": "mel", "title": "Marché d'habillement", "place": {"commune_insee": "59350"},
                "lots": [{"id": "1", "title": "Confection de tee-shirts", "reservation": "inclusive"},
                         {"id": "2", "title": "Vêtements de travail"}]})),
            5,
        )
        .unwrap();
    let lot = &lots[0];
    assert_eq!(lot.reservation, Some(Inclusive));
    let kinds: Vec<Kind> = lot.results.iter().flat_map(|r| r.kinds.iter().copied()).collect();
    assert!(kinds.contains(&Kind::Ea) && kinds.contains(&Kind::Esat), "{kinds:?}");
    assert!(has_kind(&kinds, &["ACI", "EI"]), "{kinds:?}");
    let view = lot_view(lot, CpvCatalogue::builtin());
    for (r, shown) in lot.results.iter().zip(&view.results) {
        assert!(r.eligible.contains(&Inclusive), "{r:?}");
        assert!(shown.why.iter().any(|w| w.to_lowercase().contains("confection")), "{:?}", shown.why);
    }
    let inferred = lot.cpv_inferred.as_ref().expect("un code CPV déduit du texte");
    assert!(lot.results[0].reasons.contains(&Reason::CpvInferred(inferred.clone())));
    assert!(view.cpv_inferred.as_deref().is_some_and(|c| c.starts_with("cpv déduit du texte")), "{view:?}");
    assert_eq!(lots[1].reservation, None);
}

#[test]
fn toulouse_textile_collection_has_agapei_among_the_first_under_l2113_12() {
    let lot = match_one(
        json!({"id": "tlse", "title": "Collecte et valorisation des textiles professionnels",
               "place": {"commune_insee": "31555"}}),
        5,
    );
    let agapei = lot.results.iter().take(3).find(|r| r.name.contains("AGAPEI")).expect("AGAPEI dans les 3 premiers");
    assert!(agapei.eligible.contains(&Handicap), "{:?}", agapei.eligible);
}

#[test]
fn hauts_de_seine_meals_reserved_to_ea_esat_then_unreserved() {
    let base = json!({"id": "repas", "title": "Fourniture de repas en liaison froide pour les crèches",
                      "cpv": ["55520000"], "place": {"department": "92"}});
    let mut reserved = base.clone();
    reserved["reservation"] = json!("handicap");
    let lot = match_one(reserved, 10);
    assert!(!lot.results.is_empty());
    for r in &lot.results {
        assert!(has_kind(&r.kinds, &["EA", "EATT", "ESAT"]), "{r:?}");
        assert!(r.eligible.contains(&Handicap));
    }
    assert!(lot.excluded.iter().any(|e| has_kind(&e.kinds, &["EI", "ACI"])));
    let open = match_one(base, 10);
    let siae = open.results.iter().find(|r| has_kind(&r.kinds, &["EI", "ACI"])).expect("SIAE traiteur");
    assert!(siae.eligible.contains(&Insertion), "{siae:?}");
    assert!(open.excluded.is_empty());
    let insertion = open.advice.eligible_within_reach.iter().find(|c| c.regime == Insertion).unwrap();
    assert!(insertion.count >= 2, "{insertion:?}");
}

#[test]
fn nursing_staff_reserved_ess_for_48_months_is_refused_for_its_duration() {
    let err = need_error(json!({"id": "soins", "title": "Mise à disposition de personnel infirmier",
        "cpv": ["79625000"], "duration_months": 48, "reservation": "ess"}));
    assert!(err.contains("duration_months") && err.contains("36 mois") && err.contains("48"), "{err}");
    let ok = need(json!({"id": "soins", "title": "Mise à disposition de personnel infirmier",
        "cpv": ["79625000"], "duration_months": 36, "reservation": "ess"}));
    assert!(ENGINE.match_need(&ok, 5).is_ok());
}

#[test]
fn cleaning_cannot_be_reserved_under_l2113_15() {
    let err =
        need_error(json!({"id": "nett", "title": "Nettoyage de bureaux", "cpv": ["90911200"], "reservation": "ess"}));
    assert!(err.contains("cpv[0]") && err.contains("L2113-15 ne s'applique pas"), "{err}");
}

#[test]
fn a_50000_euro_services_lot_needs_publicity_in_march_2026_but_not_in_april() {
    let lot = |date: &str| {
        match_one(
            json!({"id": "seuil", "title": "Nettoyage des vitres de la mairie", "cpv": ["90911300"],
                   "estimated_value_eur": 50000, "consultation_date": date, "place": {"department": "91"}}),
            10,
        )
    };
    let without_publicity = |lot: &LotMatch| {
        let p = lot.advice.procedure.as_ref().unwrap();
        p.procedure == Some(essor::law::Procedure::NoPublicity)
    };
    let march = lot("2026-03-15");
    assert!(!without_publicity(&march), "{:?}", march.advice.procedure);
    assert!(march.advice.suppliers_to_consult.is_empty());
    let april = lot("2026-04-15");
    assert!(without_publicity(&april), "{:?}", april.advice.procedure);
    let n = april.advice.suppliers_to_consult.len();
    assert!((3..=5).contains(&n), "{:?}", april.advice.suppliers_to_consult);
    assert!(
        april
            .advice
            .insertion_clause
            .as_ref()
            .is_some_and(|c| c.clause.rounded_hours() > 0 && c.takers_within_reach > 0)
    );
}

#[test]
fn a_recent_ess_award_by_the_same_buyer_excludes_the_supplier() {
    let first = match_one(
        json!({"id": "a", "title": "Accompagnement social et insertion", "cpv": ["85312000"],
        "place": {"department": "91"}}),
        10,
    );
    let winner = first.results.iter().find(|r| r.eligible.contains(&Ess)).expect("un fournisseur ESS");
    let again = match_one(
        json!({"id": "b", "title": "Accompagnement social et insertion", "cpv": ["85312000"],
        "place": {"department": "91"}, "reservation": "ess", "consultation_date": "2026-05-01",
        "buyer": {"siret": "21910228500017", "awards": [{"supplier": winner.siret, "cpv": ["85312000"],
            "awarded_on": "2024-09-01", "reservation": "ess"}]}}),
        10,
    );
    assert!(again.results.iter().all(|r| r.siret != winner.siret));
    let excluded = again.excluded.iter().find(|e| e.siret == winner.siret).expect("exclu avec la raison");
    assert!(matches!(&excluded.why, Exclusion::RecentAward(why) if why.contains("L2113-16")), "{excluded:?}");
}

#[test]
fn geography_is_a_hard_filter_and_nearer_ranks_first_on_equal_trade() {
    let lot = match_one(
        json!({"id": "g", "title": "Nettoyage de locaux", "cpv": ["90911200"],
        "place": {"commune_insee": "91228"}}),
        10,
    );
    assert_eq!(lot.results[0].department, "91", "{:?}", names(&lot));
    let far = match_one(
        json!({"id": "g", "title": "Nettoyage de locaux", "cpv": ["90911200"],
        "place": {"commune_insee": "91228"}}),
        1000,
    );
    assert!(far.results.iter().all(|r| r.department != "13" || r.reasons.contains(&Reason::WorksNationally)));
}

#[test]
fn every_candidate_the_engine_finds_for_a_perimeter_reaches_a_part_the_planner_sees() {
    use essor::domain::Taxonomy;
    use essor::planning::{PlanningConfig, Scope, sourcing};
    let places = [
        json!({"departments": ["93", "94"]}),
        json!({"department": "91"}),
        json!({"communes": ["93006", "93010", "93048", "94080"]}),
        json!({"lat": 48.63, "lon": 2.44, "radius_km": 20}),
    ];
    for place in places {
        let need = need(json!({"id": "p", "title": "Nettoyage des locaux et entretien des espaces verts",
            "cpv": ["90911200", "77310000"], "place": place, "estimated_value_eur": 500000}));
        let config = PlanningConfig::default();
        let scope = Scope::of_need(&need, ENGINE.gazetteer(), Taxonomy::builtin(), &config).unwrap();
        let candidates = sourcing::candidates(&ENGINE, &scope).unwrap();
        assert!(candidates.len() >= 5, "{place}: {}", candidates.len());
        for c in &candidates {
            assert!(!c.parts.is_empty(), "{place}: {} found by the engine reaches no part", c.name);
        }
    }
}
