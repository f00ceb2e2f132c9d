use super::*;
use BuyerKind::{Local, State, Utility};
use ContractType::{Services, Supplies, Works};

/// What to ask, a date inside with the expected value, a date outside with the value then.
type Case = (Threshold, ContractType, BuyerKind, Date, f64, Date, Option<f64>);

fn value(what: Threshold, ct: ContractType, bk: BuyerKind, day: Date) -> Option<f64> {
    threshold(what, ct, bk, day).map(|r| r.value)
}

/// One case per row of the table: a date inside gives the row's value, a date outside gives another
/// value (or none).
#[test]
fn every_row_applies_inside_its_dates_and_not_outside() {
    #[rustfmt::skip]
    let cases: &[Case] = &[
        (NoPublicity, Services, Local, date(2026, 3, 15), 40_000.0, date(2026, 4, 1), Some(60_000.0)),
        (NoPublicity, Supplies, State, date(2026, 4, 15), 60_000.0, date(2026, 3, 31), Some(40_000.0)),
        (NoPublicity, Works, Local, date(2020, 3, 1), 40_000.0, date(2019, 12, 31), None),
        (NoPublicity, Works, State, date(2020, 9, 1), 70_000.0, date(2020, 7, 23), Some(40_000.0)),
        (NoPublicity, Works, Local, date(2022, 5, 1), 100_000.0, date(2020, 12, 8), Some(70_000.0)),
        (NoPublicity, Works, Utility, date(2026, 1, 1), 100_000.0, date(2019, 6, 1), None),
        (MapaNotice, Works, Local, date(2026, 5, 1), 90_000.0, date(2019, 3, 31), None),
        (EuFormalised, Services, State, date(2021, 6, 1), 139_000.0, date(2019, 12, 31), None),
        (EuFormalised, Services, Local, date(2020, 1, 1), 214_000.0, date(2022, 1, 1), Some(215_000.0)),
        (EuFormalised, Supplies, Utility, date(2021, 12, 31), 428_000.0, date(2022, 1, 1), Some(431_000.0)),
        (EuFormalised, Works, Local, date(2021, 3, 1), 5_350_000.0, date(2022, 3, 1), Some(5_382_000.0)),
        (EuFormalised, Supplies, State, date(2022, 5, 1), 140_000.0, date(2024, 5, 1), Some(143_000.0)),
        (EuFormalised, Services, Local, date(2023, 12, 31), 215_000.0, date(2024, 1, 1), Some(221_000.0)),
        (EuFormalised, Services, Utility, date(2022, 1, 1), 431_000.0, date(2021, 12, 31), Some(428_000.0)),
        (EuFormalised, Works, State, date(2023, 6, 1), 5_382_000.0, date(2024, 6, 1), Some(5_538_000.0)),
        (EuFormalised, Services, State, date(2025, 12, 31), 143_000.0, date(2026, 1, 1), Some(140_000.0)),
        (EuFormalised, Supplies, Local, date(2024, 1, 1), 221_000.0, date(2026, 1, 1), Some(216_000.0)),
        (EuFormalised, Services, Utility, date(2025, 6, 1), 443_000.0, date(2026, 6, 1), Some(432_000.0)),
        (EuFormalised, Works, State, date(2024, 7, 1), 5_538_000.0, date(2026, 7, 1), Some(5_404_000.0)),
        (EuFormalised, Supplies, State, date(2027, 12, 31), 140_000.0, date(2019, 12, 31), None),
        (EuFormalised, Services, Local, date(2026, 3, 15), 216_000.0, date(2028, 1, 1), None),
        (EuFormalised, Supplies, Utility, date(2026, 1, 1), 432_000.0, date(2025, 12, 31), Some(443_000.0)),
        (EuFormalised, Works, Local, date(2027, 1, 1), 5_404_000.0, date(2028, 1, 1), None),
        (SocialServicesEu, Services, Local, date(2026, 3, 15), 750_000.0, date(2016, 3, 31), None),
        (SocialServicesEu, Services, Utility, date(2026, 3, 15), 1_000_000.0, date(2016, 3, 31), None),
        (SmallLot, Services, Local, date(2026, 3, 15), 80_000.0, date(2019, 3, 31), None),
        (SmallLot, Works, Local, date(2026, 3, 15), 1_000_000.0, date(2019, 3, 31), None),
        (SmallLotsShare, Works, State, date(2026, 3, 15), 0.20, date(2019, 3, 31), None),
        (TurnoverCap, Services, Local, date(2025, 12, 31), 2.0, date(2026, 1, 1), Some(1.5)),
        (TurnoverCap, Works, Local, date(2026, 1, 1), 1.5, date(2025, 12, 31), Some(2.0)),
    ];
    assert_eq!(cases.len(), THRESHOLDS.len(), "one case per row");
    for &(what, ct, bk, inside, expected, outside, other) in cases {
        assert_eq!(value(what, ct, bk, inside), Some(expected), "{what:?} {ct:?} {bk:?} on {inside}");
        assert_eq!(value(what, ct, bk, outside), other, "{what:?} {ct:?} {bk:?} on {outside}");
    }
    // Every row is reached by some case.
    for (i, r) in THRESHOLDS.iter().enumerate() {
        let hit = cases.iter().any(|&(what, ct, bk, inside, ..)| {
            threshold(what, ct, bk, inside).is_some_and(|found| std::ptr::eq(found, r))
        });
        assert!(hit, "row {i} ({:?}, {}) has no test case", r.what, r.value);
    }
}

#[test]
fn rows_never_overlap() {
    for (i, a) in THRESHOLDS.iter().enumerate() {
        for b in &THRESHOLDS[i + 1..] {
            if a.what != b.what {
                continue;
            }
            let types_meet = a.contract_types.is_empty()
                || b.contract_types.is_empty()
                || a.contract_types.iter().any(|t| b.contract_types.contains(t));
            let buyers_meet = a.buyer_kinds.is_empty()
                || b.buyer_kinds.is_empty()
                || a.buyer_kinds.iter().any(|k| b.buyer_kinds.contains(k));
            let dates_meet =
                a.valid_until.is_none_or(|u| b.valid_from <= u) && b.valid_until.is_none_or(|u| a.valid_from <= u);
            assert!(!(types_meet && buyers_meet && dates_meet), "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn every_row_cites_an_article_and_a_source() {
    for r in THRESHOLDS {
        assert!(r.article.starts_with('R') || r.article.starts_with('L'), "{r:?}");
        assert!(!r.source.is_empty(), "{r:?}");
        assert!(r.valid_until.is_none_or(|u| r.valid_from <= u), "{r:?}");
    }
}
