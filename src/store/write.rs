//! Write transactions that callers drive: their own writes and queued e-mails commit together.

use sqlx::{Postgres, Sqlite, Transaction};

use super::error::StoreError;
use super::outbox::{OutgoingMail, now_unix_millis};
use super::{outbox_postgres, outbox_sqlite};
use crate::alerts::AlertKey;

/// An open write transaction of [`Store::begin_write`](super::Store::begin_write). Dropped without
/// [`commit`](WriteTransaction::commit), it is rolled back.
///
/// The variants expose the driver's transaction, for a caller's own statements on the same
/// connection.
#[derive(Debug)]
pub enum WriteTransaction {
    /// On SQLite (holding the write lock).
    Sqlite(Transaction<'static, Sqlite>),
    /// On PostgreSQL.
    Postgres(Transaction<'static, Postgres>),
}

impl WriteTransaction {
    /// Queues `mail` for the sender, due now; returns its outbox id. A `Message-ID` already queued
    /// is refused (the statement fails).
    pub async fn enqueue(&mut self, mail: &OutgoingMail) -> Result<i64, StoreError> {
        let now = now_unix_millis();
        match self {
            WriteTransaction::Sqlite(tx) => outbox_sqlite::enqueue(tx, mail, now).await,
            WriteTransaction::Postgres(tx) => outbox_postgres::enqueue(tx, mail, now).await,
        }
    }

    /// Marks these alerts sent at `at` (Unix seconds), those not marked yet; returns how many were.
    pub async fn mark_alerts_sent(&mut self, keys: &[AlertKey], at: i64) -> Result<usize, StoreError> {
        self.each_alert(super::alerts::sql::MARK_SENT, keys, Some(at), "marquage des alertes envoyées").await
    }

    /// Withdraws these alerts, those not sent yet (their lot is no longer open); returns how many were.
    pub async fn withdraw_alerts(&mut self, keys: &[AlertKey]) -> Result<usize, StoreError> {
        self.each_alert(super::alerts::sql::WITHDRAW, keys, None, "retrait des alertes de lots fermés").await
    }

    /// Runs `statement` once per alert key (bound as `$1` to `$3`, then `at` when given); returns the rows
    /// it changed.
    async fn each_alert(
        &mut self,
        statement: &'static str,
        keys: &[AlertKey],
        at: Option<i64>,
        action: &'static str,
    ) -> Result<usize, StoreError> {
        let mut changed = 0;
        for (siret, procedure, lot) in keys {
            let done = match self {
                WriteTransaction::Sqlite(tx) => {
                    let mut query = sqlx::query(statement).bind(siret).bind(procedure).bind(lot);
                    if let Some(at) = at {
                        query = query.bind(at);
                    }
                    query.execute(&mut **tx).await.map_err(StoreError::query(action))?.rows_affected()
                }
                WriteTransaction::Postgres(tx) => {
                    let mut query = sqlx::query(statement).bind(siret).bind(procedure).bind(lot);
                    if let Some(at) = at {
                        query = query.bind(at);
                    }
                    query.execute(&mut **tx).await.map_err(StoreError::query(action))?.rows_affected()
                }
            };
            changed += usize::try_from(done).unwrap_or_default();
        }
        Ok(changed)
    }

    /// Makes every write of the transaction durable.
    pub async fn commit(self) -> Result<(), StoreError> {
        const ACTION: &str = "validation d'une transaction d'écriture";
        match self {
            WriteTransaction::Sqlite(tx) => tx.commit().await.map_err(StoreError::query(ACTION)),
            WriteTransaction::Postgres(tx) => tx.commit().await.map_err(StoreError::query(ACTION)),
        }
    }

    /// Undoes every write of the transaction.
    pub async fn rollback(self) -> Result<(), StoreError> {
        const ACTION: &str = "annulation d'une transaction d'écriture";
        match self {
            WriteTransaction::Sqlite(tx) => tx.rollback().await.map_err(StoreError::query(ACTION)),
            WriteTransaction::Postgres(tx) => tx.rollback().await.map_err(StoreError::query(ACTION)),
        }
    }
}
