//! The engine: candidate generation (text hits, related sectors, the place's départements), the
//! geographic filter, scoring, the reservation filter and the diversity cap, for every lot of a need.

use super::advice::advise;
use super::diversity::diversify;
use super::features::{FeatureTable, SupplierFeatures};
use super::lot::LotProfile;
use super::report::{Excluded, LotMatch, MatchResult};
use super::score::{Reach, ScoreContext, Scored, reach, score};
use super::size::partners_reason;
use super::weights::Weights;
use crate::domain::need::{ALL_RESERVATIONS, EffectiveLot, Need, Reservation};
use crate::domain::{CpvCatalogue, Gazetteer, Supplier, Taxonomy};
use crate::law::LawConfig;
use crate::law::eligibility::{eligible_articles, eligible_regimes};
use crate::law::reservation::check_ess_repeat_award;
use crate::search::{DocAddress, IndexContext, IndexError, TextRelevance};

/// Distance from a département's centre to its farthest edge, in kilometres, with a margin: a
/// supplier of that département working within `r` km may reach points `r + DEPARTMENT_SPAN_KM` from
/// the centre.
const DEPARTMENT_SPAN_KM: f64 = 120.0;

/// Suppliers listed in the `excluded` sample of a reserved lot.
pub const EXCLUDED_SAMPLE: usize = 5;

/// What can go wrong while matching.
#[derive(Debug, thiserror::Error)]
pub enum MatchError {
    /// The text index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// A supplier retained for a lot, before the output is built.
#[derive(Debug, Clone)]
pub(crate) struct Ranked {
    /// Feature-table id.
    pub id: u32,
    /// Its score and reasons.
    pub scored: Scored,
    /// How it reaches the place.
    pub reach: Reach,
    /// Its text relevance, in `[0, 1]`.
    pub text: f64,
}

/// The matching engine over a catalogue snapshot.
#[derive(Debug)]
pub struct Engine {
    table: FeatureTable,
    text: Option<TextRelevance>,
    /// The feature-table id of each document of the text snapshot, by segment (`u32::MAX` for none).
    text_ids: Vec<Vec<u32>>,
    gazetteer: Gazetteer,
    cpv: CpvCatalogue,
    weights: Weights,
    law: LawConfig,
}

impl Engine {
    /// An engine over these suppliers; `text` is the index snapshot for text relevance (without it,
    /// the text component is left out).
    pub fn new(
        suppliers: Vec<Supplier>,
        text: Option<TextRelevance>,
        gazetteer: Gazetteer,
        cpv: CpvCatalogue,
        weights: Weights,
        law: LawConfig,
    ) -> Engine {
        let table = FeatureTable::build(suppliers, &gazetteer, Taxonomy::builtin(), &law);
        let mut text_ids: Vec<Vec<u32>> = Vec::new();
        for (address, siret) in text.iter().flat_map(TextRelevance::documents) {
            let (segment, doc) = (address.segment_ord as usize, address.doc_id as usize);
            if text_ids.len() <= segment {
                text_ids.resize(segment + 1, Vec::new());
            }
            if text_ids[segment].len() <= doc {
                text_ids[segment].resize(doc + 1, u32::MAX);
            }
            text_ids[segment][doc] = table.id_of(siret).unwrap_or(u32::MAX);
        }
        Engine { table, text, text_ids, gazetteer, cpv, weights, law }
    }

    /// The weights in use.
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// The legal parameters in use.
    pub fn law(&self) -> &LawConfig {
        &self.law
    }

    /// The feature table.
    pub fn table(&self) -> &FeatureTable {
        &self.table
    }

    /// The gazetteer places are resolved with.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The CPV labels.
    pub fn cpv(&self) -> &CpvCatalogue {
        &self.cpv
    }

    fn score_context(&self) -> ScoreContext<'_> {
        ScoreContext { weights: &self.weights, taxonomy: Taxonomy::builtin(), cpv: &self.cpv }
    }

    /// Matches every lot of a need; `top` results per lot.
    pub fn match_need(&self, need: &Need, top: usize) -> Result<Vec<LotMatch>, MatchError> {
        need.lots().into_iter().map(|lot| self.match_lot(need, lot, top)).collect()
    }

