//! The engine: candidate generation (text hits, related sectors, the place's départements), the
//! geographic filter, scoring, the reservation filter and the diversity cap, for every lot of a need.

use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;

use super::advice::CompetitionTally;
use super::advice::advise;
use super::diversity::diversify;
use super::features::{FeatureTable, SupplierFeatures};
use super::lot::{LotPlace, LotProfile};
use super::order::{IdSet, able_first, best_first};
use super::report::{Excluded, Exclusion, LotMatch, MatchResult, Reason, Relevance};
use super::score::{Reach, ScoreContext, Scored, TextMatch, TradeScore, reach, score};
use super::size::partners_need;
use super::weights::Weights;
use crate::domain::geo::{Chord, UnitVector};
use crate::domain::need::{EffectiveLot, Need, Reservation};
use crate::domain::{ContractType, CpvCatalogue, Gazetteer, Supplier, Taxonomy};
use crate::law::LawConfig;
use crate::law::eligibility::eligible_regimes;
use crate::law::reservation::check_ess_repeat_award;
use crate::law::value::lot_contract_types;
use crate::search::{DocAddress, IndexContext, IndexError, TextRelevance};

/// Distance from a département's centre to its farthest edge, in kilometres, with a margin: a
/// supplier of that département working within `r` km may reach points `r + DEPARTMENT_SPAN_KM` from
/// the centre.
const DEPARTMENT_SPAN_KM: f64 = 120.0;

/// How many suppliers per place asked for the diversity cap orders first: it reads further only when
/// one network or group holds too many of them.
const DIVERSITY_READ: usize = 4;

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
    /// Its score.
    pub score: f64,
    /// How sure it is that it does the lot's work.
    pub relevance: Relevance,
    /// How it reaches the place.
    pub reach: Reach,
    /// Its text relevance.
    pub text: TextMatch,
}

/// The matching engine over a catalogue snapshot.
#[derive(Debug)]
pub struct Engine {
    table: FeatureTable,
    text: Option<TextRelevance>,
    /// The feature-table id of each document of the text snapshot, by segment (`u32::MAX` for none).
    text_ids: Vec<Vec<u32>>,
    /// Borrowed when it is the built-in one (it holds every commune: no copy per engine).
    gazetteer: Cow<'static, Gazetteer>,
    /// Each département's code and centre, for the text search near a place.
    department_centres: Vec<(String, UnitVector)>,
    cpv: CpvCatalogue,
    weights: Weights,
    law: LawConfig,
}

/// A supplier ranked for a lot: its feature-table id, its score and how sure it is that it does the work.
pub type RankedId = (u32, f64, Relevance);

impl Engine {
    /// An engine over these suppliers; `text` is the index snapshot for text relevance (without it,
    /// the text component is left out).
    pub fn new(
        suppliers: Vec<Supplier>,
        text: Option<TextRelevance>,
        gazetteer: Cow<'static, Gazetteer>,
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
        let department_centres =
            gazetteer.departments().iter().map(|d| (d.code.clone(), d.centre.unit_vector())).collect();
        Engine { table, text, text_ids, gazetteer, department_centres, cpv, weights, law }
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
        ScoreContext { weights: &self.weights, taxonomy: Taxonomy::builtin() }
    }

    /// Matches every lot of a need; `top` results per lot.
    pub fn match_need(&self, need: &Need, top: usize) -> Result<Vec<LotMatch>, MatchError> {
        let lot_types = lot_contract_types(need);
        need.lots().into_iter().map(|lot| self.match_lot(need, &lot_types, lot, top)).collect()
    }

