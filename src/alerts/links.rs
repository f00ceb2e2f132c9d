//! Signed, expiring links in alert e-mails: a supplier follows one to stop its alerts (RFC 8058
//! one-click unsubscription) or to change its preferences, without an account. A link's token names the supplier, what it allows and
//! until when, and carries an HMAC-SHA256 of those under the server's secret: it cannot be forged nor
//! stretched, and it stops working once expired.

use ring::hmac;

use crate::error::{Blame, Classified};

/// What a link lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Stop every alert of the supplier.
    Unsubscribe,
    /// See and change the supplier's alert preferences.
    Preferences,
}

impl LinkPurpose {
    fn code(self) -> &'static str {
        match self {
            LinkPurpose::Unsubscribe => "u",
            LinkPurpose::Preferences => "p",
        }
    }
}

/// Why a link's token is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// It is not a token of this server.
    #[error("lien invalide : il a été modifié ou ne vient pas de ce service")]
    Invalid,
    /// It expired.
    #[error("lien expiré : utilisez celui d'une alerte plus récente")]
    Expired,
}

impl Classified for LinkError {
    /// A bad or old link is the user's.
    fn blame(&self) -> Blame {
        Blame::user("token")
    }
}

/// Signs and checks links under one secret.
#[derive(Clone)]
pub struct LinkSigner {
    key: hmac::Key,
}

impl std::fmt::Debug for LinkSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkSigner(…)")
    }
}

/// Fewest bytes of a secret.
pub const MIN_SECRET_BYTES: usize = 16;

impl LinkSigner {
    /// A signer with this secret (at least [`MIN_SECRET_BYTES`] bytes), else `None`.
    pub fn new(secret: &str) -> Option<LinkSigner> {
        (secret.len() >= MIN_SECRET_BYTES)
            .then(|| LinkSigner { key: hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes()) })
    }

    /// The token for `siret` and `purpose`, valid until `expires` (Unix seconds).
    pub fn sign(&self, siret: &str, purpose: LinkPurpose, expires: i64) -> String {
        let payload = format!("{siret}.{}.{expires}", purpose.code());
        let tag = hmac::sign(&self.key, payload.as_bytes());
        format!("{payload}.{}", hex(tag.as_ref()))
    }

    /// The SIRET a token was signed for, when it is this server's, for `purpose`, and not expired at
    /// `now` (Unix seconds).
    pub fn verify(&self, token: &str, purpose: LinkPurpose, now: i64) -> Result<String, LinkError> {
        let (payload, tag) = token.rsplit_once('.').ok_or(LinkError::Invalid)?;
        let tag = unhex(tag).ok_or(LinkError::Invalid)?;
        hmac::verify(&self.key, payload.as_bytes(), &tag).map_err(|_| LinkError::Invalid)?;
        let mut parts = payload.split('.');
        let (Some(siret), Some(code), Some(expires), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(LinkError::Invalid);
        };
        if code != purpose.code() {
            return Err(LinkError::Invalid);
        }
        let expires: i64 = expires.parse().map_err(|_| LinkError::Invalid)?;
        if now > expires {
            return Err(LinkError::Expired);
        }
        Ok(siret.to_string())
    }

    /// The anti-forgery token of the form a page shows under link `token`: a form posted from
    /// elsewhere cannot carry it.
    pub fn form_token(&self, token: &str) -> String {
        hex(hmac::sign(&self.key, format!("form.{token}").as_bytes()).as_ref())
    }

    /// True when `given` is the anti-forgery token of the form shown under link `token`.
    pub fn check_form_token(&self, token: &str, given: &str) -> bool {
        unhex(given).is_some_and(|tag| hmac::verify(&self.key, format!("form.{token}").as_bytes(), &tag).is_ok())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIRET: &str = "99000103400018";

    #[test]
    fn a_token_names_its_supplier_until_it_expires() {
        let signer = LinkSigner::new("un secret assez long pour signer").unwrap();
        let token = signer.sign(SIRET, LinkPurpose::Unsubscribe, 1_000);
        assert_eq!(signer.verify(&token, LinkPurpose::Unsubscribe, 999).unwrap(), SIRET);
        assert_eq!(signer.verify(&token, LinkPurpose::Unsubscribe, 1_001), Err(LinkError::Expired));
    }

    #[test]
    fn a_changed_or_foreign_token_is_refused() {
        let signer = LinkSigner::new("un secret assez long pour signer").unwrap();
        let token = signer.sign(SIRET, LinkPurpose::Unsubscribe, 1_000);
        let stretched = token.replacen(".1000.", ".9000.", 1);
        assert_eq!(signer.verify(&stretched, LinkPurpose::Unsubscribe, 0), Err(LinkError::Invalid));
        let other = token.replacen(SIRET, "99000103400026", 1);
        assert_eq!(signer.verify(&other, LinkPurpose::Unsubscribe, 0), Err(LinkError::Invalid));
        let foreign = LinkSigner::new("un autre secret, lui aussi long").unwrap();
        assert_eq!(foreign.verify(&token, LinkPurpose::Unsubscribe, 0), Err(LinkError::Invalid));
        for junk in ["", ".", "a.b.c.d", "99000103400018.u.1000.zz"] {
            assert_eq!(signer.verify(junk, LinkPurpose::Unsubscribe, 0), Err(LinkError::Invalid), "{junk}");
        }
        assert!(LinkSigner::new("court").is_none());
    }

    #[test]
    fn a_link_works_for_its_purpose_only() {
        let signer = LinkSigner::new("un secret assez long pour signer").unwrap();
        let token = signer.sign(SIRET, LinkPurpose::Preferences, 1_000);
        assert_eq!(signer.verify(&token, LinkPurpose::Preferences, 0).unwrap(), SIRET);
        assert_eq!(signer.verify(&token, LinkPurpose::Unsubscribe, 0), Err(LinkError::Invalid));
    }

    #[test]
    fn a_form_token_belongs_to_its_link_and_its_server() {
        let signer = LinkSigner::new("un secret assez long pour signer").unwrap();
        let token = signer.sign(SIRET, LinkPurpose::Preferences, 1_000);
        let form = signer.form_token(&token);
        assert!(signer.check_form_token(&token, &form));
        let other = signer.sign("99000103400026", LinkPurpose::Preferences, 1_000);
        assert!(!signer.check_form_token(&other, &form));
        let foreign = LinkSigner::new("un autre secret, lui aussi long").unwrap();
        assert!(!foreign.check_form_token(&token, &form));
        assert!(!signer.check_form_token(&token, "") && !signer.check_form_token(&token, "zz"));
    }
}
