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
use essor::matching::{Engine, Exclusion, LotMatch, Reason, Relevance, Weights};
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

#[test]
fn competition_counts_only_suppliers_able_to_do_the_work_and_the_others_are_shown_apart() {
    let lot = match_one(
        json!({"id": "colleges", "title": "Nettoyage des locaux des collèges", "place": {"department": "93"},
               "estimated_value_eur": 300_000, "reservation": "insertion"}),
        200,
    );
    assert!(!lot.results.is_empty());
    assert!(lot.results.iter().all(|r| r.relevance != Relevance::Nearby));
    assert!(!lot.nearby.is_empty(), "asbestos removal, waste sorting… reach Seine-Saint-Denis too");
    assert!(lot.nearby.iter().all(|r| r.relevance == Relevance::Nearby));
    // Every stated result cleans: a cleaning sector, a cleaning CPV code or cleaning words.
    let cleans = |r: &essor::matching::MatchResult| {
        r.reasons.iter().any(|reason| {
            matches!(
                reason,
                Reason::Text { .. } | Reason::DeclaredCpv { .. } | Reason::SectorCpv { .. } | Reason::Sector { .. }
            )
        })
    };
    assert!(lot.results.iter().filter(|r| r.relevance == Relevance::Stated).all(cleans));
    let insertion = lot.advice.eligible_within_reach.iter().find(|c| c.regime == Insertion).unwrap();
    let able = lot.results.iter().filter(|r| r.eligible.contains(&Insertion)).count();
    assert_eq!(insertion.count, able, "the count is the list of able suppliers, not everyone within reach");
    let within_reach = able + lot.nearby.iter().filter(|r| r.eligible.contains(&Insertion)).count();
    assert!(insertion.count < within_reach);
}

#[test]
fn a_catering_lot_reserved_to_ea_and_esat_does_not_count_cleaning_eas() {
    let lot = match_one(
        json!({"id": "repas", "title": "Fourniture de repas en liaison froide pour les crèches",
               "place": {"department": "91"}, "estimated_value_eur": 200_000, "reservation": "handicap"}),
        50,
    );
    let handicap = lot.advice.eligible_within_reach.iter().find(|c| c.regime == Handicap).unwrap();
    assert_eq!(handicap.count, lot.results.len());
    assert_eq!(handicap.keeps_competition, handicap.count >= 3);
    assert!(lot.results.iter().all(|r| r.relevance != Relevance::Nearby));
}

fn match_all(value: Value) -> Vec<LotMatch> {
    ENGINE.match_need(&need(value), 3).unwrap()
}

#[test]
fn a_works_lot_of_2022_under_100000_euros_needs_no_publicity() {
    let lot = match_one(
        json!({"id": "w22", "title": "Peinture d'une école", "cpv": ["45442100"], "estimated_value_eur": 90000,
               "consultation_date": "2022-05-01", "place": {"department": "91"}}),
        5,
    );
    let p = lot.advice.procedure.as_ref().unwrap();
    assert_eq!(p.procedure, Some(essor::law::Procedure::NoPublicity), "{:?}", p.basis);
    let text = essor::wording::law::procedure_explanation(p);
    assert!(text.contains("100 000 €"), "{text}");
}

#[test]
fn a_lot_of_an_allotted_contract_is_judged_on_the_whole_contract_for_l2112_2_1() {
    use essor::law::obligations::Obligation;
    let lots = match_all(json!({"id": "propre", "title": "Propreté des écoles", "place": {"department": "91"},
        "consultation_date": "2026-09-15", "lots": [
        {"id": "1", "title": "Nettoyage des locaux", "cpv": ["90911200"], "estimated_value_eur": 100000},
        {"id": "2", "title": "Entretien des espaces verts", "cpv": ["77310000"], "estimated_value_eur": 200000}]}));
    let first = &lots[0];
    let social = first.advice.obligations.iter().find(|o| o.obligation == Obligation::SocialCondition).unwrap();
    assert_eq!(social.mandatory, Some(true), "{social:?}");
    let clause = first.advice.insertion_clause.as_ref().unwrap();
    assert_eq!(clause.clause.value_eur, 100_000.0);
    assert_eq!(clause.clause.social_condition.mandatory, Some(true));
    let view = lot_view(first, CpvCatalogue::builtin());
    let texts: Vec<&str> = view.advice.obligations.iter().map(|o| o.explanation.as_str()).collect();
    assert!(texts.iter().any(|t| t.contains("L2112-2-1") && t.contains("300 000 €")), "{texts:?}");
    // The environmental condition and criterion, mandatory since August 2026, with their articles.
    for (code, article) in [("condition_environnementale", "L2112-2"), ("critere_environnemental", "L2152-7")] {
        let o = view.advice.obligations.iter().find(|o| o.code == code).unwrap();
        assert_eq!((o.article, o.mandatory), (article, Some(true)), "{o:?}");
    }
}

