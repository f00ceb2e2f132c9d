//! Rules sized on a lot's value: small lots in a formalised contract (R2123-1 2°) and the minimum
//! turnover a buyer may require (R2142-7).

use jiff::civil::Date;

use super::thresholds::{Threshold, ThresholdRow, threshold};
use crate::domain::cpv::ContractType;
use crate::domain::need::BuyerKind;

/// Whether a lot may follow a MAPA inside a contract above the EU thresholds (R2123-1 2°), with the
/// figures compared (`wording::law::small_lot_text` says it in French).
#[derive(Debug, Clone, PartialEq)]
pub struct SmallLotCheck {
    /// `Some(true)` when both conditions hold; `None` when the table has no threshold at that date.
    pub allowed: Option<bool>,
    /// The lot's value, euros HT.
    pub lot_value_eur: f64,
    /// The lots so treated together, this one included, euros HT.
    pub small_lots_total_eur: f64,
    /// All the lots of the contract, euros HT.
    pub all_lots_total_eur: f64,
    /// The contract type the thresholds were read for.
    pub contract_type: ContractType,
    /// The small-lot threshold and the allowed share, when the table has them at that date.
    pub thresholds: Option<SmallLotThresholds>,
}

/// The two rows of R2123-1 2° read for a check.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SmallLotThresholds {
    /// The highest value of a small lot (the lot must be under it).
    pub cap: &'static ThresholdRow,
    /// The largest share of all lots the small lots may make together.
    pub share: &'static ThresholdRow,
}

impl SmallLotCheck {
    /// True when the lot is under the small-lot threshold.
    pub fn small_enough(&self) -> bool {
        self.thresholds.is_some_and(|t| self.lot_value_eur < t.cap.value)
    }

    /// The most the small lots may total (the share of all lots), when known.
    pub fn ceiling_eur(&self) -> Option<f64> {
        self.thresholds.map(|t| t.share.value * self.all_lots_total_eur)
    }

    /// True when the small lots stay within their share of all lots.
    pub fn share_ok(&self) -> bool {
        self.ceiling_eur().is_some_and(|ceiling| self.small_lots_total_eur <= ceiling)
    }
}

/// R2123-1 2°: a lot of `lot_value` may follow a MAPA when it is under the small-lot threshold and the
/// lots so treated, `small_lots_total` euros including this one, are at most 20 % of `all_lots_total`.
pub fn small_lot_check(
    lot_value: f64,
    small_lots_total: f64,
    all_lots_total: f64,
    contract_type: ContractType,
    buyer_kind: BuyerKind,
    date: Date,
) -> SmallLotCheck {
    let thresholds = match (
        threshold(Threshold::SmallLot, contract_type, buyer_kind, date),
        threshold(Threshold::SmallLotsShare, contract_type, buyer_kind, date),
    ) {
        (Some(cap), Some(share)) => Some(SmallLotThresholds { cap, share }),
        _ => None,
    };
    let mut check = SmallLotCheck {
        allowed: None,
        lot_value_eur: lot_value,
        small_lots_total_eur: small_lots_total,
        all_lots_total_eur: all_lots_total,
        contract_type,
        thresholds,
    };
    if thresholds.is_some() {
        check.allowed = Some(check.small_enough() && check.share_ok());
    }
    check
}

/// R2123-1 2° over the lots of a formalised contract whose values are `values` (all lots counted in its
/// value): the smallest lots first, while each stays under the small-lot threshold and their sum within
/// the allowed share of the total. `Some(check)` for the lots that may follow a MAPA, `None` for the
/// others. The buyer may choose other lots; this is the choice that frees the most lots.
pub fn small_lots(
    values: &[f64],
    contract_type: ContractType,
    buyer_kind: BuyerKind,
    date: Date,
) -> Vec<Option<SmallLotCheck>> {
    let total: f64 = values.iter().sum();
    let mut out = vec![None; values.len()];
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut small_total = 0.0;
    for i in order {
        let check = small_lot_check(values[i], small_total + values[i], total, contract_type, buyer_kind, date);
        if check.allowed != Some(true) {
            break;
        }
        small_total += values[i];
        out[i] = Some(check);
    }
    out
}

/// R2142-7: the highest minimum annual turnover a buyer may require from candidates to a contract or lot
/// of `value` euros (1.5 × from 2026, 2 × before), with the row read. For a groupement, compare it with
/// the sum of its members' turnovers.
pub fn max_turnover_requirement(
    value: f64,
    contract_type: ContractType,
    buyer_kind: BuyerKind,
    date: Date,
) -> Option<(f64, &'static ThresholdRow)> {
    threshold(Threshold::TurnoverCap, contract_type, buyer_kind, date).map(|row| (value * row.value, row))
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn small_lots_need_both_conditions() {
        let day = date(2026, 3, 15);
        let ok = small_lot_check(70_000.0, 150_000.0, 1_000_000.0, ContractType::Services, BuyerKind::Local, day);
        assert_eq!(ok.allowed, Some(true), "{ok:?}");
        let too_big = small_lot_check(85_000.0, 150_000.0, 1_000_000.0, ContractType::Services, BuyerKind::Local, day);
        assert_eq!(too_big.allowed, Some(false));
        let too_many = small_lot_check(70_000.0, 210_000.0, 1_000_000.0, ContractType::Services, BuyerKind::Local, day);
        assert_eq!(too_many.allowed, Some(false));
        assert!(too_many.small_enough() && !too_many.share_ok(), "{too_many:?}");
        assert_eq!(too_many.ceiling_eur(), Some(200_000.0));
        let works = small_lot_check(900_000.0, 900_000.0, 6_000_000.0, ContractType::Works, BuyerKind::Local, day);
        assert_eq!(works.allowed, Some(true), "{works:?}");
        let old = small_lot_check(1.0, 1.0, 10.0, ContractType::Works, BuyerKind::Local, date(2018, 1, 1));
        assert_eq!(old.allowed, None);
    }

    #[test]
    fn the_smallest_lots_go_first_within_20_percent() {
        let day = date(2026, 3, 15);
        let checks =
            small_lots(&[200_000.0, 30_000.0, 70_000.0, 40_000.0], ContractType::Services, BuyerKind::Local, day);
        // 340 000 € in all: 20 % is 68 000 €; 30 000 + 40 000 = 70 000 € is already too much.
        let allowed: Vec<bool> = checks.iter().map(Option::is_some).collect();
        assert_eq!(allowed, vec![false, true, false, false]);
        let checks = small_lots(&[250_000.0, 50_000.0, 50_000.0], ContractType::Services, BuyerKind::Local, day);
        assert_eq!(checks.iter().filter(|c| c.is_some()).count(), 1);
    }

    #[test]
    fn turnover_cap_changes_on_1_january_2026() {
        let (cap, row) =
            max_turnover_requirement(100_000.0, ContractType::Services, BuyerKind::Local, date(2026, 1, 1)).unwrap();
        assert_eq!(cap, 150_000.0);
        assert_eq!(row.article, "R2142-7");
        let (before, _) =
            max_turnover_requirement(100_000.0, ContractType::Services, BuyerKind::Local, date(2025, 12, 31)).unwrap();
        assert_eq!(before, 200_000.0);
    }
}
