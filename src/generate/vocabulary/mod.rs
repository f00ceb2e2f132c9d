//! The words the generator builds names and descriptions from, per family of sectors.
//!
//! The taxonomy (`fixtures/reference/sectors.tsv`) says which sectors exist; this table adds what it
//! does not carry: how likely each kind of supplier is to work in a family, the trade words of its
//! names and a few French sentences about the work. A taxonomy family is tied to an entry by folded
//! fragments of its key and label, so the table survives renamed keys; a family no entry recognises
//! uses [`FALLBACK`].

mod families;
pub mod name_words;

use essor::domain::Kind;
use essor::domain::text::fold;

pub use families::FAMILIES;

/// What the generator knows about one family of sectors.
#[derive(Debug)]
pub struct FamilyVocabulary {
    /// Folded fragments looked for in the taxonomy family's key and label ("propre", "espace vert").
    pub stems: &'static [&'static str],
    /// How likely each kind is to work in the family (relative weights; absent kinds weigh 1).
    pub affinity: &'static [(Kind, u32)],
    /// Words that end a company-style name ("Élan Propreté").
    pub trades: &'static [&'static str],
    /// Words that start a workshop-style name ("Les Jardins du Val").
    pub workshops: &'static [&'static str],
    /// Complete French sentences about the work.
    pub sentences: &'static [&'static str],
}

/// The vocabulary of a family no entry recognises.
pub static FALLBACK: FamilyVocabulary = FamilyVocabulary {
    stems: &[],
    affinity: &[],
    trades: &["Services", "Solidaire", "Initiatives"],
    workshops: &["L'Atelier", "Les Ateliers"],
    sentences: &[
        "Nos équipes s'adaptent aux besoins des collectivités, des bailleurs sociaux et des entreprises.",
        "Chaque prestation est encadrée par des professionnels et s'appuie sur un accompagnement socioprofessionnel.",
    ],
};

/// Sectors most suppliers of their family work in, by sector key, with how much more often they are drawn
/// than their siblings (nearly every régie cleans buildings; few clean vehicles).
const COMMON_SECTORS: &[(&str, u64)] = &[
    ("nettoyage-locaux", 5),
    ("entretien-espaces-verts", 5),
    ("restauration-collective", 2),
    ("traiteur", 2),
    ("collecte-dechets", 2),
    ("cartons-papiers", 2),
    ("ressourcerie", 4),
    ("confection-textile", 2),
    ("blanchisserie", 2),
    ("collecte-textiles", 2),
    ("reconditionnement-informatique", 3),
    ("maraichage", 4),
    ("mise-a-disposition-personnel", 8),
    ("petits-travaux-entretien", 2),
    ("peinture-vitrerie", 2),
    ("sous-traitance-conditionnement", 4),
    ("menage-particuliers", 2),
    ("aide-domicile", 2),
    ("accompagnement-social", 2),
    ("transport-marchandises", 2),
];

/// How much more often a sector is drawn than its siblings (1 for most).
pub fn emphasis(sector_key: &str) -> u64 {
    COMMON_SECTORS.iter().find(|(key, _)| *key == sector_key).map(|(_, weight)| *weight).unwrap_or(1)
}

/// The vocabulary entry of a taxonomy family: the entry with the most stems found in its folded key and
/// label (the first one on a tie), else [`FALLBACK`].
pub fn vocabulary_for(family_key: &str, family_label: &str) -> &'static FamilyVocabulary {
    let haystack = format!("{} {}", fold(family_key).replace('-', " "), fold(family_label).replace('-', " "));
    let mut best: Option<(&FamilyVocabulary, usize)> = None;
    for vocabulary in FAMILIES {
        let hits = vocabulary.stems.iter().filter(|stem| haystack.contains(*stem)).count();
        if hits > 0 && best.is_none_or(|(_, most)| hits > most) {
            best = Some((vocabulary, hits));
        }
    }
    best.map(|(v, _)| v).unwrap_or(&FALLBACK)
}

impl FamilyVocabulary {
    /// The relative weight of the kind in this family.
    pub fn affinity(&self, kind: Kind) -> u32 {
        self.affinity.iter().find(|(k, _)| *k == kind).map(|(_, w)| *w).unwrap_or(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_families_by_key_or_label() {
        assert!(std::ptr::eq(vocabulary_for("proprete", "Propreté et services aux bâtiments"), &FAMILIES[0]));
        let green = vocabulary_for("espaces-verts", "Espaces verts et nature");
        assert!(green.workshops.contains(&"Les Jardins"));
        let staff = vocabulary_for("personnel", "Mise à disposition de personnel");
        assert!(staff.affinity(Kind::Ai) > staff.affinity(Kind::Scic));
        assert!(std::ptr::eq(vocabulary_for("divers", "Autres activités"), &FALLBACK));
    }

    #[test]
    fn every_family_of_the_builtin_taxonomy_has_its_own_words() {
        let taxonomy = essor::domain::Taxonomy::builtin();
        for family in taxonomy.families() {
            let v = vocabulary_for(&family.key, &family.label);
            assert!(!std::ptr::eq(v, &FALLBACK), "no vocabulary for {}", family.key);
        }
        for (key, _) in COMMON_SECTORS {
            assert!(taxonomy.sector(key).is_some(), "{key} is not a sector of the taxonomy");
        }
        let staff = vocabulary_for("mise-a-disposition", "Mise à disposition de personnel");
        assert!(std::ptr::eq(staff, vocabulary_for("personnel", "Mise à disposition de personnel")));
        assert!(!std::ptr::eq(staff, vocabulary_for("services-personne", "Services à la personne")));
    }

    #[test]
    fn every_entry_has_words_to_build_from() {
        for v in FAMILIES.iter().chain([&FALLBACK]) {
            assert!(!v.trades.is_empty() && !v.workshops.is_empty() && !v.sentences.is_empty(), "{:?}", v.stems);
            assert!(v.sentences.iter().all(|s| s.ends_with('.')), "{:?}", v.stems);
            assert!(v.stems.iter().all(|s| fold(s) == *s && !s.contains('-')), "{:?}", v.stems);
        }
    }
}
