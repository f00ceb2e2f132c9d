//! `POST /api/plan/lots` and `POST /api/plan/consortium?lot=ID`: a need in (the JSON of the needs
//! format), the proposals out, as `essor plan lots|consortium --format json` prints them.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use serde::Deserialize;
use serde_json::Value;

use super::{ApiError, AppState};
use crate::domain::need::Need;
use crate::domain::sector::Taxonomy;
use crate::planning::{MAX_LOTS_LIMIT, PlanningConfig, PlanningError, Scope, plan_consortium, plan_lots, sourcing};

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

impl ConsortiumParams {
    /// The SIRETs of `with`, without empty items.
    fn required(&self) -> Vec<String> {
        crate::request::comma_list(&self.with)
    }
}

fn planning_error(e: PlanningError) -> ApiError {
    ApiError::invalid(e.field_name(), e.message())
}

async fn read(state: &AppState, body: Result<Json<Value>, JsonRejection>) -> Result<Need, ApiError> {
    let Json(value) = body.map_err(|e| ApiError::bad_request(format!("corps JSON illisible : {}", e.body_text())))?;
    Need::from_json(&value, state.catalogue.gazetteer(), state.catalogue.cpv())
        .map_err(|e| ApiError::invalid(&e.field, e.message))
}

/// `POST /api/plan/lots?max_lots=N` with a need as the JSON body.
pub async fn lots(
    State(state): State<AppState>,
    params: Result<Query<LotsParams>, QueryRejection>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(params) =
        params.map_err(|e| ApiError::invalid("max_lots", format!("paramètre illisible : {}", e.body_text())))?;
    let max_lots = crate::request::count("max_lots", &params.max_lots, MAX_LOTS_LIMIT)
        .map_err(|e| ApiError::invalid(&e.parameter, e.message))?;
    let config = match max_lots {
        Some(n) => PlanningConfig::with_max_lots(n).map_err(planning_error)?,
        None => PlanningConfig::default(),
    };
    let need = read(&state, body).await?;
    let scope =
        Scope::of_need(&need, state.catalogue.gazetteer(), Taxonomy::builtin(), &config).map_err(planning_error)?;
    let engine = state.current_engine().await?;
    let allotment = tokio::task::spawn_blocking(move || {
        sourcing::candidates(&engine, &need, &scope).map(|c| plan_lots(&scope, &c, engine.law(), &config))
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    Ok(Json(serde_json::to_value(allotment).map_err(ApiError::internal)?))
}

/// `POST /api/plan/consortium?lot=ID&with=SIRET,SIRET` with a need as the JSON body.
pub async fn consortium(
    State(state): State<AppState>,
    params: Result<Query<ConsortiumParams>, QueryRejection>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(params) =
        params.map_err(|e| ApiError::invalid("lot", format!("paramètre illisible : {}", e.body_text())))?;
    let need = read(&state, body).await?;
    let config = PlanningConfig::default();
    let scope = Scope::of_lot(&need, params.lot.as_deref(), state.catalogue.gazetteer(), Taxonomy::builtin(), &config)
        .map_err(planning_error)?;
    let named = params.required();
    let engine = state.current_engine().await?;
    let plan = tokio::task::spawn_blocking(move || {
        let mut candidates = sourcing::candidates(&engine, &need, &scope).map_err(ApiError::internal)?;
        let required = sourcing::add_named(&engine, &scope, &mut candidates, &named).map_err(planning_error)?;
        plan_consortium(&scope, &candidates, &required, &config).map_err(planning_error)
    })
    .await
    .map_err(ApiError::internal)??;
    Ok(Json(serde_json::to_value(plan).map_err(ApiError::internal)?))
}
