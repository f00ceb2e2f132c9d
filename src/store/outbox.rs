//! The outbox: e-mails written to the database before they are sent, so that a mail is queued in the
//! same transaction as the change that causes it and survives a crash of the sender.
//!
//! # Table `outbox`
//! One row per mail: recipient, subject, text and HTML bodies, the `Message-ID` fixed when queued,
//! extra headers (JSON array of `[name, value]`), and the delivery state:
//! - `queued`: waiting for `next_attempt_at`;
//! - `sending`: claimed by `lease_owner` until `lease_expires_at`; a claim whose lease expired (its
//!   sender was killed mid-send) is claimed again, and the mail is sent again with the same
//!   `Message-ID`, so that the receiving side can tell the copies apart;
//! - `sent` (`sent_at` set) or `failed` (`last_error` says why): final.
//!
//! `attempts` counts claims. Times are Unix milliseconds, read from the sender's clock.
//!
//! # Claims
//! [`Store::claim_mails`](super::Store::claim_mails) hands each due mail to one sender only: on
//! SQLite the claim is one `BEGIN IMMEDIATE` transaction (the single writer); on PostgreSQL it
//! selects rows `FOR UPDATE SKIP LOCKED` under a transaction-level advisory lock, so that the daily
//! limit per recipient counts the mails of every server. A sender finishes a mail only while it
//! holds its lease (`lease_owner` is checked), so a mail is never marked twice.

use std::collections::HashMap;

use super::error::StoreError;

/// One day in milliseconds: the window of the daily limit per recipient.
pub const DAY_MS: i64 = 86_400_000;

/// An e-mail to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// The recipient's address (`nom@exemple.fr`).
    pub recipient: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub text_body: String,
    /// The HTML body, sent as an alternative to the text when present.
    pub html_body: Option<String>,
    /// The `Message-ID` header, angle brackets included (`<…@exemple.fr>`), kept across retries.
    pub message_id: String,
    /// Extra headers (`List-Unsubscribe`, `List-Unsubscribe-Post`…), in order.
    pub headers: Vec<(String, String)>,
}

/// A mail handed to one sender, which holds its lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedMail {
    /// The outbox row.
    pub id: i64,
    /// The mail.
    pub mail: OutgoingMail,
    /// Claims so far, this one included.
    pub attempts: u32,
}

/// What a sender asks of [`Store::claim_mails`](super::Store::claim_mails).
#[derive(Debug, Clone)]
pub struct ClaimRequest {
    /// The sender's name, written as the lease owner.
    pub owner: String,
    /// The sender's clock, Unix milliseconds.
    pub now_ms: i64,
    /// How long the lease lasts; longer than one delivery may take.
    pub lease_ms: i64,
    /// The most mails claimed at once.
    pub batch: usize,
    /// The most mails sent to one recipient in 24 hours; mails beyond it wait.
    pub daily_limit: Option<u32>,
}

/// How a claimed mail's attempt ended, for [`Store::finish_mail`](super::Store::finish_mail).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// The SMTP server accepted it.
    Sent,
    /// A temporary failure: try again at `at_ms` (Unix milliseconds).
    Retry {
        /// When the mail is due again.
        at_ms: i64,
        /// Why this attempt failed.
        error: String,
    },
    /// A permanent failure: give up.
    Failed {
        /// Why.
        error: String,
    },
}

/// The columns [`Delivery`] writes: state, sent time, next attempt time (when it changes), error.
pub(super) fn delivery_columns(
    delivery: &Delivery,
    now_ms: i64,
) -> (&'static str, Option<i64>, Option<i64>, Option<&str>) {
    match delivery {
        Delivery::Sent => (MailState::Sent.as_sql(), Some(now_ms), None, None),
        Delivery::Retry { at_ms, error } => (MailState::Queued.as_sql(), None, Some(*at_ms), Some(error)),
        Delivery::Failed { error } => (MailState::Failed.as_sql(), None, None, Some(error)),
    }
}

/// Where a mail stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MailState {
    /// Waiting for its next attempt.
    Queued,
    /// Claimed by a sender.
    Sending,
    /// Accepted by the SMTP server.
    Sent,
    /// Given up.
    Failed,
}

