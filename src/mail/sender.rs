//! The sender: claims due mails from the outbox, delivers them over SMTP and records the outcome.

use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use lettre::message::Mailbox;
use lettre::message::dkim::DkimConfig;
use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::compose;
use super::error::MailError;
use super::smtp_url::{Security, SmtpUrl};
use crate::store::Store;
use crate::store::outbox::{ClaimRequest, ClaimedMail, Delivery, now_unix_millis};

/// How the sender works; [`SenderConfig::new`] gives the defaults.
#[derive(Debug, Clone)]
pub struct SenderConfig {
    /// The `From` of every mail, also the envelope sender.
    pub from: Mailbox,
    /// The most mails one recipient receives in 24 hours; `None` for no limit.
    pub daily_limit: Option<u32>,
    /// How long a claimed mail stays reserved for this sender. A mail whose sender died is sent
    /// again (same `Message-ID`) once this has passed.
    pub lease: Duration,
    /// Mails claimed at once.
    pub batch: usize,
    /// Deliveries in flight at once (also the size of the SMTP connection pool).
    pub parallel: usize,
    /// The wait after the first temporary failure; it doubles with each attempt.
    pub retry_base: Duration,
    /// The longest wait between attempts.
    pub retry_max: Duration,
    /// Attempts after which a mail that keeps failing temporarily is given up.
    pub max_attempts: u32,
    /// The name written as lease owner; unique per running sender.
    pub owner: String,
    /// DKIM signing of every mail, when configured ([`dkim_config`](super::dkim_config)).
    pub dkim: Option<Arc<DkimConfig>>,
}

/// Deliveries in flight by default (`--parallel`): each SMTP exchange waits some 40 ms on the
/// server's delayed acknowledgement of the message before its final dot, so throughput grows with
/// the exchanges in flight; 16 connections stay well under what relays accept from one client
/// (Postfix's `smtpd_client_connection_count_limit` defaults to 50).
pub const DEFAULT_PARALLEL: usize = 16;

impl SenderConfig {
    /// The defaults: 50 mails per recipient and day, a 5-minute lease, 100 mails per claim,
    /// [`DEFAULT_PARALLEL`] in flight, retries after 1 minute doubling up to 6 hours, given up after 12 attempts.
    pub fn new(from: Mailbox) -> SenderConfig {
        SenderConfig {
            from,
            daily_limit: Some(50),
            lease: Duration::from_secs(300),
            batch: 100,
            parallel: DEFAULT_PARALLEL,
            retry_base: Duration::from_secs(60),
            retry_max: Duration::from_secs(6 * 3600),
            max_attempts: 12,
            owner: default_owner(),
            dkim: None,
        }
    }

    /// The wait before the attempt after `attempts` failed ones.
    pub fn backoff(&self, attempts: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempts.saturating_sub(1).min(30));
        self.retry_base.saturating_mul(factor).min(self.retry_max)
    }

    /// The SMTP timeout: one exchange must end well within the lease.
    fn smtp_timeout(&self) -> Duration {
        (self.lease / 3).min(Duration::from_secs(60))
    }

    fn check(&self) -> Result<(), MailError> {
        let bad = |field, reason: &str| Err(MailError::BadSetting { field, reason: reason.to_string() });
        if self.lease < Duration::from_secs(1) {
            return bad("--lease", "au moins 1 seconde");
        }
        if self.parallel == 0 || self.batch == 0 {
            return bad("--parallel", "au moins 1");
        }
        if self.daily_limit == Some(0) {
            return bad("--daily-limit", "au moins 1 (ou aucune limite)");
        }
        Ok(())
    }
}

/// A sender name unique to this process: `essor-PID-START`.
fn default_owner() -> String {
    format!("essor-{}-{}", std::process::id(), now_unix_millis())
}

