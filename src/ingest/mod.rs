//! Readers of outside formats: our JSON Lines / CSV, the Marché de l'inclusion API, buyer needs, CPV and
//! commune lists.
//!
//! Readers only turn bytes into validated domain values; nothing here touches the store. Every reader is
//! all or nothing: the first invalid record (or the list of them) rejects the whole file.

pub mod marche_inclusion;
pub mod needs;
pub mod reference;
pub mod suppliers;

pub use suppliers::{ImportError, ImportedFile, RecordProblem, SupplierSource, read_supplier_file};

#[cfg(test)]
mod tests;
