//! The JSON of the public API of the Marché de l'inclusion (`/api/siae/`): either a list of
//! structures or a paginated page `{"count", "next", "results": [...]}`.
//!
//! Each structure is mapped to essor's import format, then validated like any other record:
//! - `kind` (`EI`, `AI`, `ACI`, `ETTI`, `EITI`, `GEIQ`, `EA`, `EATT`, `ESAT`, `SEP`) maps to the kind of the
//!   same name; any other value rejects the file, naming the structure;
//! - `sectors` (slugs, or objects with `slug`/`name`) map to essor's taxonomy by key, then by the words of
//!   their name; a sector that maps to nothing is dropped with a warning;
//! - the geographic range (`geo_range`: `COUNTRY`, `CUSTOM` with `geo_range_custom_distance`,
//!   `DEPARTMENT`, `REGION`, `ZONES`) maps to the intervention zone;
//! - `coords` (GeoJSON point), `latitude`/`longitude` or `lat`/`lon` give the site;
//! - `presta_type` (`DISP`, `PREST`, `BUILD`) is added to the description in words.

use std::path::Path;

use serde_json::{Map, Value};

use super::suppliers::{ImportError, ImportedFile, RecordValidator};
use crate::domain::text::fold;
use crate::domain::{Gazetteer, Taxonomy};

/// Reads a Marché de l'inclusion export.
pub fn read(path: &Path, text: &str, gazetteer: &Gazetteer) -> Result<ImportedFile, ImportError> {
    let value: Value = serde_json::from_str(text).map_err(|e| ImportError::Format {
        path: path.to_path_buf(),
        message: format!("JSON mal formé, ligne {} colonne {} ({e})", e.line(), e.column()),
    })?;
    let structures = match value {
        Value::Array(items) => items,
        Value::Object(mut page) => match page.remove("results") {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(ImportError::Format {
                    path: path.to_path_buf(),
                    message: "une liste de structures ou un objet avec « results » est attendu".to_string(),
                });
            }
        },
        _ => {
            return Err(ImportError::Format {
                path: path.to_path_buf(),
                message: "une liste de structures est attendue".to_string(),
            });
        }
    };
    let taxonomy = Taxonomy::builtin();
    let mut v = RecordValidator::new(gazetteer);
    for (i, item) in structures.iter().enumerate() {
        let Value::Object(structure) = item else {
            v.problems.push(format!("structure n° {}", i + 1), "un objet JSON {…} est attendu".to_string());
            continue;
        };
        let siret = structure.get("siret").and_then(Value::as_str).unwrap_or("?");
        let location = format!("structure n° {} (SIRET {siret})", i + 1);
        let (record, dropped) = to_record(structure, gazetteer, taxonomy);
        for sector in dropped {
            v.file
                .warnings
                .push(format!("{location} : secteur « {sector} » sans équivalent dans la nomenclature essor, ignoré"));
        }
        v.accept(location, &record);
    }
    v.problems.into_result(path, v.file)
}

/// Maps one structure to the import format; returns the sectors that could not be mapped.
fn to_record(s: &Map<String, Value>, gazetteer: &Gazetteer, taxonomy: &Taxonomy) -> (Map<String, Value>, Vec<String>) {
    let mut r = Map::new();
    for field in ["siret", "name", "brand", "city", "post_code", "department", "naf", "legal_form", "description"] {
        if let Some(v) = s.get(field).filter(|v| !v.is_null()) {
            r.insert(field.to_string(), v.clone());
        }
    }
    let kinds: Vec<Value> = match (s.get("kind"), s.get("kinds")) {
        (_, Some(Value::Array(list))) => list.clone(),
        (Some(Value::String(k)), _) => vec![Value::from(k.as_str())],
        _ => Vec::new(),
    };
    r.insert("kinds".into(), Value::Array(kinds));
    if let Some(email) = s.get("contact_email").or_else(|| s.get("email")).filter(|v| v.is_string()) {
        r.insert("email".into(), email.clone());
    }
    if let Some(ca) = s.get("ca").or_else(|| s.get("api_entreprise_ca")).filter(|v| v.is_number()) {
        r.insert("revenue_eur".into(), ca.clone());
    }
    let staff: u64 = ["employees_insertion_count", "employees_permanent_count"]
        .iter()
        .filter_map(|f| s.get(*f).and_then(Value::as_u64))
        .sum();
    if staff > 0 {
        r.insert("employees".into(), Value::from(staff));
    }
    if let Some((lat, lon)) = coordinates(s) {
        r.insert("lat".into(), Value::from(lat));
        r.insert("lon".into(), Value::from(lon));
    }
    let names = list_of_names(s.get("networks"));
    if !names.is_empty() {
        r.insert("networks".into(), Value::from(names));
    }
    let (sectors, dropped) = map_sectors(s.get("sectors"), taxonomy);
    if !sectors.is_empty() {
        r.insert("sectors".into(), Value::from(sectors));
    }
    let services = presta_words(s.get("presta_type"));
    if !services.is_empty() {
        let base = r.get("description").and_then(Value::as_str).unwrap_or_default().to_string();
        let sep = if base.is_empty() { "" } else { "\n" };
        r.insert("description".into(), Value::from(format!("{base}{sep}Prestations : {services}.")));
    }
    if let Some(zone) = intervention(s, gazetteer) {
        r.insert("intervention".into(), zone);
    }
    (r, dropped)
}

