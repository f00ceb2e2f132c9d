//! Text relevance for the matching engine: BM25 of a lot's words against the suppliers' text, on a
//! fixed snapshot of the index, each hit given back as a document address whose SIRET is known
//! without reading stored documents.
//!
//! A lot's text is long (title, description, CPV labels) and its hits are restricted to the
//! départements that can reach its place, so the generic query (a union of dis-max clauses
//! intersected with a facet union, see [`build_query`]) spends most of its time moving scorers
//! around. When the text is only words (no quoted phrase, no SIRET), the same scores are added up
//! here straight from the postings: each word scores `max + tie × (sum − max)` over its boosted
//! name term and its text term, and the words are summed in order. Documents are written in
//! geographic order, so the documents of a département form a few runs of document numbers, read
//! once per snapshot: the postings are read only over the runs of the reachable départements and
//! skipped in between. The best are kept in a heap. The scores are those of the generic query,
//! operation for operation, and so is the order of ties (lower document first), with one
//! difference: a term found in the text of more than half of the suppliers (« services », from the
//! CPV labels) is left out of the text field, where it says nothing of a trade and costs most of
//! the work; it still counts in names.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::query::Bm25Weight;
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED, Term};

use super::analyzer::QueryWord;
use super::error::IndexError;
use super::query::{
    Filters, NAME_BOOST, SECOND_FIELD_WEIGHT, Synonyms, build_query, distinct_words, only_word_clauses,
};
use super::ranking::score_candidates;
use super::schema::Fields;
use super::{IndexContext, SupplierIndex};

/// A snapshot of the index able to score a text against every supplier.
pub struct TextRelevance {
    searcher: Searcher,
    fields: Fields,
    /// For each segment, the SIRET of each document (empty for deleted documents).
    sirets: Vec<Vec<String>>,
    /// For each segment, the runs of live documents located in each département (by code).
    places: Vec<HashMap<String, Vec<Run>>>,
}

impl std::fmt::Debug for TextRelevance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextRelevance").field("segments", &self.sirets.len()).finish()
    }
}

impl SupplierIndex {
    /// A snapshot for text relevance. Reads the SIRET of every document once, from the terms of the
    /// key field (no stored document is decompressed).
    pub fn text_relevance(&self) -> Result<TextRelevance, IndexError> {
        let searcher = self.searcher();
        let mut sirets = Vec::with_capacity(searcher.segment_readers().len());
        let mut places = Vec::with_capacity(searcher.segment_readers().len());
        for segment in searcher.segment_readers() {
            let mut by_doc = vec![String::new(); segment.max_doc() as usize];
            let inverted = segment.inverted_index(self.fields().siret).map_err(IndexError::engine("la lecture"))?;
            let mut terms = inverted.terms().stream().map_err(IndexError::read("la lecture de l'index"))?;
            while terms.advance() {
                let siret = String::from_utf8_lossy(terms.key()).into_owned();
                let mut postings = inverted
                    .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
                    .map_err(IndexError::read("la lecture de l'index"))?;
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if !segment.is_deleted(doc)
                        && let Some(slot) = by_doc.get_mut(doc as usize)
                    {
                        *slot = siret.clone();
                    }
                    doc = postings.advance();
                }
            }
            sirets.push(by_doc);
            places.push(department_runs(segment, self.fields().territory)?);
        }
        Ok(TextRelevance { searcher, fields: self.fields().clone(), sirets, places })
    }
}

/// The runs of live documents of a segment located in each département, from the territory facet
/// terms of depth two (`/région/département`).
fn department_runs(segment: &SegmentReader, field: Field) -> Result<HashMap<String, Vec<Run>>, IndexError> {
    let inverted = segment.inverted_index(field).map_err(IndexError::engine("la lecture des territoires"))?;
    let mut terms = inverted.terms().stream().map_err(IndexError::read("la lecture de l'index"))?;
    let mut places = HashMap::new();
    while terms.advance() {
        let Ok(facet) = Facet::from_encoded(terms.key().to_vec()) else { continue };
        let [_, department] = facet.to_path()[..] else { continue };
        let mut postings = inverted
            .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
            .map_err(IndexError::read("la lecture de l'index"))?;
        let mut runs: Vec<Run> = Vec::new();
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if !segment.is_deleted(doc) {
                match runs.last_mut() {
                    Some(run) if run.end == doc => run.end = doc + 1,
                    _ => runs.push(Run { start: doc, end: doc + 1 }),
                }
            }
            doc = postings.advance();
        }
        places.insert(department.to_string(), runs);
    }
    Ok(places)
}

