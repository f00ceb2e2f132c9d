//! `essor notices read FILE` (one published notice, nothing stored) and `essor notices search TEXT`
//! (the stored notices; `essor import notices` stores them).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::args::{Format, FormatArg};
use super::output::{print_json_line, print_text};
use super::{Cli, CliError};
use essor::notices::{self, render};

/// What to do with notices.
#[derive(Debug, Subcommand)]
pub enum NoticesCommand {
    /// Read one notice without storing it.
    #[command(about = "Lire un avis de marché publié (TED XML, eForms, BOAMP XML ou enregistrements BOAMP open data) \
                 sans l'enregistrer ; le format est reconnu d'après le contenu")]
    Read(ReadArgs),
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

pub(super) async fn run(_cli: &Cli, cmd: &NoticesCommand) -> Result<(), CliError> {
    match cmd {
        NoticesCommand::Read(args) => read(args),
    }
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
