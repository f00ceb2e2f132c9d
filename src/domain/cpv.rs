//! CPV 2008 codes (Common Procurement Vocabulary) and their hierarchy.
//!
//! A code has 8 digits and an optional check digit (`45000000-7`); the hierarchy is read from
//! its prefix: division (2 digits), group (3), class (4), category (5), then finer codes.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

const CPV_TSV: &str = include_str!("../../fixtures/reference/cpv.tsv");

/// The 45 divisions of the CPV 2008 main vocabulary (Reg. (EC) 213/2008): a code outside them does not exist.
pub const DIVISIONS: [&str; 45] = [
    "03", "09", "14", "15", "16", "18", "19", "22", "24", "30", "31", "32", "33", "34", "35", "37", "38", "39", "41",
    "42", "43", "44", "45", "48", "50", "51", "55", "60", "63", "64", "65", "66", "70", "71", "72", "73", "75", "76",
    "77", "79", "80", "85", "90", "92", "98",
];

/// Why a string is not a CPV code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("code CPV « {0} » invalide : 8 chiffres attendus, éventuellement suivis de « -clé »")]
pub struct CpvError(pub String);

/// Why a string is neither a CPV code nor a CPV prefix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("« {0} » n'est ni un code CPV ni un préfixe de 2 à 8 chiffres")]
pub struct CpvPrefixError(pub String);

/// An 8-digit CPV code (the check digit is dropped, as DECP recommends).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cpv(String);

/// A CPV code packed in an integer (its digits as 4-bit nibbles, the first the highest) with the
/// length of its significant prefix: two codes are compared in a few machine operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CpvKey {
    digits: u32,
    significant: u8,
}

impl CpvKey {
    /// How close two codes are: the deepest level they share, if any ([`Cpv::shared_level`]).
    pub fn shared_level(self, other: CpvKey) -> Option<CpvLevel> {
        let common = ((self.digits ^ other.digits).leading_zeros() / 4) as usize;
        // A code is "the same" as its ancestor only at the ancestor's depth.
        CpvLevel::from_prefix_len(common.min(usize::from(self.significant)).min(usize::from(other.significant)))
    }
}

/// The levels of the CPV hierarchy, by number of significant digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CpvLevel {
    /// 2 digits, e.g. `90` (sewage, refuse, cleaning and environmental services).
    Division,
    /// 3 digits.
    Group,
    /// 4 digits.
    Class,
    /// 5 digits.
    Category,
    /// 6 to 8 digits.
    Code,
}

impl CpvLevel {
    /// The level reached by a common prefix of `len` digits, if any (fewer than 2 digits share nothing).
    pub fn from_prefix_len(len: usize) -> Option<CpvLevel> {
        match len {
            0 | 1 => None,
            2 => Some(CpvLevel::Division),
            3 => Some(CpvLevel::Group),
            4 => Some(CpvLevel::Class),
            5 => Some(CpvLevel::Category),
            _ => Some(CpvLevel::Code),
        }
    }
}

