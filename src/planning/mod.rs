//! Planning a tender so that ESS suppliers can answer it: allotment proposals ([`plan_lots`]) and
//! consortium (GME) proposals for a lot ([`plan_consortium`]).
//!
//! Pure: the planner takes a [`Scope`] (the need or lot, its activities and its perimeter split into
//! parts) and [`Candidate`]s (suppliers described against that scope, with the matching engine's
//! relevance), and returns values. The legal rules it relies on live in [`crate::law`]: the
//! competition minimum ([`LawConfig::min_competitors_per_lot`]), the turnover cap (R2142-7), small
//! lots (R2123-1 2°), the procedure table, reservations and groupements (R2142-19 to R2142-27).
//!
//! [`LawConfig::min_competitors_per_lot`]: crate::law::LawConfig::min_competitors_per_lot

pub mod activity;
pub mod allotment;
mod bits;
pub mod candidate;
pub mod config;
pub mod consortium;
mod coverage;
pub mod perimeter;
pub mod scope;
pub mod sourcing;

pub use activity::{Activity, activities_of_lot, activities_of_need};
pub use allotment::{Allotment, LotProcedure, Objective, PlannedLot, Proposal, Strategy, SupplierRef, plan_lots};
pub use candidate::Candidate;
pub use config::{GroupingWeights, MAX_LOTS_LIMIT, PlanningConfig};
pub use consortium::{
    ConsortiumNote, ConsortiumPlan, CoverageCell, Grouping, Member, Role, Uncovered, plan_consortium,
};
pub use perimeter::{Part, Perimeter, Perimeters};
pub use scope::{LegalContext, Scope};

/// A need the planner cannot work on, with the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanningError {
    /// A field is missing or unusable for planning.
    #[error("champ « {field} » : {message}")]
    Field {
        /// The path of the field: `place`, `estimated_value_eur`, `lots[1].estimated_value_eur`, `cpv`.
        field: String,
        /// What is wrong, in French.
        message: String,
    },
    /// A member the user required of every grouping cannot be one (unknown, not eligible, out of
    /// the lot).
    #[error("membre demandé {siret} : {message}")]
    Member {
        /// The SIRET as given.
        siret: String,
        /// What is wrong, in French.
        message: String,
    },
    /// The lot asked for does not exist (an empty `id` when the need has lots and none was named).
    #[error("{}", unknown_lot_message(.id, .known))]
    UnknownLot {
        /// The identifier asked for.
        id: String,
        /// The identifiers of the need's lots.
        known: Vec<String>,
    },
}

impl PlanningError {
    /// An error on `field`.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        PlanningError::Field { field: field.into(), message: message.into() }
    }

    /// What is wrong, without the field's name (which [`PlanningError::field_name`] gives).
    pub fn message(&self) -> String {
        match self {
            PlanningError::Field { message, .. } => message.clone(),
            PlanningError::Member { .. } | PlanningError::UnknownLot { .. } => self.to_string(),
        }
    }

    /// The field or parameter at fault (`lot` for an unknown lot, `with` for a required member).
    pub fn field_name(&self) -> &str {
        match self {
            PlanningError::Field { field, .. } => field,
            PlanningError::Member { .. } => "with",
            PlanningError::UnknownLot { .. } => "lot",
        }
    }
}

fn unknown_lot_message(id: &str, known: &[String]) -> String {
    let list = if known.is_empty() {
        "le besoin n'a pas de lots".to_string()
    } else {
        format!("lots du besoin : {}", known.join(", "))
    };
    if id.is_empty() {
        format!("lot non précisé : le besoin est alloti, indiquez lequel ({list})")
    } else {
        format!("lot « {id} » inconnu ({list})")
    }
}

impl crate::error::Classified for PlanningError {
    fn blame(&self) -> crate::error::Blame {
        crate::error::Blame::user(self.field_name())
    }
}

#[cfg(test)]
mod tests;
