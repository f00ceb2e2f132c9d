//! The public buyer behind a need, and the kind of buyer, which sets the EU thresholds and the
//! reservations it may use.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use jiff::civil::Date;

use super::Reservation;
use crate::domain::cpv::Cpv;
use crate::domain::siret::Siret;
use crate::domain::text::fold;

/// The kind of public buyer, as the directives and the Code de la commande publique distinguish them.
///
/// In the needs file, `buyer.kind` takes `"state"`, `"local"` (the default when absent) or `"utility"`;
/// the French words `etat`, `collectivite`, `pouvoir_adjudicateur` and `entite_adjudicatrice` are read too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BuyerKind {
    /// `state`: central government (the State and its établissements publics administratifs): the lowest
    /// EU threshold for supplies and services.
    State,
    /// `local`: any other pouvoir adjudicateur (collectivités territoriales, hospitals, social landlords,
    /// other public bodies). The default.
    #[default]
    Local,
    /// `utility`: an entité adjudicatrice (network activities: water, energy, transport, postal services)
    /// that is not buying as a pouvoir adjudicateur. A commune buying for its water network is an entité
    /// adjudicatrice for the thresholds, but stays a pouvoir adjudicateur for L2113-15: describe it as
    /// `local` when the ESS reservation matters.
    Utility,
}

/// The accepted values of `buyer.kind`, for error messages.
pub const BUYER_KIND_CODES: &str = "state (État), local (autre pouvoir adjudicateur : collectivité, hôpital, bailleur social…), utility (entité adjudicatrice)";

/// A `buyer.kind` value that is not one of [`BUYER_KIND_CODES`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("type d'acheteur inconnu « {0} » (acceptés : {BUYER_KIND_CODES})")]
pub struct UnknownBuyerKind(pub String);

impl BuyerKind {
    /// The code of the needs file (`state`, `local`, `utility`).
    pub fn code(self) -> &'static str {
        match self {
            BuyerKind::State => "state",
            BuyerKind::Local => "local",
            BuyerKind::Utility => "utility",
        }
    }

    /// The French label shown to buyers.
    pub fn label(self) -> &'static str {
        match self {
            BuyerKind::State => "autorité publique centrale (État)",
            BuyerKind::Local => "pouvoir adjudicateur (collectivité, hôpital, bailleur social…)",
            BuyerKind::Utility => "entité adjudicatrice",
        }
    }

    /// True for the pouvoirs adjudicateurs (State and others), the only buyers that may use L2113-15.
    pub fn is_pouvoir_adjudicateur(self) -> bool {
        matches!(self, BuyerKind::State | BuyerKind::Local)
    }
}

impl fmt::Display for BuyerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for BuyerKind {
    type Err = UnknownBuyerKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match fold(s.trim()).replace([' ', '-'], "_").as_str() {
            "state" | "etat" => Ok(BuyerKind::State),
            "local" | "collectivite" | "pouvoir_adjudicateur" => Ok(BuyerKind::Local),
            "utility" | "entite_adjudicatrice" => Ok(BuyerKind::Utility),
            _ => Err(UnknownBuyerKind(s.trim().to_string())),
        }
    }
}

/// The buyer named in a need. Every field is optional in the needs file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Buyer {
    /// Its name, as the buyer writes it.
    pub name: Option<String>,
    /// Its SIRET, 14 digits (spaces removed). Echoed, not used as a key, so the Luhn key is not checked.
    pub siret: Option<String>,
    /// Its kind; [`BuyerKind::Local`] when the file does not say.
    pub kind: BuyerKind,
    /// Contracts it awarded in the past (`buyer.awards`), for the 3-year rule of L2113-16: each
    /// `{"supplier": SIRET, "cpv": [...], "awarded_on": "2024-05-01", "reservation": "ess"}`.
    pub past_awards: Vec<PastAward>,
}

/// A contract awarded in the past, as the 3-year rule of L2113-16 needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct PastAward {
    /// The buyer's SIREN or SIRET (compared on the SIREN, the legal person).
    pub buyer: String,
    /// The holder.
    pub supplier: Siret,
    /// The reservation it was awarded under, if any.
    pub regime: Option<Reservation>,
    /// Its CPV codes.
    pub cpv: Vec<Cpv>,
    /// Date of the award (notification).
    pub awarded_on: Date,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codes_and_french_words() {
        assert_eq!("state".parse::<BuyerKind>().unwrap(), BuyerKind::State);
        assert_eq!("État".parse::<BuyerKind>().unwrap(), BuyerKind::State);
        assert_eq!("Collectivité".parse::<BuyerKind>().unwrap(), BuyerKind::Local);
        assert_eq!("entité adjudicatrice".parse::<BuyerKind>().unwrap(), BuyerKind::Utility);
        assert_eq!(BuyerKind::default(), BuyerKind::Local);
        let err = "ministry".parse::<BuyerKind>().unwrap_err().to_string();
        assert!(err.contains("« ministry »") && err.contains("utility"), "{err}");
    }

    #[test]
    fn only_utilities_are_not_pouvoirs_adjudicateurs() {
        assert!(BuyerKind::State.is_pouvoir_adjudicateur());
        assert!(BuyerKind::Local.is_pouvoir_adjudicateur());
        assert!(!BuyerKind::Utility.is_pouvoir_adjudicateur());
    }
}
