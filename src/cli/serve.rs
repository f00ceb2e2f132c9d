//! `essor serve`: the web server, with the example catalogue loaded on first start.

use essor::alerts::links::{LinkSigner, MIN_SECRET_BYTES};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use clap::Args;

use super::{Cli, CliError, open};
use crate::web::{self, AppState};
use essor::ingest::suppliers::read_jsonl;

/// The example catalogue shipped in the binary (`fixtures/suppliers.jsonl`).
const EXAMPLE_CATALOGUE: &str = include_str!("../../fixtures/suppliers.jsonl");

/// `essor serve` options.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(
        long,
        env = "ESSOR_ADDR",
        default_value = "127.0.0.1:8080",
        value_name = "ADRESSE:PORT",
        help = "Adresse d'écoute"
    )]
    pub addr: SocketAddr,
    /// Do not load the example catalogue into an empty database.
    #[arg(long, help = "Ne pas charger le catalogue d'exemple dans une base vide")]
    pub no_example: bool,
    /// The token the private routes ask for.
    #[arg(
        long,
        env = "ESSOR_API_TOKEN",
        hide_env_values = true,
        value_name = "JETON",
        help = "Jeton d'API (au moins 16 caractères) demandé par les routes privées (préférences d'alerte) : Authorization: Bearer JETON"
    )]
    pub api_token: Option<String>,
    /// The secret of the links of alert e-mails.
    #[arg(
        long,
        env = "ESSOR_LINK_SECRET",
        hide_env_values = true,
        value_name = "SECRET",
        help = "Secret des liens des courriels d'alerte, désinscription et préférences (le même que pour « essor alerts send »)"
    )]
    pub link_secret: Option<String>,
    /// SMTP server the outbox is delivered to while serving.
    #[arg(
        long,
        env = "ESSOR_SMTP_URL",
        value_name = "URL",
        requires = "mail_from",
        help = "Serveur SMTP : avec lui, le serveur envoie aussi les courriels en attente (comme « essor mail send »)"
    )]
    pub smtp_url: Option<String>,
    /// Sender address of the e-mails.
    #[arg(long, env = "ESSOR_MAIL_FROM", value_name = "ADRESSE", help = "Adresse d'expédition des courriels")]
    pub mail_from: Option<String>,
}

/// Seconds between two passes of the sender a server runs.
const SEND_INTERVAL_SECS: u64 = 10;

/// Shortest API token accepted.
const MIN_TOKEN_CHARS: usize = 16;

pub(super) async fn run(cli: &Cli, args: &ServeArgs) -> Result<(), CliError> {
    let token = args.api_token.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    if token.as_ref().is_some_and(|t| t.chars().count() < MIN_TOKEN_CHARS) {
        return Err(CliError::bad_input(format!("--api-token : au moins {MIN_TOKEN_CHARS} caractères")));
    }
    let links =
        match args.link_secret.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(secret) => Some(LinkSigner::new(secret).ok_or_else(|| {
                CliError::bad_input(format!("--link-secret : au moins {MIN_SECRET_BYTES} caractères"))
            })?),
        };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("ESSOR_LOG").unwrap_or_else(|_| "info".into()))
        .try_init();
    let catalogue = open(cli).await?;
    if !args.no_example && catalogue.count().await? == 0 {
        let file = read_jsonl(Path::new("fixtures/suppliers.jsonl"), EXAMPLE_CATALOGUE, catalogue.gazetteer())
            .map_err(|e| CliError::failure(format!("catalogue d'exemple invalide : {e}")))?;
        let outcome = catalogue.import_suppliers(file).await?;
        println!("Catalogue d'exemple chargé : {} fournisseur(s).", outcome.inserted);
    }
    let listener = tokio::net::TcpListener::bind(args.addr).await.map_err(|e| {
        CliError::failure(format!("impossible d'écouter sur {} : {}", args.addr, essor::wording::io_error(&e)))
    })?;
    let state = AppState::new(Arc::new(catalogue))
        .map_err(|e| CliError::failure(format!("gabarits invalides : {e}")))?
        .with_api_token(token)
        .with_links(links)
        .with_sirene_file(cli.data_dir.join(essor::spaser::sirene::SIRENE_ESS_FILE));
    if let (Some(url), Some(from)) = (&args.smtp_url, &args.mail_from) {
        let sender = super::mail::background_sender(cli, url, from).await?;
        tokio::spawn(async move {
            let interval = std::time::Duration::from_secs(SEND_INTERVAL_SECS);
            sender.run_until(interval, std::future::pending::<()>()).await;
        });
        println!("Envoi des courriels en attente toutes les {SEND_INTERVAL_SECS} s.");
    }
    let catalogue = state.catalogue.clone();
    // The matching engine is built now, in the background, rather than on the first match.
    let warm = state.clone();
    tokio::spawn(async move {
        if let Err(e) = warm.current_engine().await {
            tracing::warn!("matching engine not built at start: {}", e.message);
        }
    });
    println!(
        "essor écoute sur http://{} ({} fournisseur(s)) — Ctrl-C pour arrêter.",
        args.addr,
        catalogue.count().await?
    );
    web::serve(listener, state, web::shutdown_signal())
        .await
        .map_err(|e| CliError::failure(format!("serveur arrêté : {e}")))?;
    catalogue.close().await;
    println!("Serveur arrêté.");
    Ok(())
}
