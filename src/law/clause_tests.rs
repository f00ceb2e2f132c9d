use jiff::civil::date;

use super::*;

fn cpv(code: &str) -> Cpv {
    Cpv::parse(code).unwrap()
}

fn clause(value: f64, code: &str, overrides: ClauseOverrides, day: Date) -> InsertionClause {
    insertion_clause(value, None, Some(&cpv(code)), &overrides, BuyerKind::Local, day, &LawConfig::default()).unwrap()
}

#[test]
fn the_worked_example_gives_833_hours() {
    let c = clause(1_000_000.0, "45000000", ClauseOverrides::default(), date(2026, 3, 15));
    assert_eq!(c.parameters.labour_share, 0.5);
    assert_eq!(c.parameters.insertion_rate, 0.05);
    assert_eq!(c.parameters.hourly_cost_eur, 30.0);
    assert!((c.hours - 833.33).abs() < 0.01, "{}", c.hours);
    assert_eq!(c.rounded_hours(), 833);
    let text = crate::wording::clause::describe(&c);
    assert!(text.contains("833 heures") && text.contains("1 000 000 €") && text.contains("50 %"), "{text}");
    assert!(text.contains("GEIQ") && text.contains("ESAT") && !text.contains("EITI"), "{text}");
}

#[test]
fn defaults_follow_the_division() {
    let config = ClauseConfig::default();
    let share =
        |code: &str| clause_parameters(Some(&cpv(code)), &ClauseOverrides::default(), &config).unwrap().labour_share;
    assert_eq!(share("90911200"), 0.7);
    assert_eq!(share("77310000"), 0.6);
    assert_eq!(share("55523100"), 0.4);
    assert_eq!(share("18000000"), FALLBACK_SUPPLIES_SHARE);
    assert_eq!(share("72000000"), FALLBACK_SERVICES_SHARE);
    let tuned = ClauseConfig { labour_share_by_division: [("90".to_string(), 0.8)].into(), ..ClauseConfig::default() };
    let p = clause_parameters(Some(&cpv("90911200")), &ClauseOverrides::default(), &tuned).unwrap();
    assert_eq!(p.labour_share, 0.8);
    assert!(p.labour_share_basis.contains("configurée"));
}

#[test]
fn overrides_win_and_are_checked() {
    let o = ClauseOverrides { labour_share: Some(0.7), insertion_rate: Some(0.1), hourly_cost_eur: Some(25.0) };
    let c = clause(100_000.0, "45000000", o, date(2026, 3, 15));
    assert!((c.hours - 280.0).abs() < 1e-9, "{}", c.hours);
    let config = ClauseConfig::default();
    let bad = ClauseOverrides { insertion_rate: Some(5.0), ..ClauseOverrides::default() };
    let err = clause_parameters(None, &bad, &config).unwrap_err();
    assert_eq!(err, ClauseError::Share { name: "insertion_rate", value: 5.0 });
    assert!(err.to_string().contains("insertion_rate"));
    let bad_cost = ClauseOverrides { hourly_cost_eur: Some(0.0), ..ClauseOverrides::default() };
    assert_eq!(clause_parameters(None, &bad_cost, &config), Err(ClauseError::HourlyCost(0.0)));
    let err = insertion_clause(
        -5.0,
        None,
        None,
        &ClauseOverrides::default(),
        BuyerKind::Local,
        date(2026, 1, 1),
        &LawConfig::default(),
    );
    assert_eq!(err, Err(ClauseError::Value(-5.0)));
}

#[test]
fn social_condition_mandatory_above_eu_thresholds_from_august_2026() {
    let before = clause(6_000_000.0, "45000000", ClauseOverrides::default(), date(2026, 8, 21));
    assert_eq!(before.social_condition.mandatory, Some(false));
    let after = clause(6_000_000.0, "45000000", ClauseOverrides::default(), date(2026, 8, 22));
    assert_eq!(after.social_condition.mandatory, Some(true));
    assert_eq!(after.social_condition.obligation.article(), "L2112-2-1");
    let small = clause(1_000_000.0, "45000000", ClauseOverrides::default(), date(2026, 9, 1));
    assert_eq!(small.social_condition.mandatory, Some(false));
    let services = clause(216_000.0, "90911200", ClauseOverrides::default(), date(2026, 9, 1));
    assert_eq!(services.social_condition.mandatory, Some(true));
}

#[test]
fn a_lot_is_judged_on_the_whole_contract_for_the_social_condition() {
    let lot = insertion_clause(
        100_000.0,
        Some((300_000.0, ValueBasis::WholeNeed)),
        Some(&cpv("90911200")),
        &ClauseOverrides::default(),
        BuyerKind::Local,
        date(2026, 9, 1),
        &LawConfig::default(),
    )
    .unwrap();
    assert_eq!(lot.value_eur, 100_000.0);
    assert_eq!(lot.social_condition.mandatory, Some(true), "{:?}", lot.social_condition);
}

#[test]
fn who_can_take_the_hours() {
    for kind in [Kind::Aci, Kind::Ei, Kind::Ai, Kind::Etti, Kind::Geiq, Kind::Ea, Kind::Esat] {
        assert!(can_take_insertion_hours(kind).is_some(), "{kind}");
    }
    for kind in [Kind::Eiti, Kind::Scic, Kind::Scop, Kind::Esus, Kind::Sep, Kind::Ess] {
        assert!(can_take_insertion_hours(kind).is_none(), "{kind}");
    }
}
