//! The PostgreSQL backend: a connection pool; batches travel as arrays through `UNNEST`.

use std::collections::HashMap;
use std::time::Duration;

use futures_util::TryStreamExt;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{PgConnection, Postgres, Transaction};

use super::UpsertOutcome;
use super::error::StoreError;
use super::rows::{self, StoredCommune, StoredSupplier, SupplierRow, UpsertPlan};
use super::url::redact_password;
use crate::domain::{Commune, Cpv, Siret, Supplier};

/// The schema, embedded at compile time from `migrations/postgres`.
static MIGRATOR: Migrator = sqlx::migrate!("migrations/postgres");

/// Connections kept open at most; size it to the server, not to the number of requests.
const MAX_CONNECTIONS: u32 = 10;
/// How long a query waits for a free connection.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);
/// Rows sent per `INSERT … UNNEST` statement, to bound the size of one message.
const ROWS_PER_INSERT: usize = 10_000;

/// A PostgreSQL database. Use it through [`Store`](super::Store).
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pub(super) pool: PgPool,
}

impl PostgresStore {
    /// Connects to `url` and runs the migrations.
    pub(super) async fn connect(url: &str) -> Result<PostgresStore, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .idle_timeout(Duration::from_secs(600))
            .max_lifetime(Duration::from_secs(1800))
            .connect(url)
            .await
            .map_err(|source| StoreError::ConnectPostgres { url: redact_password(url), source })?;
        MIGRATOR.run(&pool).await.map_err(|source| StoreError::Migration { backend: "postgresql", source })?;
        Ok(PostgresStore { pool })
    }

    /// Starts a transaction.
    pub(super) async fn begin(&self, action: &'static str) -> Result<Transaction<'static, Postgres>, StoreError> {
        self.pool.begin().await.map_err(StoreError::query(action))
    }

    /// See [`Store::upsert_suppliers`](super::Store::upsert_suppliers).
    pub(super) async fn upsert_suppliers(&self, rows: Vec<SupplierRow>) -> Result<UpsertOutcome, StoreError> {
        const ACTION: &str = "enregistrement des fournisseurs";
        let mut tx = self.begin(ACTION).await?;
        // One upsert at a time (readers are not blocked): change numbers then follow commit order,
        // so an index that has seen change n never misses a change below n committed later.
        sqlx::query("LOCK TABLE changes IN EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await
            .map_err(StoreError::query(ACTION))?;
        let stored = stored_records(&mut tx, &rows).await?;
        let plan = UpsertPlan::new(rows, &stored);
        let last_change = if plan.to_write.is_empty() {
            last_change(&mut tx).await?
        } else {
            let change: i64 = sqlx::query_scalar(
                "INSERT INTO changes (recorded_at, inserted, updated) VALUES ($1, $2, $3) RETURNING number",
            )
            .bind(rows::now_unix_seconds())
            .bind(rows::count_to_sql(plan.inserted))
            .bind(rows::count_to_sql(plan.updated))
            .fetch_one(&mut *tx)
            .await
            .map_err(StoreError::query(ACTION))?;
            for chunk in plan.to_write.chunks(ROWS_PER_INSERT) {
                let column = |field: fn(&SupplierRow) -> &str| chunk.iter().map(field).collect::<Vec<&str>>();
                sqlx::query(
                    "INSERT INTO suppliers (siret, siren, name, department, post_code, kinds, record, change) \
                     SELECT siret, siren, name, department, post_code, kinds, record, $8 \
                     FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) \
                       AS batch (siret, siren, name, department, post_code, kinds, record) \
                     ON CONFLICT (siret) DO UPDATE SET siren = EXCLUDED.siren, name = EXCLUDED.name, \
                       department = EXCLUDED.department, post_code = EXCLUDED.post_code, kinds = EXCLUDED.kinds, \
                       record = EXCLUDED.record, change = EXCLUDED.change",
                )
                .bind(column(|r| &r.siret))
                .bind(column(|r| &r.siren))
                .bind(column(|r| &r.name))
                .bind(column(|r| &r.department))
                .bind(column(|r| &r.post_code))
                .bind(column(|r| &r.kinds))
                .bind(column(|r| &r.record))
                .bind(change)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::query(ACTION))?;
            }
            change
        };
        tx.commit().await.map_err(StoreError::query(ACTION))?;
        Ok(plan.outcome(last_change))
    }

    /// See [`Store::supplier`](super::Store::supplier).
    pub(super) async fn supplier(&self, siret: &Siret) -> Result<Option<Supplier>, StoreError> {
        let record: Option<String> = sqlx::query_scalar("SELECT record FROM suppliers WHERE siret = $1")
            .bind(siret.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(StoreError::query("lecture d'un fournisseur"))?;
        record.map(|r| rows::decode_supplier(siret.as_str(), &r)).transpose()
    }

    /// See [`Store::suppliers`](super::Store::suppliers).
    pub(super) async fn suppliers(&self) -> Result<Vec<Supplier>, StoreError> {
        // Decoded as they arrive: the records are not all held at once beside the suppliers.
        let mut stored =
            sqlx::query_as::<_, StoredSupplier>("SELECT siret, record FROM suppliers ORDER BY siret").fetch(&self.pool);
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
            sqlx::query_as("SELECT siret, record FROM suppliers WHERE change > $1 ORDER BY siret")
                .bind(change)
                .fetch_all(&self.pool)
                .await
                .map_err(StoreError::query("lecture des fournisseurs modifiés"))?;
        rows::decode_suppliers(stored)
    }

    /// See [`Store::last_change`](super::Store::last_change).
    pub(super) async fn last_change(&self) -> Result<i64, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(StoreError::query(LAST_CHANGE_ACTION))?;
        last_change(&mut conn).await
    }

    /// See [`Store::count_suppliers`](super::Store::count_suppliers).
    pub(super) async fn count_suppliers(&self) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM suppliers")
            .fetch_one(&self.pool)
            .await
            .map_err(StoreError::query("comptage des fournisseurs"))?;
        Ok(rows::count_from_sql(count))
    }

    /// See [`Store::sirets`](super::Store::sirets).
    pub(super) async fn sirets(&self) -> Result<Vec<Siret>, StoreError> {
        let stored: Vec<String> = sqlx::query_scalar("SELECT siret FROM suppliers ORDER BY siret")
            .fetch_all(&self.pool)
            .await
            .map_err(StoreError::query("lecture des SIRET"))?;
        rows::decode_sirets(stored)
    }

    /// See [`Store::replace_communes`](super::Store::replace_communes).
    pub(super) async fn replace_communes(&self, communes: &[Commune]) -> Result<usize, StoreError> {
        const ACTION: &str = "remplacement des communes";
        let mut tx = self.begin(ACTION).await?;
        sqlx::query("DELETE FROM communes").execute(&mut *tx).await.map_err(StoreError::query(ACTION))?;
        for chunk in communes.chunks(ROWS_PER_INSERT) {
            let text = |field: fn(&Commune) -> &str| chunk.iter().map(field).collect::<Vec<&str>>();
            let post_codes: Vec<String> = chunk.iter().map(rows::encode_post_codes).collect();
            sqlx::query(
                "INSERT INTO communes (insee, name, post_codes, department, lat, lon) \
                 SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[])",
            )
            .bind(text(|c| &c.insee))
            .bind(text(|c| &c.name))
            .bind(post_codes)
            .bind(text(|c| &c.department))
            .bind(chunk.iter().map(|c| c.centre.lat).collect::<Vec<f64>>())
            .bind(chunk.iter().map(|c| c.centre.lon).collect::<Vec<f64>>())
            .execute(&mut *tx)
            .await
            .map_err(StoreError::query(ACTION))?;
        }
        tx.commit().await.map_err(StoreError::query(ACTION))?;
        Ok(communes.len())
    }

    /// See [`Store::communes`](super::Store::communes).
    pub(super) async fn communes(&self) -> Result<Vec<Commune>, StoreError> {
        let stored: Vec<StoredCommune> =
            sqlx::query_as("SELECT insee, name, post_codes, department, lat, lon FROM communes ORDER BY insee")
                .fetch_all(&self.pool)
                .await
                .map_err(StoreError::query("lecture des communes"))?;
        rows::decode_communes(stored)
    }

    /// See [`Store::replace_cpv_codes`](super::Store::replace_cpv_codes).
    pub(super) async fn replace_cpv_codes(&self, codes: &[(Cpv, String)]) -> Result<usize, StoreError> {
        const ACTION: &str = "remplacement des codes CPV";
        let mut tx = self.begin(ACTION).await?;
        sqlx::query("DELETE FROM cpv_codes").execute(&mut *tx).await.map_err(StoreError::query(ACTION))?;
        for chunk in codes.chunks(ROWS_PER_INSERT) {
            sqlx::query("INSERT INTO cpv_codes (code, label) SELECT * FROM UNNEST($1::text[], $2::text[])")
                .bind(chunk.iter().map(|(code, _)| code.as_str()).collect::<Vec<&str>>())
                .bind(chunk.iter().map(|(_, label)| label.as_str()).collect::<Vec<&str>>())
                .execute(&mut *tx)
                .await
                .map_err(StoreError::query(ACTION))?;
        }
        tx.commit().await.map_err(StoreError::query(ACTION))?;
        Ok(codes.len())
    }

    /// See [`Store::cpv_codes`](super::Store::cpv_codes).
    pub(super) async fn cpv_codes(&self) -> Result<Vec<(Cpv, String)>, StoreError> {
        let stored: Vec<(String, String)> = sqlx::query_as("SELECT code, label FROM cpv_codes ORDER BY code")
            .fetch_all(&self.pool)
            .await
            .map_err(StoreError::query("lecture des codes CPV"))?;
        rows::decode_cpv_codes(stored)
    }

    /// Closes the pool.
    pub(super) async fn close(&self) {
        self.pool.close().await;
    }
}

