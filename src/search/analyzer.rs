//! The French analyzers of the index.
//!
//! - `fr_text` (descriptions, labels): split on non-alphanumerics, drop tokens over 40 bytes,
//!   lower-case, drop French stop words, fold accents to ASCII, then stem (Snowball French).
//!   Folding comes BEFORE stemming so that "électricité" and "electricite" give the same stem.
//! - `fr_name` (company names): the same chain without the stemmer, so names match word for word,
//!   then plurals folded to the singular ([`singular`]): « SCOP ESPACES VERTS » is found by
//!   « espace vert » as well as by « espaces verts ».
//!
//! tantivy's French stop-word list is accented and runs before folding; the folded forms of its
//! accented entries ("a", "meme", "etait"…) are removed after folding, so that a buyer typing
//! without accents gets the same tokens.
//!
//! The filters dominate indexing time and the same words come back in every document (labels,
//! trade words): each analyzer splits words itself and runs the chain once per distinct word,
//! remembering the result per thread ([`RememberedWords`]); the chain only ever sees one word at
//! a time, so the terms and their positions are those of the plain chain.
//!
//! Tokenizers are not stored in the index: [`register`] must run on every opened index.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use tantivy::Index;

pub(crate) use crate::domain::text::singular;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer, StopWordFilter, TextAnalyzer,
    Token, TokenStream, Tokenizer,
};

/// Name of the stemming analyzer for free text.
pub(crate) const FR_TEXT: &str = "fr_text";
/// Name of the non-stemming analyzer for names.
pub(crate) const FR_NAME: &str = "fr_name";

/// Longest token kept, in bytes (longer ones are noise: URLs, pasted codes).
const MAX_TOKEN_BYTES: usize = 40;

/// Folded forms of the accented entries of tantivy's French stop-word list.
const FOLDED_STOP_WORDS: [&str; 15] = [
    "a", "meme", "etee", "etees", "etant", "etes", "etais", "etait", "etions", "etiez", "etaient", "fumes", "futes",
    "eumes", "eutes",
];

/// The reference chain on one word: the filters of the analyzers, without the memory.
fn word_chain(stem: bool) -> TextAnalyzer {
    let french = StopWordFilter::new(Language::French).unwrap_or_else(|| StopWordFilter::remove(Vec::new()));
    let folded = StopWordFilter::remove(FOLDED_STOP_WORDS.iter().map(|w| w.to_string()));
    let chain = TextAnalyzer::builder(RawTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(french)
        .filter(AsciiFoldingFilter)
        .filter(folded)
        .dynamic();
    if stem { chain.filter_dynamic(Stemmer::new(Language::French)).build() } else { chain.build() }
}

/// An analyzer: the words [`SimpleTokenizer`](tantivy::tokenizer::SimpleTokenizer) would split, each replaced by what [`word_chain`]
/// makes of it.
fn build(stem: bool) -> TextAnalyzer {
    TextAnalyzer::builder(RememberedWords { stem, token: Token::default() }).build()
}

/// Most words remembered per thread and analyzer; the memory is released and refilled beyond it.
const WORD_CACHE_WORDS: usize = 50_000;

/// The word chains, built once.
static TEXT_WORD_CHAIN: LazyLock<TextAnalyzer> = LazyLock::new(|| word_chain(true));
static NAME_WORD_CHAIN: LazyLock<TextAnalyzer> = LazyLock::new(|| word_chain(false));

/// A fast hasher for short words (the multiply-rotate hash of rustc); the default SipHash costs
/// more than the work it saves on a hit.
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Word as split → its term, or `None` when the chain drops it (stop word, too long).
type WordCache = HashMap<String, Option<String>, BuildHasherDefault<WordHasher>>;

thread_local! {
    static TEXT_WORDS: RefCell<WordCache> = RefCell::new(WordCache::default());
    static NAME_WORDS: RefCell<WordCache> = RefCell::new(WordCache::default());
}

/// Writes the term of a word into `term`; false when the word is dropped. The chain runs only
/// the first time this thread sees the word.
fn analyse(word: &str, stem: bool, term: &mut String) -> bool {
    let cache = if stem { &TEXT_WORDS } else { &NAME_WORDS };
    cache.with(|cache| {
        let mut cache = cache.borrow_mut();
        let known = match cache.get(word) {
            Some(known) => known,
            None => {
                let mut chain = if stem { TEXT_WORD_CHAIN.clone() } else { NAME_WORD_CHAIN.clone() };
                let mut stream = chain.token_stream(word);
                let analysed = stream.advance().then(|| stream.token().text.clone());
                let analysed = if stem { analysed } else { analysed.map(|w| singular(&w)) };
                if cache.len() >= WORD_CACHE_WORDS {
                    cache.clear();
                }
                cache.entry(word.to_string()).or_insert(analysed)
            }
        };
        match known {
            Some(known) => {
                term.clear();
                term.push_str(known);
                true
            }
            None => false,
        }
    })
}

/// True for the characters words are made of (those of [`SimpleTokenizer`](tantivy::tokenizer::SimpleTokenizer)).
fn in_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// The next word of `text` from byte `from`, as a byte range: the longest run of alphanumeric
/// characters, ASCII read without decoding.
fn next_word(text: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let char_len = |i: usize| -> (bool, usize) {
        match bytes[i] {
            b if b.is_ascii() => (b.is_ascii_alphanumeric(), 1),
            _ => text.get(i..).and_then(|rest| rest.chars().next()).map_or((false, 1), |c| (in_word(c), c.len_utf8())),
        }
    };
    let mut i = from;
    let start = loop {
        if i >= bytes.len() {
            return None;
        }
        let (alphanumeric, len) = char_len(i);
        if alphanumeric {
            break i;
        }
        i += len;
    };
    while i < bytes.len() {
        let (alphanumeric, len) = char_len(i);
        if !alphanumeric {
            break;
        }
        i += len;
    }
    Some((start, i))
}

/// Tokenizer: the words [`SimpleTokenizer`](tantivy::tokenizer::SimpleTokenizer) splits (same positions and offsets), each run through
/// [`word_chain`] with a per-thread memory of the words already seen (the same words come back
/// in every document: labels, trade words). Dropped words keep their position.
#[derive(Clone)]
struct RememberedWords {
    stem: bool,
    token: Token,
}

impl Tokenizer for RememberedWords {
    type TokenStream<'a> = RememberedWordsStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> RememberedWordsStream<'a> {
        self.token.reset();
        RememberedWordsStream { text, cursor: 0, stem: self.stem, token: &mut self.token }
    }
}

/// The analysed words of one text.
struct RememberedWordsStream<'a> {
    text: &'a str,
    cursor: usize,
    stem: bool,
    token: &'a mut Token,
}

