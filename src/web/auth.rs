//! The API token: the routes that change or show a supplier's private settings ask for
//! `Authorization: Bearer TOKEN`, the token given to `essor serve` (`--api-token` or `ESSOR_API_TOKEN`),
//! compared in constant time. Without a token configured, those routes answer 401 to everyone.

use axum::http::{HeaderMap, StatusCode, header};

use super::{ApiError, AppState};

/// True when `given` is `expected`, in a time that depends only on `expected`'s length.
pub fn same_token(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = given.len() ^ expected.len();
    for (i, byte) in expected.iter().enumerate() {
        diff |= usize::from(given.get(i).copied().unwrap_or(0) ^ byte);
    }
    diff == 0
}

/// `Ok` when the request carries the server's API token, else 401.
pub fn require_token(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let unauthorized = |message: &str| ApiError {
        status: StatusCode::UNAUTHORIZED,
        code: "unauthorized",
        message: message.to_string(),
        parameter: None,
    };
    let Some(expected) = state.api_token.as_deref() else {
        return Err(unauthorized("aucun jeton d'API n'est configuré sur ce serveur (--api-token, ESSOR_API_TOKEN)"));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(token) if same_token(token.as_bytes(), expected.as_bytes()) => Ok(()),
        Some(_) => Err(unauthorized("jeton d'API invalide")),
        None => Err(unauthorized("authentification requise : en-tête Authorization: Bearer JETON")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token(b"s3cret-token-0001", b"s3cret-token-0001"));
        assert!(!same_token(b"s3cret-token-0002", b"s3cret-token-0001"));
        assert!(!same_token(b"s3cret-token-000", b"s3cret-token-0001"));
        assert!(!same_token(b"s3cret-token-00011", b"s3cret-token-0001"));
        assert!(!same_token(b"", b"s3cret-token-0001"));
    }
}
