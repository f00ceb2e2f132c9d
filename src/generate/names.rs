//! Names of generated suppliers, from patterns per kind filled with the words of their sector family
//! and of their town.
//!
//! Slots of the patterns: `{w}` an evocative word ("Passerelle"), `{t}` a trade word of the family
//! ("Propreté"), `{k}` a workshop word of the family ("Les Jardins"), `{l}` a local descriptor or
//! neighbourhood ("du Val"), `{c}` "de" + the town ("de Montreuil", "d'Évry"), `{d}` the département,
//! `{p}` a person ("Louise Michel"), `{a}` an invented brand-like word ("Valonet"), `{s}` an acronym
//! ("APIE").

use std::collections::HashSet;

use essor::dedup::{LEGAL_FORMS, STRUCTURE_LABELS, normalise_name};
use essor::domain::Kind;

use super::french::fill;
use super::rng::Rng;
use super::vocabulary::name_words::{ACRONYM_LETTERS, BRAND_HEADS, BRAND_TAILS, EVOCATIVE, LOCAL, PEOPLE};
use super::vocabulary::{FALLBACK, FAMILIES, FamilyVocabulary};

/// Weighted patterns per kind.
fn patterns(kind: Kind) -> &'static [(&'static str, u64)] {
    match kind {
        Kind::Aci => &[
            ("{k} {l}", 3),
            ("{k} {c}", 2),
            ("{w} {c}", 2),
            ("{k} {p}", 1),
            ("{w} {l}", 1),
            ("Chantier {w}", 1),
            ("Chantier {w} {l}", 1),
            ("{w} Insertion", 1),
            ("{s}", 1),
        ],
        Kind::Ei => &[("{w} {t}", 4), ("{a}", 2), ("{t} {c}", 1), ("{a} {t}", 1), ("{w} {t} {l}", 1), ("{s} {t}", 1)],
        Kind::Ai => &[
            ("{w} Emploi", 2),
            ("{w} Emploi {l}", 1),
            ("Association intermédiaire {c}", 1),
            ("Association intermédiaire {w}", 1),
            ("Coup de Main {c}", 1),
            ("AI {w}", 1),
            ("{s} Emploi", 1),
        ],
        Kind::Etti => &[
            ("{w} Intérim", 3),
            ("Intérim Solidaire {c}", 1),
            ("{a} Intérim", 1),
            ("{w} Intérim Insertion", 1),
            ("{w} Intérim {l}", 1),
            ("{s} Intérim", 1),
        ],
        Kind::Ea => &[
            ("{w} {t}", 3),
            ("Entreprise adaptée {w}", 1),
            ("Entreprise adaptée {p}", 1),
            ("{a} Services", 1),
            ("{k} {w}", 1),
            ("{w} {t} {l}", 1),
            ("{s} {t}", 1),
        ],
        Kind::Esat => &[
            ("ESAT Les Ateliers {c}", 2),
            ("ESAT {w}", 2),
            ("ESAT {p}", 2),
            ("ESAT {c}", 1),
            ("ESAT {k} {l}", 1),
            ("ESAT {w} {l}", 1),
            ("ESAT Les Ateliers {p}", 1),
        ],
        Kind::Geiq => &[("GEIQ {t} {d}", 2), ("GEIQ {t} {c}", 1), ("GEIQ {w}", 1), ("GEIQ {w} {t}", 1)],
        Kind::Scic => &[
            ("SCIC {w}", 2),
            ("SCIC {w} {l}", 1),
            ("{w} Coop", 1),
            ("Coopérative {w}", 1),
            ("{a}", 1),
            ("{a} Coop", 1),
            ("{k} {l}", 1),
        ],
        Kind::Scop => {
            &[("{w} {t}", 2), ("{a}", 2), ("{k} {l}", 1), ("Les Ateliers {w}", 1), ("{w} {t} {l}", 1), ("{s}", 1)]
        }
        _ => &[("{w} Solidaire", 2), ("{t} Solidaire {c}", 1), ("{a}", 2), ("Maison {p}", 1), ("{w} {l}", 1)],
    }
}

/// Patterns of régies de quartier and régies de territoire.
const REGIE_PATTERNS: &[(&str, u64)] = &[
    ("Régie de quartier {l}", 3),
    ("Régie de quartier {c}", 2),
    ("Régie de quartier {l} {c}", 1),
    ("Régie de quartier {w}", 1),
    ("Régie de territoire {c}", 1),
];

/// Main sectors of régies de quartier (sector keys of the taxonomy).
const REGIE_SECTORS: &[&str] =
    &["nettoyage-locaux", "entretien-espaces-verts", "proprete-urbaine", "petits-travaux-entretien"];
