//! The value that decides a lot's procedure and the rules sized on the EU thresholds (L2112-2-1).
//!
//! A lot is never judged on its own value: the estimated value of the need counts all the contracts to
//! be awarded, whatever their number (R2121-1). For works, it is the value of all the works of the
//! operation (R2121-5, text read on french-business-law.com); for supplies and services, the value of
//! the supplies or services that are homogeneous or form a functional unit (R2121-6, text quoted by
//! marche-public.fr and anthony-quevarec-avocat.fr). So in a need mixing works lots and services or
//! supplies lots, a works lot is judged on the total of the works lots and the others on the total of
//! the supplies and services lots, each compared with its own thresholds ⚠️ (our reading: the need is
//! taken as one operation and its supplies and services as one functional unit).

use crate::domain::cpv::{ContractType, Cpv};
use crate::domain::need::{EffectiveLot, Need};
use crate::domain::sector::Taxonomy;

/// Which lots are added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueBasis {
    /// Every lot of the need (or the need itself): one kind of purchase (R2121-1).
    WholeNeed,
    /// The works lots of a need that also has supplies or services lots (R2121-5).
    WorksLots,
    /// The supplies and services lots of a need that also has works lots (R2121-6).
    SuppliesServicesLots,
}

impl ValueBasis {
    /// The article that says which values add up.
    pub fn article(self) -> &'static str {
        match self {
            ValueBasis::WholeNeed => "R2121-1",
            ValueBasis::WorksLots => "R2121-5",
            ValueBasis::SuppliesServicesLots => "R2121-6",
        }
    }
}

/// The value a lot is judged on.
#[derive(Debug, Clone, PartialEq)]
pub struct DecidingValue {
    /// In euros HT; `None` when the values needed are missing.
    pub value_eur: Option<f64>,
    /// Which lots are added up.
    pub basis: ValueBasis,
    /// How many lots are added up (0 for a need without lots).
    pub lots_counted: usize,
    /// Their positions in the need's lots.
    pub lots: Vec<usize>,
    /// How many lots the need has.
    pub lots_total: usize,
}

/// The contract type of a lot: from its first CPV code, else from the code its words point to (as
/// matching infers it), else unknown.
pub fn lot_contract_type(lot: &EffectiveLot) -> Option<ContractType> {
    lot.contract_type().or_else(|| Taxonomy::builtin().cpv_for_text(&lot.text()).map(|(c, _)| c.contract_type()))
}

/// True when works and supplies or services are one family for the estimate.
fn same_family(a: ContractType, b: ContractType) -> bool {
    (a == ContractType::Works) == (b == ContractType::Works)
}

/// The value a lot whose main code is `main` is judged on (see the module's doc). For a need without
/// lots, or whose lots are all works or all supplies and services, it is the need's whole value.
pub fn deciding_value(need: &Need, main: &Cpv) -> DecidingValue {
    deciding_value_among(need, &lot_contract_types(need), main)
}

/// The contract type of each lot of a need ([`lot_contract_type`]), in order.
pub fn lot_contract_types(need: &Need) -> Vec<Option<ContractType>> {
    need.lots().iter().map(lot_contract_type).collect()
}

/// [`deciding_value`] with the contract types of the need's lots read beforehand
/// ([`lot_contract_types`]): a need's lots are each advised on, and their types are read once.
pub fn deciding_value_among(need: &Need, types: &[Option<ContractType>], main: &Cpv) -> DecidingValue {
    let lots_total = need.lots.len();
    let type_of = |i: usize| types.get(i).copied().flatten();
    let ct = main.contract_type();
    let mixed = lots_total > 1
        && (0..lots_total).filter_map(type_of).any(|t| same_family(t, ct))
        && (0..lots_total).filter_map(type_of).any(|t| !same_family(t, ct));
    if !mixed {
        return DecidingValue {
            value_eur: need.total_estimated_value_eur(),
            basis: ValueBasis::WholeNeed,
            lots_counted: lots_total,
            lots: (0..lots_total).collect(),
            lots_total,
        };
    }
    let basis = if ct == ContractType::Works { ValueBasis::WorksLots } else { ValueBasis::SuppliesServicesLots };
    // A lot of unknown type is counted with this family: the value is then never understated.
    let family: Vec<usize> = (0..lots_total).filter(|&i| type_of(i).is_none_or(|t| same_family(t, ct))).collect();
    let value_eur = family.iter().map(|&i| need.lots[i].estimated_value_eur).sum::<Option<f64>>();
    DecidingValue { value_eur, basis, lots_counted: family.len(), lots: family, lots_total }
}

#[cfg(test)]
#[path = "value_tests.rs"]
mod tests;
