//! Alerts of tender notices to suppliers: the matching engine turned around.
//!
//! For every open lot of the stored procedures (no award, time limit not passed), the lot becomes a need
//! ([`crate::notices::NoticeLot::to_need`]) and is matched; a supplier gets an [`Alert`] for it when it is
//! among the first [`AlertConfig::top`] suppliers fitting the lot (its record states the work, or its kind
//! typically does it — suppliers of other trades never), may answer the lot's reservation, has an e-mail
//! address and its [`Preferences`] want the lot. A lot too large for it alone (R2142-7) names partners: the
//! other members of the best grouping the consortium planner proposes with it.
//!
//! Alerts are values: the store records those computed, once per (supplier, procedure, lot), and the
//! e-mail sender turns them into messages, at the [`Frequency`] each supplier chose (a paused supplier gets
//! none recorded; when it resumes, the lots still open reach it); [`crate::wording::alerts`] says them in
//! French.

mod compute;
pub mod digest;
pub mod links;
mod model;
pub mod preferences;
pub mod service;

pub use compute::{AlertConfig, Recipient, compute, deadline_day, eligible_under, lot_alerts, open_lots, recipients};
pub use model::{Alert, AlertKey, AlertReason, AlertRelevance, Partner, SizeGap};
pub use preferences::{Frequency, Preferences, PreferencesChange, PreferencesError, RecordProfile};
pub use service::{AlertError, AlertProfile, ComputeOutcome};

#[cfg(test)]
mod tests;