/// Share of the ACI and EI working mainly in those sectors that are régies.
const REGIE_SHARE: f64 = 0.2;
/// Share of associations whose usual name is a brand after a legal name "Association …".
const ASSOCIATION_BRAND_SHARE: f64 = 0.12;

/// What kind of structure a name reveals, which decides some networks and the first sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameStyle {
    /// Nothing in particular.
    Ordinary,
    /// A régie de quartier or de territoire.
    Regie,
    /// A ressourcerie or recyclerie.
    Ressourcerie,
}

/// A generated name.
#[derive(Debug)]
pub struct GeneratedName {
    /// The legal or usual name.
    pub name: String,
    /// A trade name, when the legal name differs.
    pub brand: Option<String>,
    /// What the name reveals.
    pub style: NameStyle,
}

impl GeneratedName {
    /// The same name followed by a local descriptor ("Tandem Emploi des Tilleuls"), the usual name
    /// of an association too.
    pub fn localised(&self, rng: &mut Rng) -> GeneratedName {
        let local = rng.pick(LOCAL);
        let brand = self.brand.as_ref().map(|b| format!("{b} {local}"));
        let name = match &brand {
            Some(b) => format!("Association {b}"),
            None => format!("{} {local}", self.name),
        };
        GeneratedName { name, brand, style: self.style }
    }
}

/// What a name is built from.
#[derive(Debug)]
pub struct NameInputs<'a> {
    /// The main kind.
    pub kind: Kind,
    /// The key of the main sector.
    pub sector: &'a str,
    /// The words of the main sector's family.
    pub vocabulary: &'a FamilyVocabulary,
    /// "de" + the town of the site ("d'Évry-Courcouronnes").
    pub of_town: &'a str,
    /// The département of the site.
    pub department: &'a str,
    /// True when the legal form is an association.
    pub association: bool,
}

/// A name for a supplier.
pub fn name(inputs: &NameInputs<'_>, rng: &mut Rng) -> GeneratedName {
    let vocabulary = inputs.vocabulary;
    let regie = REGIE_SECTORS.contains(&inputs.sector)
        && matches!(inputs.kind, Kind::Aci | Kind::Ei)
        && rng.chance(REGIE_SHARE);
    let pattern = if regie { rng.pick_weighted(REGIE_PATTERNS) } else { rng.pick_weighted(patterns(inputs.kind)) };
    let brand_word = if pattern.contains("{a}") { invented_word(rng) } else { String::new() };
    let acronym = if pattern.contains("{s}") { acronym(rng) } else { String::new() };
    let name = fill(
        pattern,
        &[
            ('w', rng.pick(EVOCATIVE)),
            ('t', rng.pick(vocabulary.trades)),
            ('k', rng.pick(vocabulary.workshops)),
            ('l', rng.pick(LOCAL)),
            ('c', inputs.of_town),
            ('d', inputs.department),
            ('p', rng.pick(PEOPLE)),
            ('a', &brand_word),
            ('s', &acronym),
        ],
    );
    let style = if regie {
        NameStyle::Regie
    } else if name.contains("Recyclerie") || name.contains("Ressourcerie") {
        NameStyle::Ressourcerie
    } else {
        NameStyle::Ordinary
    };
    // Only names without a status word up front ("ESAT …", "AI …") get an "Association …" legal name.
    let plain = style == NameStyle::Ordinary && pattern.starts_with('{');
    if inputs.association && plain && rng.chance(ASSOCIATION_BRAND_SHARE) {
        return GeneratedName { name: format!("Association {name}"), brand: Some(name), style };
    }
    GeneratedName { name, brand: None, style }
}

/// An invented brand-like word: "Valonet", "Tri'Vert".
fn invented_word(rng: &mut Rng) -> String {
    let head = rng.pick(BRAND_HEADS);
    let tail = rng.pick(BRAND_TAILS);
    let mut word = String::with_capacity(head.len() + tail.len() + 1);
    word.push_str(head);
    if rng.chance(0.3) {
        word.push('\'');
        word.extend(tail.chars().next().into_iter().flat_map(char::to_uppercase));
        word.push_str(&tail[tail.chars().next().map_or(0, char::len_utf8)..]);
    } else {
        word.push_str(tail);
    }
    word
}

/// Every kind a name pattern is chosen for.
const PATTERN_KINDS: &[Kind] =
    &[Kind::Aci, Kind::Ei, Kind::Ai, Kind::Etti, Kind::Ea, Kind::Esat, Kind::Geiq, Kind::Scic, Kind::Scop, Kind::Esus];

