//! SPASER measurement (schéma de promotion des achats socialement et écologiquement responsables,
//! L2111-3): from the DECP a buyer publishes, the indicators S1, S2, E1, E2, R1, I1, the gate G, the
//! score and the legal compliance C1, C2 of domain-law §6.4, with the defects of the data listed and
//! the limits of the measurement stated.
//!
//! - [`read`]: DECP files of every published shape, as a stream;
//! - [`contract`]: one record into a typed contract, or the reason it cannot be measured;
//! - [`dedup`]: the same contract published twice counted once;
//! - [`holders`]: ESS holders recognised by the catalogue, by SIRENE, or presumed from their names;
//! - [`sirene`]: the ESS units of the SIRENE stock;
//! - [`targets`]: PNAD targets and weights, overridable;
//! - [`measure`]: one buyer, one year;
//! - [`potential`]: the contracts that could have been reserved, counted with the matching engine;
//! - [`report`]: one buyer over years, or every buyer of a file.

pub mod buyers;
pub mod contract;
pub mod dedup;
pub mod error;
pub mod holders;
pub mod measure;
mod need;
pub mod potential;
pub mod read;
pub mod report;
pub mod sirene;
pub mod targets;

#[cfg(test)]
mod tests;

pub use buyers::{BuyerLine, BuyersList, buyers_list};
pub use error::SpaserError;
pub use holders::EssDirectory;
pub use measure::Measurement;
pub use potential::{Potential, potential};
pub use report::{BuyerReport, Loaded, PotentialState, buyer_report, buyer_report_with_potential, load};
pub use targets::Targets;
