//! `essor fixtures generate --count N --seed S`.

use std::io::Write;

use clap::Subcommand;

use super::CliError;
use crate::generate;

/// Synthetic data commands.
#[derive(Debug, Subcommand)]
pub enum FixturesCommand {
    /// Generate a catalogue.
    #[command(
        about = "Écrire sur la sortie standard un catalogue synthétique déterministe (JSON Lines, format d'import)"
    )]
    Generate {
        /// How many suppliers.
        #[arg(long, default_value_t = 2000, help = "Nombre de fournisseurs")]
        count: usize,
        /// Seed.
        #[arg(long, default_value_t = 1, help = "Graine : la même graine donne le même catalogue")]
        seed: u64,
    },
}

pub(super) fn run(cmd: &FixturesCommand) -> Result<(), CliError> {
    match cmd {
        FixturesCommand::Generate { count, seed } => {
            let out = std::io::stdout().lock();
            let mut out = std::io::BufWriter::new(out);
            match generate::write_jsonl(&mut out, generate::generate(*count, *seed)).and_then(|()| out.flush()) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(CliError::failure(format!("écriture impossible : {}", essor::wording::io_error(&e)))),
            }
        }
    }
}
