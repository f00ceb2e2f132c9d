//! The unsubscription link of alert e-mails: `GET /desinscription/{token}` asks to confirm (a mail
//! client opening links to preview them must not unsubscribe anyone), `POST` stops the supplier's alerts
//! — from the page's button or from the mail client itself (RFC 8058 one-click). The signed token is the
//! only credential, bound to one supplier and expiring; a forged or changed one is refused.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;

use super::AppState;
use essor::alerts::PreferencesChange;
use essor::alerts::links::LinkPurpose;
use essor::alerts::service::change_preferences;
use essor::error::Classified;
use essor::law::LawConfig;

/// What the page says.
pub(super) struct Page {
    pub(super) status: StatusCode,
    pub(super) heading: &'static str,
    pub(super) message: String,
    pub(super) ask: bool,
}

/// A page of one message (and, with `ask`, the unsubscription button).
pub(super) fn render(state: &AppState, page: Page) -> Response {
    let failed = page.status != StatusCode::OK;
    let html = state
        .templates
        .get_template("unsubscribe.html")
        .and_then(|t| t.render(context! { heading => page.heading, message => page.message, ask => page.ask, failed }));
    match html {
        Ok(html) => (page.status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!("unsubscribe page: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "erreur interne").into_response()
        }
    }
}

/// The SIRET of a valid token for `purpose`, else the page that says why not.
pub(super) fn checked(state: &AppState, token: &str, purpose: LinkPurpose) -> Result<String, Page> {
    let Some(signer) = &state.links else {
        return Err(Page {
            status: StatusCode::NOT_FOUND,
            heading: "Lien indisponible",
            message: "Ce serveur n'envoie pas d'alertes par courriel.".into(),
            ask: false,
        });
    };
    let now = jiff::Timestamp::now().as_second();
    signer.verify(token, purpose, now).map_err(|e| Page {
        status: StatusCode::BAD_REQUEST,
        heading: "Lien refusé",
        message: e.to_string(),
        ask: false,
    })
}

/// `GET /desinscription/{token}`: the confirmation page.
pub async fn confirm(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let page = match checked(&state, &token, LinkPurpose::Unsubscribe) {
        Ok(siret) => Page {
            status: StatusCode::OK,
            heading: "Ne plus recevoir d'alertes",
            message: format!(
                "Confirmez que la structure de SIRET {siret} ne doit plus recevoir d'alertes d'appels d'offres."
            ),
            ask: true,
        },
        Err(page) => page,
    };
    render(&state, page)
}

/// `POST /desinscription/{token}`: pauses the supplier's alerts.
pub async fn unsubscribe(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let siret = match checked(&state, &token, LinkPurpose::Unsubscribe) {
        Ok(siret) => siret,
        Err(page) => return render(&state, page),
    };
    let change = PreferencesChange { frequency: Some("paused".into()), ..PreferencesChange::default() };
    let page = match change_preferences(&state.catalogue, &siret, &change, &LawConfig::default()).await {
        Ok(profile) => Page {
            status: StatusCode::OK,
            heading: "Alertes arrêtées",
            message: format!("{} ne recevra plus d'alertes d'appels d'offres.", profile.name),
            ask: false,
        },
        Err(e) if e.blame().is_user() => {
            Page { status: StatusCode::NOT_FOUND, heading: "Structure inconnue", message: e.to_string(), ask: false }
        }
        Err(e) => {
            tracing::error!("unsubscribe: {e}");
            Page {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                heading: "Erreur",
                message: "Le désabonnement n'a pas pu être enregistré ; réessayez plus tard.".into(),
                ask: false,
            }
        }
    };
    render(&state, page)
}
