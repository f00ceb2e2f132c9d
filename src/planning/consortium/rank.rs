//! Turning a set of members into a described, scored grouping: roles, form, coverage matrix.

use serde::Serialize;

use super::search::{Found, Item};
use crate::law::{FormReason, GroupementForm, suggest_form};
use crate::planning::bits::Bits;
use crate::planning::candidate::Candidate;
use crate::planning::config::PlanningConfig;
use crate::planning::scope::Scope;

/// The role of a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Represents the members towards the buyer and coordinates them (R2142-24).
    Mandataire,
    /// Another member.
    Cotraitant,
}

/// A member of a grouping.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    /// SIRET.
    pub siret: String,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Kinds (`EI/ACI`).
    pub kinds: String,
    /// Turnover, when known.
    pub turnover_eur: Option<f64>,
    /// Required cells (activity × part) it covers.
    pub cells_covered: usize,
}

/// Who covers one activity in one part.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageCell {
    /// Activity key.
    pub activity: String,
    /// Part identifier.
    pub part: String,
    /// Part label.
    pub part_label: String,
    /// SIRETs of the members covering it (empty when uncovered).
    pub members: Vec<String>,
}

/// Something a grouping leaves uncovered.
#[derive(Debug, Clone, PartialEq)]
pub enum Uncovered {
    /// An activity in a part of the perimeter no member covers.
    Cell {
        /// Activity key.
        activity: String,
        /// Activity label.
        activity_label: String,
        /// Part identifier.
        part: String,
        /// Part label.
        part_label: String,
    },
    /// The members' turnovers together stay under what the buyer may require (R2142-7).
    Turnover {
        /// Sum of the members' known turnovers, euros.
        total_eur: f64,
        /// The turnover the buyer may require (1.5 × the lot's value), euros.
        required_eur: f64,
    },
}

/// The parts of the score, each between 0 and 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ScoreDetail {
    /// Required cells covered once only, over all coverings (1 = no overlap).
    pub complementarity: f64,
    /// Mean closeness of members to the perimeter.
    pub proximity: f64,
    /// Local anchoring: the share of the work (required cells covered, counted per member) held by
    /// members based in the perimeter, a member at its edge counting in part
    /// ([`crate::planning::PlanningConfig::anchoring_reach_km`]).
    pub anchoring: f64,
    /// Relevance of the members to the lot, each weighted by its share of the work (the cells it
    /// covers): the specialist doing most of the work counts most.
    pub relevance: f64,
    /// Share of member pairs already tied (same PTCE, network or group).
    pub ties: f64,
}

/// A proposed grouping.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grouping {
    /// Members, mandataire first.
    pub members: Vec<Member>,
    /// SIRET of the mandataire: the member covering most and carrying most (its share of the cells
    /// plus its share of the turnover).
    pub mandataire: String,
    /// The form that fits.
    pub form: GroupementForm,
    /// Why that form (worded by `wording::planning`).
    #[serde(skip)]
    pub form_reason: FormReason,
    /// Who covers what: every required activity × part.
    pub coverage: Vec<CoverageCell>,
    /// What is still missing (empty for a complete grouping; worded by `wording::planning`).
    #[serde(skip)]
    pub uncovered: Vec<Uncovered>,
    /// True when it covers everything and carries the size.
    pub complete: bool,
    /// Sum of the members' known turnovers.
    pub turnover_total_eur: f64,
    /// Score among groupings of the same size, 0 to 1.
    pub score: f64,
    /// The parts of the score.
    pub score_detail: ScoreDetail,
    /// True when found by the exact search, false by the heuristic.
    pub exact: bool,
    /// Partners that could take a cotraitant's place: the proposals that only swapped one partner
    /// of this one, folded into it so that the list shows genuinely different teams.
    pub alternatives: Vec<Alternative>,
}

/// A partner that could replace a cotraitant of a grouping, the rest of the team unchanged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    /// SIRET.
    pub siret: String,
    /// Name.
    pub name: String,
    /// Kinds (`EI/ACI`).
    pub kinds: String,
    /// SIRET of the cotraitant it would replace.
    pub instead_of: String,
}

pub(super) struct Context<'a> {
    pub scope: &'a Scope,
    pub candidates: &'a [Candidate],
    pub items: &'a [Item],
    pub acts: &'a [usize],
    pub parts: &'a [usize],
    pub target: f64,
    pub config: &'a PlanningConfig,
}

/// What ranking needs of a grouping, computed without building its description.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Summary {
    pub complete: bool,
    pub uncovered: usize,
    pub members: usize,
    pub score: f64,
}

impl Summary {
    /// Complete groupings by size; incomplete ones by what they leave uncovered, then by size; then
    /// the higher score.
    pub(super) fn order(&self, other: &Summary) -> std::cmp::Ordering {
        let key = |s: &Summary| (!s.complete, if s.complete { 0 } else { s.uncovered }, s.members);
        key(self).cmp(&key(other)).then(other.score.total_cmp(&self.score))
    }
}

