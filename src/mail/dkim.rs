//! DKIM signing: the key given by the user, the selector published in DNS, the domain of the sender.

use std::sync::Arc;

use lettre::message::Mailbox;
use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm, DkimSigningKey,
};
use lettre::message::header::HeaderName;

use super::error::MailError;

/// The headers signed, when present: those receivers show, and those one-click unsubscription
/// relies on (RFC 8058 asks for `List-Unsubscribe` and `List-Unsubscribe-Post` to be signed).
const SIGNED_HEADERS: [&str; 7] =
    ["From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post"];

/// A DKIM configuration for the domain of `from`.
///
/// `key` is an RSA private key in PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`) or an Ed25519 private
/// key as the base64 of its 32 bytes; `selector` names the DNS record `SELECTOR._domainkey.DOMAIN`.
pub fn dkim_config(from: &Mailbox, selector: &str, key: &str) -> Result<Arc<DkimConfig>, MailError> {
    let bad = |reason: String| MailError::BadSetting { field: "--dkim-key", reason };
    let selector = selector.trim();
    if selector.is_empty() || !selector.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.') {
        return Err(MailError::BadSetting {
            field: "--dkim-selector",
            reason: "lettres, chiffres, « - » et « . » seulement".to_string(),
        });
    }
    let key = key.trim();
    let algorithm =
        if key.starts_with("-----BEGIN") { DkimSigningAlgorithm::Rsa } else { DkimSigningAlgorithm::Ed25519 };
    if key.starts_with("-----BEGIN") && !key.starts_with("-----BEGIN RSA PRIVATE KEY-----") {
        return Err(bad("clé RSA attendue au format PKCS#1 (« BEGIN RSA PRIVATE KEY »)".to_string()));
    }
    let signing_key = DkimSigningKey::new(key, algorithm).map_err(|e| bad(format!("clé illisible ({e})")))?;
    let headers = SIGNED_HEADERS.iter().map(|name| HeaderName::new_from_ascii_str(name)).collect();
    let canonicalization =
        DkimCanonicalization { header: DkimCanonicalizationType::Relaxed, body: DkimCanonicalizationType::Relaxed };
    Ok(Arc::new(DkimConfig::new(
        selector.to_string(),
        from.email.domain().to_string(),
        signing_key,
        headers,
        canonicalization,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Classified;

    /// An Ed25519 test key: the base64 of 32 fixed bytes.
    const TEST_KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    #[test]
    fn a_signed_message_carries_the_selector_the_domain_and_the_unsubscribe_headers() {
        let from = crate::mail::parse_mailbox("--mail-from", "alertes@essor.fr").unwrap();
        let config = dkim_config(&from, "alertes2026", TEST_KEY).unwrap();
        let mail = crate::mail::outgoing(&from, "achats@ville.fr", "Avis", "texte", None).unwrap();
        let mail = crate::mail::with_unsubscribe(mail, "https://essor.fr/d/1");
        let mut message = crate::mail::message(&mail, &from).unwrap();
        message.sign(&config);
        let raw = String::from_utf8(message.formatted()).unwrap();
        let signature = raw.lines().find(|l| l.starts_with("DKIM-Signature:")).unwrap();
        assert!(signature.contains("a=ed25519-sha256") && signature.contains("d=essor.fr"), "{raw}");
        assert!(raw.contains("s=alertes2026") && raw.contains("list-unsubscribe-post"), "{raw}");
    }

    #[test]
    fn a_bad_key_or_selector_is_the_users() {
        let from = crate::mail::parse_mailbox("--mail-from", "alertes@essor.fr").unwrap();
        let err = dkim_config(&from, "s1", "pas une clé").unwrap_err();
        assert_eq!(err.blame().field(), Some("--dkim-key"));
        let err = dkim_config(&from, "s1", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----").unwrap_err();
        assert_eq!(err.blame().field(), Some("--dkim-key"));
        let err = dkim_config(&from, "a b", TEST_KEY).unwrap_err();
        assert_eq!(err.blame().field(), Some("--dkim-selector"));
    }
}
