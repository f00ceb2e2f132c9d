//! Printing results for people (tables) and machines (JSON).

use std::io::Write;

use serde::Serialize;

use super::CliError;
use crate::format::km;
use crate::search::SearchResults;

/// Prints one value as a line of JSON on standard output.
pub fn print_json_line<T: Serialize + ?Sized>(value: &T) -> Result<(), CliError> {
    let line = serde_json::to_string(value).map_err(|e| CliError::failure(format!("sortie JSON impossible : {e}")))?;
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = writeln!(out, "{line}");
    Ok(())
}

/// Prints search results as a numbered list with the reasons.
pub fn print_hits_table(results: &SearchResults, near: Option<&str>) {
    let mut out = std::io::stdout().lock();
    let place = near.map(|n| format!(" autour de {n}")).unwrap_or_default();
    let _ = writeln!(out, "{} fournisseur(s) trouvé(s){place}.", results.total);
    for (i, hit) in results.hits.iter().enumerate() {
        let s = &hit.supplier;
        let kinds: Vec<&str> = s.kinds.iter().map(|k| k.code()).collect();
        let distance = hit.distance_km.map(|d| format!(" — {}", km(d))).unwrap_or_default();
        let _ = writeln!(
            out,
            "{:>3}. {} — {} — {} ({}){distance} — SIRET {} — score {:.2}",
            i + 1,
            s.display_name(),
            kinds.join(", "),
            s.city,
            s.department,
            s.siret,
            hit.score
        );
        if !hit.why.is_empty() {
            let _ = writeln!(out, "     pourquoi : {}", hit.why.join(" ; "));
        }
    }
}
