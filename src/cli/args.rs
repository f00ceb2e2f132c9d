//! Options several commands share, declared once and flattened into each (`#[command(flatten)]`),
//! with the reading of their files.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::CliError;
use essor::law::LawConfig;
use essor::request::count;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable text.
    Table,
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// `--format`.
#[derive(Debug, Args)]
pub struct FormatArg {
    /// Output format.
    #[arg(
        long,
        value_enum,
        default_value = "table",
        help = "Format de sortie : table (lisible), json (un document) ou jsonl (une ligne JSON par élément)"
    )]
    pub format: Format,
}

/// `--top N`.
#[derive(Debug, Args)]
pub struct TopArg {
    /// How many results.
    #[arg(long, value_name = "N", default_value = "10", help = "Nombre de fournisseurs proposés (0 à 1000)")]
    pub top: String,
}

impl TopArg {
    /// The number asked for, from 0 (counts only) to `max`.
    pub fn value(&self, max: usize) -> Result<usize, CliError> {
        let n = count("top", &Some(self.top.clone()), max).map_err(|e| CliError::bad_input(e.message).at("--top"))?;
        Ok(n.unwrap_or(0))
    }
}

/// `--law DROIT.json`.
#[derive(Debug, Args)]
pub struct LawArg {
    /// Legal parameters file.
    #[arg(
        long,
        value_name = "DROIT.json",
        help = "Fichier JSON des paramètres juridiques incertains ou réglables (par ex. {\"min_competitors_per_lot\": 5})"
    )]
    pub law: Option<PathBuf>,
}

impl LawArg {
    /// The legal parameters of the file, or the defaults.
    pub fn config(&self) -> Result<LawConfig, CliError> {
        let Some(path) = &self.law else {
            return Ok(LawConfig::default());
        };
        serde_json::from_str(&read_text(path, "fichier de paramètres juridiques")?)
            .map_err(|e| CliError::bad_input(e).at(format!("--law {}", path.display())))
    }
}

/// The whole text of a file the user named; a file that cannot be read is bad input.
pub fn read_text(path: &Path, what: &str) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|e| {
        CliError::bad_input(format!("{what} « {} » illisible : {}", path.display(), essor::wording::io_error(&e)))
    })
}

/// `--mail-from ADDRESS`: the sender of the e-mails.
#[derive(Debug, Args)]
pub struct MailFromArg {
    /// Sender address.
    #[arg(
        long,
        env = "ESSOR_MAIL_FROM",
        value_name = "ADRESSE",
        help = "Adresse d'expédition (« essor <alertes@exemple.fr> »)"
    )]
    pub mail_from: String,
}

impl MailFromArg {
    /// The address, read; a malformed one is the user's (the message names `--mail-from`).
    pub fn mailbox(&self) -> Result<essor::mail::Mailbox, CliError> {
        essor::mail::parse_mailbox("--mail-from", &self.mail_from).map_err(CliError::from)
    }
}
