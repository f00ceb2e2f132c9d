//! Supplier files in the import format (contract §1): JSON Lines or CSV, plus the dispatch to the
//! Marché de l'inclusion reader.

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::marche_inclusion;
use crate::domain::{Gazetteer, Supplier};

/// How many record problems an error message lists before summarising the rest.
pub const MAX_LISTED_PROBLEMS: usize = 10;

/// Columns a CSV supplier file must have.
const REQUIRED_CSV_COLUMNS: [&str; 6] = ["siret", "name", "kinds", "post_code", "city", "department"];

/// Where supplier records come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SupplierSource {
    /// essor's own import format (JSON Lines or CSV).
    #[default]
    Essor,
    /// The JSON of the public API of the Marché de l'inclusion (`/api/siae/`).
    MarcheInclusion,
}

impl SupplierSource {
    /// Parses the `--from` option.
    pub fn parse(value: &str) -> Option<SupplierSource> {
        match value.trim().to_ascii_lowercase().as_str() {
            "essor" | "" => Some(SupplierSource::Essor),
            "marche-inclusion" | "marche-de-l-inclusion" | "lemarche" => Some(SupplierSource::MarcheInclusion),
            _ => None,
        }
    }
}

/// One invalid record: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordProblem {
    /// Where: "ligne 12", or "structure n° 3 (SIRET …)" for a JSON array.
    pub location: String,
    /// What is wrong, in French, naming the field.
    pub message: String,
}

impl fmt::Display for RecordProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} : {}", self.location, self.message)
    }
}

/// Why a supplier file was rejected. Nothing of a rejected file is kept.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file cannot be read.
    #[error("impossible de lire « {path} » : {}", crate::wording::io_error(.source))]
    Io {
        /// The file.
        path: PathBuf,
        /// The system error.
        source: std::io::Error,
    },
    /// The file holds no record.
    #[error("« {path} » ne contient aucun fournisseur")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file is not in a format this reader knows (e.g. a CSV header without a required column).
    #[error("« {path} » : {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// One or more records break the rules; the file is rejected as a whole.
    #[error("{}", invalid_message(path, problems, *total))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The first problems found (at most [`MAX_LISTED_PROBLEMS`]).
        problems: Vec<RecordProblem>,
        /// How many records are invalid in all.
        total: usize,
    },
}

fn invalid_message(path: &Path, problems: &[RecordProblem], total: usize) -> String {
    let mut msg =
        format!("« {} » rejeté : {total} enregistrement(s) invalide(s), rien n'a été importé", path.display());
    for p in problems {
        msg.push_str(&format!("\n  - {p}"));
    }
    if total > problems.len() {
        msg.push_str(&format!("\n  … et {} autre(s)", total - problems.len()));
    }
    msg
}

/// The validated content of a file, ready to store.
#[derive(Debug, Clone, Default)]
pub struct ImportedFile {
    /// Valid suppliers, in file order.
    pub suppliers: Vec<Supplier>,
    /// Things worth telling the user that did not reject the file (e.g. a sector that could not be mapped).
    pub warnings: Vec<String>,
}

/// Collects problems while a file is read, so that one message lists the first few.
#[derive(Default)]
pub(crate) struct Problems {
    listed: Vec<RecordProblem>,
    total: usize,
}

impl Problems {
    pub(crate) fn push(&mut self, location: String, message: String) {
        self.total += 1;
        if self.listed.len() < MAX_LISTED_PROBLEMS {
            self.listed.push(RecordProblem { location, message });
        }
    }

    pub(crate) fn into_result(self, path: &Path, file: ImportedFile) -> Result<ImportedFile, ImportError> {
        if self.total > 0 {
            return Err(ImportError::Invalid { path: path.to_path_buf(), problems: self.listed, total: self.total });
        }
        if file.suppliers.is_empty() {
            return Err(ImportError::Empty { path: path.to_path_buf() });
        }
        Ok(file)
    }
}

/// Validates records and rejects SIRETs that appear twice in the same file.
pub(crate) struct RecordValidator<'a> {
    gazetteer: &'a Gazetteer,
    seen: HashMap<String, String>,
    pub(crate) problems: Problems,
    pub(crate) file: ImportedFile,
}

impl<'a> RecordValidator<'a> {
    pub(crate) fn new(gazetteer: &'a Gazetteer) -> Self {
        RecordValidator {
            gazetteer,
            seen: HashMap::new(),
            problems: Problems::default(),
            file: ImportedFile::default(),
        }
    }