impl Cpv {
    /// Parses `45000000`, `45000000-7` or `45 00 00 00`.
    pub fn parse(input: &str) -> Result<Cpv, CpvError> {
        let trimmed = input.trim();
        let main = trimmed.split('-').next().unwrap_or_default();
        let digits: String = main.chars().filter(|c| !c.is_whitespace()).collect();
        let check_ok = match trimmed.split_once('-') {
            Some((_, check)) => check.len() == 1 && check.bytes().all(|b| b.is_ascii_digit()),
            None => true,
        };
        if digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit()) && check_ok {
            Ok(Cpv(digits))
        } else {
            Err(CpvError(trimmed.to_string()))
        }
    }

    /// Parses a code or a prefix of 2 to 8 digits standing for every code under it (`9091` →
    /// `90910000`, whose significant prefix is `9091`); a full code may carry its check digit.
    /// The one reader of CPV prefixes, for search filters and anything else that takes them.
    pub fn parse_prefix(input: &str) -> Result<Cpv, CpvPrefixError> {
        let trimmed = input.trim();
        let digits = trimmed.split('-').next().unwrap_or_default();
        let with_check_digit = digits.len() < trimmed.len();
        let shape_ok = digits.len() == 8 || (!with_check_digit && (2..=8).contains(&digits.len()));
        if !shape_ok || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CpvPrefixError(trimmed.to_string()));
        }
        Cpv::parse(&format!("{digits:0<8}{}", &trimmed[digits.len()..]))
            .map_err(|_| CpvPrefixError(trimmed.to_string()))
    }

    /// The 8 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The significant prefix: trailing zeros dropped, at least the 2-digit division.
    pub fn significant(&self) -> &str {
        let digits = self.0.as_bytes();
        let mut len = digits.len();
        while len > 2 && digits[len - 1] == b'0' {
            len -= 1;
        }
        &self.0[..len]
    }

    /// The 2-digit division.
    pub fn division(&self) -> &str {
        &self.0[..2]
    }

    /// True when the 2-digit division is one of the 45 [`DIVISIONS`] of the nomenclature.
    pub fn has_known_division(&self) -> bool {
        DIVISIONS.contains(&self.division())
    }

    /// The prefixes from the division down to the significant code (`45`, `453`, `4533`…).
    pub fn prefixes(&self) -> Vec<&str> {
        let sig = self.significant().len();
        (2..=sig).map(|n| &self.0[..n]).collect()
    }

    /// How close two codes are: the deepest level they share, if any.
    pub fn shared_level(&self, other: &Cpv) -> Option<CpvLevel> {
        self.key().shared_level(other.key())
    }

    /// The code packed for comparisons by the thousand.
    pub fn key(&self) -> CpvKey {
        let digits = self.0.bytes().take(8).fold(0u32, |packed, b| packed << 4 | u32::from(b.wrapping_sub(b'0') & 0xf));
        let digits = digits << (4 * (8 - self.0.len().min(8)));
        CpvKey { digits, significant: self.significant().len() as u8 }
    }

    /// The contract type the division implies (eForms BR-0031): works 45, supplies 03–44 and 48, services 49–98.
    pub fn contract_type(&self) -> ContractType {
        match self.division().parse::<u8>().unwrap_or(0) {
            45 => ContractType::Works,
            d if d >= 49 => ContractType::Services,
            _ => ContractType::Supplies,
        }
    }
}

/// The three kinds of public contracts, which carry different thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContractType {
    /// Fournitures.
    Supplies,
    /// Services.
    Services,
    /// Travaux.
    Works,
}

impl ContractType {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            ContractType::Supplies => "fournitures",
            ContractType::Services => "services",
            ContractType::Works => "travaux",
        }
    }
}

impl fmt::Display for Cpv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Cpv {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Cpv {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Cpv::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// French labels of CPV codes: the built-in list, completed by an imported nomenclature.
#[derive(Debug, Clone, Default)]
pub struct CpvCatalogue {
    labels: HashMap<String, String>,
}

static BUILTIN: LazyLock<CpvCatalogue> = LazyLock::new(|| {
    let entries = CPV_TSV.lines().skip(1).filter_map(|line| {
        let (code, label) = line.split_once('\t')?;
        Some((Cpv::parse(code).ok()?, label.trim().to_string()))
    });
    let mut catalogue = CpvCatalogue::default();
    catalogue.extend(entries);
    catalogue
});

impl CpvCatalogue {
    /// The codes the project carries.
    pub fn builtin() -> &'static CpvCatalogue {
        &BUILTIN
    }

    /// The built-in list completed by imported codes.
    pub fn with_codes(codes: impl IntoIterator<Item = (Cpv, String)>) -> CpvCatalogue {
        let mut c = CpvCatalogue::builtin().clone();
        c.extend(codes);
        c
    }

    fn extend(&mut self, codes: impl IntoIterator<Item = (Cpv, String)>) {
        for (code, label) in codes {
            self.labels.insert(code.0, label);
        }
    }

    /// Every known label.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.labels.values().map(String::as_str)
    }

    /// Number of known codes.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when no code is known.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// True when the code is in the nomenclature.
    pub fn contains(&self, code: &Cpv) -> bool {
        self.labels.contains_key(&code.0)
    }

