//! `GET` and `PUT /api/suppliers/{siret}/alerts`: a supplier's alert profile, read and changed. Both ask
//! for the API token (`Authorization: Bearer …`, see [`super::auth`]); no answer holds an e-mail address.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde_json::Value;

use super::auth::require_token;
use super::extract::ApiJson;
use super::{ApiError, AppState};
use essor::alerts::service::{change_preferences, profile};
use essor::alerts::{AlertError, AlertProfile, PreferencesChange};
use essor::error::Classified;
use essor::law::LawConfig;

/// `GET /api/suppliers/{siret}/alerts`.
pub async fn get(
    State(state): State<AppState>,
    Path(siret): Path<String>,
    headers: HeaderMap,
) -> Result<Json<AlertProfile>, ApiError> {
    require_token(&state, &headers)?;
    let answer = profile(&state.catalogue, &siret, &LawConfig::default()).await.map_err(api_error)?;
    Ok(Json(answer))
}

/// `PUT /api/suppliers/{siret}/alerts` with the fields to change: `frequency`, `departments`, `keywords`,
/// `cpv_prefixes`, `min_value_eur` (null for none), `reserved_only`. The profile is answered.
pub async fn put(
    State(state): State<AppState>,
    Path(siret): Path<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson,
) -> Result<Json<AlertProfile>, ApiError> {
    require_token(&state, &headers)?;
    let change = change_of(&body)?;
    let answer =
        change_preferences(&state.catalogue, &siret, &change, &LawConfig::default()).await.map_err(api_error)?;
    Ok(Json(answer))
}

/// The API field a preference comes from.
fn field(preference: &str) -> &str {
    match preference {
        "cpv" => "cpv_prefixes",
        "min_value" => "min_value_eur",
        other => other,
    }
}

fn api_error(e: AlertError) -> ApiError {
    if matches!(e, AlertError::UnknownSupplier(_)) {
        return ApiError::not_found(e.to_string());
    }
    match e.blame().field() {
        Some(f) if e.blame().is_user() => ApiError::invalid(field(f), e.to_string()),
        _ => ApiError::from(e),
    }
}

/// The changes a JSON body asks; an unknown field or a value of the wrong type answers 422 naming it.
fn change_of(body: &Value) -> Result<PreferencesChange, ApiError> {
    let Some(object) = body.as_object() else {
        return Err(ApiError::invalid("body", "un objet JSON est attendu"));
    };
    let mut change = PreferencesChange::default();
    for (key, value) in object {
        let slot = match key.as_str() {
            "frequency" => &mut change.frequency,
            "departments" => &mut change.departments,
            "keywords" => &mut change.keywords,
            "cpv_prefixes" => &mut change.cpv,
            "min_value_eur" => &mut change.min_value,
            "reserved_only" => &mut change.reserved_only,
            other => {
                return Err(ApiError::invalid(
                    other,
                    "champ inconnu (acceptés : frequency, departments, keywords, cpv_prefixes, min_value_eur, reserved_only)",
                ));
            }
        };
        *slot = Some(text_of(key, value)?);
    }
    Ok(change)
}

/// A JSON value as the text the preferences read: a list joined by commas, a number, a boolean, null as empty.
fn text_of(key: &str, value: &Value) -> Result<String, ApiError> {
    let wrong = || ApiError::invalid(key, "type de valeur inattendu");
    let list = matches!(key, "departments" | "keywords" | "cpv_prefixes");
    match value {
        Value::Null if key != "frequency" && key != "reserved_only" => Ok(String::new()),
        Value::String(s) if !list || !s.contains(',') => Ok(s.clone()),
        Value::Number(n) if key == "min_value_eur" => Ok(n.to_string()),
        Value::Bool(b) if key == "reserved_only" => Ok(b.to_string()),
        Value::Array(items) if list => {
            let texts: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
            let texts = texts.ok_or_else(wrong)?;
            if texts.iter().any(|t| t.contains(',')) {
                return Err(ApiError::invalid(key, "une valeur de la liste contient une virgule"));
            }
            Ok(texts.join(","))
        }
        _ => Err(wrong()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_becomes_the_changes_it_asks() {
        let body = serde_json::json!({
            "frequency": "weekly", "departments": ["91", "94"], "keywords": [], "cpv_prefixes": ["909"],
            "min_value_eur": null, "reserved_only": true
        });
        let change = change_of(&body).unwrap();
        assert_eq!(change.frequency.as_deref(), Some("weekly"));
        assert_eq!(change.departments.as_deref(), Some("91,94"));
        assert_eq!(change.keywords.as_deref(), Some(""));
        assert_eq!(change.cpv.as_deref(), Some("909"));
        assert_eq!(change.min_value.as_deref(), Some(""));
        assert_eq!(change.reserved_only.as_deref(), Some("true"));
        for (bad, key) in [
            (serde_json::json!({"email": "x"}), "email"),
            (serde_json::json!({"departments": [91]}), "departments"),
            (serde_json::json!({"min_value_eur": true}), "min_value_eur"),
        ] {
            assert_eq!(change_of(&bad).unwrap_err().parameter.as_deref(), Some(key), "{bad}");
        }
    }
}
