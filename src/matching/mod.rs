//! Matching a buyer's need, lot by lot, to the ESS suppliers able to answer it.
//!
//! Data flows one way:
//! - [`features`]: the in-memory feature table, built once from the catalogue (sectors, place, zone,
//!   eligible regimes, group);
//! - [`lot`]: a lot's profile (CPV codes given or inferred from its words, sectors, place);
//! - [`score`]: the pure scoring of one supplier for one lot (geography as a filter — the reach rule
//!   of [`crate::domain::reach`] —, then weighted components with their typed reasons), with the
//!   [`weights`] in one place;
//! - [`engine`]: candidate generation (text hits from the index, related sectors, the place's
//!   départements), the reservation filter, the diversity cap, the output ([`report`]: values, which
//!   [`crate::wording::matching`] renders in French) and the advice block ([`advice`]): competition
//!   per regime, procedure, suppliers to consult, clause.
//!
//! The legal rules come from [`crate::law`]; nothing here restates a threshold or an article's condition.

pub mod advice;
pub mod clause;
mod diversity;
pub mod engine;
pub mod features;
mod grid;
pub mod lot;
mod order;
pub mod report;
pub mod score;
mod size;
pub mod weights;

pub use engine::{Engine, MatchError};
pub use report::{
    ClauseAdvice, Excluded, Exclusion, InferredCpv, InferredCpvCheck, LotAdvice, LotMatch, MatchResult, PartnersNeed,
    Reason, RegimeCount, Relevance, ScoreDetail,
};
pub use weights::{Weights, WeightsError};
