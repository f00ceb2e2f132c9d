//! The structures near a place that can take the hours of an insertion clause (SIAE, GEIQ, EA, EATT,
//! ESAT), nearest first: who the holder of a contract can subcontract to or bid with.

use super::engine::Engine;
use super::features::takes_clause_hours;
use super::lot::LotPlace;
use super::score::reach;
use crate::domain::Kind;

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
    /// whose status lets them take insertion hours, nearest first.
    pub fn clause_takers(&self, place: Option<&LotPlace>, limit: usize) -> Vec<ClauseTaker> {
        let table = self.table();
        let mut found: Vec<ClauseTaker> = (0..table.len() as u32)
            .filter_map(|id| {
                let row = table.row(id);
                if !takes_clause_hours(&row.supplier.kinds) {
                    return None;
                }
                let r = reach(row, place)?;
                let s = &row.supplier;
                Some(ClauseTaker {
                    siret: s.siret.as_str().to_string(),
                    name: s.display_name().to_string(),
                    kinds: s.kinds.clone(),
                    city: s.city.clone(),
                    department: s.department.clone(),
                    distance_km: r.distance_km,
                })
            })
            .collect();
        // Nearest first, by the distance as shown (to the decimal), then by SIRET.
        found.sort_by(|a, b| {
            let key = |t: &ClauseTaker| t.distance_km.map_or(f64::MAX, |d| (d * 10.0).round());
            key(a).total_cmp(&key(b)).then_with(|| a.siret.cmp(&b.siret))
        });
        found.truncate(limit);
        found
    }
}
