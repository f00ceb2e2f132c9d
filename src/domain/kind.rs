//! The statuses and approvals of ESS suppliers ("kinds"), as the import format names them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A status or approval held by a supplier. A supplier may hold several (an association both ACI and AI).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Atelier et chantier d'insertion (C. trav. L5132-4 4°).
    Aci,
    /// Entreprise d'insertion (L5132-4 1°).
    Ei,
    /// Association intermédiaire (L5132-4 3°).
    Ai,
    /// Entreprise de travail temporaire d'insertion (L5132-4 2°).
    Etti,
    /// Entreprise d'insertion par le travail indépendant (experimental, loi 2018-771 art. 83).
    Eiti,
    /// Groupement d'employeurs pour l'insertion et la qualification (C. trav. L1253-1).
    Geiq,
    /// Entreprise adaptée (C. trav. L5213-13).
    Ea,
    /// Entreprise adaptée de travail temporaire (L5213-13-3, since 1 January 2024).
    Eatt,
    /// Établissement et service d'accompagnement par le travail (CASF L344-2).
    Esat,
    /// Société coopérative d'intérêt collectif.
    Scic,
    /// Société coopérative et participative.
    Scop,
    /// Entreprise solidaire d'utilité sociale (C. trav. L3332-17-1).
    Esus,
    /// Production in a penitentiary establishment (CCP L2113-13-1).
    Sep,
    /// Any other enterprise of the ESS under art. 1 of loi 2014-856.
    Ess,
}

/// Every kind, in the order used for display and facets.
pub const ALL_KINDS: [Kind; 14] = [
    Kind::Aci,
    Kind::Ei,
    Kind::Ai,
    Kind::Etti,
    Kind::Eiti,
    Kind::Geiq,
    Kind::Ea,
    Kind::Eatt,
    Kind::Esat,
    Kind::Scic,
    Kind::Scop,
    Kind::Esus,
    Kind::Sep,
    Kind::Ess,
];

/// The error for a kind code that is not one of [`ALL_KINDS`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "type de structure inconnu « {0} » (attendus : ACI, EI, AI, ETTI, EITI, GEIQ, EA, EATT, ESAT, SCIC, SCOP, ESUS, SEP, ESS)"
)]
pub struct UnknownKind(pub String);

impl Kind {
    /// The code used in files and URLs (`ACI`, `ESAT`…).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Aci => "ACI",
            Kind::Ei => "EI",
            Kind::Ai => "AI",
            Kind::Etti => "ETTI",
            Kind::Eiti => "EITI",
            Kind::Geiq => "GEIQ",
            Kind::Ea => "EA",
            Kind::Eatt => "EATT",
            Kind::Esat => "ESAT",
            Kind::Scic => "SCIC",
            Kind::Scop => "SCOP",
            Kind::Esus => "ESUS",
            Kind::Sep => "SEP",
            Kind::Ess => "ESS",
        }
    }

    /// The French label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Aci => "Atelier et chantier d'insertion",
            Kind::Ei => "Entreprise d'insertion",
            Kind::Ai => "Association intermédiaire",
            Kind::Etti => "Entreprise de travail temporaire d'insertion",
            Kind::Eiti => "Entreprise d'insertion par le travail indépendant",
            Kind::Geiq => "Groupement d'employeurs pour l'insertion et la qualification",
            Kind::Ea => "Entreprise adaptée",
            Kind::Eatt => "Entreprise adaptée de travail temporaire",
            Kind::Esat => "Établissement et service d'accompagnement par le travail",
            Kind::Scic => "Société coopérative d'intérêt collectif",
            Kind::Scop => "Société coopérative et participative",
            Kind::Esus => "Entreprise solidaire d'utilité sociale",
            Kind::Sep => "Production en établissement pénitentiaire",
            Kind::Ess => "Entreprise de l'ESS",
        }
    }

    /// The family the kind belongs to, for the hierarchical facet (`siae`, `handicap`, `coop`, `ess`).
    pub fn family(self) -> &'static str {
        match self {
            Kind::Aci | Kind::Ei | Kind::Ai | Kind::Etti | Kind::Eiti => "siae",
            Kind::Ea | Kind::Eatt | Kind::Esat => "handicap",
            Kind::Scic | Kind::Scop => "coop",
            Kind::Geiq | Kind::Esus | Kind::Sep | Kind::Ess => "ess",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Kind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_uppercase();
        ALL_KINDS.iter().copied().find(|k| k.code() == wanted).ok_or_else(|| UnknownKind(s.trim().to_string()))
    }
}

impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Parses a comma-separated list of kinds (`ACI,EI`), as the command line and the API take it.
pub fn parse_kind_list(input: &str) -> Result<Vec<Kind>, UnknownKind> {
    input.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::parse).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_case_insensitively() {
        assert_eq!("esat".parse::<Kind>().unwrap(), Kind::Esat);
        assert_eq!(parse_kind_list("ACI, ei").unwrap(), vec![Kind::Aci, Kind::Ei]);
        assert_eq!("XYZ".parse::<Kind>(), Err(UnknownKind("XYZ".into())));
    }

    #[test]
    fn every_kind_round_trips() {
        for k in ALL_KINDS {
            assert_eq!(k.code().parse::<Kind>().unwrap(), k);
        }
    }
}
