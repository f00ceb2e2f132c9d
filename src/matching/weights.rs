//! The weights of the ranking, in one place.
//!
//! The score of a supplier for a lot is a sum of components, each in `[0, 1]` times its weight (the
//! size component is a penalty). The defaults were measured with the evaluation harness on real awarded
//! contracts (`BENCHMARKS.md` records the figures); a buyer or a network may tune them with
//! `essor match --weights FILE.json`, a JSON object naming only the weights it changes.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The tunable weights and parameters of the matching engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    /// Text relevance: BM25 of the lot's title and description against what the supplier says it does
    /// (name, description, NAF label, sectors, CPV labels), scaled so the best text hit of the lot is 1.
    /// The single richest signal when a supplier describes itself; most real records only have a name
    /// and a NAF label, so it does not dominate the structured components. Default 2.5, as much as
    /// nearness: set with `proximity` and `proximity_km` on real awarded contracts (see `proximity_km`).
    pub text: f64,
    /// CPV proximity between the lot's codes and the supplier's own codes (same code 1, category 0.8,
    /// class 0.6, group 0.4, division 0.2). A declared code is the supplier's own word on what it sells.
    pub cpv: f64,
    /// CPV proximity reached only through the supplier's sectors (each sector has CPV prefixes, and a
    /// sector is inferred from the NAF code when the supplier declares none). Lower than `cpv` because
    /// a sector is broader than a declared code.
    pub sector_cpv: f64,
    /// Sharing a sector with the lot (1) or only a family of sectors (0.5). Sectors come from the lot's
    /// CPV codes and its words, and from the supplier's NAF code, description and declared sectors.
    pub sector: f64,
    /// Nearness: `1 / (1 + (km / proximity_km)²)` from the supplier's site to the nearest point of
    /// the lot's place. The place is a hard filter; this orders the suppliers able to come.
    /// Default 2.5, as much as `text` (see `proximity_km`).
    pub proximity: f64,
    /// Distance at which the nearness component is halved, in kilometres. Default 10.
    ///
    /// `text`, `proximity` and `proximity_km` are the weights set on real awarded contracts: 129 lots
    /// won by SIAE (DECP), the 37 of the evaluation's dev set and 92 others from public DECP extracts.
    /// SIAE recruit and work within an employment area whose core is a daily commute, and most real
    /// records say little, so a structure a few kilometres away whose kind does the work often wins
    /// against one naming the trade 40 km away. Leaving out each département's contracts in turn and
    /// choosing among 1.5–3 (nearness), 2–3 (text) and 10–20 km on the others chose 2.5, 2.5 and 10 km
    /// in 50 of 57 folds: Recall@10 0.536, MRR@10 0.278 on the contracts left out, against 0.475 and
    /// 0.275 with the former 1.5, 3 and 15 km (see BENCHMARKS.md).
    pub proximity_km: f64,
    /// Bonus for a supplier located in one of the lot's départements: buyers and SIAE work within
    /// département-level networks (facilitators, conventions with the DDETS), and the evaluation shows
    /// local structures win most local contracts.
    pub same_department: f64,
    /// Presumption from the kind of structure, for a record that does not say what it does (trade
    /// unknown: no description, no CPV code, and a NAF code that describes its social mission): what
    /// its kind typically does (`domain::trade`: 1 for a typical trade, ½ for a possible one) times
    /// this weight. Also for a structure of staff provision on a lot whose work its agents do.
    /// Default 0.5, half the `sector` weight: a presumption weighs half of what a record saying it
    /// does the work weighs, so that structures stating their trade come first at equal distance.
    pub kind: f64,
    /// Extra share of the nearness component for a record that says little (no description, no
    /// declared sector or CPV code). Default 0: records that say little are already ordered by
    /// nearness among themselves, as they share the same presumption, and a buyer's seat is often
    /// not where the work is done, so nearness to it should not outweigh what records say.
    pub thin_proximity: f64,
    /// Share of the best text hit of the lot from which the words found in a record count as
    /// evidence that it does the work (default 0.5: at least half as close as the closest record).
    pub text_evidence: f64,
    /// Suppliers within reach but outside the trade shown apart, « proches mais hors métier » (default 5).
    pub nearby_sample: usize,
    /// Penalty for a supplier whose turnover is far below what the buyer may require for the lot
    /// (`needs_partners`): it stays listed, for a groupement, but after comparable suppliers that can
    /// bid alone.
    pub size_penalty: f64,
    /// A supplier "needs partners" when its turnover is below this share of the highest minimum
    /// turnover the buyer may require (R2142-7: 1.5 × the lot value since 1 January 2026). Default 0.5.
    pub partners_below_share: f64,
    /// Largest share of a lot's results one network or group may take (default 0.5, at least one
    /// supplier): a federation (Coorace, UNEA…) or the establishments of one legal unit do not fill the
    /// list; the others follow only if the list would otherwise be short.
    pub max_group_share: f64,
    /// Text hits taken from the index as candidates for each lot (default 300), on top of the suppliers
    /// whose sectors or CPV codes relate to the lot and those located in its départements.
    pub text_candidates: usize,
    /// Competing eligible suppliers wanted before advising a reservation (default 3).
    pub min_competitors: usize,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            text: 2.5,
            cpv: 2.0,
            sector_cpv: 1.5,
            sector: 1.0,
            proximity: 2.5,
            proximity_km: 10.0,
            same_department: 0.5,
            kind: 0.5,
            thin_proximity: 0.0,
            text_evidence: 0.5,
            nearby_sample: 5,
            size_penalty: 1.0,
            partners_below_share: 0.5,
            max_group_share: 0.5,
            text_candidates: 300,
            min_competitors: 3,
        }
    }
}

