//! Insertion clauses (L2112-2; L2112-2-1): the hours to reserve, who can perform them, and whether a
//! social execution condition is mandatory.
//!
//! The hour computation is the practice of the facilitateurs de clauses sociales (Maisons de l'emploi,
//! PLIE; Alliance Villes Emploi, « Recueil des fondamentaux de la clause sociale », 2016), not statute:
//! `hours = value HT × labour share × insertion rate ÷ loaded hourly cost`. Worked example of the
//! sources (mefsud77.fr, laser-emploi.fr): 1 000 000 € × 50 % × 5 % ÷ 30 € ≈ 833 h.

use jiff::civil::Date;

use super::config::{ClauseConfig, LawConfig};
use super::obligations::{ObligationCheck, social_condition};
use super::value::ValueBasis;
use crate::domain::cpv::{ContractType, Cpv};
use crate::domain::kind::Kind;
use crate::domain::need::BuyerKind;

/// Default labour share (share of the value that pays for labour) by CPV division, with the trade.
/// Works (45) follows the sources: about 50 % for masonry, 70 % interior painting, 20 % metal framing.
/// The other divisions are estimates from facilitators' practice, to be tuned through
/// [`ClauseConfig::labour_share_by_division`] ⚠️.
pub const DEFAULT_LABOUR_SHARES: [(&str, f64, &str); 12] = [
    ("45", 0.5, "travaux de bâtiment"),
    ("90", 0.7, "nettoyage, propreté, collecte et traitement des déchets"),
    ("77", 0.6, "espaces verts, agriculture, sylviculture"),
    ("55", 0.4, "restauration collective et hôtellerie"),
    ("50", 0.5, "réparation et entretien"),
    ("60", 0.4, "transport"),
    ("63", 0.5, "manutention, logistique et entreposage"),
    ("64", 0.5, "courrier et distribution"),
    ("79", 0.5, "services aux entreprises (accueil, mise sous pli, mise à disposition de personnel)"),
    ("85", 0.6, "santé et action sociale"),
    ("92", 0.4, "culture, sport et loisirs"),
    ("98", 0.5, "autres services (blanchisserie, services à la personne)"),
];

/// Labour share when the division is not in the table: services and works.
const FALLBACK_SERVICES_SHARE: f64 = 0.4;
/// Labour share when the division is not in the table: supplies (labour is mostly upstream).
const FALLBACK_SUPPLIES_SHARE: f64 = 0.2;

/// Values the caller sets instead of the defaults (from the command line or the API).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ClauseOverrides {
    /// Share of the value paying for labour, in (0, 1].
    pub labour_share: Option<f64>,
    /// Share of those hours reserved for insertion, in (0, 1].
    pub insertion_rate: Option<f64>,
    /// Loaded hourly cost in euros, > 0.
    pub hourly_cost_eur: Option<f64>,
}

/// A parameter of the computation out of range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClauseError {
    /// The value is not a positive amount.
    #[error("paramètre « value » : le montant doit être un nombre d'euros HT strictement positif (reçu {0})")]
    Value(f64),
    /// A share outside (0, 1].
    #[error("paramètre « {name} » : {value} n'est pas une part entre 0 (exclu) et 1 (par ex. 0.05 pour 5 %)")]
    Share {
        /// `labour_share` or `insertion_rate`.
        name: &'static str,
        /// The value received.
        value: f64,
    },
    /// The hourly cost is not positive.
    #[error("paramètre « hourly_cost_eur » : le coût horaire chargé doit être strictement positif (reçu {0} €)")]
    HourlyCost(f64),
}

/// The parameters used, each with where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseParameters {
    /// Share of the value paying for labour.
    pub labour_share: f64,
    /// Where the labour share comes from, in French ("division 45 : travaux de bâtiment").
    pub labour_share_basis: String,
    /// Share of those hours reserved for insertion.
    pub insertion_rate: f64,
    /// Loaded hourly cost in euros.
    pub hourly_cost_eur: f64,
}

/// An insertion clause, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct InsertionClause {
    /// The contract or lot value in euros HT.
    pub value_eur: f64,
    /// The parameters used.
    pub parameters: ClauseParameters,
    /// The insertion hours (unrounded).
    pub hours: f64,
    /// Whether a social execution condition is mandatory (L2112-2-1), judged on the whole contract.
    pub social_condition: ObligationCheck,
}

/// The kinds that can perform insertion hours for the holder of a contract, and how (standard clause
/// models, contractual practice ⚠️). EITI is left out: it does not employ the people it supports.
pub const CLAUSE_TAKERS: [(Kind, &str); 8] = [
    (Kind::Aci, "co-traitance ou sous-traitance : les heures de ses salariés en insertion comptent"),
    (Kind::Ei, "co-traitance ou sous-traitance : les heures de ses salariés en insertion comptent"),
    (Kind::Ai, "mise à disposition de salariés en insertion auprès du titulaire"),
    (Kind::Etti, "mise à disposition (intérim d'insertion) auprès du titulaire"),
    (Kind::Geiq, "mise à disposition de salariés en parcours d'insertion et de qualification"),
    (Kind::Ea, "sous-traitance ou co-traitance, heures comptées en équivalent selon le modèle de clause"),
    (Kind::Eatt, "mise à disposition de travailleurs handicapés, selon le modèle de clause"),
    (Kind::Esat, "sous-traitance, heures comptées en équivalent selon le modèle de clause"),
];

