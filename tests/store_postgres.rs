//! The store suite against PostgreSQL, on the server named by `ESSOR_TEST_DATABASE_URL`
//! (CI: `postgres://postgres@127.0.0.1:5432/test`). Each test works in a schema of its own, dropped
//! afterwards. When the variable is unset the tests pass after saying, once, that they were skipped.

// Tests may unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

// Each backend's binary uses only its own fixture constructor.
#[allow(dead_code)]
#[macro_use]
mod store_suite;

use store_suite::fixture::Fixture;

store_suite!(Fixture::postgres());