/// A weights file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeightsError {
    /// Not a JSON object.
    #[error("fichier de poids : un objet JSON est attendu ({0})")]
    NotAnObject(String),
    /// A key that is not a weight.
    #[error("fichier de poids : poids inconnu « {key} » (connus : {known})")]
    UnknownKey {
        /// The key.
        key: String,
        /// The accepted keys.
        known: String,
    },
    /// A value of the wrong type or out of range.
    #[error("fichier de poids, poids « {key} » : {message}")]
    Invalid {
        /// The key.
        key: String,
        /// What is wrong.
        message: String,
    },
}

impl Weights {
    /// The keys a weights file may name.
    pub fn keys() -> Vec<String> {
        match serde_json::to_value(Weights::default()) {
            Ok(Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// The defaults overridden by a JSON object naming some weights; an unknown key is an error
    /// naming it, and every weight must be a finite number ≥ 0.
    pub fn from_json_str(text: &str) -> Result<Weights, WeightsError> {
        let value: Value = serde_json::from_str(text).map_err(|e| WeightsError::NotAnObject(e.to_string()))?;
        let Value::Object(overrides) = value else {
            return Err(WeightsError::NotAnObject("la racine n'est pas un objet".to_string()));
        };
        let known = Weights::keys();
        let Ok(Value::Object(mut merged)) = serde_json::to_value(Weights::default()) else {
            return Err(WeightsError::NotAnObject("poids par défaut illisibles".to_string()));
        };
        for (key, value) in overrides {
            if !known.contains(&key) {
                return Err(WeightsError::UnknownKey { key, known: known.join(", ") });
            }
            let ok = value.as_f64().is_some_and(|v| v.is_finite() && v >= 0.0);
            if !ok {
                return Err(WeightsError::Invalid { key, message: "un nombre positif ou nul est attendu".to_string() });
            }
            merged.insert(key, value);
        }
        let weights: Weights = serde_json::from_value(Value::Object(Map::from_iter(merged)))
            .map_err(|e| WeightsError::Invalid { key: "?".to_string(), message: e.to_string() })?;
        if weights.proximity_km <= 0.0 {
            return Err(WeightsError::Invalid {
                key: "proximity_km".to_string(),
                message: "la distance doit être strictement positive".to_string(),
            });
        }
        Ok(weights)
    }
}

impl crate::error::Classified for WeightsError {
    fn blame(&self) -> crate::error::Blame {
        match self {
            WeightsError::NotAnObject(_) => crate::error::Blame::user("weights"),
            WeightsError::UnknownKey { key, .. } | WeightsError::Invalid { key, .. } => {
                crate::error::Blame::user(format!("weights.{key}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_file_keeps_the_other_defaults() {
        let w = Weights::from_json_str(r#"{"text": 5, "max_group_share": 0.3}"#).unwrap();
        assert_eq!(w.text, 5.0);
        assert_eq!(w.max_group_share, 0.3);
        assert_eq!(w.cpv, Weights::default().cpv);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_named() {
        let err = Weights::from_json_str(r#"{"txt": 5}"#).unwrap_err().to_string();
        assert!(err.contains("« txt »") && err.contains("proximity_km"), "{err}");
        let err = Weights::from_json_str(r#"{"cpv": -1}"#).unwrap_err().to_string();
        assert!(err.contains("« cpv »"), "{err}");
        let err = Weights::from_json_str(r#"{"text_candidates": 1.5}"#).unwrap_err().to_string();
        assert!(err.contains("poids"), "{err}");
        assert!(Weights::from_json_str("[1]").is_err());
    }
}
