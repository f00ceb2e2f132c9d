//! JSON API handlers.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::Uri;
use serde_json::{Value, json};

use super::extract::ApiQuery;
use super::{ApiError, AppState};
use essor::domain::Siret;
use essor::request::{SearchParams, resolve_search};
use essor::search::SearchResults;
use essor::wording::search::results_view;

/// Default page size of the search API.
pub const DEFAULT_API_LIMIT: usize = 20;

/// `GET /healthz`.
pub async fn healthz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let suppliers = state.catalogue.count().await?;
    let notices = state.catalogue.count_notices().await?;
    let engine = if state.engine_ready() { "ready" } else { "building" };
    Ok(Json(json!({
        "status": "ok",
        "suppliers": suppliers,
        "notices": notices,
        "database": state.catalogue.backend(),
        "engine": engine
    })))
}

/// Runs a search off the async runtime.
pub(super) async fn run_search(
    state: &AppState,
    params: &SearchParams,
    default_limit: usize,
) -> Result<SearchResults, ApiError> {
    let catalogue = state.catalogue.clone();
    let resolved = resolve_search(params, default_limit, catalogue.gazetteer(), catalogue.taxonomy())?;
    tokio::task::spawn_blocking(move || catalogue.search(&resolved.query))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::from)
}

/// `GET /api/suppliers/search?q=…&near=…&radius_km=…&kind=…&sector=…&department=…&cpv=…&limit=…&offset=…`.
pub async fn search(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<Value>, ApiError> {
    let results = run_search(&state, &params, DEFAULT_API_LIMIT).await?;
    Ok(Json(serde_json::to_value(results_view(&results)).map_err(ApiError::internal)?))
}

/// `GET /api/suppliers/{siret}`.
pub async fn supplier(State(state): State<AppState>, Path(siret): Path<String>) -> Result<Json<Value>, ApiError> {
    let siret = Siret::parse(&siret).map_err(|e| ApiError::invalid("siret", e.to_string()))?;
    match state.catalogue.supplier(&siret).await? {
        Some(s) => {
            // The e-mail address is kept for alerts: never shown.
            let mut record = s.to_record();
            record.remove("email");
            Ok(Json(Value::Object(record)))
        }
        None => Err(ApiError::not_found(format!("aucun fournisseur avec le SIRET {siret}"))),
    }
}

/// Anything else: a JSON 404 naming the path.
pub async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!("aucune ressource à l'adresse {}", uri.path()))
}