fn coordinates(s: &Map<String, Value>) -> Option<(f64, f64)> {
    if let Some(Value::Object(point)) = s.get("coords")
        && let Some(Value::Array(c)) = point.get("coordinates")
        && let (Some(lon), Some(lat)) = (c.first().and_then(Value::as_f64), c.get(1).and_then(Value::as_f64))
    {
        return Some((lat, lon));
    }
    let pair = |a: &str, b: &str| Some((s.get(a)?.as_f64()?, s.get(b)?.as_f64()?));
    pair("latitude", "longitude").or_else(|| pair("lat", "lon"))
}

/// Names out of a list of strings or of objects with `name` (or `slug`).
fn list_of_names(value: Option<&Value>) -> Vec<String> {
    let Some(Value::Array(items)) = value else { return Vec::new() };
    items
        .iter()
        .filter_map(|i| match i {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o.get("name").or_else(|| o.get("slug")).and_then(Value::as_str).map(str::to_string),
            _ => None,
        })
        .collect()
}

fn map_sectors(value: Option<&Value>, taxonomy: &Taxonomy) -> (Vec<String>, Vec<String>) {
    let Some(Value::Array(items)) = value else { return (Vec::new(), Vec::new()) };
    let mut mapped: Vec<String> = Vec::new();
    let mut dropped = Vec::new();
    for item in items {
        let (slug, name) = match item {
            Value::String(s) => (s.clone(), s.replace('-', " ")),
            Value::Object(o) => {
                let slug = o.get("slug").and_then(Value::as_str).unwrap_or_default().to_string();
                let name =
                    o.get("name").and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| slug.replace('-', " "));
                (slug, name)
            }
            _ => continue,
        };
        let key = taxonomy
            .sector(&slug)
            .map(|s| s.key.clone())
            .or_else(|| taxonomy.sectors_for_text(&name).first().map(|(s, _)| s.key.clone()));
        match key {
            Some(k) if !mapped.contains(&k) => mapped.push(k),
            Some(_) => {}
            None => dropped.push(if name.is_empty() { slug } else { name }),
        }
    }
    (mapped, dropped)
}

fn presta_words(value: Option<&Value>) -> String {
    let codes: Vec<String> = match value {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        Some(Value::String(s)) => s.split(['|', ',']).map(|x| x.trim().to_string()).collect(),
        _ => Vec::new(),
    };
    codes
        .iter()
        .filter_map(|c| match c.to_ascii_uppercase().as_str() {
            "DISP" => Some("mise à disposition de personnel, intérim"),
            "PREST" => Some("prestation de services"),
            "BUILD" => Some("fabrication et commercialisation de biens"),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn intervention(s: &Map<String, Value>, gazetteer: &Gazetteer) -> Option<Value> {
    let range = s.get("geo_range").and_then(Value::as_str)?.to_ascii_uppercase();
    match range.as_str() {
        "COUNTRY" => Some(serde_json::json!({ "national": true })),
        "CUSTOM" => s
            .get("geo_range_custom_distance")
            .filter(|v| v.is_number())
            .map(|km| serde_json::json!({ "radius_km": km })),
        "DEPARTMENT" => s.get("department").map(|d| serde_json::json!({ "departments": [d] })),
        "REGION" => {
            let name = fold(s.get("region").and_then(Value::as_str)?);
            let code = gazetteer.regions().iter().find(|r| fold(&r.name) == name || r.code == name)?.code.clone();
            Some(serde_json::json!({ "regions": [code] }))
        }
        _ => None,
    }
}
