//! Helpers shared by the integration tests: running the real binary on a fresh data folder.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// `essor serve` running as a child process, killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh data folder and a scratch folder for input files.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox { dir: tempfile::tempdir().unwrap() }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn file(&self, name: &str, content: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        path
    }

    /// Runs `essor --data-dir DATA args…` with no database URL from the environment.
    pub fn essor(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_essor"))
            .arg("--data-dir")
            .arg(self.data_dir())
            .args(args)
            .env_remove("DATABASE_URL")
            .env_remove("ESSOR_DATA_DIR")
            .output()
            .unwrap()
    }

    /// Starts `essor serve` on this data folder, on a free loopback port, with `extra` options; stopped
    /// when dropped.
    pub fn serve(&self, extra: &[&str]) -> Server {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(env!("CARGO_BIN_EXE_essor"))
            .arg("--data-dir")
            .arg(self.data_dir())
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .args(extra)
            .env_remove("DATABASE_URL")
            .env_remove("ESSOR_API_TOKEN")
            .env_remove("ESSOR_LINK_SECRET")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Server { child, port };
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("server did not start");
    }

    pub fn essor_ok(&self, args: &[&str]) -> String {
        let out = self.essor(args);
        assert!(out.status.success(), "essor {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    /// The SIRETs a search with no text returns (the whole catalogue up to 1000).
    pub fn all_sirets(&self) -> Vec<String> {
        let out = self.essor_ok(&["search", "", "--top", "1000", "--format", "jsonl"]);
        let mut sirets: Vec<String> = out
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["siret"].as_str().unwrap().to_string())
            .collect();
        sirets.sort();
        sirets
    }
}

/// A valid SIRET built from a number (Luhn check digit added).
pub fn siret(n: u32) -> String {
    let prefix = format!("8{n:08}0001");
    (0..=9).map(|d| format!("{prefix}{d}")).find(|s| luhn(s)).unwrap()
}

