//! The tunable parameters of the planner, in one place, each with what it changes and why its
//! default. The legal parameters (the competition minimum per lot, the turnover cap) stay in
//! [`crate::law`]: the planner reads them from there.

/// Parameters of allotment and consortium proposals. `PlanningConfig::default()` is what the CLI and
/// the API use.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanningConfig {
    /// A perimeter with more communes than this is grouped into this many geographic zones (default
    /// 40): enough to keep each commune apart in a département of the built-in gazetteer, few enough
    /// for a coverage table a person can read once the full commune list is imported.
    pub max_parts: usize,
    /// Most lots a geographic split may propose (default 12): beyond, a buyer cannot run the tender.
    /// When every activity is split by geography, they share it evenly.
    pub max_lots: usize,
    /// Smallest share of the need's value a geographic lot may hold (default 0.05): a smaller zone
    /// joins its nearest neighbour, so that no lot is a single village worth a few thousand euros.
    pub min_lot_share: f64,
    /// Suppliers shown as "the best" of each lot (default 3).
    pub best_per_lot: usize,
    /// Largest grouping the exact search enumerates (default 5 members, the bound).
    pub max_members_exact: usize,
    /// Candidates kept for the exact search (default 18): every combination of up to
    /// `max_members_exact` of them is tried (about 12 000 combinations at 18).
    pub exact_pool: usize,
    /// Groupings built by the greedy heuristic, one per leading candidate used as a seed (default 12).
    pub heuristic_seeds: usize,
    /// Groupings returned, best first (default 10).
    pub max_groupings: usize,
    /// Alternatives listed per grouping (default 5): partners that could replace one of its
    /// cotraitants, from the proposals folded into it.
    pub max_alternatives: usize,
    /// Weights of the grouping score among groupings of the same size.
    pub weights: GroupingWeights,
    /// Distance at which a member's proximity score halves, in km (default 20, a metropolitan
    /// intercommunality).
    pub proximity_half_km: f64,
    /// How far from the perimeter's nearest commune a member still counts in part as local, in km
    /// (default 10, a short daily commute): its share of local work fades linearly from 1 at the
    /// perimeter's edge to 0 at this distance, as a structure next door hires from the same labour
    /// pool as one inside.
    pub anchoring_reach_km: f64,
}

/// How groupings with the same number of members are ranked. The weights sum to 1, so the score is
/// between 0 and 1.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupingWeights {
    /// Little overlap between members: the share of the required cells covered once only (default
    /// 0.15, a weak criterion: networks share a large lot's volume among members of the same trade,
    /// so overlap is how they build, not a defect; it only breaks ties between equal teams).
    pub complementarity: f64,
    /// Local anchoring: the share of the work held by members based in or at the edge of the
    /// perimeter (default 0.3, with relevance the first criterion after size): networks build
    /// groupings around local structures, which is what a reserved market for insertion is for
    /// (jobs for the territory's people).
    pub anchoring: f64,
    /// Members close to the perimeter (default 0.1; anchoring already rewards members inside it).
    pub proximity: f64,
    /// Relevance of the members to the lot, from the matching engine, weighted by their share of
    /// the work (default 0.3, with anchoring the first criterion: the buyer judges the team on its
    /// fitness for the work).
    pub relevance: f64,
    /// Ties that already exist: pairs of members sharing a PTCE, a group or a local network (default
    /// 0.15, a bonus). A national federation is not a tie: its members share a kind, not a history.
    pub ties: f64,
}

impl Default for PlanningConfig {
    fn default() -> Self {
        PlanningConfig {
            max_parts: 40,
            max_lots: 12,
            min_lot_share: 0.05,
            best_per_lot: 3,
            max_members_exact: 5,
            exact_pool: 18,
            heuristic_seeds: 12,
            max_groupings: 10,
            max_alternatives: 5,
            weights: GroupingWeights::default(),
            proximity_half_km: 20.0,
            anchoring_reach_km: 10.0,
        }
    }
}

/// The most lots a buyer may ask proposals to stay within (`--max-lots`): beyond, the tender is
/// no longer one consultation a team can run.
pub const MAX_LOTS_LIMIT: usize = 50;

impl PlanningConfig {
    /// The default parameters with the buyer's own maximum number of lots (`--max-lots`,
    /// `max_lots=`): geographic splits draw at most that many lots and longer proposals are left out.
    ///
    /// # Errors
    /// [`super::PlanningError::Field`] on `max_lots` when `max_lots` is 0 or above [`MAX_LOTS_LIMIT`].
    pub fn with_max_lots(max_lots: usize) -> Result<PlanningConfig, super::PlanningError> {
        if !(1..=MAX_LOTS_LIMIT).contains(&max_lots) {
            return Err(super::PlanningError::field(
                "max_lots",
                format!("{max_lots} lots : le nombre maximal de lots doit être compris entre 1 et {MAX_LOTS_LIMIT}"),
            ));
        }
        Ok(PlanningConfig { max_lots, ..PlanningConfig::default() })
    }
}

impl Default for GroupingWeights {
    fn default() -> Self {
        GroupingWeights { complementarity: 0.15, anchoring: 0.3, proximity: 0.1, relevance: 0.3, ties: 0.15 }
    }
}
