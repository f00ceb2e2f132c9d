//! `essor notices read FILE` (one published notice, nothing stored) and `essor notices search TEXT`
//! (the stored notices; `essor import notices` stores them).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::args::{Format, FormatArg};
use super::output::{print_json_line, print_text};
use super::{Cli, CliError, open};
use essor::notices;
use essor::request::{NoticeSearchParams, resolve_notice_search};
use essor::wording::notices as render;

/// What to do with notices.
#[derive(Debug, Subcommand)]
pub enum NoticesCommand {
    /// Read one notice without storing it.
    #[command(about = "Lire un avis de marché publié (TED XML, eForms, BOAMP XML ou enregistrements BOAMP open data) \
                 sans l'enregistrer ; le format est reconnu d'après le contenu")]
    Read(ReadArgs),
    /// Search the stored notices.
    #[command(about = "Chercher parmi les avis importés (essor import notices) : texte, départements, codes CPV, \
                 procédures encore ouvertes")]
    Search(SearchArgs),
}

/// `essor notices search` options.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Free text.
    #[arg(value_name = "TEXTE", default_value = "", help = "Ce que vous cherchez (« restauration collective »)")]
    pub text: String,
    /// Départements.
    #[arg(long, value_name = "CODES", help = "Départements où un lot est exécuté, séparés par des virgules (91,94)")]
    pub department: Option<String>,
    /// CPV.
    #[arg(long, value_name = "CODES", help = "Codes ou préfixes CPV, séparés par des virgules (9091,55520000)")]
    pub cpv: Option<String>,
    /// Open procedures only.
    #[arg(long, help = "Seulement les procédures encore ouvertes : pas d'attribution, date limite non passée")]
    pub open: bool,
    /// How many.
    #[arg(long, value_name = "N", default_value = "20", help = "Nombre d'avis affichés (0 à 1000)")]
    pub top: String,
    /// Output format.
    #[command(flatten)]
    pub format: FormatArg,
}

/// `essor notices read` options.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// The notice file.
    #[arg(value_name = "FICHIER", help = "Fichier de l'avis (XML) ou des enregistrements BOAMP (JSON Lines)")]
    pub file: PathBuf,
    /// Output format.
    #[command(flatten)]
    pub format: FormatArg,
}

pub(super) async fn run(cli: &Cli, cmd: &NoticesCommand) -> Result<(), CliError> {
    match cmd {
        NoticesCommand::Read(args) => read(args),
        NoticesCommand::Search(args) => search(cli, args).await,
    }
}

/// The CLI flag a request parameter comes from, for error messages.
fn flag(parameter: &str) -> &str {
    match parameter {
        "department" => "--department",
        "cpv" => "--cpv",
        "open" => "--open",
        "limit" => "--top",
        other => other,
    }
}

async fn search(cli: &Cli, args: &SearchArgs) -> Result<(), CliError> {
    let params = NoticeSearchParams {
        q: args.text.clone(),
        department: args.department.clone(),
        cpv: args.cpv.clone(),
        open: Some(args.open.to_string()),
        limit: Some(args.top.clone()),
    };
    let catalogue = open(cli).await?;
    let query = resolve_notice_search(&params, catalogue.gazetteer(), crate::today())
        .map_err(|e| CliError::bad_input(e.message).at(flag(&e.parameter)))?;
    let results = catalogue.search_notices(&query).await;
    let stored = catalogue.count_notices().await;
    catalogue.close().await;
    let results = results?;
    match args.format.format {
        Format::Json => print_json_line(&results.to_json())?,
        Format::Jsonl => {
            if let Some(hits) = results.to_json().get("hits").and_then(|h| h.as_array()) {
                for hit in hits {
                    print_json_line(hit)?;
                }
            }
        }
        Format::Table => {
            if stored? == 0 {
                eprintln!("Aucun avis enregistré : importez-en d'abord (essor import notices DOSSIER).");
            }
            let mut text = format!("{} avis trouvé(s).\n", results.total);
            for (i, hit) in results.hits.iter().enumerate() {
                text.push_str(&render::hit_text(i + 1, hit));
            }
            print_text(&text)?;
        }
    }
    Ok(())
}

/// Prints the notices of the file; a record that cannot be read is listed and makes the status 2.
fn read(args: &ReadArgs) -> Result<(), CliError> {
    let reading = notices::read_path(&args.file)?;
    for notice in &reading.notices {
        match args.format.format {
            Format::Json | Format::Jsonl => print_json_line(&notices::to_json(notice))?,
            Format::Table => print_text(&format!("{}\n", render::table(notice)))?,
        }
    }
    match reading.failures.as_slice() {
        [] => Ok(()),
        [only] => Err(CliError::bad_input(only)),
        many => {
            for failure in many {
                eprintln!("erreur : {failure}");
            }
            Err(CliError::bad_input(format!(
                "{} enregistrement(s) de {} illisible(s) (listés ci-dessus)",
                many.len(),
                args.file.display()
            )))
        }
    }
}
