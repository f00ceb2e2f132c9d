//! Benchmark of the e-mail layer: 10 000 alert-like mails queued in the SQLite outbox (one write
//! transaction), then delivered by one sender to the test SMTP server on 127.0.0.1 (real SMTP over
//! TCP, in this process). Prints the time of each phase and the rate.
//!
//! Run: `cargo bench --bench mail`. `ESSOR_BENCH_MAILS=N` changes the number of mails,
//! `ESSOR_BENCH_PARALLEL=N` the deliveries in flight (default 8, as `essor mail send`).

// A benchmark may unwrap: a failure stops it.
#![allow(clippy::unwrap_used)]

#[allow(dead_code)]
#[path = "../tests/support/smtp.rs"]
mod smtp;

use std::time::{Duration, Instant};

use essor::mail::{self, Sender, SenderConfig, SmtpUrl};
use essor::store::Store;

/// Mails of the benchmark, unless `ESSOR_BENCH_MAILS` gives another number.
const MAILS: usize = 10_000;

fn main() {
    let count = std::env::var("ESSOR_BENCH_MAILS").ok().and_then(|n| n.parse().ok()).unwrap_or(MAILS);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(run(count));
}

async fn run(count: usize) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite(&dir.path().join("essor.db")).await.unwrap();
    let server = smtp::SmtpServer::start().await;
    let from = mail::parse_mailbox("--mail-from", "essor <alertes@essor.test>").unwrap();

    let start = Instant::now();
    let mut tx = store.begin_write().await.unwrap();
    for n in 0..count {
        let text = format!("Bonjour,\n\nUn nouvel avis de marché correspond à votre activité : avis n° {n}.\n");
        let html = format!("<p>Bonjour,</p><p>Un nouvel avis de marché correspond à votre activité : avis n° {n}.</p>");
        let outgoing =
            mail::outgoing(&from, &format!("fournisseur{n}@ess.test"), "Nouvel avis", &text, Some(&html)).unwrap();
        tx.enqueue(&mail::with_unsubscribe(outgoing, &format!("https://essor.test/desabonnement/{n}"))).await.unwrap();
    }
    tx.commit().await.unwrap();
    let queued = start.elapsed();

    let mut config = SenderConfig::new(from);
    config.parallel =
        std::env::var("ESSOR_BENCH_PARALLEL").ok().and_then(|n| n.parse().ok()).unwrap_or(config.parallel);
    let parallel = config.parallel;
    let sender = Sender::new(store.clone(), &SmtpUrl::parse(&server.url()).unwrap(), config).unwrap();
    let start = Instant::now();
    let report = sender.run_once().await.unwrap();
    let sent = start.elapsed();
    assert_eq!(report.sent, count, "{report:?}");
    assert_eq!(server.wait_for(count, Duration::from_secs(10)).await.len(), count);

    println!("mail/queue {count}: {:.2} s ({:.0} mails/s)", queued.as_secs_f64(), rate(count, queued));
    println!(
        "mail/send {count} over SMTP ({parallel} in flight): {:.2} s ({:.0} mails/s)",
        sent.as_secs_f64(),
        rate(count, sent)
    );
    store.close().await;
}

fn rate(count: usize, elapsed: Duration) -> f64 {
    count as f64 / elapsed.as_secs_f64().max(1e-9)
}
