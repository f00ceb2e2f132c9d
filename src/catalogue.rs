//! The catalogue service: the store (the source of truth) and the search index (derived from it) kept
//! in step, with the reference data (communes, CPV) loaded from the store.
//!
//! Every edge (CLI, JSON API, pages) goes through this type, so that the same request gives the same
//! answer everywhere.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::alerts::{Alert, AlertKey, Preferences};
use crate::dedup::{self, Duplicate};
use crate::domain::{Commune, Cpv, CpvCatalogue, Gazetteer, Siret, Supplier, Taxonomy};
use crate::ingest::ImportedFile;
use crate::law::LawConfig;
use crate::matching::{Engine, Weights};
use crate::notices::Notice;
use crate::notices::procedure::Procedure;
use crate::notices::search::{NoticeHit, NoticeQuery, NoticeResults, rank};
use crate::search::{IndexContext, IndexError, SearchQuery, SearchResults, SupplierIndex};
use crate::store::outbox::{OutboxSummary, OutgoingMail};
use crate::store::{NoticeImport, Store, StoreError, redact_password};

/// Name of the SQLite database file inside the data folder.
pub const DATABASE_FILE: &str = "essor.db";
/// Name of the search index folder inside the data folder.
pub const INDEX_DIR: &str = "search";

/// Where the catalogue's data lives.
#[derive(Debug, Clone)]
pub struct DataLocation {
    /// The data folder: SQLite database (unless `database_url` is set) and search index.
    pub data_dir: PathBuf,
    /// A PostgreSQL (or SQLite) URL that replaces the embedded database.
    pub database_url: Option<String>,
}

/// What can go wrong while opening or updating the catalogue.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    /// The data folder cannot be created.
    #[error("impossible de créer le dossier de données « {path} » : {}", crate::wording::io_error(.source))]
    DataDir {
        /// The folder.
        path: PathBuf,
        /// The system error.
        source: std::io::Error,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The search index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// A background computation stopped before its end.
    #[error("calcul interrompu : {0}")]
    Interrupted(tokio::task::JoinError),
}

/// What bringing the index up to date did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexSync {
    /// The index already held the store's last change.
    UpToDate,
    /// The suppliers changed since the index's checkpoint were re-indexed.
    Updated(usize),
    /// The index was missing, unreadable or ahead of the store: rebuilt from scratch.
    Rebuilt(usize),
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    /// New suppliers.
    pub inserted: usize,
    /// Existing suppliers whose record changed.
    pub updated: usize,
    /// Existing suppliers imported again without change.
    pub unchanged: usize,
    /// Probable duplicates the import creates (new × existing and new × new).
    pub duplicates: Vec<Duplicate>,
    /// Warnings from the reader.
    pub warnings: Vec<String>,
}

/// The store, the index and the reference data, opened together.
pub struct Catalogue {
    store: Store,
    index: SupplierIndex,
    /// The built-in gazetteer, borrowed, unless communes were imported.
    gazetteer: std::borrow::Cow<'static, Gazetteer>,
    cpv: CpvCatalogue,
}

impl Catalogue {
    /// Opens (creating if needed) the database and the index, loads the imported reference data, and
    /// repairs the index if it is behind the database or missing.
    pub async fn open(location: &DataLocation) -> Result<Catalogue, CatalogueError> {
        let dir = &location.data_dir;
        std::fs::create_dir_all(dir).map_err(|source| CatalogueError::DataDir { path: dir.clone(), source })?;
        let store = match &location.database_url {
            Some(url) => Store::connect(url).await?,
            None => Store::open_sqlite(&dir.join(DATABASE_FILE)).await?,
        };
        let communes = store.communes().await?;
        let gazetteer = if communes.is_empty() {
            std::borrow::Cow::Borrowed(Gazetteer::builtin())
        } else {
            std::borrow::Cow::Owned(Gazetteer::with_communes(communes))
        };
        let codes = store.cpv_codes().await?;
        let cpv = if codes.is_empty() { CpvCatalogue::builtin().clone() } else { CpvCatalogue::with_codes(codes) };
        let index = SupplierIndex::open(&dir.join(INDEX_DIR))?;
        let catalogue = Catalogue { store, index, gazetteer, cpv };
        catalogue.sync_index().await?;
        Ok(catalogue)
    }

    /// The folder of the index, for messages.
    pub fn index_dir(location: &DataLocation) -> PathBuf {
        location.data_dir.join(INDEX_DIR)
    }

    /// The places known to the catalogue.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The CPV codes known to the catalogue.
    pub fn cpv(&self) -> &CpvCatalogue {
        &self.cpv
    }

