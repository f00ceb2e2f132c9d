//! The HTTP server over a real socket: the real binary, `essor serve`, on a free loopback port.

// Tests may unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{
    LINK_SECRET, Sandbox, alert_suppliers, assert_contains, cleaning_catalogue, post_form, potential_decp, request,
    signed_path, siret, small_catalogue,
};
use serde_json::Value;

fn json(port: u16, path: &str) -> (u16, Value) {
    let (status, body) = request(port, "GET", path, None);
    (status, serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}")))
}

#[test]
fn api_search_supplier_errors_and_page_over_a_socket() {
    let sb = Sandbox::new();
    let file = sb.file("s.jsonl", &small_catalogue());
    sb.essor_ok(&["import", "suppliers", file.to_str().unwrap()]);
    let server = sb.serve(&[]);
    let port = server.port;

    let (status, health) = json(port, "/healthz");
    assert_eq!(status, 200);
    assert_eq!(health["status"], "ok");
    assert_eq!(health["suppliers"], 5, "an existing catalogue is not replaced by the example one");

    let (status, found) = json(port, "/api/suppliers/search?q=nettoyage%20locaux&near=91000&radius_km=30");
    assert_eq!(status, 200);
    assert_eq!(found["total"], 2);
    assert!(found["hits"][0]["distance_km"].as_f64().unwrap() < 30.0);
    assert!(found["facets"]["kinds"].is_array());

    let (status, one) = json(port, &format!("/api/suppliers/{}", siret(5)));
    assert_eq!(status, 200);
    assert_eq!(one["kinds"][0], "ESAT");

    let (status, err) = json(port, &format!("/api/suppliers/{}", siret(99)));
    assert_eq!(status, 404);
    assert_contains(err["error"]["message"].as_str().unwrap(), "aucun fournisseur");

    let (status, err) = json(port, "/api/suppliers/123");
    assert_eq!(status, 422);
    assert_eq!(err["error"]["parameter"], "siret");

    let (status, err) = json(port, "/api/suppliers/search?q=x&near=91000&radius_km=abc");
    assert_eq!(status, 422);
    assert_eq!(err["error"]["parameter"], "radius_km");

    let (status, err) = json(port, "/api/suppliers/search?kind=XYZ");
    assert_eq!(status, 422);
    assert_eq!(err["error"]["parameter"], "kind");

    // A page too far is the user's mistake, named; a page of none gives the counts only.
    let (status, err) = json(port, "/api/suppliers/search?q=nettoyage&offset=20000");
    assert_eq!(status, 422, "{err}");
    assert_eq!(err["error"]["parameter"], "offset");
    let (status, counts) = json(port, "/api/suppliers/search?q=nettoyage&limit=0");
    assert_eq!(status, 200);
    assert_eq!(counts["hits"].as_array().map(Vec::len), Some(0));
    assert!(counts["total"].as_u64().is_some_and(|n| n > 0), "{counts}");

    // Places by name: a homonym is the user's to settle, a name with its département is found.
    let (status, err) = json(port, "/api/suppliers/search?q=x&near=Montreuil");
    assert_eq!(status, 422);
    assert_eq!(err["error"]["parameter"], "near");
    let message = err["error"]["message"].as_str().unwrap();
    assert_contains(message, "Montreuil est ambigu : ");
    assert_contains(message, "Montreuil (93, 93100)");
    assert_contains(message, "précisez le code postal ou le code INSEE");
    let (status, _) =
        json(port, "/api/suppliers/search?q=x&near=Montreuil%20(93)&radius_km=10&department=Seine-Saint-Denis");
    assert_eq!(status, 200);

    let (status, err) = json(port, "/api/nothing-here");
    assert_eq!(status, 404);
    assert!(err["error"]["message"].is_string());

    let (status, page) = request(port, "GET", "/?q=espaces+verts", None);
    assert_eq!(status, 200);
    assert_contains(&page, "<label for=\"q\">");
    assert_contains(&page, "Jardins de Montreuil");

    let (status, page) = request(port, "GET", "/?q=x&near=00000", None);
    assert_eq!(status, 422);
    assert_contains(&page, "role=\"alert\"");
}

