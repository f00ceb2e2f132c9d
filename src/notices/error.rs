//! Why a notice could not be read, and where.

use std::path::{Path, PathBuf};

/// A file, a line of a JSON Lines file or an XML notice that could not be read.
///
/// Every variant names the file; [`NoticeError::line`] and [`NoticeError::element`] give the line and the
/// element or field at fault when they are known. Messages are in French.
#[derive(Debug, thiserror::Error)]
pub enum NoticeError {
    /// The file could not be opened or read.
    #[error("{} : lecture impossible ({source})", file.display())]
    Io {
        /// The file.
        file: PathBuf,
        /// The system error.
        source: std::io::Error,
    },
    /// The file (or one JSON line) is larger than the limit.
    #[error("{}{} : trop volumineux (plus de {} Mo), refusé sans être lu en entier", file.display(), at_line(*line), limit / (1024 * 1024))]
    TooLarge {
        /// The file.
        file: PathBuf,
        /// The line, for a JSON Lines record.
        line: Option<usize>,
        /// The limit in bytes.
        limit: u64,
    },
    /// Neither XML nor JSON, or a document of an unknown kind.
    #[error("{} : format d'avis inconnu ({found}) ; formats lus : TED XML (TED_EXPORT), eForms (ContractNotice, PriorInformationNotice, ContractAwardNotice), BOAMP XML, BOAMP open data (JSON Lines)", file.display())]
    UnknownFormat {
        /// The file.
        file: PathBuf,
        /// What was found instead: the root element, or the first characters.
        found: String,
    },
    /// A DOCTYPE declaration: refused, since it is how entity expansion and external entities come in.
    #[error("{}, ligne {line} : déclaration DOCTYPE refusée (les DTD et les entités ne sont jamais lues, pour la sécurité)", file.display())]
    Doctype {
        /// The file.
        file: PathBuf,
        /// The line of the declaration.
        line: usize,
    },
    /// A reference to an entity other than the five predefined ones (`&amp;`…).
    #[error("{}, ligne {line} : référence à l'entité « &{name}; » refusée (seules les entités prédéfinies de XML sont acceptées)", file.display())]
    Entity {
        /// The file.
        file: PathBuf,
        /// The line.
        line: usize,
        /// The entity name.
        name: String,
    },
    /// The XML is not well formed (truncated, mismatched tags, bad characters).
    #[error("{}, ligne {line} : XML mal formé ({message}){}", file.display(), in_element(element))]
    Xml {
        /// The file.
        file: PathBuf,
        /// The line where the parser stopped.
        line: usize,
        /// The innermost open element, when known.
        element: Option<String>,
        /// What the parser said.
        message: String,
    },
    /// The text is neither UTF-8 nor an encoding the XML declaration names and essor reads.
    #[error("{} : encodage illisible ({message})", file.display())]
    Encoding {
        /// The file.
        file: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The XML nests deeper or holds more elements than a notice ever does.
    #[error("{} : structure XML démesurée ({what}), refusée", file.display())]
    TooComplex {
        /// The file.
        file: PathBuf,
        /// Which limit was passed.
        what: String,
    },
    /// A required element or field is missing or empty.
    #[error("{}{} : élément obligatoire absent ou vide : {element}", file.display(), at_line(*line))]
    Missing {
        /// The file.
        file: PathBuf,
        /// The line, for a JSON Lines record.
        line: Option<usize>,
        /// The element or field, as a path (`OBJECT_CONTRACT/TITLE`, `cbc:ID`, `idweb`).
        element: String,
    },
    /// A line of a JSON Lines file is not a JSON object.
    #[error("{}, ligne {line} : JSON invalide ({message})", file.display())]
    Json {
        /// The file.
        file: PathBuf,
        /// The line.
        line: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// A field of a BOAMP record holds something that cannot be read (`donnees` that is not JSON…).
    #[error("{}, ligne {line} : champ « {field} » illisible ({message})", file.display())]
    Field {
        /// The file.
        file: PathBuf,
        /// The line.
        line: usize,
        /// The field.
        field: String,
        /// What is wrong.
        message: String,
    },
}

fn at_line(line: Option<usize>) -> String {
    line.map(|l| format!(", ligne {l}")).unwrap_or_default()
}

fn in_element(element: &Option<String>) -> String {
    element.as_ref().map(|e| format!(", dans l'élément <{e}>")).unwrap_or_default()
}

impl NoticeError {
    /// True when the input is at fault (exit 2, HTTP 4xx); false for a failure of the machine (exit 1).
    pub fn is_user_error(&self) -> bool {
        match self {
            NoticeError::Io { source, .. } => matches!(
                source.kind(),
                std::io::ErrorKind::NotFound
                    | std::io::ErrorKind::PermissionDenied
                    | std::io::ErrorKind::IsADirectory
                    | std::io::ErrorKind::InvalidData
            ),
            _ => true,
        }
    }

    /// The file at fault.
    pub fn file(&self) -> &Path {
        match self {
            NoticeError::Io { file, .. }
            | NoticeError::TooLarge { file, .. }
            | NoticeError::UnknownFormat { file, .. }
            | NoticeError::Doctype { file, .. }
            | NoticeError::Entity { file, .. }
            | NoticeError::Xml { file, .. }
            | NoticeError::Encoding { file, .. }
            | NoticeError::TooComplex { file, .. }
            | NoticeError::Missing { file, .. }
            | NoticeError::Json { file, .. }
            | NoticeError::Field { file, .. } => file,
        }
    }

    /// The line at fault, when known.
    pub fn line(&self) -> Option<usize> {
        match self {
            NoticeError::Doctype { line, .. }
            | NoticeError::Entity { line, .. }
            | NoticeError::Xml { line, .. }
            | NoticeError::Json { line, .. }
            | NoticeError::Field { line, .. } => Some(*line),
            NoticeError::TooLarge { line, .. } | NoticeError::Missing { line, .. } => *line,
            _ => None,
        }
    }

    /// The element or field at fault, when known.
    pub fn element(&self) -> Option<&str> {
        match self {
            NoticeError::Missing { element, .. } => Some(element),
            NoticeError::Field { field, .. } => Some(field),
            NoticeError::Xml { element, .. } => element.as_deref(),
            NoticeError::Doctype { .. } => Some("DOCTYPE"),
            _ => None,
        }
    }

    /// The same error attached to a line of a JSON Lines file (used when a record's `donnees` fails).
    pub(crate) fn at_line(mut self, at: usize) -> Self {
        match &mut self {
            NoticeError::TooLarge { line, .. } | NoticeError::Missing { line, .. } => *line = Some(at),
            NoticeError::Doctype { line, .. }
            | NoticeError::Entity { line, .. }
            | NoticeError::Xml { line, .. }
            | NoticeError::Json { line, .. }
            | NoticeError::Field { line, .. } => *line = at,
            _ => {}
        }
        self
    }
}

impl crate::error::Classified for NoticeError {
    /// The input is at fault (naming the element when known), except a file the machine failed to read.
    fn blame(&self) -> crate::error::Blame {
        if !self.is_user_error() {
            return crate::error::Blame::Internal;
        }
        match self.element() {
            Some(element) => crate::error::Blame::user(element),
            None => crate::error::Blame::user_without_field(),
        }
    }
}
