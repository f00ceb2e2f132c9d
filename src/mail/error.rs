//! What can go wrong with e-mail, in words a user can act on.

use crate::error::{Blame, Classified};
use crate::store::StoreError;

/// An error of the mail layer. Messages are in French.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The SMTP server URL is malformed or uses an unknown scheme or option.
    #[error("adresse du serveur SMTP « {url} » invalide : {reason}")]
    BadSmtpUrl {
        /// The URL given, with its password masked.
        url: String,
        /// What is wrong with it, in French.
        reason: String,
    },

    /// An e-mail address (the sender's or a recipient's) is malformed.
    #[error("adresse électronique « {value} » invalide ({field}) : {reason}")]
    BadAddress {
        /// Where the address comes from (`--mail-from`, `recipient`).
        field: &'static str,
        /// The address given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },

    /// A setting of the sender is out of range.
    #[error("réglage d'envoi « {field} » invalide : {reason}")]
    BadSetting {
        /// The setting (`--lease`, `--daily-limit`…).
        field: &'static str,
        /// What is wrong with it, in French.
        reason: String,
    },

    /// The outbox could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Classified for MailError {
    /// A bad URL, address or setting is the user's, naming the option; the database is not.
    fn blame(&self) -> Blame {
        match self {
            MailError::BadSmtpUrl { .. } => Blame::user("--smtp-url"),
            MailError::BadAddress { field, .. } | MailError::BadSetting { field, .. } => Blame::user(*field),
            MailError::Store(e) => e.blame(),
        }
    }
}
