//! The behavioural suite of the store, written once and run against each backend.
//!
//! `tests/store_sqlite.rs` and `tests/store_postgres.rs` expand [`store_suite!`] with a fixture
//! maker; every check gets a fresh, isolated database (a temporary SQLite file, or a PostgreSQL
//! schema dropped afterwards) and runs through the public `Store` API only.

pub mod checks;
pub mod data;
pub mod fixture;

/// Expands one `#[tokio::test]` per check of [`checks`], each on a fixture made by `$make`
/// (an `async` expression giving `Option<Fixture>`; `None` skips the test).
///
/// The check runs in its own task so that a failed assertion still lets the fixture clean up
/// before the panic is passed on.
macro_rules! store_suite {
    ($make:expr) => {
        store_suite!(@each $make;
            empty_store_reads_empty,
            upsert_counts_inserted_updated_and_unchanged,
            change_numbers_track_what_each_upsert_wrote,
            every_field_round_trips,
            a_failing_batch_leaves_the_store_as_it_was,
            a_batch_with_a_repeated_siret_is_refused,
            a_corrupt_record_is_an_error_naming_its_siret,
            communes_and_cpv_codes_are_replaced_as_a_whole,
            reopening_keeps_data_and_migrations_are_idempotent,
            concurrent_upserts_each_get_their_own_change,
            bulk_upsert_of_100_000_suppliers,
            notices_are_kept_once_corrected_and_closed,
            alert_preferences_and_alerts_are_kept_once
        );
    };
    (@each $make:expr; $($check:ident),+) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $check() {
                let Some(fixture) = $make.await else { return };
                let fixture = std::sync::Arc::new(fixture);
                let outcome = tokio::spawn(store_suite::checks::$check(fixture.clone())).await;
                fixture.cleanup().await;
                if let Err(failure) = outcome {
                    std::panic::resume_unwind(failure.into_panic());
                }
            }
        )+
    };
}