#[test]
fn in_a_need_mixing_works_and_services_each_lot_is_judged_on_its_family() {
    let lots = match_all(json!({"id": "ecole", "title": "Rénovation et entretien d'une école",
        "place": {"department": "91"}, "consultation_date": "2026-05-01", "lots": [
        {"id": "1", "title": "Peinture intérieure", "cpv": ["45442100"], "estimated_value_eur": 90000},
        {"id": "2", "title": "Nettoyage des locaux", "cpv": ["90911200"], "estimated_value_eur": 150000}]}));
    let works = lots[0].advice.procedure.as_ref().unwrap();
    assert_eq!(works.procedure, Some(essor::law::Procedure::NoPublicity), "{:?}", works.basis);
    let services = lots[1].advice.procedure.as_ref().unwrap();
    assert_eq!(services.procedure, Some(essor::law::Procedure::Mapa), "{:?}", services.basis);
    let view = lot_view(&lots[0], CpvCatalogue::builtin());
    let basis = view.advice.procedure.as_ref().unwrap().value_basis.clone().unwrap();
    assert!(basis.contains("90 000 €") && basis.contains("R2121-5"), "{basis}");
    let view = lot_view(&lots[1], CpvCatalogue::builtin());
    let basis = view.advice.procedure.as_ref().unwrap().value_basis.clone().unwrap();
    assert!(basis.contains("150 000 €") && basis.contains("R2121-6"), "{basis}");
}

#[test]
fn a_small_lot_of_a_formalised_contract_is_offered_a_mapa() {
    let lots = match_all(json!({"id": "propre", "title": "Propreté des écoles", "place": {"department": "91"},
        "consultation_date": "2026-05-01", "lots": [
        {"id": "1", "title": "Nettoyage des locaux", "cpv": ["90911200"], "estimated_value_eur": 250000},
        {"id": "2", "title": "Nettoyage des vitres", "cpv": ["90911300"], "estimated_value_eur": 50000}]}));
    for lot in &lots {
        let p = lot.advice.procedure.as_ref().unwrap();
        assert_eq!(p.procedure, Some(essor::law::Procedure::Formalised), "{:?}", p.basis);
    }
    assert!(lots[0].advice.small_lot.is_none());
    let small = lots[1].advice.small_lot.as_ref().unwrap();
    assert_eq!(small.allowed, Some(true));
    let view = lot_view(&lots[1], CpvCatalogue::builtin());
    let text = view.advice.procedure.as_ref().unwrap().small_lot.clone().unwrap();
    assert!(text.contains("R2123-1 2°") && text.contains("MAPA"), "{text}");
    // Under the EU threshold there is nothing to exempt from.
    let open = match_all(json!({"id": "p", "title": "Propreté", "place": {"department": "91"},
        "consultation_date": "2026-05-01", "lots": [
        {"id": "1", "title": "Nettoyage des locaux", "cpv": ["90911200"], "estimated_value_eur": 150000},
        {"id": "2", "title": "Nettoyage des vitres", "cpv": ["90911300"], "estimated_value_eur": 20000}]}));
    assert!(open.iter().all(|l| l.advice.small_lot.is_none()));
}

