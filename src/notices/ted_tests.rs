use std::path::{Path, PathBuf};

use crate::domain::need::{BuyerKind, Reservation};
use crate::notices::{NoticeKind, NoticeWarning, read_xml};

fn path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/notices").join(name)
}

fn read(name: &str) -> crate::notices::Notice {
    let p = path(name);
    read_xml(&p, &std::fs::read(&p).unwrap()).unwrap()
}

#[test]
fn contract_notice_with_two_reserved_lots() {
    let n = read("ted-f02-nettoyage-evry.xml");
    assert_eq!(n.format.code(), "ted-xml");
    assert_eq!((n.id.as_str(), n.notice_type.as_str(), n.language.as_str()), ("2024/S 040-104512", "F02_2014", "FR"));
    assert_eq!(n.kind, NoticeKind::ContractNotice);
    assert_eq!(n.publication_date.unwrap().to_string(), "2024-02-26");
    assert_eq!(n.procedure_id, n.id);
    assert_eq!(n.buyer.name, "Commune d'Évry-Courcouronnes");
    assert_eq!(n.buyer.siret.as_ref().unwrap().as_str(), "21910228200015");
    assert_eq!(n.buyer.kind, Some(BuyerKind::Local));
    assert_eq!((n.buyer.post_code.as_deref(), n.buyer.town.as_deref()), (Some("91000"), Some("Évry-Courcouronnes")));
    assert_eq!(n.title, "Nettoyage des bâtiments communaux et de la vitrerie");
    let cpv: Vec<&str> = n.cpv.iter().map(|c| c.as_str()).collect();
    assert_eq!(cpv, ["90911200", "90919300", "90911300"]);
    assert_eq!(n.procedure_type.as_deref(), Some("PT_OPEN"));
    assert_eq!(n.estimated_value_eur, Some(960_000.0));
    assert_eq!(n.deadline.as_deref(), Some("2024-04-02T12:00:00"));
    assert!(n.documents_url.as_deref().unwrap().contains("EVRY-2024-017"));
    assert!(n.notice_url.as_deref().unwrap().contains("104512-2024:TEXT:FR"));
    assert_eq!(n.lots.len(), 2);
    let lot1 = &n.lots[0];
    assert_eq!((lot1.id.as_str(), lot1.title.as_str()), ("1", "Nettoyage des écoles et des crèches"));
    assert_eq!(lot1.place.departments, ["91"]);
    assert_eq!((lot1.estimated_value_eur, lot1.duration_months), (Some(720_000.0), Some(48)));
    assert!(lot1.reserved);
    assert_eq!(lot1.reservation_codes, ["RESTRICTED_SHELTERED_WORKSHOP"]);
    // The notice cites L2113-12 and L2113-13: both, as L2113-14 allows.
    assert_eq!(lot1.reservation, Some(Reservation::Inclusive));
    assert!(lot1.social.social_clause);
    assert_eq!(lot1.social.evidence.len(), 2, "{:?}", lot1.social.evidence);
    assert_eq!(n.lots[1].duration_months, Some(48), "from DATE_START and DATE_END");
    assert!(n.lots[1].social.social_clause, "the execution condition holds for every lot");
    assert!(n.warnings.is_empty(), "{:?}", n.warnings);
}

#[test]
fn corrigendum_points_to_the_notice_it_corrects() {
    let n = read("ted-f14-rectificatif-evry.xml");
    assert_eq!(n.kind, NoticeKind::Corrigendum);
    assert_eq!(n.procedure_id, "2024/S 040-104512");
    assert_eq!(n.related_notices, ["2024/S 040-104512"]);
    assert_eq!(n.deadline.as_deref(), Some("2024-04-16T12:00:00"), "the new time limit of section IV.2.2");
    assert_eq!(n.lots.len(), 1, "a notice without lots is one lot");
    assert_eq!(n.lots[0].place.departments, ["91"]);
}

#[test]
fn award_names_winners_and_keeps_bad_sirets_out() {
    let n = read("ted-f03-attribution-evry.xml");
    assert_eq!(n.kind, NoticeKind::Award);
    assert_eq!(n.procedure_id, "2024/S 040-104512");
    assert_eq!(n.awards.len(), 2);
    let first = &n.awards[0];
    assert_eq!(first.lot_id.as_deref(), Some("1"));
    assert_eq!(first.winners.len(), 2);
    assert_eq!(first.winners[0].siret.as_ref().unwrap().as_str(), "44312345000027");
    assert_eq!(first.winners[1].siret, None);
    assert_eq!((first.value_eur, first.date.unwrap().to_string()), (Some(684_000.0), "2024-06-14".to_string()));
    assert!(
        n.warnings.contains(&NoticeWarning::InvalidSiret { field: "winner".into(), value: "79876543400014".into() })
    );
}
