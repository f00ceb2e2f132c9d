//! What the planner found and relied on, as values: the reasons of a proposal, the facts a move
//! found while building it, and why each lot is reserved or open. `wording::planning` says them in
//! French, citing the articles.

use crate::domain::need::Reservation;

/// One reason of a proposal, with the figures it rests on.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// One activity over one sector: the object allows no distinct lots (L2113-10), no motivation
    /// needed; `able` ESS suppliers can bid alone on the single lot.
    SingleLotIndivisible {
        /// ESS suppliers able to bid alone on the single lot.
        able: usize,
    },
    /// A single lot where lots were possible: not allotting must be justified (L2113-11).
    SingleLotToJustify {
        /// ESS suppliers able to bid alone on the single lot.
        able: usize,
    },
    /// Distinct activities, one lot each, so that specialists can bid (L2113-10).
    DistinctActivities {
        /// The activities' labels.
        activities: Vec<String>,
    },
    /// Geographic lots (L2113-10): a single lot would leave out suppliers working on a part only.
    Geography {
        /// The perimeter's label.
        perimeter: String,
        /// What the move found (suppliers on the whole perimeter or a part).
        facts: Vec<LayoutFact>,
        /// Suppliers able to take a single lot alone.
        single_able: usize,
        /// Suppliers covering the whole perimeter without the turnover a single lot allows the buyer
        /// to require (R2142-7).
        single_too_small: usize,
        /// Suppliers able to bid alone on at least one of the proposed lots.
        able: usize,
        /// Number of lots proposed.
        lots: usize,
    },
    /// A reserved lot carved out for the activities the ESS can serve, the rest open (L2113-10).
    ReservedCarveOut {
        /// What the move found (the activities servable in number, and the others).
        facts: Vec<LayoutFact>,
        /// The carved lot's reservation.
        reservation: Option<Reservation>,
    },
    /// Lots sized to what local suppliers can carry (R2142-7).
    SizedToCapacity {
        /// What the move found (each lot split, with its figures).
        facts: Vec<LayoutFact>,
    },
    /// Whether every reserved lot keeps `min` eligible suppliers able to bid alone.
    Competition {
        /// The competition minimum.
        min: usize,
        /// The reserved lots under it: identifier and able suppliers.
        below: Vec<(String, usize)>,
    },
    /// The consultation rules say on how many lots one may bid and may cap the lots one operator
    /// wins (R2113-1).
    LotsPerOperator {
        /// The supplier first on most lots, when it is first on at least two: name and lots.
        leader: Option<(String, usize)>,
    },
    /// Small lots of a formalised contract that may follow a MAPA (R2123-1 2°).
    SmallLots {
        /// Their identifiers.
        lots: Vec<String>,
    },
    /// The lots' values are estimated shares, to adjust to real volumes.
    EstimatedValues {
        /// Shared equally among activities (the buyer gave no value per activity).
        by_activity: bool,
        /// Shared among sectors by their number of communes.
        by_place: bool,
    },
}

/// A fact a move found while building its lots.
#[derive(Debug, Clone, PartialEq)]
pub enum LayoutFact {
    /// Eligible suppliers working on the whole perimeter and on a part only.
    Coverage {
        /// The activity's label, when the move splits one activity of several.
        activity: Option<String>,
        /// Working on the whole perimeter.
        whole: usize,
        /// Working on a part only.
        partial: usize,
    },
    /// The activities enough eligible suppliers can serve, and the others.
    Servable {
        /// Labels of the activities served by at least `min` eligible suppliers.
        servable: Vec<String>,
        /// Labels of the others.
        rest: Vec<String>,
        /// The competition minimum.
        min: usize,
    },
    /// A lot too large for the suppliers covering it, split.
    SplitToCapacity {
        /// The lot's value, euros HT.
        value_eur: f64,
        /// Suppliers reaching the turnover the buyer may require (R2142-7).
        able: usize,
        /// Suppliers covering it.
        covering: usize,
        /// Lots it was split into.
        lots: usize,
    },
}

/// Why a lot is reserved, or left open.
#[derive(Debug, Clone, PartialEq)]
pub enum ReservationNote {
    /// The buyer's reservation, with the suppliers able to bid under it.
    Buyer {
        /// The reservation.
        reservation: Reservation,
        /// Eligible suppliers able to bid alone.
        able: usize,
        /// The competition minimum (under it, competition is not guaranteed).
        min: usize,
    },
    /// A reservation the planner suggests: the regime under which most suppliers can bid alone.
    Suggested {
        /// The reservation.
        reservation: Reservation,
        /// Eligible suppliers able to bid alone.
        able: usize,
        /// The competition minimum.
        min: usize,
    },
    /// No regime (L2113-12 to L2113-15) gathers `min` eligible suppliers able to bid.
    NoneAdvised {
        /// The competition minimum.
        min: usize,
    },
    /// No eligible supplier works in the lot's zone: left open to all.
    NoEligibleInZone {
        /// The zone's label.
        place: String,
    },
    /// Fewer than `min` eligible suppliers for the lot's activities: left open to all.
    TooFewEligible {
        /// The competition minimum.
        min: usize,
    },
}
