//! Consortium (GME) proposals for a lot that no single eligible supplier can serve alone: groupings
//! of ESS suppliers that together do every activity in every part of the perimeter and carry the
//! size (the sum of their turnovers against 1.5 × the lot's value, R2142-7), every member eligible
//! when the lot is reserved. A lot one supplier covers alone gets no grouping: the plan says so.
//!
//! Ranking: complete groupings first, then fewest members, then the score of
//! [`crate::planning::GroupingWeights`] (complementarity, local anchoring, proximity, relevance,
//! existing ties). Distinct alternatives: a proposal that only swaps one partner of a better one is
//! folded into it (the partner is listed as an alternative), so the list shows different teams.
//!
//! A network often starts from partners it already has: the members it names are in every grouping,
//! and the planner proposes whom to add (or says that the named members already cover the lot).

mod rank;
mod search;

use serde::Serialize;

use super::bits::Bits;
use super::candidate::Candidate;
use super::config::PlanningConfig;
use super::coverage::Reach;
use super::scope::Scope;
use crate::domain::geo::GeoPoint;
use crate::law::{GROUPEMENT_RULES, GroupementRule};
use crate::planning::PlanningError;
use crate::planning::allotment::SupplierRef;

pub use rank::{Alternative, CoverageCell, Grouping, Member, Role, ScoreDetail, Uncovered};

/// The consortium proposals for one lot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsortiumPlan {
    /// The lot identifier, `None` for a need without lots.
    pub lot: Option<String>,
    /// The lot's object.
    pub title: String,
    /// Activities required (keys).
    pub activities: Vec<String>,
    /// Their labels, in the same order.
    pub activity_labels: Vec<String>,
    /// Parts of the perimeter required (identifiers).
    pub parts: Vec<String>,
    /// The turnover a grouping must reach together (R2142-7), when the threshold table knows it.
    pub turnover_required_eur: Option<f64>,
    /// Members every grouping must hold, as the user named them (empty when none).
    pub required: Vec<SupplierRef>,
    /// Suppliers that cover the lot alone (then no grouping is proposed).
    pub single_suppliers: Vec<SupplierRef>,
    /// Groupings, best first.
    #[serde(skip)]
    pub groupings: Vec<Grouping>,
    /// Findings (no grouping needed, nothing complete, mandataire rule…), worded by
    /// `wording::planning`.
    #[serde(skip)]
    pub notes: Vec<ConsortiumNote>,
    /// The rules of groupements to keep in mind.
    pub rules: Vec<GroupementRule>,
    /// Candidates eligible to the lot that cover part of it.
    pub candidates_considered: usize,
    /// True when every useful candidate went through the exact search.
    pub exhaustive: bool,
}

/// A finding of the consortium planner about a lot as a whole.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ConsortiumNote {
    /// The threshold table knows no turnover cap (R2142-7) at the consultation date: size unchecked.
    NoTurnoverCap,
    /// `count` eligible suppliers cover the whole lot alone and carry `turnover_required_eur`: no
    /// grouping is needed, none is proposed.
    SingleSuppliersSuffice {
        /// How many.
        count: usize,
        /// The turnover the buyer may require, euros.
        turnover_required_eur: f64,
    },
    /// No eligible supplier covers any part of the lot.
    NoCandidate,
    /// The members the user named cover the whole lot together: nobody else is needed.
    RequiredSuffice,
    /// Every grouping holds the members the user named.
    RequiredInEvery,
    /// No grouping found covers everything: the most complete are shown.
    NoneComplete,
    /// Every combination of 1 to `max_members` of the `useful` suppliers was examined.
    ExactSearch {
        /// The most members tried.
        max_members: usize,
        /// Suppliers useful to the lot.
        useful: usize,
    },
    /// The exact search ran on the `pool` most useful suppliers of `useful`, then a greedy search
    /// with local improvement.
    PartialSearch {
        /// Suppliers the exact search ran on.
        pool: usize,
        /// Suppliers useful to the lot.
        useful: usize,
    },
    /// One supplier is mandataire of several proposals: it may lead only one grouping (R2142-23).
    RepeatedMandataire,
}

/// How much of a candidate's work counts as local (1 based in the perimeter, fading linearly to 0
/// at `reach_km` from the perimeter's nearest commune): a structure at the perimeter's edge hires
/// from the same labour pool as one inside it.
fn anchoring(scope: &Scope, candidate: &Candidate, reach_km: f64) -> f64 {
    if candidate.based_in_perimeter {
        return 1.0;
    }
    match candidate.location.and_then(|site| scope.perimeter.nearest_commune_km(site)) {
        Some(km) if reach_km > 0.0 => (1.0 - km / reach_km).max(0.0),
        _ => 0.0,
    }
}

/// How close a candidate is to the perimeter's centre: 1 there, halving at `half_km`, 0.25 when
/// its site is unknown.
fn proximity(candidate: &Candidate, centre: GeoPoint, half_km: f64) -> f64 {
    candidate.location.map_or(0.25, |p| 1.0 / (1.0 + p.distance_km(centre) / half_km.max(1.0)))
}

