//! The thesaurus of the trade: words French buyers use for the same work (« jardinage », « espaces
//! verts », « paysagiste »), so that a search or a need written with one finds suppliers described
//! with another.
//!
//! The data lives in `fixtures/reference/synonyms.tsv` (compiled in), one group per line:
//! `group  terms`, terms separated by `|`, written as French writes them. Terms are compared
//! folded (case and accents ignored), word for word, plurals read as singulars, the small words
//! (« de », « à », « la »…) left out: « Entretien des espaces verts » holds « espace vert ».

use std::sync::LazyLock;

use super::text::{singular, words};

const SYNONYMS_TSV: &str = include_str!("../../fixtures/reference/synonyms.tsv");

/// Small words left out when terms are compared.
const SMALL_WORDS: [&str; 12] = ["a", "au", "aux", "de", "des", "du", "en", "et", "la", "le", "les", "un"];

/// A group of terms that mean the same work.
#[derive(Debug, Clone, PartialEq)]
pub struct SynonymGroup {
    /// Stable key (`espaces-verts`).
    pub key: String,
    /// The terms as written (« espaces verts »).
    pub terms: Vec<String>,
    /// The compared form of each term, in the same order: its meaningful words, folded and singular.
    keys: Vec<Vec<String>>,
}

/// A term found in a text and another term of its group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synonym {
    /// The term of the thesaurus found in the text, as the thesaurus writes it (« jardinage »).
    pub found: String,
    /// Another term of its group, as the thesaurus writes it (« espaces verts »).
    pub term: String,
    /// Key of the group.
    pub group: String,
}

/// All the groups.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Thesaurus {
    groups: Vec<SynonymGroup>,
}

static BUILTIN: LazyLock<Thesaurus> = LazyLock::new(|| Thesaurus::parse(SYNONYMS_TSV));

/// The words of a text as terms are compared: folded, singular, small words left out.
pub fn compared_words(text: &str) -> Vec<String> {
    words(text).into_iter().filter(|w| !SMALL_WORDS.contains(&w.as_str())).map(|w| singular(&w)).collect()
}

impl Thesaurus {
    /// The thesaurus the project carries.
    pub fn builtin() -> &'static Thesaurus {
        &BUILTIN
    }

    /// Reads a thesaurus in the `synonyms.tsv` format (header line first); groups of fewer than two
    /// terms are skipped.
    pub fn parse(tsv: &str) -> Thesaurus {
        let mut groups = Vec::new();
        for line in tsv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let Some((key, terms)) = line.split_once('\t') else { continue };
            let terms: Vec<String> =
                terms.split('|').map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect();
            let keys: Vec<Vec<String>> = terms.iter().map(|t| compared_words(t)).collect();
            if terms.len() >= 2 && keys.iter().all(|k| !k.is_empty()) {
                groups.push(SynonymGroup { key: key.trim().to_string(), terms, keys });
            }
        }
        Thesaurus { groups }
    }

    /// All groups, in file order.
    pub fn groups(&self) -> &[SynonymGroup] {
        &self.groups
    }

    /// The other terms of the groups whose terms the text holds, each once, in file order; a term
    /// the text already holds is not one of them.
    pub fn synonyms_in(&self, text: &str) -> Vec<Synonym> {
        let tokens = compared_words(text);
        let mut out: Vec<Synonym> = Vec::new();
        for group in &self.groups {
            let held: Vec<bool> = group.keys.iter().map(|k| holds(&tokens, k)).collect();
            let Some(found) = held.iter().position(|&h| h) else { continue };
            for (i, term) in group.terms.iter().enumerate() {
                if !held[i] && !out.iter().any(|s| s.term == *term) {
                    let found = group.terms[found].clone();
                    out.push(Synonym { found, term: term.clone(), group: group.key.clone() });
                }
            }
        }
        out
    }
}

/// True when the text holds the term, compared as the thesaurus compares them.
pub fn text_holds(text: &str, term: &str) -> bool {
    holds(&compared_words(text), &compared_words(term))
}

/// True when the consecutive tokens are the words of the term.
fn holds(tokens: &[String], term: &[String]) -> bool {
    !term.is_empty() && tokens.windows(term.len()).any(|w| w == term)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms_for(text: &str) -> Vec<String> {
        Thesaurus::builtin().synonyms_in(text).into_iter().map(|s| s.term).collect()
    }

    #[test]
    fn the_file_has_enough_groups_each_term_once() {
        let groups = Thesaurus::builtin().groups();
        let lines = SYNONYMS_TSV.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
        assert_eq!(groups.len(), lines, "un groupe illisible");
        assert!((30..=60).contains(&groups.len()), "{} groupes", groups.len());
        let mut seen = std::collections::HashMap::new();
        for g in groups {
            assert!(g.terms.len() >= 3 || g.key == "batiment", "{} : {} termes", g.key, g.terms.len());
            for (term, key) in g.terms.iter().zip(&g.keys) {
                assert_eq!(term.trim(), term, "« {term} »");
                // Folded like the sector keywords: one form per term, whatever its accents.
                if let Some(other) = seen.insert(key.clone(), g.key.as_str()) {
                    panic!("« {term} » dans {} et {other}", g.key);
                }
                // A single word of three letters or fewer would match unrelated words: acronyms only.
                assert!(key.len() > 1 || key[0].len() > 3 || ["btp", "d3e", "pao", "sst"].contains(&key[0].as_str()));
            }
        }
    }

    #[test]
    fn a_term_brings_the_other_terms_of_its_group() {
        assert_eq!(
            terms_for("jardinage"),
            vec!["espaces verts", "paysagiste", "paysagisme", "entretien paysager", "jardinier"]
        );
        // Case, accents, plurals and small words do not matter.
        assert!(terms_for("Entretien des ESPACES VERT").contains(&"jardinage".to_string()));
        assert!(terms_for("MENAGE").contains(&"nettoyage".to_string()));
        assert!(terms_for("Mise à disposition du personnel").contains(&"intérim".to_string()));
        assert!(terms_for("recyclerie").contains(&"ressourcerie".to_string()));
        // A term already in the text is not brought again.
        assert!(!terms_for("jardinage et espaces verts").contains(&"espaces verts".to_string()));
        // Words are compared whole: « repassage » is not « repas ».
        assert!(terms_for("repassage du linge").is_empty());
        assert!(terms_for("").is_empty());
    }

    #[test]
    fn a_synonym_says_what_it_stands_for() {
        let found = Thesaurus::builtin().synonyms_in("Blanchisserie de l'EHPAD");
        let pressing = found.iter().find(|s| s.term == "pressing");
        assert_eq!(pressing.map(|s| (s.found.as_str(), s.group.as_str())), Some(("blanchisserie", "blanchisserie")));
    }
}
