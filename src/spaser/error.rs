//! Errors of the SPASER measurement.

use crate::error::{Blame, Classified};

/// Why a SPASER measurement could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SpaserError {
    /// The file is not DECP at all.
    #[error("ce fichier n'est pas un fichier DECP : {0}")]
    NotDecp(String),
    /// No record of the file is a contract that can be measured.
    #[error(
        "ce fichier n'est pas un fichier DECP utilisable : aucun de ses {records} enregistrement(s) n'est un marché lisible"
    )]
    NoContract {
        /// Records read.
        records: usize,
    },
    /// The file could not be read.
    #[error("lecture impossible : {}", crate::wording::io_error(.0))]
    Io(std::io::Error),
    /// The temporary files of a whole-file measurement could not be written or read back.
    #[error("fichiers temporaires de la mesure : {}", crate::wording::io_error(.0))]
    Scratch(std::io::Error),
    /// A targets file is wrong; names the field.
    #[error("objectifs : « {field} » {message}")]
    Targets {
        /// The field at fault (`targets.S1`, `weights.I1`…).
        field: String,
        /// What is wrong, in French.
        message: String,
    },
    /// A buyer SIRET or a year that cannot be measured.
    #[error("{field} : {message}")]
    Selection {
        /// The option at fault.
        field: String,
        /// What is wrong, in French.
        message: String,
    },
}

impl Classified for SpaserError {
    fn blame(&self) -> Blame {
        match self {
            SpaserError::NotDecp(_) | SpaserError::NoContract { .. } => Blame::user("FILE"),
            SpaserError::Io(e) if e.kind() == std::io::ErrorKind::Other => Blame::Internal,
            SpaserError::Scratch(_) => Blame::Internal,
            SpaserError::Io(_) => Blame::user("FILE"),
            SpaserError::Targets { field, .. } | SpaserError::Selection { field, .. } => Blame::user(field.clone()),
        }
    }
}
