//! Pure domain types and their validation: no I/O here.

pub mod cpv;
pub mod geo;
pub mod kind;
pub mod naf;
pub mod need;
pub mod reach;
pub mod sector;
pub mod siret;
pub mod supplier;
pub mod synonyms;
pub mod territory;
pub mod text;
pub mod trade;

pub use cpv::{ContractType, Cpv, CpvCatalogue, CpvLevel};
pub use geo::GeoPoint;
pub use kind::Kind;
pub use sector::Taxonomy;
pub use siret::Siret;
pub use supplier::{FieldError, Intervention, Supplier};
pub use synonyms::Thesaurus;
pub use territory::{Commune, Department, Gazetteer, Region};
