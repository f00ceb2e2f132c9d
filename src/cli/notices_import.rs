//! `essor import notices FILE|DIR`: published notices stored, each file in its own transaction.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Cli, CliError, open};
use essor::catalogue::Catalogue;
use essor::notices::procedure::ProcedureStatus;
use essor::notices::{self, NoticeError};
use essor::store::NoticeImport;

/// What a folder or a file gave, summed over its files.
#[derive(Debug, Default)]
struct Totals {
    files: usize,
    notices: usize,
    import: NoticeImport,
    /// Each procedure written, with its last status.
    procedures: BTreeMap<String, ProcedureStatus>,
}

impl Totals {
    fn add(&mut self, read: usize, import: NoticeImport) {
        self.files += 1;
        self.notices += read;
        self.import.inserted += import.inserted;
        self.import.updated += import.updated;
        self.import.unchanged += import.unchanged;
        self.procedures.extend(import.procedures);
    }

    fn summary(&self, source: &Path) -> String {
        let closed = self.procedures.values().filter(|s| **s == ProcedureStatus::Closed).count();
        format!(
            "{} avis importé(s) depuis {} ({} fichier(s)) : {} nouveau(x), {} mis à jour, {} inchangé(s) ; \
             {} procédure(s) mise(s) à jour, dont {closed} attribuée(s).",
            self.notices,
            source.display(),
            self.files,
            self.import.inserted,
            self.import.updated,
            self.import.unchanged,
            self.procedures.len()
        )
    }
}

/// The notices of one file, or why none of them can be stored: the file is stored whole or not at all.
fn read_whole(file: &Path) -> Result<Vec<notices::Notice>, Vec<NoticeError>> {
    match notices::read_path(file) {
        Ok(reading) if reading.failures.is_empty() => Ok(reading.notices),
        Ok(reading) => Err(reading.failures),
        Err(e) => Err(vec![e]),
    }
}

pub(super) async fn run(cli: &Cli, path: &Path) -> Result<(), CliError> {
    if path.is_dir() {
        return import_folder(cli, path).await;
    }
    let notices = match read_whole(path) {
        Ok(notices) => notices,
        Err(mut failures) if failures.len() == 1 => return Err(failures.remove(0).into()),
        Err(failures) => {
            for failure in &failures {
                eprintln!("erreur : {failure}");
            }
            return Err(CliError::bad_input(format!(
                "{} : {} enregistrement(s) illisible(s) (listés ci-dessus) ; rien n'a été importé",
                path.display(),
                failures.len()
            )));
        }
    };
    let catalogue = open(cli).await?;
    let import = catalogue.import_notices(&notices).await;
    catalogue.close().await;
    let mut totals = Totals::default();
    totals.add(notices.len(), import?);
    println!("{}", totals.summary(path));
    Ok(())
}

/// Every file of the folder in its own transaction; the failures are listed and make the status 2.
async fn import_folder(cli: &Cli, folder: &Path) -> Result<(), CliError> {
    let files = notices::folder_files(folder)?;
    let catalogue = open(cli).await?;
    let outcome = import_files(&catalogue, &files).await;
    catalogue.close().await;
    let (totals, failed) = outcome?;
    println!("{}", totals.summary(folder));
    if failed.is_empty() {
        return Ok(());
    }
    for failure in failed.iter().flat_map(|(_, failures)| failures) {
        eprintln!("échec : {failure}");
    }
    Err(CliError::bad_input(format!(
        "{} fichier(s) sur {} non importé(s) (listés ci-dessus) ; les autres ont été importés",
        failed.len(),
        files.len()
    )))
}

type Failed = Vec<(PathBuf, Vec<NoticeError>)>;

async fn import_files(catalogue: &Catalogue, files: &[PathBuf]) -> Result<(Totals, Failed), CliError> {
    let mut totals = Totals::default();
    let mut failed = Vec::new();
    for file in files {
        match read_whole(file) {
            Ok(notices) => {
                let import = catalogue.import_notices(&notices).await?;
                totals.add(notices.len(), import);
            }
            Err(failures) => failed.push((file.clone(), failures)),
        }
    }
    Ok((totals, failed))
}
