//! The French activity nomenclature (NAF rév. 2, INSEE): the label of each sub-class, so that a
//! record giving only its NAF code (most real SIAE records) still says its trade in words.
//!
//! The data lives in `fixtures/reference/naf.tsv` (compiled in): `code  label`, the 732 sub-classes.

use std::collections::HashMap;
use std::sync::LazyLock;

const NAF_TSV: &str = include_str!("../../fixtures/reference/naf.tsv");

/// Labels by code (`8121Z`), read once.
static LABELS: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| NAF_TSV.lines().skip(1).filter_map(|line| line.split_once('\t')).collect());

/// The official label of a NAF sub-class, the code written with or without its dot and in any case
/// (`81.21Z`, `8121z`); `None` for a code the nomenclature does not hold.
pub fn label(code: &str) -> Option<&'static str> {
    let code: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase();
    LABELS.get(code.as_str()).copied()
}

/// Every label of the nomenclature.
pub fn labels() -> impl Iterator<Item = &'static str> {
    LABELS.values().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sub_class_has_its_label() {
        assert_eq!(LABELS.len(), 732);
        assert_eq!(label("81.21Z"), Some("Nettoyage courant des bâtiments"));
        assert_eq!(label("4334z"), Some("Travaux de peinture et vitrerie"));
        assert_eq!(label("9999Z"), None);
    }
}
