//! Targets and weights of the SPASER score (domain-law §6.4): the PNAD 2022-2025 targets by default,
//! replaced field by field from a targets file.

use serde::Serialize;
use serde_json::Value;

use super::error::SpaserError;

/// The measured indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Code {
    /// Social considerations, by number of contracts.
    S1,
    /// Social considerations, by value.
    S2,
    /// Environmental considerations, by number of contracts.
    E1,
    /// Environmental considerations, by value.
    E2,
    /// Reserved contracts, by value.
    R1,
    /// Value awarded to inclusive and ESS structures.
    I1,
}

/// Every indicator, in the order of §6.4.
pub const CODES: [Code; 6] = [Code::S1, Code::S2, Code::E1, Code::E2, Code::R1, Code::I1];

impl Code {
    /// The code as written (`S1`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::S1 => "S1",
            Code::S2 => "S2",
            Code::E1 => "E1",
            Code::E2 => "E2",
            Code::R1 => "R1",
            Code::I1 => "I1",
        }
    }

    fn index(self) -> usize {
        CODES.iter().position(|c| *c == self).unwrap_or(0)
    }
}

/// Targets (shares 0–1) and weights of each indicator and of the governance gate G.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Targets {
    targets: [f64; 6],
    weights: [f64; 6],
    /// Weight of the governance gate G.
    pub governance_weight: f64,
    /// Whether the buyer declared its SPASER adopted and published, with indicators published in the
    /// last two years (gate G); unknown from DECP, so false unless the targets file says so.
    pub governance: bool,
}

impl Default for Targets {
    /// §6.4: S1 30 % and E1 100 % (PNAD 2025), S2 and E2 the same in value, R1 2 % (default of the
    /// method, to be set locally), I1 5 % (no national figure: a placeholder the buyer sets with its
    /// own SPASER target, L2111-3); weights 0.20, 0.10, 0.20, 0.10, 0.10, 0.20 and G 0.10.
    fn default() -> Self {
        Targets {
            targets: [0.30, 0.30, 1.0, 1.0, 0.02, 0.05],
            weights: [0.20, 0.10, 0.20, 0.10, 0.10, 0.20],
            governance_weight: 0.10,
            governance: false,
        }
    }
}

impl Targets {
    /// The target of an indicator.
    pub fn target(&self, code: Code) -> f64 {
        self.targets[code.index()]
    }

    /// The weight of an indicator.
    pub fn weight(&self, code: Code) -> f64 {
        self.weights[code.index()]
    }

    /// Sum of all weights, G included.
    pub fn total_weight(&self) -> f64 {
        self.weights.iter().sum::<f64>() + self.governance_weight
    }

    /// Reads a targets file: `{"targets": {"S1": 0.4, …}, "weights": {"I1": 0.3, "G": 0.1, …},
    /// "governance": true}`; every field is optional, an unknown or out-of-range one is refused with
    /// its name.
    pub fn from_json(text: &str) -> Result<Targets, SpaserError> {
        let bad = |field: &str, message: &str| SpaserError::Targets { field: field.into(), message: message.into() };
        let root: Value =
            serde_json::from_str(text).map_err(|e| bad("(fichier)", &format!("n'est pas du JSON valide : {e}")))?;
        let Value::Object(root) = root else { return Err(bad("(fichier)", "doit être un objet JSON")) };
        let mut out = Targets::default();
        for (key, value) in &root {
            match key.as_str() {
                "targets" | "weights" => {
                    let Value::Object(map) = value else {
                        return Err(bad(key, "doit être un objet, par ex. {\"S1\": 0.3}"));
                    };
                    for (code, v) in map {
                        let field = format!("{key}.{code}");
                        let Some(x) = v.as_f64() else { return Err(bad(&field, "doit être un nombre")) };
                        let slot = CODES.iter().find(|c| c.as_str() == code);
                        match (key.as_str(), slot) {
                            ("targets", Some(c)) => {
                                if !(x > 0.0 && x <= 1.0) {
                                    return Err(bad(&field, "doit être une part entre 0 (exclu) et 1 (0.3 pour 30 %)"));
                                }
                                out.targets[c.index()] = x;
                            }
                            ("weights", _) if slot.is_some() || code == "G" => {
                                if !(0.0..=1.0).contains(&x) {
                                    return Err(bad(&field, "doit être un poids entre 0 et 1"));
                                }
                                match slot {
                                    Some(c) => out.weights[c.index()] = x,
                                    None => out.governance_weight = x,
                                }
                            }
                            _ => {
                                return Err(bad(
                                    &field,
                                    "indicateur inconnu (attendus : S1, S2, E1, E2, R1, I1, et G pour les poids)",
                                ));
                            }
                        }
                    }
                }
                "governance" => {
                    out.governance = value.as_bool().ok_or_else(|| bad(key, "doit valoir true ou false"))?;
                }
                _ => return Err(bad(key, "champ inconnu (attendus : targets, weights, governance)")),
            }
        }
        if out.total_weight() <= 0.0 {
            return Err(bad("weights", "la somme des poids doit être positive"));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_replaces_what_it_names() {
        let t =
            Targets::from_json(r#"{"targets": {"I1": 0.1}, "weights": {"G": 0}, "governance": true}"#).expect("valid");
        assert_eq!(t.target(Code::I1), 0.1);
        assert_eq!(t.target(Code::S1), 0.3);
        assert_eq!(t.governance_weight, 0.0);
        assert!(t.governance);
    }

    #[test]
    fn errors_name_the_field() {
        let e = Targets::from_json(r#"{"targets": {"S1": 30}}"#).expect_err("out of range");
        assert!(e.to_string().contains("targets.S1"), "{e}");
        let e = Targets::from_json(r#"{"targets": {"X9": 0.3}}"#).expect_err("unknown");
        assert!(e.to_string().contains("targets.X9"), "{e}");
        let e = Targets::from_json(r#"{"weights": {"E1": -1}}"#).expect_err("negative");
        assert!(e.to_string().contains("weights.E1"), "{e}");
        let e = Targets::from_json(r#"{"cibles": {}}"#).expect_err("unknown field");
        assert!(e.to_string().contains("cibles"), "{e}");
        let e = Targets::from_json("[1]").expect_err("not an object");
        assert!(e.to_string().contains("objet"), "{e}");
    }
}