impl MailState {
    /// The value of the `state` column.
    pub fn as_sql(self) -> &'static str {
        match self {
            MailState::Queued => "queued",
            MailState::Sending => "sending",
            MailState::Sent => "sent",
            MailState::Failed => "failed",
        }
    }

    /// Reads the `state` column.
    pub(super) fn from_sql(id: i64, value: &str) -> Result<MailState, StoreError> {
        match value {
            "queued" => Ok(MailState::Queued),
            "sending" => Ok(MailState::Sending),
            "sent" => Ok(MailState::Sent),
            "failed" => Ok(MailState::Failed),
            other => Err(corrupt(id, format!("état inconnu « {other} »"))),
        }
    }
}

/// One outbox row as [`Store::outbox_entries`](super::Store::outbox_entries) reads it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OutboxEntry {
    /// The row.
    pub id: i64,
    /// The recipient.
    pub recipient: String,
    /// The subject.
    pub subject: String,
    /// The `Message-ID`.
    pub message_id: String,
    /// The state.
    pub state: MailState,
    /// Claims so far.
    pub attempts: u32,
    /// Why the last attempt failed, if it did.
    pub last_error: Option<String>,
    /// When a queued mail is due, Unix milliseconds.
    pub next_attempt_at_ms: i64,
    /// When the mail was accepted, Unix milliseconds.
    pub sent_at_ms: Option<i64>,
}

/// Counts by state, and the mails with a problem (failed, or queued after a failed attempt).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct OutboxSummary {
    /// Waiting.
    pub queued: u64,
    /// Being sent.
    pub sending: u64,
    /// Sent.
    pub sent: u64,
    /// Given up.
    pub failed: u64,
    /// Failed mails and queued ones whose last attempt failed, oldest first (at most 100).
    pub problems: Vec<OutboxEntry>,
}

/// How many problems [`OutboxSummary`] lists at most.
pub(super) const PROBLEMS_LISTED: i64 = 100;

/// The row tuple of [`OutboxEntry`] as both backends read it.
pub(super) type EntryRow = (i64, String, String, String, String, i64, Option<String>, i64, Option<i64>);

/// The columns of [`EntryRow`].
pub(super) const ENTRY_COLUMNS: &str =
    "id, recipient, subject, message_id, state, attempts, last_error, next_attempt_at, sent_at";

/// Decodes an [`EntryRow`].
pub(super) fn decode_entry(row: EntryRow) -> Result<OutboxEntry, StoreError> {
    let (id, recipient, subject, message_id, state, attempts, last_error, next_attempt_at_ms, sent_at_ms) = row;
    Ok(OutboxEntry {
        id,
        recipient,
        subject,
        message_id,
        state: MailState::from_sql(id, &state)?,
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        last_error,
        next_attempt_at_ms,
        sent_at_ms,
    })
}

/// Builds the summary from the counts by state and the problem rows.
pub(super) fn summarize(counts: Vec<(String, i64)>, problems: Vec<EntryRow>) -> Result<OutboxSummary, StoreError> {
    let mut summary = OutboxSummary::default();
    for (state, count) in counts {
        let count = u64::try_from(count).unwrap_or_default();
        match MailState::from_sql(0, &state)? {
            MailState::Queued => summary.queued = count,
            MailState::Sending => summary.sending = count,
            MailState::Sent => summary.sent = count,
            MailState::Failed => summary.failed = count,
        }
    }
    summary.problems = problems.into_iter().map(decode_entry).collect::<Result<_, _>>()?;
    Ok(summary)
}

/// The row tuple of [`ClaimedMail`] as both backends return it.
pub(super) type ClaimedRow = (i64, String, String, String, Option<String>, String, String, i64);

/// The columns of [`ClaimedRow`].
pub(super) const CLAIMED_COLUMNS: &str = "id, recipient, subject, text_body, html_body, message_id, headers, attempts";

