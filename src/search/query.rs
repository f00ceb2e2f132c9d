//! From a search (text and filters) to a tantivy query.
//!
//! The text is never parsed as a query language, so no input is a syntax error: it is split into
//! words (stop words dropped), each word is looked up in the name (folded, boosted) and in the
//! text (stemmed) and scores by its best field; the words are OR-ed and scored with BM25. Words between double quotes
//! also score as a phrase; a 14-digit word also looks up the SIRET. The terms of the thesaurus the
//! text holds bring the other terms of their groups (« jardinage » → « espaces verts »): a synonym
//! of one word scores like a word, one of several words as a phrase of the text, at
//! [`SYNONYM_WEIGHT`] shared between its words.
//! Filters are AND-ed with the text and do not change the score.

use serde::{Deserialize, Serialize};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::IndexContext;
use super::analyzer::{QueryWord, query_words};
use super::facets::{cpv_facet, department_facet, kind_facet, sector_or_family_facet};
use super::geo::radius_filter;
use super::schema::Fields;
use super::typo::{TYPO_WEIGHT, TypoTerms, typo_tolerant};
use crate::domain::{Cpv, GeoPoint, Kind};

/// Weight of a word found in the name against the same word found in the text.
pub(crate) const NAME_BOOST: f32 = 1.5;
/// Share of the score of a word's other fields added to its best one (dis-max tie breaker).
pub(crate) const SECOND_FIELD_WEIGHT: f32 = 0.1;
/// Weight of a synonym of the text's words against the words themselves, shared between its words.
pub(crate) const SYNONYM_WEIGHT: f32 = 0.5;
/// Weight of a quoted phrase found as such, on top of its words.
const PHRASE_BOOST: f32 = 1.5;
/// Weight of an exact SIRET typed in the text.
const SIRET_BOOST: f32 = 10.0;
/// Hits per page when the caller does not say.
pub const DEFAULT_LIMIT: usize = 20;
/// Most hits one page may ask for.
pub const MAX_LIMIT: usize = 1000;
/// Deepest page start (ranking keeps `offset + limit` documents in memory).
pub const MAX_OFFSET: usize = 10_000;

/// A search of the catalogue: free text and filters, each optional, already checked against the
/// reference data by [`crate::request::resolve_search`] (the one place search parameters are
/// validated). The index never refuses a query: a sector or département it does not know matches
/// nothing, a page beyond [`MAX_OFFSET`] is empty, and a page is at most [`MAX_LIMIT`] hits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    /// Free French text; empty lists everything that passes the filters.
    pub text: String,
    /// The buyer's point: hits get `distance_km` and nearer ones score higher.
    pub near: Option<GeoPoint>,
    /// With `near`: keep only suppliers whose site is within this many kilometres.
    pub radius_km: Option<f64>,
    /// Keep suppliers holding any of these kinds.
    pub kinds: Vec<Kind>,
    /// Keep suppliers in any of these sectors (a family key stands for all its sectors).
    pub sectors: Vec<String>,
    /// Keep suppliers located in any of these départements (codes as the gazetteer writes them).
    pub departments: Vec<String>,
    /// Keep suppliers with a CPV code under any of these codes or prefixes ([`Cpv::parse_prefix`]).
    pub cpv: Vec<Cpv>,
    /// Hits per page (0 gives only the total and the facets).
    pub limit: usize,
    /// Hits to skip (pagination).
    pub offset: usize,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            text: String::new(),
            near: None,
            radius_km: None,
            kinds: Vec::new(),
            sectors: Vec::new(),
            departments: Vec::new(),
            cpv: Vec::new(),
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

impl SearchQuery {
    /// A search for this text, without filters.
    pub fn text(text: impl Into<String>) -> SearchQuery {
        SearchQuery { text: text.into(), ..SearchQuery::default() }
    }

