//! Evaluating a layout of lots: value, reservation, able suppliers, procedure and the objective.

use super::facts::{LayoutFact, ReservationNote};
use super::procedure::lot_procedures;
use super::{Objective, PlannedLot, Strategy};
use crate::domain::cpv::{ContractType, Cpv};
use crate::domain::need::Reservation;
use crate::law::obligations::{ObligationCheck, obligations};
use crate::law::reservation::check_reservation_in_force;
use crate::law::value::ValueBasis;
use crate::law::{LawConfig, check_lot_reservation};
use crate::planning::bits::Bits;
use crate::planning::candidate::Candidate;
use crate::planning::config::PlanningConfig;
use crate::planning::consortium::supplier_ref;
use crate::planning::coverage::{Reach, part_set};
use crate::planning::scope::Scope;

/// The regimes the planner may suggest for a lot not reserved by the buyer, narrowest first.
/// The prison reservation (L2113-13-1) is never suggested: it depends on how the work is produced.
const SUGGESTED_REGIMES: [Reservation; 4] =
    [Reservation::Insertion, Reservation::Handicap, Reservation::Inclusive, Reservation::Ess];

/// How a lot's reservation is decided.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Choice {
    /// The buyer's reservation, or a suggested one when the buyer gave none.
    Default,
    /// Left open to all, for the reason given.
    Open(ReservationNote),
}

/// A lot before evaluation: indices of activities and parts of the scope.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Draft {
    pub acts: Vec<usize>,
    pub parts: Vec<usize>,
    pub choice: Choice,
}

/// A proposal before evaluation.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Layout {
    pub strategy: Strategy,
    pub lots: Vec<Draft>,
    /// Facts found while building it, for the reasons.
    pub facts: Vec<LayoutFact>,
}

/// A layout evaluated.
pub(super) struct Evaluated {
    pub lots: Vec<PlannedLot>,
    pub objective: Objective,
}

/// Everything the moves and the evaluation read.
pub(super) struct Context<'a> {
    pub scope: &'a Scope,
    pub candidates: &'a [Candidate],
    pub reach: Vec<Reach>,
    pub law: &'a LawConfig,
    pub config: &'a PlanningConfig,
    pub min: usize,
}

impl<'a> Context<'a> {
    pub(super) fn new(
        scope: &'a Scope,
        candidates: &'a [Candidate],
        law: &'a LawConfig,
        config: &'a PlanningConfig,
    ) -> Self {
        let reach = candidates.iter().map(|c| Reach::of(scope, c)).collect();
        Context { scope, candidates, reach, law, config, min: law.min_competitors_per_lot as usize }
    }

    /// Number of parts of the perimeter.
    pub(super) fn part_count(&self) -> usize {
        self.scope.perimeter.parts.len()
    }

    /// The value of a lot: the activities' own values when the buyer gave them, else an equal share
    /// per activity; then a share of the parts, in proportion to their number of communes.
    pub(super) fn value_of(&self, acts: &[usize], parts: &[usize]) -> f64 {
        let activities = &self.scope.activities;
        let activity_value = if activities.iter().all(|a| a.value_eur.is_some()) {
            acts.iter().filter_map(|&a| activities[a].value_eur).sum::<f64>()
        } else {
            self.scope.estimated_value_eur * acts.len() as f64 / activities.len() as f64
        };
        let weight = |ps: &mut dyn Iterator<Item = usize>| -> usize {
            ps.map(|p| self.scope.perimeter.parts[p].spots.len()).sum()
        };
        let total = weight(&mut (0..self.part_count()));
        let share = weight(&mut parts.iter().copied());
        activity_value * share as f64 / total.max(1) as f64
    }

    /// Candidates that do `acts` in every part of `parts` and may bid under `reservation`, whatever
    /// their size.
    pub(super) fn covering(&self, acts: &[usize], parts: &Bits, reservation: Option<Reservation>) -> Vec<usize> {
        (0..self.candidates.len())
            .filter(|&i| self.candidates[i].eligible_to(reservation) && self.reach[i].covers(acts, parts))
            .collect()
    }

