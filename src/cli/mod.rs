//! The command line: parse, call the library, print, and map errors to exit statuses
//! (0 success, 2 bad input — nothing changed —, 1 any other failure).

mod alerts;
mod args;
mod clause;
mod fixtures;
mod import;
mod mail;
mod match_cmd;
mod notices;
mod notices_import;
mod output;
mod plan;
mod search;
mod serve;
mod spaser;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use essor::catalogue::{Catalogue, DataLocation};
use essor::error::{Blame, Classified};

/// Exit status for bad input (a file, a flag, a parameter): nothing was changed.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit status for any other failure (database unreachable, disk full…).
pub const EXIT_FAILURE: u8 = 1;

/// The `essor` command.
#[derive(Debug, Parser)]
#[command(
    name = "essor",
    version,
    about = "Rapprocher la commande publique et les entreprises de l'économie sociale et solidaire",
    long_about = "essor trouve, pour un besoin d'achat public, les SIAE, EA, ESAT, SCIC et autres entreprises de l'ESS \
                  capables d'y répondre, avec le droit des marchés réservés.\n\n\
                  Les données (base SQLite et index de recherche) sont dans --data-dir (par défaut ./index)."
)]
pub struct Cli {
    /// Data folder: embedded database and search index.
    #[arg(
        long,
        global = true,
        env = "ESSOR_DATA_DIR",
        default_value = "index",
        value_name = "DOSSIER",
        help = "Dossier des données (base embarquée et index de recherche)"
    )]
    pub data_dir: PathBuf,
    /// Database URL replacing the embedded SQLite database.
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        value_name = "URL",
        help = "Base PostgreSQL à utiliser au lieu de la base SQLite embarquée (postgres://…)"
    )]
    pub database_url: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The sub-commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the web server.
    #[command(
        about = "Démarrer le serveur web (API JSON et pages) ; charge le catalogue d'exemple si la base est vide"
    )]
    Serve(serve::ServeArgs),
    /// Import data files.
    #[command(about = "Importer des fournisseurs, des avis de marché, des communes ou la nomenclature CPV", subcommand)]
    Import(import::ImportCommand),
    /// Search the catalogue.
    #[command(about = "Rechercher des fournisseurs dans le catalogue")]
    Search(search::SearchArgs),
    /// List probable duplicates.
    #[command(about = "Lister les doublons probables de fournisseurs, avec la raison")]
    Dedup(search::DedupArgs),
    /// Match needs to suppliers.
    #[command(about = "Proposer, lot par lot, les fournisseurs de l'ESS capables de répondre à un besoin d'achat")]
    Match(match_cmd::MatchArgs),
    /// Insertion-clause calculator.
    #[command(
        about = "Calculer les heures d'une clause d'insertion et lister les structures proches qui peuvent les réaliser"
    )]
    Clause(clause::ClauseArgs),
    /// Allotment and consortium proposals.
    #[command(about = "Préparer un marché : allotissement et groupements de structures de l'ESS", subcommand)]
    Plan(plan::PlanCommand),
    /// Tender notices.
    #[command(
        about = "Lire les avis de marché publiés (TED, eForms, BOAMP) et chercher parmi ceux importés",
        subcommand
    )]
    Notices(notices::NoticesCommand),
    /// Alerts of tender notices to suppliers.
    #[command(
        about = "Alertes : les avis de marché qui correspondent à chaque fournisseur (préférences, aperçu, calcul)",
        subcommand
    )]
    Alerts(alerts::AlertsCommand),
    /// SPASER indicators measured on DECP.
    #[command(
        about = "Mesurer les indicateurs SPASER d'un acheteur sur les données essentielles (DECP), ou lister les acheteurs d'un fichier"
    )]
    Spaser(spaser::SpaserArgs),
    /// Rebuild the index.
    #[command(about = "Reconstruire l'index de recherche à partir de la base")]
    Reindex,
    /// The e-mail outbox.
    #[command(about = "Courriels : état de la file d'envoi et envoi par SMTP", subcommand)]
    Mail(mail::MailCommand),
    /// Synthetic data.
    #[command(about = "Générer un catalogue synthétique réaliste", subcommand)]
    Fixtures(fixtures::FixturesCommand),
}

/// A failure to report: the message for the user and the exit status.
#[derive(Debug)]
pub struct CliError {
    /// Exit status.
    pub status: u8,
    /// What to print on standard error.
    pub message: String,
}

impl CliError {
    /// Bad input: exit status 2.
    pub fn bad_input(message: impl ToString) -> CliError {
        CliError { status: EXIT_BAD_INPUT, message: message.to_string() }
    }

    /// Any other failure: exit status 1.
    pub fn failure(message: impl ToString) -> CliError {
        CliError { status: EXIT_FAILURE, message: message.to_string() }
    }

    /// The same error, its message preceded by where it happened (a file, a flag).
    pub fn at(self, place: impl std::fmt::Display) -> CliError {
        CliError { message: format!("{place} : {}", self.message), ..self }
    }
}

/// Every error of the engine becomes an exit status by its class: 2 for the user's, 1 otherwise.
impl<E: Classified> From<E> for CliError {
    fn from(e: E) -> Self {
        match e.blame() {
            Blame::User { .. } => CliError::bad_input(e),
            Blame::Internal => CliError::failure(e),
        }
    }
}

impl Cli {
    fn location(&self) -> DataLocation {
        DataLocation { data_dir: self.data_dir.clone(), database_url: self.database_url.clone() }
    }
}

/// Opens the catalogue of the command's data location.
async fn open(cli: &Cli) -> Result<Catalogue, CliError> {
    Ok(Catalogue::open(&cli.location()).await?)
}

/// Runs a parsed command line and returns the process exit status.
pub fn run(cli: Cli) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("erreur : impossible de démarrer le moteur d'exécution ({e})");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    match runtime.block_on(dispatch(&cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("erreur : {}", e.message);
            ExitCode::from(e.status)
        }
    }
}

async fn dispatch(cli: &Cli) -> Result<(), CliError> {
    match &cli.command {
        Command::Serve(args) => serve::run(cli, args).await,
        Command::Import(cmd) => import::run(cli, cmd).await,
        Command::Search(args) => search::run(cli, args).await,
        Command::Dedup(args) => search::dedup(cli, args).await,
        Command::Match(args) => match_cmd::run(cli, args).await,
        Command::Clause(args) => clause::run(cli, args).await,
        Command::Plan(cmd) => plan::run(cli, cmd).await,
        Command::Notices(cmd) => notices::run(cli, cmd).await,
        Command::Alerts(cmd) => alerts::run(cli, cmd).await,
        Command::Spaser(args) => spaser::run(cli, args).await,
        Command::Reindex => {
            let catalogue = open(cli).await?;
            let n = catalogue.rebuild_index().await?;
            println!("Index reconstruit : {n} fournisseur(s) ({}).", Catalogue::describe(&cli.location()));
            catalogue.close().await;
            Ok(())
        }
        Command::Mail(cmd) => mail::run(cli, cmd).await,
        Command::Fixtures(cmd) => fixtures::run(cmd),
    }
}
