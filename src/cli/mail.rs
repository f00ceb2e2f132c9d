//! `essor mail status` and `essor mail send`: the e-mail outbox from the command line.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};

use super::args::MailFromArg;
use super::{Cli, CliError};
use essor::catalogue::DATABASE_FILE;
use essor::mail::{Sender, SenderConfig, SmtpUrl, dkim_config, parse_mailbox};
use essor::store::Store;
use essor::wording::mail::{report_text, summary_text};

/// E-mail commands.
#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Outbox state.
    #[command(about = "Afficher la file des courriels : en attente, envoyés, en échec (avec la raison)")]
    Status,
    /// Deliver the outbox.
    #[command(about = "Envoyer les courriels en attente par SMTP (en continu, ou une fois avec --once)")]
    Send(SendArgs),
}

/// `essor mail send` options.
#[derive(Debug, Args)]
pub struct SendArgs {
    /// SMTP server URL.
    #[arg(
        long,
        env = "ESSOR_SMTP_URL",
        value_name = "URL",
        help = "Serveur SMTP : smtp://hôte:port, smtps://hôte:465 ou smtp://hôte:587?tls=starttls, \
                avec utilisateur:mot-de-passe@ pour s'authentifier"
    )]
    pub smtp_url: String,
    /// Sender address.
    #[command(flatten)]
    pub from: MailFromArg,
    /// Send what is due, then stop.
    #[arg(long, help = "Envoyer ce qui est dû puis s'arrêter (sinon : envoyer en continu jusqu'à Ctrl-C)")]
    pub once: bool,
    /// Daily limit per recipient.
    #[arg(
        long,
        env = "ESSOR_MAIL_DAILY_LIMIT",
        default_value_t = 50,
        value_name = "N",
        help = "Nombre maximal de courriels par destinataire sur 24 heures (0 : sans limite)"
    )]
    pub daily_limit: u32,
    /// Lease in seconds.
    #[arg(
        long,
        default_value_t = 300,
        value_name = "SECONDES",
        help = "Durée de réservation d'un courriel par ce serveur ; passé ce délai, un envoi interrompu est repris"
    )]
    pub lease: u64,
    /// Deliveries in flight.
    #[arg(long, default_value_t = essor::mail::DEFAULT_PARALLEL, value_name = "N", help = "Envois simultanés (connexions SMTP)")]
    pub parallel: usize,
    /// DKIM private key file.
    #[arg(
        long,
        env = "ESSOR_DKIM_KEY_FILE",
        value_name = "FICHIER",
        requires = "dkim_selector",
        help = "Clé privée DKIM pour signer les courriels : RSA PKCS#1 (PEM) ou Ed25519 (base64 des 32 octets)"
    )]
    pub dkim_key: Option<PathBuf>,
    /// DKIM selector.
    #[arg(
        long,
        env = "ESSOR_DKIM_SELECTOR",
        value_name = "SÉLECTEUR",
        requires = "dkim_key",
        help = "Sélecteur DKIM publié dans le DNS (SÉLECTEUR._domainkey.domaine-de-l-expéditeur)"
    )]
    pub dkim_selector: Option<String>,
    /// Poll interval in seconds.
    #[arg(
        long,
        default_value_t = 10,
        value_name = "SECONDES",
        help = "Intervalle entre deux passages en envoi continu"
    )]
    pub interval: u64,
}

pub(super) async fn run(cli: &Cli, cmd: &MailCommand) -> Result<(), CliError> {
    match cmd {
        MailCommand::Status => {
            let store = open_store(cli).await?;
            let summary = store.outbox_summary().await?;
            print!("{}", summary_text(&summary));
            store.close().await;
            Ok(())
        }
        MailCommand::Send(args) => send(cli, args).await,
    }
}

/// A sender with the default settings, for `essor serve --smtp-url URL --mail-from ADDRESS`.
pub(super) async fn background_sender(cli: &Cli, url: &str, from: &str) -> Result<Sender, CliError> {
    let smtp = SmtpUrl::parse(url).map_err(|e| CliError::from(e).at("--smtp-url"))?;
    let from = parse_mailbox("--mail-from", from).map_err(|e| CliError::from(e).at("--mail-from"))?;
    let store = open_store(cli).await?;
    Ok(Sender::new(store, &smtp, SenderConfig::new(from))?)
}

async fn send(cli: &Cli, args: &SendArgs) -> Result<(), CliError> {
    let smtp = SmtpUrl::parse(&args.smtp_url).map_err(|e| CliError::from(e).at("--smtp-url"))?;
    let from = args.from.mailbox()?;
    let mut config = SenderConfig::new(from);
    config.daily_limit = Some(args.daily_limit).filter(|n| *n > 0);
    config.lease = Duration::from_secs(args.lease);
    config.parallel = args.parallel;
    if let (Some(path), Some(selector)) = (&args.dkim_key, &args.dkim_selector) {
        let key = std::fs::read_to_string(path).map_err(|e| {
            CliError::bad_input(format!("{} : {}", path.display(), essor::wording::io_error(&e))).at("--dkim-key")
        })?;
        config.dkim = Some(dkim_config(&config.from, selector, &key)?);
    }
    let store = open_store(cli).await?;
    let sender = Sender::new(store.clone(), &smtp, config)?;
    if args.once {
        let report = sender.run_once().await?;
        println!("{}", report_text(&report));
    } else {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("ESSOR_LOG").unwrap_or_else(|_| "info".into()))
            .try_init();
        println!("Envoi des courriels en continu — Ctrl-C pour arrêter.");
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        sender.run_until(Duration::from_secs(args.interval.max(1)), stop).await;
        println!("Envoi arrêté.");
    }
    store.close().await;
    Ok(())
}

/// Opens the database alone (the search index is not needed to send mail).
async fn open_store(cli: &Cli) -> Result<Store, CliError> {
    Ok(match &cli.database_url {
        Some(url) => Store::connect(url).await?,
        None => {
            std::fs::create_dir_all(&cli.data_dir).map_err(|e| {
                CliError::failure(format!(
                    "impossible de créer le dossier de données « {} » : {}",
                    cli.data_dir.display(),
                    essor::wording::io_error(&e)
                ))
            })?;
            Store::open_sqlite(&cli.data_dir.join(DATABASE_FILE)).await?
        }
    })
}
