//! The legal parameters that are uncertain (marked ⚠️ in `domain-law.md`) or that a buyer may tune.
//!
//! Every field has a default, so a configuration file only names what it changes, e.g. in JSON
//! `{"ess_max_duration_months": 36, "eiti_counts_as_siae": true}`.

use std::collections::BTreeMap;

use jiff::civil::{Date, date};
use serde::{Deserialize, Deserializer};

/// Tunable and uncertain legal parameters. `LawConfig::default()` is the reading of the law as of 2026.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LawConfig {
    /// Competitors wanted per reserved lot before advising a reservation (default 3). A buyer's policy,
    /// not a rule of law: a reservation with fewer able suppliers risks an unsuccessful tender.
    pub min_competitors_per_lot: u32,
    /// Maximum duration of a contract reserved under L2113-15, in months (default 36).
    /// ⚠️ R2113-8 could not be read verbatim; 36 months follows dir. 2014/24 art. 77(3) and eForms BR-0041.
    pub ess_max_duration_months: u32,
    /// The L2113-15 holder must not have won a contract for the same services from the same buyer under
    /// that article within this many years (default 3). ⚠️ From dir. 2014/24 art. 77(2)(d); L2113-16 not read.
    pub ess_repeat_award_years: u32,
    /// How many leading CPV digits two contracts must share to be "the same services" for the rule above
    /// (default 4, the CPV class). ⚠️ The texts do not define "services concerned"; this is our reading.
    pub ess_same_services_cpv_digits: usize,
    /// Whether an EITI counts as an SIAE for L2113-13 (default false). ⚠️ EITI is experimental (loi 2018-771
    /// art. 83) and does not employ the self-employed people it supports, so it hardly meets the 50 %
    /// employees test of R2113-7; a later law may have changed its status.
    pub eiti_counts_as_siae: bool,
    /// Whether an EATT counts for L2113-12 (default true). ⚠️ EATT are approved under L5213-13 since
    /// 1 January 2024, but whether L2113-12 names them explicitly is unchecked.
    pub eatt_counts_for_handicap: bool,
    /// Consultations launched from this date must include a social or employment execution condition at
    /// or above the EU thresholds (L2112-2-1, loi Climat et Résilience art. 35; default 2026-08-22).
    /// ⚠️ "Au plus tard" five years after 22 August 2021; the statutory exceptions are not modelled.
    #[serde(deserialize_with = "deserialize_date")]
    pub mandatory_social_condition_from: Date,
    /// Consultations launched from this date must include an execution condition taking the environment
    /// into account, whatever their value (L2112-2 as rewritten by loi Climat et Résilience art. 35;
    /// default 2026-08-22). ⚠️ "Au plus tard" five years after the law of 22 August 2021.
    #[serde(deserialize_with = "deserialize_date")]
    pub mandatory_environmental_condition_from: Date,
    /// Consultations launched from this date must have at least one award criterion taking the
    /// environmental characteristics of the offer into account (L2152-7, R2152-7 as amended by décret
    /// 2022-767; default 2026-08-21).
    #[serde(deserialize_with = "deserialize_date")]
    pub mandatory_environmental_criterion_from: Date,
    /// Defaults of the insertion-clause hour computation.
    pub clause: ClauseConfig,
}

/// Parameters of the insertion-clause hour computation (facilitators' practice, not statute).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClauseConfig {
    /// Share of hours reserved for insertion (default 0.05; usual range 5–20 % by sector and local
    /// capacity of SIAE).
    pub insertion_rate: f64,
    /// Loaded hourly cost of an insertion hour in euros (default 30; usual range 25–30 €).
    pub hourly_cost_eur: f64,
    /// Labour share by CPV division (`"45"`), replacing the built-in defaults of
    /// [`crate::law::clause::DEFAULT_LABOUR_SHARES`] for the divisions it names.
    pub labour_share_by_division: BTreeMap<String, f64>,
}

impl Default for LawConfig {
    fn default() -> Self {
        LawConfig {
            min_competitors_per_lot: 3,
            ess_max_duration_months: 36,
            ess_repeat_award_years: 3,
            ess_same_services_cpv_digits: 4,
            eiti_counts_as_siae: false,
            eatt_counts_for_handicap: true,
            mandatory_social_condition_from: date(2026, 8, 22),
            mandatory_environmental_condition_from: date(2026, 8, 22),
            mandatory_environmental_criterion_from: date(2026, 8, 21),
            clause: ClauseConfig::default(),
        }
    }
}

impl Default for ClauseConfig {
    fn default() -> Self {
        ClauseConfig { insertion_rate: 0.05, hourly_cost_eur: 30.0, labour_share_by_division: BTreeMap::new() }
    }
}

fn deserialize_date<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    let text = String::deserialize(d)?;
    text.trim()
        .parse::<Date>()
        .map_err(|_| serde::de::Error::custom(format!("« {text} » n'est pas une date (format AAAA-MM-JJ attendu)")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_file_keeps_the_other_defaults() {
        let c: LawConfig = serde_json::from_str(
            r#"{"eiti_counts_as_siae": true, "mandatory_social_condition_from": "2026-08-21",
                "clause": {"insertion_rate": 0.1}}"#,
        )
        .unwrap();
        assert!(c.eiti_counts_as_siae);
        assert_eq!(c.mandatory_social_condition_from, date(2026, 8, 21));
        assert_eq!(c.clause.insertion_rate, 0.1);
        assert_eq!(c.clause.hourly_cost_eur, 30.0);
        assert_eq!(c.ess_max_duration_months, 36);
        assert_eq!(c.min_competitors_per_lot, 3);
    }

    #[test]
    fn unknown_keys_and_bad_dates_are_refused() {
        assert!(serde_json::from_str::<LawConfig>(r#"{"ess_max_months": 24}"#).is_err());
        let err = serde_json::from_str::<LawConfig>(r#"{"mandatory_social_condition_from": "22/08/2026"}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("22/08/2026"), "{err}");
    }
}
