//! `essor clause --value V --cpv C [--near PLACE]`: the insertion-clause hours of a contract and the
//! structures near the place that can take them.

use clap::Args;

use super::args::{Format, FormatArg, LawArg, TopArg};
use super::output::print_json_line;
use super::{Cli, CliError, open};
use essor::domain::Cpv;
use essor::law::ClauseOverrides;
use essor::matching::Weights;
use essor::request::{amount, commune_place};
use essor::usecase::{ClauseRequest, insertion_clause_with_takers};
use essor::wording::clause::{answer_text, answer_view};

/// Most structures listed.
const MAX_TOP: usize = 1000;

/// `essor clause` options.
#[derive(Debug, Args)]
pub struct ClauseArgs {
    /// Contract value.
    #[arg(long, value_name = "EUROS", help = "Montant estimé du marché ou du lot, en euros HT")]
    pub value: String,
    /// Main CPV code.
    #[arg(long, value_name = "CODE", help = "Code CPV principal (fixe la part de main-d'œuvre par défaut)")]
    pub cpv: Option<String>,
    /// Place.
    #[arg(long, value_name = "LIEU", help = "Lieu d'exécution : code postal, code INSEE ou nom de commune")]
    pub near: Option<String>,
    /// Labour share override.
    #[arg(long, value_name = "PART", help = "Part de main-d'œuvre dans le montant (0 à 1, par ex. 0.5)")]
    pub labour_share: Option<f64>,
    /// Insertion rate override.
    #[arg(long, value_name = "PART", help = "Part des heures réservée à l'insertion (0 à 1, par ex. 0.05)")]
    pub insertion_rate: Option<f64>,
    /// Hourly cost override.
    #[arg(long, value_name = "EUROS", help = "Coût horaire chargé d'une heure d'insertion, en euros")]
    pub hourly_cost: Option<f64>,
    /// How many structures.
    #[command(flatten)]
    pub top: TopArg,
    /// Output format.
    #[command(flatten)]
    pub format: FormatArg,
    /// Legal parameters.
    #[command(flatten)]
    pub law: LawArg,
}

pub(super) async fn run(cli: &Cli, args: &ClauseArgs) -> Result<(), CliError> {
    let value_eur = amount("value", &args.value).map_err(|e| CliError::bad_input(e.message).at("--value"))?;
    let cpv = match &args.cpv {
        Some(text) => Some(Cpv::parse(text).map_err(|e| CliError::bad_input(e).at("--cpv"))?),
        None => None,
    };
    let top = args.top.value(MAX_TOP)?;
    let law = args.law.config()?;
    let catalogue = open(cli).await?;
    let near = match &args.near {
        Some(code) => Some(
            commune_place("near", code, catalogue.gazetteer())
                .map_err(|e| CliError::bad_input(e.message).at("--near"))?,
        ),
        None => None,
    };
    let overrides = ClauseOverrides {
        labour_share: args.labour_share,
        insertion_rate: args.insertion_rate,
        hourly_cost_eur: args.hourly_cost,
    };
    let request = ClauseRequest { value_eur, cpv, near, overrides, top, date: crate::today() };
    let engine = catalogue.matching_engine(Weights::default(), law).await?;
    catalogue.close().await;
    let view = answer_view(&insertion_clause_with_takers(&engine, &request)?);
    match args.format.format {
        Format::Json | Format::Jsonl => print_json_line(&view),
        Format::Table => super::output::print_text(&answer_text(&view)),
    }
}
