//! Requests from the edges (command-line flags, query strings) turned into engine queries, with
//! errors that name the parameter. The CLI and the JSON API both go through here.

use crate::domain::kind::parse_kind_list;
use crate::domain::territory::normalise_department_code;
use crate::domain::{Gazetteer, GeoPoint, Taxonomy};
use crate::search::SearchQuery;

/// Largest radius accepted, in kilometres.
pub const MAX_RADIUS_KM: f64 = 1000.0;
/// Largest page of results.
pub const MAX_LIMIT: usize = 1000;

/// A bad parameter: which one, and what is wrong (French).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("paramètre « {parameter} » : {message}")]
pub struct ParamError {
    /// The parameter's name as the JSON API spells it (`radius_km`, `kind`…).
    pub parameter: String,
    /// What is wrong.
    pub message: String,
}

fn err(parameter: &str, message: impl Into<String>) -> ParamError {
    ParamError { parameter: parameter.to_string(), message: message.into() }
}

/// A supplier search as typed by a user: every value still a string.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SearchParams {
    /// Free text.
    #[serde(default)]
    pub q: String,
    /// Post code or INSEE code of a commune.
    pub near: Option<String>,
    /// Radius around `near`, in kilometres.
    pub radius_km: Option<String>,
    /// Kinds, comma-separated (`ACI,EI`).
    pub kind: Option<String>,
    /// Sector or family keys, comma-separated.
    pub sector: Option<String>,
    /// Département codes, comma-separated.
    pub department: Option<String>,
    /// CPV codes or prefixes (2 to 8 digits), comma-separated.
    pub cpv: Option<String>,
    /// How many results.
    pub limit: Option<String>,
    /// How many results to skip.
    pub offset: Option<String>,
}

/// A resolved search: the engine query and, when `near` was given, the place it names.
#[derive(Debug, Clone)]
pub struct ResolvedSearch {
    /// The query for the index.
    pub query: SearchQuery,
    /// "Évry-Courcouronnes (91)" when `near` was given.
    pub near_label: Option<String>,
}

/// The items of a comma-separated parameter, trimmed, without empty ones.
pub(crate) fn comma_list(value: &Option<String>) -> Vec<String> {
    value
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn number(parameter: &str, value: &Option<String>) -> Result<Option<f64>, ParamError> {
    match value.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(Some)
            .ok_or_else(|| err(parameter, format!("« {v} » n'est pas un nombre"))),
    }
}

/// A whole number from 0 to `max` typed as a string, `None` when absent.
pub(crate) fn count(parameter: &str, value: &Option<String>, max: usize) -> Result<Option<usize>, ParamError> {
    match number(parameter, value)? {
        None => Ok(None),
        Some(n) if n < 0.0 || n.fract() != 0.0 || n > max as f64 => {
            Err(err(parameter, format!("un entier entre 0 et {max} est attendu")))
        }
        Some(n) => Ok(Some(n as usize)),
    }
}

/// Checks and resolves a search request.
pub fn resolve_search(
    params: &SearchParams,
    default_limit: usize,
    gazetteer: &Gazetteer,
    taxonomy: &Taxonomy,
) -> Result<ResolvedSearch, ParamError> {
    let (near, near_label) = match params.near.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => (None, None),
        Some(code) => {
            let (point, commune): (GeoPoint, _) = gazetteer.locate(code).ok_or_else(|| {
                err("near", format!("« {code} » n'est ni un code postal ni un code INSEE de commune connu"))
            })?;
            (Some(point), Some(format!("{} ({})", commune.name, commune.department)))
        }
    };
    let radius_km = number("radius_km", &params.radius_km)?;
    if let Some(r) = radius_km {
        if r <= 0.0 || r > MAX_RADIUS_KM {
            return Err(err("radius_km", format!("le rayon doit être compris entre 0 et {MAX_RADIUS_KM} km")));
        }
        if near.is_none() {
            return Err(err("radius_km", "un rayon demande un lieu : précisez « near » (code postal ou INSEE)"));
        }
    }
    let kinds = parse_kind_list(params.kind.as_deref().unwrap_or_default()).map_err(|e| err("kind", e.to_string()))?;
    let sectors = comma_list(&params.sector);
    if let Some(bad) = sectors.iter().find(|k| taxonomy.sector(k).is_none() && taxonomy.family(k).is_none()) {
        return Err(err("sector", format!("secteur inconnu « {bad} »")));
    }
    let mut departments = Vec::new();
    for d in comma_list(&params.department) {
        let code = normalise_department_code(&d);
        if gazetteer.department(&code).is_none() {
            return Err(err("department", format!("le département « {d} » n'existe pas")));
        }
        departments.push(code);
    }
    let mut cpv = Vec::new();
    for c in comma_list(&params.cpv) {
        let digits = c.split('-').next().unwrap_or_default().trim_end_matches('0').to_string();
        let digits = if digits.len() < 2 { c.chars().take(2).collect() } else { digits };
        if !(2..=8).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err("cpv", format!("« {c} » n'est pas un code ni un préfixe CPV (2 à 8 chiffres)")));
        }
        cpv.push(digits);
    }
    let limit = count("limit", &params.limit, MAX_LIMIT)?.unwrap_or(default_limit).max(1);
    let offset = count("offset", &params.offset, 1_000_000)?.unwrap_or(0);
    let query = SearchQuery {
        text: params.q.trim().to_string(),
        near,
        radius_km,
        kinds,
        sectors,
        departments,
        cpv,
        limit,
        offset,
    };
    Ok(ResolvedSearch { query, near_label })
}
