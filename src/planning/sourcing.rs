//! Candidates from the matching engine: every part of the perimeter and every activity is matched
//! as a small lot of its own, so that a supplier reaching only some towns, or doing only one trade,
//! is still found; each supplier keeps its best relevance, relative to the best score found.

use super::candidate::Candidate;
use super::scope::Scope;
use crate::domain::need::Need;
use crate::domain::sector::Taxonomy;
use crate::matching::{Engine, MatchError};

/// Suppliers ranked per part and per activity before the planner sees them.
pub const CANDIDATES_PER_QUERY: usize = 200;

/// The candidates of `scope` (a need or one of its lots), found by the matching engine without
/// reservation (the planner applies it), described against the scope.
pub fn candidates(engine: &Engine, need: &Need, scope: &Scope) -> Result<Vec<Candidate>, MatchError> {
    let mut best: Vec<(String, f64)> = Vec::new();
    for (p, _) in scope.perimeter.parts.iter().enumerate() {
        for activity in &scope.activities {
            let query = Need {
                id: need.id.clone(),
                title: format!("{} — {}", scope.title, activity.label),
                description: need.description.clone(),
                cpv: activity.cpv.clone(),
                place: Some(scope.perimeter.place_of(&[p])),
                estimated_value_eur: None,
                duration_months: None,
                reservation: None,
                buyer: need.buyer.clone(),
                consultation_date: need.consultation_date,
                lots: Vec::new(),
            };
            for lot in engine.match_need(&query, CANDIDATES_PER_QUERY)? {
                for r in lot.results {
                    match best.iter_mut().find(|(s, _)| *s == r.siret) {
                        Some((_, score)) => *score = score.max(r.score),
                        None => best.push((r.siret, r.score)),
                    }
                }
            }
        }
    }
    let top = best.iter().map(|(_, s)| *s).fold(0.0_f64, f64::max);
    let table = engine.table();
    Ok(best
        .into_iter()
        .filter_map(|(siret, score)| {
            let row = table.row(table.id_of(&siret)?);
            let relevance = if top > 0.0 { score / top } else { 0.0 };
            let sectors = Taxonomy::builtin().sectors();
            let keys: Vec<String> =
                row.sectors.iter().filter_map(|&i| sectors.get(usize::from(i))).map(|s| s.key.clone()).collect();
            Some(Candidate::from_supplier(&row.supplier, &keys, scope, relevance, engine.law(), engine.gazetteer()))
        })
        .filter(|c| !c.activities.is_empty() && !c.parts.is_empty())
        .collect())
}
