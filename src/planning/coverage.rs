//! What each candidate covers of a scope, as indices: activities done and parts reached.

use super::bits::Bits;
use super::candidate::Candidate;
use super::scope::Scope;

/// A candidate's coverage of a scope.
#[derive(Debug, Clone)]
pub(crate) struct Reach {
    /// Per activity of the scope: does it.
    pub acts: Vec<bool>,
    /// Parts of the scope it reaches.
    pub parts: Bits,
}

impl Reach {
    /// The coverage of `candidate` over `scope`.
    pub(crate) fn of(scope: &Scope, candidate: &Candidate) -> Reach {
        let acts = scope.activities.iter().map(|a| candidate.activities.contains(&a.key)).collect();
        let all = &scope.perimeter.parts;
        let mut parts = Bits::empty(all.len());
        // The candidate lists its parts in the scope's order: each is looked for after the last found.
        let mut from = 0;
        for id in &candidate.parts {
            if let Some(i) = (0..all.len()).map(|k| (from + k) % all.len()).find(|&i| all[i].id == *id) {
                parts.insert(i);
                from = i + 1;
            }
        }
        Reach { acts, parts }
    }

    /// True when it does every activity of `acts` and reaches every part of `parts`.
    pub(crate) fn covers(&self, acts: &[usize], parts: &Bits) -> bool {
        acts.iter().all(|&a| self.acts.get(a).copied().unwrap_or(false)) && self.parts.is_superset(parts)
    }

    /// The cells (activity × part, index `a × parts + p`) it covers among `acts` × `parts`.
    pub(crate) fn cells(&self, acts: &[usize], parts: &[usize]) -> Bits {
        let mut b = Bits::empty(acts.len() * parts.len());
        for (ai, &a) in acts.iter().enumerate() {
            if !self.acts.get(a).copied().unwrap_or(false) {
                continue;
            }
            for (pi, &p) in parts.iter().enumerate() {
                if self.parts.contains(p) {
                    b.insert(ai * parts.len() + pi);
                }
            }
        }
        b
    }
}

/// The set of parts with these indices.
pub(crate) fn part_set(len: usize, parts: &[usize]) -> Bits {
    let mut b = Bits::empty(len);
    for &p in parts {
        b.insert(p);
    }
    b
}
