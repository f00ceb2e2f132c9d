//! NUTS codes of French places, translated to départements with the NUTS 2021 table
//! (`fixtures/reference/nuts-fr.tsv`, source and licence in `fixtures/reference/README.md`).

use std::sync::LazyLock;

const NUTS_TSV: &str = include_str!("../../fixtures/reference/nuts-fr.tsv");

/// The French NUTS 3 regions: (code, département, name), in the table's order.
static NUTS3: LazyLock<Vec<(String, String, String)>> = LazyLock::new(|| {
    NUTS_TSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split('\t');
            Some((cols.next()?.to_string(), cols.next()?.to_string(), cols.next()?.to_string()))
        })
        .collect()
});

/// What a NUTS code says about French départements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NutsPlace {
    /// French départements: one for a NUTS 3 code, all those of the region for a NUTS 1 or 2 code, all of
    /// them for `FR`.
    Departments(Vec<String>),
    /// A code of another country.
    Abroad,
    /// A French code the NUTS 2021 table does not hold (an older version, a typo) or the extra-regio `FRZZZ`.
    Unknown,
}

/// Reads a NUTS code (`FR104`, `FRK2`, `FR1`, `FR`), case and spaces ignored.
pub fn departments(code: &str) -> NutsPlace {
    let code = code.trim().to_ascii_uppercase();
    if !code.starts_with("FR") {
        return NutsPlace::Abroad;
    }
    if !(2..=5).contains(&code.len()) || code.ends_with('Z') {
        return NutsPlace::Unknown;
    }
    let found: Vec<String> =
        NUTS3.iter().filter(|(nuts, _, _)| nuts.starts_with(&code)).map(|(_, dep, _)| dep.clone()).collect();
    if found.is_empty() { NutsPlace::Unknown } else { NutsPlace::Departments(found) }
}

/// The name of a French NUTS 3 region (`FR104` → `Essonne`).
pub fn name(code: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_uppercase();
    NUTS3.iter().find(|(nuts, _, _)| *nuts == code).map(|(_, _, name)| name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Gazetteer;

    #[test]
    fn every_row_is_a_known_department_once() {
        let gazetteer = Gazetteer::builtin();
        assert_eq!(NUTS3.len(), 101);
        let mut seen = std::collections::HashSet::new();
        for (nuts, dep, name) in NUTS3.iter() {
            assert_eq!(gazetteer.department(dep).map(|d| d.name.as_str()), Some(name.as_str()), "{nuts}");
            assert!(seen.insert(dep.clone()), "{dep} twice");
        }
    }

    #[test]
    fn levels_expand_to_their_departments() {
        assert_eq!(departments("FR104"), NutsPlace::Departments(vec!["91".into()]));
        assert_eq!(departments(" frk28 "), NutsPlace::Departments(vec!["74".into()]));
        assert_eq!(departments("FRM0"), NutsPlace::Departments(vec!["2A".into(), "2B".into()]));
        let NutsPlace::Departments(idf) = departments("FR1") else { panic!() };
        assert_eq!(idf, ["75", "77", "78", "91", "92", "93", "94", "95"]);
        let NutsPlace::Departments(all) = departments("FR") else { panic!() };
        assert_eq!(all.len(), 101);
        assert_eq!(departments("BE211"), NutsPlace::Abroad);
        assert_eq!(departments("FRZZZ"), NutsPlace::Unknown);
        assert_eq!(departments("FR211"), NutsPlace::Unknown, "a NUTS 2013 code");
        assert_eq!(name("FR104"), Some("Essonne"));
    }
}