/// Decodes claimed rows, in the order of `ids`.
pub(super) fn decode_claimed(rows: Vec<ClaimedRow>, ids: &[i64]) -> Result<Vec<ClaimedMail>, StoreError> {
    let mut by_id = HashMap::with_capacity(rows.len());
    for (id, recipient, subject, text_body, html_body, message_id, headers, attempts) in rows {
        let headers: Vec<(String, String)> =
            serde_json::from_str(&headers).map_err(|e| corrupt(id, format!("en-têtes illisibles ({e})")))?;
        let mail = OutgoingMail { recipient, subject, text_body, html_body, message_id, headers };
        by_id.insert(id, ClaimedMail { id, mail, attempts: u32::try_from(attempts).unwrap_or(u32::MAX) });
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// The headers as stored.
pub(super) fn encode_headers(mail: &OutgoingMail) -> String {
    serde_json::to_string(&mail.headers).unwrap_or_else(|_| "[]".to_string())
}

/// A due mail, before the daily limit is applied.
pub(super) type Candidate = (i64, String);

/// Mails sent (or being sent) to one recipient within the last day: how many, and the oldest send.
pub(super) type Usage = (String, i64, Option<i64>);

/// Splits due mails into those to claim now and those that wait for the recipient's daily limit
/// (with the time they become due: a day after the oldest send of the window).
pub(super) fn apply_daily_limit(
    candidates: &[Candidate],
    usage: Vec<Usage>,
    request: &ClaimRequest,
) -> (Vec<i64>, Vec<(i64, i64)>) {
    let Some(limit) = request.daily_limit else {
        return (candidates.iter().map(|(id, _)| *id).collect(), Vec::new());
    };
    let mut used: HashMap<String, (i64, Option<i64>)> =
        usage.into_iter().map(|(recipient, count, oldest)| (recipient, (count, oldest))).collect();
    let mut claim = Vec::new();
    let mut wait = Vec::new();
    for (id, recipient) in candidates {
        let entry = used.entry(recipient.clone()).or_insert((0, None));
        if entry.0 < i64::from(limit) {
            entry.0 += 1;
            claim.push(*id);
        } else {
            // Without an earlier send in the window, the sends that fill it happen now.
            let due = entry.1.map_or(request.now_ms + DAY_MS, |oldest| oldest + DAY_MS);
            wait.push((*id, due.max(request.now_ms + 1)));
        }
    }
    (claim, wait)
}

/// A corrupt outbox row.
fn corrupt(id: i64, reason: String) -> StoreError {
    StoreError::Corrupt { table: "outbox", key: id.to_string(), reason }
}

/// The current time in Unix milliseconds, the clock of the outbox.
pub fn now_unix_millis() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(limit: Option<u32>) -> ClaimRequest {
        ClaimRequest { owner: "a".into(), now_ms: 1_000, lease_ms: 60_000, batch: 10, daily_limit: limit }
    }

    #[test]
    fn the_daily_limit_holds_back_mails_beyond_it_until_a_day_after_the_oldest_send() {
        let candidates: Vec<Candidate> =
            vec![(1, "a@x.fr".into()), (2, "a@x.fr".into()), (3, "b@x.fr".into()), (4, "a@x.fr".into())];
        let (claim, wait) = apply_daily_limit(&candidates, vec![("a@x.fr".into(), 1, Some(500))], &request(Some(2)));
        assert_eq!(claim, vec![1, 3]);
        assert_eq!(wait, vec![(2, 500 + DAY_MS), (4, 500 + DAY_MS)]);

        let (claim, wait) = apply_daily_limit(&candidates, Vec::new(), &request(None));
        assert_eq!(claim, vec![1, 2, 3, 4]);
        assert!(wait.is_empty());
    }

    #[test]
    fn claimed_rows_keep_the_candidates_order() {
        let row = |id: i64| (id, "a@x.fr".into(), "s".into(), "t".into(), None, format!("<{id}@x>"), "[]".into(), 1);
        let claimed = decode_claimed(vec![row(2), row(1)], &[1, 2]).unwrap();
        assert_eq!(claimed.iter().map(|c| c.id).collect::<Vec<_>>(), vec![1, 2]);
        let bad = (3, "a@x.fr".into(), "s".into(), "t".into(), None, "<3@x>".into(), "{".into(), 1);
        assert!(matches!(decode_claimed(vec![bad], &[3]), Err(StoreError::Corrupt { .. })));
    }
}
