//! `essor match NEED.json` and `essor match --needs NEEDS.jsonl --top N --format jsonl`.

use std::io::BufReader;
use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::Value;

use super::output::{print_json_line, print_lot_table};
use super::search::Format;
use super::{Cli, CliError, open};
use crate::catalogue::Catalogue;
use crate::domain::need::Need;
use crate::format::io_error;
use crate::ingest::needs::read_needs_jsonl_with_config;
use crate::law::LawConfig;
use crate::matching::{LotMatch, Weights};

/// `essor match` options.
#[derive(Debug, Args)]
pub struct MatchArgs {
    /// One need as a JSON document.
    #[arg(value_name = "BESOIN.json", help = "Un besoin d'achat au format JSON (un objet, lots compris)")]
    pub need: Option<PathBuf>,
    /// A batch of needs, one per line.
    #[arg(
        long,
        value_name = "FICHIER.jsonl",
        conflicts_with = "need",
        help = "Un lot de besoins au format JSON Lines (un besoin par ligne)"
    )]
    pub needs: Option<PathBuf>,
    /// Results per lot.
    #[arg(long, value_name = "N", default_value = "10", help = "Nombre de fournisseurs proposés par lot")]
    pub top: String,
    /// Output format.
    #[arg(
        long,
        value_enum,
        default_value = "table",
        help = "Format de sortie : table (lisible), json (un document) ou jsonl (une ligne par lot)"
    )]
    pub format: Format,
    /// Weights file.
    #[arg(
        long,
        value_name = "POIDS.json",
        help = "Fichier JSON de poids du classement remplaçant les valeurs par défaut (par ex. {\"text\": 4})"
    )]
    pub weights: Option<PathBuf>,
    /// Legal parameters file.
    #[arg(
        long,
        value_name = "DROIT.json",
        help = "Fichier JSON des paramètres juridiques incertains ou réglables (par ex. {\"min_competitors_per_lot\": 5})"
    )]
    pub law: Option<PathBuf>,
}

fn read_text(path: &Path, what: &str) -> Result<String, CliError> {
    std::fs::read_to_string(path)
        .map_err(|e| CliError::bad_input(format!("{what} « {} » illisible : {}", path.display(), io_error(&e))))
}

/// One need from a JSON file, validated against the catalogue's places and CPV codes.
pub(super) fn read_need(path: &Path, catalogue: &Catalogue, law: &LawConfig) -> Result<Need, CliError> {
    let value: Value = serde_json::from_str(&read_text(path, "fichier de besoin")?)
        .map_err(|e| CliError::bad_input(format!("{} : JSON invalide : {e}", path.display())))?;
    Need::from_json_with_config(&value, catalogue.gazetteer(), catalogue.cpv(), law)
        .map_err(|e| CliError::bad_input(format!("{} : {e}", path.display())))
}

/// The legal parameters of `--law`, or the defaults.
pub(super) fn law_config(path: Option<&Path>) -> Result<LawConfig, CliError> {
    let Some(path) = path else {
        return Ok(LawConfig::default());
    };
    serde_json::from_str(&read_text(path, "fichier de paramètres juridiques")?)
        .map_err(|e| CliError::bad_input(format!("--law {} : {e}", path.display())))
}

fn parse_top(text: &str) -> Result<usize, CliError> {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=1000).contains(&n) => Ok(n),
        _ => Err(CliError::bad_input(format!("--top : « {text} » n'est pas un nombre entre 1 et 1000"))),
    }
}

pub(super) async fn run(cli: &Cli, args: &MatchArgs) -> Result<(), CliError> {
    let top = parse_top(&args.top)?;
    let weights = match &args.weights {
        Some(path) => Weights::from_json_str(&read_text(path, "fichier de poids")?)
            .map_err(|e| CliError::bad_input(format!("--weights {} : {e}", path.display())))?,
        None => Weights::default(),
    };
    let law = law_config(args.law.as_deref())?;
    let catalogue = open(cli).await?;
    let needs: Vec<Need> = match (&args.need, &args.needs) {
        (_, Some(path)) => {
            let file = std::fs::File::open(path).map_err(|e| {
                CliError::bad_input(format!("fichier de besoins « {} » illisible : {}", path.display(), io_error(&e)))
            })?;
            read_needs_jsonl_with_config(BufReader::new(file), catalogue.gazetteer(), catalogue.cpv(), &law)
                .map_err(|e| CliError::bad_input(format!("{} : {e}", path.display())))?
        }
        (Some(path), None) => {
            vec![read_need(path, &catalogue, &law)?]
        }
        (None, None) => {
            return Err(CliError::bad_input(
                "indiquez un besoin (essor match BESOIN.json) ou un fichier de besoins (--needs BESOINS.jsonl)",
            ));
        }
    };
    let engine = catalogue.matching_engine(weights, law).await?;
    catalogue.close().await;
    let mut answers: Vec<(String, Vec<LotMatch>)> = Vec::with_capacity(needs.len());
    for need in &needs {
        let lots = engine.match_need(need, top).map_err(CliError::failure)?;
        answers.push((need.id.clone(), lots));
    }
    print_answers(&answers, args.format, args.needs.is_some())
}

fn print_answers(answers: &[(String, Vec<LotMatch>)], format: Format, batch: bool) -> Result<(), CliError> {
    match format {
        Format::Jsonl => {
            for lot in answers.iter().flat_map(|(_, lots)| lots) {
                print_json_line(lot)?;
            }
        }
        Format::Json => {
            let docs: Vec<Value> =
                answers.iter().map(|(id, lots)| serde_json::json!({ "need": id, "lots": lots })).collect();
            match (batch, docs.as_slice()) {
                (false, [one]) => print_json_line(one)?,
                _ => print_json_line(&docs)?,
            }
        }
        Format::Table => {
            for lot in answers.iter().flat_map(|(_, lots)| lots) {
                print_lot_table(lot);
            }
        }
    }
    Ok(())
}
