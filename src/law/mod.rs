//! The law of public procurement as pure functions, each rule with its article and dates.
//!
//! - [`thresholds`]: the one dated table of thresholds (R2122-8, R2131-12, EU thresholds, R2123-1, R2142-7);
//! - [`procedure`]: which procedure and publicity a purchase needs;
//! - [`services`]: the art. 77 and Annex XIV CPV lists of social and other specific services;
//! - [`reservation`]: the reserved-market regimes (L2113-12 to L2113-16) and the conditions on a lot;
//! - [`eligibility`]: which regimes a supplier qualifies for, and why;
//! - [`clause`]: insertion-clause hours and the mandatory social condition (L2112-2, L2112-2-1);
//! - [`groupement`]: the forms of groupements and their rules (R2142-19 to R2142-27);
//! - [`lots`]: small lots (R2123-1 2°) and the turnover cap (R2142-7);
//! - [`config`]: the uncertain or tunable parameters.
//!
//! Rules from secondary sources are marked ⚠️ in their doc comments, and are configurable through
//! [`LawConfig`] when they decide an outcome.

pub mod clause;
pub mod config;
pub mod eligibility;
pub mod groupement;
pub mod lots;
pub mod procedure;
pub mod reservation;
pub mod services;
pub mod thresholds;

pub use clause::{ClauseError, ClauseOverrides, InsertionClause, insertion_clause};
pub use config::{ClauseConfig, LawConfig};
pub use eligibility::{Eligibility, eligible_regimes, supplier_allowed};
pub use groupement::{GROUPEMENT_RULES, GroupementForm, GroupementRule, suggest_form};
pub use procedure::{Procedure, ProcedureAdvice, Publicity, advise_procedure};
pub use reservation::{PastAward, Regime, ReservationError, check_lot_reservation};
pub use thresholds::{Threshold, ThresholdRow, threshold};

/// An amount in euros the French way: `1 000 000 €`, `1 234,50 €` (plain spaces between thousands).
pub fn format_eur(value: f64) -> String {
    let cents = (value.abs() * 100.0).round() as u64;
    let (units, cents) = (cents / 100, cents % 100);
    let digits = units.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    let sign = if value < 0.0 && (units > 0 || cents > 0) { "-" } else { "" };
    if cents == 0 { format!("{sign}{grouped} €") } else { format!("{sign}{grouped},{cents:02} €") }
}

/// A share as a French percentage: `0.05` → `5 %`, `0.125` → `12,5 %`.
pub fn format_percent(share: f64) -> String {
    let pct = (share * 1000.0).round() / 10.0;
    if pct.fract() == 0.0 { format!("{pct:.0} %") } else { format!("{pct:.1} %").replace('.', ",") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_and_percentages_in_french() {
        assert_eq!(format_eur(1_000_000.0), "1 000 000 €");
        assert_eq!(format_eur(40_000.0), "40 000 €");
        assert_eq!(format_eur(999.0), "999 €");
        assert_eq!(format_eur(1234.5), "1 234,50 €");
        assert_eq!(format_eur(-1500.0), "-1 500 €");
        assert_eq!(format_percent(0.05), "5 %");
        assert_eq!(format_percent(0.125), "12,5 %");
        assert_eq!(format_percent(0.2), "20 %");
    }
}
