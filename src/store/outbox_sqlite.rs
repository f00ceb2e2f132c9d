//! The outbox on SQLite: claims are single-writer transactions (`BEGIN IMMEDIATE`).

use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::error::StoreError;
use super::outbox::{
    self, CLAIMED_COLUMNS, Candidate, ClaimRequest, ClaimedMail, ClaimedRow, DAY_MS, Delivery, ENTRY_COLUMNS, EntryRow,
    OutboxEntry, OutboxSummary, OutgoingMail, PROBLEMS_LISTED, Usage,
};
use super::rows;
use super::sqlite::SqliteStore;

/// Queues `mail` on `conn` (inside the caller's transaction); returns its row id.
pub(super) async fn enqueue(conn: &mut SqliteConnection, mail: &OutgoingMail, now_ms: i64) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO outbox (recipient, subject, text_body, html_body, message_id, headers, state, \
         next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued', ?7, ?7) RETURNING id",
    )
    .bind(&mail.recipient)
    .bind(&mail.subject)
    .bind(&mail.text_body)
    .bind(&mail.html_body)
    .bind(&mail.message_id)
    .bind(outbox::encode_headers(mail))
    .bind(now_ms)
    .fetch_one(conn)
    .await
    .map_err(StoreError::query("mise en file d'un courriel"))
}

impl SqliteStore {
    /// See [`Store::claim_mails`](super::Store::claim_mails).
    pub(super) async fn claim_mails(&self, request: &ClaimRequest) -> Result<Vec<ClaimedMail>, StoreError> {
        const ACTION: &str = "réservation des courriels à envoyer";
        let mut tx = self.begin_write(ACTION).await?;
        // Batches whose mails all wait for the daily limit are put back and the next ones looked at.
        let claim = loop {
            match next_batch(&mut tx, request).await? {
                None => break Vec::new(),
                Some(claim) if claim.is_empty() => {}
                Some(claim) => break claim,
            }
        };
        let claimed: Vec<ClaimedRow> = if claim.is_empty() {
            Vec::new()
        } else {
            let mut update = QueryBuilder::<Sqlite>::new("UPDATE outbox SET state = 'sending', lease_owner = ");
            update.push_bind(&request.owner);
            update.push(", lease_expires_at = ");
            update.push_bind(request.now_ms + request.lease_ms);
            update.push(", attempts = attempts + 1 WHERE id IN (");
            let mut ids = update.separated(", ");
            for id in &claim {
                ids.push_bind(*id);
            }
            ids.push_unseparated(") RETURNING ");
            update.push(CLAIMED_COLUMNS);
            update.build_query_as().fetch_all(&mut *tx).await.map_err(StoreError::query(ACTION))?
        };
        tx.commit().await.map_err(StoreError::query(ACTION))?;
        outbox::decode_claimed(claimed, &claim)
    }

    /// See [`Store::finish_mail`](super::Store::finish_mail).
    pub(super) async fn finish_mail(
        &self,
        id: i64,
        owner: &str,
        delivery: &Delivery,
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        let (state, sent_at, next_attempt_at, error) = outbox::delivery_columns(delivery, now_ms);
        let done = sqlx::query(
            "UPDATE outbox SET state = ?1, sent_at = ?2, next_attempt_at = COALESCE(?3, next_attempt_at), \
             last_error = COALESCE(?4, last_error), lease_owner = NULL, lease_expires_at = NULL \
             WHERE id = ?5 AND state = 'sending' AND lease_owner = ?6",
        )
        .bind(state)
        .bind(sent_at)
        .bind(next_attempt_at)
        .bind(error)
        .bind(id)
        .bind(owner)
        .execute(&self.writer)
        .await
        .map_err(StoreError::query("enregistrement du résultat d'un envoi"))?;
        Ok(done.rows_affected() == 1)
    }

    /// See [`Store::outbox_entries`](super::Store::outbox_entries).
    pub(super) async fn outbox_entries(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let rows: Vec<EntryRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {ENTRY_COLUMNS} FROM outbox ORDER BY id")))
                .fetch_all(&self.reader)
                .await
                .map_err(StoreError::query("lecture de la file des courriels"))?;
        rows.into_iter().map(outbox::decode_entry).collect()
    }

    /// See [`Store::outbox_summary`](super::Store::outbox_summary).
    pub(super) async fn outbox_summary(&self) -> Result<OutboxSummary, StoreError> {
        const ACTION: &str = "état de la file des courriels";
        let counts: Vec<(String, i64)> = sqlx::query_as("SELECT state, COUNT(*) FROM outbox GROUP BY state")
            .fetch_all(&self.reader)
            .await
            .map_err(StoreError::query(ACTION))?;
        let problems: Vec<EntryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ENTRY_COLUMNS} FROM outbox WHERE state = 'failed' OR (state = 'queued' AND last_error IS NOT NULL) \
             ORDER BY id LIMIT {PROBLEMS_LISTED}"
        )))
        .fetch_all(&self.reader)
        .await
        .map_err(StoreError::query(ACTION))?;
        outbox::summarize(counts, problems)
    }
}

/// Selects the next due mails and sorts them out by the daily limit, putting back those beyond it;
/// returns the ids to claim (possibly none), or `None` when no mail is due.
async fn next_batch(conn: &mut SqliteConnection, request: &ClaimRequest) -> Result<Option<Vec<i64>>, StoreError> {
    const ACTION: &str = "réservation des courriels à envoyer";
    let candidates: Vec<Candidate> = sqlx::query_as(
        "SELECT id, recipient FROM outbox \
         WHERE (state = 'queued' AND next_attempt_at <= ?1) OR (state = 'sending' AND lease_expires_at <= ?1) \
         ORDER BY next_attempt_at, id LIMIT ?2",
    )
    .bind(request.now_ms)
    .bind(rows::count_to_sql(request.batch))
    .fetch_all(&mut *conn)
    .await
    .map_err(StoreError::query(ACTION))?;
    if candidates.is_empty() {
        return Ok(None);
    }
    let usage = if request.daily_limit.is_some() { usage(&mut *conn, &candidates, request).await? } else { Vec::new() };
    let (claim, wait) = outbox::apply_daily_limit(&candidates, usage, request);
    for (id, due) in &wait {
        sqlx::query(
            "UPDATE outbox SET state = 'queued', next_attempt_at = ?1, lease_owner = NULL, \
             lease_expires_at = NULL WHERE id = ?2",
        )
        .bind(due)
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(StoreError::query(ACTION))?;
    }
    Ok(Some(claim))
}

/// Mails sent or being sent within the last day to the recipients of `candidates`.
async fn usage(
    conn: &mut SqliteConnection,
    candidates: &[Candidate],
    request: &ClaimRequest,
) -> Result<Vec<Usage>, StoreError> {
    let mut select = QueryBuilder::<Sqlite>::new(
        "SELECT recipient, COUNT(*), MIN(sent_at) FROM outbox WHERE ((state = 'sent' AND sent_at > ",
    );
    select.push_bind(request.now_ms - DAY_MS);
    select.push(") OR (state = 'sending' AND lease_expires_at > ");
    select.push_bind(request.now_ms);
    select.push(")) AND recipient IN (");
    let mut recipients = select.separated(", ");
    let mut seen = std::collections::HashSet::new();
    for (_, recipient) in candidates {
        if seen.insert(recipient.as_str()) {
            recipients.push_bind(recipient.as_str());
        }
    }
    recipients.push_unseparated(") GROUP BY recipient");
    select.build_query_as().fetch_all(conn).await.map_err(StoreError::query("comptage des envois du jour"))
}
