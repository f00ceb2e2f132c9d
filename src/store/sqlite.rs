//! The SQLite backend: one file in WAL mode, a pool of readers and a single writer.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use futures_util::TryStreamExt;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, Transaction};

use super::UpsertOutcome;
use super::error::StoreError;
use super::rows::{self, StoredCommune, StoredSupplier, SupplierRow, UpsertPlan};
use crate::domain::{Commune, Cpv, Siret, Supplier};

/// The schema, embedded at compile time from `migrations/sqlite`.
static MIGRATOR: Migrator = sqlx::migrate!("migrations/sqlite");

/// How long a statement waits for a lock held by another process before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a writer waits for the single write connection (a large import may hold it for seconds).
const WRITER_WAIT: Duration = Duration::from_secs(120);
/// Concurrent readers; WAL lets them read while the writer writes.
const READERS: u32 = 4;

/// The most bound parameters SQLite accepts in one statement (`SQLITE_MAX_VARIABLE_NUMBER` since 3.32).
const MAX_PARAMETERS: usize = 32_766;
/// Rows per multi-row `INSERT` into `suppliers` (8 columns).
const SUPPLIERS_PER_INSERT: usize = MAX_PARAMETERS / 8;
/// Rows per multi-row `INSERT` into `communes` (6 columns).
const COMMUNES_PER_INSERT: usize = MAX_PARAMETERS / 6;
/// Rows per multi-row `INSERT` into `cpv_codes` (2 columns).
const CPV_CODES_PER_INSERT: usize = MAX_PARAMETERS / 2;
/// Keys per `IN (…)` list when looking up stored suppliers.
const KEYS_PER_LOOKUP: usize = 10_000;

/// A SQLite database file. Use it through [`Store`](super::Store).
#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// Connections for reads.
    pub(super) reader: SqlitePool,
    /// The one connection that writes, so that writers queue here rather than fail on `SQLITE_BUSY`.
    pub(super) writer: SqlitePool,
}