    /// The hits asked for, as a range of ranks within the limits the index keeps.
    pub(crate) fn page(&self) -> std::ops::Range<usize> {
        if self.offset > MAX_OFFSET {
            return 0..0;
        }
        self.offset..self.offset + self.limit.min(MAX_LIMIT)
    }
}

/// The filters of a search, as the index applies them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Filters {
    /// Kinds, any of.
    pub kinds: Vec<Kind>,
    /// Sector or family keys, as asked.
    pub sectors: Vec<String>,
    /// Département codes.
    pub departments: Vec<String>,
    /// CPV codes standing for their significant prefixes.
    pub cpv: Vec<Cpv>,
    /// The point distances are measured from.
    pub near: Option<GeoPoint>,
    /// With `near`, the radius kept.
    pub radius_km: Option<f64>,
}

impl Filters {
    /// True when nothing is filtered out (a point without a radius only orders).
    pub(crate) fn keep_everything(&self) -> bool {
        self.kinds.is_empty()
            && self.sectors.is_empty()
            && self.departments.is_empty()
            && self.cpv.is_empty()
            && self.radius_km.is_none()
    }

    /// The filters of a search; a radius without a point keeps nothing out.
    pub(crate) fn of(q: &SearchQuery) -> Filters {
        Filters {
            kinds: q.kinds.clone(),
            sectors: q.sectors.clone(),
            departments: q.departments.clone(),
            cpv: q.cpv.clone(),
            near: q.near,
            radius_km: q.radius_km.filter(|_| q.near.is_some()),
        }
    }
}

/// A search turned into a tantivy query, with what ranking and explanations need.
pub(crate) struct PreparedQuery {
    /// Text clauses AND filters.
    pub query: Box<dyn Query>,
    /// The meaningful words of the text, one per stem.
    pub words: Vec<QueryWord>,
    /// The terms one typo away that long words were also looked up as (none in the first pass).
    pub typos: Option<TypoTerms>,
    /// The checked filters.
    pub filters: Filters,
    /// Keys of the sectors the text itself names (by the taxonomy's keywords).
    pub text_sectors: Vec<String>,
    /// The synonyms of the text's words looked up too (none for the matching engine's texts).
    pub synonyms: Vec<SynonymWords>,
}

/// A synonym of words of the text, and the words it is looked up by.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SynonymWords {
    /// The synonym, as the thesaurus writes it (« espaces verts »).
    pub term: String,
    /// The thesaurus term the text holds (« jardinage »).
    pub of: String,
    /// Its meaningful words.
    pub words: Vec<QueryWord>,
}

impl PreparedQuery {
    /// True when the text has no meaningful word: the search lists what passes the filters.
    pub(crate) fn lists_everything(&self) -> bool {
        self.words.is_empty()
    }

    /// True when a typo-tolerant retry could find more.
    pub(crate) fn can_retry_fuzzy(&self) -> bool {
        self.typos.is_none() && self.words.iter().any(|w| typo_tolerant(&w.folded) || typo_tolerant(&w.stem))
    }

    /// An upper bound of the documents the exact text can match, from the index statistics: every
    /// match holds one of the looked-up terms (a phrase only matches documents holding its words).
    pub(crate) fn exact_matches_at_most(&self, searcher: &Searcher, fields: &Fields) -> u64 {
        let doc_freq =
            |field: Field, text: &str| searcher.doc_freq(&Term::from_field_text(field, text)).unwrap_or(u64::MAX);
        self.words
            .iter()
            .chain(self.synonyms.iter().flat_map(|s| &s.words))
            .map(|w| {
                doc_freq(fields.name, &w.folded)
                    .saturating_add(doc_freq(fields.text, &w.stem))
                    .saturating_add(doc_freq(fields.siret, &w.folded))
            })
            .fold(0u64, u64::saturating_add)
    }
}

/// Whether a query looks the synonyms of its words up too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Synonyms {
    /// A person's search: the words and their synonyms.
    LookedUp,
    /// The words only (the matching engine reads synonyms in the lot's sectors instead).
    Left,
}

