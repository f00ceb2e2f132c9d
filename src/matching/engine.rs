//! The engine: candidate generation (text hits, related sectors, the place's départements), the
//! geographic filter, scoring, the reservation filter and the diversity cap, for every lot of a need.

use std::collections::HashMap;

use super::advice::advise;
use super::features::{FeatureTable, SupplierFeatures};
use super::lot::LotProfile;
use super::report::{Excluded, LotMatch, MatchResult};
use super::score::{Reach, ScoreContext, Scored, reach, score};
use super::weights::Weights;
use crate::domain::need::{ALL_RESERVATIONS, EffectiveLot, Need, Reservation};
use crate::domain::{CpvCatalogue, Gazetteer, Supplier, Taxonomy};
use crate::law::eligibility::{eligible_articles, eligible_regimes};
use crate::law::lots::max_turnover_requirement;
use crate::law::reservation::check_ess_repeat_award;
use crate::law::{LawConfig, format_eur};
use crate::search::{IndexContext, IndexError, TextRelevance};

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
}

/// The matching engine over a catalogue snapshot.
#[derive(Debug)]
pub struct Engine {
    table: FeatureTable,
    text: Option<TextRelevance>,
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
        Engine { table, text, gazetteer, cpv, weights, law }
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
        let text = self.text_scores(&profile)?;
        let mut retained: Vec<Ranked> = Vec::new();
        let mut excluded: Vec<(f64, Excluded)> = Vec::new();
        let reservation = profile.reservation();
        let mut counts = [0usize; 5];
        for id in self.candidates(&profile, &text) {
            let row = self.table.row(id);
            let Some(reach) = reach(row, profile.place.as_ref()) else {
                continue;
            };
            let text_score = text.get(&id).copied().unwrap_or(0.0);
            let scored = score(&profile, row, text_score, reach, self.score_context());
            if scored.relatedness > 0.0 {
                for (i, regime) in ALL_RESERVATIONS.iter().enumerate() {
                    counts[i] += usize::from(row.eligible_to(*regime));
                }
            }
            if let Some(regime) = reservation
                && let Err(reason) = self.allowed(need, &profile, row, regime)
            {
                if scored.relatedness > 0.0 {
                    excluded.push((scored.score, excluded_entry(row, reason)));
                }
                continue;
            }
            retained.push(Ranked { id, scored, reach });
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
            excluded: excluded.into_iter().take(EXCLUDED_SAMPLE).map(|(_, e)| e).collect(),
            advice,
        })
    }

    /// Text relevance of the best text hits, scaled so the best is 1.
    fn text_scores(&self, profile: &LotProfile) -> Result<HashMap<u32, f64>, MatchError> {
        let Some(text) = &self.text else {
            return Ok(HashMap::new());
        };
        let ctx = IndexContext { gazetteer: &self.gazetteer, taxonomy: Taxonomy::builtin(), cpv: &self.cpv };
        let hits = text.hits(&profile.query, self.weights.text_candidates, &ctx)?;
        let best = hits.first().map_or(1.0, |(_, s)| f64::from(*s)).max(f64::MIN_POSITIVE);
        Ok(hits
            .into_iter()
            .filter_map(|(siret, s)| self.table.id_of(siret).map(|id| (id, f64::from(s) / best)))
            .collect())
    }

    /// Text hits, suppliers of the lot's sectors, and suppliers located in (or working across) the
    /// lot's départements; every supplier when the lot gives nothing to start from.
    fn candidates(&self, profile: &LotProfile, text: &HashMap<u32, f64>) -> Vec<u32> {
        let mut seen = vec![false; self.table.len()];
        let mut out = Vec::new();
        let mut add = |id: u32, out: &mut Vec<u32>| {
            if let Some(slot) = seen.get_mut(id as usize)
                && !*slot
            {
                *slot = true;
                out.push(id);
            }
        };
        for &id in text.keys() {
            add(id, &mut out);
        }
        for &s in &profile.sectors {
            for &id in self.table.in_sector(s) {
                add(id, &mut out);
            }
        }
        if let Some(place) = &profile.place {
            for d in &place.departments {
                for &id in self.table.in_department(d) {
                    add(id, &mut out);
                }
            }
            for &id in self.table.wide_zone() {
                add(id, &mut out);
            }
        }
        if out.is_empty() {
            out = (0..self.table.len() as u32).collect();
        }
        out
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
        let mut why = ranked.scored.why.clone();
        if let Some(regime) = profile.reservation()
            && let Some(e) = eligibilities.iter().find(|e| e.regime == regime)
        {
            why.insert(0, format!("éligible {} : {}", regime.article(), e.reason));
        }
        if let Some(inferred) = &profile.cpv_inferred {
            why.push(inferred.clone());
        }
        let partners_reason = self.partners_reason(need, profile, row);
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

    /// The size fit (R2142-7): a turnover far below the highest minimum the buyer may require.
    fn partners_reason(&self, need: &Need, profile: &LotProfile, row: &SupplierFeatures) -> Option<String> {
        let value = profile.lot.estimated_value_eur?;
        let revenue = row.supplier.revenue_eur?;
        let contract_type = profile.contract_type?;
        let (cap, rule) =
            max_turnover_requirement(value, contract_type, need.buyer_kind(), need.consultation_date_or_today())?;
        let floor = cap * self.weights.partners_below_share;
        (revenue < floor).then(|| {
            format!(
                "à proposer en groupement : chiffre d'affaires de {} bien inférieur aux {} que l'acheteur peut exiger pour un lot de {} ({} × la valeur, {})",
                format_eur(revenue),
                format_eur(cap),
                format_eur(value),
                rule.value,
                rule.article
            )
        })
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

/// The first `top` of a ranked list with at most `max_per_group` suppliers of one network or group;
/// those held back fill the list only if it would otherwise be short.
fn diversify(ranked: &[Ranked], table: &FeatureTable, max_per_group: usize, top: usize) -> Vec<Ranked> {
    let mut per_group: HashMap<&str, usize> = HashMap::new();
    let mut chosen = Vec::with_capacity(top);
    let mut held_back = Vec::new();
    for r in ranked {
        if chosen.len() >= top {
            break;
        }
        let n = per_group.entry(table.row(r.id).group.as_str()).or_insert(0);
        if *n < max_per_group {
            *n += 1;
            chosen.push(r.clone());
        } else {
            held_back.push(r.clone());
        }
    }
    let missing = top.saturating_sub(chosen.len());
    chosen.extend(held_back.into_iter().take(missing));
    chosen
}
