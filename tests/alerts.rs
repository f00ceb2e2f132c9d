//! Alerts through the real binary: cleaning notices of the Essonne (`tests/fixtures/alerts/notices`) and a
//! small catalogue (`tests/fixtures/alerts/suppliers.jsonl`, with e-mail addresses): cleaning SIAE and EA of
//! the Essonne, a catering EA of the Essonne and a catering ESAT of the Isère.

// Tests may unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;
mod support;

use std::path::PathBuf;
use std::time::Duration;

use common::{LINK_SECRET, Sandbox, alert_suppliers, assert_contains, post_form};
use serde_json::Value;
use support::smtp::SmtpServer;

/// Propreté Solidaire Massy: cleaning EI of Massy (91), 900 k€ turnover.
const EI_MASSY: &str = "99100000000000";
/// Net'Adapté Évry: cleaning EA of Évry (91).
const EA_EVRY: &str = "99200000000008";
/// Les Cuisines du Vercors: catering ESAT of Grenoble (38).
const ESAT_GRENOBLE: &str = "99300000000006";
/// Petit Ménage Palaiseau: cleaning ACI of Palaiseau (91), 150 k€ turnover.
const ACI_PALAISEAU: &str = "99400000000004";
/// Brillance Savigny: cleaning EI of Savigny (91), without e-mail address.
const EI_WITHOUT_EMAIL: &str = "99600000000009";
/// Lumière Propreté: cleaning EI of Massy (91).
const EI_LUMIERE: &str = "99700000000007";
/// Saveurs Adaptées Évry: catering EA of Évry (91), within reach of the cleaning lots but of another trade.
const EA_CATERING_EVRY: &str = "99800000000005";

/// The Massy notice: one lot of school cleaning, 400 k€, reserved `res-ws`.
const MASSY: &str = "massy-nettoyage-2026";
/// The Essonne notice: one lot of college cleaning, 3 M€, not reserved.
const ESSONNE: &str = "essonne-nettoyage-colleges-2026";
/// A Palaiseau notice whose time limit passed in 2020.
const PALAISEAU: &str = "palaiseau-nettoyage-2020";

fn fixtures(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/alerts").join(path).display().to_string()
}

/// A data folder holding the suppliers and the notices.
fn sandbox() -> Sandbox {
    let sb = alert_suppliers();
    sb.essor_ok(&["import", "notices", &fixtures("notices")]);
    sb
}

