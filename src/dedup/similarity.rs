//! Name similarity weighted by how rare each word is in the compared set (tech-notes §6).
//!
//! Words are counted and compared through their [`singular`]: `jardin` and `jardins` are one
//! word. A word is *distinctive* when it contains a digit or when few names of the set use it (at
//! most [`RARE_WORD_MAX_SHARE`] of them, and always when a single name does). A distinctive word
//! must be found, as the same word, in the other name (`59` ≠ `62`, `nord` ≠ `sud`, `marin` ≠
//! `martin`). A common word pairs with the same word or with its closest common word by
//! [`strsim::jaro_winkler`], if that scores at least [`WORD_MATCH_THRESHOLD`]. Each word weighs
//! its inverse document frequency, so that a missing common word ("services") costs little and
//! shared rare words count much.
//!
//! A misspelt word is rare, hence distinctive: misspellings are only matched when they are
//! frequent enough in the set to be common words. Letting rare words pair with close common
//! words would pair proper nouns with common words (`chanimer` with `chantier`, 0.93).

use std::collections::HashMap;

use super::normalise::{has_digit, name_words, singular};

/// Lowest Jaro-Winkler score for two different common words to pair (`environement`/`environnement`).
pub const WORD_MATCH_THRESHOLD: f64 = 0.92;

/// Largest share of the compared names a word may appear in and still be rare.
pub const RARE_WORD_MAX_SHARE: f64 = 0.01;

/// A word of a name and the index of its singular in [`Corpus`].
#[derive(Debug)]
struct Word {
    text: String,
    singular: usize,
}

/// A supplier name prepared for comparison.
#[derive(Debug)]
pub(crate) struct PreparedName {
    /// The [`normalise_name`](super::normalise_name) key.
    pub(crate) key: String,
    /// Distinctive words first, then from the rarest to the most common.
    words: Vec<Word>,
    /// The singulars a name is filed under to find its candidates (see [`Corpus::build`]).
    blocking: Vec<usize>,
}

impl PreparedName {
    /// True when the name normalised to nothing and can match no other.
    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The singulars this name is filed under for the candidate search: its first word when it
    /// is distinctive, else its two first words.
    ///
    /// A name similar to one with distinctive words holds all of them and no other (it would have
    /// to be in the first name too): both have the same first word. Two names of common words only
    /// share one of their two first words unless both are misspelt.
    pub(crate) fn blocking(&self) -> &[usize] {
        &self.blocking
    }
}

/// What the compared set of names says about one singular.
#[derive(Debug)]
struct WordStats {
    text: String,
    /// Number of names using the word.
    names: usize,
    /// Inverse document frequency: `ln(1 + names in the set / names using the word)`.
    weight: f64,
    distinctive: bool,
}

/// A set of names prepared for comparison, with the statistics of their words.
#[derive(Debug)]
pub(crate) struct Corpus {
    names: Vec<PreparedName>,
    words: Vec<WordStats>,
}

