//! `POST /api/spaser?buyer=SIRET&year=YYYY`: a DECP file in (JSON, JSON Lines or CSV, as the body), the
//! buyer's SPASER indicators and reservable potential out, as `essor spaser --format json` prints them.

use std::io::BufReader;

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::Value;

use super::extract::ApiQuery;
use super::{ApiError, AppState};
use essor::spaser::sirene::read_ess_units;
use essor::spaser::{EssDirectory, Targets, load};
use essor::usecase::spaser_report;
use essor::wording::spaser::report_json;

/// Largest DECP file accepted, in bytes (some 20 000 contracts).
pub const SPASER_BODY_LIMIT_BYTES: usize = 16 * 1024 * 1024;

/// Query parameters of `POST /api/spaser`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SpaserParams {
    /// The buyer's SIRET, as typed.
    pub buyer: Option<String>,
    /// The year of notification, as typed.
    pub year: Option<String>,
}

fn buyer(value: &Option<String>) -> Result<String, ApiError> {
    let raw = value.as_deref().unwrap_or_default();
    let siret: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if siret.len() != 14 || !siret.bytes().all(|c| c.is_ascii_digit()) {
        return Err(ApiError::invalid("buyer", format!("« {raw} » n'est pas un SIRET d'acheteur (14 chiffres)")));
    }
    Ok(siret)
}

fn year(value: &Option<String>) -> Result<i16, ApiError> {
    let raw = value.as_deref().unwrap_or_default().trim();
    raw.parse::<i16>().ok().filter(|y| (2000..=2100).contains(y)).ok_or_else(|| {
        ApiError::invalid("year", format!("« {raw} » n'est pas une année de notification (2000 à 2100)"))
    })
}

fn too_large() -> ApiError {
    ApiError::too_large(format!(
        "fichier DECP trop volumineux : au plus {} Mo par requête ; filtrez-le sur l'acheteur ou utilisez la commande essor spaser",
        SPASER_BODY_LIMIT_BYTES / (1024 * 1024)
    ))
}

/// The body, read up to [`SPASER_BODY_LIMIT_BYTES`]: 413 as soon as it is announced or found larger,
/// 422 when it is empty.
async fn body(headers: &HeaderMap, body: Body) -> Result<Vec<u8>, ApiError> {
    let announced = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
    if announced.is_some_and(|n| n > SPASER_BODY_LIMIT_BYTES as u64) {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(announced.unwrap_or(0) as usize);
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| ApiError::bad_request(format!("corps illisible : {e}")))?;
        if bytes.len() + chunk.len() > SPASER_BODY_LIMIT_BYTES {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::invalid("body", "corps vide : envoyez le fichier DECP (JSON, JSON Lines ou CSV)"));
    }
    Ok(bytes)
}

/// `POST /api/spaser?buyer=SIRET&year=YYYY` with a DECP file as the body.
pub async fn spaser(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<SpaserParams>,
    headers: HeaderMap,
    raw: Body,
) -> Result<Json<Value>, ApiError> {
    let buyer = buyer(&params.buyer)?;
    let year = year(&params.year)?;
    let bytes = body(&headers, raw).await?;
    let suppliers = state.catalogue.suppliers().await?;
    let engine = if suppliers.is_empty() { None } else { Some(state.current_engine().await?) };
    let sirene = state.sirene_file.clone();
    let report = tokio::task::spawn_blocking(move || {
        let loaded = load(&bytes[..], Some(&buyer)).map_err(|e| {
            let mut error = ApiError::from(e);
            if error.parameter.is_some() {
                error.parameter = Some("body".into());
            }
            error
        })?;
        if loaded.contracts.is_empty() {
            return Err(ApiError::invalid(
                "buyer",
                format!(
                    "aucun marché de l'acheteur {buyer} dans le fichier ({} enregistrement(s) lus)",
                    loaded.records
                ),
            ));
        }
        let mut directory = EssDirectory::from_suppliers(&suppliers);
        if let Some(file) = sirene.as_deref().and_then(|p| std::fs::File::open(p).ok()) {
            directory.add_sirene(read_ess_units(BufReader::new(file)));
        }
        let report = spaser_report(loaded, &buyer, &[year], &Targets::default(), Some(&directory), engine.as_deref())?;
        Ok(report_json(&report))
    })
    .await
    .map_err(ApiError::internal)??;
    Ok(Json(report))
}