impl TokenStream for RememberedWordsStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((from, to)) = next_word(self.text, self.cursor) {
            self.cursor = to;
            self.token.position = self.token.position.wrapping_add(1);
            self.token.offset_from = from;
            self.token.offset_to = to;
            if analyse(&self.text[from..to], self.stem, &mut self.token.text) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

static TEXT_ANALYZER: LazyLock<TextAnalyzer> = LazyLock::new(|| build(true));
static NAME_ANALYZER: LazyLock<TextAnalyzer> = LazyLock::new(|| build(false));

/// Registers `fr_text` and `fr_name` on the index (needed after every create or open).
pub(crate) fn register(index: &Index) {
    index.tokenizers().register(FR_TEXT, TEXT_ANALYZER.clone());
    index.tokenizers().register(FR_NAME, NAME_ANALYZER.clone());
}

fn tokens(analyzer: &LazyLock<TextAnalyzer>, text: &str) -> Vec<String> {
    let mut analyzer = (*analyzer).clone();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// A set of terms with the fast hasher of the analyzers (explanations build one per hit).
pub(crate) type TermSet = std::collections::HashSet<String, BuildHasherDefault<WordHasher>>;

/// The distinct terms `fr_text` (`stem`) or `fr_name` indexes for these texts.
pub(crate) fn term_set<'t>(texts: impl IntoIterator<Item = &'t str>, stem: bool) -> TermSet {
    let mut analyzer = if stem { TEXT_ANALYZER.clone() } else { NAME_ANALYZER.clone() };
    let mut set = TermSet::default();
    for text in texts {
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let term = &stream.token().text;
            if !set.contains(term.as_str()) {
                set.insert(term.clone());
            }
        }
    }
    set
}

/// The terms `fr_text` indexes for this text (stems).
pub(crate) fn text_terms(text: &str) -> Vec<String> {
    tokens(&TEXT_ANALYZER, text)
}

/// The terms `fr_name` indexes for this text (folded singular words).
#[cfg(test)]
pub(crate) fn name_terms(text: &str) -> Vec<String> {
    tokens(&NAME_ANALYZER, text)
}

/// One meaningful word of a user's query, with the terms it is looked up by.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QueryWord {
    /// The word as typed, lower-cased (accents kept), for explanations.
    pub shown: String,
    /// The folded singular word: the `fr_name` term.
    pub folded: String,
    /// The stem: the `fr_text` term.
    pub stem: String,
    /// Position of the word in the text (stop words count), for phrases.
    pub position: usize,
}

