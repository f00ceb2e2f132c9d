//! Writing e-mails: the outbox form ([`OutgoingMail`], with its `Message-ID` fixed once) and the
//! MIME message sent from it.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use lettre::Message;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};

use super::error::MailError;
use crate::store::outbox::{OutgoingMail, now_unix_millis};

/// Reads a mailbox (`alertes@essor.fr` or `essor <alertes@essor.fr>`).
pub fn parse_mailbox(field: &'static str, value: &str) -> Result<Mailbox, MailError> {
    value.trim().parse::<Mailbox>().map_err(|e| MailError::BadAddress {
        field,
        value: value.to_string(),
        reason: e.to_string(),
    })
}

/// A new `Message-ID` for the domain of `from`: `<milliseconds.random@domain>`.
pub fn new_message_id(from: &Mailbox) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u32(std::process::id());
    format!("<{}.{:016x}@{}>", now_unix_millis(), hasher.finish(), from.email.domain())
}

/// An e-mail to queue: the recipient is checked and a `Message-ID` is given on the domain of `from`.
pub fn outgoing(
    from: &Mailbox,
    recipient: &str,
    subject: &str,
    text_body: &str,
    html_body: Option<&str>,
) -> Result<OutgoingMail, MailError> {
    let recipient = parse_mailbox("recipient", recipient)?;
    Ok(OutgoingMail {
        recipient: recipient.email.to_string(),
        subject: subject.to_string(),
        text_body: text_body.to_string(),
        html_body: html_body.map(str::to_string),
        message_id: new_message_id(from),
        headers: Vec::new(),
    })
}

/// Adds the one-click unsubscription headers (RFC 8058) pointing at `url`.
pub fn with_unsubscribe(mut mail: OutgoingMail, url: &str) -> OutgoingMail {
    mail.headers.push(("List-Unsubscribe".to_string(), format!("<{url}>")));
    mail.headers.push(("List-Unsubscribe-Post".to_string(), "List-Unsubscribe=One-Click".to_string()));
    mail
}

/// The MIME message of `mail` from `from`; an error is permanent (the mail cannot be written).
pub fn message(mail: &OutgoingMail, from: &Mailbox) -> Result<Message, String> {
    let to = mail.recipient.parse::<Mailbox>().map_err(|e| format!("destinataire invalide : {e}"))?;
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .message_id(Some(mail.message_id.clone()));
    for (name, value) in &mail.headers {
        let name = HeaderName::new_from_ascii(name.clone()).map_err(|_| format!("en-tête invalide : {name}"))?;
        builder = builder.raw_header(HeaderValue::new(name, value.clone()));
    }
    let built = match &mail.html_body {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(mail.text_body.clone(), html.clone())),
        None => builder.header(ContentType::TEXT_PLAIN).body(mail.text_body.clone()),
    };
    built.map_err(|e| format!("courriel impossible à écrire : {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Classified;

    #[test]
    fn message_ids_are_unique_and_on_the_senders_domain() {
        let from = parse_mailbox("--mail-from", "essor <alertes@essor.fr>").unwrap();
        let a = new_message_id(&from);
        let b = new_message_id(&from);
        assert_ne!(a, b);
        assert!(a.starts_with('<') && a.ends_with("@essor.fr>"), "{a}");
    }

    #[test]
    fn the_message_carries_the_fixed_id_the_headers_and_both_bodies() {
        let from = parse_mailbox("--mail-from", "alertes@essor.fr").unwrap();
        let mail = outgoing(&from, "achats@ville.fr", "Nouvel appel d'offres", "texte", Some("<p>html</p>")).unwrap();
        let mail = with_unsubscribe(mail, "https://essor.fr/desinscription/abc");
        let raw = String::from_utf8(message(&mail, &from).unwrap().formatted()).unwrap();
        assert!(raw.contains(&format!("Message-ID: {}", mail.message_id)), "{raw}");
        assert!(raw.contains("List-Unsubscribe: <https://essor.fr/desinscription/abc>"), "{raw}");
        assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{raw}");
        assert!(raw.contains("multipart/alternative") && raw.contains("text/html"), "{raw}");
    }

    #[test]
    fn a_bad_recipient_is_the_users() {
        let from = parse_mailbox("--mail-from", "alertes@essor.fr").unwrap();
        let err = outgoing(&from, "pas une adresse", "s", "t", None).unwrap_err();
        assert_eq!(err.blame().field(), Some("recipient"));
        assert!(parse_mailbox("--mail-from", "@@").is_err());
    }
}
