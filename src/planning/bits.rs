//! A small fixed-size bit set over the cells a lot requires (activity × part), so that coverage
//! unions and inclusions cost a few word operations.

/// A set of cell indices below the length given at creation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Bits {
    words: Vec<u64>,
}

impl Bits {
    /// The empty set over `len` cells.
    pub(crate) fn empty(len: usize) -> Bits {
        Bits { words: vec![0; len.div_ceil(64).max(1)] }
    }

    /// The full set over `len` cells.
    pub(crate) fn full(len: usize) -> Bits {
        let mut b = Bits::empty(len);
        for i in 0..len {
            b.insert(i);
        }
        b
    }

    /// Adds cell `i`.
    pub(crate) fn insert(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }

    /// True when cell `i` is in the set.
    pub(crate) fn contains(&self, i: usize) -> bool {
        self.words.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Number of cells in the set.
    pub(crate) fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// True when the set is empty.
    pub(crate) fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    /// Adds every cell of `other`.
    pub(crate) fn union_with(&mut self, other: &Bits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    /// Sets `self` to `a ∪ b` without allocating.
    pub(crate) fn assign_union(&mut self, a: &Bits, b: &Bits) {
        for ((out, x), y) in self.words.iter_mut().zip(&a.words).zip(&b.words) {
            *out = x | y;
        }
    }

    /// True when every cell of `other` is in `self`.
    pub(crate) fn is_superset(&self, other: &Bits) -> bool {
        self.words.iter().zip(&other.words).all(|(a, b)| b & !a == 0)
    }

    /// Number of cells of `other` not in `self`.
    pub(crate) fn count_new(&self, other: &Bits) -> usize {
        self.words.iter().zip(&other.words).map(|(a, b)| (b & !a).count_ones() as usize).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unions_and_inclusions_across_words() {
        let mut a = Bits::empty(130);
        a.insert(0);
        a.insert(129);
        let mut b = Bits::empty(130);
        b.insert(64);
        assert_eq!(a.count(), 2);
        assert!(!a.is_superset(&b));
        assert_eq!(a.count_new(&b), 1);
        let mut u = Bits::empty(130);
        u.assign_union(&a, &b);
        assert!(u.is_superset(&a) && u.is_superset(&b));
        assert_eq!(u.count(), 3);
        assert!(Bits::full(130).is_superset(&u));
        assert_eq!(Bits::full(130).count(), 130);
        assert!(u.contains(129) && !u.contains(128));
        assert!(Bits::empty(3).is_empty());
        a.union_with(&b);
        assert_eq!(a, u);
    }
}
