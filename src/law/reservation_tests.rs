use super::*;
use crate::domain::need::ALL_RESERVATIONS;

fn cpv(code: &str) -> Cpv {
    Cpv::parse(code).unwrap()
}

fn check(r: Regime, cpvs: &[&str], months: Option<u32>, buyer: BuyerKind) -> Result<(), ReservationError> {
    let cpvs: Vec<Cpv> = cpvs.iter().map(|c| cpv(c)).collect();
    check_lot_reservation(r, &cpvs, months, buyer, &LawConfig::default())
}

#[test]
fn facts_are_in_the_order_of_the_regimes() {
    for r in ALL_RESERVATIONS {
        assert_eq!(r.facts().regime, r);
        assert!(r.label().contains(r.article()), "{}", r.label());
    }
    assert_eq!(Regime::Handicap.facts().eforms_code, Some("res-ws"));
    assert_eq!(Regime::Inclusive.facts().eforms_code, Some("res-ws"));
    assert_eq!(Regime::Ess.facts().eforms_code, Some("res-pub-ser"));
    assert_eq!(Regime::Ess.facts().min_share_of_workers, None);
    assert_eq!(Regime::Insertion.facts().min_share_of_workers, Some(0.5));
}

#[test]
fn ess_for_48_months_is_too_long() {
    let err = check(Regime::Ess, &["79625000"], Some(48), BuyerKind::Local).unwrap_err();
    assert_eq!(err, ReservationError::TooLong { months: 48, max: 36 });
    assert!(err.to_string().contains("36 mois"), "{err}");
    assert!(check(Regime::Ess, &["79625000"], Some(36), BuyerKind::Local).is_ok());
    let lenient = LawConfig { ess_max_duration_months: 48, ..LawConfig::default() };
    assert!(check_lot_reservation(Regime::Ess, &[cpv("79625000")], Some(48), BuyerKind::Local, &lenient).is_ok());
}

#[test]
fn ess_on_cleaning_is_not_on_the_list() {
    let err = check(Regime::Ess, &["85311000", "90911200"], Some(12), BuyerKind::Local).unwrap_err();
    assert_eq!(err, ReservationError::CpvNotListed { index: 1, cpv: cpv("90911200") });
    assert!(err.to_string().starts_with("L2113-15 ne s'applique pas au code CPV 90911200"), "{err}");
}

#[test]
fn ess_only_by_pouvoirs_adjudicateurs() {
    assert_eq!(
        check(Regime::Ess, &["85311000"], None, BuyerKind::Utility),
        Err(ReservationError::NotPouvoirAdjudicateur)
    );
    assert!(check(Regime::Ess, &["85311000"], None, BuyerKind::State).is_ok());
}

#[test]
fn other_regimes_put_no_condition_on_the_lot() {
    for r in [Regime::Handicap, Regime::Insertion, Regime::Inclusive, Regime::Prison] {
        assert!(check(r, &["90911200"], Some(120), BuyerKind::Utility).is_ok(), "{r}");
    }
}

#[test]
fn inclusive_did_not_exist_before_loi_asap() {
    let err = check_reservation_in_force(Regime::Inclusive, date(2019, 6, 1)).unwrap_err();
    assert!(err.to_string().contains("L2113-14"), "{err}");
    assert!(check_reservation_in_force(Regime::Inclusive, date(2021, 1, 4)).is_ok());
    assert!(check_reservation_in_force(Regime::Insertion, date(2019, 6, 1)).is_ok());
}

fn award(buyer: &str, supplier: &Siret, regime: Option<Regime>, code: &str, on: Date) -> PastAward {
    PastAward { buyer: buyer.into(), supplier: supplier.clone(), regime, cpv: vec![cpv(code)], awarded_on: on }
}

#[test]
fn three_year_rule_for_the_same_buyer_and_services() {
    let supplier = Siret::parse("73282932000074").unwrap();
    let other = Siret::parse("35600000000048").unwrap();
    let buyer = "21910228400011";
    let lot = [cpv("85311000")];
    let config = LawConfig::default();
    let today = date(2026, 3, 15);
    let recent = [award("219102284 00029", &supplier, Some(Regime::Ess), "85312000", date(2024, 1, 10))];
    let err = check_ess_repeat_award(&supplier, buyer, &lot, today, &recent, &config).unwrap_err();
    assert!(matches!(err, ReservationError::RecentEssAward { until, .. } if until == date(2027, 1, 10)), "{err:?}");
    // Older than 3 years, another supplier, another buyer, another regime, other services: allowed.
    let fine = [
        award(buyer, &supplier, Some(Regime::Ess), "85311000", date(2023, 3, 14)),
        award(buyer, &other, Some(Regime::Ess), "85311000", date(2025, 1, 1)),
        award("21750001600019", &supplier, Some(Regime::Ess), "85311000", date(2025, 1, 1)),
        award(buyer, &supplier, Some(Regime::Insertion), "85311000", date(2025, 1, 1)),
        award(buyer, &supplier, Some(Regime::Ess), "80511000", date(2025, 1, 1)),
    ];
    assert!(check_ess_repeat_award(&supplier, buyer, &lot, today, &fine, &config).is_ok());
}
