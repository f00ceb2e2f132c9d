//! The e-mail layer against a real SMTP server on 127.0.0.1 (tests/support/smtp.rs): delivery with
//! headers and bodies, retries while the server is down or answers 4xx, failures on 5xx, the daily
//! limit, leases (a killed sender's mail is sent again with the same Message-ID), the real binary
//! killed mid-send, and two senders sharing one PostgreSQL database.

// Tests may unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use essor::mail::{self, OutgoingMail, Sender, SenderConfig, SmtpUrl};
use essor::store::Store;
use essor::store::outbox::{ClaimRequest, DAY_MS, Delivery, MailState, now_unix_millis};
use support::smtp::{Behaviour, SmtpServer};

const FROM: &str = "essor <alertes@essor.test>";

fn from() -> mail::Mailbox {
    mail::parse_mailbox("--mail-from", FROM).unwrap()
}

/// An alert-like mail to `recipient`, with unsubscription headers.
fn alert(recipient: &str, n: usize) -> OutgoingMail {
    let html = format!("<p>Avis <b>{n}</b> pour vous</p>");
    let mail =
        mail::outgoing(&from(), recipient, &format!("Nouvel avis {n}"), &format!("Avis {n} pour vous"), Some(&html))
            .unwrap();
    mail::with_unsubscribe(mail, &format!("https://essor.test/desabonnement/{n}"))
}

/// A sender with short waits, for tests.
fn sender(store: &Store, url: &str) -> Sender {
    let mut config = SenderConfig::new(from());
    config.retry_base = Duration::from_millis(300);
    config.lease = Duration::from_secs(30);
    Sender::new(store.clone(), &SmtpUrl::parse(url).unwrap(), config).unwrap()
}

async fn sqlite_store(dir: &Path) -> Store {
    Store::open_sqlite(&dir.join("essor.db")).await.unwrap()
}

/// Queues `mails` in one write transaction; returns their ids.
async fn enqueue_all(store: &Store, mails: &[OutgoingMail]) -> Vec<i64> {
    let mut tx = store.begin_write().await.unwrap();
    let mut ids = Vec::new();
    for mail in mails {
        ids.push(tx.enqueue(mail).await.unwrap());
    }
    tx.commit().await.unwrap();
    ids
}

