//! `POST /api/match`: a need in (the JSON of the needs format), the ranked suppliers of each lot out,
//! as `essor match --format json` prints them.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ApiError, AppState};
use crate::domain::need::Need;

/// Results per lot when the request does not say.
pub const DEFAULT_MATCH_TOP: usize = 10;

/// Query parameters of `POST /api/match`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MatchParams {
    /// Results per lot (1 to 1000), as typed.
    pub top: Option<String>,
}

/// `POST /api/match?top=N` with a need as the JSON body.
pub async fn match_need(
    State(state): State<AppState>,
    params: Result<Query<MatchParams>, QueryRejection>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(params) =
        params.map_err(|e| ApiError::invalid("top", format!("paramètre illisible : {}", e.body_text())))?;
    let top = crate::request::count("top", &params.top, 1000)
        .map_err(|e| ApiError::invalid(&e.parameter, e.message))?
        .unwrap_or(DEFAULT_MATCH_TOP);
    if !(1..=1000).contains(&top) {
        return Err(ApiError::invalid("top", format!("{top} résultats demandés : entre 1 et 1000")));
    }
    let Json(value) = body.map_err(|e| ApiError::bad_request(format!("corps JSON illisible : {}", e.body_text())))?;
    let catalogue = state.catalogue.clone();
    let need = Need::from_json(&value, catalogue.gazetteer(), catalogue.cpv())
        .map_err(|e| ApiError::invalid(&e.field, e.message))?;
    let engine = state.current_engine().await?;
    let lots = tokio::task::spawn_blocking(move || engine.match_need(&need, top))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let id = lots.first().map(|l| l.need.clone()).unwrap_or_default();
    Ok(Json(json!({ "need": id, "lots": lots })))
}
