//! The law of public procurement as pure functions, each rule with its article and dates.
//!
//! - [`thresholds`]: the one dated table of thresholds (R2122-8, R2131-12, EU thresholds, R2123-1, R2142-7);
//! - [`procedure`]: which procedure and publicity a purchase needs;
//! - [`services`]: the art. 77 and Annex XIV CPV lists of social and other specific services;
//! - [`reservation`]: the reserved-market regimes (L2113-12 to L2113-16) and the conditions on a lot;
//! - [`eligibility`]: which regimes a supplier qualifies for, and why;
//! - [`clause`]: insertion-clause hours and the mandatory social condition (L2112-2, L2112-2-1);
//! - [`obligations`]: the environmental condition and criterion and the social condition made mandatory
//!   by loi Climat et Résilience (L2112-2, L2152-7, L2112-2-1);
//! - [`groupement`]: the forms of groupements and their rules (R2142-19 to R2142-27);
//! - [`lots`]: small lots (R2123-1 2°) and the turnover cap (R2142-7);
//! - [`need`]: the legal conditions of a need's reservations, checked once it is read;
//! - [`value`]: the value a lot is judged on (R2121-1, R2121-5, R2121-6);
//! - [`config`]: the uncertain or tunable parameters.
//!
//! Rules from secondary sources are marked ⚠️ in their doc comments, and are configurable through
//! [`LawConfig`] when they decide an outcome.

pub mod clause;
pub mod config;
pub mod eligibility;
pub mod groupement;
pub mod lots;
pub mod need;
pub mod obligations;
pub mod procedure;
pub mod reservation;
pub mod services;
pub mod thresholds;
pub mod value;

pub use clause::{ClauseError, ClauseOverrides, InsertionClause, insertion_clause};
pub use config::{ClauseConfig, LawConfig};
pub use eligibility::{Eligibility, Ground, eligible_regimes, supplier_allowed};
pub use groupement::{FormReason, GROUPEMENT_RULES, GroupementForm, GroupementRule, suggest_form};
pub use need::check_need;
pub use procedure::{Procedure, ProcedureAdvice, ProcedureBasis, Publicity, Purchase, advise_procedure};
pub use reservation::{PastAward, Regime, ReservationError, check_lot_reservation};
pub use thresholds::{Threshold, ThresholdRow, threshold};