/// Proposes groupings for `scope` (one lot) among `candidates`, each holding the candidates whose
/// SIRET is in `required` (none: the planner chooses every member).
///
/// # Errors
/// [`PlanningError::Member`] when a required SIRET is not among the candidates, is not eligible to
/// the lot's reservation, or covers no activity of the lot in any part of its perimeter.
pub fn plan_consortium(
    scope: &Scope,
    candidates: &[Candidate],
    required: &[String],
    config: &PlanningConfig,
) -> Result<ConsortiumPlan, PlanningError> {
    let acts: Vec<usize> = (0..scope.activities.len()).collect();
    let parts: Vec<usize> = (0..scope.perimeter.parts.len()).collect();
    let cap_row = scope.turnover_cap(scope.estimated_value_eur);
    let target = cap_row.map_or(0.0, |(c, _)| c);
    let mut items = Vec::new();
    for (idx, c) in candidates.iter().enumerate() {
        if !c.eligible_to(scope.reservation) {
            continue;
        }
        let cells = Reach::of(scope, c).cells(&acts, &parts);
        if !cells.is_empty() {
            items.push(search::Item {
                idx,
                cells,
                cap: c.capacity(),
                relevance: c.relevance,
                anchoring: anchoring(scope, c, config.anchoring_reach_km),
                proximity: proximity(c, scope.perimeter.centre, config.proximity_half_km),
            });
        }
    }
    let required_items = required_items(scope, candidates, &items, required)?;
    let full = Bits::full(acts.len() * parts.len());
    let mut plan = ConsortiumPlan {
        lot: scope.id.clone(),
        title: scope.title.clone(),
        activities: scope.activities.iter().map(|a| a.key.clone()).collect(),
        activity_labels: scope.activities.iter().map(|a| a.label.clone()).collect(),
        parts: scope.perimeter.parts.iter().map(|p| p.id.clone()).collect(),
        turnover_required_eur: cap_row.map(|(c, _)| c),
        required: required_items.iter().map(|&i| supplier_ref(&candidates[items[i].idx])).collect(),
        single_suppliers: Vec::new(),
        groupings: Vec::new(),
        notes: Vec::new(),
        rules: GROUPEMENT_RULES.to_vec(),
        candidates_considered: items.len(),
        exhaustive: true,
    };
    if cap_row.is_none() {
        plan.notes.push(ConsortiumNote::NoTurnoverCap);
    }
    let mut solo: Vec<&search::Item> = items.iter().filter(|i| i.cells.is_superset(&full) && i.cap >= target).collect();
    if !solo.is_empty() && required_items.is_empty() {
        solo.sort_by(|a, b| b.relevance.total_cmp(&a.relevance).then(b.cap.total_cmp(&a.cap)));
        plan.single_suppliers =
            solo.iter().take(config.max_groupings).map(|i| supplier_ref(&candidates[i.idx])).collect();
        plan.notes.push(ConsortiumNote::SingleSuppliersSuffice { count: solo.len(), turnover_required_eur: target });
        return Ok(plan);
    }
    let problem = search::Problem { items: &items, full, target, required: &required_items };
    let (found, stats) = search::search(&problem, config);
    plan.exhaustive = stats.exhaustive;
    let ctx = rank::Context { scope, candidates, items: &items, acts: &acts, parts: &parts, target, config };
    let mut ranked: Vec<(rank::Summary, &search::Found)> = found.iter().map(|f| (ctx.summary(f), f)).collect();
    ranked.sort_by(|a, b| a.0.order(&b.0));
    let required_sirets: Vec<&str> = plan.required.iter().map(|r| r.siret.as_str()).collect();
    let groupings = distinct(ranked.iter().map(|(_, f)| ctx.grouping(f)), &required_sirets, config);
    plan.notes.extend(notes(&groupings, &stats, items.len(), &plan.required, config));
    plan.groupings = groupings;
    Ok(plan)
}

/// The items of the required SIRETs, each checked: among the candidates, eligible, covering a part
/// of the lot. A SIRET named twice counts once.
fn required_items(
    scope: &Scope,
    candidates: &[Candidate],
    items: &[search::Item],
    required: &[String],
) -> Result<Vec<usize>, PlanningError> {
    let mut out: Vec<usize> = Vec::new();
    for siret in required {
        let member_error = |message: String| PlanningError::Member { siret: siret.clone(), message };
        let Some(idx) = candidates.iter().position(|c| c.siret == *siret) else {
            return Err(member_error("absent des structures candidates pour ce lot".to_string()));
        };
        let c = &candidates[idx];
        if !c.eligible_to(scope.reservation) {
            let article = scope.reservation.map_or("", |r| r.article());
            return Err(member_error(format!("{} n'est pas éligible à la réservation du lot ({article})", c.name)));
        }
        let Some(item) = items.iter().position(|i| i.idx == idx) else {
            let message = if c.activities.is_empty() {
                let labels: Vec<&str> = scope.activities.iter().map(|a| a.label.as_str()).collect();
                format!("{} ne fait aucune des activités du lot ({})", c.name, labels.join(", "))
            } else if c.parts.is_empty() {
                format!("{} n'intervient dans aucune partie du périmètre du lot", c.name)
            } else {
                format!("{} ne fait aucune activité du lot dans les parties du périmètre qu'il atteint", c.name)
            };
            return Err(member_error(message));
        };
        if !out.contains(&item) {
            out.push(item);
        }
    }
    Ok(out)
}

