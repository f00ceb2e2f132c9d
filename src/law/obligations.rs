//! The clauses and criteria loi Climat et Résilience (n° 2021-1104 of 22 August 2021, art. 35) makes
//! mandatory, each with its article and date (domain-law.md §2.1 and §6.2):
//!
//! - an environmental execution condition in every contract (L2112-2, new wording), for consultations
//!   launched from [`LawConfig::mandatory_environmental_condition_from`] (22 August 2026);
//! - at least one award criterion on the environmental characteristics of the offer (L2152-7,
//!   R2152-7 as amended by décret 2022-767), from [`LawConfig::mandatory_environmental_criterion_from`]
//!   (21 August 2026);
//! - a social or employment execution condition in contracts at or above the EU thresholds
//!   (L2112-2-1), from [`LawConfig::mandatory_social_condition_from`] (22 August 2026), the value being
//!   that of the whole contract, all lots together ([`super::value`]). Its statutory exceptions are not
//!   modelled ⚠️.
//!
//! The values are typed; the French text is in [`crate::wording::obligation`].

use jiff::civil::Date;

use super::LawConfig;
use super::thresholds::{Threshold, threshold};
use super::value::ValueBasis;
use crate::domain::cpv::ContractType;
use crate::domain::need::BuyerKind;

/// A clause or criterion the law may make mandatory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Obligation {
    /// A social or employment execution condition (L2112-2-1).
    SocialCondition,
    /// An execution condition taking the environment into account (L2112-2).
    EnvironmentalCondition,
    /// An award criterion on the environmental characteristics of the offer (L2152-7).
    EnvironmentalCriterion,
}

impl Obligation {
    /// The article that makes it mandatory.
    pub fn article(self) -> &'static str {
        match self {
            Obligation::SocialCondition => "L2112-2-1",
            Obligation::EnvironmentalCondition => "L2112-2",
            Obligation::EnvironmentalCriterion => "L2152-7",
        }
    }

    /// A stable code for JSON: `condition_sociale`, `condition_environnementale`, `critere_environnemental`.
    pub fn code(self) -> &'static str {
        match self {
            Obligation::SocialCondition => "condition_sociale",
            Obligation::EnvironmentalCondition => "condition_environnementale",
            Obligation::EnvironmentalCriterion => "critere_environnemental",
        }
    }

    /// The first day it applies (consultations launched from that day), from the configuration.
    pub fn from_date(self, config: &LawConfig) -> Date {
        match self {
            Obligation::SocialCondition => config.mandatory_social_condition_from,
            Obligation::EnvironmentalCondition => config.mandatory_environmental_condition_from,
            Obligation::EnvironmentalCriterion => config.mandatory_environmental_criterion_from,
        }
    }
}

/// Why an obligation applies or not.
#[derive(Debug, Clone, PartialEq)]
pub enum ObligationBasis {
    /// The consultation is launched before the obligation applies: optional.
    NotYet {
        /// First day it applies.
        from: Date,
    },
    /// Mandatory for every contract since that day.
    EveryContract {
        /// First day it applies.
        from: Date,
    },
    /// Compared with the EU threshold: mandatory at or above it.
    EuThreshold {
        /// The value of the whole contract, in euros HT.
        contract_value_eur: f64,
        /// Which lots make that value.
        value_basis: ValueBasis,
        /// The EU threshold on the consultation date.
        threshold_eur: f64,
    },
    /// The contract value is unknown: cannot be decided.
    ValueUnknown,
    /// The contract type is unknown (no CPV code): cannot be decided.
    TypeUnknown,
    /// No EU threshold in the table on that date: cannot be decided.
    ThresholdUnknown,
}

/// Whether one obligation applies to a consultation.
#[derive(Debug, Clone, PartialEq)]
pub struct ObligationCheck {
    /// The clause or criterion.
    pub obligation: Obligation,
    /// `Some(true)` when mandatory, `Some(false)` when optional, `None` when it cannot be decided.
    pub mandatory: Option<bool>,
    /// Why.
    pub basis: ObligationBasis,
}

/// The three obligations of a consultation launched on `date` for a contract of `contract_type` whose
/// whole value (all lots together) is `contract_value` with the lots it adds up.
pub fn obligations(
    contract_value: Option<(f64, ValueBasis)>,
    contract_type: Option<ContractType>,
    buyer_kind: BuyerKind,
    date: Date,
    config: &LawConfig,
) -> Vec<ObligationCheck> {
    let for_every_contract = |obligation: Obligation| {
        let from = obligation.from_date(config);
        if date < from {
            ObligationCheck { obligation, mandatory: Some(false), basis: ObligationBasis::NotYet { from } }
        } else {
            ObligationCheck { obligation, mandatory: Some(true), basis: ObligationBasis::EveryContract { from } }
        }
    };
    vec![
        social_condition(contract_value, contract_type, buyer_kind, date, config),
        for_every_contract(Obligation::EnvironmentalCondition),
        for_every_contract(Obligation::EnvironmentalCriterion),
    ]
}

/// L2112-2-1: mandatory from its date when the whole contract is at or above the EU threshold of its type.
pub fn social_condition(
    contract_value: Option<(f64, ValueBasis)>,
    contract_type: Option<ContractType>,
    buyer_kind: BuyerKind,
    date: Date,
    config: &LawConfig,
) -> ObligationCheck {
    let obligation = Obligation::SocialCondition;
    let from = obligation.from_date(config);
    let check = |mandatory, basis| ObligationCheck { obligation, mandatory, basis };
    if date < from {
        return check(Some(false), ObligationBasis::NotYet { from });
    }
    let Some(ct) = contract_type else {
        return check(None, ObligationBasis::TypeUnknown);
    };
    let Some(eu) = threshold(Threshold::EuFormalised, ct, buyer_kind, date) else {
        return check(None, ObligationBasis::ThresholdUnknown);
    };
    let Some((value, value_basis)) = contract_value else {
        return check(None, ObligationBasis::ValueUnknown);
    };
    check(
        Some(value >= eu.value),
        ObligationBasis::EuThreshold { contract_value_eur: value, value_basis, threshold_eur: eu.value },
    )
}

#[cfg(test)]
#[path = "obligations_tests.rs"]
mod tests;
