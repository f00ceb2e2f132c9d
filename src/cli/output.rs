//! Printing results for people (tables) and machines (JSON).

use std::io::Write;

use serde::Serialize;

use super::CliError;
use essor::search::SearchResults;
use essor::wording::km;
use essor::wording::matching::LotView;

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
        if !hit.reasons.is_empty() {
            let _ = writeln!(out, "     pourquoi : {}", essor::wording::search::why(&hit.reasons).join(" ; "));
        }
    }
}

/// Prints the answer for one lot: the ranked suppliers with their reasons, the exclusions of a
/// reserved lot and the advice block.
pub fn print_lot_table(lot: &LotView) {
    let mut out = std::io::stdout().lock();
    let name = lot.lot.as_deref().map(|l| format!("lot {l} — ")).unwrap_or_default();
    let _ = writeln!(out, "\n=== Besoin {} — {name}{}", lot.need, lot.title);
    let reservation = lot.reservation.map(|r| format!(" ; réservation : {r}")).unwrap_or_default();
    let place = lot.place.as_deref().map(|p| format!(" ; lieu : {p}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "CPV : {}{place}{reservation}",
        if lot.cpv.is_empty() { "—".to_string() } else { lot.cpv.join(", ") }
    );
    if let Some(inferred) = &lot.cpv_inferred {
        let _ = writeln!(out, "({inferred})");
    }
    if lot.results.is_empty() {
        let _ = writeln!(out, "Aucun fournisseur à portée pour ce lot.");
    }
    for (i, r) in lot.results.iter().enumerate() {
        let distance = r.distance_km.map(|d| format!(" — {}", km(d))).unwrap_or_default();
        let eligible = if r.eligible.is_empty() { "aucun".to_string() } else { r.eligible.join(", ") };
        let partners = if r.needs_partners { " — en groupement" } else { "" };
        let _ = writeln!(
            out,
            "{:>3}. {} — {} — {} ({}){distance} — SIRET {} — score {:.2} — éligible : {eligible}{partners}",
            i + 1,
            r.name,
            r.kinds.join(", "),
            r.city,
            r.department,
            r.siret,
            r.score
        );
        let _ = writeln!(out, "     pourquoi : {}", r.why.join(" ; "));
    }
    if !lot.nearby.is_empty() {
        let names: Vec<String> =
            lot.nearby.iter().map(|r| format!("{} ({}, {})", r.name, r.kinds.join(", "), r.city)).collect();
        let _ = writeln!(out, "  proches mais hors métier : {}", names.join(" ; "));
    }
    for e in &lot.excluded {
        let _ = writeln!(out, "  exclu : {} ({}) — {}", e.name, e.kinds.join(", "), e.reason);
    }
    let a = &lot.advice;
    let counts: Vec<String> = a.eligible_within_reach.iter().map(|c| format!("{} : {}", c.article, c.count)).collect();
    let _ = writeln!(out, "Conseil — éligibles à portée : {}", counts.join(" ; "));
    let _ = writeln!(out, "  {}", a.reservation);
    if let Some(checked) = &a.reservation_cpv {
        let _ = writeln!(out, "  {checked}");
    }
    if let Some(p) = &a.procedure {
        if let Some(basis) = &p.value_basis {
            let _ = writeln!(out, "  Procédure — {basis}");
        }
        let _ = writeln!(out, "  {}", p.explanation);
        if let Some(small) = &p.small_lot {
            let _ = writeln!(out, "  Option : {small}");
        }
    }
    for o in &a.obligations {
        let _ = writeln!(out, "  {}", o.explanation);
    }
    if !a.suppliers_to_consult.is_empty() {
        let _ = writeln!(out, "  Fournisseurs à consulter (3 à 5) : {}", a.suppliers_to_consult.join(" ; "));
    }
    if let Some(c) = &a.insertion_clause {
        let _ = writeln!(
            out,
            "  Clause d'insertion : {} ({} structure(s) à portée pour les réaliser)",
            c.explanation, c.takers_within_reach
        );
    }
}

/// Prints a report; a closed pipe (`| head`) is not an error worth reporting.
pub fn print_text(text: &str) -> Result<(), CliError> {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(())
}
