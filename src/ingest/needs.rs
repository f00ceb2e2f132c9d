//! The needs file of `essor match --needs FILE` (contract format §2): JSON Lines, one need per line.
//!
//! Blank lines are skipped. The first error stops the reading and names its line (1-based) and field;
//! nothing of the file is kept (all or nothing).

use std::collections::HashMap;
use std::io::BufRead;

use jiff::civil::Date;

use crate::domain::cpv::CpvCatalogue;
use crate::domain::need::{Need, NeedError};
use crate::domain::territory::Gazetteer;
use crate::law::{LawConfig, check_need};

/// Why a needs file was refused.
#[derive(Debug, thiserror::Error)]
pub enum NeedsFileError {
    /// The file could not be read.
    #[error("ligne {line} : lecture impossible : {}", crate::wording::io_error(.source))]
    Io {
        /// Line being read (1-based).
        line: usize,
        /// The system error.
        source: std::io::Error,
    },
    /// A line is not valid JSON.
    #[error("ligne {line} : JSON invalide : {message}")]
    Json {
        /// Line at fault (1-based).
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// A line is valid JSON but not a valid need.
    #[error("ligne {line}, champ « {} » : {}", .error.field, .error.message)]
    Need {
        /// Line at fault (1-based).
        line: usize,
        /// The field and what is wrong with it.
        error: NeedError,
    },
    /// Two needs share an identifier, which the matching output echoes.
    #[error("ligne {line}, champ « id » : besoin « {id} » en double (déjà à la ligne {first_line})")]
    DuplicateId {
        /// Line of the second need (1-based).
        line: usize,
        /// The identifier.
        id: String,
        /// Line of the first need.
        first_line: usize,
    },
}

impl NeedsFileError {
    /// The line at fault (1-based).
    pub fn line(&self) -> usize {
        match self {
            NeedsFileError::Io { line, .. }
            | NeedsFileError::Json { line, .. }
            | NeedsFileError::Need { line, .. }
            | NeedsFileError::DuplicateId { line, .. } => *line,
        }
    }
}

/// One need from its JSON: its format ([`Need::from_json`]), then the legal conditions of its
/// reservations ([`crate::law::check_need`]) with the parameters `law`; `today` is the consultation
/// date when the need gives none.
pub fn read_need(
    value: &serde_json::Value,
    gazetteer: &Gazetteer,
    cpv: &CpvCatalogue,
    law: &LawConfig,
    today: Date,
) -> Result<Need, NeedError> {
    let need = Need::from_json(value, gazetteer, cpv, today)?;
    check_need(&need, law)?;
    Ok(need)
}

/// Reads every need of a JSON Lines file, each as [`read_need`] does.
pub fn read_needs_jsonl(
    reader: impl BufRead,
    gazetteer: &Gazetteer,
    cpv: &CpvCatalogue,
    law: &LawConfig,
    today: Date,
) -> Result<Vec<Need>, NeedsFileError> {
    let mut needs = Vec::new();
    let mut lines_by_id: HashMap<String, usize> = HashMap::new();
    for (index, text) in reader.lines().enumerate() {
        let line = index + 1;
        let text = text.map_err(|source| NeedsFileError::Io { line, source })?;
        let text = if line == 1 { text.trim_start_matches('\u{feff}') } else { &text };
        if text.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| NeedsFileError::Json { line, message: e.to_string() })?;
        let need =
            read_need(&value, gazetteer, cpv, law, today).map_err(|error| NeedsFileError::Need { line, error })?;
        if let Some(&first_line) = lines_by_id.get(&need.id) {
            return Err(NeedsFileError::DuplicateId { line, id: need.id, first_line });
        }
        lines_by_id.insert(need.id.clone(), line);
        needs.push(need);
    }
    Ok(needs)
}

impl crate::error::Classified for NeedsFileError {
    /// A needs file is the user's: a line that cannot be read (not UTF-8) or is not a valid need is
    /// named by its line.
    fn blame(&self) -> crate::error::Blame {
        match self {
            NeedsFileError::Need { line, error } => {
                crate::error::Blame::user(format!("ligne {line} : {}", error.field))
            }
            _ => crate::error::Blame::user(format!("ligne {}", self.line())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<Need>, NeedsFileError> {
        let today = jiff::civil::date(2026, 12, 6);
        read_needs_jsonl(text.as_bytes(), Gazetteer::builtin(), CpvCatalogue::builtin(), &LawConfig::default(), today)
    }

    #[test]
    fn reads_needs_and_skips_blank_lines() {
        let needs = read(
            "\u{feff}{\"id\": \"n1\", \"title\": \"Nettoyage\", \"cpv\": [\"90911200\"]}\n\n   \n\
             {\"id\": \"n2\", \"title\": \"Espaces verts\", \"lots\": [{\"id\": \"1\", \"title\": \"Nord\"}]}\n",
        )
        .unwrap();
        assert_eq!(needs.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(), ["n1", "n2"]);
        assert_eq!(needs[1].lots().len(), 1);
        assert!(read("").unwrap().is_empty());
    }

    #[test]
    fn an_invalid_need_names_its_line_and_field() {
        let err = read(
            "{\"id\": \"n1\", \"title\": \"a\"}\n\n{\"id\": \"n2\", \"title\": \"b\", \"lots\": [{\"id\": \"1\"}]}\n",
        )
        .unwrap_err();
        assert_eq!(err.line(), 3);
        assert!(matches!(&err, NeedsFileError::Need { error, .. } if error.field == "lots[0].title"), "{err:?}");
        assert!(err.to_string().starts_with("ligne 3, champ « lots[0].title » :"), "{err}");
    }

    #[test]
    fn malformed_json_names_its_line() {
        let err = read("{\"id\": \"n1\", \"title\": \"a\"}\n{\"id\": \"n2\", \"title\": \n").unwrap_err();
        assert!(matches!(err, NeedsFileError::Json { line: 2, .. }), "{err:?}");
        assert!(err.to_string().starts_with("ligne 2 : JSON invalide"), "{err}");
    }

    #[test]
    fn duplicate_need_ids_are_refused() {
        let err = read("{\"id\": \"n1\", \"title\": \"a\"}\n{\"id\": \"n1\", \"title\": \"b\"}\n").unwrap_err();
        assert_eq!(err.to_string(), "ligne 2, champ « id » : besoin « n1 » en double (déjà à la ligne 1)");
    }
}
