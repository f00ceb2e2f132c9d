//! `essor clause --value V --cpv C [--near PLACE]`: the insertion-clause hours of a contract and the
//! structures near the place that can take them.

use clap::Args;
use serde_json::json;

use super::match_cmd::law_config;
use super::output::print_json_line;
use super::search::Format;
use super::{Cli, CliError, open};
use crate::domain::Cpv;
use crate::domain::need::{Place, today_in_france};
use crate::law::clause::{ClauseOverrides, insertion_clause};
use crate::matching::Weights;
use crate::matching::lot::LotPlace;

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
    #[arg(long, value_name = "CODE", help = "Lieu d'exécution : code postal ou code INSEE de commune")]
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
    #[arg(long, value_name = "N", default_value_t = 10, help = "Nombre de structures proposées")]
    pub top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table", help = "Format de sortie : table ou json")]
    pub format: Format,
    /// Legal parameters file.
    #[arg(
        long,
        value_name = "DROIT.json",
        help = "Fichier JSON des paramètres juridiques (taux, coût horaire, parts)"
    )]
    pub law: Option<std::path::PathBuf>,
}

pub(super) async fn run(cli: &Cli, args: &ClauseArgs) -> Result<(), CliError> {
    let value: f64 = args
        .value
        .trim()
        .replace([' ', '\u{a0}'], "")
        .replace(',', ".")
        .parse()
        .map_err(|_| CliError::bad_input(format!("--value : « {} » n'est pas un montant en euros", args.value)))?;
    let cpv = match &args.cpv {
        Some(text) => Some(Cpv::parse(text).map_err(|e| CliError::bad_input(format!("--cpv : {e}")))?),
        None => None,
    };
    let law = law_config(args.law.as_deref())?;
    let overrides = ClauseOverrides {
        labour_share: args.labour_share,
        insertion_rate: args.insertion_rate,
        hourly_cost_eur: args.hourly_cost,
    };
    let clause = insertion_clause(value, cpv.as_ref(), &overrides, Default::default(), today_in_france(), &law)
        .map_err(|e| CliError::bad_input(e.to_string()))?;
    let catalogue = open(cli).await?;
    let place = match args.near.as_deref().map(str::trim) {
        Some(code) => {
            let (_, commune) = catalogue.gazetteer().locate(code).ok_or_else(|| {
                CliError::bad_input(format!("--near : « {code} » n'est ni un code postal ni un code INSEE connu"))
            })?;
            let resolved = Place::Commune(commune.insee.clone()).resolve(catalogue.gazetteer());
            Some(LotPlace::new(resolved, catalogue.gazetteer()))
        }
        None => None,
    };
    let engine = catalogue.matching_engine(Weights::default(), law).await?;
    catalogue.close().await;
    let takers = engine.clause_takers(place.as_ref(), args.top);
    match args.format {
        Format::Json | Format::Jsonl => print_json_line(&json!({
            "hours": clause.rounded_hours(),
            "labour_share": clause.parameters.labour_share,
            "insertion_rate": clause.parameters.insertion_rate,
            "hourly_cost_eur": clause.parameters.hourly_cost_eur,
            "explanation": clause.describe(),
            "place": place.as_ref().map(|p| p.label.clone()),
            "takers": takers,
        }))?,
        Format::Table => {
            println!("{}", clause.describe());
            let near = place.as_ref().map(|p| format!(" à portée de {}", p.label)).unwrap_or_default();
            println!("\nStructures{near} pouvant réaliser ces heures ({}) :", takers.len());
            for (i, t) in takers.iter().enumerate() {
                let d = t.distance_km.map(|d| format!(" — {d} km")).unwrap_or_default();
                println!(
                    "{:>3}. {} — {} — {} ({}){d} — SIRET {}",
                    i + 1,
                    t.name,
                    t.kinds.join(", "),
                    t.city,
                    t.department,
                    t.siret
                );
            }
        }
    }
    Ok(())
}
