//! E-mail delivery: mails are queued in the database's outbox (see [`crate::store::outbox`]), in the
//! same transaction as the change that causes them, and a [`Sender`] delivers them over SMTP.
//!
//! - Each due mail is claimed by one sender with a lease; a sender killed mid-send leaves a lease
//!   that expires, and the mail is sent again with the same `Message-ID` (only the cut exchange may
//!   be duplicated).
//! - A temporary failure (server unreachable, 4xx reply, timeout) is retried with exponential
//!   backoff; a permanent one (5xx reply, unwritable mail) marks the mail failed with the reason.
//! - A recipient receives at most a configurable number of mails per 24 hours.
//! - SMTP servers are named by URL ([`SmtpUrl`]): `smtp://`, `smtps://`, `?tls=starttls`, with
//!   `user:password@` for authentication; connections are pooled.
//! - Mails are DKIM-signed when a key is configured ([`dkim_config`]).

mod compose;
mod dkim;
mod error;
mod sender;
mod smtp_url;

pub use crate::store::outbox::OutgoingMail;
pub use compose::{message, new_message_id, outgoing, parse_mailbox, with_unsubscribe};
pub use dkim::dkim_config;
pub use error::MailError;
pub use lettre::message::Mailbox;
pub use sender::{DEFAULT_PARALLEL, SendReport, Sender, SenderConfig};
pub use smtp_url::{Security, SmtpUrl};
