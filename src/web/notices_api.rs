//! `GET /api/notices?q=…&department=…&cpv=…&open=true&limit=…`: the stored notices, as
//! `essor notices search --format json` prints them.

use axum::Json;
use axum::extract::State;
use serde_json::Value;

use super::extract::ApiQuery;
use super::{ApiError, AppState};
use essor::request::{NoticeSearchParams, resolve_notice_search};

/// `GET /api/notices`: a wrong parameter answers 422 naming it.
pub async fn search(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<NoticeSearchParams>,
) -> Result<Json<Value>, ApiError> {
    let query = resolve_notice_search(&params, state.catalogue.gazetteer(), crate::today())?;
    let results = state.catalogue.search_notices(&query).await?;
    Ok(Json(results.to_json()))
}
