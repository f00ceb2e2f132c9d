//! essor: public-procurement matchmaking for the French social and solidarity economy (ESS).
//!
//! The crate is a library with a thin binary (`src/main.rs`). Data flows one way:
//! outside formats ([`ingest`]) → validated domain values ([`domain`]) → the database ([`store`],
//! the source of truth) → the derived full-text index ([`search`]) → the engines (matching,
//! planning) → outputs (CLI, JSON API and pages in [`web`]).

pub mod catalogue;
pub mod cli;
pub mod dedup;
pub mod domain;
pub mod format;
pub mod generate;
pub mod ingest;
pub mod law;
pub mod matching;
pub mod planning;
pub mod request;
pub mod search;
pub mod store;
pub mod web;