/// The names given so far, per département, as the duplicate finder would compare them.
///
/// The duplicate finder ([`essor::dedup`]) pairs names of one département whose distinctive words
/// are the same, whatever common words ("Emploi", "Propreté", "Les Ateliers") one of them adds. A
/// name is therefore filed under its *proper* words: its words ([`normalise_name`], plurals folded
/// as the finder folds them) without those of the patterns and of the family vocabularies, which
/// many names share; a name made only of such words is filed under all of them.
#[derive(Debug)]
pub struct NameRegister {
    /// Folded singular words of the patterns and of the family vocabularies.
    common: HashSet<String>,
    /// Hashes of (proper words, département) given so far.
    used: HashSet<u64>,
}

impl NameRegister {
    /// An empty register.
    pub fn new() -> NameRegister {
        let mut texts: Vec<&str> = Vec::new();
        for kind in PATTERN_KINDS {
            texts.extend(patterns(*kind).iter().map(|(p, _)| *p));
        }
        texts.extend(REGIE_PATTERNS.iter().map(|(p, _)| *p));
        for vocabulary in FAMILIES.iter().chain([&FALLBACK]) {
            texts.extend(vocabulary.trades.iter().chain(vocabulary.workshops));
        }
        let mut common = HashSet::new();
        for text in texts {
            // Slots are not words of the pattern.
            let literal = fill(
                text,
                &[('w', ""), ('t', ""), ('k', ""), ('l', ""), ('c', ""), ('d', ""), ('p', ""), ('a', ""), ('s', "")],
            );
            common
                .extend(normalise_name(&literal).split(' ').filter(|w| !w.is_empty()).map(|w| singular(w).to_string()));
        }
        NameRegister { common, used: HashSet::new() }
    }

    /// Records the name in the département; false when a name with the same proper words is
    /// already there.
    pub fn claim(&mut self, name: &str, department: &str) -> bool {
        let normalised = normalise_name(name);
        let words: Vec<&str> = normalised.split(' ').filter(|w| !w.is_empty()).map(singular).collect();
        let mut proper: Vec<&str> = words.iter().copied().filter(|w| !self.common.contains(*w)).collect();
        if proper.is_empty() {
            proper = words;
        }
        proper.sort_unstable();
        proper.dedup();
        self.used.insert(key_hash(&proper, department))
    }
}

impl Default for NameRegister {
    fn default() -> Self {
        NameRegister::new()
    }
}

/// The word the duplicate finder counts for a word and its plural: a final `s` or `x` is dropped
/// from words of four letters or more without digits.
fn singular(word: &str) -> &str {
    let plural = word.len() >= 4 && (word.ends_with('s') || word.ends_with('x'));
    if plural && !word.bytes().any(|b| b.is_ascii_digit()) { &word[..word.len() - 1] } else { word }
}

/// A 64-bit FNV-1a hash of sorted words and a département.
fn key_hash(words: &[&str], department: &str) -> u64 {
    let bytes = words.iter().flat_map(|w| w.bytes().chain([b' '])).chain([0xFF]).chain(department.bytes());
    bytes.fold(0xCBF2_9CE4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01B3))
}

/// Shortest and longest acronym, in letters.
const ACRONYM_LETTERS_RANGE: (u32, u32) = (3, 5);
/// Letter runs an acronym may not contain (they would read as words nobody names a structure with).
const ACRONYM_AVOIDED: &[&str] = &["CON", "CUL", "PUT", "MER", "NAZ", "SS", "PD", "VIOL"];

