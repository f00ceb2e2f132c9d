//! The store suite against SQLite: each test on its own temporary database file.

// Tests may unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

// Each backend's binary uses only its own fixture constructor.
#[allow(dead_code)]
#[macro_use]
mod store_suite;

use store_suite::fixture::Fixture;

store_suite!(async { Some(Fixture::sqlite()) });