#[test]
fn an_ess_lot_without_code_is_reserved_only_on_a_listed_inferred_code() {
    let lot = match_one(
        json!({"id": "creche", "title": "Petite enfance", "place": {"department": "91"},
               "consultation_date": "2026-05-01", "duration_months": 36, "lots": [
               {"id": "1", "title": "Accueil en micro crèche et halte garderie", "reservation": "ess"}]}),
        5,
    );
    let check = lot.advice.inferred_cpv_check.as_ref().unwrap();
    assert!(check.allowed && check.regime == Ess, "{check:?}");
    assert_eq!(lot.cpv, vec![check.cpv.clone()]);
    let view = lot_view(&lot, CpvCatalogue::builtin());
    let text = view.advice.reservation_cpv.unwrap();
    assert!(text.contains("code CPV déduit de l'objet : 853") && text.contains("L2113-15 vérifiée"), "{text}");
    let err = need_error(json!({"id": "nett", "title": "Propreté", "lots": [
        {"id": "1", "title": "Nettoyage des locaux", "reservation": "ess"}]}));
    assert!(err.contains("lots[0].cpv") && err.contains("code CPV déduit de l'objet"), "{err}");
}

#[test]
fn ranking_a_lot_at_each_part_of_a_perimeter_equals_ranking_it_at_each_part_alone() {
    use essor::domain::Taxonomy;
    use essor::domain::cpv::Cpv;
    use essor::domain::need::{EffectiveLot, Place};
    use essor::matching::lot::{LotPlace, LotProfile};
    use essor::planning::Perimeters;

    let g = Gazetteer::builtin();
    let mut perimeters = Perimeters::new(g, 40);
    for (department, title, cpv) in [
        ("93", "Nettoyage des locaux", "90911200"),
        ("91", "Entretien des espaces verts", "77310000"),
        ("59", "Collecte et recyclage des cartons", "90511000"),
    ] {
        let perimeter = perimeters.of(&Place::Department(department.into())).unwrap();
        assert!(perimeter.parts.len() > 5, "{department}: {} parts", perimeter.parts.len());
        let places: Vec<LotPlace> = perimeter
            .parts
            .iter()
            .map(|part| {
                let mut departments: Vec<String> = part.spots.iter().map(|s| s.department.clone()).collect();
                departments.dedup();
                LotPlace::of_area(part.area.clone(), departments, part.label.clone(), g)
            })
            .collect();
        let lot = EffectiveLot {
            id: None,
            title: title.into(),
            description: None,
            cpv: vec![Cpv::parse(cpv).unwrap()],
            place: None,
            estimated_value_eur: None,
            duration_months: None,
            reservation: None,
        };
        let profile = LotProfile::with_place(lot, None, Taxonomy::builtin(), ENGINE.cpv());
        let together = ENGINE.rank_at_each(&profile, &places, 50).unwrap();
        let mut found = 0;
        for (place, list) in places.iter().zip(&together) {
            let mut alone = profile.clone();
            alone.place = Some(place.clone());
            assert_eq!(list, &ENGINE.rank(&alone, 50).unwrap(), "{department}, {}", place.label);
            found += list.len();
        }
        assert!(found > 0, "{department}: nobody found");
    }
}

#[test]
fn a_geiq_is_never_a_lot_s_contractor_but_takes_the_clause_hours() {
    const GEIQ_BTP_ESSONNE: &str = "99000131500011";
    let lot = match_one(
        json!({"id": "p", "title": "Travaux de peinture des écoles", "cpv": ["45442100"],
               "place": {"department": "91"}, "estimated_value_eur": 150_000}),
        50,
    );
    assert!(lot.results.iter().all(|r| r.siret != GEIQ_BTP_ESSONNE));
    let geiq = lot.nearby.iter().find(|r| r.siret == GEIQ_BTP_ESSONNE).expect("shown apart");
    assert_eq!(geiq.reasons.first(), Some(&Reason::MembersOnly), "{:?}", geiq.reasons);
    let place = essor::domain::need::Place::Commune("91228".into()).resolve(ENGINE.gazetteer());
    let place = essor::matching::lot::LotPlace::new(place, ENGINE.gazetteer());
    let code = essor::domain::Cpv::parse("45442100").unwrap();
    let takers = ENGINE.clause_takers(Some(place), Some(&code), 10).unwrap();
    assert!(takers.iter().any(|t| t.siret == GEIQ_BTP_ESSONNE), "{takers:?}");
}