/// True when the digits pass the Luhn check.
pub fn luhn(s: &str) -> bool {
    let sum: u32 = s
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A small catalogue in the import format.
pub fn small_catalogue() -> String {
    [
        format!(r#"{{"siret": "{}", "name": "Essonne Nettoyage Insertion", "kinds": ["ACI"], "description": "Nettoyage de locaux et de bureaux, entretien des collèges", "cpv": ["90911200"], "post_code": "91000", "city": "Évry-Courcouronnes", "department": "91", "lat": 48.63, "lon": 2.44}}"#, siret(1)),
        format!(r#"{{"siret": "{}", "name": "Propreté du Val", "kinds": ["EI"], "description": "Entreprise d'insertion : nettoyage des locaux professionnels", "post_code": "91100", "city": "Corbeil-Essonnes", "department": "91", "lat": 48.61, "lon": 2.48}}"#, siret(2)),
        format!(r#"{{"siret": "{}", "name": "Jardins de Montreuil", "kinds": ["ACI"], "description": "Entretien des espaces verts et maraîchage", "post_code": "93100", "city": "Montreuil", "department": "93", "lat": 48.86, "lon": 2.44}}"#, siret(3)),
        format!(r#"{{"siret": "{}", "name": "Lyon Nettoyage Solidaire", "kinds": ["EI"], "description": "Nettoyage de locaux", "post_code": "69001", "city": "Lyon", "department": "69", "lat": 45.76, "lon": 4.83}}"#, siret(4)),
        format!(r#"{{"siret": "{}", "name": "ESAT Les Ateliers", "kinds": ["ESAT"], "description": "Blanchisserie et conditionnement", "post_code": "31000", "city": "Toulouse", "department": "31", "lat": 43.60, "lon": 1.44}}"#, siret(5)),
    ]
    .join("\n")
        + "\n"
}

pub fn assert_contains(haystack: &str, needle: &str) {
    assert!(haystack.contains(needle), "expected «{needle}» in:\n{haystack}");
}

pub fn exists(p: &Path) -> bool {
    p.try_exists().unwrap_or(false)
}

/// Four cleaning SIAE and one EA around Évry (91), one landscaping ACI in Lyon.
pub fn cleaning_catalogue() -> String {
    let cleaner = |n: u32, kind: &str, name: &str, post_code: &str, city: &str, lat: f64, lon: f64| {
        format!(
            r#"{{"siret": "{}", "name": "{name}", "kinds": ["{kind}"], "description": "Nettoyage de locaux et de bureaux, entretien ménager", "cpv": ["90911200"], "post_code": "{post_code}", "city": "{city}", "department": "91", "lat": {lat}, "lon": {lon}}}"#,
            siret(n)
        )
    };
    [
        cleaner(11, "ACI", "Essonne Nettoyage Insertion", "91000", "Évry-Courcouronnes", 48.63, 2.44),
        cleaner(12, "EI", "Propreté du Val", "91100", "Corbeil-Essonnes", 48.61, 2.48),
        cleaner(13, "AI", "Services Ménagers Solidaires", "91300", "Massy", 48.73, 2.27),
        cleaner(14, "ETTI", "Intérim Propreté 91", "91120", "Palaiseau", 48.71, 2.25),
        cleaner(15, "EA", "Atelier Nettoyage Adapté", "91200", "Athis-Mons", 48.71, 2.39),
        format!(
            r#"{{"siret": "{}", "name": "Jardins du Rhône", "kinds": ["ACI"], "description": "Entretien des espaces verts", "post_code": "69001", "city": "Lyon", "department": "69", "lat": 45.76, "lon": 4.83}}"#,
            siret(16)
        ),
    ]
    .join("\n")
        + "\n"
}

/// One buyer's 2026 contracts: a cleaning contract in the Essonne and one in Évry awarded to an ordinary
/// company, the same trade already reserved, one won by a catalogue SIAE, and civil-engineering works.
pub fn potential_decp() -> String {
    let record = |id: &str, object: &str, cpv: &str, place: (&str, &str), amount: u32, social: &str, holder: &str| {
        format!(
            r#"{{"id": "{id}", "acheteur": {{"id": "21310000000016"}}, "objet": "{object}", "codeCPV": "{cpv}", "montant": {amount}, "dateNotification": "2026-03-10", "dureeMois": 24, "lieuExecution": {{"code": "{}", "typeCode": "{}"}}, "considerationsSociales": [{social}], "considerationsEnvironnementales": ["Clause environnementale"], "titulaires": [{{"typeIdentifiant": "SIRET", "id": "{holder}", "denominationSociale": "TITULAIRE {id}"}}]}}"#,
            place.0, place.1
        )
    };
    let ordinary = "77511111100016";
    [
        record(
            "P1",
            "Nettoyage des locaux administratifs",
            "90911200",
            ("91", "Code département"),
            120000,
            "",
            ordinary,
        ),
        record("P2", "Nettoyage des écoles", "90911200", ("91228", "Code commune"), 80000, "", ordinary),
        record(
            "P3",
            "Nettoyage des gymnases",
            "90911200",
            ("91", "Code département"),
            60000,
            r#""Marché réservé""#,
            ordinary,
        ),
        record("P4", "Nettoyage de la médiathèque", "90911200", ("91", "Code département"), 40000, "", &siret(11)),
        record("P5", "Construction d'un pont routier", "45221111", ("91", "Code département"), 900000, "", ordinary),
    ]
    .join("\n")
        + "\n"
}

/// A minimal HTTP/1.1 client: returns (status, body).
pub fn request(port: u16, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
    send(port, method, path, "application/json", body)
}

/// A form posted as a browser does.
pub fn post_form(port: u16, path: &str, body: &str) -> (u16, String) {
    send(port, "POST", path, "application/x-www-form-urlencoded", Some(body))
}

pub fn send(port: u16, method: &str, path: &str, content_type: &str, body: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let body = body.unwrap_or("");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, rest) = text.split_once("\r\n\r\n").unwrap();
    let status: u16 = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body =
        if head.to_ascii_lowercase().contains("transfer-encoding: chunked") { dechunk(rest) } else { rest.to_string() };
    (status, body)
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&tail[..n]);
        rest = &tail[n + 2..];
    }
    out
}

/// The secret that signs the links of alert e-mails in the tests (`alerts send` and `serve`).
pub const LINK_SECRET: &str = "secret-de-test-assez-long";

/// A data folder holding the suppliers of the alert tests (`tests/fixtures/alerts/suppliers.jsonl`: the
/// cleaning SIAE and EA of the Essonne, with e-mail addresses).
pub fn alert_suppliers() -> Sandbox {
    let sb = Sandbox::new();
    let suppliers = format!("{}/tests/fixtures/alerts/suppliers.jsonl", env!("CARGO_MANIFEST_DIR"));
    sb.essor_ok(&["import", "suppliers", &suppliers]);
    sb
}

/// The path of a link of alert e-mails (`/alertes/…`, `/desinscription/…`) for `siret`, signed under
/// [`LINK_SECRET`] for `purpose` until `expires` (Unix seconds).
pub fn signed_path(page: &str, siret: &str, purpose: essor::alerts::links::LinkPurpose, expires: i64) -> String {
    let signer = essor::alerts::links::LinkSigner::new(LINK_SECRET).unwrap();
    format!("/{page}/{}", signer.sign(siret, purpose, expires))
}
