//! `essor alerts preferences SIRET [options]`, `essor alerts preview SIRET`, `essor alerts compute` and
//! `essor alerts send`.

use clap::{Args, Subcommand};

use super::args::{Format, FormatArg, LawArg, MailFromArg};
use super::output::{print_json_line, print_text};
use super::{Cli, CliError, open};
use essor::alerts::links::{LinkSigner, MIN_SECRET_BYTES};
use essor::alerts::service::{change_preferences, compute_and_record, preview, profile};
use essor::alerts::{AlertConfig, PreferencesChange};
use essor::error::Classified;
use essor::matching::Weights;
use essor::request::count;
use essor::usecase::{AlertLinks, send_alerts};
use essor::wording::alert_mail as mail_wording;
use essor::wording::alerts as wording;

/// Most suppliers per lot an alert may be computed for.
const MAX_TOP: usize = 1000;

/// What to do with alerts.
#[derive(Debug, Subcommand)]
pub enum AlertsCommand {
    /// Show or change a supplier's alert preferences.
    #[command(about = "Afficher (sans option) ou modifier les préférences d'alerte d'un fournisseur")]
    Preferences(PreferencesArgs),
    /// What a supplier would receive now.
    #[command(about = "Les alertes qu'un fournisseur recevrait maintenant (rien n'est enregistré)")]
    Preview(PreviewArgs),
    /// Compute and record the new alerts.
    #[command(about = "Calculer et enregistrer les nouvelles alertes de tous les fournisseurs (à envoyer par e-mail)")]
    Compute(ComputeArgs),
    /// Turn the waiting alerts into e-mails in the outbox.
    #[command(
        about = "Mettre en file d'envoi les courriels d'alerte dus (un par avis, ou récapitulatif quotidien ou hebdomadaire)"
    )]
    Send(SendArgs),
    /// Where the alerts and their e-mails stand.
    #[command(about = "Où en sont les alertes : enregistrées, en attente, envoyées, en échec (avec la raison)")]
    Status(FormatArg),
}

/// `essor alerts send` options.
#[derive(Debug, Args)]
pub struct SendArgs {
    /// Sender address.
    #[command(flatten)]
    pub from: MailFromArg,
    /// Public address of the web server.
    #[arg(
        long,
        env = "ESSOR_PUBLIC_URL",
        value_name = "URL",
        help = "Adresse publique du serveur web, pour les liens de désinscription (https://essor.exemple.fr)"
    )]
    pub public_url: String,
    /// Secret of the signed links.
    #[arg(
        long,
        env = "ESSOR_LINK_SECRET",
        value_name = "SECRET",
        hide_env_values = true,
        help = "Secret qui signe les liens des courriels (au moins 16 caractères ; le même pour « essor serve »)"
    )]
    pub link_secret: String,
    /// Link lifetime.
    #[arg(long, default_value_t = 60, value_name = "JOURS", help = "Durée de validité des liens, en jours (1 à 365)")]
    pub link_days: u32,
    /// Dry run.
    #[arg(long, help = "Dire ce qui serait envoyé, sans rien écrire")]
    pub dry_run: bool,
    /// Output format.
    #[command(flatten)]
    pub format: FormatArg,
}

/// `essor alerts preferences` options.
#[derive(Debug, Args)]
pub struct PreferencesArgs {
    /// The supplier.
    #[arg(value_name = "SIRET", help = "SIRET du fournisseur")]
    pub siret: String,
    /// Frequency.
    #[arg(long, value_name = "FRÉQUENCE", help = "each (chaque avis), daily, weekly ou paused")]
    pub frequency: Option<String>,
    /// Départements.
    #[arg(
        long,
        value_name = "CODES",
        help = "Départements, séparés par des virgules (91,94) ; vide : zone de la fiche"
    )]
    pub departments: Option<String>,
    /// Keywords.
    #[arg(long, value_name = "MOTS", help = "Mots-clés, séparés par des virgules ; vide : aucun")]
    pub keywords: Option<String>,
    /// CPV prefixes.
    #[arg(
        long,
        value_name = "CODES",
        help = "Préfixes CPV, séparés par des virgules (909,77) ; vide : métiers de la fiche"
    )]
    pub cpv: Option<String>,
    /// Smallest value.
    #[arg(
        long,
        value_name = "EUR",
        allow_hyphen_values = true,
        help = "Montant estimé minimum en euros HT ; vide : aucun"
    )]
    pub min_value: Option<String>,
    /// Reserved lots only.
    #[arg(long, value_name = "true|false", help = "Seulement les lots réservés (true ou false)")]
    pub reserved_only: Option<String>,
    /// Output format.
    #[command(flatten)]
    pub format: FormatArg,
}