/// `essor alerts preview SIRET --format json`: the alerts.
fn preview(sb: &Sandbox, siret: &str) -> Vec<Value> {
    let out = sb.essor_ok(&["alerts", "preview", siret, "--format", "json"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["siret"], siret);
    doc["alerts"].as_array().unwrap().clone()
}

fn procedures(alerts: &[Value]) -> Vec<&str> {
    let mut keys: Vec<&str> = alerts.iter().map(|a| a["procedure_id"].as_str().unwrap()).collect();
    keys.sort_unstable();
    keys
}

fn compute(sb: &Sandbox) -> Value {
    serde_json::from_str(&sb.essor_ok(&["alerts", "compute", "--format", "json"])).unwrap()
}

#[test]
fn a_reserved_cleaning_notice_of_the_essonne_reaches_nearby_cleaning_siae_and_ea_only() {
    let sb = sandbox();
    for siret in [EI_MASSY, EA_EVRY] {
        let alerts = preview(&sb, siret);
        let massy = alerts.iter().find(|a| a["procedure_id"] == MASSY).unwrap_or_else(|| panic!("{siret}: {alerts:?}"));
        assert_eq!(massy["reservation"], "inclusive", "res-ws is read as L2113-14");
        assert_eq!(massy["lot_id"], "LOT-0001");
        assert_eq!(massy["buyer"], "Commune de Massy");
        assert_eq!(massy["value_eur"], 400000.0);
        assert!(massy["deadline"].as_str().unwrap().starts_with("2099-06-30"));
        assert!(massy["link"].as_str().unwrap().starts_with("https://"));
        assert!(matches!(massy["relevance"].as_str(), Some("stated" | "presumed")));
        assert!(massy["why"].as_array().unwrap().iter().any(|w| w["reason"] == "eligible"));
        assert!(!procedures(&alerts).contains(&PALAISEAU), "a passed time limit alerts nobody");
    }
    let under =
        |siret| preview(&sb, siret).into_iter().find(|a| a["procedure_id"] == MASSY).unwrap()["eligible_under"].clone();
    assert_eq!(under(EI_MASSY), "insertion", "an EI answers under L2113-13");
    assert_eq!(under(EA_EVRY), "handicap", "an EA answers under L2113-12");

    assert!(preview(&sb, ESAT_GRENOBLE).is_empty(), "a catering ESAT of the Isère gets nothing");
    assert!(preview(&sb, EA_CATERING_EVRY).is_empty(), "a catering EA nearby, of another trade, gets nothing");
    assert!(preview(&sb, EI_WITHOUT_EMAIL).is_empty(), "no e-mail address, no alert");

    let text = sb.essor_ok(&["alerts", "preview", EA_EVRY]);
    assert_contains(&text, "Nettoyage des écoles et des crèches — Commune de Massy");
    assert_contains(&text, "vous pouvez y répondre au titre de L2113-12");
    assert_contains(&text, "date limite : 30/06/2099");
    assert!(!text.contains('@'), "{text}");
}

#[test]
fn a_three_million_lot_reaches_a_small_siae_with_partners_named() {
    let sb = sandbox();
    let alerts = preview(&sb, ACI_PALAISEAU);
    let big = alerts.iter().find(|a| a["procedure_id"] == ESSONNE).unwrap_or_else(|| panic!("{alerts:?}"));
    assert_eq!(big["value_eur"], 3_000_000.0);
    assert_eq!(big["too_large_alone"]["revenue_eur"], 150_000.0);
    let partners = big["partners"].as_array().unwrap();
    assert!((1..=3).contains(&partners.len()), "{partners:?}");
    for p in partners {
        assert_ne!(p["siret"], ACI_PALAISEAU, "the supplier is not its own partner");
        assert_ne!(p["siret"], ESAT_GRENOBLE, "a catering ESAT is no partner for cleaning");
    }
    let text = sb.essor_ok(&["alerts", "preview", ACI_PALAISEAU]);
    assert_contains(&text, "Partenaires proches pour un groupement");
    assert_contains(&text, "3 000 000 €");
}

#[test]
fn a_paused_supplier_gets_nothing_and_preferences_filter_its_alerts() {
    let sb = sandbox();
    assert_eq!(procedures(&preview(&sb, EI_LUMIERE)), [ESSONNE, MASSY]);
    let out = sb.essor_ok(&["alerts", "preferences", EI_LUMIERE, "--frequency", "paused"]);
    assert_contains(&out, "en pause");
    assert!(preview(&sb, EI_LUMIERE).is_empty());

    sb.essor_ok(&["alerts", "preferences", EI_LUMIERE, "--frequency", "daily", "--reserved-only", "true"]);
    assert_eq!(procedures(&preview(&sb, EI_LUMIERE)), [MASSY]);
    sb.essor_ok(&["alerts", "preferences", EI_LUMIERE, "--reserved-only", "false", "--min-value", "1000000"]);
    assert_eq!(procedures(&preview(&sb, EI_LUMIERE)), [ESSONNE]);
    sb.essor_ok(&["alerts", "preferences", EI_LUMIERE, "--min-value", "", "--departments", "94,75"]);
    assert!(preview(&sb, EI_LUMIERE).is_empty());
    sb.essor_ok(&[
        "alerts",
        "preferences",
        EI_LUMIERE,
        "--departments",
        "91",
        "--keywords",
        "collèges",
        "--cpv",
        "909",
    ]);
    assert_eq!(procedures(&preview(&sb, EI_LUMIERE)), [ESSONNE]);

    let profile: Value =
        serde_json::from_str(&sb.essor_ok(&["alerts", "preferences", EI_LUMIERE, "--format", "json"])).unwrap();
    assert_eq!(profile["preferences"]["frequency"], "daily");
    assert_eq!(profile["preferences"]["departments"], serde_json::json!(["91"]));
    assert_eq!(profile["preferences"]["cpv_prefixes"], serde_json::json!(["909"]));
    assert_eq!(profile["email_on_record"], true);
    assert_eq!(profile["record"]["eligible"], serde_json::json!(["insertion", "inclusive"]));
    assert!(!profile.to_string().contains('@'), "no e-mail address shown: {profile}");
}

#[test]
fn computing_twice_records_nothing_new() {
    let sb = sandbox();
    sb.essor_ok(&["alerts", "preferences", EI_LUMIERE, "--frequency", "paused"]);
    let first = compute(&sb);
    assert_eq!(first["procedures"], 2, "{first}");
    assert_eq!(first["recipients"], 7, "suppliers with an e-mail address");
    let recorded = first["recorded"].as_u64().unwrap();
    assert!(recorded >= 6, "{first}");
    assert_eq!(first["total_recorded"].as_u64(), Some(recorded));
    let second = compute(&sb);
    assert_eq!(second["recorded"], 0, "{second}");
    assert_eq!(second["total_recorded"].as_u64(), Some(recorded));
    assert!(preview(&sb, EI_MASSY).is_empty(), "what is recorded is not previewed again");
    // Resuming does not bring back what was recorded, and brings what the pause kept back.
    sb.essor_ok(&["alerts", "preferences", EI_LUMIERE, "--frequency", "each"]);
    let third = compute(&sb);
    assert_eq!(third["recorded"], 2, "{third}");
    assert_eq!(compute(&sb)["recorded"], 0);
    let text = sb.essor_ok(&["alerts", "compute"]);
    assert_contains(&text, "0 alerte(s) nouvelle(s) enregistrée(s)");
}

#[test]
fn wrong_preferences_name_their_flag_and_change_nothing() {
    let sb = sandbox();
    for (args, flag) in [
        (vec!["--frequency", "hourly"], "--frequency"),
        (vec!["--departments", "91,99"], "--departments"),
        (vec!["--cpv", "90a"], "--cpv"),
        (vec!["--min-value", "-5"], "--min-value"),
        (vec!["--reserved-only", "maybe"], "--reserved-only"),
        (vec!["--frequency", "weekly", "--min-value", "beaucoup"], "--min-value"),
    ] {
        let mut all = vec!["alerts", "preferences", EI_MASSY];
        all.extend(args.iter());
        let out = sb.essor(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_contains(&err, flag);
        assert!(!err.contains("panicked"), "{err}");
    }
    let profile = sb.essor_ok(&["alerts", "preferences", EI_MASSY]);
    assert_contains(&profile, "Profil par défaut");
    assert_contains(&profile, "[each]");

    for (siret, code) in [("123", 2), ("99999999999999", 2)] {
        let out = sb.essor(&["alerts", "preferences", siret]);
        assert_eq!(out.status.code(), Some(code), "{siret}");
    }
    let out = sb.essor(&["alerts", "preview", EI_MASSY, "--top", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert_contains(&String::from_utf8_lossy(&out.stderr), "--top");
}

mod http {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::Duration;

    use super::*;

    const TOKEN: &str = "jeton-de-test-0123456789";

    fn start(sb: &Sandbox, token: Option<&str>) -> common::Server {
        match token {
            Some(token) => sb.serve(&["--no-example", "--api-token", token]),
            None => sb.serve(&["--no-example"]),
        }
    }

    /// (status, body) of one request, with `Authorization: Bearer TOKEN` when a token is given.
    fn call(port: u16, method: &str, path: &str, token: Option<&str>, body: &str) -> (u16, Value) {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
        write!(
            stream,
            "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).unwrap();
        let (head, rest) = raw.split_once("\r\n\r\n").unwrap();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        (status, serde_json::from_str(rest).unwrap_or(Value::Null))
    }

    #[test]
    fn the_alerts_api_asks_for_the_token_and_never_shows_an_e_mail_address() {
        let sb = sandbox();
        let server = start(&sb, Some(TOKEN));
        let path = format!("/api/suppliers/{EI_MASSY}/alerts");
        assert_eq!(call(server.port, "GET", &path, None, "").0, 401);
        let (status, body) = call(server.port, "GET", &path, Some("jeton-de-test-0123456780"), "");
        assert_eq!((status, body["error"]["code"].as_str()), (401, Some("unauthorized")));

        let (status, body) = call(server.port, "GET", &path, Some(TOKEN), "");
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["preferences"]["frequency"], "each");
        assert_eq!(body["customised"], false);
        assert!(!body.to_string().contains('@'), "{body}");

        let put =
            r#"{"frequency": "weekly", "departments": ["91", "94"], "cpv_prefixes": ["909"], "min_value_eur": 50000}"#;
        assert_eq!(call(server.port, "PUT", &path, None, put).0, 401);
        let (status, body) = call(server.port, "PUT", &path, Some(TOKEN), put);
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["preferences"]["departments"], serde_json::json!(["91", "94"]));
        assert_eq!(body["preferences"]["min_value_eur"], 50000.0);
        assert!(!body.to_string().contains('@'), "{body}");

        for (bad, parameter) in [
            (r#"{"frequency": "hourly"}"#, "frequency"),
            (r#"{"departments": ["99"]}"#, "departments"),
            (r#"{"min_value_eur": -1}"#, "min_value_eur"),
            (r#"{"email": "x@example.org"}"#, "email"),
        ] {
            let (status, body) = call(server.port, "PUT", &path, Some(TOKEN), bad);
            assert_eq!((status, body["error"]["parameter"].as_str()), (422, Some(parameter)), "{bad}: {body}");
        }
        let unknown = call(server.port, "GET", "/api/suppliers/99999999999999/alerts", Some(TOKEN), "").0;
        assert!(unknown == 404 || unknown == 422, "{unknown}");

        let (status, record) = call(server.port, "GET", &format!("/api/suppliers/{EI_MASSY}"), None, "");
        assert_eq!(status, 200);
        assert!(record.get("email").is_none() && !record.to_string().contains('@'), "{record}");
    }

    #[test]
    fn without_a_token_configured_the_alerts_api_refuses_everyone() {
        let sb = sandbox();
        let server = start(&sb, None);
        let path = format!("/api/suppliers/{EI_MASSY}/alerts");
        assert_eq!(call(server.port, "GET", &path, Some(TOKEN), "").0, 401);
        assert_eq!(call(server.port, "GET", &path, Some(""), "").0, 401);
    }
}

/// The sender of the alert e-mails in these tests.
const MAIL_FROM: &str = "essor <alertes@essor.test>";

#[test]
fn the_alerts_of_an_awarded_procedure_are_withdrawn_not_sent() {
    let sb = sandbox();
    let with_email = std::fs::read_to_string(fixtures("suppliers.jsonl")).unwrap();
    let sirets: Vec<String> = with_email
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|s| s["email"].is_string())
        .map(|s| s["siret"].as_str().unwrap().to_string())
        .collect();
    let massy: usize =
        sirets.iter().map(|siret| preview(&sb, siret).iter().filter(|a| a["procedure_id"] == MASSY).count()).sum();
    assert!(massy >= 3, "the Massy lot alerts the nearby cleaning SIAE and EA");
    compute(&sb);
    sb.essor_ok(&["import", "notices", &fixtures("later/can-nettoyage-massy.xml")]);
    let sent = send(&sb);
    assert_eq!(sent["withdrawn"].as_u64(), Some(massy as u64), "{sent}");
    assert_eq!(sent["alerts"].as_u64().unwrap() + massy as u64, sent["waiting"].as_u64().unwrap(), "{sent}");
    let status: Value = serde_json::from_str(&sb.essor_ok(&["alerts", "status", "--format", "json"])).unwrap();
    assert_eq!(status["waiting"].as_u64(), Some(0), "{status}");
    assert_eq!(compute(&sb)["recorded"], 0, "an awarded procedure alerts no one again");
}

#[test]
fn killed_while_importing_notices_or_computing_alerts_nothing_is_lost_nor_recorded_twice() {
    // What a run never killed leaves.
    let reference = sandbox();
    let expected = compute(&reference);
    let expected_waiting = status(&reference)["waiting"].clone();

    let sb = alert_suppliers();
    let notices = fixtures("notices");
    // SIGKILL at many moments: before the work starts, during it, after it ends.
    for step in ["import", "compute"] {
        for delay_ms in (0..600).step_by(50) {
            let args: Vec<&str> =
                if step == "import" { vec!["import", "notices", &notices] } else { vec!["alerts", "compute"] };
            let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_essor"))
                .arg("--data-dir")
                .arg(sb.data_dir())
                .args(&args)
                .env_remove("DATABASE_URL")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(delay_ms));
            let _ = child.kill(); // SIGKILL
            child.wait().unwrap();
        }
        if step == "import" {
            sb.essor_ok(&["import", "notices", &notices]);
        }
    }
    compute(&sb);
    let after = status(&sb);
    assert_eq!(after["recorded"], expected["total_recorded"], "{after} against {expected}");
    assert_eq!(after["waiting"], expected_waiting, "{after}");
    let search = |sb: &Sandbox| sb.essor_ok(&["notices", "search", "", "--format", "json"]);
    assert_eq!(search(&sb), search(&reference), "the notices are those of one clean import");
    assert_eq!(compute(&sb)["recorded"], 0, "every alert was recorded once");
}

fn status(sb: &Sandbox) -> Value {
    serde_json::from_str(&sb.essor_ok(&["alerts", "status", "--format", "json"])).unwrap()
}

/// `essor alerts send --format json`: what was queued.
fn send(sb: &Sandbox) -> Value {
    send_with(sb, &[])
}

/// [`send`] with more options.
fn send_with(sb: &Sandbox, options: &[&str]) -> Value {
    let mut args = vec!["alerts", "send", "--mail-from", MAIL_FROM, "--public-url", "http://essor.test/"];
    args.extend(["--link-secret", LINK_SECRET, "--format", "json"]);
    args.extend(options);
    serde_json::from_str(&sb.essor_ok(&args)).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn alert_mails_reach_the_smtp_server_once_a_weekly_digest_gathers_its_lots_and_their_link_stops_them() {
    let sb = sandbox();
    sb.essor_ok(&["import", "notices", &fixtures("later/cn-vitrerie-palaiseau.xml")]);
    sb.essor_ok(&["alerts", "preferences", ACI_PALAISEAU, "--frequency", "weekly"]);
    compute(&sb);
    let dry = send_with(&sb, &["--dry-run"]);
    let first = send(&sb);
    assert_eq!(dry["mails"], first["mails"], "a dry run says what a run does");
    assert_eq!(first["alerts"], first["waiting"], "every waiting alert is carried");
    let mails = first["mails"].as_u64().unwrap() as usize;
    assert!(mails >= 3, "{first}");
    let again = send(&sb);
    assert_eq!((again["mails"].as_u64(), again["waiting"].as_u64()), (Some(0), Some(0)), "each alert is sent once");
    let status: Value = serde_json::from_str(&sb.essor_ok(&["alerts", "status", "--format", "json"])).unwrap();
    assert_eq!((status["waiting"].as_u64(), &status["queued"]), (Some(0), &first["alerts"]), "{status}");
    assert_eq!(status["mail"]["queued"].as_u64(), Some(mails as u64), "{status}");

    let server = SmtpServer::start().await;
    let deliver = ["mail", "send", "--once", "--smtp-url", &server.url(), "--mail-from", MAIL_FROM];
    sb.essor_ok(&deliver);
    let received = server.wait_for(mails, Duration::from_secs(30)).await;
    assert_eq!(received.len(), mails);
    let digest: Vec<_> = received.iter().filter(|r| r.to.iter().any(|t| t.starts_with("aci@"))).collect();
    assert_eq!(digest.len(), 1, "one weekly digest for the three lots");
    assert_eq!(digest[0].header("Subject").unwrap(), "Vos alertes de la semaine : 3 lots pour vous");
    let text = digest[0].decoded();
    for lot in ["Nettoyage des écoles et des crèches", "Nettoyage des locaux des collèges", "Nettoyage des vitres"] {
        assert!(text.contains(lot), "{lot} in {text}");
    }
    assert!(text.contains("http://essor.test/alertes/"), "{text}");
    for mail in &received {
        let link = mail.header("List-Unsubscribe").unwrap();
        assert!(link.starts_with("<http://essor.test/desinscription/"), "{link}");
        assert_eq!(mail.header("List-Unsubscribe-Post").unwrap(), "List-Unsubscribe=One-Click");
    }
    assert!(digest[0].header("List-Unsubscribe").unwrap().contains(&format!("/desinscription/{ACI_PALAISEAU}.")));
    sb.essor_ok(&deliver);
    assert_eq!(server.received().len(), mails, "a second pass sends nothing again");

    // The mail reader's one-click unsubscription, with the link of the e-mail received, over HTTP (its
    // alerts set back to each notice first, so that only the unsubscription can keep the next one away).
    sb.essor_ok(&["alerts", "preferences", ACI_PALAISEAU, "--frequency", "each"]);
    let link = digest[0].header("List-Unsubscribe").unwrap();
    let path = link.trim_matches(['<', '>']).trim_start_matches("http://essor.test").to_string();
    let web = sb.serve(&["--no-example", "--link-secret", LINK_SECRET]);
    let (status, page) = post_form(web.port, &path, "List-Unsubscribe=One-Click");
    assert_eq!(status, 200, "{page}");
    assert_contains(&sb.essor_ok(&["alerts", "preferences", ACI_PALAISEAU, "--format", "json"]), "\"paused\"");
    // A new notice for it afterwards: nothing more is sent to it, the others still hear of it.
    sb.essor_ok(&["import", "notices", &fixtures("later/cn-nettoyage-orsay.xml")]);
    compute(&sb);
    let later = send(&sb);
    assert!(later["mails"].as_u64().unwrap() > 0, "{later}");
    sb.essor_ok(&deliver);
    let after = server.wait_for(mails + later["mails"].as_u64().unwrap() as usize, Duration::from_secs(30)).await;
    let to_aci = after.iter().filter(|r| r.to.iter().any(|t| t.starts_with("aci@"))).count();
    assert_eq!(to_aci, 1, "nothing more after the unsubscription");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_given_an_smtp_url_delivers_the_alert_mails_once_the_smtp_server_is_back() {
    let sb = sandbox();
    compute(&sb);
    let queued = send(&sb)["mails"].as_u64().unwrap() as usize;
    assert!(queued > 0);
    // The SMTP server is down when the web server starts: the mails wait, then go once it is up.
    let port = SmtpServer::free_port();
    let smtp_url = format!("smtp://127.0.0.1:{port}");
    let serve = sb.serve(&["--no-example", "--smtp-url", &smtp_url, "--mail-from", MAIL_FROM]);
    tokio::time::sleep(Duration::from_secs(3)).await;
    let server = SmtpServer::start_on(port).await;
    // The first attempt failed: the retry comes a minute later (the default backoff).
    let received = server.wait_for(queued, Duration::from_secs(150)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    drop(serve);
    assert_eq!(received.len(), queued);
    assert_eq!(server.received().len(), queued, "each mail delivered once");
    server.stop().await;
}
