//! Alerts in the database: each supplier's preferences (`alert_preferences`) and the alerts computed
//! (`alerts`, one row per supplier, procedure and lot, so that none is produced twice), on both backends.
//!
//! The SQL text is shared: placeholders are `$1`, `$2`… in order, which PostgreSQL reads by number and
//! SQLite by position.

use std::collections::{HashMap, HashSet};

use sqlx::{PgPool, SqlitePool};

use super::error::StoreError;
use super::postgres::PostgresStore;
use super::rows;
use super::sqlite::SqliteStore;
use crate::alerts::{Alert, AlertKey, Preferences};

/// SQL shared by both backends.
pub(super) mod sql {
    pub const PREFERENCES: &str = "SELECT siret, record FROM alert_preferences WHERE siret = $1";
    pub const ALL_PREFERENCES: &str = "SELECT siret, record FROM alert_preferences ORDER BY siret";
    pub const PUT_PREFERENCES: &str = "INSERT INTO alert_preferences (siret, updated_at, record) VALUES ($1, $2, $3) \
         ON CONFLICT (siret) DO UPDATE SET updated_at = excluded.updated_at, record = excluded.record";
    pub const KEYS: &str = "SELECT siret, procedure_id, lot_id FROM alerts";
    pub const INSERT: &str = "INSERT INTO alerts (siret, procedure_id, lot_id, computed_at, record) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (siret, procedure_id, lot_id) DO NOTHING";
    pub const COUNT: &str = "SELECT COUNT(*) FROM alerts";
    pub const UNSENT: &str =
        "SELECT siret, record FROM alerts WHERE sent_at IS NULL ORDER BY siret, computed_at, procedure_id, lot_id";
    pub const LAST_SENT: &str = "SELECT siret, MAX(sent_at) FROM alerts WHERE sent_at IS NOT NULL GROUP BY siret";
    // The statements run once per alert key bind the key first ($1 to $3), then their own values.
    pub const MARK_SENT: &str = "UPDATE alerts SET sent_at = $4 \
         WHERE siret = $1 AND procedure_id = $2 AND lot_id = $3 AND sent_at IS NULL";
    pub const WITHDRAW: &str =
        "DELETE FROM alerts WHERE siret = $1 AND procedure_id = $2 AND lot_id = $3 AND sent_at IS NULL";
}

fn decode_alerts(stored: Vec<(String, String)>) -> Result<Vec<Alert>, StoreError> {
    stored
        .into_iter()
        .map(|(siret, record)| {
            serde_json::from_str(&record).map_err(|e| StoreError::Corrupt {
                table: "alerts",
                key: siret,
                reason: format!("alerte illisible ({e})"),
            })
        })
        .collect()
}

fn last_sent_map(rows: Vec<(String, Option<i64>)>) -> HashMap<String, i64> {
    rows.into_iter().filter_map(|(siret, at)| Some((siret, at?))).collect()
}

const UNSENT: &str = "lecture des alertes à envoyer";

fn decode(siret: &str, record: &str) -> Result<Preferences, StoreError> {
    serde_json::from_str(record).map_err(|e| StoreError::Corrupt {
        table: "alert_preferences",
        key: siret.to_string(),
        reason: format!("préférences illisibles ({e})"),
    })
}

fn encode<T: serde::Serialize>(table: &'static str, key: &str, value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt {
        table,
        key: key.to_string(),
        reason: format!("écriture JSON impossible ({e})"),
    })
}

fn decode_all(stored: Vec<(String, String)>) -> Result<HashMap<String, Preferences>, StoreError> {
    stored.into_iter().map(|(siret, record)| decode(&siret, &record).map(|p| (siret, p))).collect()
}

/// The rows to insert: (key, JSON record) of each alert.
fn alert_rows(alerts: &[Alert]) -> Result<Vec<(AlertKey, String)>, StoreError> {
    alerts.iter().map(|a| Ok((a.key(), encode("alerts", &a.siret, a)?))).collect()
}

const READ: &str = "lecture des préférences d'alerte";
const WRITE: &str = "enregistrement des préférences d'alerte";
const KEYS: &str = "lecture des alertes enregistrées";
const RECORD: &str = "enregistrement des alertes";

