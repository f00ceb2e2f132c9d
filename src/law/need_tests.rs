use jiff::civil::date;
use serde_json::{Value, json};

use super::*;
use crate::domain::cpv::CpvCatalogue;
use crate::domain::territory::Gazetteer;

fn parse(value: Value) -> Result<Need, NeedError> {
    let need = Need::from_json(&value, Gazetteer::builtin(), CpvCatalogue::builtin(), date(2026, 12, 6))?;
    check_need(&need, &LawConfig::default())?;
    Ok(need)
}

#[test]
fn ess_reservation_conditions_are_checked_with_the_field_at_fault() {
    let too_long = json!({"id": "n", "title": "Personnel médical", "cpv": ["79625000"], "duration_months": 48,
                          "reservation": "ess"});
    let err = parse(too_long).unwrap_err();
    assert_eq!(err.field, "duration_months");
    assert!(err.message.contains("36 mois"), "{}", err.message);

    let cleaning = json!({"id": "n", "title": "Nettoyage", "reservation": "ess",
                          "lots": [{"id": "1", "title": "Soins", "cpv": ["85311000"]},
                                   {"id": "2", "title": "Nettoyage", "cpv": ["85311000", "90911200"]}]});
    let err = parse(cleaning).unwrap_err();
    assert_eq!(err.field, "lots[1].cpv[1]");
    assert!(err.message.starts_with("L2113-15 ne s'applique pas au code CPV 90911200"), "{}", err.message);

    let inherited_cpv = json!({"id": "n", "title": "x", "cpv": ["90911200"],
                               "lots": [{"id": "1", "title": "a", "reservation": "ess"}]});
    assert_eq!(parse(inherited_cpv).unwrap_err().field, "cpv[0]");

    let utility = json!({"id": "n", "title": "x", "cpv": ["85311000"], "reservation": "ess",
                         "buyer": {"kind": "utility"}});
    assert_eq!(parse(utility).unwrap_err().field, "buyer.kind");

    let lot_duration = json!({"id": "n", "title": "x", "cpv": ["85311000"], "reservation": "ess",
                              "lots": [{"id": "1", "title": "a", "duration_months": 40}]});
    assert_eq!(parse(lot_duration).unwrap_err().field, "lots[0].duration_months");

    let fine = json!({"id": "n", "title": "x", "cpv": ["85311000"], "reservation": "ess", "duration_months": 36});
    assert!(parse(fine).is_ok());
}

#[test]
fn reservations_cannot_be_combined_in_a_list() {
    let err = parse(
        json!({"id": "n", "title": "x", "lots": [{"id": "1", "title": "a", "reservation": ["prison", "insertion"]}]}),
    )
    .unwrap_err();
    assert_eq!(err.field, "lots[0].reservation");
    assert!(err.message.contains("inclusive") && err.message.contains("L2113-13-1"), "{}", err.message);
}

#[test]
fn inclusive_before_loi_asap_is_refused() {
    let err = parse(json!({"id": "n", "title": "x", "reservation": "inclusive", "consultation_date": "2019-06-01"}))
        .unwrap_err();
    assert_eq!(err.field, "reservation");
}

#[test]
fn an_ess_lot_without_code_is_checked_on_the_code_its_words_point_to() {
    // Cleaning: the inferred code (division 90) is not on the art. 77 list.
    let cleaning = json!({"id": "n", "title": "Propreté", "lots": [
        {"id": "1", "title": "Nettoyage des locaux", "reservation": "ess"}]});
    let err = parse(cleaning).unwrap_err();
    assert_eq!(err.field, "lots[0].cpv");
    assert!(err.message.starts_with("code CPV déduit de l'objet : 909"), "{}", err.message);
    assert!(err.message.contains("L2113-15 ne s'applique pas"), "{}", err.message);
    // Nothing to infer from: the code is asked for.
    let vague = json!({"id": "n", "title": "Prestations diverses", "reservation": "ess"});
    let err = parse(vague).unwrap_err();
    assert_eq!(err.field, "cpv");
    assert!(err.message.contains("indiquer le code CPV"), "{}", err.message);
    // Childcare: the inferred code (division 85) is on the list, the reservation stands.
    let r = parse(json!({"id": "n", "title": "Soins", "lots": [
        {"id": "1", "title": "Accueil en micro crèche et halte garderie", "reservation": "ess"}]}));
    assert!(r.is_ok(), "{r:?}");
    // Other reservations need no code.
    assert!(parse(json!({"id": "n", "title": "Prestations diverses", "reservation": "insertion"})).is_ok());
}
