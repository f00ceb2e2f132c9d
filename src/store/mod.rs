//! The database: suppliers, reference data and the change log, over sqlx (SQLite or PostgreSQL).
//!
//! The database is the source of truth of essor; the tantivy index is derived from it and remembers
//! the last change number it has seen ([`Store::last_change`]), so that it can ask for what changed
//! since ([`Store::suppliers_changed_after`]).
//!
//! # Backends
//! - **SQLite** ([`Store::open_sqlite`]), the embedded default: one file in WAL mode, a pool of
//!   readers and a single writer whose transactions start with `BEGIN IMMEDIATE`, a 5 s busy timeout.
//! - **PostgreSQL** ([`Store::connect`] with `postgres://…`), when one machine is not enough. Upserts
//!   take a transaction-level advisory lock, so change numbers are handed out in commit order and an
//!   index never skips a change that commits late.
//!
//! Both run their own migrations (`migrations/sqlite`, `migrations/postgres`) at open; running them
//! again is a no-op. The SQL differs only where the dialects do; the row encoding lives once, in
//! `rows.rs`.
//!
//! # Tables
//! - `changes (number, recorded_at, inserted, updated)`: one row per upsert that wrote something.
//!   `number` grows strictly; it is the change number of every supplier row that upsert wrote.
//! - `suppliers (siret PK, siren, name, department, post_code, kinds, record, change)`: `record` is
//!   the full import record as JSON text ([`Supplier::to_record`]), read back with
//!   [`Supplier::from_record`]; the other columns are copies for indexes and queries by hand
//!   (`kinds` holds the codes separated by spaces). A row whose record is byte-for-byte the one
//!   being upserted is left alone and keeps its change number.
//! - `communes (insee PK, name, post_codes, department, lat, lon)`: the official commune list,
//!   `post_codes` separated by `|`; replaced as a whole.
//! - `cpv_codes (code PK, label)`: the CPV nomenclature; replaced as a whole.
//! - `notice_publications`, `notices`, `notice_lots`, `notice_departments`, `notice_cpv`: tender notices
//!   as published and the procedures they make up (see `notices.rs`).
//! - `alert_preferences`, `alerts`: each supplier's alert preferences and the alerts already computed
//!   (see `alerts.rs`).
//!
//! - `outbox (id, recipient, subject, text_body, html_body, message_id, headers, state, …)`: e-mails
//!   queued for the sender, with their delivery state and lease; see [`outbox`].
//!
//! Keys sort in byte order on both backends (the PostgreSQL columns use the `"C"` collation).

mod alerts;
mod error;
mod notices;
mod notices_backend;
pub mod outbox;
mod outbox_postgres;
mod outbox_sqlite;
mod postgres;
mod rows;
mod sqlite;
mod url;
mod write;

use std::collections::{HashMap, HashSet};
use std::path::Path;

pub use error::StoreError;
pub use notices::{NoticeCandidate, NoticeImport};
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;
pub use url::redact_password;
pub use write::WriteTransaction;

use crate::alerts::{Alert, AlertKey, Preferences};
use crate::domain::{Commune, Cpv, CpvCatalogue, Siret, Supplier};
use crate::notices::Notice;
use crate::notices::procedure::Procedure;
use crate::notices::search::NoticeQuery;
use outbox::{ClaimRequest, ClaimedMail, Delivery, OutboxEntry, OutboxSummary, OutgoingMail};
use url::{DatabaseTarget, parse_database_url};

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UpsertOutcome {
    /// Suppliers whose SIRET was not stored yet.
    pub inserted: usize,
    /// Suppliers whose stored record was different and has been replaced.
    pub updated: usize,
    /// Suppliers already stored exactly as given (not rewritten, change number kept).
    pub unchanged: usize,
    /// The store's last change number after the upsert: the number given to the rows written, or
    /// the previous one when nothing was written.
    pub last_change: i64,
}

/// The database essor works on: a SQLite file or a PostgreSQL server.
///
/// Cloning is cheap and shares the connection pool.
#[derive(Debug, Clone)]
pub enum Store {
    /// An embedded SQLite file.
    Sqlite(SqliteStore),
    /// A PostgreSQL database.
    Postgres(PostgresStore),
}

/// Calls the same method on whichever backend the store holds.
macro_rules! on_backend {
    ($store:expr, $backend:ident => $call:expr) => {
        match $store {
            Store::Sqlite($backend) => $call,
            Store::Postgres($backend) => $call,
        }
    };
}