impl SqliteStore {
    /// Opens or creates the file (and its parent folders), then runs the migrations.
    pub(super) async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            tokio::fs::create_dir_all(parent)
                .await
                .map_err(|source| StoreError::CreateFolder { path: parent.to_path_buf(), source })?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true);
        let open_error = |source| StoreError::OpenSqlite { path: path.to_path_buf(), source };
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(WRITER_WAIT)
            .connect_with(options.clone())
            .await
            .map_err(open_error)?;
        MIGRATOR.run(&writer).await.map_err(|source| StoreError::Migration { backend: "sqlite", source })?;
        let reader =
            SqlitePoolOptions::new().max_connections(READERS).connect_with(options).await.map_err(open_error)?;
        Ok(SqliteStore { reader, writer })
    }

    /// Starts a write transaction that holds the database's write lock from its first statement.
    pub(super) async fn begin_write(&self, action: &'static str) -> Result<Transaction<'static, Sqlite>, StoreError> {
        self.writer.begin_with("BEGIN IMMEDIATE").await.map_err(StoreError::query(action))
    }

    /// See [`Store::upsert_suppliers`](super::Store::upsert_suppliers).
    pub(super) async fn upsert_suppliers(&self, rows: Vec<SupplierRow>) -> Result<UpsertOutcome, StoreError> {
        const ACTION: &str = "enregistrement des fournisseurs";
        let mut tx = self.begin_write(ACTION).await?;
        let stored = stored_records(&mut tx, &rows).await?;
        let plan = UpsertPlan::new(rows, &stored);
        let last_change = if plan.to_write.is_empty() {
            last_change(&mut tx).await?
        } else {
            let change: i64 = sqlx::query_scalar(
                "INSERT INTO changes (recorded_at, inserted, updated) VALUES (?1, ?2, ?3) RETURNING number",
            )
            .bind(rows::now_unix_seconds())
            .bind(rows::count_to_sql(plan.inserted))
            .bind(rows::count_to_sql(plan.updated))
            .fetch_one(&mut *tx)
            .await
            .map_err(StoreError::query(ACTION))?;
            for chunk in plan.to_write.chunks(SUPPLIERS_PER_INSERT) {
                let mut insert = QueryBuilder::<Sqlite>::new(
                    "INSERT INTO suppliers (siret, siren, name, department, post_code, kinds, record, change) ",
                );
                insert.push_values(chunk, |mut values, row| {
                    values
                        .push_bind(row.siret.as_str())
                        .push_bind(row.siren.as_str())
                        .push_bind(row.name.as_str())
                        .push_bind(row.department.as_str())
                        .push_bind(row.post_code.as_str())
                        .push_bind(row.kinds.as_str())
                        .push_bind(row.record.as_str())
                        .push_bind(change);
                });
                insert.push(
                    " ON CONFLICT (siret) DO UPDATE SET siren = excluded.siren, name = excluded.name, \
                     department = excluded.department, post_code = excluded.post_code, kinds = excluded.kinds, \
                     record = excluded.record, change = excluded.change",
                );
                insert.build().execute(&mut *tx).await.map_err(StoreError::query(ACTION))?;
            }
            change
        };
        tx.commit().await.map_err(StoreError::query(ACTION))?;
        Ok(plan.outcome(last_change))
    }

    /// See [`Store::supplier`](super::Store::supplier).
    pub(super) async fn supplier(&self, siret: &Siret) -> Result<Option<Supplier>, StoreError> {
        let record: Option<String> = sqlx::query_scalar("SELECT record FROM suppliers WHERE siret = ?1")
            .bind(siret.as_str())
            .fetch_optional(&self.reader)
            .await
            .map_err(StoreError::query("lecture d'un fournisseur"))?;
        record.map(|r| rows::decode_supplier(siret.as_str(), &r)).transpose()
    }

    /// See [`Store::suppliers`](super::Store::suppliers).
    pub(super) async fn suppliers(&self) -> Result<Vec<Supplier>, StoreError> {
        // Decoded as they arrive: the records are not all held at once beside the suppliers.
        let mut stored = sqlx::query_as::<_, StoredSupplier>("SELECT siret, record FROM suppliers ORDER BY siret")
            .fetch(&self.reader);
        let mut suppliers = Vec::new();
        while let Some((siret, record)) =
            stored.try_next().await.map_err(StoreError::query("lecture des fournisseurs"))?
        {
            suppliers.push(rows::decode_supplier(&siret, &record)?);
        }
        Ok(suppliers)
    }

    /// See [`Store::suppliers_changed_after`](super::Store::suppliers_changed_after).
    pub(super) async fn suppliers_changed_after(&self, change: i64) -> Result<Vec<Supplier>, StoreError> {
        let stored: Vec<StoredSupplier> =
            sqlx::query_as("SELECT siret, record FROM suppliers WHERE change > ?1 ORDER BY siret")
                .bind(change)
                .fetch_all(&self.reader)
                .await
                .map_err(StoreError::query("lecture des fournisseurs modifiés"))?;
        rows::decode_suppliers(stored)
    }

    /// See [`Store::last_change`](super::Store::last_change).
    pub(super) async fn last_change(&self) -> Result<i64, StoreError> {
        let mut conn = self.reader.acquire().await.map_err(StoreError::query(LAST_CHANGE_ACTION))?;
        last_change(&mut conn).await
    }

    /// See [`Store::count_suppliers`](super::Store::count_suppliers).
    pub(super) async fn count_suppliers(&self) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM suppliers")
            .fetch_one(&self.reader)
            .await
            .map_err(StoreError::query("comptage des fournisseurs"))?;
        Ok(rows::count_from_sql(count))
    }

    /// See [`Store::sirets`](super::Store::sirets).
    pub(super) async fn sirets(&self) -> Result<Vec<Siret>, StoreError> {
        let stored: Vec<String> = sqlx::query_scalar("SELECT siret FROM suppliers ORDER BY siret")
            .fetch_all(&self.reader)
            .await
            .map_err(StoreError::query("lecture des SIRET"))?;
        rows::decode_sirets(stored)
    }

    /// See [`Store::replace_communes`](super::Store::replace_communes).
    pub(super) async fn replace_communes(&self, communes: &[Commune]) -> Result<usize, StoreError> {
        const ACTION: &str = "remplacement des communes";
        let mut tx = self.begin_write(ACTION).await?;
        sqlx::query("DELETE FROM communes").execute(&mut *tx).await.map_err(StoreError::query(ACTION))?;
        for chunk in communes.chunks(COMMUNES_PER_INSERT) {
            let mut insert =
                QueryBuilder::<Sqlite>::new("INSERT INTO communes (insee, name, post_codes, department, lat, lon) ");
            insert.push_values(chunk, |mut values, commune| {
                values
                    .push_bind(commune.insee.as_str())
                    .push_bind(commune.name.as_str())
                    .push_bind(rows::encode_post_codes(commune))
                    .push_bind(commune.department.as_str())
                    .push_bind(commune.centre.lat)
                    .push_bind(commune.centre.lon);
            });
            insert.build().execute(&mut *tx).await.map_err(StoreError::query(ACTION))?;
        }
        tx.commit().await.map_err(StoreError::query(ACTION))?;
        Ok(communes.len())
    }

    /// See [`Store::communes`](super::Store::communes).
    pub(super) async fn communes(&self) -> Result<Vec<Commune>, StoreError> {
        let stored: Vec<StoredCommune> =
            sqlx::query_as("SELECT insee, name, post_codes, department, lat, lon FROM communes ORDER BY insee")
                .fetch_all(&self.reader)
                .await
                .map_err(StoreError::query("lecture des communes"))?;
        rows::decode_communes(stored)
    }

    /// See [`Store::replace_cpv_codes`](super::Store::replace_cpv_codes).
    pub(super) async fn replace_cpv_codes(&self, codes: &[(Cpv, String)]) -> Result<usize, StoreError> {
        const ACTION: &str = "remplacement des codes CPV";
        let mut tx = self.begin_write(ACTION).await?;
        sqlx::query("DELETE FROM cpv_codes").execute(&mut *tx).await.map_err(StoreError::query(ACTION))?;
        for chunk in codes.chunks(CPV_CODES_PER_INSERT) {
            let mut insert = QueryBuilder::<Sqlite>::new("INSERT INTO cpv_codes (code, label) ");
            insert.push_values(chunk, |mut values, (code, label)| {
                values.push_bind(code.as_str()).push_bind(label.as_str());
            });
            insert.build().execute(&mut *tx).await.map_err(StoreError::query(ACTION))?;
        }
        tx.commit().await.map_err(StoreError::query(ACTION))?;
        Ok(codes.len())
    }

    /// See [`Store::cpv_codes`](super::Store::cpv_codes).
    pub(super) async fn cpv_codes(&self) -> Result<Vec<(Cpv, String)>, StoreError> {
        let stored: Vec<(String, String)> = sqlx::query_as("SELECT code, label FROM cpv_codes ORDER BY code")
            .fetch_all(&self.reader)
            .await
            .map_err(StoreError::query("lecture des codes CPV"))?;
        rows::decode_cpv_codes(stored)
    }

    /// Closes both pools.
    pub(super) async fn close(&self) {
        self.writer.close().await;
        self.reader.close().await;
    }
}