impl Context<'_> {
    /// The ranking figures of a grouping.
    pub(super) fn summary(&self, found: &Found) -> Summary {
        let items: Vec<&Item> = found.members.iter().map(|&m| &self.items[m]).collect();
        let n_cells = self.acts.len() * self.parts.len();
        let mut union = Bits::empty(n_cells);
        items.iter().for_each(|i| union.union_with(&i.cells));
        let short = items.iter().map(|i| i.cap).sum::<f64>() < self.target;
        let uncovered = n_cells - union.count() + usize::from(short);
        Summary {
            complete: uncovered == 0,
            uncovered,
            members: items.len(),
            score: self.score(&self.detail(&items, &union)),
        }
    }

    fn score(&self, detail: &ScoreDetail) -> f64 {
        let w = &self.config.weights;
        let score = w.complementarity * detail.complementarity
            + w.proximity * detail.proximity
            + w.anchoring * detail.anchoring
            + w.relevance * detail.relevance
            + w.ties * detail.ties;
        (score * 1000.0).round() / 1000.0
    }

    /// The full description of a grouping.
    pub(super) fn grouping(&self, found: &Found) -> Grouping {
        let items: Vec<&Item> = found.members.iter().map(|&m| &self.items[m]).collect();
        let n_cells = self.acts.len() * self.parts.len();
        let mut union = Bits::empty(n_cells);
        items.iter().for_each(|i| union.union_with(&i.cells));
        let turnover: f64 = items.iter().map(|i| i.cap).sum();
        let mandataire = self.mandataire(&items, turnover);
        let full = Bits::full(n_cells);
        let size_only = items.iter().any(|i| i.idx == mandataire && i.cells.is_superset(&full)) && items.len() > 1;
        let separable = items.iter().all(|i| {
            let mut others = Bits::empty(n_cells);
            items.iter().filter(|o| o.idx != i.idx).for_each(|o| others.union_with(&o.cells));
            others.count_new(&i.cells) > 0
        });
        let (form, form_reason) = suggest_form(size_only, separable);
        let mut members: Vec<Member> = items.iter().map(|i| self.member(i, mandataire)).collect();
        members.sort_by_key(|m| m.role != Role::Mandataire);
        let (coverage, mut uncovered) = self.matrix(&items);
        if turnover < self.target {
            uncovered.push(Uncovered::Turnover { total_eur: turnover, required_eur: self.target });
        }
        let detail = self.detail(&items, &union);
        let score = self.score(&detail);
        Grouping {
            members,
            mandataire: self.candidates[mandataire].siret.clone(),
            form,
            form_reason,
            coverage,
            complete: uncovered.is_empty(),
            uncovered,
            turnover_total_eur: turnover,
            score,
            score_detail: detail,
            exact: found.exact,
            alternatives: Vec::new(),
        }
    }

    /// The member that covers most and carries most: its share of the required cells plus its share
    /// of the members' turnover (R2142-24: the mandataire represents and coordinates the others, so
    /// a small member covering a little more does not outrank the one carrying the contract).
    fn mandataire(&self, items: &[&Item], turnover: f64) -> usize {
        let cells = (self.acts.len() * self.parts.len()).max(1) as f64;
        let weight = |i: &Item| i.cells.count() as f64 / cells + if turnover > 0.0 { i.cap / turnover } else { 0.0 };
        items
            .iter()
            .max_by(|a, b| {
                weight(a).total_cmp(&weight(b)).then(a.cells.count().cmp(&b.cells.count())).then(b.idx.cmp(&a.idx))
            })
            .map_or(0, |i| i.idx)
    }

    fn member(&self, item: &Item, mandataire: usize) -> Member {
        let c = &self.candidates[item.idx];
        Member {
            siret: c.siret.clone(),
            name: c.name.clone(),
            role: if item.idx == mandataire { Role::Mandataire } else { Role::Cotraitant },
            kinds: c.kind_codes(),
            turnover_eur: c.turnover_eur,
            cells_covered: item.cells.count(),
        }
    }

    fn matrix(&self, items: &[&Item]) -> (Vec<CoverageCell>, Vec<Uncovered>) {
        let mut coverage = Vec::new();
        let mut uncovered = Vec::new();
        for (ai, &a) in self.acts.iter().enumerate() {
            for (pi, &p) in self.parts.iter().enumerate() {
                let cell = ai * self.parts.len() + pi;
                let members: Vec<String> = items
                    .iter()
                    .filter(|i| i.cells.contains(cell))
                    .map(|i| self.candidates[i.idx].siret.clone())
                    .collect();
                let activity = &self.scope.activities[a];
                let part = &self.scope.perimeter.parts[p];
                if members.is_empty() {
                    uncovered.push(Uncovered::Cell {
                        activity: activity.key.clone(),
                        activity_label: activity.label.clone(),
                        part: part.id.clone(),
                        part_label: part.label.clone(),
                    });
                }
                coverage.push(CoverageCell {
                    activity: activity.key.clone(),
                    part: part.id.clone(),
                    part_label: part.label.clone(),
                    members,
                });
            }
        }
        (coverage, uncovered)
    }

    fn detail(&self, items: &[&Item], union: &Bits) -> ScoreDetail {
        let total: usize = items.iter().map(|i| i.cells.count()).sum();
        let complementarity = if total == 0 { 1.0 } else { union.count() as f64 / total as f64 };
        let n = items.len().max(1) as f64;
        let proximity = items.iter().map(|i| i.proximity).sum::<f64>() / n;
        let relevance = if total == 0 {
            items.iter().map(|i| i.relevance).sum::<f64>() / n
        } else {
            items.iter().map(|i| i.relevance * i.cells.count() as f64).sum::<f64>() / total as f64
        };
        let local: f64 = items.iter().map(|i| i.anchoring * i.cells.count() as f64).sum();
        let anchoring = if total == 0 { 0.0 } else { local / total as f64 };
        let mut pairs = 0usize;
        let mut tied = 0usize;
        for (k, a) in items.iter().enumerate() {
            for b in &items[k + 1..] {
                pairs += 1;
                let (ta, tb) = (&self.candidates[a.idx].ties, &self.candidates[b.idx].ties);
                if ta.iter().any(|t| tb.contains(t)) {
                    tied += 1;
                }
            }
        }
        let ties = if pairs == 0 { 0.0 } else { tied as f64 / pairs as f64 };
        ScoreDetail { complementarity, proximity, anchoring, relevance, ties }
    }
}
