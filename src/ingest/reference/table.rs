//! Reading a delimited reference file in memory: delimiter detection, header matching, rows that
//! can say which of their fields is wrong.

use std::io::Read;

use super::ReferenceError;
use crate::domain::text::fold;

/// A column and the header names that designate it (folded, words joined by `_`).
pub(super) struct Column {
    pub(super) name: &'static str,
    pub(super) aliases: &'static [&'static str],
}

/// A whole delimited file, read in memory.
pub(super) struct Table {
    path: String,
    /// Header names as written, and their folded form used for matching.
    headers: Vec<(String, String)>,
    records: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    pub(super) fn read(mut reader: impl Read, path: &str) -> Result<Table, ReferenceError> {
        let mut text = String::new();
        reader
            .read_to_string(&mut text)
            .map_err(|e| ReferenceError::Read { path: path.to_string(), reason: crate::wording::io_error(&e) })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let Some(header_line) = text.lines().next().filter(|l| !l.trim().is_empty()) else {
            return Err(ReferenceError::Empty { path: path.to_string() });
        };
        let delimiter = detect_delimiter(header_line);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .quoting(delimiter != b'\t')
            .flexible(true)
            .from_reader(text.as_bytes());
        let bad_row = |e: csv::Error| ReferenceError::BadRow {
            path: path.to_string(),
            line: e.position().map_or(0, |p| p.line()),
            reason: e.to_string(),
        };
        let headers =
            reader.headers().map_err(bad_row)?.iter().map(|h| (h.trim().to_string(), header_key(h))).collect();
        let mut records = Vec::new();
        for record in reader.into_records() {
            let record = record.map_err(bad_row)?;
            let line = record.position().map_or(0, |p| p.line());
            if record.iter().any(|field| field.contains(['\n', '\r'])) {
                let reason = "guillemet non refermé : un champ continue sur les lignes suivantes".to_string();
                return Err(ReferenceError::BadRow { path: path.to_string(), line, reason });
            }
            if record.iter().any(|field| !field.trim().is_empty()) {
                records.push((line, record));
            }
        }
        Ok(Table { path: path.to_string(), headers, records })
    }

    pub(super) fn optional_column(&self, column: &Column) -> Option<usize> {
        column.aliases.iter().find_map(|alias| self.headers.iter().position(|(_, key)| key == alias))
    }

    pub(super) fn column(&self, column: &Column) -> Result<usize, ReferenceError> {
        self.optional_column(column).ok_or_else(|| ReferenceError::MissingColumn {
            path: self.path.clone(),
            column: column.name,
            accepted: column.aliases.join(", "),
        })
    }

    pub(super) fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(move |(line, record)| Row { table: self, line: *line, record })
    }
}

/// One data row, able to say what is wrong with one of its fields.
pub(super) struct Row<'a> {
    table: &'a Table,
    pub(super) line: u64,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    pub(super) fn get(&self, column: usize) -> &str {
        self.record.get(column).unwrap_or_default().trim()
    }

    pub(super) fn error(&self, column: usize, reason: impl Into<String>) -> ReferenceError {
        ReferenceError::BadValue {
            path: self.table.path.clone(),
            line: self.line,
            column: self.table.headers.get(column).map(|(name, _)| name.clone()).unwrap_or_default(),
            reason: reason.into(),
        }
    }
}

/// Tab if the header has one, else semicolon if it has more semicolons than commas, else comma.
fn detect_delimiter(header: &str) -> u8 {
    let count = |c| header.matches(c).count();
    if header.contains('\t') {
        b'\t'
    } else if count(';') > count(',') {
        b';'
    } else {
        b','
    }
}

/// `Code Postal`, `code-postal`, `CODE_POSTAL` → `code_postal`; `Libellé` → `libelle`.
fn header_key(raw: &str) -> String {
    let folded = fold(raw.trim());
    folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join("_")
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: Column = Column { name: "name", aliases: &["name", "nom", "nom_de_la_commune"] };

    fn table(text: &[u8]) -> Result<Table, ReferenceError> {
        Table::read(text, "essai.csv")
    }

    #[test]
    fn delimiter_comes_from_the_header_line() {
        assert_eq!(detect_delimiter("code\tlabel"), b'\t');
        assert_eq!(detect_delimiter("code;libellé;label, fr"), b';');
        assert_eq!(detect_delimiter("insee,nom;x,lat"), b',');
        assert_eq!(detect_delimiter("code"), b',');
    }

    #[test]
    fn header_names_are_folded() {
        assert_eq!(header_key(" Code Postal "), "code_postal");
        assert_eq!(header_key("Nom_de_la_commune"), "nom_de_la_commune");
        assert_eq!(header_key("LIBELLÉ"), "libelle");
        assert_eq!(header_key("code-département"), "code_departement");
    }

    #[test]
    fn columns_are_found_by_any_alias_and_missing_ones_named() {
        let t = table("\u{feff}Code;NOM_DE_LA_COMMUNE\n01;Ain\n".as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.optional_column(&NAME), Some(1));
        let lat = Column { name: "lat", aliases: &["lat", "latitude"] };
        let err = t.column(&lat).err().map(|e| e.to_string());
        let expected = "essai.csv : colonne « lat » absente de l'en-tête (noms acceptés : lat, latitude)";
        assert_eq!(err.as_deref(), Some(expected));
    }

    #[test]
    fn rows_keep_their_line_numbers_and_quoted_fields() {
        let text = "nom,codes\n\"Évry, ville\",\"91000,91080\"\n\n,\nCorbeil,91100\n";
        let t = table(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        let rows: Vec<(u64, String, String)> = t.rows().map(|r| (r.line, r.get(0).into(), r.get(1).into())).collect();
        let expected = vec![(2, "Évry, ville".into(), "91000,91080".into()), (5, "Corbeil".into(), "91100".into())];
        assert_eq!(rows, expected);
        let row = t.rows().nth(1).map(|r| r.error(1, "faux").to_string());
        assert_eq!(row.as_deref(), Some("essai.csv, ligne 5, colonne « codes » : faux"));
    }

    #[test]
    fn tabs_do_not_quote() {
        let t = table(b"code\tlabel\n1\t\"Guillemets\" au milieu\n").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.rows().next().map(|r| r.get(1).to_string()).as_deref(), Some("\"Guillemets\" au milieu"));
    }

    #[test]
    fn unreadable_input_is_refused() {
        assert!(matches!(table(b""), Err(ReferenceError::Empty { .. })));
        assert!(matches!(table(b"\n\ncode\n"), Err(ReferenceError::Empty { .. })));
        let latin1 = table(b"code\n\xe9t\xe9\n").err().map(|e| e.to_string());
        let expected = "essai.csv : lecture impossible (le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8)";
        assert_eq!(latin1.as_deref(), Some(expected));
        let unbalanced = table(b"code,label\n1,\"ouvert\n2,suite\n").err().map(|e| e.to_string());
        let expected =
            "essai.csv, ligne 2 : ligne illisible (guillemet non refermé : un champ continue sur les lignes suivantes)";
        assert_eq!(unbalanced.as_deref(), Some(expected));
    }
}
