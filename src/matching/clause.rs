//! The structures near a place that can take the hours of an insertion clause (SIAE, GEIQ, EA, EATT,
//! ESAT) and can do the contract's work: who the holder of a contract can subcontract to or bid with.

use super::engine::{Engine, MatchError};
use super::features::takes_clause_hours;
use super::lot::{LotPlace, LotProfile};
use super::report::Relevance;
use super::score::reach;
use crate::domain::need::EffectiveLot;
use crate::domain::{Cpv, Kind, Taxonomy};

/// A structure able to take insertion hours.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseTaker {
    /// SIRET.
    pub siret: String,
    /// Name.
    pub name: String,
    /// Its statuses; those that can take the hours say how
    /// ([`crate::law::clause::can_take_insertion_hours`]).
    pub kinds: Vec<Kind>,
    /// Town.
    pub city: String,
    /// Département.
    pub department: String,
    /// Distance to the place, in kilometres, when known.
    pub distance_km: Option<f64>,
}

impl Engine {
    /// The `limit` structures whose intervention zone reaches `place` (anywhere without a place) and
    /// whose status lets them take insertion hours. With the contract's main CPV code, only those
    /// able to do its work (stated or presumed, the rule of the competition counts), best first;
    /// without it, all of them, nearest first.
    pub fn clause_takers(
        &self,
        place: Option<LotPlace>,
        cpv: Option<&Cpv>,
        limit: usize,
    ) -> Result<Vec<ClauseTaker>, MatchError> {
        let table = self.table();
        let taker = |id: u32, distance_km: Option<f64>| {
            let s = &table.row(id).supplier;
            ClauseTaker {
                siret: s.siret.as_str().to_string(),
                name: s.display_name().to_string(),
                kinds: s.kinds.clone(),
                city: s.city.clone(),
                department: s.department.clone(),
                distance_km,
            }
        };
        if let Some(code) = cpv {
            let title = self.cpv().nearest_label(code).unwrap_or(code.as_str()).to_string();
            let lot = EffectiveLot {
                id: None,
                title,
                description: None,
                cpv: vec![code.clone()],
                place: None,
                estimated_value_eur: None,
                duration_months: None,
                reservation: None,
            };
            let profile = LotProfile::with_place(lot, place, Taxonomy::builtin(), self.cpv());
            let mut able =
                self.reaching(&profile, |_, row, scored| scored.work != Relevance::Nearby && row.takes_hours)?;
            self.best_first(&mut able, limit);
            return Ok(able.iter().take(limit).map(|r| taker(r.id, r.reach.distance_km)).collect());
        }
        let mut found: Vec<ClauseTaker> = (0..table.len() as u32)
            .filter(|&id| takes_clause_hours(&table.row(id).supplier.kinds))
            .filter_map(|id| Some(taker(id, reach(table.row(id), place.as_ref())?.distance_km)))
            .collect();
        // Nearest first, by the distance as shown (to the decimal), then by SIRET.
        found.sort_by(|a, b| {
            let key = |t: &ClauseTaker| t.distance_km.map_or(f64::MAX, |d| (d * 10.0).round());
            key(a).total_cmp(&key(b)).then_with(|| a.siret.cmp(&b.siret))
        });
        found.truncate(limit);
        Ok(found)
    }
}
