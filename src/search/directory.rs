//! Opening the index folder: create it when missing, and recreate it empty when what is there
//! cannot be used (corrupt files, another schema). The index is derived data: the caller sees no
//! checkpoint and rebuilds it from the store.

use std::fs;
use std::path::Path;

use tantivy::directory::MmapDirectory;
use tantivy::schema::Schema;
use tantivy::{Index, TantivyError};

use super::error::IndexError;

/// Opens the index in `dir`, creating or recreating it as needed.
pub(crate) fn open_or_create(dir: &Path, schema: &Schema) -> Result<Index, IndexError> {
    fs::create_dir_all(dir).map_err(|source| IndexError::Folder {
        path: dir.to_path_buf(),
        action: "la création",
        source,
    })?;
    match open_existing(dir, schema) {
        Ok(Some(index)) => return Ok(index),
        Ok(None) => {}
        Err(reason) => {
            tracing::warn!(dir = %dir.display(), %reason, "index de recherche inutilisable : recréé vide");
            wipe(dir)?;
        }
    }
    Index::create_in_dir(dir, schema.clone()).map_err(IndexError::engine("la création de l'index"))
}

/// The index in `dir`: `Ok(None)` when there is none, `Err(reason)` when it cannot be used.
fn open_existing(dir: &Path, schema: &Schema) -> Result<Option<Index>, String> {
    let directory = MmapDirectory::open(dir).map_err(|e| e.to_string())?;
    if !Index::exists(&directory).map_err(|e| e.to_string())? {
        return Ok(None);
    }
    let index = Index::open(directory).map_err(|e: TantivyError| e.to_string())?;
    if index.schema() != *schema {
        return Err("le schéma a changé".to_string());
    }
    // Opening a reader opens every segment: truncated or missing files show up here.
    index.reader().map_err(|e| e.to_string())?;
    Ok(Some(index))
}

/// True for the files tantivy keeps in an index folder: its metadata, its locks and the segment
/// files, named after a 32-hex-digit segment id.
fn is_index_file(name: &str) -> bool {
    let segment_file =
        name.len() > 33 && name.as_bytes()[32] == b'.' && name[..32].bytes().all(|b| b.is_ascii_hexdigit());
    segment_file || matches!(name, "meta.json" | ".managed.json") || name.starts_with(".tantivy-")
}

/// Removes the index files of the folder, and nothing else.
fn wipe(dir: &Path) -> Result<(), IndexError> {
    let cleaning = |source| IndexError::Folder { path: dir.to_path_buf(), action: "le nettoyage", source };
    for entry in fs::read_dir(dir).map_err(cleaning)? {
        let entry = entry.map_err(cleaning)?;
        let is_file = entry.file_type().map_err(cleaning)?.is_file();
        if is_file && entry.file_name().to_str().is_some_and(is_index_file) {
            fs::remove_file(entry.path()).map_err(cleaning)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tantivy_files_are_recognised() {
        assert!(is_index_file("meta.json"));
        assert!(is_index_file(".managed.json"));
        assert!(is_index_file(".tantivy-writer.lock"));
        assert!(is_index_file("0123456789abcdef0123456789abcdef.idx"));
        assert!(is_index_file("0123456789abcdef0123456789abcdef.12.del"));
        assert!(!is_index_file("README.md"));
        assert!(!is_index_file("essor.db"));
        assert!(!is_index_file("0123456789abcdef0123456789abcdeg.idx"));
    }
}