#[tokio::test]
async fn three_mails_arrive_once_with_their_message_id_headers_and_both_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite_store(dir.path()).await;
    let server = SmtpServer::start().await;

    // A rolled-back transaction queues nothing.
    let mut tx = store.begin_write().await.unwrap();
    tx.enqueue(&alert("perdu@ville.test", 0)).await.unwrap();
    tx.rollback().await.unwrap();

    let mails: Vec<OutgoingMail> = (1..=3).map(|n| alert(&format!("achats{n}@ville.test"), n)).collect();
    enqueue_all(&store, &mails).await;
    let report = sender(&store, &server.url()).run_once().await.unwrap();
    assert_eq!((report.sent, report.retried, report.failed), (3, 0, 0));

    let received = server.received();
    assert_eq!(received.len(), 3);
    for (n, mail) in (1..=3).zip(&mails) {
        let got = received.iter().find(|r| r.to == vec![mail.recipient.clone()]).unwrap();
        assert_eq!(got.from, "alertes@essor.test");
        assert_eq!(got.header("Message-ID").as_deref(), Some(mail.message_id.as_str()));
        assert_eq!(got.header("Subject"), Some(format!("Nouvel avis {n}")));
        assert_eq!(got.header("List-Unsubscribe"), Some(format!("<https://essor.test/desabonnement/{n}>")));
        assert_eq!(got.header("List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
        assert!(got.header("Content-Type").unwrap().starts_with("multipart/alternative"), "{}", got.data);
        assert!(got.data.contains(&format!("Avis {n} pour vous")), "{}", got.data);
        assert!(got.data.contains(&format!("<p>Avis <b>{n}</b> pour vous</p>")), "{}", got.data);
    }
    let entries = store.outbox_entries().await.unwrap();
    assert_eq!(entries.len(), 3);
    assert!(entries.iter().all(|e| e.state == MailState::Sent && e.attempts == 1 && e.sent_at_ms.is_some()));

    // Nothing is sent twice.
    assert_eq!(sender(&store, &server.url()).run_once().await.unwrap().sent, 0);
    assert_eq!(server.received().len(), 3);
    let summary = store.outbox_summary().await.unwrap();
    assert_eq!((summary.queued, summary.sent, summary.failed), (0, 3, 0));
}

#[tokio::test]
async fn mails_are_dkim_signed_for_the_senders_domain_when_a_key_is_configured() {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite_store(dir.path()).await;
    let server = SmtpServer::start().await;
    enqueue_all(&store, &[alert("achats@ville.test", 1)]).await;
    let mut config = SenderConfig::new(from());
    // An Ed25519 key: the base64 of 32 fixed bytes.
    config.dkim = Some(mail::dkim_config(&from(), "alertes", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=").unwrap());
    let sender = Sender::new(store.clone(), &SmtpUrl::parse(&server.url()).unwrap(), config).unwrap();

    assert_eq!(sender.run_once().await.unwrap().sent, 1);
    let signature = server.received()[0].header("DKIM-Signature").unwrap();
    for tag in ["a=ed25519-sha256", "d=essor.test", "s=alertes", "list-unsubscribe", "message-id", "bh="] {
        assert!(signature.contains(tag), "{tag} missing in {signature}");
    }
}

#[tokio::test]
async fn a_server_down_then_answering_4xx_is_retried_later_and_each_mail_delivered_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite_store(dir.path()).await;
    let port = SmtpServer::free_port();
    let url = format!("smtp://127.0.0.1:{port}");
    enqueue_all(&store, &[alert("a@ville.test", 1), alert("b@ville.test", 2)]).await;
    let sender = sender(&store, &url);

    // Down: both wait for a retry, with the reason.
    let report = sender.run_once().await.unwrap();
    assert_eq!((report.sent, report.retried), (0, 2));
    let entries = store.outbox_entries().await.unwrap();
    for entry in &entries {
        assert_eq!((entry.state, entry.attempts), (MailState::Queued, 1));
        assert!(entry.last_error.is_some());
        assert!(entry.next_attempt_at_ms > now_unix_millis());
    }
    // Not due yet: nothing is tried.
    assert_eq!(sender.run_once().await.unwrap(), Default::default());

    // Up, but answering 451: retried again, the wait doubled.
    let server = SmtpServer::start_on(port).await;
    server.set_behaviour(Behaviour { temporary_failure: true, ..Behaviour::default() });
    tokio::time::sleep(Duration::from_millis(350)).await;
    let before = now_unix_millis();
    assert_eq!(sender.run_once().await.unwrap().retried, 2);
    let entries = store.outbox_entries().await.unwrap();
    assert!(entries.iter().all(|e| e.attempts == 2 && e.next_attempt_at_ms >= before + 600), "{entries:?}");
    assert!(entries[0].last_error.as_deref().unwrap().contains("451"), "{entries:?}");

    // Accepting: delivered, once.
    server.set_behaviour(Behaviour::default());
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(sender.run_once().await.unwrap().sent, 2);
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(sender.run_once().await.unwrap().sent, 0);
    assert_eq!(server.received().len(), 2);
    assert!(store.outbox_entries().await.unwrap().iter().all(|e| e.state == MailState::Sent && e.attempts == 3));
}

#[tokio::test]
async fn a_server_that_stops_answering_is_timed_out_and_the_mail_retried_on_a_fresh_connection() {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite_store(dir.path()).await;
    let server = SmtpServer::start().await;
    server.set_behaviour(Behaviour { hang_after: Some(0), ..Behaviour::default() });
    let mail = alert("achats@ville.test", 1);
    enqueue_all(&store, std::slice::from_ref(&mail)).await;
    let mut config = SenderConfig::new(from());
    config.lease = Duration::from_secs(3); // exchanges time out after 1 s
    config.retry_base = Duration::from_millis(200);
    let sender = Sender::new(store.clone(), &SmtpUrl::parse(&server.url()).unwrap(), config).unwrap();

    assert_eq!(sender.run_once().await.unwrap().retried, 1);
    let entry = &store.outbox_entries().await.unwrap()[0];
    assert!(entry.last_error.as_deref().unwrap().contains("pas de réponse"), "{entry:?}");

    server.set_behaviour(Behaviour::default());
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(sender.run_once().await.unwrap().sent, 1);
    // The cut exchange and the retry: two copies with one Message-ID.
    let received = server.received();
    assert_eq!(received.len(), 2);
    assert!(received.iter().all(|r| r.header("Message-ID").as_deref() == Some(mail.message_id.as_str())));
}

#[tokio::test]
async fn a_5xx_marks_the_mail_failed_with_the_reason_and_others_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite_store(dir.path()).await;
    let server = SmtpServer::start().await;
    server.set_behaviour(Behaviour { reject_recipient: Some("inconnu".into()), ..Behaviour::default() });
    let ids = enqueue_all(&store, &[alert("inconnu@ville.test", 1), alert("connu@ville.test", 2)]).await;

    let report = sender(&store, &server.url()).run_once().await.unwrap();
    assert_eq!((report.sent, report.retried, report.failed), (1, 0, 1));
    let entries = store.outbox_entries().await.unwrap();
    let failed = entries.iter().find(|e| e.id == ids[0]).unwrap();
    assert_eq!(failed.state, MailState::Failed);
    assert!(failed.last_error.as_deref().unwrap().contains("550"), "{failed:?}");
    assert!(failed.last_error.as_deref().unwrap().contains("no such mailbox"), "{failed:?}");

    let summary = store.outbox_summary().await.unwrap();
    assert_eq!((summary.sent, summary.failed), (1, 1));
    assert_eq!(summary.problems.len(), 1);
    assert_eq!(summary.problems[0].id, ids[0]);
    // Given up: never tried again.
    assert_eq!(sender(&store, &server.url()).run_once().await.unwrap(), Default::default());
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn the_daily_limit_holds_mails_beyond_it_for_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite_store(dir.path()).await;
    let server = SmtpServer::start().await;
    let mails: Vec<OutgoingMail> =
        (1..=3).map(|n| alert("achats@ville.test", n)).chain([alert("autre@ville.test", 4)]).collect();
    enqueue_all(&store, &mails).await;
    let mut config = SenderConfig::new(from());
    config.daily_limit = Some(2);
    config.batch = 1; // the third claim holds only mails waiting for the limit: the next one is looked at
    let sender = Sender::new(store.clone(), &SmtpUrl::parse(&server.url()).unwrap(), config).unwrap();

    let start = now_unix_millis();
    assert_eq!(sender.run_once().await.unwrap().sent, 3);
    let entries = store.outbox_entries().await.unwrap();
    let held = entries.iter().find(|e| e.state == MailState::Queued).unwrap();
    assert_eq!(held.subject, "Nouvel avis 3");
    assert_eq!(held.attempts, 0);
    assert!(held.next_attempt_at_ms >= start + DAY_MS, "{held:?}");
    assert_eq!(server.received().len(), 3);
}

#[tokio::test]
async fn a_lease_is_respected_until_it_expires_then_the_mail_goes_with_the_same_message_id() {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite_store(dir.path()).await;
    let server = SmtpServer::start().await;
    let mail = alert("achats@ville.test", 1);
    let ids = enqueue_all(&store, std::slice::from_ref(&mail)).await;

    // Another sender claims it and dies.
    let request =
        ClaimRequest { owner: "mort".into(), now_ms: now_unix_millis(), lease_ms: 400, batch: 10, daily_limit: None };
    assert_eq!(store.claim_mails(&request).await.unwrap().len(), 1);
    let sender = sender(&store, &server.url());
    assert_eq!(sender.run_once().await.unwrap(), Default::default());
    assert!(server.received().is_empty());

    tokio::time::sleep(Duration::from_millis(450)).await;
    assert_eq!(sender.run_once().await.unwrap().sent, 1);
    // The dead sender's late outcome is not recorded.
    assert!(!store.finish_mail(ids[0], "mort", &Delivery::Sent, now_unix_millis()).await.unwrap());
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].header("Message-ID").as_deref(), Some(mail.message_id.as_str()));
    let entry = &store.outbox_entries().await.unwrap()[0];
    assert_eq!((entry.state, entry.attempts), (MailState::Sent, 2));
}