    /// The sector taxonomy.
    pub fn taxonomy(&self) -> &'static Taxonomy {
        Taxonomy::builtin()
    }

    /// The database backend in use (`sqlite` or `postgresql`).
    pub fn backend(&self) -> &'static str {
        self.store.backend()
    }

    fn context(&self) -> IndexContext<'_> {
        IndexContext { gazetteer: &self.gazetteer, taxonomy: Taxonomy::builtin(), cpv: &self.cpv }
    }

    /// Brings the index up to the store's last change: nothing, the changed suppliers, or a rebuild.
    pub async fn sync_index(&self) -> Result<IndexSync, CatalogueError> {
        let last = self.store.last_change().await?;
        match self.index.checkpoint() {
            Some(done) if done == last => Ok(IndexSync::UpToDate),
            Some(done) if done < last => {
                let changed = self.store.suppliers_changed_after(done).await?;
                self.index.upsert(&changed, last, &self.context())?;
                Ok(IndexSync::Updated(changed.len()))
            }
            _ => Ok(IndexSync::Rebuilt(self.rebuild_index().await?)),
        }
    }

    /// Rebuilds the index from the database; returns the number of suppliers indexed.
    pub async fn rebuild_index(&self) -> Result<usize, CatalogueError> {
        let last = self.store.last_change().await?;
        let all = self.store.suppliers().await?;
        self.index.rebuild(&all, last, &self.context())?;
        Ok(all.len())
    }

    /// Stores validated suppliers (upsert by SIRET, all or nothing) and indexes what changed.
    pub async fn import_suppliers(&self, file: ImportedFile) -> Result<ImportOutcome, CatalogueError> {
        let existing = self.store.suppliers().await?;
        let duplicates = dedup::duplicates_with(&file.suppliers, &existing);
        let before = self.store.last_change().await?;
        let outcome = self.store.upsert_suppliers(&file.suppliers).await?;
        if self.index.checkpoint() == Some(before) {
            let changed = self.store.suppliers_changed_after(before).await?;
            self.index.upsert(&changed, outcome.last_change, &self.context())?;
        } else {
            self.sync_index().await?;
        }
        Ok(ImportOutcome {
            inserted: outcome.inserted,
            updated: outcome.updated,
            unchanged: outcome.unchanged,
            duplicates,
            warnings: file.warnings,
        })
    }

    /// Replaces the imported communes (the built-in towns stay known).
    pub async fn import_communes(&self, communes: &[Commune]) -> Result<usize, CatalogueError> {
        Ok(self.store.replace_communes(communes).await?)
    }

    /// Replaces the imported CPV nomenclature (the built-in codes stay known).
    pub async fn import_cpv(&self, codes: &[(Cpv, String)]) -> Result<usize, CatalogueError> {
        Ok(self.store.replace_cpv_codes(codes).await?)
    }

    /// Number of suppliers in the catalogue.
    pub async fn count(&self) -> Result<u64, CatalogueError> {
        Ok(self.store.count_suppliers().await?)
    }

    /// One supplier by SIRET.
    pub async fn supplier(&self, siret: &Siret) -> Result<Option<Supplier>, CatalogueError> {
        Ok(self.store.supplier(siret).await?)
    }

    /// Every supplier, ordered by SIRET.
    pub async fn suppliers(&self) -> Result<Vec<Supplier>, CatalogueError> {
        Ok(self.store.suppliers().await?)
    }

    /// Probable duplicates in the whole catalogue.
    pub async fn duplicates(&self) -> Result<Vec<Duplicate>, CatalogueError> {
        Ok(dedup::find_duplicates(&self.store.suppliers().await?))
    }

    /// Runs a search on the index (CPU-bound: call it off the async runtime in a server).
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults, CatalogueError> {
        Ok(self.index.search(query, &self.context())?)
    }

    /// The number of the database's last change (to tell whether a derived snapshot is current).
    pub async fn last_change(&self) -> Result<i64, CatalogueError> {
        Ok(self.store.last_change().await?)
    }

    /// A matching engine over the catalogue as it is now (suppliers from the database, text relevance
    /// from the index).
    pub async fn matching_engine(&self, weights: Weights, law: LawConfig) -> Result<Engine, CatalogueError> {
        let suppliers = self.store.suppliers().await?;
        let text = self.index.text_relevance()?;
        let (gazetteer, cpv) = (self.gazetteer.clone(), self.cpv.clone());
        // Building the feature table is CPU work: off the async runtime.
        tokio::task::spawn_blocking(move || Engine::new(suppliers, Some(text), gazetteer, cpv, weights, law))
            .await
            .map_err(CatalogueError::Interrupted)
    }

    /// Stores the notices of one file, all or nothing (see [`Store::import_notices`]).
    pub async fn import_notices(&self, notices: &[Notice]) -> Result<NoticeImport, CatalogueError> {
        Ok(self.store.import_notices(notices, &self.cpv).await?)
    }

    /// The stored procedures matching a notice search, best first.
    pub async fn search_notices(&self, query: &NoticeQuery) -> Result<NoticeResults, CatalogueError> {
        let candidates = self.store.notice_candidates(query).await?;
        let (total, best) = rank(&query.text, candidates, query.limit);
        let mut hits = Vec::with_capacity(best.len());
        for (key, score) in best {
            if let Some(procedure) = self.store.procedure(&key).await? {
                hits.push(NoticeHit::new(procedure, score, query.today));
            }
        }
        Ok(NoticeResults { total, hits })
    }

    /// How many procedures are stored.
    pub async fn count_notices(&self) -> Result<u64, CatalogueError> {
        Ok(self.store.count_notices().await?)
    }

    /// Every stored procedure still open on `today` (no award, time limit not passed or none), by key.
    pub async fn open_procedures(&self, today: Date) -> Result<Vec<Procedure>, CatalogueError> {
        let query = NoticeQuery {
            text: String::new(),
            departments: Vec::new(),
            cpv: Vec::new(),
            open_only: true,
            today,
            limit: usize::MAX,
        };
        let mut keys: Vec<String> =
            self.store.notice_candidates(&query).await?.into_iter().map(|c| c.procedure_id).collect();
        keys.sort();
        let mut procedures = Vec::with_capacity(keys.len());
        for key in keys {
            if let Some(procedure) = self.store.procedure(&key).await? {
                procedures.push(procedure);
            }
        }
        Ok(procedures)
    }

    /// The alert preferences a supplier stored, if it changed them.
    pub async fn alert_preferences(&self, siret: &Siret) -> Result<Option<Preferences>, CatalogueError> {
        Ok(self.store.alert_preferences(siret).await?)
    }

    /// Every stored alert preferences, by SIRET.
    pub async fn all_alert_preferences(&self) -> Result<HashMap<String, Preferences>, CatalogueError> {
        Ok(self.store.all_alert_preferences().await?)
    }

    /// Stores a supplier's alert preferences.
    pub async fn put_alert_preferences(&self, siret: &Siret, preferences: &Preferences) -> Result<(), CatalogueError> {
        Ok(self.store.put_alert_preferences(siret, preferences).await?)
    }

    /// The (supplier, procedure, lot) of every alert recorded.
    pub async fn alert_keys(&self) -> Result<HashSet<AlertKey>, CatalogueError> {
        Ok(self.store.alert_keys().await?)
    }

    /// Records alerts, each (supplier, procedure, lot) once; returns how many were new.
    pub async fn record_alerts(&self, alerts: &[Alert]) -> Result<usize, CatalogueError> {
        Ok(self.store.record_alerts(alerts).await?)
    }

    /// How many alerts are recorded.
    pub async fn count_alerts(&self) -> Result<u64, CatalogueError> {
        Ok(self.store.count_alerts().await?)
    }

    /// The alerts no e-mail carried yet, by supplier, oldest first.
    pub async fn unsent_alerts(&self) -> Result<Vec<Alert>, CatalogueError> {
        Ok(self.store.unsent_alerts().await?)
    }

    /// When each supplier was last sent an alert e-mail (Unix seconds).
    pub async fn last_alert_mail(&self) -> Result<HashMap<String, i64>, CatalogueError> {
        Ok(self.store.last_alert_mail().await?)
    }

    /// The outbox counts by state, with the mails in trouble.
    pub async fn outbox_summary(&self) -> Result<OutboxSummary, CatalogueError> {
        Ok(self.store.outbox_summary().await?)
    }

    /// Queues an e-mail and marks the alerts it carries sent, in one transaction: either both happen or
    /// neither does.
    pub async fn queue_alert_mail(
        &self,
        mail: &OutgoingMail,
        alerts: &[AlertKey],
        now: i64,
    ) -> Result<(), CatalogueError> {
        let mut tx = self.store.begin_write().await?;
        tx.enqueue(mail).await?;
        tx.mark_alerts_sent(alerts, now).await?;
        Ok(tx.commit().await?)
    }

    /// Withdraws alerts not sent yet whose lot is no longer open; returns how many were.
    pub async fn withdraw_alerts(&self, alerts: &[AlertKey]) -> Result<usize, CatalogueError> {
        if alerts.is_empty() {
            return Ok(0);
        }
        let mut tx = self.store.begin_write().await?;
        let withdrawn = tx.withdraw_alerts(alerts).await?;
        tx.commit().await?;
        Ok(withdrawn)
    }

    /// Closes the database connections.
    pub async fn close(&self) {
        self.store.close().await;
    }

    /// The data folder's index path, for the `reindex` message.
    pub fn describe(location: &DataLocation) -> String {
        match &location.database_url {
            Some(url) => {
                format!("base {} ; index {}", redact_password(url), display(&location.data_dir.join(INDEX_DIR)))
            }
            None => format!("dossier {}", display(&location.data_dir)),
        }
    }
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

impl crate::error::Classified for CatalogueError {
    fn blame(&self) -> crate::error::Blame {
        match self {
            CatalogueError::Store(e) => crate::error::Classified::blame(e),
            CatalogueError::DataDir { .. } | CatalogueError::Index(_) | CatalogueError::Interrupted(_) => {
                crate::error::Blame::Internal
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_location_is_described_without_its_password() {
        let url = "postgres://essor:secret@db.example/essor?password=other&sslmode=require";
        let location = DataLocation { data_dir: PathBuf::from("index"), database_url: Some(url.to_string()) };
        let said = Catalogue::describe(&location);
        assert!(!said.contains("secret") && !said.contains("other"), "{said}");
        assert!(said.contains("essor:***@db.example") && said.contains("password=***"), "{said}");
    }
}