#[test]
fn a_legal_unit_takes_one_line_and_counts_as_one_competitor() {
    use essor::domain::Supplier;
    use essor::domain::siret::with_luhn_digit;
    let siren = with_luhn_digit("80000001");
    let record = |siret: String, name: &str, lat: f64| {
        let value = json!({"siret": siret, "name": name, "kinds": ["EI"], "naf": "8121Z",
            "post_code": "91000", "city": "Évry-Courcouronnes", "department": "91", "lat": lat, "lon": 2.43});
        Supplier::from_record(value.as_object().unwrap(), Gazetteer::builtin()).unwrap()
    };
    let mut suppliers = vec![
        record(with_luhn_digit(&format!("{siren}0001")), "Propreté Solidaire Évry", 48.63),
        record(with_luhn_digit(&format!("{siren}0002")), "Propreté Solidaire Corbeil", 48.61),
    ];
    for (n, lat) in [(2, 48.55), (3, 48.50), (4, 48.45)] {
        let other = with_luhn_digit(&format!("8000000{n}"));
        suppliers.push(record(with_luhn_digit(&format!("{other}0001")), &format!("Net Insertion {n}"), lat));
    }
    let engine = Engine::new(
        suppliers,
        None,
        std::borrow::Cow::Borrowed(Gazetteer::builtin()),
        CpvCatalogue::builtin().clone(),
        Weights::default(),
        LawConfig::default(),
    );
    let value = json!({"id": "u", "title": "Nettoyage de locaux", "cpv": ["90911200"],
        "place": {"commune_insee": "91228"}, "reservation": "L2113-13"});
    let lot = engine.match_need(&need(value.clone()), 4).unwrap().remove(0);
    let expected = ["Propreté Solidaire Évry", "Net Insertion 2", "Net Insertion 3", "Net Insertion 4"];
    assert_eq!(names(&lot), expected, "the second establishment gives way");
    let insertion = lot.advice.eligible_within_reach.iter().find(|c| c.regime == Insertion).unwrap();
    assert_eq!(insertion.count, 4, "four legal units, not five establishments");
    let long = engine.match_need(&need(value), 10).unwrap().remove(0);
    assert_eq!(long.results.len(), 5, "a list that would be short shows every establishment");
}

#[test]
fn a_supplier_found_only_by_the_name_of_the_lot_s_place_is_not_said_to_do_the_work() {
    use essor::domain::Supplier;
    use essor::domain::siret::with_luhn_digit;
    let record = |n: u32, name: &str, naf: &str, insee: &str, post_code: &str, city: &str| {
        let siret = with_luhn_digit(&format!("{}0001", with_luhn_digit(&format!("8100000{n}"))));
        let value = json!({"siret": siret, "name": name, "kinds": ["EI"], "naf": naf,
            "commune_insee": insee, "post_code": post_code, "city": city, "department": "60"});
        Supplier::from_record(value.as_object().unwrap(), Gazetteer::builtin()).unwrap()
    };
    let suppliers = vec![
        record(1, "Services du Noyonnais Noyon", "8810A", "60471", "60400", "Noyon"),
        record(2, "Propreté Picarde", "8121Z", "60159", "60200", "Compiègne"),
    ];
    let engine = engine_of(suppliers);
    let value = json!({"id": "n", "title": "Nettoyage des collèges du secteur de Noyon",
        "place": {"department": "60"}, "reservation": "L2113-13"});
    let lot = engine.match_need(&need(value), 10).unwrap().remove(0);
    assert_eq!(names(&lot), ["Propreté Picarde"]);
    assert_eq!(lot.results[0].relevance, Relevance::Stated);
    let home_help = lot.nearby.iter().find(|r| r.name.starts_with("Services du Noyonnais")).unwrap();
    assert_eq!(home_help.relevance, Relevance::Nearby, "its town's name is not its trade");
    assert!(home_help.reasons.iter().any(|r| matches!(r, Reason::PlaceWords { .. })), "found by its town: said so");
    let view = lot_view(&lot, CpvCatalogue::builtin());
    let said = serde_json::to_string(&view).unwrap();
    assert!(said.contains("par le nom du lieu seulement, pas par le métier"), "{said}");
    let insertion = lot.advice.eligible_within_reach.iter().find(|c| c.regime == Insertion).unwrap();
    assert_eq!(insertion.count, 1);
}

