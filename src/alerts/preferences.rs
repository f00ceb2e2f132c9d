//! What a supplier wants to be alerted of: how often, where, which trades, from which value, reserved lots
//! only. A supplier that never changed them has the default profile of its record.

use serde::{Deserialize, Serialize};

use crate::domain::need::Reservation;
use crate::domain::territory::normalise_department_code;
use crate::domain::text::fold;
use crate::domain::{Cpv, Gazetteer, Supplier};
use crate::error::{Blame, Classified};
use crate::law::LawConfig;
use crate::law::eligibility::eligible_regimes;

/// Most départements, keywords or CPV prefixes in one preference.
pub const MAX_ITEMS: usize = 50;
/// Longest keyword, in characters.
pub const MAX_KEYWORD_CHARS: usize = 60;

/// How often a supplier wants its alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// One e-mail per notice, as soon as it is computed.
    #[default]
    Each,
    /// One e-mail a day gathering the day's alerts.
    Daily,
    /// One e-mail a week.
    Weekly,
    /// No alert at all.
    Paused,
}

impl Frequency {
    /// The code (`each`, `daily`, `weekly`, `paused`).
    pub fn code(self) -> &'static str {
        match self {
            Frequency::Each => "each",
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Paused => "paused",
        }
    }
}

/// A supplier's alert preferences. Empty lists mean « as my record says »: the zone the matching engine
/// reaches from the record, the trades of the record.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Preferences {
    /// How often.
    pub frequency: Frequency,
    /// Départements of interest; empty: the zone of intervention of the record.
    pub departments: Vec<String>,
    /// Words one of which the lot's title or description must hold; empty: any.
    pub keywords: Vec<String>,
    /// CPV prefixes one of which a lot's code must start with; empty: the trades of the record.
    pub cpv_prefixes: Vec<String>,
    /// Smallest estimated value of interest, euros HT (lots of unknown value are kept).
    pub min_value_eur: Option<f64>,
    /// Only reserved lots.
    pub reserved_only: bool,
}

/// A preference that cannot be accepted, naming its field (`frequency`, `departments`, `keywords`, `cpv`,
/// `min_value`, `reserved_only`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PreferencesError {
    /// The field at fault.
    pub field: &'static str,
    /// Why, in French.
    pub message: String,
}

impl Classified for PreferencesError {
    fn blame(&self) -> Blame {
        Blame::user(self.field)
    }
}

fn error(field: &'static str, message: impl Into<String>) -> PreferencesError {
    PreferencesError { field, message: message.into() }
}

/// Changes asked to a supplier's preferences, each as the user typed it (`None`: unchanged). The CLI
/// flags and the JSON API both give this.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreferencesChange {
    /// `each`, `daily`, `weekly` or `paused`.
    pub frequency: Option<String>,
    /// Départements separated by commas (`91,94`); empty: back to the record's zone.
    pub departments: Option<String>,
    /// Keywords separated by commas; empty: none.
    pub keywords: Option<String>,
    /// CPV prefixes separated by commas (`909,77`); empty: back to the record's trades.
    pub cpv: Option<String>,
    /// Euros; empty: no minimum.
    pub min_value: Option<String>,
    /// `true` or `false`.
    pub reserved_only: Option<String>,
}

impl PreferencesChange {
    /// True when nothing is asked.
    pub fn is_empty(&self) -> bool {
        *self == PreferencesChange::default()
    }

    /// The preferences with the changes applied, every value checked first (nothing is applied when one
    /// is wrong).
    pub fn apply(&self, current: &Preferences, gazetteer: &Gazetteer) -> Result<Preferences, PreferencesError> {
        let mut next = current.clone();
        if let Some(text) = &self.frequency {
            next.frequency = parse_frequency(text)?;
        }
        if let Some(text) = &self.departments {
            next.departments = parse_departments(text, gazetteer)?;
        }
        if let Some(text) = &self.keywords {
            next.keywords = parse_keywords(text)?;
        }
        if let Some(text) = &self.cpv {
            next.cpv_prefixes = parse_cpv_prefixes(text)?;
        }
        if let Some(text) = &self.min_value {
            next.min_value_eur = parse_min_value(text)?;
        }
        if let Some(text) = &self.reserved_only {
            next.reserved_only = parse_bool(text)?;
        }
        Ok(next)
    }
}

/// `each`, `daily`, `weekly` or `paused`.
pub fn parse_frequency(text: &str) -> Result<Frequency, PreferencesError> {
    match text.trim().to_lowercase().as_str() {
        "each" => Ok(Frequency::Each),
        "daily" => Ok(Frequency::Daily),
        "weekly" => Ok(Frequency::Weekly),
        "paused" => Ok(Frequency::Paused),
        other => {
            Err(error("frequency", format!("fréquence inconnue « {other} » (acceptées : each, daily, weekly, paused)")))
        }
    }
}

fn items(text: &str, field: &'static str) -> Result<Vec<String>, PreferencesError> {
    let items: Vec<String> = text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
    if items.len() > MAX_ITEMS {
        return Err(error(field, format!("au plus {MAX_ITEMS} valeurs ({} données)", items.len())));
    }
    Ok(items)
}

