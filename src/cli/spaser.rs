//! `essor spaser FILE --buyer SIRET --year YYYY` and `essor spaser FILE --buyers`: SPASER indicators
//! of a buyer measured on DECP, or the list of the buyers of a file.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::output::{print_json_line, print_text};
use super::{Cli, CliError, open};
use essor::catalogue::DATABASE_FILE;
use essor::law::LawConfig;
use essor::matching::{Engine, Weights};
use essor::spaser::sirene::{SIRENE_ESS_FILE, read_ess_units};
use essor::spaser::{EssDirectory, Targets, buyers_list, load};
use essor::usecase::spaser_report;
use essor::wording::spaser::{buyers_json, buyers_text, report_html, report_json, report_text};

/// Output formats of `essor spaser`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SpaserFormat {
    /// Readable text.
    #[value(help = "texte lisible")]
    Table,
    /// One JSON document.
    #[value(help = "un document JSON")]
    Json,
    /// One printable HTML page (one buyer only).
    #[value(help = "une page HTML imprimable, barres par indicateur (un acheteur)")]
    Html,
}

/// `essor spaser` options.
#[derive(Debug, Args)]
pub struct SpaserArgs {
    /// The DECP file.
    #[arg(
        value_name = "FICHIER",
        help = "Fichier DECP : JSON (schéma 2022 ou 2019, {\"marches\": …}), JSON Lines (un marché par ligne) ou CSV consolidé"
    )]
    pub file: PathBuf,
    /// Buyer SIRET.
    #[arg(long, value_name = "SIRET", conflicts_with = "buyers", help = "SIRET de l'acheteur à mesurer")]
    pub buyer: Option<String>,
    /// List every buyer.
    #[arg(
        long,
        help = "Lister tous les acheteurs du fichier : nombre de marchés, montant, indicateurs principaux, seuil de 50 M€"
    )]
    pub buyers: bool,
    /// Years.
    #[arg(
        long,
        value_name = "ANNÉE",
        help = "Année de notification (répétable, ou intervalle 2023-2025 pour l'évolution) ; par défaut toutes celles du fichier"
    )]
    pub year: Vec<String>,
    /// Targets file.
    #[arg(
        long,
        value_name = "OBJECTIFS.json",
        help = "Objectifs et poids à la place des cibles du PNAD, par ex. {\"targets\": {\"I1\": 0.1}, \"weights\": {\"G\": 0.1}, \"governance\": true}"
    )]
    pub targets: Option<PathBuf>,
    /// Output format.
    #[arg(
        long,
        value_enum,
        default_value = "table",
        help = "Format de sortie : table (lisible), json (un document) ou html (page imprimable)"
    )]
    pub format: SpaserFormat,
}

/// Years of `--year`: `2025`, repeated, or a range `2023-2025`.
fn years(values: &[String]) -> Result<Vec<i16>, CliError> {
    let mut out = Vec::new();
    let parse = |s: &str| -> Result<i16, CliError> {
        s.trim()
            .parse::<i16>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| CliError::bad_input(format!("« {s} » n'est pas une année (2000 à 2100)")).at("--year"))
    };
    for v in values {
        match v.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (parse(a)?, parse(b)?);
                if a > b {
                    return Err(CliError::bad_input(format!("intervalle « {v} » à l'envers")).at("--year"));
                }
                out.extend(a..=b);
            }
            None => out.push(parse(v)?),
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The ESS structures of the catalogue and the ESS units of SIRENE (`essor import sirene`), when the
/// data folder has them; with `engine`, the matching engine too when the catalogue has suppliers.
async fn directory(cli: &Cli, engine: bool) -> Result<(Option<EssDirectory>, Option<Engine>), CliError> {
    let sirene = cli.data_dir.join(SIRENE_ESS_FILE);
    let has_catalogue = cli.database_url.is_some() || cli.data_dir.join(DATABASE_FILE).is_file();
    if !has_catalogue && !sirene.is_file() {
        return Ok((None, None));
    }
    let mut directory = EssDirectory::default();
    let mut matching = None;
    if has_catalogue {
        let catalogue = open(cli).await?;
        let suppliers = catalogue.suppliers().await?;
        if engine && !suppliers.is_empty() {
            matching = Some(catalogue.matching_engine(Weights::default(), LawConfig::default()).await?);
        }
        catalogue.close().await;
        directory = EssDirectory::from_suppliers(&suppliers);
    }
    if let Ok(file) = File::open(&sirene) {
        directory.add_sirene(read_ess_units(BufReader::new(file)));
    }
    Ok((Some(directory), matching))
}

pub(super) async fn run(cli: &Cli, args: &SpaserArgs) -> Result<(), CliError> {
    let years = years(&args.year)?;
    let targets = match &args.targets {
        Some(path) => Targets::from_json(&super::args::read_text(path, "fichier d'objectifs")?)
            .map_err(|e| CliError::from(e).at(format!("--targets {}", path.display())))?,
        None => Targets::default(),
    };
    let buyer = match (&args.buyer, args.buyers) {
        (Some(b), _) => {
            let siret: String = b.chars().filter(|c| !c.is_whitespace()).collect();
            if siret.len() != 14 || !siret.bytes().all(|c| c.is_ascii_digit()) {
                return Err(CliError::bad_input(format!("« {b} » n'est pas un SIRET (14 chiffres)")).at("--buyer"));
            }
            Some(siret)
        }
        (None, true) => None,
        (None, false) => {
            return Err(CliError::bad_input("indiquez --buyer SIRET (un acheteur) ou --buyers (tous les acheteurs)"));
        }
    };
    let file = File::open(&args.file).map_err(|e| {
        CliError::bad_input(format!(
            "fichier DECP « {} » illisible : {}",
            args.file.display(),
            essor::wording::io_error(&e)
        ))
    })?;
    let input = BufReader::with_capacity(1 << 20, file);
    let Some(buyer) = buyer else {
        if matches!(args.format, SpaserFormat::Html) {
            return Err(CliError::bad_input(
                "--format html : une page par acheteur ; utilisez --buyer SIRET, ou table ou json avec --buyers",
            ));
        }
        let (directory, _) = directory(cli, false).await?;
        let list = buyers_list(input, &years, &targets, directory.as_ref())
            .map_err(|e| CliError::from(e).at(args.file.display()))?;
        return match args.format {
            SpaserFormat::Json => print_json_line(&buyers_json(&list)),
            SpaserFormat::Table | SpaserFormat::Html => print_text(&buyers_text(&list)),
        };
    };
    let loaded = load(input, Some(&buyer)).map_err(|e| CliError::from(e).at(args.file.display()))?;
    if loaded.contracts.is_empty() {
        return Err(CliError::bad_input(format!(
            "aucun marché de l'acheteur {buyer} dans {} ({} enregistrement(s) lus)",
            args.file.display(),
            loaded.records
        ))
        .at("--buyer"));
    }
    let (directory, engine) = directory(cli, true).await?;
    let report = spaser_report(loaded, &buyer, &years, &targets, directory.as_ref(), engine.as_ref())?;
    match args.format {
        SpaserFormat::Json => print_json_line(&report_json(&report)),
        SpaserFormat::Table => print_text(&report_text(&report)),
        SpaserFormat::Html => print_text(&report_html(&report)),
    }
}