/// The alert queries of one backend: the same statements, read on `$reader`, written in the
/// transactions `$begin` opens.
macro_rules! alert_queries {
    ($store:ty, $pool:ty, $reader:ident, $begin:ident) => {
        impl $store {
            fn pool(&self) -> &$pool {
                &self.$reader
            }

            /// See [`Store::alert_preferences`](super::Store::alert_preferences).
            pub(super) async fn alert_preferences(&self, siret: &str) -> Result<Option<Preferences>, StoreError> {
                let stored: Option<(String, String)> = sqlx::query_as(sql::PREFERENCES)
                    .bind(siret)
                    .fetch_optional(self.pool())
                    .await
                    .map_err(StoreError::query(READ))?;
                stored.map(|(s, r)| decode(&s, &r)).transpose()
            }

            /// See [`Store::all_alert_preferences`](super::Store::all_alert_preferences).
            pub(super) async fn all_alert_preferences(&self) -> Result<HashMap<String, Preferences>, StoreError> {
                let stored = sqlx::query_as(sql::ALL_PREFERENCES)
                    .fetch_all(self.pool())
                    .await
                    .map_err(StoreError::query(READ))?;
                decode_all(stored)
            }

            /// See [`Store::put_alert_preferences`](super::Store::put_alert_preferences).
            pub(super) async fn put_alert_preferences(
                &self,
                siret: &str,
                preferences: &Preferences,
            ) -> Result<(), StoreError> {
                let record = encode("alert_preferences", siret, preferences)?;
                let mut tx = self.$begin(WRITE).await?;
                sqlx::query(sql::PUT_PREFERENCES)
                    .bind(siret)
                    .bind(rows::now_unix_seconds())
                    .bind(record)
                    .execute(&mut *tx)
                    .await
                    .map_err(StoreError::query(WRITE))?;
                tx.commit().await.map_err(StoreError::query(WRITE))
            }

            /// See [`Store::alert_keys`](super::Store::alert_keys).
            pub(super) async fn alert_keys(&self) -> Result<HashSet<AlertKey>, StoreError> {
                let keys: Vec<AlertKey> =
                    sqlx::query_as(sql::KEYS).fetch_all(self.pool()).await.map_err(StoreError::query(KEYS))?;
                Ok(keys.into_iter().collect())
            }

            /// See [`Store::record_alerts`](super::Store::record_alerts).
            pub(super) async fn record_alerts(&self, alerts: &[Alert]) -> Result<usize, StoreError> {
                let rows = alert_rows(alerts)?;
                let now = rows::now_unix_seconds();
                let mut tx = self.$begin(RECORD).await?;
                let mut written = 0;
                for ((siret, procedure, lot), record) in rows {
                    let done = sqlx::query(sql::INSERT)
                        .bind(siret)
                        .bind(procedure)
                        .bind(lot)
                        .bind(now)
                        .bind(record)
                        .execute(&mut *tx)
                        .await
                        .map_err(StoreError::query(RECORD))?;
                    written += usize::try_from(done.rows_affected()).unwrap_or_default();
                }
                tx.commit().await.map_err(StoreError::query(RECORD))?;
                Ok(written)
            }

            /// See [`Store::count_alerts`](super::Store::count_alerts).
            pub(super) async fn count_alerts(&self) -> Result<u64, StoreError> {
                let n: i64 =
                    sqlx::query_scalar(sql::COUNT).fetch_one(self.pool()).await.map_err(StoreError::query(KEYS))?;
                Ok(rows::count_from_sql(n))
            }

            /// See [`Store::unsent_alerts`](super::Store::unsent_alerts).
            pub(super) async fn unsent_alerts(&self) -> Result<Vec<Alert>, StoreError> {
                let stored =
                    sqlx::query_as(sql::UNSENT).fetch_all(self.pool()).await.map_err(StoreError::query(UNSENT))?;
                decode_alerts(stored)
            }

            /// See [`Store::last_alert_mail`](super::Store::last_alert_mail).
            pub(super) async fn last_alert_mail(&self) -> Result<HashMap<String, i64>, StoreError> {
                let rows =
                    sqlx::query_as(sql::LAST_SENT).fetch_all(self.pool()).await.map_err(StoreError::query(UNSENT))?;
                Ok(last_sent_map(rows))
            }
        }
    };
}

alert_queries!(SqliteStore, SqlitePool, reader, begin_write);
alert_queries!(PostgresStore, PgPool, pool, begin);