/// Département codes separated by commas, each known to the gazetteer (`1` is read `01`).
pub fn parse_departments(text: &str, gazetteer: &Gazetteer) -> Result<Vec<String>, PreferencesError> {
    let mut out: Vec<String> = Vec::new();
    for item in items(text, "departments")? {
        let code = normalise_department_code(&item);
        if gazetteer.department(&code).is_none() {
            return Err(error("departments", format!("département inconnu « {item} » (codes INSEE : 91, 2A, 974…)")));
        }
        if !out.contains(&code) {
            out.push(code);
        }
    }
    Ok(out)
}

/// Keywords separated by commas, each at most [`MAX_KEYWORD_CHARS`] characters and holding a letter or digit.
pub fn parse_keywords(text: &str) -> Result<Vec<String>, PreferencesError> {
    let mut out: Vec<String> = Vec::new();
    for item in items(text, "keywords")? {
        if item.chars().count() > MAX_KEYWORD_CHARS {
            return Err(error("keywords", format!("mot-clé trop long (au plus {MAX_KEYWORD_CHARS} caractères)")));
        }
        if !item.chars().any(char::is_alphanumeric) {
            return Err(error("keywords", format!("mot-clé sans lettre ni chiffre « {item} »")));
        }
        if !out.contains(&item) {
            out.push(item);
        }
    }
    Ok(out)
}

/// CPV prefixes separated by commas (2 to 8 digits, a check digit allowed).
pub fn parse_cpv_prefixes(text: &str) -> Result<Vec<String>, PreferencesError> {
    let mut out: Vec<String> = Vec::new();
    for item in items(text, "cpv")? {
        let prefix = Cpv::parse_prefix(&item).map_err(|e| error("cpv", format!("« {item} » : {e}")))?;
        let digits = prefix.significant().to_string();
        if !out.contains(&digits) {
            out.push(digits);
        }
    }
    Ok(out)
}

/// Euros HT, at least 0; empty for no minimum. Spaces and a decimal comma are accepted.
pub fn parse_min_value(text: &str) -> Result<Option<f64>, PreferencesError> {
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    match cleaned.replace(',', ".").parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
        _ => Err(error("min_value", format!("montant invalide « {text} » (un nombre d'euros, 0 ou plus)"))),
    }
}

/// `true` or `false` (`oui`, `non` also).
pub fn parse_bool(text: &str) -> Result<bool, PreferencesError> {
    match text.trim().to_lowercase().as_str() {
        "true" | "oui" => Ok(true),
        "false" | "non" => Ok(false),
        other => Err(error("reserved_only", format!("valeur « {other} » : true ou false attendu"))),
    }
}

/// What a supplier's profile holds from its record, beside its preferences: shown with them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordProfile {
    /// Its département.
    pub department: String,
    /// Its zone of intervention, as the record states it (contract JSON shape).
    pub intervention: serde_json::Value,
    /// Its trades: sector keys.
    pub sectors: Vec<String>,
    /// Its declared CPV codes.
    pub cpv: Vec<String>,
    /// The reserved-market regimes it is eligible to.
    #[serde(serialize_with = "keywords")]
    pub eligible: Vec<Reservation>,
}

fn keywords<S: serde::Serializer>(regimes: &[Reservation], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(regimes.iter().map(|r| r.keyword()))
}

impl RecordProfile {
    /// The profile of a supplier's record.
    pub fn of(supplier: &Supplier, law: &LawConfig) -> RecordProfile {
        let eligible = eligible_regimes(&supplier.kinds, supplier.legal_form.as_deref(), law)
            .into_iter()
            .filter(|e| e.eligible)
            .map(|e| e.regime)
            .collect();
        RecordProfile {
            department: supplier.department.clone(),
            intervention: supplier.intervention.to_json(),
            sectors: supplier.sectors.clone(),
            cpv: supplier.cpv.iter().map(|c| c.as_str().to_string()).collect(),
            eligible,
        }
    }
}

/// The facts of a lot the preferences are checked against.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LotFacts<'a> {
    /// Départements where it is performed (empty when unknown).
    pub departments: &'a [String],
    /// Its CPV codes.
    pub cpv: &'a [Cpv],
    /// Title and description.
    pub text: String,
    /// Estimated value, euros HT.
    pub value_eur: Option<f64>,
    /// Its reservation.
    pub reservation: Option<Reservation>,
}

/// Why the preferences turn a lot down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Alerts are paused.
    Paused,
    /// Performed outside the départements chosen.
    Department,
    /// None of the keywords is in its words.
    Keyword,
    /// None of its CPV codes starts with a prefix chosen.
    Cpv,
    /// Its value is below the minimum.
    Value,
    /// Not reserved, and only reserved lots are wanted.
    NotReserved,
}

