//! Database URLs: which backend they name, and how to show them without their password.

use std::path::PathBuf;

use super::error::StoreError;

/// What a database URL points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum DatabaseTarget {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL server; the URL is passed to the driver as given.
    Postgres,
}

/// Reads the backend out of `postgres://…`, `postgresql://…`, `sqlite://PATH` or `sqlite:PATH`.
pub(super) fn parse_database_url(url: &str) -> Result<DatabaseTarget, StoreError> {
    let unsupported = |reason| StoreError::UnsupportedUrl { url: redact_password(url), reason };
    let trimmed = url.trim();
    let (scheme, rest) = trimmed
        .split_once(':')
        .ok_or_else(|| unsupported("préfixe attendu : postgres://, postgresql:// ou sqlite://"))?;
    match scheme.to_ascii_lowercase().as_str() {
        "postgres" | "postgresql" if rest.starts_with("//") => Ok(DatabaseTarget::Postgres),
        "sqlite" => {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.is_empty() {
                Err(unsupported("le chemin du fichier SQLite est vide"))
            } else if path == ":memory:" || path.starts_with(":memory:") {
                Err(unsupported("une base SQLite en mémoire ne garde rien : donnez un chemin de fichier"))
            } else if path.contains('?') {
                Err(unsupported("les options dans l'adresse SQLite ne sont pas prises en charge"))
            } else {
                Ok(DatabaseTarget::Sqlite(PathBuf::from(path)))
            }
        }
        _ => Err(unsupported("préfixe attendu : postgres://, postgresql:// ou sqlite://")),
    }
}

/// The URL with any password replaced by `***`, safe to print in messages and logs.
///
/// Both places a PostgreSQL URL can carry one are masked: the user-info part
/// (`postgres://user:secret@host`) and a `password=` query parameter.
pub fn redact_password(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let authority_start = scheme_end + 3;
    let authority_len = url[authority_start..].find(['/', '?', '#']).unwrap_or(url.len() - authority_start);
    let authority = &url[authority_start..authority_start + authority_len];
    let masked_authority = match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{host}"),
            None => authority.to_string(),
        },
        None => authority.to_string(),
    };
    let tail = &url[authority_start + authority_len..];
    let masked_tail = match tail.split_once('?') {
        Some((path, query)) => {
            let params: Vec<String> = query
                .split('&')
                .map(|param| match param.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                    _ => param.to_string(),
                })
                .collect();
            format!("{path}?{}", params.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{}{masked_authority}{masked_tail}", &url[..authority_start])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_backends() {
        assert_eq!(parse_database_url("postgres://u@h:5432/db").unwrap(), DatabaseTarget::Postgres);
        assert_eq!(parse_database_url("PostgreSQL://h/db").unwrap(), DatabaseTarget::Postgres);
        assert_eq!(
            parse_database_url("sqlite://data/essor.db").unwrap(),
            DatabaseTarget::Sqlite(PathBuf::from("data/essor.db"))
        );
        assert_eq!(
            parse_database_url("sqlite:///var/lib/essor.db").unwrap(),
            DatabaseTarget::Sqlite(PathBuf::from("/var/lib/essor.db"))
        );
        assert_eq!(parse_database_url("sqlite:essor.db").unwrap(), DatabaseTarget::Sqlite(PathBuf::from("essor.db")));
    }

    #[test]
    fn rejects_other_urls_without_leaking_the_password() {
        for url in ["mysql://root:hunter2@h/db", "sqlite://", "sqlite::memory:", "sqlite://a.db?mode=ro", "essor.db"] {
            let err = parse_database_url(url).unwrap_err();
            assert!(matches!(err, StoreError::UnsupportedUrl { .. }), "{url}: {err}");
            assert!(!err.to_string().contains("hunter2"), "{err}");
        }
    }

    #[test]
    fn masks_passwords() {
        assert_eq!(
            redact_password("postgres://essor:s3cr@t@db.local:5432/essor"),
            "postgres://essor:***@db.local:5432/essor"
        );
        assert_eq!(redact_password("postgres://essor@db.local/essor"), "postgres://essor@db.local/essor");
        assert_eq!(
            redact_password("postgresql://db/essor?user=essor&password=s3cret&sslmode=require"),
            "postgresql://db/essor?user=essor&password=***&sslmode=require"
        );
        assert_eq!(redact_password("sqlite://index/essor.db"), "sqlite://index/essor.db");
    }
}