    /// The French label of the code itself.
    pub fn label(&self, code: &Cpv) -> Option<&str> {
        self.labels.get(&code.0).map(String::as_str)
    }

    /// The label of the code or of its nearest known ancestor.
    pub fn nearest_label(&self, code: &Cpv) -> Option<&str> {
        self.label(code).or_else(|| {
            code.prefixes().iter().rev().find_map(|p| self.labels.get(&format!("{p:0<8}")).map(String::as_str))
        })
    }

    /// All codes with their labels (unordered).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.labels.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn packed_codes_share_the_levels_their_digits_share() {
        let codes = ["90911200", "90911000", "90910000", "90900000", "90000000", "45000000", "45210000", "77310000"];
        for a in codes {
            for b in codes {
                let (x, y) = (Cpv::parse(a).unwrap(), Cpv::parse(b).unwrap());
                let (sa, sb) = (x.significant(), y.significant());
                let common = sa.bytes().zip(sb.bytes()).take_while(|(p, q)| p == q).count();
                let expected = CpvLevel::from_prefix_len(common.min(sa.len()).min(sb.len()));
                assert_eq!(x.shared_level(&y), expected, "{a} {b}");
            }
        }
        let shared = |a: &str, b: &str| Cpv::parse(a).unwrap().shared_level(&Cpv::parse(b).unwrap());
        assert_eq!(shared("90911200", "90911200"), Some(CpvLevel::Code));
        assert_eq!(shared("90911200", "90900000"), Some(CpvLevel::Group));
        assert_eq!(shared("90911200", "90000000"), Some(CpvLevel::Division));
        assert_eq!(shared("90911200", "45000000"), None);
    }
    use super::*;

    #[test]
    fn parses_with_and_without_check_digit() {
        assert_eq!(Cpv::parse("90911200-8").unwrap().as_str(), "90911200");
        assert_eq!(Cpv::parse("90911200").unwrap().as_str(), "90911200");
        assert!(Cpv::parse("9091120").is_err());
        assert!(Cpv::parse("90911200-88").is_err());
        assert!(Cpv::parse("abcdefgh").is_err());
    }

    #[test]
    fn hierarchy_from_prefixes() {
        let c = Cpv::parse("45331000").unwrap();
        assert_eq!(c.significant(), "45331");
        assert_eq!(c.prefixes(), vec!["45", "453", "4533", "45331"]);
        let d = Cpv::parse("45332000").unwrap();
        assert_eq!(c.shared_level(&d), Some(CpvLevel::Class));
        let e = Cpv::parse("90911200").unwrap();
        assert_eq!(c.shared_level(&e), None);
        let division = Cpv::parse("45000000").unwrap();
        assert_eq!(c.shared_level(&division), Some(CpvLevel::Division));
    }

    #[test]
    fn knows_the_45_divisions() {
        assert!(Cpv::parse("90911200").unwrap().has_known_division());
        assert!(Cpv::parse("03000000").unwrap().has_known_division());
        assert!(!Cpv::parse("99000000").unwrap().has_known_division());
        assert!(!Cpv::parse("47000000").unwrap().has_known_division());
    }

    #[test]
    fn contract_type_from_division() {
        assert_eq!(Cpv::parse("45000000").unwrap().contract_type(), ContractType::Works);
        assert_eq!(Cpv::parse("90911200").unwrap().contract_type(), ContractType::Services);
        assert_eq!(Cpv::parse("18000000").unwrap().contract_type(), ContractType::Supplies);
    }
    /// The codes of the list of art. 77 of directive 2014/24/EU (art. L2113-15 of the French code) outside division 85.
    const ART_77_OUTSIDE_85: [&str; 17] = [
        "75121000", "75122000", "75123000", "79622000", "79624000", "79625000", "80110000", "80300000", "80420000",
        "80430000", "80511000", "80520000", "80590000", "92500000", "92600000", "98133000", "98133110",
    ];

    fn builtin_rows() -> impl Iterator<Item = (&'static str, &'static str)> {
        CPV_TSV.lines().skip(1).filter(|l| !l.trim().is_empty()).map(|l| l.split_once('\t').unwrap_or((l, "")))
    }

    #[test]
    fn every_builtin_row_parses_once_with_a_label() {
        let mut seen = std::collections::HashSet::new();
        for (code, label) in builtin_rows() {
            let cpv = Cpv::parse(code).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(cpv.as_str(), code, "le fichier garde les 8 chiffres sans clé");
            assert!(seen.insert(code), "{code} en double");
            assert!(!label.trim().is_empty() && label.trim() == label, "{code} : libellé « {label} »");
        }
        let catalogue = CpvCatalogue::builtin();
        assert_eq!(catalogue.len(), seen.len());
        assert!((300..=500).contains(&catalogue.len()), "{} codes", catalogue.len());
    }

    #[test]
    fn builtin_codes_cover_every_level_and_have_their_division() {
        let catalogue = CpvCatalogue::builtin();
        let mut levels = std::collections::BTreeSet::new();
        for (code, _) in catalogue.iter() {
            let cpv = Cpv::parse(code).unwrap_or_else(|e| panic!("{e}"));
            levels.insert(CpvLevel::from_prefix_len(cpv.significant().len()));
            let division = Cpv::parse(&format!("{:0<8}", cpv.division())).unwrap_or_else(|e| panic!("{e}"));
            assert!(catalogue.contains(&division), "{code} : division {division} absente");
        }
        let all = [CpvLevel::Division, CpvLevel::Group, CpvLevel::Class, CpvLevel::Category, CpvLevel::Code];
        assert_eq!(levels.into_iter().flatten().collect::<Vec<_>>(), all);
    }

    #[test]
    fn builtin_labels_are_the_french_nomenclature() {
        let catalogue = CpvCatalogue::builtin();
        let label = |code: &str| Cpv::parse(code).ok().and_then(|c| catalogue.label(&c).map(str::to_string));
        assert_eq!(
            label("90000000").as_deref(),
            Some(
                "Services d'évacuation des eaux usées et d'élimination des déchets, services d'hygiénisation et services relatifs à l'environnement"
            )
        );
        assert_eq!(label("90911200").as_deref(), Some("Services de nettoyage de bâtiments"));
        assert_eq!(label("77310000").as_deref(), Some("Réalisation et entretien d'espaces verts"));
        assert_eq!(label("55524000").as_deref(), Some("Service traiteur pour écoles"));
        // A code the project does not carry falls back to its nearest known ancestor.
        let unknown = Cpv::parse("90913100").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(catalogue.label(&unknown), None);
        assert_eq!(catalogue.nearest_label(&unknown), Some("Services de nettoyage"));
    }

    #[test]
    fn every_art_77_code_is_builtin() {
        let catalogue = CpvCatalogue::builtin();
        for code in ART_77_OUTSIDE_85 {
            let cpv = Cpv::parse(code).unwrap_or_else(|e| panic!("{e}"));
            assert!(catalogue.contains(&cpv), "{code} absent");
        }
        // Division 85 of CPV 2008 has 98 codes, from 85000000 to 85323000: all belong to the list.
        let division_85: Vec<&str> = catalogue.iter().map(|(c, _)| c).filter(|c| c.starts_with("85")).collect();
        assert_eq!(division_85.len(), 98);
        assert!(division_85.iter().all(|c| *c <= "85323000"));
        for code in ["85000000", "85311000", "85312510", "85320000", "85323000", "85200000", "85210000"] {
            assert!(division_85.contains(&code), "{code} absent");
        }
    }

    #[test]
    fn catalogue_is_completed_by_imported_codes() {
        let extra = Cpv::parse("90913100").unwrap_or_else(|e| panic!("{e}"));
        let catalogue = CpvCatalogue::with_codes([(extra.clone(), "Services de nettoyage de cuves".to_string())]);
        assert_eq!(catalogue.len(), CpvCatalogue::builtin().len() + 1);
        assert_eq!(catalogue.label(&extra), Some("Services de nettoyage de cuves"));
    }
}