#[test]
fn first_start_loads_the_example_catalogue_and_stops_gracefully() {
    let sb = Sandbox::new();
    let mut server = sb.serve(&[]);
    let (status, health) = json(server.port, "/healthz");
    assert_eq!(status, 200);
    assert!(health["suppliers"].as_u64().unwrap() >= 2000, "{health}");
    let (_, found) = json(server.port, "/api/suppliers/search?q=carton&near=93048&radius_km=15");
    let names: Vec<String> =
        found["hits"].as_array().unwrap().iter().map(|h| h["name"].as_str().unwrap_or("").to_lowercase()).collect();
    assert!(names.iter().any(|n| n.contains("lemontri") || n.contains("carton plein")), "{names:?}");
    // SIGTERM: requests in flight finish, then the process exits cleanly.
    let pid = server.child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(Instant::now() < deadline, "server did not stop");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn api_match_answers_like_the_command_line_and_refuses_bad_needs_with_422() {
    let sb = Sandbox::new();
    let file = sb.file("s.jsonl", &small_catalogue());
    sb.essor_ok(&["import", "suppliers", file.to_str().unwrap()]);
    let server = sb.serve(&[]);
    let port = server.port;
    let need = r#"{"id": "n1", "title": "Nettoyage de locaux", "cpv": ["90911200"], "place": {"department": "91"}}"#;
    let (status, body) = request(port, "POST", "/api/match?top=3", Some(need));
    assert_eq!(status, 200, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["need"], "n1");
    let lot = &answer["lots"][0];
    assert!(lot["lot"].is_null());
    let results = lot["results"].as_array().unwrap();
    assert!(!results.is_empty() && results.len() <= 3, "{lot}");
    assert!(results[0]["siret"].is_string() && results[0]["why"].is_array() && results[0]["score"].is_number());
    let path = sb.file("need.json", need);
    let cli: Value =
        serde_json::from_str(&sb.essor_ok(&["match", path.to_str().unwrap(), "--top", "3", "--format", "json"]))
            .unwrap();
    assert_eq!(cli["lots"][0]["results"], lot["results"], "même réponse en ligne de commande et par l'API");

    let (status, body) =
        request(port, "POST", "/api/match", Some(r#"{"id": "n2", "title": "x", "estimated_value_eur": -5}"#));
    assert_eq!(status, 422, "{body}");
    let err: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(err["error"]["parameter"], "estimated_value_eur");
    assert_eq!(err["error"]["status"], 422);
    let (status, body) = request(
        port,
        "POST",
        "/api/match",
        Some(r#"{"id": "n3", "title": "Nettoyage", "cpv": ["90911200"], "reservation": "ess"}"#),
    );
    assert_eq!(status, 422, "{body}");
    assert_contains(&body, "L2113-15");
}

#[test]
fn api_plan_answers_like_the_command_line_and_refuses_bad_needs_with_422() {
    let sb = Sandbox::new();
    let server = sb.serve(&[]);
    let port = server.port;
    let need = r#"{"id": "e", "title": "Entretien des espaces verts et nettoyage des locaux", "cpv": ["77310000", "90911200"],
        "place": {"department": "91"}, "estimated_value_eur": 400000, "consultation_date": "2026-03-15"}"#;
    let (status, body) = request(port, "POST", "/api/plan/lots", Some(need));
    assert_eq!(status, 200, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    let path = sb.file("need.json", need);
    let cli: Value =
        serde_json::from_str(&sb.essor_ok(&["plan", "lots", path.to_str().unwrap(), "--format", "json"])).unwrap();
    assert_eq!(cli, answer, "même réponse en ligne de commande et par l'API");
    assert!(answer["proposals"][0]["lots"].is_array() && answer["proposals"][0]["reasons"].is_array());
    // The buyer's most lots: no proposal holds more; a bad maximum names its parameter.
    let (status, body) = request(port, "POST", "/api/plan/lots?max_lots=2", Some(need));
    assert_eq!(status, 200, "{body}");
    let capped: Value = serde_json::from_str(&body).unwrap();
    let sizes: Vec<usize> = capped["proposals"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["lots"].as_array().map(Vec::len))
        .collect();
    assert!(!sizes.is_empty() && sizes.iter().all(|&n| n <= 2), "{sizes:?}");
    assert!(answer["proposals"][0]["lots"].as_array().map(Vec::len) > Some(2), "the uncapped best has more lots");
    for bad in ["0", "x"] {
        let (status, body) = request(port, "POST", &format!("/api/plan/lots?max_lots={bad}"), Some(need));
        assert_eq!(status, 422, "{body}");
        let err: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(err["error"]["parameter"], "max_lots");
    }

    let (status, body) = request(port, "POST", "/api/plan/consortium?lot=z", Some(need));
    assert_eq!(status, 422, "{body}");
    let err: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(err["error"]["parameter"], "lot");
    let no_value = r#"{"id": "n", "title": "Nettoyage", "cpv": ["90911200"], "place": {"department": "91"}}"#;
    let (status, body) = request(port, "POST", "/api/plan/consortium", Some(no_value));
    assert_eq!(status, 422, "{body}");
    let err: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(err["error"]["parameter"], "estimated_value_eur");
    // Members the network names: in every grouping; an unknown one is refused naming `with`.
    let cartons = r#"{"id": "ee", "title": "Collecte et réemploi des cartons", "place": {"department": "93"},
        "estimated_value_eur": 10000000, "reservation": "insertion", "consultation_date": "2026-03-15"}"#;
    let (status, body) = request(port, "POST", "/api/plan/consortium?with=99000101800011", Some(cartons));
    assert_eq!(status, 200, "{body}");
    let plan: Value = serde_json::from_str(&body).unwrap();
    let groupings = plan["groupings"].as_array().cloned().unwrap_or_default();
    assert!(!groupings.is_empty(), "{plan}");
    for g in &groupings {
        let members = g["members"].as_array().cloned().unwrap_or_default();
        assert!(members.iter().any(|m| m["siret"] == "99000101800011"), "{g}");
    }
    let (status, body) = request(port, "POST", "/api/plan/consortium?with=99000101800012", Some(cartons));
    assert_eq!(status, 422, "{body}");
    let err: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(err["error"]["parameter"], "with");
    assert_contains(&body, "99000101800012");
}

#[test]
fn api_notices_answers_like_the_command_line_and_names_bad_parameters() {
    let sb = Sandbox::new();
    let notices = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/notices");
    for name in ["ted-f02-nettoyage-evry.xml", "eforms-cn-restauration-grenoble.xml"] {
        sb.essor_ok(&["import", "notices", notices.join(name).to_str().unwrap()]);
    }
    let cli: Value = serde_json::from_str(&sb.essor_ok(&[
        "notices",
        "search",
        "nettoyage",
        "--department",
        "91",
        "--format",
        "json",
    ]))
    .unwrap();
    let server = sb.serve(&[]);
    let port = server.port;
    let (_, health) = json(port, "/healthz");
    assert_eq!(health["notices"], 2, "two procedures");

    let (status, found) = json(port, "/api/notices?q=nettoyage&department=91");
    assert_eq!(status, 200);
    assert_eq!(found, cli);
    assert_eq!(found["total"], 1);
    assert_eq!(found["hits"][0]["procedure_id"], "2024/S 040-104512");

    let (status, found) = json(port, "/api/notices?cpv=5552&open=false");
    assert_eq!((status, found["total"].as_u64()), (200, Some(1)));
    let (status, found) = json(port, "/api/notices?open=true");
    assert_eq!((status, found["total"].as_u64()), (200, Some(0)), "both time limits are past");

    for (query, parameter) in
        [("department=999", "department"), ("cpv=abc", "cpv"), ("open=peut-etre", "open"), ("limit=-1", "limit")]
    {
        let (status, err) = json(port, &format!("/api/notices?{query}"));
        assert_eq!(status, 422, "{query}");
        assert_eq!(err["error"]["parameter"], parameter, "{query}");
    }
}

#[test]
fn api_spaser_answers_like_the_command_line_and_names_what_is_wrong() {
    let sb = Sandbox::new();
    let file = sb.file("s.jsonl", &cleaning_catalogue());
    sb.essor_ok(&["import", "suppliers", file.to_str().unwrap()]);
    let decp = potential_decp();
    let server = sb.serve(&[]);
    let port = server.port;
    let (status, body) = request(port, "POST", "/api/spaser?buyer=21310000000016&year=2026", Some(&decp));
    assert_eq!(status, 200, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["potential"]["reservable"][0]["article"], "L2113-13", "{answer}");
    let path = sb.file("decp.jsonl", &decp);
    let cli: Value = serde_json::from_str(&sb.essor_ok(&[
        "spaser",
        path.to_str().unwrap(),
        "--buyer",
        "21310000000016",
        "--year",
        "2026",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(cli, answer, "même réponse en ligne de commande et par l'API");

    for (path, body, parameter) in [
        ("/api/spaser?buyer=123&year=2026", decp.as_str(), "buyer"),
        ("/api/spaser?buyer=21310000000016&year=deux", decp.as_str(), "year"),
        ("/api/spaser?buyer=21310000000016", decp.as_str(), "year"),
        ("/api/spaser?buyer=21310000000016&year=2026", "", "body"),
        ("/api/spaser?buyer=21310000000016&year=2026", r#"{"hello": "world"}"#, "body"),
        ("/api/spaser?buyer=21910000000013&year=2026", decp.as_str(), "buyer"),
    ] {
        let (status, answer) = request(port, "POST", path, Some(body));
        assert_eq!(status, 422, "{path}: {answer}");
        let err: Value = serde_json::from_str(&answer).unwrap();
        assert_eq!(err["error"]["parameter"], parameter, "{path}: {answer}");
    }

    // A body announced larger than the limit is refused before it is read.
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        stream,
        "POST /api/spaser?buyer=21310000000016&year=2026 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{{",
        64 * 1024 * 1024
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert_contains(&text, "trop volumineux");
}

#[test]
fn the_unsubscribe_link_asks_first_then_pauses_the_alerts_and_a_forged_or_old_one_is_refused() {
    use essor::alerts::links::LinkPurpose;
    const ACI: &str = "99400000000004";
    let sb = alert_suppliers();
    let server = sb.serve(&["--no-example", "--link-secret", LINK_SECRET]);
    let now = jiff::Timestamp::now().as_second();
    let path = signed_path("desinscription", ACI, LinkPurpose::Unsubscribe, now + 3600);
    let frequency = || sb.essor_ok(&["alerts", "preferences", ACI, "--format", "json"]);

    let (status, page) = request(server.port, "GET", &path, None);
    assert_eq!(status, 200, "{page}");
    assert_contains(&page, "Confirmez");
    assert_contains(&frequency(), "\"frequency\":\"each\"");

    let (status, page) = request(server.port, "POST", &path, Some("List-Unsubscribe=One-Click"));
    assert_eq!(status, 200, "{page}");
    assert_contains(&page, "Alertes arrêtées");
    assert_contains(&frequency(), "\"frequency\":\"paused\"");

    let forged = path.replace(ACI, "99100000000000");
    let (status, page) = request(server.port, "POST", &forged, None);
    assert_eq!(status, 400, "{page}");
    assert_contains(&page, "lien invalide");
    let old = signed_path("desinscription", ACI, LinkPurpose::Unsubscribe, now - 1);
    let (status, page) = request(server.port, "POST", &old, None);
    assert_eq!(status, 400, "{page}");
    assert_contains(&page, "lien expiré");
}

#[test]
fn the_preferences_link_shows_the_form_and_records_it_only_with_its_anti_forgery_token() {
    use essor::alerts::links::LinkPurpose;
    const ACI: &str = "99400000000004";
    let sb = alert_suppliers();
    let server = sb.serve(&["--no-example", "--link-secret", LINK_SECRET]);
    let now = jiff::Timestamp::now().as_second();
    let path = signed_path("alertes", ACI, LinkPurpose::Preferences, now + 3600);
    let stored = || sb.essor_ok(&["alerts", "preferences", ACI, "--format", "json"]);

    let (status, page) = request(server.port, "GET", &path, None);
    assert_eq!(status, 200, "{page}");
    assert_contains(&page, "Vos alertes d'appels d'offres");
    assert_contains(&page, "<option value=\"each\" selected>");
    let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    assert!(!page.contains("@"), "no e-mail address on the page: {page}");

    // A form from elsewhere (no or another token) changes nothing.
    let (status, page) = post_form(server.port, &path, "frequency=paused");
    assert_eq!(status, 403, "{page}");
    let (status, _) = post_form(server.port, &path, &format!("csrf={}&frequency=paused", "0".repeat(64)));
    assert_eq!(status, 403);
    assert_contains(&stored(), "\"frequency\":\"each\"");

    // A wrong value: the form again as typed, the field named, nothing recorded.
    let (status, page) = post_form(server.port, &path, &format!("csrf={csrf}&frequency=weekly&departments=91%2C+999"));
    assert_eq!(status, 422, "{page}");
    assert_contains(&page, "département inconnu");
    assert_contains(&page, "value=\"91, 999\"");
    assert_contains(&page, "id=\"departments\" name=\"departments\" value=\"91, 999\"");
    assert_contains(&stored(), "\"frequency\":\"each\"");

    let body = format!(
        "csrf={csrf}&frequency=weekly&departments=91%2C94&keywords=vitrerie&cpv=909&min_value=20+000&reserved_only=on"
    );
    let (status, page) = post_form(server.port, &path, &body);
    assert_eq!(status, 200, "{page}");
    assert_contains(&page, "Vos préférences sont enregistrées");
    assert_contains(&page, "<option value=\"weekly\" selected>");
    let now_stored = stored();
    for expected in [
        "\"frequency\":\"weekly\"",
        "\"departments\":[\"91\",\"94\"]",
        "\"keywords\":[\"vitrerie\"]",
        "\"cpv_prefixes\":[\"909\"]",
        "\"min_value_eur\":20000.0",
        "\"reserved_only\":true",
    ] {
        assert_contains(&now_stored, expected);
    }

    // An unsubscription link does not open the preferences, nor the other way round.
    let unsubscribe = signed_path("alertes", ACI, LinkPurpose::Unsubscribe, now + 3600);
    let (status, page) = request(server.port, "GET", &unsubscribe, None);
    assert_eq!(status, 400, "{page}");
    assert_contains(&page, "lien invalide");
}

/// The head of the answer to `GET path`: status line and headers, lower-cased.
fn response_head(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_ascii_lowercase();
    text.split_once("\r\n\r\n").unwrap().0.to_string()
}

#[test]
fn every_answer_carries_the_security_headers_and_link_pages_are_never_cached() {
    let sb = Sandbox::new();
    let server = sb.serve(&["--no-example", "--link-secret", LINK_SECRET]);
    for path in ["/", "/api/suppliers/search?q=x", "/nulle-part", "/alertes/faux", "/desinscription/faux"] {
        let head = response_head(server.port, path);
        for header in [
            "x-content-type-options: nosniff",
            "x-frame-options: deny",
            "referrer-policy: no-referrer",
            "content-security-policy: default-src 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(head.contains(header), "{header} on {path}:\n{head}");
        }
        let personal = path.starts_with("/alertes/") || path.starts_with("/desinscription/");
        assert_eq!(head.contains("cache-control: no-store"), personal, "{path}:\n{head}");
    }
}