    /// Of `covering`, those whose turnover reaches the highest requirement allowed for `value`
    /// (R2142-7), best first (relevance, then turnover), one establishment per legal unit (a legal
    /// unit is one competitor).
    pub(super) fn able(&self, covering: &[usize], value: f64) -> Vec<usize> {
        let cap = self.scope.turnover_cap(value).map_or(0.0, |(c, _)| c);
        let mut able: Vec<usize> = covering.iter().copied().filter(|&i| self.candidates[i].capacity() >= cap).collect();
        able.sort_by(|&a, &b| {
            let (x, y) = (&self.candidates[a], &self.candidates[b]);
            y.relevance.total_cmp(&x.relevance).then(y.capacity().total_cmp(&x.capacity())).then(a.cmp(&b))
        });
        let mut units = rustc_hash::FxHashSet::default();
        able.retain(|&i| units.insert(self.candidates[i].legal_unit()));
        able
    }

    /// The regime (allowed for these activities on the consultation date) under which the most
    /// suppliers can bid alone, when at least the competition minimum can.
    pub(super) fn best_regime(&self, acts: &[usize], parts: &Bits, value: f64) -> Option<(Reservation, Vec<usize>)> {
        let cpvs: Vec<_> = acts.iter().flat_map(|&a| self.scope.activities[a].cpv.iter().cloned()).collect();
        let legal = &self.scope.legal;
        let mut best: Option<(Reservation, Vec<usize>)> = None;
        for regime in SUGGESTED_REGIMES {
            let allowed = check_reservation_in_force(regime, legal.date).is_ok()
                && check_lot_reservation(regime, &cpvs, legal.duration_months, legal.buyer_kind, self.law).is_ok();
            if !allowed {
                continue;
            }
            let able = self.able(&self.covering(acts, parts, Some(regime)), value);
            if able.len() >= self.min && best.as_ref().is_none_or(|(_, b)| able.len() > b.len()) {
                best = Some((regime, able));
            }
        }
        best
    }

    /// The reservation of a lot and why, with the suppliers able to bid under it.
    fn decide(&self, draft: &Draft, parts: &Bits, value: f64) -> (Option<Reservation>, ReservationNote, Vec<usize>) {
        if let Choice::Open(reason) = &draft.choice {
            return (None, reason.clone(), self.able(&self.covering(&draft.acts, parts, None), value));
        }
        let min = self.min;
        if let Some(reservation) = self.scope.reservation {
            let able = self.able(&self.covering(&draft.acts, parts, Some(reservation)), value);
            return (Some(reservation), ReservationNote::Buyer { reservation, able: able.len(), min }, able);
        }
        match self.best_regime(&draft.acts, parts, value) {
            Some((reservation, able)) => {
                (Some(reservation), ReservationNote::Suggested { reservation, able: able.len(), min }, able)
            }
            None => {
                let able = self.able(&self.covering(&draft.acts, parts, None), value);
                (None, ReservationNote::NoneAdvised { min }, able)
            }
        }
    }

