//! Candidates from the matching engine: every part of the perimeter and every activity is ranked as
//! a small lot of its own, so that a supplier reaching only some towns, or doing only one trade, is
//! still found; each supplier keeps its best relevance, relative to the best score found.
//!
//! The engine is asked with the part itself as the place ([`LotPlace::of_area`]), so that it keeps
//! exactly the suppliers the planner sees reaching the part: one reach rule for both.

use rustc_hash::FxHashMap;

use super::PlanningError;
use super::candidate::Candidate;
use super::scope::Scope;
use crate::domain::need::EffectiveLot;
use crate::domain::sector::Taxonomy;
use crate::domain::siret::Siret;
use crate::matching::lot::{LotPlace, LotProfile};
use crate::matching::{Engine, MatchError};

/// Suppliers ranked per part and per activity before the planner sees them.
pub const CANDIDATES_PER_QUERY: usize = 200;

/// The candidates of `scope` (a need or one of its lots), ranked by the matching engine without
/// reservation (the planner applies it), described against the scope. Every one reaches a part of
/// the perimeter; those doing none of the scope's activities are left out, as the planner can give
/// them no cell to cover.
pub fn candidates(engine: &Engine, scope: &Scope) -> Result<Vec<Candidate>, MatchError> {
    let places: Vec<LotPlace> = scope
        .perimeter
        .parts
        .iter()
        .map(|part| {
            let mut departments: Vec<String> = Vec::new();
            for spot in &part.spots {
                if !departments.contains(&spot.department) {
                    departments.push(spot.department.clone());
                }
            }
            LotPlace::of_area(part.area.clone(), departments, part.label.clone(), engine.gazetteer())
        })
        .collect();
    // Ranked lists by activity, then by part.
    let mut ranked = Vec::with_capacity(scope.activities.len());
    for activity in &scope.activities {
        let lot = EffectiveLot {
            id: None,
            title: format!("{} — {}", scope.title, activity.label),
            description: scope.description.clone(),
            cpv: activity.cpv.clone(),
            place: None,
            estimated_value_eur: None,
            duration_months: None,
            reservation: None,
        };
        let profile = LotProfile::with_place(lot, None, Taxonomy::builtin(), engine.cpv());
        ranked.push(engine.rank_at_each(&profile, &places, CANDIDATES_PER_QUERY)?);
    }
    // Each supplier once, in the order it is first found part by part, with its best score.
    let mut best: Vec<(u32, f64)> = Vec::new();
    let mut kept_at: FxHashMap<u32, usize> = FxHashMap::default();
    for part in 0..places.len() {
        for (id, score, _) in ranked.iter().flat_map(|by_part| by_part[part].iter().copied()) {
            match kept_at.get(&id) {
                Some(&at) => best[at].1 = best[at].1.max(score),
                None => {
                    kept_at.insert(id, best.len());
                    best.push((id, score));
                }
            }
        }
    }
    let top = best.iter().map(|(_, s)| *s).fold(0.0_f64, f64::max);
    Ok(best
        .into_iter()
        .map(|(id, score)| describe(engine, scope, id, if top > 0.0 { score / top } else { 0.0 }))
        .filter(|c| !c.activities.is_empty())
        .collect())
}

/// The suppliers a user named (`essor plan consortium --with`) that are not among `candidates`,
/// described against `scope` so that the planner can say what each brings or why it cannot be a
/// member, with every named SIRET, normalised. A supplier the engine did not find gets relevance 0.
///
/// # Errors
/// [`PlanningError::Member`] for a SIRET that is malformed or not in the catalogue.
pub fn named(
    engine: &Engine,
    scope: &Scope,
    candidates: &[Candidate],
    named: &[String],
) -> Result<(Vec<String>, Vec<Candidate>), PlanningError> {
    let table = engine.table();
    let mut sirets = Vec::new();
    let mut added: Vec<Candidate> = Vec::new();
    for given in named {
        let member_error = |message: String| PlanningError::Member { siret: given.clone(), message };
        let siret = Siret::parse(given).map_err(|e| member_error(e.to_string()))?;
        let known = |c: &Candidate| c.siret == siret.as_str();
        if !candidates.iter().any(known) && !added.iter().any(known) {
            let id =
                table.id_of(siret.as_str()).ok_or_else(|| member_error("SIRET absent du catalogue".to_string()))?;
            added.push(describe(engine, scope, id, 0.0));
        }
        sirets.push(siret.as_str().to_string());
    }
    Ok((sirets, added))
}

/// The supplier of row `id` of the engine's table, described against `scope`.
fn describe(engine: &Engine, scope: &Scope, id: u32, relevance: f64) -> Candidate {
    let row = engine.table().row(id);
    let sectors = Taxonomy::builtin().sectors();
    let keys: Vec<String> =
        row.sectors.iter().filter_map(|&i| sectors.get(usize::from(i))).map(|s| s.key.clone()).collect();
    Candidate::from_supplier(&row.supplier, &keys, scope, relevance, engine.law(), engine.gazetteer())
}