    fn match_lot(&self, need: &Need, lot: EffectiveLot, top: usize) -> Result<LotMatch, MatchError> {
        let profile = LotProfile::new(lot, &self.gazetteer, Taxonomy::builtin(), &self.cpv);
        let near = self.departments_near(&profile);
        let text = self.text_scores(&profile, &near)?;
        let mut retained: Vec<Ranked> = Vec::new();
        let mut excluded: Vec<(f64, u32)> = Vec::new();
        let reservation = profile.reservation();
        let mut counts = [0usize; 5];
        for (id, text_score) in self.candidates(&profile, text, &near) {
            let row = self.table.row(id);
            let Some(reach) = reach(row, profile.place.as_ref()) else {
                continue;
            };
            let scored = score(&profile, row, text_score, reach, self.score_context(), false);
            if scored.relatedness > 0.0 {
                for (i, regime) in ALL_RESERVATIONS.iter().enumerate() {
                    counts[i] += usize::from(row.eligible_to(*regime));
                }
            }
            if let Some(regime) = reservation
                && !self.may_answer(need, &profile, row, regime)
            {
                if scored.relatedness > 0.0 {
                    excluded.push((scored.score, id));
                }
                continue;
            }
            retained.push(Ranked { id, scored, reach, text: text_score });
        }
        retained.sort_by(|a, b| {
            b.scored.score.total_cmp(&a.scored.score).then_with(|| {
                self.table.row(a.id).supplier.siret.as_str().cmp(self.table.row(b.id).supplier.siret.as_str())
            })
        });
        excluded.sort_by(|a, b| b.0.total_cmp(&a.0));
        let max_per_group = ((top as f64 * self.weights.max_group_share).ceil() as usize).max(1);
        let chosen = diversify(&retained, &self.table, max_per_group, top);
        let results: Vec<MatchResult> = chosen.iter().map(|r| self.result(need, &profile, r)).collect();
        let advice = advise(self, need, &profile, &retained, &results, counts);
        Ok(LotMatch {
            need: need.id.clone(),
            lot: profile.lot.id.clone(),
            title: profile.lot.title.clone(),
            reservation: reservation.map(Reservation::keyword),
            cpv: profile.cpv.iter().map(|c| c.as_str().to_string()).collect(),
            cpv_inferred: profile.cpv_inferred.clone(),
            place: profile.place.as_ref().map(|p| p.label.clone()),
            results,
            excluded: excluded
                .into_iter()
                .take(EXCLUDED_SAMPLE)
                .filter_map(|(_, id)| {
                    let row = self.table.row(id);
                    let reason = self.allowed(need, &profile, row, reservation?).err()?;
                    Some(excluded_entry(row, reason))
                })
                .collect(),
            advice,
        })
    }

    /// Text relevance of the best text hits located in `near` (anywhere when empty), scaled so the
    /// best is 1, best first.
    fn text_scores(&self, profile: &LotProfile, near: &[String]) -> Result<Vec<(u32, f64)>, MatchError> {
        let Some(text) = &self.text else {
            return Ok(Vec::new());
        };
        let ctx = IndexContext { gazetteer: &self.gazetteer, taxonomy: Taxonomy::builtin(), cpv: &self.cpv };
        let hits = text.hits(&profile.query, near, self.weights.text_candidates, &ctx)?;
        let best = hits.first().map_or(1.0, |(_, s)| f64::from(*s)).max(f64::MIN_POSITIVE);
        let id_of = |address: DocAddress| {
            let id = *self.text_ids.get(address.segment_ord as usize)?.get(address.doc_id as usize)?;
            (id != u32::MAX).then_some(id)
        };
        Ok(hits.into_iter().filter_map(|(address, s)| id_of(address).map(|id| (id, f64::from(s) / best))).collect())
    }

    /// The départements from which a supplier working within a radius may reach the lot's place: those
    /// whose centre is within the largest radius, the span of a département and the place's own
    /// radius of one of its points (empty when the lot has no place).
    fn departments_near(&self, profile: &LotProfile) -> Vec<String> {
        let Some(place) = &profile.place else {
            return Vec::new();
        };
        let reach_km = self.table.max_radius_km() + DEPARTMENT_SPAN_KM + place.radius_km;
        let mut near = place.departments.clone();
        for d in self.gazetteer.departments() {
            if !near.contains(&d.code) && place.points.iter().any(|p| p.distance_km(d.centre) <= reach_km) {
                near.push(d.code.clone());
            }
        }
        near
    }

