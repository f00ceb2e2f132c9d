//! `essor search TEXT …` and `essor dedup`.

use clap::Args;

use super::args::{Format, FormatArg, TopArg};
use super::output::{print_hits_table, print_json_line};
use super::{Cli, CliError, open};
use essor::request::{SearchParams, resolve_search};
use essor::wording::search::{HitView, results_view};

/// `essor search` options.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Free text.
    #[arg(value_name = "TEXTE", default_value = "", help = "Ce que vous cherchez (« nettoyage de locaux »)")]
    pub text: String,
    /// Near a place.
    #[arg(
        long,
        value_name = "LIEU",
        help = "Autour d'une commune : code postal, code INSEE ou nom (« Montreuil (93) » si le nom ne suffit pas)"
    )]
    pub near: Option<String>,
    /// Radius.
    #[arg(long, value_name = "KM", allow_negative_numbers = true, help = "Rayon autour de --near, en kilomètres")]
    pub radius: Option<String>,
    /// Kinds.
    #[arg(long, value_name = "TYPES", help = "Types de structure, séparés par des virgules (ACI,EI,EA,ESAT…)")]
    pub kind: Option<String>,
    /// Sectors.
    #[arg(long, value_name = "SECTEURS", help = "Secteurs ou familles de secteurs, séparés par des virgules")]
    pub sector: Option<String>,
    /// Départements.
    #[arg(
        long,
        value_name = "DÉPARTEMENTS",
        help = "Départements, codes ou noms, séparés par des virgules (91,Val-de-Marne)"
    )]
    pub department: Option<String>,
    /// CPV.
    #[arg(long, value_name = "CODES", help = "Codes ou préfixes CPV, séparés par des virgules (9091,77310000)")]
    pub cpv: Option<String>,
    /// How many.
    #[command(flatten)]
    pub top: TopArg,
    /// Output format.
    #[command(flatten)]
    pub format: FormatArg,
}

/// The CLI flag a request parameter comes from, for error messages.
fn flag(parameter: &str) -> &str {
    match parameter {
        "radius_km" => "--radius",
        "limit" => "--top",
        "offset" => "--offset",
        "near" => "--near",
        "kind" => "--kind",
        "sector" => "--sector",
        "department" => "--department",
        "cpv" => "--cpv",
        other => other,
    }
}

pub(super) async fn run(cli: &Cli, args: &SearchArgs) -> Result<(), CliError> {
    let catalogue = open(cli).await?;
    let params = SearchParams {
        q: args.text.clone(),
        near: args.near.clone(),
        radius_km: args.radius.clone(),
        kind: args.kind.clone(),
        sector: args.sector.clone(),
        department: args.department.clone(),
        cpv: args.cpv.clone(),
        limit: Some(args.top.top.clone()),
        offset: None,
    };
    let resolved = resolve_search(&params, 10, catalogue.gazetteer(), catalogue.taxonomy())
        .map_err(|e| CliError::bad_input(e.message).at(flag(&e.parameter)))?;
    let results = catalogue.search(&resolved.query)?;
    match args.format.format {
        Format::Jsonl => {
            for hit in &results.hits {
                print_json_line(&HitView(hit))?;
            }
        }
        Format::Json => print_json_line(&results_view(&results))?,
        Format::Table => {
            if catalogue.count().await? == 0 {
                eprintln!(
                    "Le catalogue est vide : importez des fournisseurs (essor import suppliers fixtures/suppliers.jsonl) \
                     ou lancez essor serve, qui charge le catalogue d'exemple."
                );
            }
            print_hits_table(&results, resolved.near_label.as_deref());
        }
    }
    catalogue.close().await;
    Ok(())
}

/// `essor dedup` options.
#[derive(Debug, Args)]
pub struct DedupArgs {
    /// Output format.
    #[command(flatten)]
    pub format: FormatArg,
}

pub(super) async fn dedup(cli: &Cli, args: &DedupArgs) -> Result<(), CliError> {
    let catalogue = open(cli).await?;
    let pairs = catalogue.duplicates().await?;
    match args.format.format {
        Format::Table => {
            for d in &pairs {
                println!("{}", d.describe());
            }
            println!("{} doublon(s) probable(s).", pairs.len());
        }
        Format::Jsonl => {
            for d in &pairs {
                print_json_line(d)?;
            }
        }
        Format::Json => print_json_line(&pairs)?,
    }
    catalogue.close().await;
    Ok(())
}
