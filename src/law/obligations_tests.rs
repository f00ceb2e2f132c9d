use jiff::civil::date;

use super::*;
use ContractType::{Services, Works};

fn find(checks: &[ObligationCheck], o: Obligation) -> &ObligationCheck {
    checks.iter().find(|c| c.obligation == o).unwrap()
}

#[test]
fn environmental_condition_and_criterion_apply_to_every_consultation_from_august_2026() {
    let config = LawConfig::default();
    let small = Some((10_000.0, ValueBasis::WholeNeed));
    let on_21 = obligations(small, Some(Services), BuyerKind::Local, date(2026, 8, 21), &config);
    assert_eq!(find(&on_21, Obligation::EnvironmentalCriterion).mandatory, Some(true));
    assert_eq!(find(&on_21, Obligation::EnvironmentalCondition).mandatory, Some(false));
    let on_22 = obligations(None, None, BuyerKind::Local, date(2026, 8, 22), &config);
    let condition = find(&on_22, Obligation::EnvironmentalCondition);
    assert_eq!(condition.mandatory, Some(true));
    assert_eq!(condition.basis, ObligationBasis::EveryContract { from: date(2026, 8, 22) });
    assert_eq!(condition.obligation.article(), "L2112-2");
    assert_eq!(find(&on_22, Obligation::EnvironmentalCriterion).obligation.article(), "L2152-7");
    let on_20 = obligations(small, Some(Services), BuyerKind::Local, date(2026, 8, 20), &config);
    assert!(on_20.iter().all(|c| c.mandatory == Some(false)), "{on_20:?}");
}

#[test]
fn the_social_condition_is_judged_on_the_whole_contract() {
    let config = LawConfig::default();
    let day = date(2026, 9, 1);
    // A 100 000 € lot of a 300 000 € contract: the 300 000 € decide.
    let whole =
        social_condition(Some((300_000.0, ValueBasis::WholeNeed)), Some(Services), BuyerKind::Local, day, &config);
    assert_eq!(whole.mandatory, Some(true));
    assert_eq!(
        whole.basis,
        ObligationBasis::EuThreshold {
            contract_value_eur: 300_000.0,
            value_basis: ValueBasis::WholeNeed,
            threshold_eur: 216_000.0
        }
    );
    let works = social_condition(Some((300_000.0, ValueBasis::WorksLots)), Some(Works), BuyerKind::Local, day, &config);
    assert_eq!(works.mandatory, Some(false));
    assert_eq!(social_condition(None, Some(Works), BuyerKind::Local, day, &config).mandatory, None);
    assert_eq!(
        social_condition(Some((1e7, ValueBasis::WholeNeed)), None, BuyerKind::Local, day, &config).mandatory,
        None
    );
    let before =
        social_condition(Some((1e7, ValueBasis::WholeNeed)), Some(Works), BuyerKind::Local, date(2026, 8, 21), &config);
    assert_eq!(before.mandatory, Some(false));
}