    /// Evaluates a layout.
    pub(super) fn evaluate(&self, layout: &Layout) -> Evaluated {
        let values: Vec<f64> = layout.lots.iter().map(|d| self.value_of(&d.acts, &d.parts)).collect();
        let mains: Vec<Option<Cpv>> = layout
            .lots
            .iter()
            .map(|d| d.acts.iter().find_map(|&a| self.scope.activities[a].cpv.first()).cloned())
            .collect();
        let procedures = lot_procedures(self.scope, &values, &mains);
        let mut lots = Vec::new();
        let mut able_per_lot = Vec::new();
        let (mut without, mut below) = (0, 0);
        for (i, ((draft, value), procedure)) in layout.lots.iter().zip(&values).zip(procedures).enumerate() {
            let parts = part_set(self.part_count(), &draft.parts);
            let (reservation, reservation_note, able) = self.decide(draft, &parts, *value);
            if reservation.is_some() && able.is_empty() {
                without += 1;
            }
            if reservation.is_some() && able.len() < self.min {
                below += 1;
            }
            let mut lot = self.planned_lot(i, draft, *value, reservation, reservation_note, procedure, &able);
            lot.obligations = self.obligations(i, &values, &mains);
            lots.push(lot);
            able_per_lot.push(able);
        }
        let mut distinct: Vec<usize> = able_per_lot.iter().flatten().copied().collect();
        distinct.sort_unstable();
        distinct.dedup();
        let objective = Objective {
            competition_kept: below == 0,
            ess_suppliers_able: distinct.len(),
            lots_without_bidder: without,
            lots_below_competition: below,
            lots: lots.len(),
            min_competitors: self.law.min_competitors_per_lot,
        };
        Evaluated { lots, objective }
    }

    /// The obligations of lot `index`: L2112-2-1 judged on the whole contract, all lots together
    /// (R2121-1), or on the lots of its family when works mix with supplies or services (R2121-5,
    /// R2121-6), never on the lot alone.
    fn obligations(&self, index: usize, values: &[f64], mains: &[Option<Cpv>]) -> Vec<ObligationCheck> {
        let legal = &self.scope.legal;
        let type_of = |i: usize| mains[i].as_ref().map_or(legal.contract_type, Cpv::contract_type);
        let works = |i: usize| type_of(i) == ContractType::Works;
        let mixed = (0..values.len()).any(works) && !(0..values.len()).all(works);
        let (total, basis) = if !mixed {
            (values.iter().sum(), ValueBasis::WholeNeed)
        } else {
            let same: f64 = (0..values.len()).filter(|&i| works(i) == works(index)).map(|i| values[i]).sum();
            (same, if works(index) { ValueBasis::WorksLots } else { ValueBasis::SuppliesServicesLots })
        };
        let contract_type = if mixed { type_of(index) } else { legal.contract_type };
        obligations(Some((total, basis)), Some(contract_type), legal.buyer_kind, legal.date, self.law)
    }

    #[allow(clippy::too_many_arguments)]
    fn planned_lot(
        &self,
        index: usize,
        draft: &Draft,
        value: f64,
        reservation: Option<Reservation>,
        reservation_note: ReservationNote,
        procedure: super::LotProcedure,
        able: &[usize],
    ) -> PlannedLot {
        let perimeter = &self.scope.perimeter;
        let acts: Vec<&crate::planning::Activity> = draft.acts.iter().map(|&a| &self.scope.activities[a]).collect();
        let all_parts = draft.parts.len() == self.part_count();
        let what = if draft.acts.len() == self.scope.activities.len() {
            self.scope.title.clone()
        } else {
            acts.iter().map(|a| a.label.as_str()).collect::<Vec<_>>().join(" ; ")
        };
        let place_label = perimeter.label_of(&draft.parts);
        let title = if all_parts { what } else { format!("{what} — {place_label}") };
        let best = able.iter().take(self.config.best_per_lot).map(|&i| supplier_ref(&self.candidates[i])).collect();
        PlannedLot {
            id: (index + 1).to_string(),
            title,
            activities: acts.iter().map(|a| a.key.clone()).collect(),
            cpv: acts.iter().flat_map(|a| a.cpv.iter().cloned()).collect(),
            place: perimeter.place_of(&draft.parts),
            place_label,
            estimated_value_eur: value,
            reservation,
            reservation_note,
            procedure,
            eligible_suppliers: able.len(),
            best,
            max_turnover_requirement_eur: self.scope.turnover_cap(value).map(|(c, _)| c),
            obligations: Vec::new(),
        }
    }
}
