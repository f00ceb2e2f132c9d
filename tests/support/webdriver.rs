//! A small W3C WebDriver client, enough to drive a headless Chromium through ChromeDriver as a person
//! would: open a page, fill fields, tick, choose, click, read what the page shows. It speaks HTTP/1.1
//! to the driver over TCP on 127.0.0.1.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The key of an element reference in WebDriver answers.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The flags headless Chromium needs on a machine without a display or outside network.
const CHROMIUM_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// A browser session; the browser and its driver stop when it is dropped.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

/// Where the driver and the browser are: `ESSOR_CHROMEDRIVER` and `ESSOR_CHROMIUM`, else Debian's paths.
fn programs() -> (String, String) {
    let driver = std::env::var("ESSOR_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let browser = std::env::var("ESSOR_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    (driver, browser)
}

impl Browser {
    /// True when the driver and the browser are installed.
    pub fn available() -> bool {
        let (driver, browser) = programs();
        std::path::Path::new(&driver).exists() && std::path::Path::new(&browser).exists()
    }

    /// Starts the driver on a free port and opens a headless session.
    pub fn start() -> Browser {
        let (driver, browser) = programs();
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{driver} could not start: {e}"));
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "{driver} did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().unwrap();
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| f.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push("--window-size=1280,900".into());
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": { "binary": browser, "args": args }
            }}
        });
        let mut browser = Browser { driver: child, port, session: String::new(), _profile: profile };
        let answer = browser.call("POST", "/session", Some(capabilities));
        browser.session = answer["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {answer}")).to_string();
        browser
    }

    /// Opens `url` and waits for it to load.
    pub fn goto(&self, url: &str) {
        self.session_call("POST", "/url", Some(json!({ "url": url })));
    }

    /// The first element matching a CSS selector.
    pub fn find(&self, css: &str) -> String {
        let answer = self.session_call("POST", "/element", Some(json!({ "using": "css selector", "value": css })));
        answer[ELEMENT].as_str().unwrap_or_else(|| panic!("no element {css}: {answer}")).to_string()
    }

    /// Empties a field and types `text` into it.
    pub fn fill(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.session_call("POST", &format!("/element/{id}/clear"), Some(json!({})));
        self.session_call("POST", &format!("/element/{id}/value"), Some(json!({ "text": text })));
    }

    /// Clicks an element (a button, a checkbox, an option of a list).
    pub fn click(&self, css: &str) {
        let id = self.find(css);
        self.session_call("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    /// True when a checkbox or an option is ticked or chosen.
    pub fn selected(&self, css: &str) -> bool {
        let id = self.find(css);
        self.session_call("GET", &format!("/element/{id}/selected"), None).as_bool().unwrap_or(false)
    }

    /// The value of a field as the page holds it now.
    pub fn value(&self, css: &str) -> String {
        let id = self.find(css);
        self.session_call("GET", &format!("/element/{id}/property/value"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The text the page shows (its body, as rendered).
    pub fn text(&self) -> String {
        self.try_text().unwrap_or_else(|e| panic!("the page's text: {e}"))
    }

    /// The page's text; an error while a page is being replaced by another.
    fn try_text(&self) -> Result<String, String> {
        let session = format!("/session/{}", self.session);
        let body = json!({ "using": "css selector", "value": "body" });
        let found = self.try_call("POST", &format!("{session}/element"), Some(body))?;
        let id = found[ELEMENT].as_str().ok_or("no body")?;
        let text = self.try_call("GET", &format!("{session}/element/{id}/text"), None)?;
        Ok(text.as_str().unwrap_or_default().to_string())
    }

    /// The address of the page shown.
    pub fn url(&self) -> String {
        self.session_call("GET", "/url", None).as_str().unwrap_or_default().to_string()
    }

    /// Waits until the page shows `needle`, else fails with what it shows.
    pub fn wait_for_text(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            // While a form is posted, the old page goes away under the reader: read again.
            let text = self.try_text().unwrap_or_default();
            if text.contains(needle) {
                return text;
            }
            assert!(Instant::now() < deadline, "« {needle} » never shown; the page shows:\n{text}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn session_call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    /// One WebDriver command: its `value`; a failure names the driver's error.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_call(method, path, body).unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    fn try_call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        stream.set_read_timeout(Some(Duration::from_secs(60))).map_err(|e| e.to_string())?;
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .map_err(|e| e.to_string())?;
        // The driver may keep the connection open: the answer ends where its length says.
        let mut raw = Vec::new();
        let mut buffer = [0u8; 16 * 1024];
        let json = loop {
            let n = stream.read(&mut buffer).map_err(|e| e.to_string())?;
            if n == 0 {
                return Err(format!("connection closed: {}", String::from_utf8_lossy(&raw)));
            }
            raw.extend_from_slice(&buffer[..n]);
            let text = String::from_utf8_lossy(&raw);
            let Some((head, rest)) = text.split_once("\r\n\r\n") else { continue };
            let length = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_string()))
                .and_then(|v| v.parse::<usize>().ok());
            match length {
                Some(length) if rest.len() >= length => break rest[..length].to_string(),
                Some(_) => continue,
                None => return Err(format!("no Content-Length in the answer: {head}")),
            }
        };
        let answer: Value = serde_json::from_str(&json).map_err(|e| format!("{e}: {json}"))?;
        let value = answer["value"].clone();
        match value.get("error") {
            Some(error) => Err(format!("{error}: {}", value["message"])),
            None => Ok(value),
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.try_call("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