/// `essor --data-dir DIR mail send --once …` as a child process.
fn essor_mail_send(data_dir: &Path, url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_essor"));
    command
        .env_remove("DATABASE_URL")
        .env_remove("ESSOR_SMTP_URL")
        .args(["--data-dir".as_ref(), data_dir.as_os_str()])
        .args(["mail", "send", "--once", "--lease", "3", "--parallel", "1", "--smtp-url", url, "--mail-from", FROM]);
    command
}

// Two threads: the test SMTP server keeps answering while the test waits for a child process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sender_killed_mid_send_is_resumed_and_only_the_cut_exchange_is_sent_twice() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir: PathBuf = dir.path().join("data");
    let store = Store::open_sqlite(&data_dir.join("essor.db")).await.unwrap();
    let mails: Vec<OutgoingMail> = (1..=5).map(|n| alert(&format!("achats{n}@ville.test"), n)).collect();
    enqueue_all(&store, &mails).await;
    let server = SmtpServer::start().await;
    // The third message is received but never acknowledged: the sender is killed while waiting.
    server.set_behaviour(Behaviour { hang_after: Some(2), ..Behaviour::default() });

    let mut child = essor_mail_send(&data_dir, &server.url()).spawn().unwrap();
    server.wait_for(3, Duration::from_secs(60)).await;
    child.kill().unwrap(); // SIGKILL
    tokio::task::spawn_blocking(move || child.wait()).await.unwrap().unwrap();
    let entries = store.outbox_entries().await.unwrap();
    let states: Vec<MailState> = entries.iter().map(|e| e.state).collect();
    assert_eq!(&states[..3], &[MailState::Sent, MailState::Sent, MailState::Sending]);

    // Restarted after the lease: everything is delivered.
    server.set_behaviour(Behaviour::default());
    tokio::time::sleep(Duration::from_millis(3100)).await;
    let mut restart = essor_mail_send(&data_dir, &server.url());
    let output = tokio::task::spawn_blocking(move || restart.output()).await.unwrap().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("3 envoyé(s)"), "{output:?}");

    let received = server.received();
    assert_eq!(received.len(), 6);
    let mut copies: HashMap<String, usize> = HashMap::new();
    for message in &received {
        *copies.entry(message.header("Message-ID").unwrap()).or_default() += 1;
    }
    for (n, mail) in mails.iter().enumerate() {
        assert_eq!(copies.get(&mail.message_id), Some(&if n == 2 { 2 } else { 1 }), "{copies:?}");
    }
    assert!(store.outbox_entries().await.unwrap().iter().all(|e| e.state == MailState::Sent));

    let status = Command::new(env!("CARGO_BIN_EXE_essor"))
        .env_remove("DATABASE_URL")
        .args(["--data-dir".as_ref(), data_dir.as_os_str()])
        .args(["mail", "status"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&status.stdout).contains("0 en attente, 0 en cours d'envoi, 5 envoyé(s), 0 en échec")
    );
}