/// `--top N` of the alert commands.
#[derive(Debug, Args)]
pub struct AlertTopArg {
    /// How many fitting suppliers per lot are alerted.
    #[arg(
        long,
        value_name = "N",
        default_value = "50",
        help = "Un fournisseur est alerté s'il est parmi les N premiers qui conviennent au lot (1 à 1000)"
    )]
    pub top: String,
}

impl AlertTopArg {
    fn config(&self) -> Result<AlertConfig, CliError> {
        let top = count("top", &Some(self.top.clone()), MAX_TOP)
            .map_err(|e| CliError::bad_input(e.message).at("--top"))?
            .unwrap_or(0);
        if top == 0 {
            return Err(CliError::bad_input("--top : au moins 1 fournisseur par lot"));
        }
        Ok(AlertConfig { top, ..AlertConfig::default() })
    }
}

/// `essor alerts preview` options.
#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// The supplier.
    #[arg(value_name = "SIRET", help = "SIRET du fournisseur")]
    pub siret: String,
    /// Fitting suppliers per lot.
    #[command(flatten)]
    pub top: AlertTopArg,
    /// Output format.
    #[command(flatten)]
    pub format: FormatArg,
    /// Legal parameters.
    #[command(flatten)]
    pub law: LawArg,
}

/// `essor alerts compute` options.
#[derive(Debug, Args)]
pub struct ComputeArgs {
    /// Fitting suppliers per lot.
    #[command(flatten)]
    pub top: AlertTopArg,
    /// Output format.
    #[command(flatten)]
    pub format: FormatArg,
    /// Legal parameters.
    #[command(flatten)]
    pub law: LawArg,
}

pub(super) async fn run(cli: &Cli, cmd: &AlertsCommand) -> Result<(), CliError> {
    match cmd {
        AlertsCommand::Preferences(args) => preferences(cli, args).await,
        AlertsCommand::Preview(args) => show_preview(cli, args).await,
        AlertsCommand::Compute(args) => compute(cli, args).await,
        AlertsCommand::Send(args) => send(cli, args).await,
        AlertsCommand::Status(format) => show_status(cli, format).await,
    }
}

/// The CLI flag a preference field comes from.
fn flag(field: &str) -> &str {
    match field {
        "frequency" => "--frequency",
        "departments" => "--departments",
        "keywords" => "--keywords",
        "cpv" => "--cpv",
        "min_value" => "--min-value",
        "reserved_only" => "--reserved-only",
        other => other,
    }
}

/// An alert error, its message preceded by the flag at fault.
fn cli_error(e: essor::alerts::AlertError) -> CliError {
    let place = e.blame().field().map(|f| flag(f).to_string());
    let error = CliError::from(e);
    match place {
        Some(place) if place != "siret" => error.at(place),
        _ => error,
    }
}

