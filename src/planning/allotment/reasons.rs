//! The reasons of a proposal, with the figures and the articles relied on (L2113-10, L2113-11,
//! R2113-1, R2123-1 2°, R2142-7), ready to be worded for a rapport de présentation.

use super::Strategy;
use super::evaluate::{Context, Evaluated, Layout};
use super::facts::Reason;
use crate::planning::bits::Bits;

/// The reasons of one evaluated layout.
pub(super) fn reasons(ctx: &Context, layout: &Layout, evaluated: &Evaluated) -> Vec<Reason> {
    let lots = &evaluated.lots;
    let (single_covering, single_able) = single_lot(ctx);
    let facts = layout.facts.clone();
    let mut out = vec![match layout.strategy {
        Strategy::SingleLot if ctx.scope.activities.len() == 1 && ctx.part_count() == 1 => {
            Reason::SingleLotIndivisible { able: single_able }
        }
        Strategy::SingleLot => Reason::SingleLotToJustify { able: single_able },
        Strategy::ByActivity => Reason::DistinctActivities {
            activities: ctx.scope.activities.iter().map(|a| a.label.to_lowercase()).collect(),
        },
        Strategy::ByGeography | Strategy::ByActivityAndGeography => Reason::Geography {
            perimeter: ctx.scope.perimeter.label.clone(),
            facts,
            single_able,
            single_too_small: single_covering - single_able,
            able: evaluated.objective.ess_suppliers_able,
            lots: lots.len(),
        },
        Strategy::ReservedCarveOut => {
            Reason::ReservedCarveOut { facts, reservation: lots.first().and_then(|l| l.reservation) }
        }
        Strategy::SizedToCapacity => Reason::SizedToCapacity { facts },
    }];
    let below = lots
        .iter()
        .filter(|l| l.reservation.is_some() && l.eligible_suppliers < ctx.min)
        .map(|l| (l.id.clone(), l.eligible_suppliers))
        .collect();
    out.push(Reason::Competition { min: ctx.min, below });
    if lots.len() >= 2 {
        out.push(Reason::LotsPerOperator { leader: leader(lots) });
        let small: Vec<String> =
            lots.iter().filter(|l| l.procedure.small_lot.is_some()).map(|l| l.id.clone()).collect();
        if !small.is_empty() {
            out.push(Reason::SmallLots { lots: small });
        }
        let by_activity = !ctx.scope.activities.iter().all(|a| a.value_eur.is_some());
        let by_place = lots.iter().any(|l| l.place != ctx.scope.perimeter.place);
        if by_activity || by_place {
            out.push(Reason::EstimatedValues { by_activity, by_place });
        }
    }
    out
}

/// Eligible suppliers doing every activity on the whole perimeter, and how many of them have the
/// turnover a single lot allows the buyer to require (R2142-7).
fn single_lot(ctx: &Context) -> (usize, usize) {
    let acts: Vec<usize> = (0..ctx.scope.activities.len()).collect();
    let covering = ctx.covering(&acts, &Bits::full(ctx.part_count()), ctx.scope.reservation);
    (covering.len(), ctx.able(&covering, ctx.scope.estimated_value_eur).len())
}

/// The supplier first on most lots, when it is first on at least two (the first such in lot order).
fn leader(lots: &[super::PlannedLot]) -> Option<(String, usize)> {
    let mut leaders: Vec<(&str, usize)> = Vec::new();
    for l in lots {
        if let Some(first) = l.best.first() {
            match leaders.iter_mut().find(|(n, _)| *n == first.name) {
                Some((_, count)) => *count += 1,
                None => leaders.push((&first.name, 1)),
            }
        }
    }
    leaders.iter().filter(|(_, n)| *n >= 2).max_by_key(|(_, n)| *n).map(|(name, n)| (name.to_string(), *n))
}
