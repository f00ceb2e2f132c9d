//! Finding groupings that cover every required cell (activity × part) and carry the size.
//!
//! 1. Candidates are ordered by usefulness (share of the cells they cover, share of the turnover
//!    they carry, a little relevance). None is dropped as "dominated": two small suppliers covering
//!    the same towns may both be needed to carry the size.
//! 2. Exact search: among the `exact_pool` most useful candidates — chosen so that every cell keeps
//!    at least one of its coverers when possible — every combination of up to `max_members_exact`
//!    members is tried, and each *minimal* complete grouping (no member can be removed) is kept.
//! 3. Heuristic, when the exact pool did not hold every candidate or found nothing: greedy set cover
//!    seeded by each of the `heuristic_seeds` most useful candidates (add the member bringing the most
//!    new cells and missing turnover), then local improvement (drop members that became redundant,
//!    then swap a member for an outsider when that keeps the grouping complete with less overlap).
//!    It may return groupings of more than five members, and incomplete ones when nothing covers all.
//!
//! Members the user requires (a network starting from partners it already has) are in every
//! grouping: the search adds members to them, and minimality applies to the added members only.

use crate::planning::bits::Bits;
use crate::planning::config::PlanningConfig;

/// Most complete groupings kept from the exact search.
const MAX_EXACT_RESULTS: usize = 5_000;
/// Outsiders tried in each swap of the local improvement.
const SWAP_CANDIDATES: usize = 50;

/// A candidate as the search sees it.
#[derive(Debug, Clone)]
pub(super) struct Item {
    /// Index into the candidates.
    pub idx: usize,
    /// Required cells it covers.
    pub cells: Bits,
    /// Turnover it brings (0 when unknown).
    pub cap: f64,
    /// Relevance, 0 to 1.
    pub relevance: f64,
    /// How local it is, 0 to 1 (1 based in the perimeter).
    pub anchoring: f64,
    /// How close it is to the perimeter's centre, 0 to 1.
    pub proximity: f64,
}

/// A grouping found: indices into the items, and whether the exact search found it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Found {
    pub members: Vec<usize>,
    pub exact: bool,
}

/// What the search did, for the report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Stats {
    /// Candidates searched (covering at least one required cell).
    pub kept: usize,
    /// Candidates in the exact pool.
    pub pool: usize,
    /// True when the exact pool held every kept candidate.
    pub exhaustive: bool,
    /// True when the heuristic ran.
    pub heuristic: bool,
}

/// The problem: items, the full set of cells, the turnover to reach, the items every grouping holds.
pub(super) struct Problem<'a> {
    pub items: &'a [Item],
    pub full: Bits,
    pub target: f64,
    pub required: &'a [usize],
}

impl Problem<'_> {
    fn usefulness(&self, i: usize) -> f64 {
        let it = &self.items[i];
        let cells = it.cells.count() as f64 / self.full.count().max(1) as f64;
        let size = if self.target > 0.0 { (it.cap / self.target).min(1.0) } else { 1.0 };
        cells + size + 0.1 * it.relevance
    }

    fn complete(&self, members: &[usize]) -> bool {
        let mut union = Bits::empty(self.full.count());
        for &m in members {
            union.union_with(&self.items[m].cells);
        }
        union.is_superset(&self.full) && self.cap(members) >= self.target
    }

    fn cap(&self, members: &[usize]) -> f64 {
        members.iter().map(|&m| self.items[m].cap).sum()
    }

    /// True when no added member can be removed (required members stay whatever they bring).
    fn minimal(&self, members: &[usize]) -> bool {
        (0..members.len()).filter(|&k| !self.required.contains(&members[k])).all(|skip| {
            let others: Vec<usize> = members.iter().enumerate().filter(|(k, _)| *k != skip).map(|(_, &m)| m).collect();
            !self.complete(&others)
        })
    }

    fn overlap(&self, members: &[usize]) -> usize {
        members.iter().map(|&m| self.items[m].cells.count()).sum()
    }
}

/// Runs the search.
pub(super) fn search(problem: &Problem, config: &PlanningConfig) -> (Vec<Found>, Stats) {
    let required = problem.required;
    let mut kept: Vec<usize> = (0..problem.items.len()).filter(|i| !required.contains(i)).collect();
    kept.sort_by(|&a, &b| problem.usefulness(b).total_cmp(&problem.usefulness(a)).then(a.cmp(&b)));
    if !required.is_empty() && problem.complete(required) {
        let found = vec![Found { members: required.to_vec(), exact: true }];
        return (found, Stats { kept: kept.len(), pool: 0, exhaustive: true, heuristic: false });
    }
    let mut start = Bits::empty(problem.full.count());
    required.iter().for_each(|&r| start.union_with(&problem.items[r].cells));
    let pool = exact_pool(problem, &kept, &start, config.exact_pool);
    let mut found = Vec::new();
    let max = config.max_members_exact.max(required.len() + 1);
    let mut unions = vec![Bits::empty(problem.full.count()); max + 1];
    unions[required.len()] = start;
    let mut chosen = required.to_vec();
    dfs(problem, &pool, 0, &mut chosen, &mut unions, problem.cap(required), max, &mut found);
    let exhaustive = pool.len() == kept.len();
    let heuristic = !exhaustive || found.is_empty();
    if heuristic {
        for &seed in kept.iter().take(config.heuristic_seeds.max(1)) {
            let members = improve(problem, &kept, greedy(problem, &kept, seed));
            let mut sorted = members.clone();
            sorted.sort_unstable();
            if !found.iter().any(|f: &Found| sorted_eq(&f.members, &sorted)) {
                found.push(Found { members, exact: false });
            }
        }
    }
    (found, Stats { kept: kept.len(), pool: pool.len(), exhaustive, heuristic })
}

