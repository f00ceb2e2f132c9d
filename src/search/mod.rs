//! The tantivy full-text index of suppliers, derived from the store.
//!
//! The database is the source of truth: the index is rebuilt ([`SupplierIndex::rebuild`]) or
//! updated ([`SupplierIndex::upsert`]) from [`Supplier`] values, and every write records the
//! store's change number it reflects ([`SupplierIndex::checkpoint`]). At start the caller compares
//! it with the store: replay what changed after it, or rebuild when there is none.
//!
//! Modules, in the order data flows:
//! - `analyzer`: the French analyzers (`fr_text` stems, `fr_name` does not) and query words;
//! - `schema`: the fields; `document`: supplier → document and back (searchable text, effective
//!   sectors); `facets`: facet paths and labelled counts; `geo`: placement, radius filter, distance
//!   decay;
//! - `segment_memo`: tables read once per segment (facet keys, points);
//! - `directory`: open, create or recreate the folder; `indexer`: checkpointed writes;
//! - `query`: text (with the synonyms of its words) and filters → tantivy query (`build_query`); `typo`: the terms one typo away
//!   from the words, for the retry when the words as typed cannot fill a page; `ranking`: scoring candidates
//!   (`score_candidates`; `nearest` for a point alone) and `facet_count`: counting facets over every match; `results`: hits and
//!   their reasons (written in French by [`crate::wording::search`]).
//!
//! The matching engine reads text relevance from a snapshot of the index ([`TextRelevance`]), which
//! scores from the postings as `build_query` and `score_candidates` would.

mod analyzer;
mod directory;
mod document;
mod error;
mod facet_count;
mod facets;
mod geo;
mod indexer;
mod nearest;
mod query;
mod ranking;
mod relevance;
mod results;
mod schema;
mod segment_memo;
mod typo;

use std::path::Path;
use std::sync::Mutex;

use tantivy::schema::Schema;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument};

pub use error::IndexError;
pub use facets::{FacetCount, Facets};
pub use geo::DISTANCE_DECAY_KM;
pub use query::{DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, SearchQuery};
pub use relevance::TextRelevance;
pub use results::{HitReason, SearchHit, SearchResults};
/// The address of a document in an index snapshot, as [`TextRelevance`] gives its hits.
pub use tantivy::DocAddress;

pub(crate) use analyzer::text_terms;
pub(crate) use document::sectors_and_trade;
pub(crate) use query::{Filters, PreparedQuery, Synonyms, build_query};
pub(crate) use ranking::{Candidate, WholeIndexFacets, score_candidates};
pub(crate) use schema::Fields;

use crate::domain::{CpvCatalogue, Gazetteer, Supplier, Taxonomy};
use indexer::WriteMode;
use typo::TypoTerms;

/// The reference data documents are built and explained with.
#[derive(Debug, Clone, Copy)]
pub struct IndexContext<'a> {
    /// Régions, départements and communes: territory facet and placement of suppliers.
    pub gazetteer: &'a Gazetteer,
    /// Sectors: effective sectors and their labels.
    pub taxonomy: &'a Taxonomy,
    /// CPV labels, indexed as text.
    pub cpv: &'a CpvCatalogue,
}

impl IndexContext<'static> {
    /// The reference data the project carries.
    pub fn builtin() -> IndexContext<'static> {
        IndexContext { gazetteer: Gazetteer::builtin(), taxonomy: Taxonomy::builtin(), cpv: CpvCatalogue::builtin() }
    }
}

/// The full-text index of suppliers.
pub struct SupplierIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Serialises the writes of this process (tantivy allows one writer at a time).
    writing: Mutex<()>,
    /// Facet counts of an unfiltered listing.
    whole_index_facets: WholeIndexFacets,
}

impl std::fmt::Debug for SupplierIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SupplierIndex").field("documents", &self.len()).field("checkpoint", &self.checkpoint()).finish()
    }
}

impl SupplierIndex {
    /// Opens the index in `dir`, creating it when missing. An unreadable or incompatible index
    /// (corrupt files, another schema) is wiped and recreated empty, with no checkpoint, so that
    /// the caller rebuilds it. Only tantivy's own files are ever removed from `dir`.
    pub fn open(dir: &Path) -> Result<SupplierIndex, IndexError> {
        let (schema, fields) = schema::build();
        let index = directory::open_or_create(dir, &schema)?;
        SupplierIndex::with_index(index, fields)
    }

    /// An empty index in memory (tests and benchmarks).
    pub fn in_memory() -> Result<SupplierIndex, IndexError> {
        let (schema, fields): (Schema, Fields) = schema::build();
        SupplierIndex::with_index(Index::create_in_ram(schema), fields)
    }

