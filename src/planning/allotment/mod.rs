//! Allotment proposals (L2113-10, L2113-11, R2113-1, R2123-1 2°): ways to cut a need into lots so
//! that ESS suppliers can bid, each evaluated against one stated objective and explained in words
//! a procurement director can paste into a rapport de présentation.
//!
//! The moves considered ([`Strategy`]): one single lot (the baseline, which L2113-11 asks to
//! justify); one lot per activity; geographic lots when no eligible supplier covers the whole
//! perimeter but several cover parts of it; a reservable lot carved out of the activities the ESS can
//! serve; lots sized to what local suppliers can carry (R2142-7). The objective, in this order:
//! every reserved lot keeps the configured competition; as many ESS suppliers as possible can bid
//! alone on at least one lot; no reserved lot without a bidder; as few lots as possible.

mod evaluate;
mod facts;
mod moves;
mod procedure;
mod reasons;

use serde::Serialize;

use super::candidate::Candidate;
use super::config::PlanningConfig;
use super::scope::Scope;
use crate::domain::cpv::Cpv;
use crate::domain::need::{Place, Reservation};
use crate::law::LawConfig;
use crate::law::obligations::ObligationCheck;

pub use facts::{LayoutFact, Reason, ReservationNote};
pub use procedure::LotProcedure;

/// The moves of the planner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// One single lot (no allotment).
    SingleLot,
    /// One lot per activity.
    ByActivity,
    /// Geographic lots.
    ByGeography,
    /// One lot per activity, each split by geography where needed.
    ByActivityAndGeography,
    /// A reserved lot for the activities the ESS can serve, the rest open to all.
    ReservedCarveOut,
    /// Lots sized to the capacity of local suppliers.
    SizedToCapacity,
}

impl Strategy {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Strategy::SingleLot => "lot unique",
            Strategy::ByActivity => "allotissement par activité",
            Strategy::ByGeography => "allotissement géographique",
            Strategy::ByActivityAndGeography => "allotissement par activité et par secteur géographique",
            Strategy::ReservedCarveOut => "lot réservé détaché du marché",
            Strategy::SizedToCapacity => "lots dimensionnés à la capacité des structures locales",
        }
    }
}

/// A supplier named in a proposal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupplierRef {
    /// SIRET.
    pub siret: String,
    /// Name.
    pub name: String,
    /// Kinds (`EI/ACI`).
    pub kinds: String,
    /// Articles of the reservations it is eligible to.
    pub eligible: Vec<&'static str>,
    /// Relevance to the lot, 0 to 1.
    pub relevance: f64,
}

/// One lot of a proposal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedLot {
    /// Identifier within the proposal (`1`, `2`…).
    pub id: String,
    /// Proposed object of the lot.
    pub title: String,
    /// Keys of the activities it holds.
    pub activities: Vec<String>,
    /// CPV codes of those activities.
    pub cpv: Vec<Cpv>,
    /// Its sub-perimeter, in the contract's place format.
    #[serde(serialize_with = "place_json")]
    pub place: Place,
    /// French label of the sub-perimeter.
    pub place_label: String,
    /// Its estimated value in euros HT (a share of the need's value).
    pub estimated_value_eur: f64,
    /// The reservation suggested, or none (its keyword in JSON: `insertion`, `handicap`…).
    #[serde(serialize_with = "reservation_keyword")]
    pub reservation: Option<Reservation>,
    /// Why that reservation (or none).
    #[serde(skip)]
    pub reservation_note: ReservationNote,
    /// The procedure the lot may follow.
    #[serde(skip)]
    pub procedure: LotProcedure,
    /// ESS suppliers able to bid on it alone: activities, place, eligibility and size.
    pub eligible_suppliers: usize,
    /// The most relevant of them.
    pub best: Vec<SupplierRef>,
    /// Highest minimum turnover a buyer may require for it (R2142-7), when known.
    pub max_turnover_requirement_eur: Option<f64>,
    /// The clauses and criteria the law makes mandatory or leaves optional (L2112-2-1 judged on the
    /// whole contract, L2112-2, L2152-7).
    #[serde(skip)]
    pub obligations: Vec<ObligationCheck>,
}