    fn match_lot(
        &self,
        need: &Need,
        lot_types: &[Option<ContractType>],
        lot: EffectiveLot,
        top: usize,
    ) -> Result<LotMatch, MatchError> {
        let profile = LotProfile::new(lot, &self.gazetteer, Taxonomy::builtin(), &self.cpv);
        let reservation = profile.reservation();
        let mut excluded: Vec<(f64, u32)> = Vec::new();
        let mut tally = CompetitionTally::default();
        let mut retained = self.reaching(&profile, |id, row, scored| {
            let able = scored.relevance != Relevance::Nearby;
            if able {
                tally.add(self.table.legal_unit(id), row.regimes, scored.relevance == Relevance::Presumed);
            }
            if let Some(regime) = reservation
                && !self.may_answer(need, &profile, row, regime)
            {
                if able {
                    excluded.push((scored.score, id));
                }
                return false;
            }
            true
        })?;
        best_first(&mut excluded, EXCLUDED_SAMPLE, |a, b| self.order((a.0, a.1), (b.0, b.1)));
        let split = able_first(&mut retained);
        let (able, nearby) = retained.split_at_mut(split);
        let chosen = self.diversified(able, top);
        let results: Vec<MatchResult> = chosen.iter().map(|r| self.result(need, &profile, r)).collect();
        let sample = self.weights.nearby_sample.min(top);
        self.best_first(nearby, sample);
        let nearby: Vec<MatchResult> = nearby.iter().take(sample).map(|r| self.result(need, &profile, r)).collect();
        let advice = advise(self, need, &profile, able, &results, tally.counts(), lot_types);
        Ok(LotMatch {
            need: need.id.clone(),
            lot: profile.lot.id.clone(),
            title: profile.lot.title.clone(),
            reservation,
            cpv: profile.cpv.clone(),
            cpv_inferred: profile.cpv_inferred.clone(),
            place: profile.place.as_ref().map(|p| p.label.clone()),
            place_given: profile.place.as_ref().and_then(|p| p.given.clone()),
            results,
            nearby,
            excluded: excluded
                .into_iter()
                .take(EXCLUDED_SAMPLE)
                .filter_map(|(_, id)| {
                    let row = self.table.row(id);
                    let regime = reservation?;
                    let why = self.allowed(need, &profile, row, regime).err()?;
                    Some(excluded_entry(row, regime, why))
                })
                .collect(),
            advice,
        })
    }

    /// The suppliers that reach the lot's place and are able to do its work (stated or presumed),
    /// ranked for it without any reservation (the planner's sourcing), best first: at most `top`, and
    /// at most the configured share of them from one network or legal unit. Each comes with its
    /// feature-table id, its score and how sure it is that it does the work.
    pub fn rank(&self, profile: &LotProfile, top: usize) -> Result<Vec<RankedId>, MatchError> {
        let mut able = self.reaching(profile, |_, _, scored| scored.relevance != Relevance::Nearby)?;
        Ok(self.ranked_ids(&mut able, top))
    }

    /// The first `top` of the suppliers able to do a lot's work, under the diversity cap, as ids.
    fn ranked_ids(&self, able: &mut [Ranked], top: usize) -> Vec<RankedId> {
        self.diversified(able, top).into_iter().map(|r| (r.id, r.score, r.relevance)).collect()
    }

