//! Names of generated suppliers, from patterns per kind filled with the words of their sector family
//! and of their town.
//!
//! Slots of the patterns: `{w}` an evocative word ("Passerelle"), `{t}` a trade word of the family
//! ("Propreté"), `{k}` a workshop word of the family ("Les Jardins"), `{l}` a local descriptor ("du Val"),
//! `{c}` "de" + the town ("de Montreuil", "d'Évry"), `{d}` the département, `{a}` an invented brand-like
//! word ("Valonet").

use crate::domain::Kind;

use super::french::fill;
use super::rng::Rng;
use super::vocabulary::FamilyVocabulary;

/// Words that give an association or a company its name.
const EVOCATIVE: &[&str] = &[
    "Élan",
    "Horizon",
    "Passerelle",
    "Tremplin",
    "Trait d'Union",
    "Relais",
    "Rebond",
    "Escale",
    "Ricochet",
    "Boussole",
    "Sillon",
    "Éclaircie",
    "Envol",
    "Archipel",
    "Levain",
    "Racines",
    "Synergie",
    "Alliance",
    "Sésame",
    "Cap Avenir",
    "Déclic",
    "Ancrage",
    "Cordée",
    "Ressort",
    "Atout",
    "Étincelle",
    "Parcours",
    "Agora",
    "Mosaïque",
    "Solstice",
    "Colibri",
    "Semailles",
    "Lien",
    "Arc-en-Ciel",
    "Boréale",
    "Cairn",
    "Marelle",
    "Phare",
    "Escalier",
    "Grand Large",
];

/// Local descriptors, as in "Les Jardins de la Vallée".
const LOCAL: &[&str] = &[
    "du Val",
    "de la Vallée",
    "du Plateau",
    "des Coteaux",
    "du Bocage",
    "des Deux Rives",
    "du Canal",
    "des Marais",
    "de la Plaine",
    "des Collines",
    "de la Forêt",
    "des Sources",
    "du Moulin",
    "de l'Étang",
    "des Prés",
    "du Bourg",
    "de la Gare",
    "des Tilleuls",
    "des Quatre Vents",
    "du Pont",
    "de la Colline",
    "des Vergers",
    "du Lavoir",
    "des Hauts",
];

/// Syllables of invented brand-like names ("Valo" + "net" → "Valonet").
const BRAND_HEADS: &[&str] = &["Ré", "Éco", "Tri", "Valo", "Néo", "Alter", "Terra", "Via", "Cyclo", "Acti", "Ultra"];
const BRAND_TAILS: &[&str] =
    &["vie", "lien", "net", "pass", "form", "cité", "sens", "mix", "vert", "lab", "ter", "nova"];

/// Weighted patterns per kind.
fn patterns(kind: Kind) -> &'static [(&'static str, u64)] {
    match kind {
        Kind::Aci => &[("{k} {l}", 3), ("{k} {c}", 3), ("{w} {c}", 2), ("Chantier {w}", 1), ("{w} Insertion", 1)],
        Kind::Ei => &[("{w} {t}", 4), ("{a}", 2), ("{t} {c}", 2), ("{a} {t}", 1)],
        Kind::Ai => &[
            ("{w} Emploi", 2),
            ("{w} Emploi {l}", 1),
            ("Association intermédiaire {c}", 2),
            ("Coup de Main {c}", 1),
            ("AI {w}", 1),
        ],
        Kind::Etti => {
            &[("{w} Intérim", 3), ("Intérim Solidaire {c}", 2), ("{a} Intérim", 1), ("{w} Intérim Insertion", 1)]
        }
        Kind::Ea => &[("{w} {t}", 3), ("Entreprise adaptée {w}", 1), ("{a} Services", 1), ("{k} {w}", 1)],
        Kind::Esat => &[("ESAT Les Ateliers {c}", 3), ("ESAT {w}", 2), ("ESAT {c}", 1), ("ESAT {k} {l}", 1)],
        Kind::Geiq => &[("GEIQ {t} {d}", 3), ("GEIQ {w}", 1)],
        Kind::Scic => &[("SCIC {w}", 2), ("{w} Coop", 1), ("Coopérative {w}", 1), ("{a}", 1), ("{k} {l}", 1)],
        Kind::Scop => &[("{w} {t}", 2), ("{a}", 2), ("{k} {l}", 1), ("Les Ateliers {w}", 1)],
        _ => &[("{w} Solidaire", 2), ("{t} Solidaire {c}", 1), ("{a}", 2)],
    }
}

/// Patterns of régies de quartier and régies de territoire.
const REGIE_PATTERNS: &[(&str, u64)] =
    &[("Régie de quartier {c}", 4), ("Régie de quartier {w}", 1), ("Régie de territoire {c}", 1)];

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
    let name = fill(
        pattern,
        &[
            ('w', rng.pick(EVOCATIVE)),
            ('t', rng.pick(vocabulary.trades)),
            ('k', rng.pick(vocabulary.workshops)),
            ('l', rng.pick(LOCAL)),
            ('c', inputs.of_town),
            ('d', inputs.department),
            ('a', &brand_word),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::vocabulary::FAMILIES;

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
    fn invented_words_are_single_capitalised_words() {
        let mut rng = Rng::new(2);
        for _ in 0..100 {
            let w = invented_word(&mut rng);
            assert!(!w.contains(' ') && w.chars().next().is_some_and(char::is_uppercase), "{w}");
        }
    }
}