fn sorted_eq(a: &[usize], sorted_b: &[usize]) -> bool {
    let mut a = a.to_vec();
    a.sort_unstable();
    a == sorted_b
}

/// The most useful kept items, with the best coverer of each cell not `covered` yet first so that
/// rare cells stay coverable.
fn exact_pool(problem: &Problem, kept: &[usize], covered: &Bits, size: usize) -> Vec<usize> {
    let mut pool: Vec<usize> = Vec::new();
    for cell in 0..problem.full.count() {
        if pool.len() >= size {
            break;
        }
        if covered.contains(cell) || pool.iter().any(|&p| problem.items[p].cells.contains(cell)) {
            continue;
        }
        if let Some(&best) = kept.iter().find(|&&k| problem.items[k].cells.contains(cell)) {
            pool.push(best);
        }
    }
    for &k in kept {
        if pool.len() >= size {
            break;
        }
        if !pool.contains(&k) {
            pool.push(k);
        }
    }
    pool
}

#[allow(clippy::too_many_arguments)]
fn dfs(
    problem: &Problem,
    pool: &[usize],
    start: usize,
    chosen: &mut Vec<usize>,
    unions: &mut [Bits],
    cap: f64,
    max: usize,
    found: &mut Vec<Found>,
) {
    let depth = chosen.len();
    for (pos, &item) in pool.iter().enumerate().skip(start) {
        if found.len() >= MAX_EXACT_RESULTS {
            return;
        }
        let (lo, hi) = unions.split_at_mut(depth + 1);
        hi[0].assign_union(&lo[depth], &problem.items[item].cells);
        let cap_here = cap + problem.items[item].cap;
        chosen.push(item);
        if hi[0].is_superset(&problem.full) && cap_here >= problem.target {
            if problem.minimal(chosen) {
                found.push(Found { members: chosen.clone(), exact: true });
            }
        } else if depth + 1 < max {
            dfs(problem, pool, pos + 1, chosen, unions, cap_here, max, found);
        }
        chosen.pop();
    }
}

/// Greedy set cover from the required items and `seed`: add the item bringing the most new cells
/// and missing turnover.
fn greedy(problem: &Problem, kept: &[usize], seed: usize) -> Vec<usize> {
    let mut members = problem.required.to_vec();
    members.push(seed);
    let mut union = Bits::empty(problem.full.count());
    members.iter().for_each(|&m| union.union_with(&problem.items[m].cells));
    while !problem.complete(&members) {
        let gap = (problem.target - problem.cap(&members)).max(0.0);
        let gain = |i: usize| {
            let it = &problem.items[i];
            let cells = union.count_new(&it.cells) as f64 / problem.full.count().max(1) as f64;
            let size = if problem.target > 0.0 { it.cap.min(gap) / problem.target } else { 0.0 };
            cells + size
        };
        let next = kept
            .iter()
            .copied()
            .filter(|k| !members.contains(k))
            .map(|k| (k, gain(k)))
            .filter(|(_, g)| *g > 0.0)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let Some((k, _)) = next else { break };
        union.union_with(&problem.items[k].cells);
        members.push(k);
    }
    members
}

/// Drops redundant members, then tries 1-for-1 swaps that keep the grouping complete with less
/// overlap. Required members are neither dropped nor swapped.
fn improve(problem: &Problem, kept: &[usize], mut members: Vec<usize>) -> Vec<usize> {
    if !problem.complete(&members) {
        return members;
    }
    let mut by_usefulness: Vec<usize> = members.iter().copied().filter(|m| !problem.required.contains(m)).collect();
    by_usefulness.sort_by(|&a, &b| problem.usefulness(a).total_cmp(&problem.usefulness(b)));
    for m in by_usefulness {
        let without: Vec<usize> = members.iter().copied().filter(|&x| x != m).collect();
        if !without.is_empty() && problem.complete(&without) {
            members = without;
        }
    }
    for slot in 0..members.len() {
        if problem.required.contains(&members[slot]) {
            continue;
        }
        for &outsider in kept.iter().take(SWAP_CANDIDATES) {
            if members.contains(&outsider) {
                continue;
            }
            let mut trial = members.clone();
            trial[slot] = outsider;
            if problem.complete(&trial) && problem.overlap(&trial) < problem.overlap(&members) {
                members = trial;
            }
        }
    }
    members
}