/// How a supplier of this kind can take insertion hours, if it can.
pub fn can_take_insertion_hours(kind: Kind) -> Option<&'static str> {
    CLAUSE_TAKERS.iter().find(|(k, _)| *k == kind).map(|(_, how)| *how)
}

/// `value × labour_share × insertion_rate ÷ hourly_cost_eur`.
pub fn insertion_hours(value_eur: f64, labour_share: f64, insertion_rate: f64, hourly_cost_eur: f64) -> f64 {
    value_eur * labour_share * insertion_rate / hourly_cost_eur
}

/// The parameters for a contract whose main CPV code is `cpv`: the overrides, else the configuration,
/// else the defaults of [`DEFAULT_LABOUR_SHARES`].
pub fn clause_parameters(
    cpv: Option<&Cpv>,
    overrides: &ClauseOverrides,
    config: &ClauseConfig,
) -> Result<ClauseParameters, ClauseError> {
    let (labour_share, labour_share_basis) = match (overrides.labour_share, cpv) {
        (Some(share), _) => (share, "valeur fournie".to_string()),
        (None, Some(code)) => default_labour_share(code, config),
        (None, None) => (FALLBACK_SERVICES_SHARE, "valeur par défaut (pas de code CPV)".to_string()),
    };
    let insertion_rate = overrides.insertion_rate.unwrap_or(config.insertion_rate);
    let hourly_cost_eur = overrides.hourly_cost_eur.unwrap_or(config.hourly_cost_eur);
    for (name, value) in [("labour_share", labour_share), ("insertion_rate", insertion_rate)] {
        if !(value > 0.0 && value <= 1.0) {
            return Err(ClauseError::Share { name, value });
        }
    }
    if !(hourly_cost_eur > 0.0 && hourly_cost_eur.is_finite()) {
        return Err(ClauseError::HourlyCost(hourly_cost_eur));
    }
    Ok(ClauseParameters { labour_share, labour_share_basis, insertion_rate, hourly_cost_eur })
}

fn default_labour_share(cpv: &Cpv, config: &ClauseConfig) -> (f64, String) {
    let division = cpv.division();
    if let Some(share) = config.labour_share_by_division.get(division) {
        return (*share, format!("division {division} : valeur configurée"));
    }
    if let Some((_, share, trade)) = DEFAULT_LABOUR_SHARES.iter().find(|(d, _, _)| *d == division) {
        return (*share, format!("division {division} : {trade}"));
    }
    match cpv.contract_type() {
        ContractType::Supplies => {
            (FALLBACK_SUPPLIES_SHARE, format!("division {division} : fournitures, valeur par défaut"))
        }
        _ => (FALLBACK_SERVICES_SHARE, format!("division {division} : valeur par défaut")),
    }
}

/// Computes the insertion clause of a contract or lot of `value_eur` euros HT whose main CPV code is
/// `cpv`, launched on `date` by a buyer of `buyer_kind`. `contract` is the value of the whole contract
/// with the lots it adds up ([`super::value`]) when the clause is for one lot of it; `None` when the
/// clause is for the whole contract. The social condition (L2112-2-1) is judged on that whole value.
#[allow(clippy::too_many_arguments)]
pub fn insertion_clause(
    value_eur: f64,
    contract: Option<(f64, ValueBasis)>,
    cpv: Option<&Cpv>,
    overrides: &ClauseOverrides,
    buyer_kind: BuyerKind,
    date: Date,
    config: &LawConfig,
) -> Result<InsertionClause, ClauseError> {
    if !(value_eur > 0.0 && value_eur.is_finite()) {
        return Err(ClauseError::Value(value_eur));
    }
    let parameters = clause_parameters(cpv, overrides, &config.clause)?;
    let hours =
        insertion_hours(value_eur, parameters.labour_share, parameters.insertion_rate, parameters.hourly_cost_eur);
    let contract = contract.unwrap_or((value_eur, ValueBasis::WholeNeed));
    let social_condition = social_condition(Some(contract), cpv.map(Cpv::contract_type), buyer_kind, date, config);
    Ok(InsertionClause { value_eur, parameters, hours, social_condition })
}

impl InsertionClause {
    /// The hours rounded to the nearest whole hour, as a clause states them.
    pub fn rounded_hours(&self) -> u64 {
        self.hours.round().max(0.0) as u64
    }
}

impl crate::error::Classified for ClauseError {
    fn blame(&self) -> crate::error::Blame {
        crate::error::Blame::user(match self {
            ClauseError::Value(_) => "value",
            ClauseError::Share { name, .. } => name,
            ClauseError::HourlyCost(_) => "hourly_cost_eur",
        })
    }
}

#[cfg(test)]
#[path = "clause_tests.rs"]
mod tests;