async fn preferences(cli: &Cli, args: &PreferencesArgs) -> Result<(), CliError> {
    let change = PreferencesChange {
        frequency: args.frequency.clone(),
        departments: args.departments.clone(),
        keywords: args.keywords.clone(),
        cpv: args.cpv.clone(),
        min_value: args.min_value.clone(),
        reserved_only: args.reserved_only.clone(),
    };
    let law = essor::law::LawConfig::default();
    let catalogue = open(cli).await?;
    let answer = if change.is_empty() {
        profile(&catalogue, &args.siret, &law).await
    } else {
        change_preferences(&catalogue, &args.siret, &change, &law).await
    };
    catalogue.close().await;
    let answer = answer.map_err(cli_error)?;
    match args.format.format {
        Format::Json | Format::Jsonl => print_json_line(&answer),
        Format::Table => {
            let saved = if change.is_empty() { "" } else { "Préférences enregistrées.\n" };
            print_text(&format!("{saved}{}", wording::profile_text(&answer)))
        }
    }
}

async fn show_preview(cli: &Cli, args: &PreviewArgs) -> Result<(), CliError> {
    let config = args.top.config()?;
    let law = args.law.config()?;
    let catalogue = open(cli).await?;
    let who = profile(&catalogue, &args.siret, &law).await.map_err(cli_error);
    let who = match who {
        Ok(who) => who,
        Err(e) => {
            catalogue.close().await;
            return Err(e);
        }
    };
    let engine = catalogue.matching_engine(Weights::default(), law).await?;
    let alerts = preview(&catalogue, &engine, &args.siret, crate::today(), &config).await;
    catalogue.close().await;
    let alerts = alerts.map_err(cli_error)?;
    match args.format.format {
        Format::Json => print_json_line(&serde_json::json!({ "siret": who.siret, "alerts": alerts })),
        Format::Jsonl => {
            for alert in &alerts {
                print_json_line(alert)?;
            }
            Ok(())
        }
        Format::Table => print_text(&wording::preview_text(&who, &alerts)),
    }
}

async fn compute(cli: &Cli, args: &ComputeArgs) -> Result<(), CliError> {
    let config = args.top.config()?;
    let law = args.law.config()?;
    let catalogue = open(cli).await?;
    let engine = catalogue.matching_engine(Weights::default(), law).await;
    let outcome = match engine {
        Ok(engine) => compute_and_record(&catalogue, &engine, crate::today(), &config).await.map_err(cli_error),
        Err(e) => Err(CliError::from(e)),
    };
    catalogue.close().await;
    let outcome = outcome?;
    match args.format.format {
        Format::Json | Format::Jsonl => print_json_line(&outcome),
        Format::Table => print_text(&wording::compute_text(&outcome)),
    }
}

async fn send(cli: &Cli, args: &SendArgs) -> Result<(), CliError> {
    let from = args.from.mailbox()?;
    let signer = LinkSigner::new(&args.link_secret)
        .ok_or_else(|| CliError::bad_input(format!("au moins {MIN_SECRET_BYTES} caractères")).at("--link-secret"))?;
    if !(1..=365).contains(&args.link_days) {
        return Err(CliError::bad_input("--link-days : de 1 à 365 jours"));
    }
    let public_url = args.public_url.trim();
    if !(public_url.starts_with("https://") || public_url.starts_with("http://")) {
        return Err(CliError::bad_input("--public-url : une adresse http:// ou https://"));
    }
    let links = AlertLinks {
        signer,
        public_url: public_url.trim_end_matches('/').to_string(),
        lifetime_secs: i64::from(args.link_days) * 86_400,
    };
    let catalogue = open(cli).await?;
    let now = jiff::Timestamp::now().as_second();
    let outcome = send_alerts(&catalogue, &from, &links, now, args.dry_run).await;
    catalogue.close().await;
    let outcome = outcome.map_err(CliError::from)?;
    match args.format.format {
        Format::Json | Format::Jsonl => print_json_line(&outcome),
        Format::Table => print_text(&mail_wording::send_text(&outcome, args.dry_run)),
    }
}

async fn show_status(cli: &Cli, format: &FormatArg) -> Result<(), CliError> {
    let catalogue = open(cli).await?;
    let status = essor::alerts::service::status(&catalogue).await;
    catalogue.close().await;
    let status = status.map_err(cli_error)?;
    match format.format {
        Format::Json | Format::Jsonl => print_json_line(&status),
        Format::Table => print_text(&mail_wording::status_text(&status)),
    }
}
