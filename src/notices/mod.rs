//! Tender notices as published, read into typed values.
//!
//! Four formats, detected from the content: TED XML (R2.0.9 forms), eForms UBL, BOAMP XML and the BOAMP
//! open-data records (JSON Lines, the notice in `donnees`). Each notice gives a [`Notice`] with its lots
//! ([`NoticeLot`]), which [`NoticeLot::to_need`] turns into a need the matching engine ranks suppliers for.
//! Nothing is stored here.
//!
//! ```no_run
//! let reading = essor::notices::read_path(std::path::Path::new("avis.xml"))?;
//! for notice in &reading.notices {
//!     println!("{}", essor::wording::notices::table(notice));
//! }
//! # Ok::<(), essor::notices::NoticeError>(())
//! ```
//!
//! Safety: a file is read up to [`MAX_NOTICE_BYTES`] (one more byte tells it is too large), a JSON line up
//! to [`MAX_RECORD_BYTES`]; XML never expands entities nor reads a DTD (see [`xml`]).

mod boamp;
mod boamp_json;
mod boamp_legacy;
mod boamp_national;
mod detect;
mod eforms;
mod eforms_lots;
mod error;
mod finish;
mod model;
mod need;
pub mod nuts;
mod place;
pub mod procedure;
pub mod reservation;
pub mod search;
mod ted;
mod ted_terms;
mod tree;
mod values;
pub mod xml;

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

pub use detect::Syntax;
pub use error::NoticeError;
pub use model::{
    Award, LotPlace, Notice, NoticeBuyer, NoticeFormat, NoticeKind, NoticeLot, NoticeWarning, SocialTerms, Winner,
};

/// Largest XML notice read: 20 MiB (the largest TED and eForms notices weigh a few MiB).
pub const MAX_NOTICE_BYTES: u64 = 20 * 1024 * 1024;
/// Largest line of a BOAMP JSON Lines file: 20 MiB (one record with its whole notice in `donnees`).
pub const MAX_RECORD_BYTES: u64 = 20 * 1024 * 1024;

/// What a file gave: the notices read, and the records that could not be (JSON Lines only: one bad line
/// does not lose the others).
#[derive(Debug, Default)]
pub struct Reading {
    /// Notices read, in file order.
    pub notices: Vec<Notice>,
    /// Records that could not be read, each naming its file and line.
    pub failures: Vec<NoticeError>,
}

/// Reads one file: an XML notice, or BOAMP open-data records (JSON Lines).
///
/// An XML file that cannot be read is an `Err`; in a JSON Lines file each bad line is a failure of the
/// [`Reading`] and the other lines are still read.
pub fn read_path(path: &Path) -> Result<Reading, NoticeError> {
    let io = |source| NoticeError::Io { file: path.to_path_buf(), source };
    let file = File::open(path).map_err(io)?;
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let head = reader.fill_buf().map_err(io)?.to_vec();
    match detect::syntax(&head) {
        Some(Syntax::Xml) => {
            let mut bytes = Vec::new();
            reader.take(MAX_NOTICE_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
            if bytes.len() as u64 > MAX_NOTICE_BYTES {
                return Err(NoticeError::TooLarge { file: path.to_path_buf(), line: None, limit: MAX_NOTICE_BYTES });
            }
            Ok(Reading { notices: vec![read_xml(path, &bytes)?], failures: Vec::new() })
        }
        Some(Syntax::JsonLines) => boamp_json::read_lines(path, reader),
        None => Err(NoticeError::UnknownFormat { file: path.to_path_buf(), found: detect::describe_start(&head) }),
    }
}

/// Reads one XML notice held in memory; `file` only names it in errors.
pub fn read_xml(file: &Path, bytes: &[u8]) -> Result<Notice, NoticeError> {
    if bytes.len() as u64 > MAX_NOTICE_BYTES {
        return Err(NoticeError::TooLarge { file: file.to_path_buf(), line: None, limit: MAX_NOTICE_BYTES });
    }
    let root = xml::parse(file, bytes)?;
    let notice = match detect::xml_format(&root) {
        Some(NoticeFormat::TedXml) => ted::read(file, &root)?,
        Some(NoticeFormat::Eforms) => eforms::read(file, &root)?,
        Some(NoticeFormat::BoampXml) => boamp::read_xml(file, &root)?,
        _ => {
            return Err(NoticeError::UnknownFormat {
                file: file.to_path_buf(),
                found: format!("élément racine <{}>", root.name),
            });
        }
    };
    Ok(finish::finish(notice))
}

/// Reads one BOAMP open-data record (one JSON object); `file` and `line` only name it in errors.
pub fn read_boamp_record(file: &Path, line: usize, record: &str) -> Result<Notice, NoticeError> {
    boamp_json::read_record(file, line, record)
}

/// What a folder gave: every notice read and every failure (file, line, message).
#[derive(Debug, Default)]
pub struct FolderReading {
    /// Notices read, file by file in name order.
    pub notices: Vec<Notice>,
    /// Files and records that could not be read.
    pub failures: Vec<NoticeError>,
    /// Files looked at.
    pub files: usize,
}

impl FolderReading {
    /// True when something could not be read (an import then exits with status 2 after storing the rest).
    pub fn has_failures(&self) -> bool {
        !self.failures.is_empty()
    }
}

/// The files of a folder a notice import reads: not its sub-folders, hidden files skipped, in name order.
pub fn folder_files(path: &Path) -> Result<Vec<PathBuf>, NoticeError> {
    let io = |source| NoticeError::Io { file: path.to_path_buf(), source };
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(io)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && !p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads every file of a folder (not its sub-folders; hidden files skipped), keeping what can be read and
/// listing what cannot.
pub fn read_dir(path: &Path) -> Result<FolderReading, NoticeError> {
    let files = folder_files(path)?;
    let mut out = FolderReading { files: files.len(), ..FolderReading::default() };
    for file in files {
        match read_path(&file) {
            Ok(reading) => {
                out.notices.extend(reading.notices);
                out.failures.extend(reading.failures);
            }
            Err(err) => out.failures.push(err),
        }
    }
    Ok(out)
}

/// The JSON of `essor notices read FILE --format json` (contract §5 and the richer fields).
pub fn to_json(notice: &Notice) -> serde_json::Value {
    serde_json::to_value(notice).unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod tests;