/// What [`last_change`] is doing, for its error message.
const LAST_CHANGE_ACTION: &str = "lecture du dernier numéro de changement";

/// The last change number seen by `conn` (0 when nothing was ever written).
async fn last_change(conn: &mut SqliteConnection) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) FROM changes")
        .fetch_one(conn)
        .await
        .map_err(StoreError::query(LAST_CHANGE_ACTION))
}

/// The stored records of the suppliers among `rows`, by SIRET.
async fn stored_records(
    conn: &mut SqliteConnection,
    rows: &[SupplierRow],
) -> Result<HashMap<String, String>, StoreError> {
    let mut stored = HashMap::new();
    for chunk in rows.chunks(KEYS_PER_LOOKUP) {
        let mut select = QueryBuilder::<Sqlite>::new("SELECT siret, record FROM suppliers WHERE siret IN (");
        let mut keys = select.separated(", ");
        for row in chunk {
            keys.push_bind(row.siret.as_str());
        }
        keys.push_unseparated(")");
        let found: Vec<StoredSupplier> = select
            .build_query_as()
            .fetch_all(&mut *conn)
            .await
            .map_err(StoreError::query("lecture des fournisseurs déjà enregistrés"))?;
        stored.extend(found);
    }
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::super::Store;
    use super::*;

    #[tokio::test]
    async fn creates_the_file_and_its_folders_in_wal_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a").join("b").join("essor.db");
        let store = Store::open_sqlite(&path).await.unwrap();
        assert!(path.is_file());
        let Store::Sqlite(sqlite) = &store else { panic!("a SQLite store") };
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&sqlite.reader).await.unwrap();
        assert_eq!(mode, "wal");
        store.close().await;

        let by_url = Store::connect(&format!("sqlite://{}", path.display())).await.unwrap();
        assert_eq!(by_url.backend(), "sqlite");
        assert_eq!(by_url.last_change().await.unwrap(), 0);
        by_url.close().await;
    }

    #[tokio::test]
    async fn says_which_path_cannot_be_opened() {
        let dir = tempfile::tempdir().unwrap();

        let not_a_folder = dir.path().join("plain-file");
        std::fs::write(&not_a_folder, "x").unwrap();
        let err = Store::open_sqlite(&not_a_folder.join("essor.db")).await.unwrap_err();
        assert!(matches!(err, StoreError::CreateFolder { .. }), "{err}");
        assert!(err.to_string().contains(&not_a_folder.display().to_string()), "{err}");

        let not_a_database = dir.path().join("notes.db");
        std::fs::write(&not_a_database, "ceci n'est pas une base SQLite, mais un texte assez long pour le prouver")
            .unwrap();
        let err = Store::open_sqlite(&not_a_database).await.unwrap_err();
        assert!(matches!(err, StoreError::OpenSqlite { .. }), "{err}");
        assert!(err.to_string().contains("notes.db"), "{err}");

        let err = Store::open_sqlite(dir.path()).await.unwrap_err();
        assert!(matches!(err, StoreError::OpenSqlite { .. }), "{err}");
    }

    #[tokio::test]
    async fn a_schema_from_other_migrations_is_a_migration_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("essor.db");
        Store::open_sqlite(&path).await.unwrap().close().await;
        // Pretend version 1 was applied from a different file.
        let pool = SqlitePool::connect_with(SqliteConnectOptions::new().filename(&path)).await.unwrap();
        sqlx::query("UPDATE _sqlx_migrations SET checksum = x'00' WHERE version = 1").execute(&pool).await.unwrap();
        pool.close().await;

        let err = Store::open_sqlite(&path).await.unwrap_err();
        assert!(matches!(err, StoreError::Migration { backend: "sqlite", .. }), "{err}");
        assert!(err.to_string().contains("migrations"), "{err}");
    }
}