impl Corpus {
    /// Normalises the names, counts their words and ranks the words of each name (distinctive
    /// first, then rarer first, then alphabetically: one order for the whole set).
    pub(crate) fn build<'a>(names: impl IntoIterator<Item = &'a str>) -> Corpus {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut words: Vec<WordStats> = Vec::new();
        let mut prepared = Vec::new();
        for name in names {
            let texts = name_words(name);
            let key = texts.join(" ");
            let name_words: Vec<Word> = texts
                .into_iter()
                .map(|text| {
                    let stem = singular(&text);
                    let id = *index.entry(stem.to_string()).or_insert(words.len());
                    if id == words.len() {
                        words.push(WordStats { text: stem.to_string(), names: 0, weight: 0.0, distinctive: false });
                    }
                    Word { text, singular: id }
                })
                .collect();
            let mut singulars: Vec<usize> = name_words.iter().map(|w| w.singular).collect();
            singulars.sort_unstable();
            singulars.dedup();
            for s in singulars {
                words[s].names += 1;
            }
            prepared.push(PreparedName { key, words: name_words, blocking: Vec::new() });
        }
        let total = prepared.iter().filter(|n| !n.is_empty()).count() as f64;
        let rare_limit = (RARE_WORD_MAX_SHARE * total).max(1.0);
        for w in &mut words {
            w.weight = (1.0 + total / w.names as f64).ln();
            w.distinctive = has_digit(&w.text) || w.names as f64 <= rare_limit;
        }
        for name in &mut prepared {
            name.words.sort_by(|a, b| {
                let (sa, sb) = (&words[a.singular], &words[b.singular]);
                (!sa.distinctive, sa.names, &sa.text, &a.text).cmp(&(!sb.distinctive, sb.names, &sb.text, &b.text))
            });
            let keep = match name.words.first() {
                Some(first) if words[first.singular].distinctive => 1,
                _ => 2,
            };
            name.blocking = name.words.iter().map(|w| w.singular).collect();
            name.blocking.dedup();
            name.blocking.truncate(keep);
        }
        Corpus { names: prepared, words }
    }

    /// The prepared names, in input order.
    pub(crate) fn names(&self) -> &[PreparedName] {
        &self.names
    }

    /// Similarity of two names of the set in [0, 1], or `None` when they cannot name the same
    /// structure: one of them is empty, or a distinctive word of one has no match in the other.
    ///
    /// Every word of each name scores its best match in the other (1 for the same word, the
    /// Jaro-Winkler score for its plural or a close word, 0 if none); the similarity is the
    /// weighted mean of these scores over the words of both names.
    pub(crate) fn similarity(&self, a: usize, b: usize) -> Option<f64> {
        let (a, b) = (&self.names[a], &self.names[b]);
        if a.is_empty() || b.is_empty() {
            return None;
        }
        let (a_scored, a_weight) = self.side_score(a, b)?;
        let (b_scored, b_weight) = self.side_score(b, a)?;
        Some((a_scored + b_scored) / (a_weight + b_weight))
    }

    /// Weighted scores and total weight of the words of `from` matched in `to`; `None` as soon
    /// as a distinctive word has no match (they come first, so mismatches are rejected early).
    fn side_score(&self, from: &PreparedName, to: &PreparedName) -> Option<(f64, f64)> {
        let (mut scored, mut weight) = (0.0, 0.0);
        for word in &from.words {
            let stats = &self.words[word.singular];
            let score = self.best_match(word, to);
            if score == 0.0 && stats.distinctive {
                return None;
            }
            scored += stats.weight * score;
            weight += stats.weight;
        }
        Some((scored, weight))
    }

    /// Best score of `word` among the words of `in_name`: the same singular, else, for a common
    /// word, the closest common word.
    fn best_match(&self, word: &Word, in_name: &PreparedName) -> f64 {
        let same_word = in_name.words.iter().filter(|o| o.singular == word.singular);
        if let Some(best) = same_word.map(|o| jaro_winkler(&word.text, &o.text)).reduce(f64::max) {
            return best;
        }
        if self.words[word.singular].distinctive {
            return 0.0;
        }
        in_name
            .words
            .iter()
            .filter(|o| !self.words[o.singular].distinctive)
            .map(|o| jaro_winkler(&word.text, &o.text))
            .filter(|&score| score >= WORD_MATCH_THRESHOLD)
            .fold(0.0, f64::max)
    }
}

