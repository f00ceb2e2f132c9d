//! SMTP server URLs: `smtp://host:port` (plain), `smtp://host:port?tls=starttls` (STARTTLS) and
//! `smtps://host:port` (TLS from the first byte), with `user:password@` for authentication.

use lettre::transport::smtp::authentication::Credentials;

use super::error::MailError;
use crate::store::redact_password;

/// How to protect the SMTP connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// No encryption (a local relay).
    Plain,
    /// Plain connection upgraded with `STARTTLS`, required.
    StartTls,
    /// TLS from the start (`smtps`, port 465).
    Tls,
}

/// A parsed SMTP server URL.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    /// The server's host name or address.
    pub host: String,
    /// The port (25, or 465 for `smtps`, when the URL gives none).
    pub port: u16,
    /// The connection's protection.
    pub security: Security,
    /// User name and password, percent-decoded.
    pub credentials: Option<(String, String)>,
}

impl std::fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpUrl")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .finish()
    }
}

impl SmtpUrl {
    /// Reads `url`; errors name what is wrong and never show the password.
    pub fn parse(url: &str) -> Result<SmtpUrl, MailError> {
        let bad = |reason: &str| MailError::BadSmtpUrl { url: redact_password(url), reason: reason.to_string() };
        let trimmed = url.trim();
        let (scheme, rest) = trimmed.split_once("://").ok_or_else(|| bad("préfixe attendu : smtp:// ou smtps://"))?;
        let mut security = match scheme.to_ascii_lowercase().as_str() {
            "smtp" => Security::Plain,
            "smtps" => Security::Tls,
            _ => return Err(bad("préfixe attendu : smtp:// ou smtps://")),
        };
        let (authority, query) = match rest.split_once('?') {
            Some((authority, query)) => (authority, Some(query)),
            None => (rest, None),
        };
        let authority = authority.strip_suffix('/').unwrap_or(authority);
        if authority.contains('/') {
            return Err(bad("l'adresse ne prend pas de chemin après le serveur"));
        }
        for option in query.into_iter().flat_map(|q| q.split('&')).filter(|o| !o.is_empty()) {
            match option.split_once('=') {
                Some(("tls", "starttls")) if security == Security::Plain => security = Security::StartTls,
                Some(("tls", "none")) if security == Security::Plain => {}
                Some(("tls", _)) => return Err(bad("tls= accepte starttls ou none, et seulement avec smtp://")),
                _ => return Err(bad("seule l'option tls=starttls est reconnue")),
            }
        }
        let (user_info, host_port) = match authority.rsplit_once('@') {
            Some((user_info, host_port)) => (Some(user_info), host_port),
            None => (None, authority),
        };
        let credentials = match user_info {
            None => None,
            Some(info) => {
                let (user, password) =
                    info.split_once(':').ok_or_else(|| bad("mot de passe attendu après « utilisateur: »"))?;
                let user = percent_decode(user).ok_or_else(|| bad("nom d'utilisateur mal encodé"))?;
                let password = percent_decode(password).ok_or_else(|| bad("mot de passe mal encodé"))?;
                Some((user, password))
            }
        };
        let (host, port) = split_host_port(host_port).ok_or_else(|| bad("port invalide (1 à 65535)"))?;
        if host.is_empty() {
            return Err(bad("nom du serveur manquant"));
        }
        let port = port.unwrap_or(if security == Security::Tls { 465 } else { 25 });
        Ok(SmtpUrl { host, port, security, credentials })
    }

    /// The credentials in lettre's form.
    pub fn lettre_credentials(&self) -> Option<Credentials> {
        self.credentials.as_ref().map(|(user, password)| Credentials::new(user.clone(), password.clone()))
    }
}

/// `host`, `host:port` or `[v6]:port`; `None` for a bad port.
fn split_host_port(text: &str) -> Option<(String, Option<u16>)> {
    let (host, port) = if let Some(bracketed) = text.strip_prefix('[') {
        let (host, after) = bracketed.split_once(']')?;
        (host, after.strip_prefix(':'))
    } else {
        match text.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (text, None),
        }
    };
    let port = match port {
        None => None,
        Some(p) => Some(p.parse::<u16>().ok().filter(|p| *p > 0)?),
    };
    Some((host.to_string(), port))
}

/// Decodes `%XX` escapes; `None` when one is malformed or the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Classified;

    #[test]
    fn reads_the_three_securities_ports_and_credentials() {
        let plain = SmtpUrl::parse("smtp://127.0.0.1:2525").unwrap();
        assert_eq!((plain.host.as_str(), plain.port, plain.security), ("127.0.0.1", 2525, Security::Plain));
        assert_eq!(plain.credentials, None);

        let starttls = SmtpUrl::parse("smtp://alertes%40essor.fr:p%40ss:w@mail.exemple.fr:587?tls=starttls").unwrap();
        assert_eq!(
            (starttls.host.as_str(), starttls.port, starttls.security),
            ("mail.exemple.fr", 587, Security::StartTls)
        );
        assert_eq!(starttls.credentials, Some(("alertes@essor.fr".into(), "p@ss:w".into())));

        let tls = SmtpUrl::parse("smtps://u:p@mail.exemple.fr").unwrap();
        assert_eq!((tls.port, tls.security), (465, Security::Tls));
        assert_eq!(SmtpUrl::parse("smtp://localhost").unwrap().port, 25);
        assert!(!format!("{tls:?}").contains("\"p\""), "{tls:?}");
    }

    #[test]
    fn a_bad_url_is_the_users_and_hides_the_password() {
        for url in [
            "mail.exemple.fr",
            "http://mail.exemple.fr",
            "smtp://mail.exemple.fr:99999",
            "smtp://mail.exemple.fr:0",
            "smtp://:25",
            "smtp://u:secret@mail.exemple.fr?tls=maybe",
            "smtps://mail.exemple.fr?tls=starttls",
            "smtp://mail.exemple.fr/chemin",
            "smtp://u:%zz@mail.exemple.fr",
        ] {
            let err = SmtpUrl::parse(url).unwrap_err();
            assert_eq!(err.blame().field(), Some("--smtp-url"), "{url}");
            assert!(!err.to_string().contains("secret"), "{err}");
        }
    }
}