    /// [`Engine::rank`] of one lot at each of `places` in turn (the parts of a perimeter), one list per
    /// place. The places near the same départements share one text search and one pass over their
    /// candidates, which scores each supplier's trade once ([`TradeScore`]) and leaves out suppliers of
    /// other work; each place then measures the reach of the others only.
    pub fn rank_at_each(
        &self,
        profile: &LotProfile,
        places: &[LotPlace],
        top: usize,
    ) -> Result<Vec<Vec<RankedId>>, MatchError> {
        // The trade and place parts of the score only ask whether the lot has a place: any will do.
        let mut at = profile.clone();
        at.place = places.first().cloned();
        let mut groups: Vec<(Vec<String>, Vec<usize>)> = Vec::new();
        for (i, place) in places.iter().enumerate() {
            let near = self.departments_near(Some(place));
            match groups.iter_mut().find(|(known, _)| *known == near) {
                Some((_, members)) => members.push(i),
                None => groups.push((near, vec![i])),
            }
        }
        let mut lists = vec![Vec::new(); places.len()];
        // The trade part of the suppliers without text relevance, the same in every group.
        let mut textless: FxHashMap<u32, Option<TradeScore>> = FxHashMap::default();
        let nears: Vec<Vec<String>> = groups.iter().map(|(near, _)| near.clone()).collect();
        let texts = self.text_scores_each(profile, &nears)?;
        for ((_, members), text) in groups.into_iter().zip(texts) {
            let mut set = IdSet::new(self.table.len());
            let mut text_of: FxHashMap<u32, TextMatch> =
                FxHashMap::with_capacity_and_hasher(text.len(), Default::default());
            for (id, hit) in text {
                set.insert(id);
                text_of.entry(id).and_modify(|best| *best = best.or(hit)).or_insert(hit);
            }
            for &i in &members {
                self.table.may_reach(&places[i].reachable, |id| set.insert(id));
            }
            let trades: Vec<(u32, TextMatch, TradeScore)> = set
                .iter()
                .filter_map(|id| {
                    let text = text_of.get(&id).copied().unwrap_or_default();
                    let of = || {
                        let trade = TradeScore::of(&at, self.table.row(id), text, self.score_context());
                        (trade.relevance != Relevance::Nearby).then_some(trade)
                    };
                    let trade = if text.share > 0.0 { of() } else { *textless.entry(id).or_insert_with(of) };
                    trade.map(|trade| (id, text, trade))
                })
                .collect();
            let mut able: Vec<Ranked> = Vec::with_capacity(trades.len());
            for i in members {
                able.clear();
                able.extend(trades.iter().filter_map(|&(id, text, trade)| {
                    let row = self.table.row(id);
                    let reach = reach(row, Some(&places[i]))?;
                    let score = trade.at(&at, row, reach, &self.weights);
                    Some(Ranked { id, score, relevance: trade.relevance, reach, text })
                }));
                lists[i] = self.ranked_ids(&mut able, top);
            }
        }
        Ok(lists)
    }

    /// Every candidate that reaches the lot's place and that `keep` keeps, scored without
    /// explanations, in no order ([`Engine::best_first`] orders the part that is read).
    pub(crate) fn reaching(
        &self,
        profile: &LotProfile,
        keep: impl FnMut(u32, &SupplierFeatures, &Scored) -> bool,
    ) -> Result<Vec<Ranked>, MatchError> {
        let near = self.departments_near(profile.place.as_ref());
        let text = self.text_scores(profile, &near)?;
        Ok(self.reaching_with(profile, text, keep))
    }

    /// [`Engine::reaching`] with the text relevance of the lot near its place already searched.
    fn reaching_with(
        &self,
        profile: &LotProfile,
        text: Vec<(u32, TextMatch)>,
        mut keep: impl FnMut(u32, &SupplierFeatures, &Scored) -> bool,
    ) -> Vec<Ranked> {
        let mut retained: Vec<Ranked> = Vec::new();
        for (id, text_score) in self.candidates(profile, text) {
            let row = self.table.row(id);
            let Some(reach) = reach(row, profile.place.as_ref()) else {
                continue;
            };
            let scored = score(profile, row, text_score, reach, self.score_context(), false);
            if keep(id, row, &scored) {
                retained.push(Ranked { id, score: scored.score, relevance: scored.relevance, reach, text: text_score });
            }
        }
        retained
    }

    /// Puts the `n` best of `ranked` first, best first (ties by SIRET); the rest stay in no order.
    pub(crate) fn best_first(&self, ranked: &mut [Ranked], n: usize) {
        best_first(ranked, n, |a, b| self.order((a.score, a.id), (b.score, b.id)));
    }

    /// The order of ranked suppliers, each (score, id): higher score first, then lower SIRET.
    fn order(&self, a: (f64, u32), b: (f64, u32)) -> std::cmp::Ordering {
        b.0.total_cmp(&a.0).then_with(|| self.table.siret_order(a.1).cmp(&self.table.siret_order(b.1)))
    }

    /// The first `top` of a ranked list under the diversity cap. Only the best part of the list is
    /// ordered, unless the cap holds back so many that the rest must be read too.
    fn diversified(&self, ranked: &mut [Ranked], top: usize) -> Vec<Ranked> {
        let max_per_group = ((top as f64 * self.weights.max_group_share).ceil() as usize).max(1);
        let read = (top * DIVERSITY_READ).min(ranked.len());
        self.best_first(ranked, read);
        if let Some(chosen) = diversify(&ranked[..read], &self.table, max_per_group, top, read == ranked.len()) {
            return chosen;
        }
        self.best_first(ranked, ranked.len());
        diversify(ranked, &self.table, max_per_group, top, true).unwrap_or_default()
    }