impl TextRelevance {
    /// The `limit` documents whose text best matches `text` (BM25, words OR-ed, name boosted,
    /// lenient parsing: any text is accepted), best first, with their score; only those located in
    /// `departments` when it is not empty. [`TextRelevance::siret`] tells whose they are.
    pub fn hits(
        &self,
        text: &str,
        departments: &[String],
        limit: usize,
        ctx: &IndexContext,
    ) -> Result<Vec<(DocAddress, Score)>, IndexError> {
        Ok(self.hits_each(text, std::slice::from_ref(&departments.to_vec()), limit, ctx)?.pop().unwrap_or_default())
    }

    /// [`TextRelevance::hits`] for each set of départements in turn, the postings read once for all:
    /// the same lists as one search per set.
    pub fn hits_each(
        &self,
        text: &str,
        department_sets: &[Vec<String>],
        limit: usize,
        ctx: &IndexContext,
    ) -> Result<Vec<Vec<(DocAddress, Score)>>, IndexError> {
        let words = distinct_words(text);
        if words.is_empty() || limit == 0 {
            return Ok(vec![Vec::new(); department_sets.len()]);
        }
        let ranked = if only_word_clauses(text, &words) {
            self.by_postings(&words, department_sets, limit, ctx)?
        } else {
            let mut lists = Vec::with_capacity(department_sets.len());
            for departments in department_sets {
                let filters = Filters { departments: departments.clone(), ..Filters::default() };
                let prepared = build_query(&self.fields, text, filters, None, Synonyms::Left, ctx);
                let ranked = score_candidates(&self.searcher, &prepared, 0..limit, false)?;
                lists.push(ranked.candidates.iter().map(|c| (c.score, c.address)).collect());
            }
            lists
        };
        Ok(ranked
            .into_iter()
            .map(|list: Vec<(Score, DocAddress)>| {
                list.into_iter().filter(|(_, address)| self.siret(*address).is_some()).map(|(s, a)| (a, s)).collect()
            })
            .collect())
    }

    /// The SIRET of a live document.
    pub fn siret(&self, address: DocAddress) -> Option<&str> {
        let siret = self.sirets.get(address.segment_ord as usize)?.get(address.doc_id as usize)?;
        (!siret.is_empty()).then_some(siret.as_str())
    }

    /// Every live document with its SIRET.
    pub fn documents(&self) -> impl Iterator<Item = (DocAddress, &str)> {
        self.sirets.iter().enumerate().flat_map(|(segment, sirets)| {
            sirets
                .iter()
                .enumerate()
                .filter(|(_, siret)| !siret.is_empty())
                .map(move |(doc, siret)| (DocAddress::new(segment as u32, doc as DocId), siret.as_str()))
        })
    }

