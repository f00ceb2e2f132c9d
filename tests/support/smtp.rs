//! A small SMTP server for tests, on 127.0.0.1 in the test process: it speaks real SMTP over TCP
//! (EHLO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT), records every message it accepts,
//! and can be told to refuse recipients, to answer 4xx, or to hang after receiving a message.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// A message the server accepted.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope sender.
    pub from: String,
    /// The envelope recipients.
    pub to: Vec<String>,
    /// The message as transmitted (headers and body), dot-unstuffed, lines ending in CRLF.
    pub data: String,
}

impl Received {
    /// The message's text, its quoted-printable encoding undone (soft line breaks and `=XX` bytes):
    /// what a reader sees of the plain-text and HTML bodies.
    pub fn decoded(&self) -> String {
        let mut bytes = Vec::new();
        let raw = self.data.replace("=\r\n", "");
        let mut rest = raw.as_bytes();
        while let Some((&b, tail)) = rest.split_first() {
            let hex =
                tail.get(..2).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
            match (b, hex) {
                (b'=', Some(byte)) => {
                    bytes.push(byte);
                    rest = &tail[2..];
                }
                _ => {
                    bytes.push(b);
                    rest = tail;
                }
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// The first header called `name` (case-insensitive), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or_default();
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if let Some(current) = value.as_mut() {
                if line.starts_with([' ', '\t']) {
                    current.push(' ');
                    current.push_str(line.trim());
                    continue;
                }
                break;
            }
            if let Some((key, rest)) = line.split_once(':')
                && key.eq_ignore_ascii_case(name)
            {
                value = Some(rest.trim().to_string());
            }
        }
        value
    }
}

/// How the server answers.
#[derive(Debug, Clone, Default)]
pub struct Behaviour {
    /// Recipients containing this text get `550 5.1.1`.
    pub reject_recipient: Option<String>,
    /// Every `RCPT` gets `451 4.3.0` (a temporary failure).
    pub temporary_failure: bool,
    /// After accepting this many messages in all, the next message is recorded but never answered.
    pub hang_after: Option<usize>,
}

#[derive(Debug, Default)]
struct State {
    received: Vec<Received>,
    behaviour: Behaviour,
}

/// A running server; stopped (connections closed) when dropped or by [`SmtpServer::stop`].
pub struct SmtpServer {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: JoinHandle<()>,
}

impl SmtpServer {
    /// Starts on a free port of 127.0.0.1.
    pub async fn start() -> SmtpServer {
        SmtpServer::start_on(0).await
    }

    /// Starts on `port` of 127.0.0.1 (0 for a free one).
    pub async fn start_on(port: u16) -> SmtpServer {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.expect("bind the test SMTP server");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            let mut connections = JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                connections.spawn(serve(stream, shared.clone()));
            }
        });
        SmtpServer { addr, state, task }
    }

    /// A port where nothing listens (yet).
    pub fn free_port() -> u16 {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("local address").port()
    }

    /// `smtp://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The messages accepted so far.
    pub fn received(&self) -> Vec<Received> {
        self.lock().received.clone()
    }

    /// Changes how the server answers from now on.
    pub fn set_behaviour(&self, behaviour: Behaviour) {
        self.lock().behaviour = behaviour;
    }

    /// Waits until `n` messages have arrived (panics after `timeout`).
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let start = std::time::Instant::now();
        loop {
            let received = self.received();
            if received.len() >= n {
                return received;
            }
            assert!(start.elapsed() < timeout, "only {} message(s) of {n} arrived", received.len());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Stops listening and closes every connection.
    pub async fn stop(self) {
        self.task.abort();
        while !self.task.is_finished() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One SMTP session.
async fn serve(stream: TcpStream, state: Arc<Mutex<State>>) {
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader);
    let lock = || state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut from = String::new();
    let mut to = Vec::new();
    if writer.write_all(b"220 test.local ESMTP\r\n").await.is_err() {
        return;
    }
    let mut line = String::new();
    loop {
        line.clear();
        match lines.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let command = line.trim_end().to_string();
        let verb = command.split([' ', ':']).next().unwrap_or_default().to_ascii_uppercase();
        let reply: String = match verb.as_str() {
            "EHLO" => "250-test.local\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n".into(),
            "HELO" => "250 test.local\r\n".into(),
            "MAIL" => {
                from = address(&command);
                to.clear();
                "250 2.1.0 OK\r\n".into()
            }
            "RCPT" => {
                let behaviour = lock().behaviour.clone();
                let recipient = address(&command);
                if behaviour.temporary_failure {
                    "451 4.3.0 try again later\r\n".into()
                } else if behaviour.reject_recipient.is_some_and(|r| recipient.contains(&r)) {
                    "550 5.1.1 no such mailbox here\r\n".into()
                } else {
                    to.push(recipient);
                    "250 2.1.5 OK\r\n".into()
                }
            }
            "DATA" => {
                if to.is_empty() {
                    "554 5.5.1 no valid recipients\r\n".into()
                } else {
                    if writer.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await.is_err() {
                        return;
                    }
                    let Some(data) = read_data(&mut lines).await else { return };
                    let hang = {
                        let mut state = lock();
                        let hang = state.behaviour.hang_after.is_some_and(|n| state.received.len() >= n);
                        state.received.push(Received { from: from.clone(), to: std::mem::take(&mut to), data });
                        hang
                    };
                    if hang {
                        // Keep the connection open and never answer.
                        tokio::time::sleep(Duration::from_secs(3600)).await;
                        return;
                    }
                    "250 2.0.0 queued\r\n".into()
                }
            }
            "RSET" => {
                from.clear();
                to.clear();
                "250 2.0.0 OK\r\n".into()
            }
            "NOOP" => "250 2.0.0 OK\r\n".into(),
            "QUIT" => {
                let _ = writer.write_all(b"221 2.0.0 bye\r\n").await;
                return;
            }
            _ => "502 5.5.2 command not recognized\r\n".into(),
        };
        if writer.write_all(reply.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// The address between angle brackets of `MAIL FROM:<…>` or `RCPT TO:<…>`.
fn address(command: &str) -> String {
    let start = command.find('<').map_or(0, |i| i + 1);
    let end = command.rfind('>').unwrap_or(command.len());
    command.get(start..end).unwrap_or_default().to_string()
}

/// Reads the message after `354` up to the lone dot, undoing dot-stuffing.
async fn read_data(lines: &mut BufReader<tokio::net::tcp::OwnedReadHalf>) -> Option<String> {
    let mut data = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        if line == ".\r\n" || line == ".\n" {
            return Some(data);
        }
        let text = line.strip_prefix('.').unwrap_or(&line);
        data.push_str(text);
    }
}