/// What one [`Sender::run_once`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SendReport {
    /// Accepted by the server.
    pub sent: usize,
    /// Failed temporarily, queued again for later.
    pub retried: usize,
    /// Given up (permanent failure, or too many attempts).
    pub failed: usize,
    /// Not tried: the lease would have ended during the exchange; left for a later claim.
    pub skipped: usize,
    /// Attempted, but the lease had passed to another sender meanwhile (outcome not recorded).
    pub lost: usize,
}

/// Delivers the outbox over one SMTP server.
pub struct Sender {
    store: Store,
    smtp: SmtpUrl,
    /// The pooled transport; replaced by a fresh one after an exchange timed out, since a connection
    /// left mid-exchange cannot be trusted again.
    transport: Mutex<AsyncSmtpTransport<Tokio1Executor>>,
    config: SenderConfig,
}

impl Sender {
    /// A sender for `store` through the server at `smtp` (no connection is made yet).
    pub fn new(store: Store, smtp: &SmtpUrl, config: SenderConfig) -> Result<Sender, MailError> {
        config.check()?;
        let transport = Mutex::new(transport(smtp, &config)?);
        Ok(Sender { store, smtp: smtp.clone(), transport, config })
    }

    /// The configuration.
    pub fn config(&self) -> &SenderConfig {
        &self.config
    }

    /// Sends every mail due now, claim after claim, until none is left; returns what happened.
    /// Mails that failed temporarily are due later and wait for a later call.
    pub async fn run_once(&self) -> Result<SendReport, MailError> {
        let mut report = SendReport::default();
        loop {
            let request = ClaimRequest {
                owner: self.config.owner.clone(),
                now_ms: now_unix_millis(),
                lease_ms: i64::try_from(self.config.lease.as_millis()).unwrap_or(i64::MAX),
                batch: self.config.batch,
                daily_limit: self.config.daily_limit,
            };
            let claimed = self.store.claim_mails(&request).await?;
            if claimed.is_empty() {
                return Ok(report);
            }
            // A mail is tried only if its exchange ends before the lease does.
            let deadline = Instant::now() + self.config.lease.saturating_sub(self.config.smtp_timeout());
            let outcomes: Vec<Result<Outcome, MailError>> = futures_util::stream::iter(claimed)
                .map(|mail| self.attempt(mail, deadline))
                .buffer_unordered(self.config.parallel)
                .collect()
                .await;
            for outcome in outcomes {
                match outcome? {
                    Outcome::Recorded(Delivery::Sent) => report.sent += 1,
                    Outcome::Recorded(Delivery::Retry { .. }) => report.retried += 1,
                    Outcome::Recorded(Delivery::Failed { .. }) => report.failed += 1,
                    Outcome::Skipped => report.skipped += 1,
                    Outcome::Lost => report.lost += 1,
                }
            }
            if report.skipped > 0 {
                // Skipped mails stay claimed until their lease ends: claiming again would not see them.
                return Ok(report);
            }
        }
    }

    /// Runs [`Sender::run_once`] every `interval` until `stop` completes. Errors are logged and the
    /// loop goes on (a database or server outage is waited out).
    pub async fn run_until(&self, interval: Duration, stop: impl Future<Output = ()>) {
        tokio::pin!(stop);
        loop {
            match self.run_once().await {
                Ok(report) if report != SendReport::default() => tracing::info!(?report, "mail round"),
                Ok(_) => {}
                Err(e) => tracing::warn!("mail round failed: {e}"),
            }
            tokio::select! {
                () = &mut stop => return,
                () = tokio::time::sleep(interval) => {}
            }
        }
    }

    /// Delivers one claimed mail and records the outcome while holding its lease.
    async fn attempt(&self, claimed: ClaimedMail, deadline: Instant) -> Result<Outcome, MailError> {
        if Instant::now() >= deadline {
            return Ok(Outcome::Skipped);
        }
        let delivery = self.deliver(&claimed).await;
        let recorded = self.store.finish_mail(claimed.id, &self.config.owner, &delivery, now_unix_millis()).await?;
        if recorded {
            Ok(Outcome::Recorded(delivery))
        } else {
            tracing::warn!(id = claimed.id, "mail lease lost before its outcome was recorded");
            Ok(Outcome::Lost)
        }
    }

