//! The web edge: axum router for the JSON API and the server-rendered pages.
//!
//! Handlers only translate HTTP to library calls and back; the search itself runs on the blocking
//! thread pool because it is CPU-bound.

mod alerts_api;
mod api;
mod auth;
mod error;
mod extract;
mod headers;
mod match_api;
mod notices_api;
mod pages;
mod plan_api;
mod preferences_page;
mod spaser_api;
mod unsubscribe;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use error::ApiError;
use essor::alerts::links::LinkSigner;
use essor::catalogue::Catalogue;
use essor::law::LawConfig;
use essor::matching::{Engine, Weights};

/// Largest request body accepted, in bytes.
pub const BODY_LIMIT_BYTES: usize = 1024 * 1024;
/// Longest a request may take before the server answers 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The catalogue (store + index).
    pub catalogue: Arc<Catalogue>,
    /// Page templates.
    pub templates: Arc<minijinja::Environment<'static>>,
    /// The matching engine, with the catalogue change number it was built at: rebuilt only when the
    /// catalogue has changed since.
    pub engine: Arc<tokio::sync::Mutex<Option<CachedEngine>>>,
    /// The token the private routes ask for (`None`: they refuse everyone).
    pub api_token: Option<Arc<str>>,
    /// The ESS units of SIRENE (`essor import sirene`), read by the SPASER route when the file exists.
    pub sirene_file: Option<Arc<Path>>,
    /// The signer of the links of alert e-mails (`None`: no alert e-mails, the links are refused).
    pub links: Option<Arc<LinkSigner>>,
}

/// A matching engine and the catalogue change number it was built at.
pub type CachedEngine = (i64, Arc<Engine>);

impl AppState {
    /// State over an opened catalogue, with the templates compiled in.
    pub fn new(catalogue: Arc<Catalogue>) -> Result<AppState, minijinja::Error> {
        Ok(AppState {
            catalogue,
            templates: Arc::new(pages::templates()?),
            engine: Arc::default(),
            api_token: None,
            sirene_file: None,
            links: None,
        })
    }

    /// The same state, the SPASER route recognising the ESS units of SIRENE listed in `file`.
    pub fn with_sirene_file(self, file: PathBuf) -> AppState {
        AppState { sirene_file: Some(Arc::from(file)), ..self }
    }

    /// The same state, checking the links of alert e-mails with `signer`.
    pub fn with_links(self, signer: Option<LinkSigner>) -> AppState {
        AppState { links: signer.map(Arc::new), ..self }
    }

    /// The same state, its private routes asking for `token`.
    pub fn with_api_token(self, token: Option<String>) -> AppState {
        AppState { api_token: token.map(Arc::from), ..self }
    }

    /// True when a matching engine has been built (`/healthz` says whether the first match will wait).
    pub fn engine_ready(&self) -> bool {
        self.engine.try_lock().is_ok_and(|cached| cached.is_some())
    }

    /// The matching engine, rebuilt when the catalogue changed since it was built (matches and plans
    /// share it).
    pub(crate) async fn current_engine(&self) -> Result<Arc<Engine>, ApiError> {
        let last = self.catalogue.last_change().await?;
        let mut cached = self.engine.lock().await;
        if let Some((built_at, engine)) = cached.as_ref()
            && *built_at == last
        {
            return Ok(engine.clone());
        }
        let engine = Arc::new(self.catalogue.matching_engine(Weights::default(), LawConfig::default()).await?);
        *cached = Some((last, engine.clone()));
        Ok(engine)
    }
}

/// The application's routes and middleware.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::search_page))
        .route("/healthz", get(api::healthz))
        .route("/api/suppliers/search", get(api::search))
        .route("/api/suppliers/{siret}", get(api::supplier))
        .route("/api/suppliers/{siret}/alerts", get(alerts_api::get).put(alerts_api::put))
        .route("/desinscription/{token}", get(unsubscribe::confirm).post(unsubscribe::unsubscribe))
        .route("/alertes/{token}", get(preferences_page::show).post(preferences_page::save))
        .route("/api/match", post(match_api::match_need))
        .route("/api/notices", get(notices_api::search))
        .route("/api/plan/lots", post(plan_api::lots))
        .route("/api/plan/consortium", post(plan_api::consortium))
        .fallback(api::not_found)
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        // A DECP file is larger than a need: this route reads its body itself, up to its own limit
        // (`SPASER_BODY_LIMIT_BYTES`), answering a JSON 413.
        .route("/api/spaser", post(spaser_api::spaser))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(axum::middleware::from_fn(headers::security_headers))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until `shutdown` completes, then lets requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