/// An acronym of 3 to 5 capital letters, most starting with A (Association…): "APIE", "ARILE". Never
/// a legal form or a structure label, which the duplicate finder drops from names.
fn acronym(rng: &mut Rng) -> String {
    loop {
        let letters = rng.between(ACRONYM_LETTERS_RANGE.0, ACRONYM_LETTERS_RANGE.1) as usize;
        let mut word = String::with_capacity(letters);
        word.push(if rng.chance(0.6) { 'A' } else { char::from(rng.pick(ACRONYM_LETTERS)) });
        while word.len() < letters {
            word.push(char::from(rng.pick(ACRONYM_LETTERS)));
        }
        let lower = word.to_ascii_lowercase();
        let avoided = ACRONYM_AVOIDED.iter().any(|run| word.contains(run));
        if !avoided && !LEGAL_FORMS.contains(&lower.as_str()) && !STRUCTURE_LABELS.contains(&lower.as_str()) {
            return word;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::vocabulary::FAMILIES;
    use super::*;

    fn inputs(kind: Kind, family: usize) -> NameInputs<'static> {
        NameInputs {
            kind,
            sector: if family == 0 { "nettoyage-locaux" } else { "autre" },
            vocabulary: &FAMILIES[family],
            of_town: "d'Évry-Courcouronnes",
            department: "Essonne",
            association: true,
        }
    }

    #[test]
    fn names_follow_the_kind_and_leave_no_slot() {
        let mut rng = Rng::new(21);
        for _ in 0..300 {
            let esat = name(&inputs(Kind::Esat, 1), &mut rng);
            assert!(esat.name.starts_with("ESAT") || esat.name.starts_with("Régie"), "{}", esat.name);
            let geiq = name(&inputs(Kind::Geiq, 6), &mut rng);
            assert!(geiq.name.starts_with("GEIQ"), "{}", geiq.name);
            for n in [esat, geiq, name(&inputs(Kind::Ei, 3), &mut rng)] {
                assert!(!n.name.contains('{') && !n.name.contains('}'), "{}", n.name);
                assert!(!n.name.contains("de Évry"), "{}", n.name);
            }
        }
    }

    #[test]
    fn some_cleaning_aci_are_regies_and_some_reuse_aci_ressourceries() {
        let mut rng = Rng::new(4);
        let regies = (0..400).filter(|_| name(&inputs(Kind::Aci, 0), &mut rng).style == NameStyle::Regie).count();
        assert!((40..130).contains(&regies), "{regies}");
        assert_eq!((0..100).filter(|_| name(&inputs(Kind::Aci, 1), &mut rng).style == NameStyle::Regie).count(), 0);
        let reuse = FAMILIES.iter().position(|f| f.workshops.contains(&"La Ressourcerie")).unwrap();
        let shops = (0..400).filter(|_| name(&inputs(Kind::Aci, reuse), &mut rng).style == NameStyle::Ressourcerie);
        assert!(shops.count() > 50);
    }

    #[test]
    fn association_brands_repeat_the_usual_name() {
        let mut rng = Rng::new(8);
        let named: Vec<GeneratedName> = (0..500).map(|_| name(&inputs(Kind::Aci, 1), &mut rng)).collect();
        let branded: Vec<&GeneratedName> = named.iter().filter(|n| n.brand.is_some()).collect();
        assert!(!branded.is_empty());
        for n in branded {
            assert_eq!(n.name, format!("Association {}", n.brand.as_deref().unwrap_or_default()));
        }
    }

    #[test]
    fn names_are_filed_under_their_proper_words_per_department() {
        let mut register = NameRegister::new();
        assert!(register.claim("Arc-en-Ciel Emploi", "91"));
        assert!(!register.claim("AI Arc-en-Ciel", "91"));
        assert!(!register.claim("SCIC ARC EN CIEL", "91"));
        assert!(register.claim("Arc-en-Ciel Emploi", "94"));
        assert!(register.claim("Les Jardins du Val", "91"));
        assert!(!register.claim("Jardin du Val", "91"));
        assert!(!register.claim("Le Potager du Val", "91"));
        assert!(register.claim("Les Jardins du Vallon", "91"));
        // Names of common words only are filed under all of them.
        assert!(register.claim("Propreté Services", "91"));
        assert!(register.claim("Entretien Services", "91"));
        assert!(!register.claim("Propreté Service", "91"));
    }

    #[test]
    fn localised_names_keep_the_association_brand() {
        let mut rng = Rng::new(3);
        let plain = GeneratedName { name: "Tandem Emploi".into(), brand: None, style: NameStyle::Ordinary };
        let placed = plain.localised(&mut rng);
        assert!(placed.name.starts_with("Tandem Emploi ") && placed.name.len() > 14, "{}", placed.name);
        let branded = GeneratedName {
            name: "Association Racines".into(),
            brand: Some("Racines".into()),
            style: NameStyle::Ordinary,
        };
        let placed = branded.localised(&mut rng);
        assert_eq!(placed.name, format!("Association {}", placed.brand.as_deref().unwrap_or_default()));
        assert!(placed.name.starts_with("Association Racines "));
    }

    #[test]
    fn acronyms_are_capital_letters_and_no_structure_label() {
        let mut rng = Rng::new(5);
        for _ in 0..500 {
            let a = acronym(&mut rng);
            assert!((3..=5).contains(&a.len()) && a.bytes().all(|b| b.is_ascii_uppercase()), "{a}");
            assert!(!STRUCTURE_LABELS.contains(&a.to_ascii_lowercase().as_str()), "{a}");
        }
    }

    #[test]
    fn invented_words_are_single_capitalised_words() {
        let mut rng = Rng::new(2);
        for _ in 0..100 {
            let w = invented_word(&mut rng);
            assert!(!w.contains(' ') && w.chars().next().is_some_and(char::is_uppercase), "{w}");
        }
    }
}
