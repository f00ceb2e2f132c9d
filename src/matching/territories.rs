//! Sets of départements and régions as bits, so that the geographic filter tests a candidate with
//! a few machine operations instead of comparing codes.

use crate::domain::Gazetteer;

/// Départements and régions, each the bit of its position in the gazetteer. The gazetteer's
/// départements and régions are the built-in ones (101 and 18), within the bits available.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Territories {
    departments: u128,
    regions: u64,
}

impl Territories {
    /// The set of these départements and régions (codes the gazetteer does not know are left out).
    pub fn new<'a>(
        departments: impl IntoIterator<Item = &'a str>,
        regions: impl IntoIterator<Item = &'a str>,
        gazetteer: &Gazetteer,
    ) -> Territories {
        let mut set = Territories::default();
        for position in departments.into_iter().filter_map(|d| gazetteer.department_position(d)) {
            set.departments |= 1u128.checked_shl(position as u32).unwrap_or(0);
        }
        for position in regions.into_iter().filter_map(|r| gazetteer.region_position(r)) {
            set.regions |= 1u64.checked_shl(position as u32).unwrap_or(0);
        }
        set
    }

    /// True when both sets hold a common département.
    pub fn share_a_department(self, other: Territories) -> bool {
        self.departments & other.departments != 0
    }

    /// True when both sets hold a common région.
    pub fn share_a_region(self, other: Territories) -> bool {
        self.regions & other.regions != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_territory_has_its_own_bit() {
        let g = Gazetteer::builtin();
        assert!(g.departments().len() <= 128 && g.regions().len() <= 64);
        let essonne = Territories::new(["91"], ["11"], g);
        let paris = Territories::new(["75"], ["11"], g);
        assert!(!essonne.share_a_department(paris));
        assert!(essonne.share_a_region(paris));
        assert!(Territories::new(["2A", "91"], [], g).share_a_department(essonne));
        let last = g.departments().last().map(|d| d.code.as_str()).unwrap_or_default();
        assert!(Territories::new([last], [], g).share_a_department(Territories::new([last, "01"], [], g)));
        assert!(!Territories::new(["99"], [], g).share_a_department(Territories::new(["99"], [], g)));
    }
}
