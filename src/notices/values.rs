//! Reading the small values every format publishes in its own way: CPV codes, amounts, durations, dates,
//! SIRETs, and the words of social clauses.

use jiff::civil::Date;

use super::model::NoticeWarning;
use crate::domain::Siret;
use crate::domain::cpv::Cpv;
use crate::domain::text::fold;

/// Adds a CPV code (8 digits, check digit dropped) to a list once, or a warning when it is not one.
pub fn push_cpv(list: &mut Vec<Cpv>, raw: &str, element: &str, warnings: &mut Vec<NoticeWarning>) {
    let raw = raw.trim();
    if raw.is_empty() {
        return;
    }
    match Cpv::parse(raw) {
        Ok(cpv) if !list.contains(&cpv) => list.push(cpv),
        Ok(_) => {}
        Err(_) => push_warning(warnings, NoticeWarning::InvalidCpv { element: element.into(), value: raw.into() }),
    }
}

/// Adds a warning once.
pub fn push_warning(warnings: &mut Vec<NoticeWarning>, warning: NoticeWarning) {
    if !warnings.contains(&warning) {
        warnings.push(warning);
    }
}

/// Adds a string once.
pub fn push_unique(list: &mut Vec<String>, value: impl Into<String>) {
    let value = value.into();
    if !value.is_empty() && !list.contains(&value) {
        list.push(value);
    }
}

/// An amount (`1083333`, `120000.00`, `1 083 333,50`) in euros; a warning when the currency is another or the
/// number unreadable.
pub fn amount_eur(raw: &str, currency: Option<&str>, element: &str, warnings: &mut Vec<NoticeWarning>) -> Option<f64> {
    if let Some(currency) = currency.map(str::trim).filter(|c| !c.is_empty() && !c.eq_ignore_ascii_case("EUR")) {
        push_warning(warnings, NoticeWarning::NotInEuros { element: element.into(), currency: currency.into() });
        return None;
    }
    let cleaned: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}').collect();
    let cleaned = cleaned.replace(',', ".");
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
        _ if cleaned.is_empty() => None,
        _ => {
            push_warning(warnings, NoticeWarning::Unreadable { element: element.into(), value: raw.trim().into() });
            None
        }
    }
}

/// A duration in months from a number and its unit (`MONTH`, `YEAR`, `DAY`, `WEEK`; months when absent).
/// Days and weeks are rounded up to whole months.
pub fn months(raw: &str, unit: Option<&str>, element: &str, warnings: &mut Vec<NoticeWarning>) -> Option<u32> {
    let Ok(n) = raw.trim().replace(',', ".").parse::<f64>() else {
        if !raw.trim().is_empty() {
            push_warning(warnings, NoticeWarning::Unreadable { element: element.into(), value: raw.trim().into() });
        }
        return None;
    };
    if !n.is_finite() || n < 0.0 {
        return None;
    }
    let months = match unit.map(|u| u.trim().to_ascii_uppercase()).as_deref() {
        Some("YEAR" | "ANNEE" | "ANNEES" | "ANS") => n * 12.0,
        Some("DAY" | "JOUR" | "JOURS") => (n / 30.0).ceil(),
        Some("WEEK" | "SEMAINE" | "SEMAINES") => (n * 7.0 / 30.0).ceil(),
        _ => n,
    };
    // A duration is at most a few hundred months; anything that does not fit is not one.
    (months <= f64::from(u32::MAX)).then(|| months.round() as u32)
}

/// Whole months between two dates, rounded up (a contract from 1 October to 30 September lasts 12 months).
pub fn months_between(start: Date, end: Date) -> Option<u32> {
    if end < start {
        return None;
    }
    let span = start.until((jiff::Unit::Year, end)).ok()?;
    let days = i64::from(span.get_days()) + i64::from(span.get_weeks()) * 7;
    let whole = i64::from(span.get_years()) * 12 + i64::from(span.get_months());
    let total = if days > 0 { whole + 1 } else { whole };
    u32::try_from(total.max(1)).ok()
}

