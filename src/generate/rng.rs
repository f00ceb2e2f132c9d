//! A small deterministic pseudo-random generator (SplitMix64) and weighted choices.
//!
//! Only integer arithmetic and IEEE-exact floating-point operations (`+`, `*`, `/`, `sqrt`) are used,
//! so a seed gives the same catalogue on every platform.

/// SplitMix64 (Steele, Lea and Flood, 2014): 64 bits of state, passes BigCrush, trivially seedable.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// Mixes two numbers into a well-spread 64-bit value (the SplitMix64 finaliser).
pub fn mix(a: u64, b: u64) -> u64 {
    let mut z = a ^ b.wrapping_mul(GOLDEN_GAMMA);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A generator for this seed.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix(self.state, 0)
    }

    /// A number in `0..n` (`n` > 0), by Lemire's multiply-shift: bias below 2⁻³² for the sizes used here.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo) as usize + 1) as u32
    }

    /// A float in `[0, 1)` with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// One value of a short non-empty list of `(value, weight)` pairs, by a linear scan (no table to
    /// prepare); the first value when all weights are zero.
    pub fn pick_weighted<T: Copy>(&mut self, items: &[(T, u64)]) -> T {
        items[self.index_weighted(items, |(_, weight)| *weight)].0
    }

    /// The index of one item of a short non-empty list, with probability proportional to `weight(item)`,
    /// by a linear scan; 0 when all weights are zero.
    pub fn index_weighted<T>(&mut self, items: &[T], weight: impl Fn(&T) -> u64) -> usize {
        let total: u64 = items.iter().map(&weight).sum();
        let mut target = ((u128::from(self.next_u64()) * u128::from(total)) >> 64) as u64;
        for (index, item) in items.iter().enumerate() {
            let w = weight(item);
            if target < w {
                return index;
            }
            target -= w;
        }
        0
    }
}

/// A weighted choice among `n` items, prepared once: cumulative integer weights and a binary search.
#[derive(Debug, Clone)]
pub struct Weighted {
    cumulative: Vec<u64>,
}

impl Weighted {
    /// The table for these weights; `None` when they sum to zero.
    pub fn new(weights: impl IntoIterator<Item = u64>) -> Option<Weighted> {
        let mut total = 0u64;
        let cumulative: Vec<u64> = weights
            .into_iter()
            .map(|w| {
                total += w;
                total
            })
            .collect();
        (total > 0).then_some(Weighted { cumulative })
    }

    /// The index of a chosen item, with probability proportional to its weight.
    pub fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0);
        let target = ((u128::from(rng.next_u64()) * u128::from(total)) >> 64) as u64;
        self.cumulative.partition_point(|&c| c <= target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_known_first_value() {
        let mut a = Rng::new(1234567);
        let mut b = Rng::new(1234567);
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        // Reference value of SplitMix64 seeded with 1234567 (from the published C implementation).
        assert_eq!(xs[0], 6457827717110365317);
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
    }

    #[test]
    fn below_and_between_stay_in_range_and_reach_the_bounds() {
        let mut rng = Rng::new(7);
        let mut seen = [false; 6];
        for _ in 0..1000 {
            let v = rng.between(3, 8);
            assert!((3..=8).contains(&v));
            seen[(v - 3) as usize] = true;
            assert!(rng.unit() < 1.0);
        }
        assert!(seen.iter().all(|s| *s));
    }

    #[test]
    fn weighted_choice_follows_the_weights_and_skips_zero() {
        let table = Weighted::new([1, 0, 3]).unwrap();
        let mut rng = Rng::new(42);
        let mut counts = [0usize; 3];
        for _ in 0..40_000 {
            counts[table.sample(&mut rng)] += 1;
        }
        assert_eq!(counts[1], 0);
        let share = counts[2] as f64 / 40_000.0;
        assert!((share - 0.75).abs() < 0.01, "{share}");
        assert!(Weighted::new([0, 0]).is_none());
        let mut picks = [0usize; 2];
        for _ in 0..10_000 {
            picks[usize::from(rng.pick_weighted(&[(false, 9), (true, 1)]))] += 1;
        }
        assert!((900..1100).contains(&picks[1]), "{picks:?}");
        assert!(!rng.pick_weighted(&[(false, 0), (true, 0)]));
    }
}