/// What [`last_change`] is doing, for its error message.
const LAST_CHANGE_ACTION: &str = "lecture du dernier numéro de changement";

/// The last change number seen by `conn` (0 when nothing was ever written).
async fn last_change(conn: &mut PgConnection) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT COALESCE(MAX(number), 0)::BIGINT FROM changes")
        .fetch_one(conn)
        .await
        .map_err(StoreError::query(LAST_CHANGE_ACTION))
}

/// The stored records of the suppliers among `rows`, by SIRET.
async fn stored_records(conn: &mut PgConnection, rows: &[SupplierRow]) -> Result<HashMap<String, String>, StoreError> {
    let sirets: Vec<&str> = rows.iter().map(|r| r.siret.as_str()).collect();
    let found: Vec<StoredSupplier> = sqlx::query_as("SELECT siret, record FROM suppliers WHERE siret = ANY($1)")
        .bind(sirets)
        .fetch_all(conn)
        .await
        .map_err(StoreError::query("lecture des fournisseurs déjà enregistrés"))?;
    Ok(found.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::super::Store;
    use super::*;

    #[tokio::test]
    async fn an_unreachable_server_is_named_without_its_password() {
        // Port 1 on the loopback refuses connections at once.
        let err = Store::connect("postgres://essor:hunter2@127.0.0.1:1/essor").await.unwrap_err();
        assert!(matches!(err, StoreError::ConnectPostgres { .. }), "{err}");
        let message = err.to_string();
        assert!(message.contains("postgres://essor:***@127.0.0.1:1/essor"), "{message}");
        assert!(!message.contains("hunter2"), "{message}");
    }
}
