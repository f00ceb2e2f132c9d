//! What can go wrong with the database, in words a user can act on.

use std::path::PathBuf;

use sqlx::migrate::MigrateError;

/// An error of the store. Messages are in French and say which file, server, table or row is at fault.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The folder that should hold the SQLite file could not be created.
    #[error("impossible de créer le dossier « {path} » de la base de données : {}", crate::wording::io_error(.source))]
    CreateFolder {
        /// The folder.
        path: PathBuf,
        /// The file-system error.
        source: std::io::Error,
    },

    /// The SQLite file could not be opened or created (permissions, not a database, locked…).
    #[error("impossible d'ouvrir ou de créer la base SQLite « {path} » : {source}")]
    OpenSqlite {
        /// The database file.
        path: PathBuf,
        /// The driver error.
        source: sqlx::Error,
    },

    /// The PostgreSQL server could not be reached or refused the connection.
    #[error("impossible de joindre PostgreSQL à l'adresse « {url} » : {source}")]
    ConnectPostgres {
        /// The URL given, with its password masked.
        url: String,
        /// The driver error.
        source: sqlx::Error,
    },

    /// The database URL names no backend essor supports, or is malformed.
    #[error("adresse de base de données « {url} » non prise en charge : {reason}")]
    UnsupportedUrl {
        /// The URL given, with its password masked.
        url: String,
        /// What is wrong with it, in French.
        reason: &'static str,
    },

    /// Bringing the schema up to date failed.
    #[error("la mise à jour du schéma de la base {backend} (migrations) a échoué : {source}")]
    Migration {
        /// `"sqlite"` or `"postgresql"`.
        backend: &'static str,
        /// The migrator's error.
        source: MigrateError,
    },

    /// A stored row cannot be read back into a domain value.
    #[error("donnée corrompue dans la table « {table} », ligne « {key} » : {reason}")]
    Corrupt {
        /// The table holding the row.
        table: &'static str,
        /// The row's key (a SIRET, an INSEE code, a CPV code).
        key: String,
        /// What is wrong with it.
        reason: String,
    },

    /// The same key appears twice in one batch given to the store; nothing was written.
    #[error("{what} « {key} » apparaît deux fois dans le lot à enregistrer : rien n'a été enregistré")]
    DuplicateInBatch {
        /// What the key identifies, in French (`"le SIRET"`, `"le code INSEE"`…).
        what: &'static str,
        /// The repeated key.
        key: String,
    },

    /// A query failed (constraint violated, connection lost, disk full…); its transaction was undone.
    #[error("échec de la requête « {action} » : {source}")]
    Query {
        /// What the store was doing, in French.
        action: &'static str,
        /// The driver error.
        source: sqlx::Error,
    },
}

impl StoreError {
    /// A closure that wraps a driver error into [`StoreError::Query`] for `action`.
    pub(super) fn query(action: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
        move |source| StoreError::Query { action, source }
    }
}

impl crate::error::Classified for StoreError {
    /// An unsupported database URL and a key twice in a batch are the user's to fix; the rest is not.
    fn blame(&self) -> crate::error::Blame {
        match self {
            StoreError::UnsupportedUrl { .. } => crate::error::Blame::user("database_url"),
            StoreError::DuplicateInBatch { .. } => crate::error::Blame::user_without_field(),
            _ => crate::error::Blame::Internal,
        }
    }
}
