//! `POST /api/match`: a need in (the JSON of the needs format), the ranked suppliers of each lot out,
//! as `essor match --format json` prints them.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};

use super::extract::{ApiNeed, ApiQuery};
use super::{ApiError, AppState};
use essor::request::ParamError;
use essor::usecase::match_needs;
use essor::wording::matching::lot_view;

/// Results per lot when the request does not say.
pub const DEFAULT_MATCH_TOP: usize = 10;
/// Most results per lot.
pub const MAX_MATCH_TOP: usize = 1000;

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
    ApiQuery(params): ApiQuery<MatchParams>,
    ApiNeed(need): ApiNeed,
) -> Result<Json<Value>, ApiError> {
    let top = essor::request::count("top", &params.top, MAX_MATCH_TOP)?.unwrap_or(DEFAULT_MATCH_TOP);
    if top == 0 {
        return Err(ParamError::new("top", "au moins 1 fournisseur par lot").into());
    }
    let engine = state.current_engine().await?;
    let id = need.id.clone();
    let (lots, engine) = tokio::task::spawn_blocking(move || (match_needs(&engine, &[need], top), engine))
        .await
        .map_err(ApiError::internal)?;
    let views: Vec<_> = lots?.iter().flatten().map(|lot| lot_view(lot, engine.cpv())).collect();
    Ok(Json(json!({ "need": id, "lots": views })))
}
