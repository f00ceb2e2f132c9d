//! The alert preferences page a supplier reaches from the signed link of its alert e-mails:
//! `GET /alertes/{token}` shows its preferences in a form, `POST` records the form. The link is the only
//! credential (bound to one supplier, expiring); the form carries an anti-forgery token bound to the link.

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::AppState;
use super::unsubscribe::{Page, checked, render as render_message};
use essor::alerts::links::LinkPurpose;
use essor::alerts::service::{AlertError, AlertProfile, change_preferences, profile};
use essor::alerts::{Frequency, Preferences, PreferencesChange};
use essor::error::Classified;
use essor::law::LawConfig;
use essor::wording::alerts::{frequency, sector};

/// The form as posted: each field as typed; the checkbox is absent when unticked.
#[derive(Debug, Default, Deserialize)]
pub struct PreferencesForm {
    csrf: Option<String>,
    frequency: Option<String>,
    departments: Option<String>,
    keywords: Option<String>,
    cpv: Option<String>,
    min_value: Option<String>,
    reserved_only: Option<String>,
}

impl PreferencesForm {
    /// The change it asks: every field of the form, the checkbox read as ticked or not.
    fn change(&self) -> PreferencesChange {
        PreferencesChange {
            frequency: self.frequency.clone(),
            departments: Some(self.departments.clone().unwrap_or_default()),
            keywords: Some(self.keywords.clone().unwrap_or_default()),
            cpv: Some(self.cpv.clone().unwrap_or_default()),
            min_value: Some(self.min_value.clone().unwrap_or_default()),
            reserved_only: Some(if self.reserved_only.is_some() { "true" } else { "false" }.to_string()),
        }
    }
}

#[derive(Serialize)]
struct Choice {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

/// The values the form shows.
#[derive(Serialize)]
struct Fields {
    frequency: String,
    departments: String,
    keywords: String,
    cpv: String,
    min_value: String,
    reserved_only: bool,
}

impl Fields {
    fn of(p: &Preferences) -> Fields {
        Fields {
            frequency: p.frequency.code().to_string(),
            departments: p.departments.join(", "),
            keywords: p.keywords.join(", "),
            cpv: p.cpv_prefixes.join(", "),
            min_value: p.min_value_eur.map(|v| v.to_string()).unwrap_or_default(),
            reserved_only: p.reserved_only,
        }
    }

    fn typed(form: &PreferencesForm) -> Fields {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        Fields {
            frequency: text(&form.frequency),
            departments: text(&form.departments),
            keywords: text(&form.keywords),
            cpv: text(&form.cpv),
            min_value: text(&form.min_value),
            reserved_only: form.reserved_only.is_some(),
        }
    }
}

/// What the page says after a post: saved, or the field at fault and why.
struct Outcome {
    status: StatusCode,
    saved: bool,
    error: Option<(&'static str, String)>,
}

fn render(state: &AppState, token: &str, profile: &AlertProfile, fields: &Fields, outcome: Outcome) -> Response {
    let Some(signer) = &state.links else { return StatusCode::NOT_FOUND.into_response() };
    let frequencies: Vec<Choice> = [Frequency::Each, Frequency::Daily, Frequency::Weekly, Frequency::Paused]
        .into_iter()
        .map(|f| Choice { value: f.code(), label: frequency(f), selected: f.code() == fields.frequency })
        .collect();
    let trades: Vec<String> = profile.record.sectors.iter().map(|s| sector(s)).collect();
    let (error_field, error) = outcome.error.map_or((None, None), |(f, m)| (Some(f), Some(m)));
    let html = state.templates.get_template("preferences.html").and_then(|t| {
        t.render(context! {
            name => &profile.name,
            siret => &profile.siret,
            email_on_record => profile.email_on_record,
            record_department => &profile.record.department,
            record_trades => trades.join(", "),
            frequencies => Serde(&frequencies),
            fields => Serde(fields),
            csrf => signer.form_token(token),
            saved => outcome.saved,
            error_field => error_field,
            error => error,
        })
    });
    match html {
        Ok(html) => (outcome.status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!("preferences page: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "erreur interne").into_response()
        }
    }
}

/// The message page of a failed use case: unknown supplier (404) or internal error (500).
fn failure(state: &AppState, e: &AlertError) -> Response {
    if e.blame().is_user() {
        return render_message(
            state,
            Page { status: StatusCode::NOT_FOUND, heading: "Structure inconnue", message: e.to_string(), ask: false },
        );
    }
    tracing::error!("preferences page: {e}");
    render_message(
        state,
        Page {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            heading: "Erreur",
            message: "Vos préférences n'ont pas pu être lues ou enregistrées ; réessayez plus tard.".into(),
            ask: false,
        },
    )
}

/// `GET /alertes/{token}`: the supplier's preferences in a form.
pub async fn show(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let siret = match checked(&state, &token, LinkPurpose::Preferences) {
        Ok(siret) => siret,
        Err(page) => return render_message(&state, page),
    };
    match profile(&state.catalogue, &siret, &LawConfig::default()).await {
        Ok(profile) => {
            let fields = Fields::of(&profile.preferences);
            render(&state, &token, &profile, &fields, Outcome { status: StatusCode::OK, saved: false, error: None })
        }
        Err(e) => failure(&state, &e),
    }
}

/// `POST /alertes/{token}`: records the form when its anti-forgery token is the link's; a wrong value
/// shows the form again as typed, with the field at fault (422), and changes nothing.
pub async fn save(
    State(state): State<AppState>,
    Path(token): Path<String>,
    form: Result<Form<PreferencesForm>, FormRejection>,
) -> Response {
    let siret = match checked(&state, &token, LinkPurpose::Preferences) {
        Ok(siret) => siret,
        Err(page) => return render_message(&state, page),
    };
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let genuine = match (&state.links, &form.csrf) {
        (Some(signer), Some(given)) => signer.check_form_token(&token, given),
        _ => false,
    };
    if !genuine {
        return render_message(
            &state,
            Page {
                status: StatusCode::FORBIDDEN,
                heading: "Formulaire refusé",
                message: "Ce formulaire ne vient pas de la page de vos alertes : rouvrez le lien de votre courriel \
                          et enregistrez de nouveau."
                    .into(),
                ask: false,
            },
        );
    }
    let law = LawConfig::default();
    match change_preferences(&state.catalogue, &siret, &form.change(), &law).await {
        Ok(profile) => {
            let fields = Fields::of(&profile.preferences);
            render(&state, &token, &profile, &fields, Outcome { status: StatusCode::OK, saved: true, error: None })
        }
        Err(AlertError::Preferences(e)) => match profile(&state.catalogue, &siret, &law).await {
            Ok(profile) => {
                let outcome = Outcome {
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                    saved: false,
                    error: Some((e.field, e.message)),
                };
                render(&state, &token, &profile, &Fields::typed(&form), outcome)
            }
            Err(e) => failure(&state, &e),
        },
        Err(e) => failure(&state, &e),
    }
}
