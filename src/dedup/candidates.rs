//! The pairs worth comparing, found through shared keys (blocking) instead of all pairs.

use std::collections::HashMap;

use super::similarity::Corpus;
use crate::domain::Supplier;
use crate::domain::text::words;

/// Which pairs of the compared list are wanted.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scope {
    /// Every pair.
    All,
    /// Pairs with at least one of the first `n` suppliers (the new ones of an import).
    Touching(usize),
}

impl Scope {
    fn wants(self, i: usize) -> bool {
        match self {
            Scope::All => true,
            Scope::Touching(n) => i < n,
        }
    }

    /// Calls `f` once for each wanted pair of a group of suppliers (indices in increasing order).
    pub(crate) fn for_each_pair(self, group: &[usize], mut f: impl FnMut(usize, usize)) {
        for &x in group.iter().filter(|&&x| self.wants(x)) {
            for &y in group {
                if y != x && (!self.wants(y) || y > x) {
                    f(x, y);
                }
            }
        }
    }
}

/// Pairs of establishments of one legal unit: same SIREN.
pub(crate) fn same_siren(suppliers: &[&Supplier], scope: Scope, mut found: impl FnMut(usize, usize)) {
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, s) in suppliers.iter().enumerate() {
        groups.entry(s.siret.siren()).or_default().push(i);
    }
    for group in groups.values().filter(|g| g.len() > 1) {
        scope.for_each_pair(group, &mut found);
    }
}

/// Pairs with the same non-empty normalised name in the same commune.
pub(crate) fn same_name_same_commune(
    suppliers: &[&Supplier],
    corpus: &Corpus,
    scope: Scope,
    mut found: impl FnMut(usize, usize),
) {
    let mut groups: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, name) in corpus.names().iter().enumerate().filter(|(_, n)| !n.is_empty()) {
        groups.entry((suppliers[i].department.as_str(), name.key.as_str())).or_default().push(i);
    }
    for group in groups.values().filter(|g| g.len() > 1) {
        scope.for_each_pair(group, |a, b| {
            if same_commune(suppliers[a], suppliers[b]) {
                found(a, b);
            }
        });
    }
}

/// Same commune: same INSEE code when both have one, else same post code and same city name
/// (accents, case and punctuation ignored).
pub(crate) fn same_commune(a: &Supplier, b: &Supplier) -> bool {
    match (&a.commune_insee, &b.commune_insee) {
        (Some(x), Some(y)) => x == y,
        _ => a.post_code == b.post_code && words(&a.city) == words(&b.city),
    }
}

/// Pairs in the same département filed under a shared word (see
/// [`PreparedName::blocking`](super::similarity::PreparedName::blocking)), each given once to
/// `compare`.
pub(crate) fn same_department_shared_word(
    suppliers: &[&Supplier],
    corpus: &Corpus,
    scope: Scope,
    mut compare: impl FnMut(usize, usize),
) {
    let names = corpus.names();
    let mut blocks: HashMap<(&str, usize), Vec<usize>> = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        for &word in name.blocking() {
            blocks.entry((suppliers[i].department.as_str(), word)).or_default().push(i);
        }
    }
    for (&(_, word), group) in blocks.iter().filter(|(_, g)| g.len() > 1) {
        scope.for_each_pair(group, |a, b| {
            // A pair filed together under several words is compared in the block of the smallest.
            let first_shared = names[a].blocking().iter().filter(|w| names[b].blocking().contains(w)).min();
            if first_shared == Some(&word) {
                compare(a, b);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(scope: Scope, group: &[usize]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        scope.for_each_pair(group, |a, b| out.push((a.min(b), a.max(b))));
        out.sort_unstable();
        out
    }

    #[test]
    fn all_scope_gives_each_pair_once() {
        assert_eq!(pairs(Scope::All, &[1, 4, 7]), vec![(1, 4), (1, 7), (4, 7)]);
        assert!(pairs(Scope::All, &[3]).is_empty());
    }

    #[test]
    fn touching_scope_skips_pairs_of_old_suppliers() {
        // 0 and 1 are new; 2, 3 and 4 already exist.
        assert_eq!(pairs(Scope::Touching(2), &[0, 1, 3, 4]), vec![(0, 1), (0, 3), (0, 4), (1, 3), (1, 4)]);
        assert!(pairs(Scope::Touching(2), &[2, 3, 4]).is_empty());
    }
}
