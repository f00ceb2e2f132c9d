//! The request prologue of every API handler, written once: query strings and JSON bodies read with
//! errors in the API's shape (400 for an unreadable request, 422 naming the field), and a need read
//! from the body with the catalogue's places and CPV codes, the law, and today's date.

use axum::Json;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{ApiError, AppState};
use essor::domain::need::Need;
use essor::ingest::needs::read_need;
use essor::law::LawConfig;

/// Query parameters of type `T`; an unreadable query string answers 400.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| ApiQuery(value))
            .map_err(|e| ApiError::bad_request(format!("paramètres illisibles : {}", e.body_text())))
    }
}

/// A JSON body; one that cannot be read answers 400.
pub struct ApiJson(pub Value);

impl<S: Send + Sync> FromRequest<S> for ApiJson {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Json::<Value>::from_request(req, state)
            .await
            .map(|Json(value)| ApiJson(value))
            .map_err(|e| ApiError::bad_request(format!("corps JSON illisible : {}", e.body_text())))
    }
}

/// A need in the body (the needs format), validated; a wrong field answers 422 naming it.
pub struct ApiNeed(pub Need);

impl FromRequest<AppState> for ApiNeed {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let ApiJson(value) = ApiJson::from_request(req, state).await?;
        let catalogue = &state.catalogue;
        let need = read_need(&value, catalogue.gazetteer(), catalogue.cpv(), &LawConfig::default(), crate::today())?;
        Ok(ApiNeed(need))
    }
}