/// Jaro-Winkler score, skipping the computation when the lengths alone keep it below
/// [`WORD_MATCH_THRESHOLD`] (that needs the shorter word to be at least 60 % of the longer one).
fn jaro_winkler(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let (short, long) = if a.len() <= b.len() { (a.len(), b.len()) } else { (b.len(), a.len()) };
    if (short as f64) < 0.6 * long as f64 { 0.0 } else { strsim::jaro_winkler(a, b) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn similarity(a: &str, b: &str) -> Option<f64> {
        Corpus::build([a, b]).similarity(0, 1)
    }

    /// Filler names of common words, so that rarity means something.
    const FILLERS: [&str; 4] = ["Atelier Insertion", "Services Environnement", "Ateliers Services", "Insertion Emploi"];

    /// The similarity of the first two names, compared among 300 filler names.
    fn similarity_in_large_set(names: &[&str]) -> Option<f64> {
        let set: Vec<&str> = names.iter().copied().chain(FILLERS.iter().copied().cycle().take(300)).collect();
        Corpus::build(set).similarity(0, 1)
    }

    #[test]
    fn plural_variant_scores_high_but_below_one() {
        let s = similarity("Jardins de Cocagne de Lyon", "Jardin de Cocagne Lyon").unwrap_or(0.0);
        assert!(s > 0.95 && s < 1.0, "{s}");
        assert_eq!(similarity("Envie Anjou", "SARL ENVIE ANJOU"), Some(1.0));
    }

    #[test]
    fn numbers_must_match_exactly() {
        assert_eq!(similarity("APF Entreprises 59", "APF Entreprises 62"), None);
        assert_eq!(similarity("Envie 44", "Envie 45"), None);
        assert_eq!(similarity("Envie 44", "Envie"), None);
        // Even when the numbers are frequent in the set.
        let set = ["Envie 44", "Envie 45", "Atelier 44", "Atelier 45", "Services 44", "Services 45"];
        let set: Vec<&str> = set.iter().copied().cycle().take(60).collect();
        assert_eq!(Corpus::build(set).similarity(0, 1), None);
    }

    #[test]
    fn words_used_by_one_name_only_must_match_exactly() {
        assert_eq!(similarity("Régie de Quartier Nord", "Régie de Quartier Sud"), None);
        assert_eq!(similarity("Atelier Bois", "Atelier Soie"), None);
        assert_eq!(similarity("ESAT Les Iris", "ESAT Les Lilas"), None);
        // "marin" and "martin" score 0.96 but name different places or people.
        assert_eq!(similarity("Atelier Marin", "Atelier Martin"), None);
        assert_eq!(similarity_in_large_set(&["Atelier Marin", "Atelier Martin"]), None);
    }

    #[test]
    fn rare_words_stay_distinctive_in_a_large_set() {
        // "bois" is used by 3 names out of 303 (within the 1 % share): it cannot go unmatched.
        let with_rare = ["Atelier Bois Insertion", "Atelier Insertion", "Bois Services"];
        assert_eq!(similarity_in_large_set(&with_rare), None);
        // "services" is used by 150 names: missing it only lowers the score.
        let with_common = ["Atelier Services Insertion", "Atelier Insertion"];
        assert!(similarity_in_large_set(&with_common).is_some_and(|s| s < 1.0));
    }

    #[test]
    fn common_words_may_be_misspelt_or_missing() {
        // A misspelling frequent enough to be common pairs with the right spelling.
        let common_typo = ["Envie Anjou Environnement", "Envie Anjou Environement", "Environement Services"];
        let common_typo: Vec<&str> = common_typo.into_iter().chain(["Services Environement"; 60]).collect();
        let typo = similarity_in_large_set(&common_typo);
        assert!(typo.is_some_and(|s| s > 0.95 && s < 1.0), "{typo:?}");
        // A misspelling seen once is a rare word, which must match exactly.
        assert_eq!(similarity_in_large_set(&["Envie Anjou Environnement", "Envie Anjou Environemment"]), None);
        let extra = similarity_in_large_set(&["Envie Anjou", "Envie Anjou Services"]);
        assert!(extra.is_some_and(|s| s > 0.85 && s < 1.0), "{extra:?}");
        // In a two-name set every word is rare: the extra word is distinctive.
        assert_eq!(similarity("Envie Anjou", "SARL Envie Anjou Services"), None);
    }

    #[test]
    fn rare_shared_words_outweigh_common_ones() {
        let rare_shared = similarity_in_large_set(&["Envie Anjou Atelier", "Envie Anjou Ateliers Insertion"]);
        let common_shared = similarity_in_large_set(&["Atelier Insertion", "Atelier Insertion Services"]);
        assert!(rare_shared.unwrap_or(0.0) > common_shared.unwrap_or(1.0), "{rare_shared:?} {common_shared:?}");
    }

    #[test]
    fn empty_names_never_match() {
        assert_eq!(similarity("Association SAS", "Association SAS"), None);
        assert_eq!(similarity("SARL", "Envie"), None);
    }

    #[test]
    fn names_are_filed_under_their_first_distinctive_word_or_two_common_ones() {
        let set = ["Envie Anjou", "Envie Maine", "Envie Anjou 49", "Atelier", "Maine Services"];
        let set: Vec<&str> = set.into_iter().chain(["Services Envie Anjou"; 200]).collect();
        let corpus = Corpus::build(set);
        let filed = |i: usize| -> Vec<&str> {
            corpus.names()[i].blocking().iter().map(|&s| corpus.words[s].text.as_str()).collect()
        };
        assert_eq!(filed(0), vec!["anjou", "envie"]);
        // Distinctive (a number, or used by few names) first, then the rarer.
        assert_eq!(filed(1), vec!["maine"]);
        assert_eq!(filed(2), vec!["49"]);
        assert_eq!(filed(3), vec!["atelier"]);
    }
}