    /// One SMTP exchange, and what it means for the mail.
    async fn deliver(&self, claimed: &ClaimedMail) -> Delivery {
        let mut message = match compose::message(&claimed.mail, &self.config.from) {
            Ok(message) => message,
            Err(error) => return Delivery::Failed { error },
        };
        if let Some(dkim) = &self.config.dkim {
            message.sign(dkim);
        }
        let transport = self.lock_transport().clone();
        let timeout = self.config.smtp_timeout();
        let Ok(sent) = tokio::time::timeout(timeout, transport.send(message)).await else {
            if let Ok(fresh) = self::transport(&self.smtp, &self.config) {
                *self.lock_transport() = fresh;
            }
            let error = format!("pas de réponse du serveur SMTP en {} s", timeout.as_secs());
            return self.retry_or_give_up(claimed, error);
        };
        match sent {
            Ok(_) => Delivery::Sent,
            Err(e) if e.is_permanent() => Delivery::Failed { error: smtp_error(&e) },
            Err(e) => self.retry_or_give_up(claimed, smtp_error(&e)),
        }
    }

    /// A temporary failure: a later attempt, or giving up after the most attempts.
    fn retry_or_give_up(&self, claimed: &ClaimedMail, error: String) -> Delivery {
        if claimed.attempts >= self.config.max_attempts {
            return Delivery::Failed { error: format!("abandon après {} tentatives : {error}", claimed.attempts) };
        }
        let wait = i64::try_from(self.config.backoff(claimed.attempts).as_millis()).unwrap_or(i64::MAX);
        Delivery::Retry { at_ms: now_unix_millis().saturating_add(wait), error }
    }

    fn lock_transport(&self) -> MutexGuard<'_, AsyncSmtpTransport<Tokio1Executor>> {
        self.transport.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A pooled SMTP transport to `smtp`. The timeout given to lettre bounds the connection only; the
/// sender bounds each whole exchange itself.
fn transport(smtp: &SmtpUrl, config: &SenderConfig) -> Result<AsyncSmtpTransport<Tokio1Executor>, MailError> {
    let tls = || {
        TlsParameters::new(smtp.host.clone()).map_err(|e| MailError::BadSmtpUrl {
            url: format!("{}:{}", smtp.host, smtp.port),
            reason: format!("TLS impossible pour ce serveur ({e})"),
        })
    };
    let tls = match smtp.security {
        Security::Plain => Tls::None,
        Security::StartTls => Tls::Required(tls()?),
        Security::Tls => Tls::Wrapper(tls()?),
    };
    let pool = PoolConfig::new().max_size(u32::try_from(config.parallel).unwrap_or(u32::MAX));
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(smtp.host.clone())
        .port(smtp.port)
        .tls(tls)
        .timeout(Some(config.smtp_timeout()))
        .pool_config(pool);
    if let Some(credentials) = smtp.lettre_credentials() {
        builder = builder.credentials(credentials);
    }
    Ok(builder.build())
}

/// How one attempt ended for the sender.
enum Outcome {
    Recorded(Delivery),
    Skipped,
    Lost,
}

/// An SMTP error as stored in `last_error`: the server's code and text, or the connection problem.
fn smtp_error(e: &lettre::transport::smtp::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(" : ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_base_up_to_the_maximum() {
        let from = compose::parse_mailbox("--mail-from", "a@essor.fr").unwrap();
        let config = SenderConfig::new(from);
        assert_eq!(config.backoff(1), Duration::from_secs(60));
        assert_eq!(config.backoff(2), Duration::from_secs(120));
        assert_eq!(config.backoff(4), Duration::from_secs(480));
        assert_eq!(config.backoff(40), Duration::from_secs(6 * 3600));
        assert!(config.smtp_timeout() < config.lease);
    }
}
