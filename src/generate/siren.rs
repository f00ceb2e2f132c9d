//! Unique, valid, made-up SIRETs for generated suppliers.

use std::fmt::Write;

use essor::domain::Siret;
use essor::domain::siret::with_luhn_digit;

use super::rng::{Rng, mix};

/// How many 8-digit SIREN bodies the generator uses: `10000000`…`89999999`, so generated SIRENs start with
/// 1 to 8 and never collide with the hand-written fixtures, whose SIRENs start with 99.
pub const SIREN_BODIES: u64 = 80_000_000;
const FIRST_BODY: u64 = 10_000_000;
/// La Poste's SIREN follows another checksum rule: never generated.
const LA_POSTE_SIREN: &str = "356000000";

/// Distinct SIRENs in a scrambled order: body `k` is `(multiplier × k + offset) mod SIREN_BODIES`, a
/// bijection because the multiplier is prime to `SIREN_BODIES` (2¹⁰ × 5⁷).
#[derive(Debug, Clone)]
pub struct SirenSequence {
    multiplier: u64,
    offset: u64,
    next: u64,
}

impl SirenSequence {
    /// The sequence for a seed.
    pub fn new(seed: u64) -> SirenSequence {
        let mut multiplier = (mix(seed, 0x5152_454E) % SIREN_BODIES) | 1;
        if multiplier.is_multiple_of(5) {
            multiplier += 2;
        }
        SirenSequence { multiplier, offset: mix(seed, 0x4F46_4653) % SIREN_BODIES, next: 0 }
    }

    /// The next SIRET: a new Luhn-valid SIREN and a small establishment number (NIC), or `None` once
    /// every SIREN has been used.
    pub fn next_siret(&mut self, rng: &mut Rng) -> Option<Siret> {
        loop {
            if self.next >= SIREN_BODIES {
                return None;
            }
            let body = FIRST_BODY + (self.multiplier * self.next + self.offset) % SIREN_BODIES;
            self.next += 1;
            let mut prefix = with_luhn_digit(&body.to_string());
            if prefix == LA_POSTE_SIREN {
                continue;
            }
            // Head offices mostly carry NIC 0001x, later establishments 0002x, 0003x…
            let establishment = 1 + rng.below(3) * rng.below(4);
            if write!(prefix, "{establishment:04}").is_ok()
                && let Ok(siret) = Siret::parse(&with_luhn_digit(&prefix))
            {
                return Some(siret);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use essor::domain::siret::luhn_valid;

    #[test]
    fn sirets_are_valid_distinct_and_never_la_poste() {
        let mut sequence = SirenSequence::new(77);
        let mut rng = Rng::new(1);
        let mut sirens = std::collections::HashSet::new();
        for _ in 0..20_000 {
            let siret = sequence.next_siret(&mut rng).unwrap();
            assert!(luhn_valid(siret.siren()), "{siret}");
            assert!(matches!(siret.as_str().as_bytes()[0], b'1'..=b'8'), "{siret}");
            assert_ne!(siret.siren(), LA_POSTE_SIREN);
            assert!(sirens.insert(siret.siren().to_string()), "{siret} twice");
        }
    }

    #[test]
    fn skips_la_poste_and_ends_when_exhausted() {
        // Place the sequence just before La Poste's body, then at the very end.
        let mut sequence = SirenSequence { multiplier: 1, offset: 35_600_000 - FIRST_BODY, next: 0 };
        let mut rng = Rng::new(1);
        let first = sequence.next_siret(&mut rng).unwrap();
        assert_eq!(first.siren(), with_luhn_digit("35600001"));
        sequence.next = SIREN_BODIES;
        assert!(sequence.next_siret(&mut rng).is_none());
    }

    #[test]
    fn multiplier_is_prime_to_the_number_of_bodies() {
        for seed in 0..200 {
            let m = SirenSequence::new(seed).multiplier;
            assert!(m % 2 == 1 && !m.is_multiple_of(5), "{m}");
        }
    }
}