/// Turns a text and checked filters into a query; with `typos` (found for the words of the same
/// text), long words are also looked up as the terms one typo away from them.
pub(crate) fn build_query(
    fields: &Fields,
    text: &str,
    filters: Filters,
    typos: Option<&TypoTerms>,
    synonyms: Synonyms,
    ctx: &IndexContext,
) -> PreparedQuery {
    let words = distinct_words(text);
    let synonyms = match synonyms {
        Synonyms::LookedUp => synonym_words(text, &words, ctx),
        Synonyms::Left => Vec::new(),
    };
    let scoring: Box<dyn Query> = if words.is_empty() {
        Box::new(ConstScoreQuery::new(Box::new(AllQuery), 1.0))
    } else {
        text_query(fields, text, &words, &synonyms, typos)
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, scoring)];
    for filter in filter_queries(fields, &filters, ctx) {
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
    }
    let text_sectors = ctx.taxonomy.sectors_for_text(text).into_iter().map(|(s, _)| s.key.clone()).collect();
    PreparedQuery {
        query: Box::new(BooleanQuery::new(clauses)),
        words,
        typos: typos.cloned(),
        filters,
        text_sectors,
        synonyms,
    }
}

/// The synonyms of the text's terms, each with words the text does not already have, and only
/// the first of those looked up by the same terms (« paysagiste » and « paysagisme » share a stem).
fn synonym_words(text: &str, words: &[QueryWord], ctx: &IndexContext) -> Vec<SynonymWords> {
    let stems = |words: &[QueryWord]| words.iter().map(|w| w.stem.clone()).collect::<Vec<_>>();
    let mut out: Vec<SynonymWords> = Vec::new();
    for synonym in ctx.taxonomy.thesaurus().synonyms_in(text) {
        let found = SynonymWords { words: distinct_words(&synonym.term), term: synonym.term, of: synonym.found };
        let typed = |w: &QueryWord| words.iter().any(|typed| typed.stem == w.stem);
        if found.words.is_empty()
            || found.words.iter().all(typed)
            || out.iter().any(|o| stems(&o.words) == stems(&found.words))
        {
            continue;
        }
        out.push(found);
    }
    out
}

/// The meaningful words of a text, the first of each stem, in order.
pub(crate) fn distinct_words(text: &str) -> Vec<QueryWord> {
    let mut words: Vec<QueryWord> = Vec::new();
    for word in query_words(text) {
        if !words.iter().any(|w| w.stem == word.stem) {
            words.push(word);
        }
    }
    words
}

/// True when the (non-fuzzy) text query of `text` is only the OR of its words, each scored by the
/// dis-max of its boosted name term and its text term: no quoted phrase, no SIRET.
pub(crate) fn only_word_clauses(text: &str, words: &[QueryWord]) -> bool {
    !text.contains('"') && !words.iter().any(|w| is_siret(&w.folded))
}

fn is_siret(word: &str) -> bool {
    word.len() == 14 && word.bytes().all(|b| b.is_ascii_digit())
}

fn boosted(query: impl Query, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(Box::new(query), boost))
}

fn term_query(field: Field, text: &str) -> TermQuery {
    TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs)
}

/// A word scored by its best field: the boosted name or the text (which also holds the name).
fn word_query(fields: &Fields, w: &QueryWord) -> Box<dyn Query> {
    let ways: Vec<Box<dyn Query>> =
        vec![boosted(term_query(fields.name, &w.folded), NAME_BOOST), Box::new(term_query(fields.text, &w.stem))];
    Box::new(DisjunctionMaxQuery::with_tie_breaker(ways, SECOND_FIELD_WEIGHT))
}

