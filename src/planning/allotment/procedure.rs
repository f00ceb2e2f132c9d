//! The procedure of each lot: the whole contract's procedure (its value is that of all lots
//! together, or of all lots of the same family when works mix with supplies or services: R2121-5,
//! R2121-6), except small lots of a formalised contract that may follow a MAPA (R2123-1 2°).

use crate::domain::cpv::{ContractType, Cpv};
use crate::law::lots::{SmallLotCheck, small_lots};
use crate::law::procedure::is_social_or_specific_service;
use crate::law::value::{DecidingValue, ValueBasis};
use crate::law::{Procedure, ProcedureAdvice, advise_procedure};
use crate::planning::scope::Scope;

/// The procedure a lot may follow: the advice for the lots it is judged with, unless it is a small
/// lot of a formalised contract (`wording::planning` says it in French).
#[derive(Debug, Clone, PartialEq)]
pub struct LotProcedure {
    /// The advice on the value of the lots judged together (all lots, or the lots of its family).
    pub advice: ProcedureAdvice,
    /// That value and which lots make it.
    pub value: DecidingValue,
    /// Set when the lot may follow a MAPA inside the formalised contract (R2123-1 2°).
    pub small_lot: Option<SmallLotCheck>,
}

impl LotProcedure {
    /// Stable code: `sans_publicite`, `mapa`, `mapa_services_sociaux`, `formalisee`,
    /// `mapa_petit_lot` (R2123-1 2°) or `indeterminee`.
    pub fn code(&self) -> &'static str {
        if self.small_lot.is_some() {
            return "mapa_petit_lot";
        }
        match self.advice.procedure {
            Some(Procedure::NoPublicity) => "sans_publicite",
            Some(Procedure::Mapa) => "mapa",
            Some(Procedure::MapaSocialServices) => "mapa_services_sociaux",
            Some(Procedure::Formalised) => "formalisee",
            None => "indeterminee",
        }
    }

    /// The articles relied on.
    pub fn articles(&self) -> Vec<&'static str> {
        if self.small_lot.is_some() { vec!["R2123-1 2°"] } else { self.advice.articles.clone() }
    }
}

/// The procedure of each lot, given the lots' values and main CPV codes (in the same order). Each lot is
/// judged on the value of all lots together (R2121-1); when the lots mix works with supplies or services,
/// a works lot on the value of the works lots (R2121-5) and the others on that of the supplies and
/// services lots (R2121-6), each with its own thresholds and its own small lots (R2123-1 2°).
pub(super) fn lot_procedures(scope: &Scope, values: &[f64], mains: &[Option<Cpv>]) -> Vec<LotProcedure> {
    let legal = &scope.legal;
    let types: Vec<ContractType> =
        mains.iter().map(|m| m.as_ref().map_or(legal.contract_type, Cpv::contract_type)).collect();
    let mixed = types.contains(&ContractType::Works) && types.iter().any(|t| *t != ContractType::Works);
    if !mixed {
        let all: Vec<usize> = (0..values.len()).collect();
        return family_procedures(
            scope,
            values,
            &all,
            legal.contract_type,
            legal.social_services,
            ValueBasis::WholeNeed,
        )
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    }
    let mut out: Vec<Option<LotProcedure>> = vec![None; values.len()];
    for (works, basis) in [(true, ValueBasis::WorksLots), (false, ValueBasis::SuppliesServicesLots)] {
        let family: Vec<usize> = (0..values.len()).filter(|&i| (types[i] == ContractType::Works) == works).collect();
        let Some(&first) = family.first() else { continue };
        let social = mains[first].as_ref().map_or(legal.social_services, is_social_or_specific_service);
        for (i, p) in family_procedures(scope, values, &family, types[first], social, basis) {
            out[i] = Some(p);
        }
    }
    out.into_iter().flatten().collect()
}

/// The procedures of the lots at positions `family`, judged on their total (`basis` says which lots
/// make it), with the contract type and social character of the family's first lot.
fn family_procedures(
    scope: &Scope,
    values: &[f64],
    family: &[usize],
    contract_type: ContractType,
    social_services: bool,
    basis: ValueBasis,
) -> Vec<(usize, LotProcedure)> {
    let legal = &scope.legal;
    let own: Vec<f64> = family.iter().map(|&i| values[i]).collect();
    let total: f64 = own.iter().sum();
    let whole = advise_procedure(Some(total), contract_type, legal.buyer_kind, social_services, legal.date);
    let value = DecidingValue {
        value_eur: Some(total),
        basis,
        lots_counted: family.len(),
        lots: family.to_vec(),
        lots_total: values.len(),
    };
    let formalised = whole.procedure == Some(Procedure::Formalised);
    let base = LotProcedure { advice: whole, value, small_lot: None };
    let mut out: Vec<(usize, LotProcedure)> = family.iter().map(|&i| (i, base.clone())).collect();
    if !formalised || family.len() < 2 {
        return out;
    }
    let small = small_lots(&own, contract_type, legal.buyer_kind, legal.date);
    for ((_, lot), check) in out.iter_mut().zip(small) {
        lot.small_lot = check;
    }
    out
}
