//! Orders and sets the engine uses on many candidates: a bit set of ids read in order, the best part
//! of a list put first without sorting the rest.

use super::engine::Ranked;
use super::report::Relevance;

/// A set of feature-table ids, one bit each, read in increasing order.
pub(crate) struct IdSet {
    words: Vec<u64>,
    empty: bool,
}

impl IdSet {
    /// An empty set of ids below `len`.
    pub(crate) fn new(len: usize) -> IdSet {
        IdSet { words: vec![0; len.div_ceil(64)], empty: true }
    }

    /// Adds `id` (ignored past the length).
    pub(crate) fn insert(&mut self, id: u32) {
        if let Some(word) = self.words.get_mut(id as usize / 64) {
            *word |= 1 << (id % 64);
            self.empty = false;
        }
    }

    /// True when no id was added.
    pub(crate) fn is_empty(&self) -> bool {
        self.empty
    }

    /// The ids, in increasing order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros();
                    rest &= rest - 1;
                    i as u32 * 64 + bit
                })
            })
        })
    }
}

/// Puts the `n` smallest of `items` under `order` first, in order; the rest stay in no order.
pub(crate) fn best_first<T>(items: &mut [T], n: usize, order: impl Fn(&T, &T) -> std::cmp::Ordering) {
    let n = n.min(items.len());
    if n == 0 {
        return;
    }
    if n < items.len() {
        items.select_nth_unstable_by(n - 1, &order);
    }
    items[..n].sort_unstable_by(&order);
}

/// Moves the suppliers able to do the work (stated or presumed) before the others; returns how many.
pub(crate) fn able_first(ranked: &mut [Ranked]) -> usize {
    let mut split = 0;
    for i in 0..ranked.len() {
        if ranked[i].relevance != Relevance::Nearby {
            ranked.swap(i, split);
            split += 1;
        }
    }
    split
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_best_come_first_in_order_and_ids_come_out_sorted() {
        let mut items = vec![5, 1, 9, 3, 7, 2];
        best_first(&mut items, 3, |a: &i32, b: &i32| a.cmp(b));
        assert_eq!(&items[..3], &[1, 2, 3]);
        let mut set = IdSet::new(200);
        assert!(set.is_empty());
        for id in [150, 3, 64, 3, 199, 0] {
            set.insert(id);
        }
        set.insert(500);
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![0, 3, 64, 150, 199]);
    }
}
