//! `essor plan lots BESOIN.json` and `essor plan consortium BESOIN.json --lot ID`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::args::{Format, FormatArg, LawArg};
use super::match_cmd::read_need_file;
use super::output::{print_json_line, print_text};
use super::{Cli, CliError, open};
use essor::matching::Weights;
use essor::usecase::{UseCaseError, plan_consortium, plan_lots};

/// `essor plan` sub-commands.
#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Allotment proposals.
    #[command(
        about = "Proposer des allotissements (par activité, géographiques, lot réservé, lots dimensionnés) avec leurs motifs"
    )]
    Lots(LotsArgs),
    /// Consortium proposals for one lot.
    #[command(
        about = "Proposer des groupements (GME) de structures de l'ESS pour un lot qu'aucune ne peut servir seule"
    )]
    Consortium(ConsortiumArgs),
}

/// Options of `essor plan lots` and `essor plan consortium`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The need.
    #[arg(value_name = "BESOIN.json", help = "Un besoin d'achat au format JSON (un objet, lots compris)")]
    pub need: PathBuf,
    /// Output format.
    #[command(flatten)]
    pub format: FormatArg,
    /// Legal parameters.
    #[command(flatten)]
    pub law: LawArg,
}

/// Options of `essor plan lots`.
#[derive(Debug, Args)]
pub struct LotsArgs {
    /// The need, the format, the legal parameters.
    #[command(flatten)]
    pub plan: PlanArgs,
    /// The most lots the buyer can run.
    #[arg(
        long = "max-lots",
        value_name = "N",
        help = "Nombre maximal de lots que l'acheteur peut gérer (défaut 12) : aucune proposition n'en compte davantage"
    )]
    pub max_lots: Option<usize>,
}

/// Options of `essor plan consortium`.
#[derive(Debug, Args)]
pub struct ConsortiumArgs {
    /// The need, the format, the legal parameters.
    #[command(flatten)]
    pub plan: PlanArgs,
    /// The lot.
    #[arg(long, value_name = "ID", help = "Identifiant du lot du besoin (obligatoire si le besoin a des lots)")]
    pub lot: Option<String>,
    /// Members every grouping must hold.
    #[arg(
        long = "with",
        value_name = "SIRET",
        value_delimiter = ',',
        help = "SIRET d'une structure que chaque groupement doit comprendre (répétable, ou séparés par des virgules) : le planificateur propose qui lui adjoindre"
    )]
    pub with: Vec<String>,
}

/// A planning error in the command line's words: the flags for parameters, the file for the need.
fn plan_error(e: UseCaseError, args: &PlanArgs) -> CliError {
    let flag = match &e {
        UseCaseError::Planning(p) if p.field_name() == "max_lots" => Some("--max-lots"),
        UseCaseError::Planning(p) if p.field_name() == "with" => Some("--with"),
        _ => None,
    };
    match (flag, &e) {
        (Some(flag), UseCaseError::Planning(p)) => CliError::bad_input(p.message()).at(flag),
        _ => CliError::from(e).at(args.need.display()),
    }
}

pub(super) async fn run(cli: &Cli, cmd: &PlanCommand) -> Result<(), CliError> {
    let args = match cmd {
        PlanCommand::Lots(l) => &l.plan,
        PlanCommand::Consortium(c) => &c.plan,
    };
    let law = args.law.config()?;
    let catalogue = open(cli).await?;
    let need = read_need_file(&args.need, &catalogue, &law)?;
    let engine = catalogue.matching_engine(Weights::default(), law).await?;
    catalogue.close().await;
    let (json, text) = match cmd {
        PlanCommand::Lots(l) => {
            let allotment = plan_lots(&engine, &need, l.max_lots).map_err(|e| plan_error(e, args))?;
            (
                serde_json::to_value(essor::wording::planning::allotment_view(&allotment)),
                essor::wording::planning_text::allotment_text(&allotment),
            )
        }
        PlanCommand::Consortium(c) => {
            let plan = plan_consortium(&engine, &need, c.lot.as_deref(), &c.with).map_err(|e| plan_error(e, args))?;
            (
                serde_json::to_value(essor::wording::planning::consortium_view(&plan)),
                essor::wording::planning_text::consortium_text(&plan),
            )
        }
    };
    match args.format.format {
        Format::Json | Format::Jsonl => {
            print_json_line(&json.map_err(|e| CliError::failure(format!("sortie JSON impossible : {e}")))?)
        }
        Format::Table => print_text(&text),
    }
}
