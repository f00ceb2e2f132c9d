//! Server-rendered pages (French). The view models are built here; templates only lay them out.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::value::Serde;
use minijinja::{Environment, Value, context};
use serde::Serialize;

use super::AppState;
use super::api::run_search;
use essor::domain::kind::ALL_KINDS;
use essor::request::SearchParams;
use essor::wording::{km, shorten};

/// Page size of the HTML search.
const PAGE_SIZE: usize = 20;

/// The templates compiled into the binary.
pub fn templates() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.add_template("base.html", include_str!("../../templates/base.html"))?;
    env.add_template("search.html", include_str!("../../templates/search.html"))?;
    env.add_template("unsubscribe.html", include_str!("../../templates/unsubscribe.html"))?;
    env.add_template("preferences.html", include_str!("../../templates/preferences.html"))?;
    Ok(env)
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Serialize)]
struct HitView {
    rank: usize,
    name: String,
    siret: String,
    kinds: String,
    place: String,
    distance: Option<String>,
    why: Vec<String>,
    description: Option<String>,
}

#[derive(Serialize)]
struct FacetView {
    title: &'static str,
    counts: Vec<(String, u64)>,
}

/// `GET /`: the search form and, when something was asked, the results.
pub async fn search_page(
    State(state): State<AppState>,
    query: Result<Query<SearchParams>, QueryRejection>,
) -> Response {
    let params = query.map(|Query(p)| p).unwrap_or_default();
    let asked = !params.q.trim().is_empty()
        || [&params.near, &params.kind, &params.sector, &params.department].iter().any(|p| p.is_some());
    let (mut status, mut error, mut hits, mut facets, mut total) = (StatusCode::OK, None, Vec::new(), Vec::new(), None);
    if asked {
        match run_search(&state, &params, PAGE_SIZE).await {
            Ok(results) => {
                total = Some(results.total);
                hits = results
                    .hits
                    .iter()
                    .enumerate()
                    .map(|(i, h)| HitView {
                        rank: i + 1,
                        name: h.supplier.display_name().to_string(),
                        siret: h.supplier.siret.to_string(),
                        kinds: h.supplier.kinds.iter().map(|k| k.label()).collect::<Vec<_>>().join(", "),
                        place: format!("{} ({})", h.supplier.city, h.supplier.department),
                        distance: h.distance_km.map(km),
                        why: essor::wording::search::why(&h.reasons),
                        description: h.supplier.description.as_deref().map(|d| shorten(d, 220)),
                    })
                    .collect();
                let f = &results.facets;
                facets = vec![
                    FacetView {
                        title: "Types de structure",
                        counts: f.kinds.iter().map(|c| (c.label.clone(), c.count)).collect(),
                    },
                    FacetView {
                        title: "Secteurs",
                        counts: f.sectors.iter().take(10).map(|c| (c.label.clone(), c.count)).collect(),
                    },
                    FacetView {
                        title: "Départements",
                        counts: f.departments.iter().take(10).map(|c| (c.label.clone(), c.count)).collect(),
                    },
                ];
            }
            Err(e) => {
                status = e.status;
                error = Some(e.message);
            }
        }
    }
    let selected_kinds: Vec<String> =
        params.kind.as_deref().unwrap_or_default().split(',').map(|k| k.trim().to_ascii_uppercase()).collect();
    let kinds: Vec<Choice> = ALL_KINDS
        .iter()
        .map(|k| Choice {
            value: k.code().into(),
            label: format!("{} — {}", k.code(), k.label()),
            selected: selected_kinds.iter().any(|s| s == k.code()),
        })
        .collect();
    let catalogue = &state.catalogue;
    let sector = params.sector.clone().unwrap_or_default();
    let sectors: Vec<Choice> = catalogue
        .taxonomy()
        .sectors()
        .iter()
        .map(|s| Choice { value: s.key.clone(), label: s.label.clone(), selected: s.key == sector })
        .collect();
    let department = params.department.clone().unwrap_or_default();
    let departments: Vec<Choice> = catalogue
        .gazetteer()
        .departments()
        .iter()
        .map(|d| Choice {
            value: d.code.clone(),
            label: format!("{} — {}", d.code, d.name),
            selected: d.code == department,
        })
        .collect();
    let page = state.templates.get_template("search.html").and_then(|t| {
        t.render(context! {
            q => params.q, near => params.near, radius_km => params.radius_km,
            kinds => Value::from(Serde(&kinds)), sectors => Value::from(Serde(&sectors)),
            departments => Value::from(Serde(&departments)), error, hits => Value::from(Serde(&hits)),
            facets => Value::from(Serde(&facets)), total, asked,
        })
    });
    match page {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => super::ApiError::internal(e).into_response(),
    }
}