    /// The best `limit` documents for these words in each set of départements (all documents for an
    /// empty set), scored from the postings (see the module documentation), best first and lower
    /// address first among equals. Each document is scored once, then offered to every set holding it.
    fn by_postings(
        &self,
        words: &[QueryWord],
        department_sets: &[Vec<String>],
        limit: usize,
        ctx: &IndexContext,
    ) -> Result<Vec<Vec<(Score, DocAddress)>>, IndexError> {
        let mut weighted = Vec::with_capacity(words.len());
        let documents = self.searcher.num_docs();
        for w in words {
            let name = Term::from_field_text(self.fields.name, &w.folded);
            let text = Term::from_field_text(self.fields.text, &w.stem);
            let name_weight = self.weight(&name)?.map(|b| b.boost_by(NAME_BOOST));
            // A term in the text of more than half of the suppliers says nothing of a trade.
            let text_weight = match self.doc_freq(&text)? {
                n if n > documents / 2 => None,
                _ => self.weight(&text)?,
            };
            weighted.push((name, name_weight, text, text_weight));
        }
        let codes_of = |departments: &[String]| {
            let mut codes: Vec<&str> =
                departments.iter().filter_map(|d| ctx.gazetteer.department(d)).map(|d| d.code.as_str()).collect();
            codes.sort_unstable();
            codes.dedup();
            codes
        };
        let sets: Vec<Option<Vec<&str>>> =
            department_sets.iter().map(|d| (!d.is_empty()).then(|| codes_of(d))).collect();
        let union: Option<Vec<&str>> = if sets.iter().any(Option::is_none) {
            None
        } else {
            let mut all: Vec<&str> = sets.iter().flatten().flatten().copied().collect();
            all.sort_unstable();
            all.dedup();
            Some(all)
        };
        let mut best: Vec<Best> = sets.iter().map(|_| Best::new(limit)).collect();
        let most_docs = self.searcher.segment_readers().iter().map(SegmentReader::max_doc).max().unwrap_or(0);
        // Zero for every document; the documents touched are set back to zero after each segment.
        let mut scores: Vec<Score> = vec![0.0; most_docs as usize];
        let mut touched: Vec<DocId> = Vec::new();
        let mut name_hits: Vec<(DocId, Score)> = Vec::new();
        for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
            let places = self.places.get(ord);
            let runs_of = |codes: &Option<Vec<&str>>| match codes {
                None => vec![Run { start: 0, end: segment.max_doc() }],
                Some(codes) => places.map(|places| merged_runs(places, codes)).unwrap_or_default(),
            };
            let runs = runs_of(&union);
            // A set that is the whole of what is read takes every document scored, without a test.
            let set_runs: Vec<Option<Vec<Run>>> =
                sets.iter().map(|set| (*set != union).then(|| runs_of(set))).collect();
            touched.clear();
            for (name, name_weight, text, text_weight) in &weighted {
                name_hits.clear();
                if let Some(weight) = name_weight {
                    each_scored(segment, self.fields.name, name, weight, &runs, |doc, s| name_hits.push((doc, s)))?;
                }
                let mut add = |doc: DocId, s: Score| {
                    if let Some(slot) = scores.get_mut(doc as usize) {
                        if *slot == 0.0 {
                            touched.push(doc);
                        }
                        *slot += s;
                    }
                };
                // The name hits are merged into the text postings, both in document order.
                let mut next = 0;
                let mut next_named = name_hits.first().map_or(TERMINATED, |h| h.0);
                if let Some(weight) = text_weight {
                    each_scored(segment, self.fields.text, text, weight, &runs, |doc, s| {
                        if doc < next_named {
                            return add(doc, s);
                        }
                        while let Some(&(named, n)) = name_hits.get(next)
                            && named < doc
                        {
                            add(named, n);
                            next += 1;
                        }
                        match name_hits.get(next) {
                            Some(&(named, n)) if named == doc => {
                                add(doc, dis_max(n, s));
                                next += 1;
                            }
                            _ => add(doc, s),
                        }
                        next_named = name_hits.get(next).map_or(TERMINATED, |h| h.0);
                    })?;
                }
                for &(named, n) in name_hits.get(next..).unwrap_or_default() {
                    add(named, n);
                }
            }
            for &doc in &touched {
                if let Some(slot) = scores.get_mut(doc as usize) {
                    if !segment.is_deleted(doc) {
                        for (kept, runs) in best.iter_mut().zip(&set_runs) {
                            if runs.as_ref().is_none_or(|runs| in_runs(runs, doc)) {
                                kept.offer(*slot, DocAddress::new(ord as u32, doc));
                            }
                        }
                    }
                    *slot = 0.0;
                }
            }
        }
        Ok(best.into_iter().map(Best::into_sorted).collect())
    }

    /// The number of documents holding a term in the whole snapshot.
    fn doc_freq(&self, term: &Term) -> Result<u64, IndexError> {
        self.searcher.doc_freq(term).map_err(IndexError::engine("la pondération des termes"))
    }

    /// The BM25 weight of a term over the whole snapshot, `None` when no document holds it.
    fn weight(&self, term: &Term) -> Result<Option<Bm25Weight>, IndexError> {
        if self.doc_freq(term)? == 0 {
            return Ok(None);
        }
        Bm25Weight::for_terms(&self.searcher, std::slice::from_ref(term))
            .map(Some)
            .map_err(IndexError::engine("la pondération des termes"))
    }
}

