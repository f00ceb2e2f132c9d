//! `essor import suppliers|communes|cpv FILE`.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;
use std::time::Duration;

use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};

use super::{Cli, CliError, open};
use essor::ingest::reference::{read_communes, read_cpv};
use essor::ingest::{SupplierSource, read_supplier_file};
use essor::spaser::sirene::{SIRENE_ESS_FILE, extract_ess_units};

/// Probable duplicates printed by an import; `essor dedup` lists them all.
const DUPLICATES_SHOWN: usize = 20;

/// What to import.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Suppliers.
    #[command(
        about = "Importer des fournisseurs (JSON Lines ou CSV au format essor, ou export du Marché de l'inclusion) ; \
                       mise à jour par SIRET, tout ou rien"
    )]
    Suppliers {
        /// Source format.
        #[arg(
            long = "from",
            default_value = "essor",
            value_name = "FORMAT",
            help = "Format du fichier : essor (JSON Lines ou CSV) ou marche-inclusion (JSON de l'API du Marché de l'inclusion)"
        )]
        from: String,
        /// The file.
        #[arg(value_name = "FICHIER", help = "Fichier à importer")]
        file: PathBuf,
    },
    /// Communes.
    #[command(
        about = "Importer la liste officielle des communes (TSV ou CSV : code INSEE, nom, codes postaux, département, coordonnées)"
    )]
    Communes {
        /// The file.
        #[arg(value_name = "FICHIER", help = "Fichier à importer")]
        file: PathBuf,
    },
    /// Tender notices.
    #[command(
        about = "Importer des avis de marché publiés (TED XML, eForms, BOAMP XML, BOAMP open data) : un fichier \
                 ou un dossier ; un même avis importé deux fois n'en fait qu'un, un rectificatif met la procédure \
                 à jour, un avis d'attribution la clôt"
    )]
    Notices {
        /// A file or a folder.
        #[arg(
            value_name = "FICHIER|DOSSIER",
            help = "Fichier d'avis, ou dossier dont chaque fichier est importé à part (les échecs sont listés)"
        )]
        path: PathBuf,
    },
    /// ESS units of SIRENE.
    #[command(
        about = "Importer les unités légales de l'ESS du stock SIRENE (StockUniteLegale.csv) pour reconnaître les titulaires dans essor spaser"
    )]
    Sirene {
        /// The file.
        #[arg(
            value_name = "FICHIER",
            help = "StockUniteLegale.csv (colonnes siren, economieSocialeSolidaireUniteLegale, categorieJuridiqueUniteLegale, denominationUniteLegale)"
        )]
        file: PathBuf,
    },
    /// CPV nomenclature.
    #[command(about = "Importer la nomenclature CPV complète (TSV ou CSV : code, libellé)")]
    Cpv {
        /// The file.
        #[arg(value_name = "FICHIER", help = "Fichier à importer")]
        file: PathBuf,
    },
}

/// A spinner on standard error, only when it is a terminal.
fn progress(message: &str) -> ProgressBar {
    let bar = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar.set_message(message.to_string());
    bar
}

fn open_file(path: &PathBuf) -> Result<BufReader<File>, CliError> {
    File::open(path).map(BufReader::new).map_err(|e| {
        CliError::bad_input(format!("impossible de lire « {} » : {}", path.display(), essor::wording::io_error(&e)))
    })
}

pub(super) async fn run(cli: &Cli, cmd: &ImportCommand) -> Result<(), CliError> {
    match cmd {
        ImportCommand::Suppliers { from, file } => {
            let source = SupplierSource::parse(from).ok_or_else(|| {
                CliError::bad_input(format!("--from : format « {from} » inconnu (essor ou marche-inclusion)"))
            })?;
            let catalogue = open(cli).await?;
            let bar = progress(&format!("Lecture et validation de {}", file.display()));
            let read = read_supplier_file(file, source, catalogue.gazetteer());
            bar.finish_and_clear();
            let read = read.map_err(CliError::bad_input)?;
            let n = read.suppliers.len();
            let bar = progress(&format!("Enregistrement et indexation de {n} fournisseur(s)"));
            let outcome = catalogue.import_suppliers(read).await;
            bar.finish_and_clear();
            let outcome = outcome?;
            for w in &outcome.warnings {
                eprintln!("attention : {w}");
            }
            for d in outcome.duplicates.iter().take(DUPLICATES_SHOWN) {
                eprintln!("doublon probable : {}", d.describe());
            }
            if outcome.duplicates.len() > DUPLICATES_SHOWN {
                eprintln!("… et {} autre(s) doublon(s) probable(s).", outcome.duplicates.len() - DUPLICATES_SHOWN);
            }
            println!(
                "{n} fournisseur(s) importé(s) depuis {} : {} nouveau(x), {} mis à jour, {} inchangé(s).",
                file.display(),
                outcome.inserted,
                outcome.updated,
                outcome.unchanged
            );
            if !outcome.duplicates.is_empty() {
                println!(
                    "{} doublon(s) probable(s) signalé(s) (essor dedup pour la liste complète).",
                    outcome.duplicates.len()
                );
            }
            catalogue.close().await;
            Ok(())
        }
        ImportCommand::Communes { file } => {
            let reader = open_file(file)?;
            let communes = read_communes(reader, &file.display().to_string()).map_err(CliError::bad_input)?;
            let catalogue = open(cli).await?;
            let n = catalogue.import_communes(&communes.communes).await?;
            println!("{n} commune(s) importée(s) depuis {}.", file.display());
            for skipped in &communes.skipped {
                eprintln!(
                    "ligne {} : commune {} {} ignorée ({})",
                    skipped.line,
                    skipped.insee,
                    skipped.name,
                    skipped.reason.label()
                );
            }
            catalogue.close().await;
            Ok(())
        }
        ImportCommand::Notices { path } => super::notices_import::run(cli, path).await,
        ImportCommand::Sirene { file } => {
            let reader = open_file(file)?;
            std::fs::create_dir_all(&cli.data_dir).map_err(|e| {
                CliError::failure(format!("dossier « {} » : {}", cli.data_dir.display(), essor::wording::io_error(&e)))
            })?;
            let target = cli.data_dir.join(SIRENE_ESS_FILE);
            let partial = cli.data_dir.join(format!("{SIRENE_ESS_FILE}.part"));
            let out = File::create(&partial).map_err(|e| {
                CliError::failure(format!("« {} » : {}", partial.display(), essor::wording::io_error(&e)))
            })?;
            let bar = progress(&format!("Lecture de {}", file.display()));
            let counts = extract_ess_units(reader, std::io::BufWriter::new(out));
            bar.finish_and_clear();
            let (read, kept) = counts.map_err(|e| CliError::from(e).at(file.display()))?;
            std::fs::rename(&partial, &target).map_err(|e| {
                CliError::failure(format!("« {} » : {}", target.display(), essor::wording::io_error(&e)))
            })?;
            println!("{kept} unité(s) légale(s) de l'ESS gardée(s) sur {read} lue(s) depuis {}.", file.display());
            Ok(())
        }
        ImportCommand::Cpv { file } => {
            let reader = open_file(file)?;
            let codes = read_cpv(reader, &file.display().to_string()).map_err(CliError::bad_input)?;
            let catalogue = open(cli).await?;
            let n = catalogue.import_cpv(&codes).await?;
            println!("{n} code(s) CPV importé(s) depuis {}.", file.display());
            catalogue.close().await;
            Ok(())
        }
    }
}
