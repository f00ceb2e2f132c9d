use super::*;
use crate::domain::ContractType;
use crate::domain::Cpv;
use crate::domain::Kind;
use crate::domain::need::{BuyerKind, Reservation};
use crate::law::thresholds::{Threshold, threshold};
use crate::law::{LawConfig, eligible_regimes};
use jiff::civil::date;

fn cpv(code: &str) -> Cpv {
    Cpv::parse(code).unwrap()
}

#[test]
fn reasons_read_as_french_sentences() {
    let catalogue = CpvCatalogue::builtin();
    let said = |reason: Reason| reason_text(&reason, catalogue);
    assert_eq!(said(Reason::Text { share: 0.354 }), "texte proche du lot (35 %)");
    assert_eq!(
        said(Reason::PlaceWords { share: 0.84 }),
        "texte proche du lot (84 %) par le nom du lieu seulement, pas par le métier"
    );
    assert_eq!(said(Reason::Distance { km: 3.74 }), "à 3,7 km du lieu d'exécution");
    assert_eq!(
        said(Reason::DeclaredCpv { level: CpvLevel::Code, theirs: cpv("90911200"), ours: cpv("90911200") }),
        "cpv 90911200 (Services de nettoyage de bâtiments) : même code que le lot"
    );
    assert_eq!(
        said(Reason::DeclaredCpv { level: CpvLevel::Class, theirs: cpv("90919000"), ours: cpv("90911200") }),
        format!(
            "cpv 90919000 ({}) : même classe que le lot (90911200)",
            catalogue.nearest_label(&cpv("90919000")).unwrap()
        )
    );
    assert_eq!(said(Reason::SameDepartment { department: "93".into() }), "implanté dans le département du lot (93)");
    assert_eq!(said(Reason::Sector { sector: "nettoyage-locaux".into() }), "secteur : Nettoyage de locaux");
    let eligibility = eligible_regimes(&[Kind::Aci], None, &LawConfig::default())
        .into_iter()
        .find(|e| e.regime == Reservation::Insertion)
        .unwrap();
    let text = said(Reason::Eligible(eligibility));
    assert!(text.starts_with("éligible L2113-13 : ACI : SIAE conventionnée"), "{text}");
}

#[test]
fn a_supplier_needing_partners_is_told_why_in_euros() {
    let rule = threshold(Threshold::TurnoverCap, ContractType::Services, BuyerKind::Local, date(2026, 3, 1)).unwrap();
    let need = PartnersNeed { revenue_eur: 200_000.0, cap_eur: 1_500_000.0, value_eur: 1_000_000.0, rule };
    let text = reason_text(&Reason::NeedsPartners(need), CpvCatalogue::builtin());
    assert!(text.starts_with("à proposer en groupement : chiffre d'affaires de 200 000 €"), "{text}");
    assert!(text.contains("1 500 000 €") && text.contains("R2142-7"), "{text}");
}