    /// Text relevance of the best text hits located in `near` (anywhere when empty), best first.
    fn text_scores(&self, profile: &LotProfile, near: &[String]) -> Result<Vec<(u32, TextMatch)>, MatchError> {
        Ok(self.text_scores_each(profile, std::slice::from_ref(&near.to_vec()))?.pop().unwrap_or_default())
    }

    /// [`Engine::text_scores`] near each set of départements, the index read once for all.
    /// The lot's words are searched once; when some of them name its place, the other words are
    /// searched again, for the evidence ([`TextMatch::evidence`]).
    fn text_scores_each(
        &self,
        profile: &LotProfile,
        nears: &[Vec<String>],
    ) -> Result<Vec<Vec<(u32, TextMatch)>>, MatchError> {
        let Some(text) = &self.text else {
            return Ok(vec![Vec::new(); nears.len()]);
        };
        let ctx = IndexContext { gazetteer: &self.gazetteer, taxonomy: Taxonomy::builtin(), cpv: &self.cpv };
        let limit = self.weights.text_candidates;
        let shares = |query: &str| -> Result<Vec<Vec<(u32, f64)>>, MatchError> {
            Ok(text.hits_each(query, nears, limit, &ctx)?.into_iter().map(|hits| self.scaled(hits)).collect())
        };
        let lists = shares(&profile.query)?;
        let threshold = self.weights.text_evidence;
        let Some(trade_query) = &profile.trade_query else {
            let evidence = |(id, share): (u32, f64)| (id, TextMatch { share, evidence: share >= threshold });
            return Ok(lists.into_iter().map(|hits| hits.into_iter().map(evidence).collect()).collect());
        };
        let trade_lists = shares(trade_query)?;
        Ok(lists
            .into_iter()
            .zip(trade_lists)
            .map(|(hits, trade)| {
                let stated: FxHashSet<u32> =
                    trade.into_iter().filter(|(_, s)| *s >= threshold).map(|(id, _)| id).collect();
                hits.into_iter().map(|(id, share)| (id, TextMatch { share, evidence: stated.contains(&id) })).collect()
            })
            .collect())
    }

    /// Text hits as feature-table ids, each scaled so the best is 1.
    fn scaled(&self, hits: Vec<(DocAddress, f32)>) -> Vec<(u32, f64)> {
        let id_of = |address: DocAddress| {
            let id = *self.text_ids.get(address.segment_ord as usize)?.get(address.doc_id as usize)?;
            (id != u32::MAX).then_some(id)
        };
        let best = hits.first().map_or(1.0, |(_, s)| f64::from(*s)).max(f64::MIN_POSITIVE);
        hits.into_iter().filter_map(|(address, s)| id_of(address).map(|id| (id, f64::from(s) / best))).collect()
    }

    /// The départements from which a supplier working within a radius may reach the lot's place: those
    /// whose centre is within the largest radius, the span of a département and the place's own
    /// radius of one of its points (empty when the lot has no place).
    fn departments_near(&self, place: Option<&LotPlace>) -> Vec<String> {
        let Some(place) = place else {
            return Vec::new();
        };
        let reach = Chord::of_km(self.table.max_radius_km() + DEPARTMENT_SPAN_KM + place.radius_km);
        let points: Vec<UnitVector> = place.points.iter().map(|p| p.unit_vector()).collect();
        let mut near = place.departments.clone();
        for (code, centre) in &self.department_centres {
            if points.iter().any(|p| p.chord(*centre) <= reach) && !near.contains(code) {
                near.push(code.clone());
            }
        }
        near
    }

