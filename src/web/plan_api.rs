//! `POST /api/plan/lots` and `POST /api/plan/consortium?lot=ID`: a need in (the JSON of the needs
//! format), the proposals out, as `essor plan lots|consortium --format json` prints them.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::Value;

use super::extract::{ApiNeed, ApiQuery};
use super::{ApiError, AppState};
use essor::planning::MAX_LOTS_LIMIT;
use essor::request::{comma_list, count};
use essor::usecase::{plan_consortium, plan_lots};
use essor::wording::planning::{allotment_view, consortium_view};

/// Query parameters of `POST /api/plan/lots`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LotsParams {
    /// The most lots the buyer can run (default 12), as typed.
    pub max_lots: Option<String>,
}

/// Query parameters of `POST /api/plan/consortium`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConsortiumParams {
    /// The lot of the need (required when the need has lots).
    pub lot: Option<String>,
    /// SIRETs every grouping must hold, separated by commas.
    pub with: Option<String>,
}

/// `POST /api/plan/lots?max_lots=N` with a need as the JSON body.
pub async fn lots(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<LotsParams>,
    ApiNeed(need): ApiNeed,
) -> Result<Json<Value>, ApiError> {
    let max_lots = count("max_lots", &params.max_lots, MAX_LOTS_LIMIT)?;
    let engine = state.current_engine().await?;
    let allotment = tokio::task::spawn_blocking(move || plan_lots(&engine, &need, max_lots))
        .await
        .map_err(ApiError::internal)??;
    Ok(Json(serde_json::to_value(allotment_view(&allotment)).map_err(ApiError::internal)?))
}

/// `POST /api/plan/consortium?lot=ID&with=SIRET,SIRET` with a need as the JSON body.
pub async fn consortium(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ConsortiumParams>,
    ApiNeed(need): ApiNeed,
) -> Result<Json<Value>, ApiError> {
    let named = comma_list(&params.with);
    let engine = state.current_engine().await?;
    let plan = tokio::task::spawn_blocking(move || plan_consortium(&engine, &need, params.lot.as_deref(), &named))
        .await
        .map_err(ApiError::internal)??;
    Ok(Json(serde_json::to_value(consortium_view(&plan)).map_err(ApiError::internal)?))
}