#[test]
fn a_bad_smtp_url_is_refused_naming_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let output = essor_mail_send(dir.path(), "http://u:secret@mail.test").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--smtp-url"), "{stderr}");
    assert!(!stderr.contains("secret"), "{stderr}");
}

/// A fresh schema on the PostgreSQL test server, or `None` when `ESSOR_TEST_DATABASE_URL` is unset.
async fn postgres_schema() -> Option<(sqlx::PgPool, String, String)> {
    let Ok(base) = std::env::var("ESSOR_TEST_DATABASE_URL") else {
        eprintln!("mail: PostgreSQL test skipped, ESSOR_TEST_DATABASE_URL is not set");
        return None;
    };
    let admin = sqlx::PgPool::connect(&base).await.unwrap();
    let schema = format!("essor_mail_{}_{}", std::process::id(), now_unix_millis());
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).execute(&admin).await.unwrap();
    let separator = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{separator}options[search_path]={schema}");
    Some((admin, schema, url))
}

#[tokio::test]
async fn two_senders_on_one_postgresql_database_send_each_mail_once() {
    let Some((admin, schema, url)) = postgres_schema().await else { return };
    let server = SmtpServer::start().await;
    let first = Store::connect(&url).await.unwrap();
    let second = Store::connect(&url).await.unwrap();
    let mails: Vec<OutgoingMail> = (1..=120).map(|n| alert(&format!("achats{}@ville.test", n % 7), n)).collect();
    enqueue_all(&first, &mails).await;

    let senders: Vec<Sender> = [&first, &second]
        .iter()
        .enumerate()
        .map(|(i, store)| {
            let mut config = SenderConfig::new(from());
            config.batch = 10;
            config.daily_limit = Some(15);
            config.owner = format!("serveur-{i}");
            Sender::new((*store).clone(), &SmtpUrl::parse(&server.url()).unwrap(), config).unwrap()
        })
        .collect();
    let (a, b) = tokio::join!(senders[0].run_once(), senders[1].run_once());
    let (a, b) = (a.unwrap(), b.unwrap());
    // 7 recipients, at most 15 each a day, counted across both servers.
    assert_eq!(a.sent + b.sent, 7 * 15);

    let received = server.received();
    assert_eq!(received.len(), 105);
    let mut ids: Vec<String> = received.iter().map(|r| r.header("Message-ID").unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 105);
    let mut per_recipient: HashMap<String, usize> = HashMap::new();
    for message in &received {
        *per_recipient.entry(message.to[0].clone()).or_default() += 1;
    }
    assert!(per_recipient.values().all(|n| *n == 15), "{per_recipient:?}");
    let summary = first.outbox_summary().await.unwrap();
    assert_eq!((summary.sent, summary.queued), (105, 15));

    first.close().await;
    second.close().await;
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE"))).execute(&admin).await.unwrap();
}
