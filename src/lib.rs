//! essor: public-procurement matchmaking for the French social and solidarity economy (ESS).
//!
//! This library is the engine; the `essor` binary (`src/main.rs`: the command line and the web
//! server) is its edge. Data flows one way: outside formats ([`ingest`]) → validated domain values
//! ([`domain`], with the law in [`law`]) → the database ([`store`], the source of truth) → the
//! derived full-text index ([`search`]) → the engines ([`matching`], [`planning`]) → values, which
//! the edges turn into French with [`wording`]. E-mails go through the database's outbox ([`mail`]).
//! Every error says whose it is ([`error`]).

pub mod alerts;
pub mod catalogue;
pub mod dedup;
pub mod domain;
pub mod error;
pub mod ingest;
pub mod law;
pub mod mail;
pub mod matching;
pub mod notices;
pub mod planning;
pub mod request;
pub mod search;
pub mod spaser;
pub mod store;
pub mod usecase;
pub mod wording;