impl Store {
    /// Opens (creating it and its parent folders if needed) a SQLite database file and brings its
    /// schema up to date.
    pub async fn open_sqlite(path: &Path) -> Result<Store, StoreError> {
        SqliteStore::open(path).await.map(Store::Sqlite)
    }

    /// Connects to `postgres://…`, `postgresql://…` or `sqlite://PATH` and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        match parse_database_url(url)? {
            DatabaseTarget::Sqlite(path) => Store::open_sqlite(&path).await,
            DatabaseTarget::Postgres => PostgresStore::connect(url.trim()).await.map(Store::Postgres),
        }
    }

    /// `"sqlite"` or `"postgresql"`.
    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgresql",
        }
    }

    /// Inserts new suppliers and replaces changed ones, in ONE transaction: on any error nothing is
    /// written. Suppliers stored exactly as given are left alone. A SIRET present twice in
    /// `suppliers` is refused ([`StoreError::DuplicateInBatch`]).
    pub async fn upsert_suppliers(&self, suppliers: &[Supplier]) -> Result<UpsertOutcome, StoreError> {
        rows::ensure_unique(suppliers.iter().map(|s| s.siret.as_str()), "le SIRET")?;
        let rows = suppliers.iter().map(rows::SupplierRow::from_supplier).collect();
        on_backend!(self, b => b.upsert_suppliers(rows).await)
    }

    /// The supplier with this SIRET, if stored.
    pub async fn supplier(&self, siret: &Siret) -> Result<Option<Supplier>, StoreError> {
        on_backend!(self, b => b.supplier(siret).await)
    }

    /// Every stored supplier, ordered by SIRET.
    pub async fn suppliers(&self) -> Result<Vec<Supplier>, StoreError> {
        on_backend!(self, b => b.suppliers().await)
    }

    /// The suppliers written by changes numbered above `change`, ordered by SIRET
    /// (`suppliers_changed_after(0)` gives them all).
    pub async fn suppliers_changed_after(&self, change: i64) -> Result<Vec<Supplier>, StoreError> {
        on_backend!(self, b => b.suppliers_changed_after(change).await)
    }

    /// The number of the last change: 0 for an empty store; it grows with every upsert that writes.
    pub async fn last_change(&self) -> Result<i64, StoreError> {
        on_backend!(self, b => b.last_change().await)
    }

    /// How many suppliers are stored.
    pub async fn count_suppliers(&self) -> Result<u64, StoreError> {
        on_backend!(self, b => b.count_suppliers().await)
    }

    /// The stored SIRETs, ordered; cheap (no record is read).
    pub async fn sirets(&self) -> Result<Vec<Siret>, StoreError> {
        on_backend!(self, b => b.sirets().await)
    }

    /// Replaces the whole commune list, in one transaction; returns how many were stored.
    /// An INSEE code present twice is refused ([`StoreError::DuplicateInBatch`]).
    pub async fn replace_communes(&self, communes: &[Commune]) -> Result<usize, StoreError> {
        rows::ensure_unique(communes.iter().map(|c| c.insee.as_str()), "le code INSEE")?;
        on_backend!(self, b => b.replace_communes(communes).await)
    }

    /// The stored communes, ordered by INSEE code.
    pub async fn communes(&self) -> Result<Vec<Commune>, StoreError> {
        on_backend!(self, b => b.communes().await)
    }

    /// Replaces the whole CPV nomenclature, in one transaction; returns how many codes were stored.
    /// A code present twice is refused ([`StoreError::DuplicateInBatch`]).
    pub async fn replace_cpv_codes(&self, codes: &[(Cpv, String)]) -> Result<usize, StoreError> {
        rows::ensure_unique(codes.iter().map(|(c, _)| c.as_str()), "le code CPV")?;
        on_backend!(self, b => b.replace_cpv_codes(codes).await)
    }

    /// The stored CPV codes and their labels, ordered by code.
    pub async fn cpv_codes(&self) -> Result<Vec<(Cpv, String)>, StoreError> {
        on_backend!(self, b => b.cpv_codes().await)
    }

    /// Stores the notices of one file in ONE transaction (on any error nothing is written): each
    /// publication by its number (the same one again is left alone), then every procedure it belongs
    /// to folded again from all its publications. `cpv` gives the labels a notice is also found by.
    pub async fn import_notices(&self, notices: &[Notice], cpv: &CpvCatalogue) -> Result<NoticeImport, StoreError> {
        on_backend!(self, b => b.import_notices(notices, cpv).await)
    }

    /// The stored procedures the filters of `query` keep (its text is scored by the caller).
    pub async fn notice_candidates(&self, query: &NoticeQuery) -> Result<Vec<NoticeCandidate>, StoreError> {
        on_backend!(self, b => b.notice_candidates(query).await)
    }

    /// The stored procedure with this key, if any.
    pub async fn procedure(&self, key: &str) -> Result<Option<Procedure>, StoreError> {
        on_backend!(self, b => b.procedure(key).await)
    }

    /// How many procedures are stored.
    pub async fn count_notices(&self) -> Result<u64, StoreError> {
        on_backend!(self, b => b.count_notices().await)
    }

    /// The alert preferences a supplier stored, if it changed them.
    pub async fn alert_preferences(&self, siret: &Siret) -> Result<Option<Preferences>, StoreError> {
        on_backend!(self, b => b.alert_preferences(siret.as_str()).await)
    }

    /// Every stored alert preferences, by SIRET.
    pub async fn all_alert_preferences(&self) -> Result<HashMap<String, Preferences>, StoreError> {
        on_backend!(self, b => b.all_alert_preferences().await)
    }

    /// Stores a supplier's alert preferences (replacing the previous ones).
    pub async fn put_alert_preferences(&self, siret: &Siret, preferences: &Preferences) -> Result<(), StoreError> {
        on_backend!(self, b => b.put_alert_preferences(siret.as_str(), preferences).await)
    }

    /// The (supplier, procedure, lot) of every alert recorded.
    pub async fn alert_keys(&self) -> Result<HashSet<AlertKey>, StoreError> {
        on_backend!(self, b => b.alert_keys().await)
    }

    /// Records alerts in ONE transaction; an alert already recorded for its (supplier, procedure, lot) is
    /// left alone. Returns how many were recorded.
    pub async fn record_alerts(&self, alerts: &[Alert]) -> Result<usize, StoreError> {
        on_backend!(self, b => b.record_alerts(alerts).await)
    }

    /// The alerts no e-mail carried yet, by supplier, oldest first.
    pub async fn unsent_alerts(&self) -> Result<Vec<Alert>, StoreError> {
        on_backend!(self, b => b.unsent_alerts().await)
    }

    /// When each supplier was last sent an alert e-mail (Unix seconds).
    pub async fn last_alert_mail(&self) -> Result<HashMap<String, i64>, StoreError> {
        on_backend!(self, b => b.last_alert_mail().await)
    }

    /// How many alerts are recorded.
    pub async fn count_alerts(&self) -> Result<u64, StoreError> {
        on_backend!(self, b => b.count_alerts().await)
    }

    /// Starts a write transaction, in which a caller can queue e-mails beside its own writes
    /// ([`WriteTransaction::enqueue`]); nothing is written unless it is committed. On SQLite it holds
    /// the database's write lock until it ends: keep it short.
    pub async fn begin_write(&self) -> Result<WriteTransaction, StoreError> {
        const ACTION: &str = "début d'une transaction d'écriture";
        Ok(match self {
            Store::Sqlite(b) => WriteTransaction::Sqlite(b.begin_write(ACTION).await?),
            Store::Postgres(b) => WriteTransaction::Postgres(b.begin(ACTION).await?),
        })
    }

    /// Queues one e-mail in a transaction of its own; returns its outbox id.
    pub async fn enqueue_mail(&self, mail: &OutgoingMail) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let id = tx.enqueue(mail).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Claims the due mails for `request.owner`, with a lease until `now + lease`: queued mails whose
    /// next attempt has come, and mails whose previous sender's lease expired. Mails beyond the
    /// daily limit of their recipient are put back with a later due time instead. Each due mail is
    /// handed to one claimant only, also across servers sharing a PostgreSQL database.
    pub async fn claim_mails(&self, request: &ClaimRequest) -> Result<Vec<ClaimedMail>, StoreError> {
        on_backend!(self, b => b.claim_mails(request).await)
    }

    /// Records how the attempt on a claimed mail ended. Returns false, writing nothing, when `owner`
    /// no longer holds the mail's lease (it expired and another sender claimed the mail).
    pub async fn finish_mail(
        &self,
        id: i64,
        owner: &str,
        delivery: &Delivery,
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        on_backend!(self, b => b.finish_mail(id, owner, delivery, now_ms).await)
    }

    /// Every outbox row, ordered by id.
    pub async fn outbox_entries(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        on_backend!(self, b => b.outbox_entries().await)
    }

    /// The outbox counts by state, with the failed mails and those waiting after a failure.
    pub async fn outbox_summary(&self) -> Result<OutboxSummary, StoreError> {
        on_backend!(self, b => b.outbox_summary().await)
    }

    /// Closes the connections, waiting for those in use to be returned.
    pub async fn close(&self) {
        on_backend!(self, b => b.close().await)
    }
}