/// The first `max_groupings` distinct teams in rank order. A grouping with the same mandataire as
/// a team already shown that only swaps one of its cotraitants (required members are never swapped)
/// is folded into it: the new partner is listed among the team's alternatives. A grouping made only
/// of a shown team's members and alternatives is folded too: it is a combination already offered.
fn distinct(ranked: impl Iterator<Item = Grouping>, required: &[&str], config: &PlanningConfig) -> Vec<Grouping> {
    let mut out: Vec<Grouping> = Vec::new();
    for g in ranked {
        if out.len() >= config.max_groupings {
            break;
        }
        if let Some(team) = out.iter_mut().find(|t| t.mandataire == g.mandataire && folds_into(&g, t, required)) {
            let swapped_out = team.members.iter().find(|m| !g.members.iter().any(|n| n.siret == m.siret));
            let swapped_in = g.members.iter().find(|m| !team.members.iter().any(|n| n.siret == m.siret));
            if let (Some(out_member), Some(in_member)) = (swapped_out, swapped_in)
                && !team.alternatives.iter().any(|a| a.siret == in_member.siret)
                && team.alternatives.len() < config.max_alternatives
            {
                team.alternatives.push(Alternative {
                    siret: in_member.siret.clone(),
                    name: in_member.name.clone(),
                    kinds: in_member.kinds.clone(),
                    instead_of: out_member.siret.clone(),
                });
            }
            continue;
        }
        out.push(g);
    }
    out
}

/// True when `g` only swaps one cotraitant of `team` (not a required member) for a partner doing
/// the same work (the same cells), or holds only members and alternatives of `team`.
fn folds_into(g: &Grouping, team: &Grouping, required: &[&str]) -> bool {
    let in_team = |siret: &str| team.members.iter().any(|m| m.siret == siret);
    let new: Vec<&Member> = g.members.iter().filter(|m| !in_team(&m.siret)).collect();
    let gone: Vec<&Member> = team.members.iter().filter(|m| !g.members.iter().any(|n| n.siret == m.siret)).collect();
    let one_swap = new.len() == 1
        && gone.len() == 1
        && gone[0].role == Role::Cotraitant
        && !required.contains(&gone[0].siret.as_str())
        && cells_of(g, &new[0].siret) == cells_of(team, &gone[0].siret);
    let offered = g.members.len() == team.members.len()
        && new.iter().all(|m| team.alternatives.iter().any(|a| a.siret == m.siret));
    one_swap || offered
}

/// The cells (activity, part) a member covers in a grouping.
fn cells_of<'a>(g: &'a Grouping, siret: &str) -> Vec<(&'a str, &'a str)> {
    g.coverage
        .iter()
        .filter(|c| c.members.iter().any(|m| m == siret))
        .map(|c| (c.activity.as_str(), c.part.as_str()))
        .collect()
}

fn notes(
    groupings: &[Grouping],
    stats: &search::Stats,
    considered: usize,
    required: &[SupplierRef],
    config: &PlanningConfig,
) -> Vec<ConsortiumNote> {
    if considered == 0 {
        return vec![ConsortiumNote::NoCandidate];
    }
    let mut out = Vec::new();
    if !required.is_empty() {
        let only_them = groupings.len() == 1 && groupings[0].members.len() == required.len();
        out.push(if only_them && groupings[0].complete {
            ConsortiumNote::RequiredSuffice
        } else {
            ConsortiumNote::RequiredInEvery
        });
        if only_them {
            return out;
        }
    }
    if !groupings.iter().any(|g| g.complete) {
        out.push(ConsortiumNote::NoneComplete);
    }
    out.push(if stats.exhaustive {
        ConsortiumNote::ExactSearch { max_members: config.max_members_exact, useful: stats.kept }
    } else {
        ConsortiumNote::PartialSearch { pool: stats.pool, useful: stats.kept }
    });
    let mut mandataires: Vec<&str> = groupings.iter().map(|g| g.mandataire.as_str()).collect();
    mandataires.sort_unstable();
    if mandataires.windows(2).any(|w| w[0] == w[1]) {
        out.push(ConsortiumNote::RepeatedMandataire);
    }
    out
}

pub(super) fn supplier_ref(c: &Candidate) -> SupplierRef {
    SupplierRef {
        siret: c.siret.clone(),
        name: c.name.clone(),
        kinds: c.kind_codes(),
        eligible: c.articles(),
        relevance: c.relevance,
    }
}
