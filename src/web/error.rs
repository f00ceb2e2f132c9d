//! JSON errors: `{"error": {"status", "code", "message", "parameter"}}` with the right HTTP status.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use essor::error::{Blame, Classified};

/// An error answered as JSON.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code (`invalid_parameter`, `not_found`…).
    pub code: &'static str,
    /// What is wrong, in French.
    pub message: String,
    /// The parameter or field at fault, if any.
    pub parameter: Option<String>,
}

impl ApiError {
    /// 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::NOT_FOUND, code: "not_found", message: message.into(), parameter: None }
    }

    /// 400 for a malformed request (query string that cannot be read).
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::BAD_REQUEST, code: "bad_request", message: message.into(), parameter: None }
    }

    /// 413 for a body larger than the route accepts.
    pub fn too_large(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: "payload_too_large",
            message: message.into(),
            parameter: Some("body".to_string()),
        }
    }

    /// 422 for a well-formed request whose values are wrong.
    pub fn invalid(parameter: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid_parameter",
            message: message.into(),
            parameter: Some(parameter.to_string()),
        }
    }

    /// 500: the message is logged, the user gets a generic French sentence.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        tracing::error!("internal error: {detail}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: "erreur interne du serveur ; réessayez plus tard".to_string(),
            parameter: None,
        }
    }
}

/// Every error of the engine becomes a status by its class: 422 naming the field for the user's,
/// 500 otherwise (its detail logged, not shown).
impl<E: Classified> From<E> for ApiError {
    fn from(e: E) -> Self {
        match e.blame() {
            Blame::User { field: Some(field) } => ApiError::invalid(&field, e.to_string()),
            Blame::User { field: None } => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "invalid_parameter",
                message: e.to_string(),
                parameter: None,
            },
            Blame::Internal => ApiError::internal(e),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "error": {
                "status": self.status.as_u16(),
                "code": self.code,
                "message": self.message,
                "parameter": self.parameter,
            }
        });
        (self.status, Json(body)).into_response()
    }
}
