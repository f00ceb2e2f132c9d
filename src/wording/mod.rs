//! French wording: every sentence, number, distance, amount and date that essor shows its users is
//! written here, from the values the engine returns. The engine itself never formats for people.
//!
//! - this module: numbers the French way (`3,2 km`, `1 234,50 €`, `12,5 %`, `15/03/2026`), shortened
//!   texts and system errors in words a user understands;
//! - [`matching`]: the reasons a supplier is proposed, the advice block, and the view of a lot;
//! - [`clause`]: an insertion clause and the structures that can take its hours;
//! - [`law`]: the procedure advice;
//! - [`obligation`]: the mandatory clauses and criteria and the value a lot is judged on.
//! - [`mail`]: the state of the e-mail outbox and what a sending round did.
//! - [`search`]: the reasons a supplier is a hit of a search.
//! - [`notices`]: a tender notice and the notices a search finds.
//! - [`spaser`], [`potential`] and [`charts`]: the SPASER report, its reservable potential and their
//!   charts.
//! - [`planning`]: the reasons of an allotment, the procedure of each lot, the findings of a
//!   consortium plan; [`planning_text`] prints them as tables.
//!
//! Names of things (a kind of structure, a sector, a procedure, a département) are data of the
//! domain and the law, which carry them; sentences are written here.

pub mod alert_mail;
pub mod alerts;
pub mod charts;
pub mod clause;
pub mod law;
pub mod mail;
pub mod matching;
pub mod notices;
pub mod obligation;
pub mod planning;
pub mod planning_text;
pub mod potential;
pub mod search;
pub mod spaser;

use jiff::civil::Date;

/// Text made safe inside HTML or SVG, in an element or a quoted attribute.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A number with one decimal and a decimal comma: `8,4`.
pub fn decimal(value: f64) -> String {
    format!("{value:.1}").replace('.', ",")
}

/// A distance: `3,2 km`.
pub fn km(distance: f64) -> String {
    format!("{} km", decimal(distance))
}

/// An amount in euros: `1 000 000 €`, `1 234,50 €` (plain spaces between thousands).
pub fn eur(value: f64) -> String {
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

/// An amount in whole euros: `1 234 €`.
pub fn whole_eur(value: f64) -> String {
    eur(value.round())
}

/// A share as a percentage: `0.05` → `5 %`, `0.125` → `12,5 %`.
pub fn percent(share: f64) -> String {
    let pct = (share * 1000.0).round() / 10.0;
    if pct.fract() == 0.0 { format!("{pct:.0} %") } else { format!("{pct:.1} %").replace('.', ",") }
}

/// A date: `15/03/2026`.
pub fn date(day: Date) -> String {
    day.strftime("%d/%m/%Y").to_string()
}

/// The text cut at `max` characters on a word boundary, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let end = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end())
}

/// A file-system error in French, for the kinds a user can fix (a missing file, a folder given for a
/// file, a permission, a full disk, text that is not UTF-8); the system's own words otherwise.
pub fn io_error(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "fichier ou dossier introuvable".to_string(),
        ErrorKind::PermissionDenied => "accès refusé".to_string(),
        ErrorKind::IsADirectory => "c'est un dossier, pas un fichier".to_string(),
        ErrorKind::NotADirectory => "un élément du chemin n'est pas un dossier".to_string(),
        ErrorKind::StorageFull => "disque plein".to_string(),
        ErrorKind::ReadOnlyFilesystem => "système de fichiers en lecture seule".to_string(),
        ErrorKind::AddrInUse => "adresse déjà utilisée par un autre programme".to_string(),
        ErrorKind::InvalidData => "le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8".to_string(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_the_french_way() {
        assert_eq!(km(3.24), "3,2 km");
        assert_eq!(km(0.4), "0,4 km");
        assert_eq!(decimal(8.44), "8,4");
        assert_eq!(eur(1_000_000.0), "1 000 000 €");
        assert_eq!(eur(40_000.0), "40 000 €");
        assert_eq!(eur(999.0), "999 €");
        assert_eq!(eur(1234.5), "1 234,50 €");
        assert_eq!(eur(-1500.0), "-1 500 €");
        assert_eq!(whole_eur(1234.5), "1 235 €");
        assert_eq!(percent(0.05), "5 %");
        assert_eq!(percent(0.125), "12,5 %");
        assert_eq!(percent(0.2), "20 %");
        assert_eq!(date(Date::constant(2026, 3, 5)), "05/03/2026");
    }

    #[test]
    fn shortens_on_a_word() {
        assert_eq!(shorten("un deux trois", 8), "un deux…");
        assert_eq!(shorten("court", 8), "court");
    }

    #[test]
    fn system_errors_are_said_in_french() {
        let missing = std::fs::read_to_string("/no/such/essor/file").unwrap_err();
        assert_eq!(io_error(&missing), "fichier ou dossier introuvable");
        let folder = std::fs::read_to_string(std::env::temp_dir()).unwrap_err();
        assert_eq!(io_error(&folder), "c'est un dossier, pas un fichier");
        let other = std::io::Error::other("panne");
        assert_eq!(io_error(&other), "panne");
    }
}
