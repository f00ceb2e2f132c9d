use jiff::civil::{Date, date};
use serde_json::{Value, json};

use super::*;
use crate::domain::cpv::CpvCatalogue;
use crate::domain::territory::Gazetteer;

/// The day needs without a consultation date are read on.
const TODAY: Date = date(2026, 12, 6);

fn parse(value: Value) -> Result<Need, NeedError> {
    Need::from_json(&value, Gazetteer::builtin(), CpvCatalogue::builtin(), TODAY)
}

fn field_of(value: Value) -> String {
    parse(value).unwrap_err().field
}

#[test]
fn reads_a_full_need() {
    let need = parse(json!({
        "id": "n1", "title": "Nettoyage des écoles", "description": "Locaux scolaires",
        "cpv": ["90911200-8"], "place": {"department": "91"}, "estimated_value_eur": "150 000",
        "duration_months": 24, "reservation": "insertion",
        "buyer": {"name": "Ville d'Évry", "siret": "219 102 284 00011", "kind": "local"},
        "consultation_date": "2026-03-15", "unknown_field": true
    }))
    .unwrap();
    assert_eq!(need.id, "n1");
    assert_eq!(need.cpv[0].as_str(), "90911200");
    assert_eq!(need.place, Some(Place::Department("91".into())));
    assert_eq!(need.estimated_value_eur, Some(150_000.0));
    assert_eq!(need.reservation, Some(Reservation::Insertion));
    assert_eq!(need.buyer.as_ref().and_then(|b| b.siret.as_deref()), Some("21910228400011"));
    assert_eq!(need.consultation_date, date(2026, 3, 15));
    let undated = parse(json!({"id": "n2", "title": "Nettoyage"})).unwrap();
    assert_eq!(undated.consultation_date, TODAY, "the day it is read");
    assert_eq!(need.buyer_kind(), BuyerKind::Local);
}

#[test]
fn errors_name_the_field() {
    let base = || json!({"id": "n1", "title": "Achat"});
    let with = |key: &str, v: Value| {
        let mut need = base();
        need[key] = v;
        need
    };
    assert_eq!(field_of(json!({"id": "n1"})), "title");
    assert_eq!(field_of(json!({"title": "x"})), "id");
    assert_eq!(field_of(with("lots", json!([{"id": "1"}]))), "lots[0].title");
    assert_eq!(field_of(with("lots", json!([{"title": "a"}]))), "lots[0].id");
    assert_eq!(field_of(with("lots", json!([{"id": "1", "title": "a"}, {"id": "1", "title": "b"}]))), "lots[1].id");
    assert_eq!(field_of(with("place", json!({"department": "99"}))), "place.department");
    assert_eq!(field_of(with("estimated_value_eur", json!(-3))), "estimated_value_eur");
    assert_eq!(field_of(with("estimated_value_eur", json!("beaucoup"))), "estimated_value_eur");
    assert_eq!(field_of(with("duration_months", json!(-12))), "duration_months");
    assert_eq!(field_of(with("duration_months", json!(1.5))), "duration_months");
    assert_eq!(field_of(with("reservation", json!("solidaire"))), "reservation");
    assert_eq!(field_of(with("buyer", json!({"kind": "ministry"}))), "buyer.kind");
    assert_eq!(field_of(with("buyer", json!({"siret": "123"}))), "buyer.siret");
    assert_eq!(field_of(with("consultation_date", json!("2026-02-30"))), "consultation_date");
    assert_eq!(field_of(with("cpv", json!(["45000000", "4500"]))), "cpv[1]");
    assert_eq!(field_of(with("cpv", json!(["99000000"]))), "cpv[0]");
    assert_eq!(field_of(with("place", json!({"communes": []}))), "place.communes");
    assert_eq!(field_of(with("place", json!({"lat": 48.6, "lon": 2.4, "radius_km": 0}))), "place.radius_km");
    assert_eq!(field_of(with("lots", json!({"id": "1"}))), "lots");
    assert_eq!(field_of(json!(["not", "an", "object"])), "(racine)");
    let lot_cpv = with("lots", json!([{"id": "1", "title": "a"}, {"id": "2", "title": "b", "cpv": ["1"]}]));
    assert_eq!(field_of(lot_cpv), "lots[1].cpv[0]");
}

