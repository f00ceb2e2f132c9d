//! `essor plan lots BESOIN.json` and `essor plan consortium BESOIN.json --lot ID`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::match_cmd::{law_config, read_need};
use super::output::print_json_line;
use super::{Cli, CliError, open};
use crate::domain::sector::Taxonomy;
use crate::matching::Weights;
use crate::planning::{PlanningConfig, PlanningError, Scope, plan_consortium, plan_lots, sourcing};

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

/// Output formats of `essor plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// Readable tables.
    Table,
    /// One JSON document.
    Json,
}

/// Options of `essor plan lots` and `essor plan consortium`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The need.
    #[arg(value_name = "BESOIN.json", help = "Un besoin d'achat au format JSON (un objet, lots compris)")]
    pub need: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table", help = "Format de sortie : table (lisible) ou json")]
    pub format: PlanFormat,
    /// Legal parameters file.
    #[arg(
        long,
        value_name = "DROIT.json",
        help = "Fichier JSON des paramètres juridiques réglables (par ex. {\"min_competitors_per_lot\": 5})"
    )]
    pub law: Option<PathBuf>,
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

pub(super) async fn run(cli: &Cli, cmd: &PlanCommand) -> Result<(), CliError> {
    let (args, consortium, max_lots) = match cmd {
        PlanCommand::Lots(l) => (&l.plan, None, l.max_lots),
        PlanCommand::Consortium(c) => (&c.plan, Some(c), None),
    };
    let config = match max_lots {
        Some(n) => PlanningConfig::with_max_lots(n)
            .map_err(|e| CliError::bad_input(format!("--max-lots : {}", e.message())))?,
        None => PlanningConfig::default(),
    };
    let law = law_config(args.law.as_deref())?;
    let catalogue = open(cli).await?;
    let need = read_need(&args.need, &catalogue, &law)?;
    let taxonomy = Taxonomy::builtin();
    let scope = match consortium {
        Some(c) => Scope::of_lot(&need, c.lot.as_deref(), catalogue.gazetteer(), taxonomy, &config),
        None => Scope::of_need(&need, catalogue.gazetteer(), taxonomy, &config),
    }
    .map_err(|e| CliError::bad_input(format!("{} : {e}", args.need.display())))?;
    let engine = catalogue.matching_engine(Weights::default(), law.clone()).await?;
    catalogue.close().await;
    let mut candidates = sourcing::candidates(&engine, &need, &scope).map_err(CliError::failure)?;
    if let Some(c) = consortium {
        let member_error = |e: PlanningError| CliError::bad_input(format!("--with : {e}"));
        let required = sourcing::add_named(&engine, &scope, &mut candidates, &c.with).map_err(member_error)?;
        let plan = plan_consortium(&scope, &candidates, &required, &config).map_err(member_error)?;
        match args.format {
            PlanFormat::Json => print_json_line(&plan),
            PlanFormat::Table => print_text(&plan.to_text()),
        }
    } else {
        let allotment = plan_lots(&scope, &candidates, &law, &config);
        match args.format {
            PlanFormat::Json => print_json_line(&allotment),
            PlanFormat::Table => print_text(&allotment.to_text()),
        }
    }
}

/// Prints a report; a closed pipe (`| head`) is not an error worth reporting.
fn print_text(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(())
}