/// A date from `2021-07-13`, `20210713`, `2023-09-19Z`, `2023-09-19+02:00` or a date-time.
pub fn date(raw: &str) -> Option<Date> {
    let raw = raw.trim();
    let digits: String = raw.chars().take(10).collect();
    if digits.len() == 10 && digits.as_bytes()[4] == b'-' {
        return digits.parse().ok();
    }
    if raw.len() >= 8 && raw.as_bytes()[..8].iter().all(u8::is_ascii_digit) {
        let iso = format!("{}-{}-{}", &raw[..4], &raw[4..6], &raw[6..8]);
        return iso.parse().ok();
    }
    None
}

/// An ISO 8601 time limit from a date and an optional time, each possibly carrying a zone (eForms writes
/// `2023-10-17+02:00` and `14:00:00+02:00`): `2023-10-17T14:00:00+02:00`, or `2021-08-09T16:00:00` when no
/// zone is given, or the date alone.
pub fn deadline(date_raw: &str, time_raw: Option<&str>) -> Option<String> {
    let day = date(date_raw)?;
    let date_zone = zone_suffix(date_raw.trim().get(10..).unwrap_or(""));
    let Some(time_raw) = time_raw.map(str::trim).filter(|t| !t.is_empty()) else {
        return Some(day.to_string());
    };
    let (clock, zone) = split_time(time_raw)?;
    let zone = zone.or(date_zone).unwrap_or_default();
    Some(format!("{day}T{clock}{zone}"))
}

/// A full ISO 8601 date-time as published (`2017-02-07T12:00:00+01:00`, `2026-09-29T12:00:00.000+02:00`,
/// `2021-08-09T16:00`), normalised to seconds; the date alone when there is no time.
pub fn datetime(raw: &str) -> Option<String> {
    let raw = raw.trim();
    match raw.split_once('T') {
        Some((day, time)) => deadline(day, Some(time)),
        None => match raw.split_once(' ') {
            Some((day, time)) => deadline(day, Some(time)),
            None => deadline(raw, None),
        },
    }
}

/// `14:00:00+02:00` → (`14:00:00`, `+02:00`); `16:00` → (`16:00:00`, none); fractions of seconds dropped.
fn split_time(raw: &str) -> Option<(String, Option<String>)> {
    let cut = raw.find(['+', '-', 'Z', 'z']).unwrap_or(raw.len());
    let (clock, zone) = raw.split_at(cut);
    let clock = clock.split('.').next().unwrap_or(clock);
    let parts: Vec<&str> = clock.split(':').collect();
    let valid = |p: &&str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
    if !(2..=3).contains(&parts.len()) || !parts.iter().all(valid) {
        return None;
    }
    let clock = if parts.len() == 2 { format!("{clock}:00") } else { clock.to_string() };
    Some((clock, zone_suffix(zone)))
}

fn zone_suffix(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.eq_ignore_ascii_case("z") {
        return Some("Z".into());
    }
    let valid = raw.len() == 6
        && (raw.starts_with('+') || raw.starts_with('-'))
        && raw.as_bytes()[3] == b':'
        && raw[1..3].bytes().chain(raw[4..6].bytes()).all(|b| b.is_ascii_digit());
    valid.then(|| raw.to_string())
}

/// A SIRET from a published identifier: kept when it is 14 digits passing the check; a warning when it has
/// the shape of a SIRET but fails the check. Other identifiers (SIREN, foreign VAT numbers) are not SIRETs
/// and are passed over.
pub fn siret(raw: &str, field: &str, warnings: &mut Vec<NoticeWarning>) -> Option<Siret> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '.' && *c != '-').collect();
    if digits.len() != 14 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match Siret::parse(&digits) {
        Ok(s) => Some(s),
        Err(_) => {
            push_warning(warnings, NoticeWarning::InvalidSiret { field: field.into(), value: raw.trim().into() });
            None
        }
    }
}

/// Folded phrases that state a social clause or criterion in French notices.
const SOCIAL_PHRASES: &[&str] = &[
    "clause sociale",
    "clauses sociales",
    "clause d'insertion",
    "clauses d'insertion",
    "insertion professionnelle",
    "insertion sociale",
    "heures d'insertion",
    "action d'insertion",
    "eloignees de l'emploi",
    "eloignes de l'emploi",
    "travailleurs handicapes",
    "personnes handicapees",
    "situation de handicap",
    "travailleurs defavorises",
    "personnes defavorisees",
    "l2112-2",
    "l.2112-2",
    "l. 2112-2",
    "critere social",
    "criteres sociaux",
    "performance sociale",
    "performances en matiere d'insertion",
];

