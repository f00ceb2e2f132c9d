//! `essor search TEXT …` and `essor dedup`.

use clap::{Args, ValueEnum};

use super::output::{print_hits_table, print_json_line};
use super::{Cli, CliError, open};
use crate::request::{SearchParams, resolve_search};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// One JSON object per line.
    Jsonl,
    /// One JSON document.
    Json,
}

/// `essor search` options.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Free text.
    #[arg(value_name = "TEXTE", default_value = "", help = "Ce que vous cherchez (« nettoyage de locaux »)")]
    pub text: String,
    /// Near a place.
    #[arg(long, value_name = "CODE", help = "Autour d'une commune : code postal ou code INSEE")]
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
    #[arg(long, value_name = "CODES", help = "Départements, séparés par des virgules (91,94)")]
    pub department: Option<String>,
    /// CPV.
    #[arg(long, value_name = "CODES", help = "Codes ou préfixes CPV, séparés par des virgules (9091,77310000)")]
    pub cpv: Option<String>,
    /// How many.
    #[arg(long, value_name = "N", default_value = "10", help = "Nombre de résultats")]
    pub top: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "table", help = "Format de sortie")]
    pub format: Format,
}

/// The CLI flag a request parameter comes from, for error messages.
fn flag(parameter: &str) -> &str {
    match parameter {
        "radius_km" => "--radius",
        "limit" => "--top",
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
        limit: Some(args.top.clone()),
        offset: None,
    };
    let resolved = resolve_search(&params, 10, catalogue.gazetteer(), catalogue.taxonomy())
        .map_err(|e| CliError::bad_input(format!("{} : {}", flag(&e.parameter), e.message)))?;
    let results = catalogue.search(&resolved.query)?;
    match args.format {
        Format::Jsonl => {
            for hit in &results.hits {
                print_json_line(hit)?;
            }
        }
        Format::Json => print_json_line(&results)?,
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
    #[arg(long, value_enum, default_value = "table", help = "Format de sortie")]
    pub format: Format,
}

pub(super) async fn dedup(cli: &Cli, args: &DedupArgs) -> Result<(), CliError> {
    let catalogue = open(cli).await?;
    let pairs = catalogue.duplicates().await?;
    match args.format {
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