    /// Text hits, suppliers of the lot's sectors (those whose zone may reach the place, when it has
    /// one), and suppliers whose trade is unknown located in or working across the lot's territory;
    /// every supplier when the lot gives nothing to start from. Each comes with its text relevance
    /// (`text`, the text hits, are taken first; the others have none).
    fn candidates(&self, profile: &LotProfile, text: Vec<(u32, f64)>, near: &[String]) -> Vec<(u32, f64)> {
        let mut seen = vec![false; self.table.len()];
        let mut out = Vec::new();
        for (id, score) in text {
            if let Some(slot) = seen.get_mut(id as usize)
                && !*slot
            {
                *slot = true;
                out.push((id, score));
            }
        }
        let mut add = |ids: &[u32], out: &mut Vec<(u32, f64)>| {
            for &id in ids {
                if let Some(slot) = seen.get_mut(id as usize)
                    && !*slot
                {
                    *slot = true;
                    out.push((id, 0.0));
                }
            }
        };
        match &profile.place {
            Some(place) => {
                let mut keys: Vec<String> = place.departments.iter().map(|d| format!("d:{d}")).collect();
                keys.extend(place.regions.iter().map(|r| format!("r:{r}")));
                keys.push("n".to_string());
                for &s in &profile.sectors {
                    for d in near {
                        add(self.table.in_sector_and_department(s, d), &mut out);
                    }
                    for key in &keys {
                        add(self.table.in_sector_and_zone(s, key), &mut out);
                    }
                }
                keys.extend(place.departments.iter().map(|d| format!("loc:{d}")));
                for key in &keys {
                    add(self.table.untraded(key), &mut out);
                }
            }
            None => {
                for &s in &profile.sectors {
                    add(self.table.in_sector(s), &mut out);
                }
            }
        }
        if out.is_empty() {
            out = (0..self.table.len() as u32).map(|id| (id, 0.0)).collect();
        }
        out
    }

    /// Whether the supplier may answer the lot reserved under `regime` (the cheap test of every candidate).
    fn may_answer(&self, need: &Need, profile: &LotProfile, row: &SupplierFeatures, regime: Reservation) -> bool {
        if !row.eligible_to(regime) {
            return false;
        }
        let has_awards = need.buyer.as_ref().is_some_and(|b| !b.past_awards.is_empty());
        regime != Reservation::Ess || !has_awards || self.allowed(need, profile, row, regime).is_ok()
    }

    /// Whether the supplier may answer the lot reserved under `regime`, else why not.
    fn allowed(
        &self,
        need: &Need,
        profile: &LotProfile,
        row: &SupplierFeatures,
        regime: Reservation,
    ) -> Result<(), String> {
        if !row.eligible_to(regime) {
            let all = eligible_regimes(&row.supplier.kinds, row.supplier.legal_form.as_deref(), &self.law);
            let reason = all.into_iter().find(|e| e.regime == regime).map(|e| e.reason).unwrap_or_default();
            return Err(format!("exclu du lot réservé {} : {reason}", regime.article()));
        }
        if regime == Reservation::Ess
            && let Some(buyer) = need.buyer.as_ref()
            && let Some(id) = buyer.siret.as_deref().or(buyer.name.as_deref())
        {
            check_ess_repeat_award(
                &row.supplier.siret,
                id,
                &profile.cpv,
                need.consultation_date_or_today(),
                &buyer.past_awards,
                &self.law,
            )
            .map_err(|e| format!("exclu du lot réservé L2113-15 : {e}"))?;
        }
        Ok(())
    }

    fn result(&self, need: &Need, profile: &LotProfile, ranked: &Ranked) -> MatchResult {
        let row = self.table.row(ranked.id);
        let s = &row.supplier;
        let eligibilities = eligible_regimes(&s.kinds, s.legal_form.as_deref(), &self.law);
        let mut why = score(profile, row, ranked.text, ranked.reach, self.score_context(), true).why;
        if let Some(regime) = profile.reservation()
            && let Some(e) = eligibilities.iter().find(|e| e.regime == regime)
        {
            why.insert(0, format!("éligible {} : {}", regime.article(), e.reason));
        }
        if let Some(inferred) = &profile.cpv_inferred {
            why.push(inferred.clone());
        }
        let partners_reason = partners_reason(need, profile, row, self.weights.partners_below_share);
        if let Some(reason) = &partners_reason {
            why.push(reason.clone());
        }
        MatchResult {
            siret: s.siret.as_str().to_string(),
            name: s.display_name().to_string(),
            kinds: s.kinds.iter().map(|k| k.code().to_string()).collect(),
            city: s.city.clone(),
            department: s.department.clone(),
            score: (ranked.scored.score * 1000.0).round() / 1000.0,
            eligible: eligible_articles(&eligibilities),
            distance_km: ranked.reach.distance_km.map(|d| (d * 10.0).round() / 10.0),
            why,
            needs_partners: partners_reason.is_some(),
            partners_reason,
            network: s.networks.first().cloned(),
        }
    }
}

fn excluded_entry(row: &SupplierFeatures, reason: String) -> Excluded {
    Excluded {
        siret: row.supplier.siret.as_str().to_string(),
        name: row.supplier.display_name().to_string(),
        kinds: row.supplier.kinds.iter().map(|k| k.code().to_string()).collect(),
        reason,
    }
}
