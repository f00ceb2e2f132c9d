//! The outbox on PostgreSQL: claims select due rows `FOR UPDATE SKIP LOCKED` under an advisory lock,
//! so that several servers on one database each send a mail once and share the daily limit.

use sqlx::PgConnection;

use super::error::StoreError;
use super::outbox::{
    self, CLAIMED_COLUMNS, Candidate, ClaimRequest, ClaimedMail, ClaimedRow, DAY_MS, Delivery, ENTRY_COLUMNS, EntryRow,
    OutboxEntry, OutboxSummary, OutgoingMail, PROBLEMS_LISTED, Usage,
};
use super::postgres::PostgresStore;
use super::rows;

/// The advisory lock key that serializes claims (the bytes of "essor-mail").
const CLAIM_LOCK: i64 = 0x6573_736f_722d_6d61;

/// Queues `mail` on `conn` (inside the caller's transaction); returns its row id.
pub(super) async fn enqueue(conn: &mut PgConnection, mail: &OutgoingMail, now_ms: i64) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO outbox (recipient, subject, text_body, html_body, message_id, headers, state, \
         next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, $7) RETURNING id",
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

impl PostgresStore {
    /// See [`Store::claim_mails`](super::Store::claim_mails).
    pub(super) async fn claim_mails(&self, request: &ClaimRequest) -> Result<Vec<ClaimedMail>, StoreError> {
        const ACTION: &str = "réservation des courriels à envoyer";
        let mut tx = self.begin(ACTION).await?;
        // Claims one at a time across servers: the daily limit then counts every server's sends.
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(CLAIM_LOCK)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::query(ACTION))?;
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
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "UPDATE outbox SET state = 'sending', lease_owner = $1, lease_expires_at = $2, \
                 attempts = attempts + 1 WHERE id = ANY($3) RETURNING {CLAIMED_COLUMNS}"
            )))
            .bind(&request.owner)
            .bind(request.now_ms + request.lease_ms)
            .bind(&claim)
            .fetch_all(&mut *tx)
            .await
            .map_err(StoreError::query(ACTION))?
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
            "UPDATE outbox SET state = $1, sent_at = $2, next_attempt_at = COALESCE($3, next_attempt_at), \
             last_error = COALESCE($4, last_error), lease_owner = NULL, lease_expires_at = NULL \
             WHERE id = $5 AND state = 'sending' AND lease_owner = $6",
        )
        .bind(state)
        .bind(sent_at)
        .bind(next_attempt_at)
        .bind(error)
        .bind(id)
        .bind(owner)
        .execute(&self.pool)
        .await
        .map_err(StoreError::query("enregistrement du résultat d'un envoi"))?;
        Ok(done.rows_affected() == 1)
    }

    /// See [`Store::outbox_entries`](super::Store::outbox_entries).
    pub(super) async fn outbox_entries(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let rows: Vec<EntryRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {ENTRY_COLUMNS} FROM outbox ORDER BY id")))
                .fetch_all(&self.pool)
                .await
                .map_err(StoreError::query("lecture de la file des courriels"))?;
        rows.into_iter().map(outbox::decode_entry).collect()
    }

    /// See [`Store::outbox_summary`](super::Store::outbox_summary).
    pub(super) async fn outbox_summary(&self) -> Result<OutboxSummary, StoreError> {
        const ACTION: &str = "état de la file des courriels";
        let counts: Vec<(String, i64)> = sqlx::query_as("SELECT state, COUNT(*) FROM outbox GROUP BY state")
            .fetch_all(&self.pool)
            .await
            .map_err(StoreError::query(ACTION))?;
        let problems: Vec<EntryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ENTRY_COLUMNS} FROM outbox WHERE state = 'failed' OR (state = 'queued' AND last_error IS NOT NULL) \
             ORDER BY id LIMIT {PROBLEMS_LISTED}"
        )))
        .fetch_all(&self.pool)
        .await
        .map_err(StoreError::query(ACTION))?;
        outbox::summarize(counts, problems)
    }
}

/// Selects the next due mails and sorts them out by the daily limit, putting back those beyond it;
/// returns the ids to claim (possibly none), or `None` when no mail is due.
async fn next_batch(conn: &mut PgConnection, request: &ClaimRequest) -> Result<Option<Vec<i64>>, StoreError> {
    const ACTION: &str = "réservation des courriels à envoyer";
    let candidates: Vec<Candidate> = sqlx::query_as(
        "SELECT id, recipient FROM outbox \
         WHERE (state = 'queued' AND next_attempt_at <= $1) OR (state = 'sending' AND lease_expires_at <= $1) \
         ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED",
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
    if !wait.is_empty() {
        let (ids, due): (Vec<i64>, Vec<i64>) = wait.into_iter().unzip();
        sqlx::query(
            "UPDATE outbox SET state = 'queued', next_attempt_at = batch.due, lease_owner = NULL, \
             lease_expires_at = NULL FROM UNNEST($1::bigint[], $2::bigint[]) AS batch (id, due) \
             WHERE outbox.id = batch.id",
        )
        .bind(ids)
        .bind(due)
        .execute(&mut *conn)
        .await
        .map_err(StoreError::query(ACTION))?;
    }
    Ok(Some(claim))
}

/// Mails sent or being sent within the last day to the recipients of `candidates`.
async fn usage(
    conn: &mut PgConnection,
    candidates: &[Candidate],
    request: &ClaimRequest,
) -> Result<Vec<Usage>, StoreError> {
    let mut recipients: Vec<&str> = candidates.iter().map(|(_, r)| r.as_str()).collect();
    recipients.sort_unstable();
    recipients.dedup();
    sqlx::query_as(
        "SELECT recipient, COUNT(*), MIN(sent_at) FROM outbox \
         WHERE ((state = 'sent' AND sent_at > $1) OR (state = 'sending' AND lease_expires_at > $2)) \
         AND recipient = ANY($3) GROUP BY recipient",
    )
    .bind(request.now_ms - DAY_MS)
    .bind(request.now_ms)
    .bind(recipients)
    .fetch_all(conn)
    .await
    .map_err(StoreError::query("comptage des envois du jour"))
}