    /// The candidates of a lot, each with its text relevance (0 for those the text did not find). With a place, every supplier that may reach it is a candidate — located in a
    /// département near it or working across its territory — whatever its records say: text, CPV
    /// codes and sectors order them, they do not gate them (most real records say little). Without a
    /// place, the suppliers of the lot's sectors; every supplier when the lot gives nothing to start from.
    fn candidates(&self, profile: &LotProfile, mut text: Vec<(u32, TextMatch)>) -> Vec<(u32, TextMatch)> {
        let mut set = IdSet::new(self.table.len());
        for &(id, _) in &text {
            set.insert(id);
        }
        match &profile.place {
            Some(place) => self.table.may_reach(&place.reachable, |id| set.insert(id)),
            None => {
                for &s in &profile.sectors {
                    self.table.in_sector(s).iter().for_each(|&id| set.insert(id));
                }
                if set.is_empty() {
                    (0..self.table.len() as u32).for_each(|id| set.insert(id));
                }
            }
        }
        // In the table's order, which keeps neighbours together: read in turn, they are read faster.
        text.sort_unstable_by_key(|(id, _)| *id);
        let mut hits = text.into_iter().peekable();
        set.iter()
            .map(|id| {
                let mut found = TextMatch::default();
                while let Some(&(hit, text)) = hits.peek()
                    && hit <= id
                {
                    if hit == id {
                        found = found.or(text);
                    }
                    hits.next();
                }
                (id, found)
            })
            .collect()
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
    ) -> Result<(), Exclusion> {
        if !row.eligible_to(regime) {
            let all = eligible_regimes(&row.supplier.kinds, row.supplier.legal_form.as_deref(), &self.law);
            if let Some(e) = all.into_iter().find(|e| e.regime == regime) {
                return Err(Exclusion::NotEligible(e));
            }
        }
        if regime == Reservation::Ess
            && let Some(buyer) = need.buyer.as_ref()
            && let Some(id) = buyer.siret.as_deref().or(buyer.name.as_deref())
        {
            check_ess_repeat_award(
                &row.supplier.siret,
                id,
                &profile.cpv,
                need.consultation_date,
                &buyer.past_awards,
                &self.law,
            )
            .map_err(|e| Exclusion::RecentAward(e.to_string()))?;
        }
        Ok(())
    }

    fn result(&self, need: &Need, profile: &LotProfile, ranked: &Ranked) -> MatchResult {
        let row = self.table.row(ranked.id);
        let s = &row.supplier;
        let eligibilities = eligible_regimes(&s.kinds, s.legal_form.as_deref(), &self.law);
        let scored = score(profile, row, ranked.text, ranked.reach, self.score_context(), true);
        let mut reasons = scored.reasons;
        if let Some(regime) = profile.reservation()
            && let Some(e) = eligibilities.iter().find(|e| e.regime == regime)
        {
            reasons.insert(0, Reason::Eligible(e.clone()));
        }
        if let Some(inferred) = &profile.cpv_inferred {
            reasons.push(Reason::CpvInferred(inferred.clone()));
        }
        let needs_partners = partners_need(need, profile, row, self.weights.partners_below_share);
        if let Some(partners) = &needs_partners {
            reasons.push(Reason::NeedsPartners(partners.clone()));
        }
        MatchResult {
            siret: s.siret.as_str().to_string(),
            name: s.display_name().to_string(),
            kinds: s.kinds.clone(),
            city: s.city.clone(),
            department: s.department.clone(),
            score: scored.score,
            detail: scored.detail,
            relevance: scored.relevance,
            eligible: eligibilities.iter().filter(|e| e.eligible).map(|e| e.regime).collect(),
            distance_km: ranked.reach.distance_km,
            reasons,
            needs_partners,
            network: s.networks.first().cloned(),
        }
    }
}

fn excluded_entry(row: &SupplierFeatures, regime: Reservation, why: Exclusion) -> Excluded {
    Excluded {
        siret: row.supplier.siret.as_str().to_string(),
        name: row.supplier.display_name().to_string(),
        kinds: row.supplier.kinds.clone(),
        regime,
        why,
    }
}

impl crate::error::Classified for MatchError {
    /// Matching fails only when the index does.
    fn blame(&self) -> crate::error::Blame {
        crate::error::Blame::Internal
    }
}