    pub(crate) fn accept(&mut self, location: String, record: &Map<String, Value>) {
        match Supplier::from_record(record, self.gazetteer) {
            Ok(s) => {
                if let Some(first) = self.seen.get(s.siret.as_str()) {
                    let message = format!("le SIRET {} figure déjà en {first}", s.siret);
                    self.problems.push(location, message);
                } else {
                    self.seen.insert(s.siret.as_str().to_string(), location);
                    self.file.suppliers.push(s);
                }
            }
            Err(e) => self.problems.push(location, e.to_string()),
        }
    }
}

/// Reads and validates a whole supplier file. The format is chosen by `source`, then for essor's own
/// format by the extension (`.csv` is CSV; `.jsonl`, `.ndjson` and `.json` are JSON Lines) or, failing
/// that, by the first character of the content.
pub fn read_supplier_file(
    path: &Path,
    source: SupplierSource,
    gazetteer: &Gazetteer,
) -> Result<ImportedFile, ImportError> {
    let bytes = fs::read(path).map_err(|source| ImportError::Io { path: path.to_path_buf(), source })?;
    let text = String::from_utf8(bytes).map_err(|e| ImportError::Format {
        path: path.to_path_buf(),
        message: format!(
            "le fichier n'est pas en UTF-8 (octet invalide à la position {})",
            e.utf8_error().valid_up_to()
        ),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match source {
        SupplierSource::MarcheInclusion => marche_inclusion::read(path, text, gazetteer),
        SupplierSource::Essor if is_csv(path, text) => read_csv(path, text, gazetteer),
        SupplierSource::Essor => read_jsonl(path, text, gazetteer),
    }
}

fn is_csv(path: &Path, text: &str) -> bool {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("csv") | Some("tsv") => true,
        Some("jsonl") | Some("ndjson") | Some("json") => false,
        _ => !text.trim_start().starts_with(['{', '[']),
    }
}

/// Reads JSON Lines: one object per line, blank lines skipped.
pub fn read_jsonl(path: &Path, text: &str, gazetteer: &Gazetteer) -> Result<ImportedFile, ImportError> {
    let mut v = RecordValidator::new(gazetteer);
    for (i, line) in text.lines().enumerate() {
        let location = format!("ligne {}", i + 1);
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(map)) => v.accept(location, &map),
            Ok(_) => v.problems.push(location, "un objet JSON {…} est attendu".to_string()),
            Err(e) => v.problems.push(location, format!("JSON mal formé ({e})")),
        }
    }
    v.problems.into_result(path, v.file)
}

/// Reads CSV with a header line: same names as the JSON fields, lists separated by `|`, the intervention
/// zone as `intervention_radius_km` / `intervention_departments` / `intervention_regions` /
/// `intervention_national`. The delimiter is `,`, or `;` or a tab when the header uses them.
pub fn read_csv(path: &Path, text: &str, gazetteer: &Gazetteer) -> Result<ImportedFile, ImportError> {
    let header_line = text.lines().next().unwrap_or_default();
    let delimiter =
        [b'\t', b';', b','].into_iter().max_by_key(|d| header_line.bytes().filter(|b| b == d).count()).unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(false).from_reader(text.as_bytes());
    let format_err = |message: String| ImportError::Format { path: path.to_path_buf(), message };
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format_err(format!("en-tête CSV illisible ({e})")))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if let Some(missing) = REQUIRED_CSV_COLUMNS.iter().find(|c| !headers.iter().any(|h| h == *c)) {
        return Err(format_err(format!(
            "colonne obligatoire « {missing} » absente de l'en-tête (ligne 1) ; colonnes attendues au moins : {}",
            REQUIRED_CSV_COLUMNS.join(", ")
        )));
    }
    let mut v = RecordValidator::new(gazetteer);
    for row in reader.records() {
        match row {
            Ok(row) => {
                let line = row.position().map(|p| p.line()).unwrap_or_default();
                let mut map = Map::new();
                for (h, cell) in headers.iter().zip(row.iter()) {
                    if !cell.trim().is_empty() {
                        map.insert(h.clone(), Value::from(cell.trim()));
                    }
                }
                v.accept(format!("ligne {line}"), &map);
            }
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or_default();
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        format!("{len} colonne(s) au lieu des {expected_len} de l'en-tête")
                    }
                    _ => format!("ligne CSV illisible ({e})"),
                };
                v.problems.push(format!("ligne {line}"), message);
            }
        }
    }
    v.problems.into_result(path, v.file)
}

impl crate::error::Classified for ImportError {
    /// A file that cannot be read (missing, a folder, not UTF-8…) or whose records break the format is
    /// the user's to fix.
    fn blame(&self) -> crate::error::Blame {
        crate::error::Blame::user_without_field()
    }
}