impl Preferences {
    /// Whether a lot is of interest: `Ok` or the first preference that turns it down. A lot whose place or
    /// value is unknown is not turned down for it.
    pub fn accepts(&self, lot: &LotFacts<'_>) -> Result<(), Refusal> {
        if self.frequency == Frequency::Paused {
            return Err(Refusal::Paused);
        }
        if !self.departments.is_empty()
            && !lot.departments.is_empty()
            && !lot.departments.iter().any(|d| self.departments.contains(d))
        {
            return Err(Refusal::Department);
        }
        if !self.keywords.is_empty() {
            let words = fold(&lot.text);
            if !self.keywords.iter().any(|k| words.contains(&fold(k))) {
                return Err(Refusal::Keyword);
            }
        }
        if !self.cpv_prefixes.is_empty()
            && !lot.cpv.iter().any(|c| self.cpv_prefixes.iter().any(|p| c.as_str().starts_with(p.as_str())))
        {
            return Err(Refusal::Cpv);
        }
        if let (Some(min), Some(value)) = (self.min_value_eur, lot.value_eur)
            && value < min
        {
            return Err(Refusal::Value);
        }
        if self.reserved_only && lot.reservation.is_none() {
            return Err(Refusal::NotReserved);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cpv(code: &str) -> Cpv {
        Cpv::parse_prefix(code).unwrap()
    }

    #[test]
    fn each_preference_turns_down_its_lots_only() {
        let departments = vec!["91".to_string()];
        let codes = vec![cpv("90911200")];
        let lot = LotFacts {
            departments: &departments,
            cpv: &codes,
            text: "Nettoyage des écoles".into(),
            value_eur: Some(200_000.0),
            reservation: None,
        };
        assert_eq!(Preferences::default().accepts(&lot), Ok(()));
        let with = |f: fn(&mut Preferences)| {
            let mut p = Preferences::default();
            f(&mut p);
            p.accepts(&lot)
        };
        assert_eq!(with(|p| p.frequency = Frequency::Paused), Err(Refusal::Paused));
        assert_eq!(with(|p| p.departments = vec!["94".into()]), Err(Refusal::Department));
        assert_eq!(with(|p| p.departments = vec!["94".into(), "91".into()]), Ok(()));
        assert_eq!(with(|p| p.keywords = vec!["espaces verts".into()]), Err(Refusal::Keyword));
        assert_eq!(with(|p| p.keywords = vec!["ECOLES".into()]), Ok(()));
        assert_eq!(with(|p| p.cpv_prefixes = vec!["77".into()]), Err(Refusal::Cpv));
        assert_eq!(with(|p| p.cpv_prefixes = vec!["909".into()]), Ok(()));
        assert_eq!(with(|p| p.min_value_eur = Some(500_000.0)), Err(Refusal::Value));
        assert_eq!(with(|p| p.reserved_only = true), Err(Refusal::NotReserved));
        let unknown = LotFacts { value_eur: None, departments: &[], ..lot.clone() };
        let mut p = Preferences { min_value_eur: Some(1e9), departments: vec!["94".into()], ..Default::default() };
        assert_eq!(p.accepts(&unknown), Ok(()), "unknown place and value are kept");
        p.reserved_only = true;
        let reserved = LotFacts { reservation: Some(Reservation::Inclusive), ..unknown };
        assert_eq!(p.accepts(&reserved), Ok(()));
    }

    #[test]
    fn changes_are_checked_and_name_their_field() {
        let gazetteer = Gazetteer::builtin();
        let change = PreferencesChange {
            frequency: Some("weekly".into()),
            departments: Some("91, 1,94".into()),
            keywords: Some("ménage, vitres".into()),
            cpv: Some("909,77".into()),
            min_value: Some("25 000".into()),
            reserved_only: Some("true".into()),
        };
        let p = change.apply(&Preferences::default(), gazetteer).unwrap();
        assert_eq!(p.frequency, Frequency::Weekly);
        assert_eq!(p.departments, ["91", "01", "94"]);
        assert_eq!(p.keywords, ["ménage", "vitres"]);
        assert_eq!(p.cpv_prefixes, ["909", "77"]);
        assert_eq!(p.min_value_eur, Some(25_000.0));
        assert!(p.reserved_only);
        let back = PreferencesChange { departments: Some(String::new()), ..Default::default() };
        assert!(back.apply(&p, gazetteer).unwrap().departments.is_empty());

        let field = |c: PreferencesChange| c.apply(&Preferences::default(), gazetteer).unwrap_err().field;
        assert_eq!(field(PreferencesChange { frequency: Some("hourly".into()), ..Default::default() }), "frequency");
        assert_eq!(field(PreferencesChange { departments: Some("91,99".into()), ..Default::default() }), "departments");
        assert_eq!(field(PreferencesChange { cpv: Some("9x".into()), ..Default::default() }), "cpv");
        assert_eq!(field(PreferencesChange { min_value: Some("-3".into()), ..Default::default() }), "min_value");
        assert_eq!(field(PreferencesChange { min_value: Some("abc".into()), ..Default::default() }), "min_value");
        assert_eq!(
            field(PreferencesChange { reserved_only: Some("peut-être".into()), ..Default::default() }),
            "reserved_only"
        );
        assert_eq!(field(PreferencesChange { keywords: Some("x".repeat(61)), ..Default::default() }), "keywords");
    }
}