    fn with_index(index: Index, fields: Fields) -> Result<SupplierIndex, IndexError> {
        analyzer::register(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(IndexError::engine("l'ouverture en lecture"))?;
        Ok(SupplierIndex {
            index,
            reader,
            fields,
            writing: Mutex::new(()),
            whole_index_facets: WholeIndexFacets::default(),
        })
    }

    /// The store change number the last commit recorded; `None` for a new, recreated or
    /// outdated index, which the caller must rebuild.
    pub fn checkpoint(&self) -> Option<i64> {
        indexer::read_checkpoint(&self.index)
    }

    /// Replaces the whole content of the index with these suppliers, and records `checkpoint`.
    pub fn rebuild(&self, suppliers: &[Supplier], checkpoint: i64, ctx: &IndexContext) -> Result<(), IndexError> {
        self.write(suppliers, checkpoint, ctx, WriteMode::Rebuild)
    }

    /// Adds these suppliers, replacing those already indexed with the same SIRET, and records
    /// `checkpoint`.
    pub fn upsert(&self, suppliers: &[Supplier], checkpoint: i64, ctx: &IndexContext) -> Result<(), IndexError> {
        self.write(suppliers, checkpoint, ctx, WriteMode::Upsert)
    }

    fn write(
        &self,
        suppliers: &[Supplier],
        checkpoint: i64,
        ctx: &IndexContext,
        mode: WriteMode,
    ) -> Result<(), IndexError> {
        let _writing = self.writing.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        indexer::write(&self.index, &self.fields, suppliers, checkpoint, ctx, mode)?;
        self.reader.reload().map_err(IndexError::engine("le rechargement"))
    }

    /// Number of suppliers in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// True when the index holds no supplier.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Searches the catalogue. When the text finds fewer hits than the page asks for, the search
    /// is run again looking up long words with one typo. Fails only when the index does.
    pub fn search(&self, query: &SearchQuery, ctx: &IndexContext) -> Result<SearchResults, IndexError> {
        let filters = Filters::of(query);
        let searcher = self.searcher();
        let page = query.page();
        let mut prepared = build_query(self.fields(), &query.text, filters, None, Synonyms::LookedUp, ctx);
        let whole_index = prepared.lists_everything() && prepared.filters.keep_everything();
        // When the index statistics show that the exact text cannot fill the page, its pass is
        // skipped: the retry's answer is the search's anyway.
        let hopeless =
            prepared.can_retry_fuzzy() && prepared.exact_matches_at_most(&searcher, self.fields()) < page.end as u64;
        let exact =
            if hopeless { None } else { Some(score_candidates(&searcher, &prepared, page.clone(), !whole_index)?) };
        let mut ranked = match exact {
            Some(ranked) if ranked.total >= page.end || !prepared.can_retry_fuzzy() => ranked,
            _ => {
                let typos = TypoTerms::find(&searcher, self.fields(), &prepared.words)?;
                prepared =
                    build_query(self.fields(), &query.text, prepared.filters, Some(&typos), Synonyms::LookedUp, ctx);
                score_candidates(&searcher, &prepared, page, true)?
            }
        };
        let tally = match ranked.tally.take() {
            Some(tally) => tally,
            None => self.whole_index_facets.tally(&searcher)?,
        };
        let hits =
            ranked.candidates.iter().map(|c| self.hit(&searcher, c, &prepared, ctx)).collect::<Result<Vec<_>, _>>()?;
        Ok(SearchResults { total: ranked.total, hits, facets: facets::facets(&tally, ctx) })
    }

    fn hit(
        &self,
        searcher: &Searcher,
        candidate: &Candidate,
        prepared: &PreparedQuery,
        ctx: &IndexContext,
    ) -> Result<SearchHit, IndexError> {
        let doc: TantivyDocument = searcher.doc(candidate.address).map_err(|e| IndexError::CorruptDocument {
            what: format!("document {:?}", candidate.address),
            message: e.to_string(),
        })?;
        let stored = document::from_document(&doc, &self.fields, ctx)?;
        let distance_km = prepared.filters.near.zip(stored.point).map(|(origin, p)| origin.distance_km(p));
        let reasons = results::explain(&stored, prepared, distance_km, ctx);
        Ok(SearchHit {
            supplier: stored.supplier,
            sectors: stored.sectors,
            score: candidate.score,
            distance_km,
            reasons,
        })
    }

    /// A snapshot of the index for one search (cheap).
    pub(crate) fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// The fields of the schema, to build queries.
    pub(crate) fn fields(&self) -> &Fields {
        &self.fields
    }
}

#[cfg(test)]
mod tests;
