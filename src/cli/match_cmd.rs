//! `essor match NEED.json` and `essor match --needs NEEDS.jsonl --top N --format jsonl`.

use std::io::BufReader;
use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::Value;

use super::args::{Format, FormatArg, LawArg, TopArg, read_text};
use super::output::{print_json_line, print_lot_table};
use super::{Cli, CliError, open};
use essor::catalogue::Catalogue;
use essor::domain::need::Need;
use essor::ingest::needs::{read_need, read_needs_jsonl};
use essor::law::LawConfig;
use essor::matching::{LotMatch, Weights};
use essor::usecase::match_needs;
use essor::wording::matching::{LotView, lot_view};

/// Most results per lot.
const MAX_TOP: usize = 1000;

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
    #[command(flatten)]
    pub top: TopArg,
    /// Output format.
    #[command(flatten)]
    pub format: FormatArg,
    /// Weights file.
    #[arg(
        long,
        value_name = "POIDS.json",
        help = "Fichier JSON de poids du classement remplaçant les valeurs par défaut (par ex. {\"text\": 4})"
    )]
    pub weights: Option<PathBuf>,
    /// Legal parameters.
    #[command(flatten)]
    pub law: LawArg,
}

/// One need from a JSON file, validated against the catalogue's places and CPV codes and the law.
pub(super) fn read_need_file(path: &Path, catalogue: &Catalogue, law: &LawConfig) -> Result<Need, CliError> {
    let value: Value = serde_json::from_str(&read_text(path, "fichier de besoin")?)
        .map_err(|e| CliError::bad_input(format!("JSON invalide : {e}")).at(path.display()))?;
    read_need(&value, catalogue.gazetteer(), catalogue.cpv(), law, crate::today())
        .map_err(|e| CliError::from(e).at(path.display()))
}

pub(super) async fn run(cli: &Cli, args: &MatchArgs) -> Result<(), CliError> {
    let top = args.top.value(MAX_TOP)?;
    if top == 0 {
        return Err(CliError::bad_input("--top : au moins 1 fournisseur par lot"));
    }
    let weights = match &args.weights {
        Some(path) => Weights::from_json_str(&read_text(path, "fichier de poids")?)
            .map_err(|e| CliError::from(e).at(format!("--weights {}", path.display())))?,
        None => Weights::default(),
    };
    let law = args.law.config()?;
    let catalogue = open(cli).await?;
    let needs: Vec<Need> = match (&args.need, &args.needs) {
        (_, Some(path)) => {
            let file = std::fs::File::open(path).map_err(|e| {
                CliError::bad_input(format!(
                    "fichier de besoins « {} » illisible : {}",
                    path.display(),
                    essor::wording::io_error(&e)
                ))
            })?;
            read_needs_jsonl(BufReader::new(file), catalogue.gazetteer(), catalogue.cpv(), &law, crate::today())
                .map_err(|e| CliError::from(e).at(path.display()))?
        }
        (Some(path), None) => vec![read_need_file(path, &catalogue, &law)?],
        (None, None) => {
            return Err(CliError::bad_input(
                "indiquez un besoin (essor match BESOIN.json) ou un fichier de besoins (--needs BESOINS.jsonl)",
            ));
        }
    };
    let engine = catalogue.matching_engine(weights, law).await?;
    catalogue.close().await;
    let answers = match_needs(&engine, &needs, top)?;
    print_answers(&engine, &needs, &answers, args.format.format, args.needs.is_some())
}

fn print_answers(
    engine: &essor::matching::Engine,
    needs: &[Need],
    answers: &[Vec<LotMatch>],
    format: Format,
    batch: bool,
) -> Result<(), CliError> {
    let views = |lots: &[LotMatch]| -> Vec<LotView> { lots.iter().map(|lot| lot_view(lot, engine.cpv())).collect() };
    match format {
        Format::Jsonl => {
            for lots in answers {
                for view in views(lots) {
                    print_json_line(&view)?;
                }
            }
        }
        Format::Json => {
            let docs: Vec<Value> = needs
                .iter()
                .zip(answers)
                .map(|(need, lots)| serde_json::json!({ "need": need.id, "lots": views(lots) }))
                .collect();
            match (batch, docs.as_slice()) {
                (false, [one]) => print_json_line(one)?,
                _ => print_json_line(&docs)?,
            }
        }
        Format::Table => {
            for lot in answers.iter().flatten() {
                print_lot_table(&lot_view(lot, engine.cpv()));
            }
        }
    }
    Ok(())
}
