//! The errors of the search index, with French messages that say what failed and where.

use std::path::PathBuf;

/// Why an operation on the supplier index failed.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The index folder could not be created, listed or cleaned.
    #[error("dossier de l'index « {path} » : {action} impossible : {}", crate::wording::io_error(.source))]
    Folder {
        /// The folder at fault.
        path: PathBuf,
        /// What was attempted, in French ("création", "nettoyage"…).
        action: &'static str,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Another writer (this process or another one) holds the index lock.
    #[error("l'index de recherche est déjà en cours d'écriture par un autre processus ; réessayez quand il aura fini")]
    Locked,
    /// tantivy failed while doing `action`.
    #[error("index de recherche : échec de {action} : {source}")]
    Engine {
        /// What was attempted, in French ("l'ouverture", "l'écriture"…).
        action: &'static str,
        /// The underlying tantivy error.
        source: tantivy::TantivyError,
    },
    /// A stored document cannot be read back; rebuilding the index repairs it.
    #[error("document illisible dans l'index ({what}) : {message} ; reconstruisez l'index (essor reindex)")]
    CorruptDocument {
        /// Which document (SIRET when known, else its address).
        what: String,
        /// What is wrong with it.
        message: String,
    },
}

impl IndexError {
    /// Wraps a tantivy error, turning a lock failure into [`IndexError::Locked`].
    pub(crate) fn engine(action: &'static str) -> impl FnOnce(tantivy::TantivyError) -> IndexError {
        move |source| match source {
            tantivy::TantivyError::LockFailure(..) => IndexError::Locked,
            source => IndexError::Engine { action, source },
        }
    }

    /// Wraps an I/O error met while reading the index files.
    pub(crate) fn read(action: &'static str) -> impl FnOnce(std::io::Error) -> IndexError {
        move |e| IndexError::Engine { action, source: e.into() }
    }
}

impl crate::error::Classified for IndexError {
    /// Every index error is internal: search parameters are checked before they reach the index.
    fn blame(&self) -> crate::error::Blame {
        crate::error::Blame::Internal
    }
}