/// The figures of the objective for one proposal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Objective {
    /// True when every reserved lot has at least `min_competitors` able suppliers.
    pub competition_kept: bool,
    /// Distinct ESS suppliers able to bid alone on at least one lot (maximised).
    pub ess_suppliers_able: usize,
    /// Reserved lots without any able supplier (minimised).
    pub lots_without_bidder: usize,
    /// Reserved lots under the competition minimum.
    pub lots_below_competition: usize,
    /// Number of lots (minimised last).
    pub lots: usize,
    /// The competition minimum applied (LawConfig::min_competitors_per_lot).
    pub min_competitors: u32,
}

/// One way to cut the need.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// The move.
    pub strategy: Strategy,
    /// The lots.
    pub lots: Vec<PlannedLot>,
    /// The objective's figures.
    pub objective: Objective,
    /// The reasons, with the figures and articles relied on.
    pub reasons: Vec<Reason>,
}

/// The proposals for a need, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct Allotment {
    /// Proposals, best first; the single lot is always among them, for comparison.
    pub proposals: Vec<Proposal>,
}

/// Proposes ways to allot `scope` for these candidates, best first by the stated objective; none
/// has more lots than `config.max_lots`.
pub fn plan_lots(scope: &Scope, candidates: &[Candidate], law: &LawConfig, config: &PlanningConfig) -> Allotment {
    let ctx = evaluate::Context::new(scope, candidates, law, config);
    let mut proposals: Vec<Proposal> = Vec::new();
    let mut seen: Vec<Vec<LotShape>> = Vec::new();
    for layout in moves::layouts(&ctx) {
        if layout.lots.len() > config.max_lots.max(1) {
            continue;
        }
        let evaluated = ctx.evaluate(&layout);
        // Two moves may reach the same lots, in another order: the first one is kept.
        let mut shape: Vec<LotShape> = layout
            .lots
            .iter()
            .zip(&evaluated.lots)
            .map(|(d, l)| (d.acts.clone(), d.parts.clone(), l.reservation))
            .collect();
        shape.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        if seen.contains(&shape) {
            continue;
        }
        seen.push(shape);
        let reasons = reasons::reasons(&ctx, &layout, &evaluated);
        proposals.push(Proposal {
            strategy: layout.strategy,
            objective: evaluated.objective,
            lots: evaluated.lots,
            reasons,
        });
    }
    proposals.sort_by_key(rank_key);
    Allotment { proposals }
}

/// What makes two proposals the same: each lot's activities, parts and reservation.
type LotShape = (Vec<usize>, Vec<usize>, Option<Reservation>);

/// Smaller is better: the objective's order, then the simpler move.
fn rank_key(p: &Proposal) -> (ObjectiveKey, Strategy) {
    (p.objective.key(), p.strategy)
}

/// How objectives compare: smaller is better.
pub(super) type ObjectiveKey = (bool, std::cmp::Reverse<usize>, usize, usize, usize);

impl Objective {
    /// Competition kept, most suppliers able, fewest lots without bidder, fewest lots under the
    /// minimum, fewest lots.
    pub(super) fn key(&self) -> ObjectiveKey {
        (
            !self.competition_kept,
            std::cmp::Reverse(self.ess_suppliers_able),
            self.lots_without_bidder,
            self.lots_below_competition,
            self.lots,
        )
    }
}

fn place_json<S: serde::Serializer>(place: &Place, s: S) -> Result<S::Ok, S::Error> {
    place.to_json().serialize(s)
}

fn reservation_keyword<S: serde::Serializer>(r: &Option<Reservation>, s: S) -> Result<S::Ok, S::Error> {
    r.map(Reservation::keyword).serialize(s)
}