/// A hit ordered from worst to best: lower score, then higher address among equals.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Hit(Score, DocAddress);

impl Eq for Hit {}

impl PartialOrd for Hit {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Hit {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0).then_with(|| other.1.cmp(&self.1))
    }
}

/// The best `limit` hits offered, kept in a heap whose top is the worst of them.
struct Best {
    limit: usize,
    heap: BinaryHeap<Reverse<Hit>>,
}

impl Best {
    fn new(limit: usize) -> Best {
        Best { limit, heap: BinaryHeap::with_capacity(limit + 1) }
    }

    fn offer(&mut self, score: Score, address: DocAddress) {
        let hit = Hit(score, address);
        if self.heap.len() < self.limit {
            self.heap.push(Reverse(hit));
        } else if let Some(mut worst) = self.heap.peek_mut()
            && hit > worst.0
        {
            *worst = Reverse(hit);
        }
    }

    /// The hits kept, best first.
    fn into_sorted(self) -> Vec<(Score, DocAddress)> {
        self.heap.into_sorted_vec().into_iter().map(|Reverse(Hit(score, address))| (score, address)).collect()
    }
}

/// A word's score over its two fields, as tantivy's dis-max combiner computes it (name first).
fn dis_max(name: Score, text: Score) -> Score {
    let max = name.max(0.0).max(text);
    let sum = 0.0 + name + text;
    max + (sum - max) * SECOND_FIELD_WEIGHT
}

/// Calls `f` with each document of the runs holding `term` and its BM25 score, in document order;
/// the postings between the runs are skipped without being decoded.
fn each_scored(
    segment: &SegmentReader,
    field: Field,
    term: &Term,
    weight: &Bm25Weight,
    runs: &[Run],
    mut f: impl FnMut(DocId, Score),
) -> Result<(), IndexError> {
    let inverted = segment.inverted_index(field).map_err(IndexError::engine("la lecture des termes"))?;
    let Some(mut postings) = inverted
        .read_postings(term, IndexRecordOption::WithFreqs)
        .map_err(IndexError::read("la lecture de l'index"))?
    else {
        return Ok(());
    };
    let norms = match segment.fieldnorms_readers().get_field(field).map_err(IndexError::engine("la lecture"))? {
        Some(norms) => norms,
        None => FieldNormReader::constant(segment.max_doc(), 1),
    };
    // Most words occur once in a supplier's text: their scores by field length, computed once.
    let once: Vec<Score> = (0..=u8::MAX).map(|id| weight.score(id, 1)).collect();
    for run in runs {
        let mut doc = postings.doc();
        if doc < run.start {
            doc = postings.seek(run.start);
        }
        while doc < run.end {
            let norm = norms.fieldnorm_id(doc);
            let score = match postings.term_freq() {
                1 => once.get(usize::from(norm)).copied().unwrap_or_else(|| weight.score(norm, 1)),
                term_freq => weight.score(norm, term_freq),
            };
            f(doc, score);
            doc = postings.advance();
        }
        if doc == TERMINATED {
            break;
        }
    }
    Ok(())
}

/// A range of document numbers, `start` included, `end` excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    start: DocId,
    end: DocId,
}

/// True when `doc` lies in one of `runs` (sorted, disjoint).
fn in_runs(runs: &[Run], doc: DocId) -> bool {
    let after = runs.partition_point(|run| run.start <= doc);
    after > 0 && doc < runs[after - 1].end
}

/// The runs of these départements, in document order, adjacent runs joined.
fn merged_runs(places: &HashMap<String, Vec<Run>>, departments: &[&str]) -> Vec<Run> {
    let mut all: Vec<Run> = departments.iter().filter_map(|d| places.get(*d)).flatten().copied().collect();
    all.sort_unstable_by_key(|run| run.start);
    let mut runs: Vec<Run> = Vec::with_capacity(all.len());
    for run in all {
        match runs.last_mut() {
            Some(last) if last.end >= run.start => last.end = last.end.max(run.end),
            _ => runs.push(run),
        }
    }
    runs
}

#[cfg(test)]
#[path = "relevance_tests.rs"]
mod tests;