#[test]
fn messages_are_french_and_list_what_is_accepted() {
    let err = parse(json!({"id": "n1", "title": "x", "reservation": "solidaire"})).unwrap_err();
    assert!(err.message.contains("handicap") && err.message.contains("prison"), "{}", err.message);
    assert_eq!(err.to_string(), format!("champ « reservation » : {}", err.message));
}

#[test]
fn unknown_cpv_is_refused_against_a_full_catalogue_only() {
    let need = json!({"id": "n1", "title": "x", "cpv": ["45123456"]});
    assert!(parse(need.clone()).is_ok(), "a small catalogue only checks the division");
    let full = CpvCatalogue::with_codes((0..6_000).map(|i| (Cpv::parse(&format!("03{i:06}")).unwrap(), String::new())));
    let err = Need::from_json(&need, Gazetteer::builtin(), &full, TODAY).unwrap_err();
    assert_eq!(err.field, "cpv[0]");
    assert!(err.message.contains("absent"), "{}", err.message);
}

#[test]
fn a_need_without_lots_is_one_lot() {
    let need =
        parse(json!({"id": "n", "title": "Collecte", "cpv": ["90500000"], "estimated_value_eur": 50000})).unwrap();
    let lots = need.lots();
    assert_eq!(lots.len(), 1);
    assert_eq!(lots[0].id, None);
    assert_eq!(lots[0].title, "Collecte");
    assert_eq!(lots[0].estimated_value_eur, Some(50_000.0));
    assert_eq!(lots[0].contract_type(), Some(crate::domain::cpv::ContractType::Services));
}

#[test]
fn lots_inherit_what_they_lack() {
    let need = parse(json!({
        "id": "n", "title": "Entretien", "description": "Espaces publics", "cpv": ["77310000"],
        "place": {"department": "91"}, "estimated_value_eur": 300000, "duration_months": 24,
        "reservation": "insertion",
        "lots": [
            {"id": "1", "title": "Espaces verts nord"},
            {"id": "2", "title": "Nettoyage", "cpv": ["90911200"], "place": {"departments": ["77"]},
             "estimated_value_eur": 80000, "duration_months": 12, "reservation": "handicap",
             "description": "Bureaux"}
        ]
    }))
    .unwrap();
    let lots = need.lots();
    assert_eq!(lots.len(), 2);
    let (a, b) = (&lots[0], &lots[1]);
    assert_eq!(a.id.as_deref(), Some("1"));
    assert_eq!(a.cpv, need.cpv);
    assert_eq!(a.place, Some(Place::Department("91".into())));
    assert_eq!(a.estimated_value_eur, Some(300_000.0));
    assert_eq!(a.duration_months, Some(24));
    assert_eq!(a.reservation, Some(Reservation::Insertion));
    assert_eq!(a.description.as_deref(), Some("Espaces publics"));
    assert_eq!(b.cpv[0].as_str(), "90911200");
    assert_eq!(b.place, Some(Place::Departments(vec!["77".into()])));
    assert_eq!(b.estimated_value_eur, Some(80_000.0));
    assert_eq!(b.duration_months, Some(12));
    assert_eq!(b.reservation, Some(Reservation::Handicap));
    assert_eq!(b.description.as_deref(), Some("Bureaux"));
}

#[test]
fn total_value_and_main_cpv() {
    let need = parse(json!({"id": "n", "title": "x", "lots": [
        {"id": "1", "title": "a", "cpv": ["45000000"], "estimated_value_eur": 100},
        {"id": "2", "title": "b", "estimated_value_eur": 50}]}))
    .unwrap();
    assert_eq!(need.total_estimated_value_eur(), Some(150.0));
    assert_eq!(need.main_cpv().map(Cpv::as_str), Some("45000000"));
    assert_eq!(need.contract_type(), Some(crate::domain::cpv::ContractType::Works));
    let partial = parse(json!({"id": "n", "title": "x", "lots": [
        {"id": "1", "title": "a", "estimated_value_eur": 100}, {"id": "2", "title": "b"}]}))
    .unwrap();
    assert_eq!(partial.total_estimated_value_eur(), None);
}