/// OR of every word, synonyms, quoted phrases, and a typed SIRET. A word scores by its best field
/// (the boosted name or the text, which also holds the name), so a name is not counted twice.
fn text_query(
    fields: &Fields,
    text: &str,
    words: &[QueryWord],
    synonyms: &[SynonymWords],
    typos: Option<&TypoTerms>,
) -> Box<dyn Query> {
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for synonym in synonyms {
        let weight = SYNONYM_WEIGHT / synonym.words.len() as f32;
        match synonym.words.as_slice() {
            [word] => should.push((Occur::Should, boosted(word_query(fields, word), weight))),
            // Several words: as a phrase of the text (which also holds the name).
            words => {
                let terms: Vec<(usize, Term)> =
                    words.iter().map(|w| (w.position, Term::from_field_text(fields.text, &w.stem))).collect();
                should.push((Occur::Should, boosted(PhraseQuery::new_with_offset(terms), weight)));
            }
        }
    }
    for (i, w) in words.iter().enumerate() {
        let mut ways: Vec<Box<dyn Query>> =
            vec![boosted(term_query(fields.name, &w.folded), NAME_BOOST), Box::new(term_query(fields.text, &w.stem))];
        if let Some(typos) = typos {
            let (names, texts) = typos.of(i);
            ways.extend(names.iter().map(|t| boosted(term_query(fields.name, t), NAME_BOOST * TYPO_WEIGHT)));
            ways.extend(texts.iter().map(|t| boosted(term_query(fields.text, t), TYPO_WEIGHT)));
        }
        should.push((Occur::Should, Box::new(DisjunctionMaxQuery::with_tie_breaker(ways, SECOND_FIELD_WEIGHT))));
        if is_siret(&w.folded) {
            should.push((Occur::Should, boosted(term_query(fields.siret, &w.folded), SIRET_BOOST)));
        }
    }
    // Odd pieces between double quotes are phrases.
    for quoted in text.split('"').skip(1).step_by(2) {
        let terms: Vec<(usize, Term)> = query_words(quoted)
            .into_iter()
            .map(|w| (w.position, Term::from_field_text(fields.text, &w.stem)))
            .collect();
        if terms.len() >= 2 {
            should.push((Occur::Should, boosted(PhraseQuery::new_with_offset(terms), PHRASE_BOOST)));
        }
    }
    Box::new(BooleanQuery::new(should))
}

/// Documents with any of these facets (or their descendants). A union of term queries rather than a
/// term set: it is skipped through lazily when another clause leads the intersection.
fn any_facet(field: Field, facets: impl IntoIterator<Item = Facet>) -> Box<dyn Query> {
    let terms: Vec<Box<dyn Query>> = facets
        .into_iter()
        .map(|f| Box::new(TermQuery::new(Term::from_facet(field, &f), IndexRecordOption::Basic)) as Box<dyn Query>)
        .collect();
    Box::new(BooleanQuery::union(terms))
}

/// One query per kind of filter asked (each an OR of its values).
fn filter_queries(fields: &Fields, filters: &Filters, ctx: &IndexContext) -> Vec<Box<dyn Query>> {
    let mut out = Vec::new();
    if !filters.kinds.is_empty() {
        out.push(any_facet(fields.kind, filters.kinds.iter().map(|k| kind_facet(*k))));
    }
    if !filters.sectors.is_empty() {
        // A key the taxonomy does not know matches nothing: an empty union.
        out.push(any_facet(
            fields.sector,
            filters.sectors.iter().filter_map(|k| sector_or_family_facet(k, ctx.taxonomy)),
        ));
    }
    if !filters.departments.is_empty() {
        let facets = filters.departments.iter().filter_map(|d| department_facet(d, ctx.gazetteer));
        out.push(any_facet(fields.territory, facets));
    }
    if !filters.cpv.is_empty() {
        out.push(any_facet(fields.cpv, filters.cpv.iter().map(cpv_facet)));
    }
    if let (Some(centre), Some(radius)) = (filters.near, filters.radius_km) {
        out.push(radius_filter(centre, radius));
    }
    out
}