/// True when the text states a social clause or criterion (insertion hours, disabled or disadvantaged
/// workers, « clause sociale »…). Plain « social » is not enough: « siège social » is everywhere.
pub fn states_social_clause(text: &str) -> bool {
    let folded = fold(text).replace('’', "'");
    SOCIAL_PHRASES.iter().any(|p| folded.contains(p))
}

/// The département of a French post code (`91000` → `91`, `97400` → `974`, `20000` → `2A`).
pub fn department_of_post_code(code: &str) -> Option<String> {
    crate::domain::need::department_of_post_code(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_keep_the_zone_when_given() {
        assert_eq!(deadline("2023-10-17+02:00", Some("14:00:00+02:00")).unwrap(), "2023-10-17T14:00:00+02:00");
        assert_eq!(deadline("2023-05-31Z", Some("15:00:00Z")).unwrap(), "2023-05-31T15:00:00Z");
        assert_eq!(deadline("2023-05-31+03:00", Some("15:00:00")).unwrap(), "2023-05-31T15:00:00+03:00");
        assert_eq!(deadline("2021-08-09", Some("16:00")).unwrap(), "2021-08-09T16:00:00");
        assert_eq!(deadline("2020-05-25", None).unwrap(), "2020-05-25");
        assert_eq!(datetime("2017-02-07T12:00:00+01:00").unwrap(), "2017-02-07T12:00:00+01:00");
        assert_eq!(datetime("2026-09-29T12:00:00.000+02:00").unwrap(), "2026-09-29T12:00:00+02:00");
        assert_eq!(datetime("20210809 16:00").unwrap(), "2021-08-09T16:00:00");
        assert_eq!(deadline("demain", None), None);
        assert_eq!(deadline("2021-08-09", Some("16h")), None);
    }

    #[test]
    fn amounts_durations_and_dates() {
        let mut w = Vec::new();
        assert_eq!(amount_eur("1 083 333,50", Some("EUR"), "VALEUR", &mut w), Some(1_083_333.5));
        assert_eq!(amount_eur("120000.00", None, "VAL_TOTAL", &mut w), Some(120_000.0));
        assert!(w.is_empty());
        assert_eq!(amount_eur("5000", Some("CHF"), "VAL_TOTAL", &mut w), None);
        assert_eq!(amount_eur("environ", None, "VAL", &mut w), None);
        assert_eq!(w.len(), 2);
        assert_eq!(months("36", Some("MONTH"), "d", &mut w), Some(36));
        assert_eq!(months("2", Some("YEAR"), "d", &mut w), Some(24));
        assert_eq!(months("45", Some("DAY"), "d", &mut w), Some(2));
        let (a, b): (Date, Date) = ("2020-10-01".parse().unwrap(), "2030-09-30".parse().unwrap());
        assert_eq!(months_between(a, b), Some(120));
        assert_eq!(date("20210713").unwrap().to_string(), "2021-07-13");
        assert_eq!(date("2023-09-19Z").unwrap().to_string(), "2023-09-19");
    }

    #[test]
    fn sirets_are_checked_and_foreign_ids_passed_over() {
        let mut w = Vec::new();
        assert_eq!(siret("807 469 317 00018", "buyer", &mut w).unwrap().as_str(), "80746931700018");
        assert_eq!(siret("BE0248.399.380", "buyer", &mut w), None);
        assert_eq!(siret("123 456 789", "buyer", &mut w), None);
        assert!(w.is_empty());
        assert_eq!(siret("80746931700019", "buyer", &mut w), None);
        assert!(matches!(&w[..], [NoticeWarning::InvalidSiret { field, .. }] if field == "buyer"));
    }

    #[test]
    fn social_clauses_are_told_from_head_offices() {
        assert!(states_social_clause("Le marché comporte une clause d’insertion de 350 heures"));
        assert!(states_social_clause("Critère 3 : performances en matière d'insertion professionnelle"));
        assert!(!states_social_clause("Siège social : 2 rue Carnot ; sécurité sociale à jour"));
    }
}