/// Splits a user's text into its meaningful words (stop words dropped), in order.
pub(crate) fn query_words(text: &str) -> Vec<QueryWord> {
    let mut analyzer = NAME_ANALYZER.clone();
    let mut stream = analyzer.token_stream(text);
    let mut words = Vec::new();
    while stream.advance() {
        let token = stream.token();
        let shown = text.get(token.offset_from..token.offset_to).unwrap_or(&token.text).to_lowercase();
        // The stem of the word as typed (the name term is already a singular).
        let typed = text.get(token.offset_from..token.offset_to).unwrap_or(&token.text);
        let stem = text_terms(typed).into_iter().next().unwrap_or_else(|| token.text.clone());
        words.push(QueryWord { shown, folded: token.text.clone(), stem, position: token.position });
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_plurals_and_stop_words_give_the_same_terms() {
        let a = text_terms("nettoyage des locaux");
        assert_eq!(a, text_terms("NETTOYAGE LOCAUX"));
        assert_eq!(a, text_terms("nettoyage de local"));
        assert_eq!(text_terms("électricité"), text_terms("electricite"));
        assert_eq!(text_terms("Entreprises adaptées"), text_terms("entreprise adaptee"));
        assert_eq!(text_terms("à"), Vec::<String>::new());
        assert_eq!(text_terms("a"), Vec::<String>::new());
    }

    #[test]
    fn remembered_stems_are_the_stemmer_s() {
        let mut plain = TextAnalyzer::builder(RawTokenizer::default()).filter(Stemmer::new(Language::French)).build();
        for word in ["nettoyage", "locaux", "jardins", "nettoyage", "insertion", "locaux"] {
            let mut stream = plain.token_stream(word);
            assert!(stream.advance());
            assert_eq!(text_terms(word), vec![stream.token().text.clone()], "{word}");
        }
    }

    /// Terms, positions and offsets of an analyzer on a text.
    fn terms_at(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn remembered_words_give_the_terms_and_positions_of_the_plain_chain() {
        let text = "L'Œuvre des Jardins à Évry : été 2024, ÉTAIT-CE là ? Straße \
                    anticonstitutionnellementanticonstitutionnellement nettoyage des locaux, Jardins \
                    Chantier-École n°3 — l’Œuvre ½ ❤ café 2ème «éco» x";
        for stem in [false, true] {
            let french = StopWordFilter::new(Language::French).unwrap_or_else(|| StopWordFilter::remove(Vec::new()));
            let folded = StopWordFilter::remove(FOLDED_STOP_WORDS.iter().map(|w| w.to_string()));
            let chain = TextAnalyzer::builder(tantivy::tokenizer::SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
                .filter(LowerCaser)
                .filter(french)
                .filter(AsciiFoldingFilter)
                .filter(folded)
                .dynamic();
            let mut plain =
                if stem { chain.filter_dynamic(Stemmer::new(Language::French)).build() } else { chain.build() };
            let mut remembered = build(stem);
            assert!(terms_at(&mut remembered, "").is_empty());
            assert!(terms_at(&mut remembered, " — « » ").is_empty());
            let expected = terms_at(&mut plain, text);
            assert!(expected.len() > 8, "{expected:?}");
            // Twice: the second pass reads the remembered words.
            let expected: Vec<_> = if stem {
                expected
            } else {
                expected.into_iter().map(|(term, at, from, to)| (singular(&term), at, from, to)).collect()
            };
            assert_eq!(terms_at(&mut remembered, text), expected, "stem: {stem}");
            assert_eq!(terms_at(&mut remembered, text), expected, "stem: {stem}");
        }
    }

    #[test]
    fn names_are_folded_but_not_stemmed() {
        assert_eq!(name_terms("L'Atelier des Jardins"), vec!["atelier", "jardin"]);
        assert_eq!(text_terms("L'Atelier des Jardins"), vec!["ateli", "jardin"]);
    }

    #[test]
    fn names_fold_plurals_case_and_accents() {
        assert_eq!(name_terms("SCOP ESPACES VERTS"), name_terms("scop espace vert"));
        assert_eq!(name_terms("Les Métaux et les Bureaux"), vec!["metal", "bureau"]);
        assert_eq!(name_terms("Jeux Réunis"), vec!["jeu", "reuni"]);
        // A double s is not a plural; short words are kept.
        assert_eq!(name_terms("Express Bus"), vec!["express", "bus"]);
    }

    #[test]
    fn query_words_keep_what_was_typed() {
        let words = query_words("Nettoyage des Locaux : « Évry »");
        let shown: Vec<&str> = words.iter().map(|w| w.shown.as_str()).collect();
        assert_eq!(shown, vec!["nettoyage", "locaux", "évry"]);
        assert_eq!(words[2].folded, "evry");
        assert_eq!(words[1].stem, text_terms("local")[0]);
        assert_eq!(words[1].position, 2);
    }
}
