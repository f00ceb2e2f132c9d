use jiff::civil::date;
use serde_json::{Value, json};

use super::*;
use crate::domain::cpv::CpvCatalogue;
use crate::domain::territory::Gazetteer;

fn need(value: Value) -> Need {
    Need::from_json(&value, Gazetteer::builtin(), CpvCatalogue::builtin(), date(2026, 12, 6)).unwrap()
}

fn code(c: &str) -> Cpv {
    Cpv::parse(c).unwrap()
}

#[test]
fn a_need_of_one_kind_is_judged_on_all_its_lots() {
    let n = need(json!({"id": "n", "title": "Propreté", "lots": [
        {"id": "1", "title": "Nettoyage", "cpv": ["90911200"], "estimated_value_eur": 100000},
        {"id": "2", "title": "Espaces verts", "cpv": ["77310000"], "estimated_value_eur": 200000}]}));
    let v = deciding_value(&n, &code("90911200"));
    assert_eq!(v.value_eur, Some(300_000.0));
    assert_eq!(v.basis, ValueBasis::WholeNeed);
    assert_eq!(v.basis.article(), "R2121-1");
}

#[test]
fn works_and_services_lots_are_each_judged_on_their_own_family() {
    let n = need(json!({"id": "n", "title": "École", "lots": [
        {"id": "1", "title": "Peinture", "cpv": ["45442100"], "estimated_value_eur": 80000},
        {"id": "2", "title": "Maçonnerie", "cpv": ["45262500"], "estimated_value_eur": 50000},
        {"id": "3", "title": "Nettoyage", "cpv": ["90911200"], "estimated_value_eur": 150000},
        {"id": "4", "title": "Mobilier", "cpv": ["39160000"], "estimated_value_eur": 30000}]}));
    let works = deciding_value(&n, &code("45442100"));
    assert_eq!(works.value_eur, Some(130_000.0));
    assert_eq!(works.basis.article(), "R2121-5");
    assert_eq!((works.lots_counted, works.lots_total), (2, 4));
    assert_eq!(works.lots, vec![0, 1]);
    let services = deciding_value(&n, &code("90911200"));
    assert_eq!(services.value_eur, Some(180_000.0));
    assert_eq!(services.basis, ValueBasis::SuppliesServicesLots);
    assert_eq!(services.basis.article(), "R2121-6");
}

#[test]
fn a_lot_without_code_takes_the_type_its_words_point_to() {
    let n = need(json!({"id": "n", "title": "Site", "lots": [
        {"id": "1", "title": "Peinture", "cpv": ["45442100"], "estimated_value_eur": 80000},
        {"id": "2", "title": "Nettoyage des locaux", "estimated_value_eur": 150000}]}));
    let lots = n.lots();
    assert_eq!(lot_contract_type(&lots[1]), Some(ContractType::Services));
    assert_eq!(deciding_value(&n, &code("45442100")).value_eur, Some(80_000.0));
}