/// An engine over these suppliers, with their text indexed in memory.
fn engine_of(suppliers: Vec<essor::domain::Supplier>) -> Engine {
    let index = SupplierIndex::in_memory().unwrap();
    index.rebuild(&suppliers, 1, &IndexContext::builtin()).unwrap();
    Engine::new(
        suppliers,
        Some(index.text_relevance().unwrap()),
        std::borrow::Cow::Borrowed(Gazetteer::builtin()),
        CpvCatalogue::builtin().clone(),
        Weights::default(),
        LawConfig::default(),
    )
}

/// A supplier of the Oise with a SIRET made of `n`.
fn oise_supplier(n: u32, name: &str, kind: &str, naf: &str) -> essor::domain::Supplier {
    use essor::domain::siret::with_luhn_digit;
    let siret = with_luhn_digit(&format!("{}0001", with_luhn_digit(&format!("8200000{n}"))));
    let value = json!({"siret": siret, "name": name, "kinds": [kind], "naf": naf,
        "commune_insee": "60057", "post_code": "60000", "city": "Beauvais", "department": "60"});
    essor::domain::Supplier::from_record(value.as_object().unwrap(), Gazetteer::builtin()).unwrap()
}

#[test]
fn the_words_of_procurement_are_no_evidence_of_a_trade() {
    let engine = engine_of(vec![
        oise_supplier(1, "Fournitures et Prestations Solidaires", "EI", "4762Z"),
        oise_supplier(2, "Cuisine du Beauvaisis", "EI", "5629A"),
    ]);
    let value = json!({"id": "r", "title": "Marché réservé : fourniture de repas, prestations du lot 2 (accord-cadre)",
        "place": {"department": "60"}});
    let lot = engine.match_need(&need(value), 10).unwrap().remove(0);
    assert_eq!(names(&lot), ["Cuisine du Beauvaisis"]);
    let supplies = lot.nearby.iter().find(|r| r.name.starts_with("Fournitures")).unwrap();
    assert!(!supplies.reasons.iter().any(|r| matches!(r, Reason::Text { .. })), "{:?}", supplies.reasons);
}

#[test]
fn every_structure_of_insertion_can_answer_a_contract_of_insertion_and_qualification() {
    let engine = engine_of(vec![
        oise_supplier(1, "Atelier du Thérain", "ACI", "9499Z"),
        oise_supplier(2, "Emploi Beauvaisis", "AI", "8899B"),
        oise_supplier(3, "Beauvais Intérim Solidaire", "ETTI", "9499Z"),
        oise_supplier(4, "Imprimerie Adaptée", "EA", "1812Z"),
    ]);
    let value = json!({"id": "q", "title": "Marché d'insertion et de qualification professionnelle",
        "place": {"commune_insee": "60057"}, "reservation": "L2113-13"});
    let lot = engine.match_need(&need(value), 10).unwrap().remove(0);
    let mut found = names(&lot);
    found.sort();
    assert_eq!(found, ["Atelier du Thérain", "Beauvais Intérim Solidaire", "Emploi Beauvaisis"]);
    let insertion = lot.advice.eligible_within_reach.iter().find(|c| c.regime == Insertion).unwrap();
    assert_eq!(insertion.count, 3);
    let said = serde_json::to_string(&lot_view(&lot, CpvCatalogue::builtin())).unwrap();
    assert!(said.contains("la mission même des structures de type ETTI, quel que soit leur métier"), "{said}");
}

#[test]
fn an_association_intermediaire_provides_staff_whatever_its_activity_code() {
    let engine = engine_of(vec![oise_supplier(1, "Emploi Beauvaisis", "AI", "8899B")]);
    let value = json!({"id": "m", "title": "Mise à disposition de personnel", "cpv": ["79620000"],
        "place": {"commune_insee": "60057"}});
    let lot = engine.match_need(&need(value), 10).unwrap().remove(0);
    assert_eq!(names(&lot), ["Emploi Beauvaisis"]);
    assert_eq!(lot.results[0].relevance, Relevance::Stated, "{:?}", lot.results[0].reasons);
}
