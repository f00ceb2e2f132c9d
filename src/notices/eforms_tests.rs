use std::path::{Path, PathBuf};

use crate::domain::need::{BuyerKind, Reservation};
use crate::notices::{NoticeKind, read_xml};

fn path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/notices").join(name)
}

fn read(name: &str) -> crate::notices::Notice {
    let p = path(name);
    read_xml(&p, &std::fs::read(&p).unwrap()).unwrap()
}

#[test]
fn contract_notice_with_a_reserved_lot() {
    let n = read("eforms-cn-restauration-grenoble.xml");
    assert_eq!(n.format.code(), "eforms");
    assert_eq!(
        (n.id.as_str(), n.notice_type.as_str(), n.language.as_str()),
        ("262891-2025", "ContractNotice 16", "FRA")
    );
    assert_eq!(n.kind, NoticeKind::ContractNotice);
    assert_eq!(n.procedure_id, "b3e1a8c2-7d4f-4e2a-8f61-0a9b8c7d6e5f");
    assert_eq!(n.publication_date.unwrap().to_string(), "2025-04-30");
    assert_eq!(n.buyer.name, "Centre communal d'action sociale de Grenoble");
    assert_eq!(n.buyer.siret.as_ref().unwrap().as_str(), "21380185500015");
    assert_eq!(n.buyer.kind, Some(BuyerKind::Local));
    assert_eq!(n.cpv.iter().map(|c| c.as_str()).collect::<Vec<_>>(), ["55520000", "55521100"]);
    assert_eq!((n.procedure_type.as_deref(), n.estimated_value_eur), (Some("open"), Some(1_850_000.0)));
    assert_eq!(n.deadline.as_deref(), Some("2025-06-02T12:00:00+02:00"));
    assert_eq!(n.documents_url.as_deref(), Some("https://marchespublics.grenoble.fr/consultation/2025-04"));
    assert_eq!(n.notice_url.as_deref(), Some("https://ted.europa.eu/fr/notice/-/detail/262891-2025"));
    let (esat, meals) = (&n.lots[0], &n.lots[1]);
    assert_eq!(esat.id, "LOT-0001");
    assert!(esat.reserved);
    assert_eq!(esat.reservation_codes, ["res-ws"]);
    assert_eq!(esat.reservation, Some(Reservation::Inclusive));
    assert_eq!((esat.estimated_value_eur, esat.duration_months), (Some(1_200_000.0), Some(36)));
    assert_eq!(esat.place.departments, ["38"]);
    assert_eq!(esat.place.post_codes, ["38000"]);
    assert_eq!(esat.social.codes, ["soc-obj", "opp"]);
    assert!(esat.social.social_clause);
    assert!(!meals.reserved);
    assert_eq!(meals.reservation_codes, ["none"]);
    assert_eq!(meals.reservation, None);
    assert!(meals.social.social_clause, "the insertion clause of the execution conditions");
    assert!(n.warnings.is_empty(), "{:?}", n.warnings);
}

#[test]
fn change_notice_is_a_corrigendum_of_the_same_procedure() {
    let cn = read("eforms-cn-restauration-grenoble.xml");
    let change = read("eforms-cn-rectificatif-grenoble.xml");
    assert_eq!(change.kind, NoticeKind::Corrigendum);
    assert_eq!(change.id, "288410-2025");
    assert_eq!(change.procedure_id, cn.procedure_id);
    assert_eq!(change.related_notices, ["4f0c8b7e-2b1a-4c55-9a57-1d2e3f405060-01"]);
    assert_eq!(change.deadline.as_deref(), Some("2025-06-16T12:00:00+02:00"));
}

#[test]
fn award_notice_closes_the_procedure_with_winners() {
    let cn = read("eforms-cn-restauration-grenoble.xml");
    let n = read("eforms-can-restauration-grenoble.xml");
    assert_eq!((n.kind, n.notice_type.as_str()), (NoticeKind::Award, "ContractAwardNotice 29"));
    assert_eq!(n.procedure_id, cn.procedure_id);
    assert_eq!(n.awards.len(), 2);
    let esat = &n.awards[0];
    assert_eq!(esat.lot_id.as_deref(), Some("LOT-0001"));
    assert_eq!(esat.winners[0].name, "ESAT La Bastille Restauration");
    assert_eq!(esat.winners[0].siret.as_ref().unwrap().as_str(), "31234567100035");
    assert_eq!((esat.value_eur, esat.date.unwrap().to_string()), (Some(1_150_000.0), "2025-07-21".to_string()));
    assert_eq!(n.awards[1].winners[0].siret, None, "a SIREN is not a SIRET");
    assert_eq!(n.lots[0].reservation_codes, ["res-ws"]);
    assert!(n.warnings.is_empty(), "{:?}", n.warnings);
}
