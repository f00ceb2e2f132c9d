//! Readers of the full official reference lists: communes (`essor import communes FILE`) and CPV
//! codes with their French labels (`essor import cpv FILE`).
//!
//! Files are UTF-8, tab-, semicolon- or comma-separated (detected from the header line), with one
//! header line whose column names are matched case- and accent-insensitively against common French
//! and English names. The La Poste file of post codes is read as published
//! (`code_commune_insee;nom_commune_postal;code_postal;libelle_acheminement;ligne_5;coordonnees_gps`,
//! one row per post code and locality, the point as `48.86,2.44` in one column). Reading is all or nothing: the first bad row stops it with an error naming
//! the file, the line (the header is line 1), the column and the reason.

use std::collections::HashMap;
use std::io::Read;

mod table;

use crate::domain::territory::{Commune, Gazetteer, normalise_department_code};
use crate::domain::text::fold;
use crate::domain::{Cpv, GeoPoint};
use table::{Column, Row, Table};

/// Collectivités d'outre-mer outside the 102 départements: their communes are set aside, not refused.
const OUTSIDE_DEPARTMENTS: [&str; 7] = ["977", "978", "984", "986", "987", "988", "989"];

/// Farther than this from its département's centre, a commune's point is wrong (Guyane spans ~300 km).
const MAX_KM_FROM_DEPARTMENT_CENTRE: f64 = 300.0;

/// Why a reference file cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    /// The file cannot be read, or is not UTF-8.
    #[error("{path} : lecture impossible ({reason})")]
    Read {
        /// The file.
        path: String,
        /// What went wrong, in French when it is the encoding.
        reason: String,
    },
    /// The file has no header line.
    #[error("{path} : fichier vide, une ligne d'en-tête est attendue")]
    Empty {
        /// The file.
        path: String,
    },
    /// A required column is missing from the header line.
    #[error("{path} : colonne « {column} » absente de l'en-tête (noms acceptés : {accepted})")]
    MissingColumn {
        /// The file.
        path: String,
        /// The column looked for.
        column: &'static str,
        /// The header names accepted for it.
        accepted: String,
    },
    /// A line cannot be split into fields (unbalanced quotes…).
    #[error("{path}, ligne {line} : ligne illisible ({reason})")]
    BadRow {
        /// The file.
        path: String,
        /// 1-based line number.
        line: u64,
        /// What the CSV reader reported.
        reason: String,
    },
    /// A field holds a bad value.
    #[error("{path}, ligne {line}, colonne « {column} » : {reason}")]
    BadValue {
        /// The file.
        path: String,
        /// 1-based line number (the header is line 1).
        line: u64,
        /// The column, as named in the header.
        column: String,
        /// What is wrong, in French.
        reason: String,
    },
}

/// The communes read from a file, and the rows set aside.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommuneImport {
    /// Valid communes, one per INSEE code (rows repeating a code add their post codes), in file order.
    pub communes: Vec<Commune>,
    /// Rows that are valid but cannot be used.
    pub skipped: Vec<SkippedCommune>,
}

/// A row of a commune list left aside.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedCommune {
    /// 1-based line number.
    pub line: u64,
    /// INSEE code.
    pub insee: String,
    /// Name.
    pub name: String,
    /// Why it is set aside.
    pub reason: SkipReason,
}

/// Why a valid commune row is set aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// Latitude and longitude are both empty: the commune cannot be placed.
    NoCoordinates,
    /// A collectivité d'outre-mer outside the 102 départements the project covers.
    OutsideDepartments,
}

impl SkipReason {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::NoCoordinates => "sans coordonnées",
            SkipReason::OutsideDepartments => "hors des départements couverts",
        }
    }
}

const INSEE: Column = Column { name: "insee", aliases: &["insee", "code_insee", "code_commune_insee", "code"] };
const NAME: Column =
    Column { name: "name", aliases: &["name", "nom", "nom_commune", "nom_de_la_commune", "nom_commune_postal"] };
const POST_CODES: Column = Column { name: "post_codes", aliases: &["post_codes", "codes_postaux", "code_postal"] };
const DEPARTMENT: Column =
    Column { name: "department", aliases: &["department", "departement", "code_departement", "dep"] };
const LAT: Column = Column { name: "lat", aliases: &["lat", "latitude"] };
const LON: Column = Column { name: "lon", aliases: &["lon", "lng", "longitude"] };
/// Latitude and longitude in one column, `48.86,2.44` (La Poste's `coordonnees_gps`).
const GPS: Column = Column { name: "coordonnees_gps", aliases: &["coordonnees_gps", "coordonnees", "gps"] };
const CPV_CODE: Column = Column { name: "code", aliases: &["code", "cpv", "code_cpv"] };
const CPV_LABEL: Column = Column { name: "label", aliases: &["label", "libelle", "label_fr"] };

/// Reads a commune list. `post_codes` and `department` columns are optional (the département is
/// then read from the INSEE code); rows without coordinates and communes of collectivités
/// d'outre-mer are set aside and listed in the result.
pub fn read_communes(reader: impl Read, path_hint: &str) -> Result<CommuneImport, ReferenceError> {
    let table = Table::read(reader, path_hint)?;
    let point = match table.optional_column(&GPS) {
        Some(column) => Point::Together(column),
        None => Point::Apart { lat: table.column(&LAT)?, lon: table.column(&LON)? },
    };
    let columns = CommuneColumns {
        insee: table.column(&INSEE)?,
        name: table.column(&NAME)?,
        post_codes: table.optional_column(&POST_CODES),
        department: table.optional_column(&DEPARTMENT),
        point,
    };
    let mut import = CommuneImport::default();
    let mut first_seen: HashMap<String, (usize, u64)> = HashMap::new();
    for row in table.rows() {
        let commune = match parse_commune(&row, &columns)? {
            Ok(commune) => commune,
            Err(skipped) => {
                import.skipped.push(skipped);
                continue;
            }
        };
        if let Some(&(index, line)) = first_seen.get(&commune.insee) {
            let known: &mut Commune = &mut import.communes[index];
            if fold(&known.name) != fold(&commune.name) {
                let reason = format!("code INSEE {} déjà lu ligne {line} pour « {} »", commune.insee, known.name);
                return Err(row.error(columns.insee, reason));
            }
            let new_codes: Vec<String> =
                commune.post_codes.into_iter().filter(|p| !known.post_codes.contains(p)).collect();
            known.post_codes.extend(new_codes);
            continue;
        }
        first_seen.insert(commune.insee.clone(), (import.communes.len(), row.line));
        import.communes.push(commune);
    }
    Ok(import)
}

/// Reads a list of CPV codes (with or without check digit) and their labels.
pub fn read_cpv(reader: impl Read, path_hint: &str) -> Result<Vec<(Cpv, String)>, ReferenceError> {
    let table = Table::read(reader, path_hint)?;
    let (code_column, label_column) = (table.column(&CPV_CODE)?, table.column(&CPV_LABEL)?);
    let mut first_seen: HashMap<Cpv, u64> = HashMap::new();
    let mut codes = Vec::new();
    for row in table.rows() {
        let code = Cpv::parse(row.get(code_column)).map_err(|e| row.error(code_column, e.to_string()))?;
        let label = row.get(label_column);
        if label.is_empty() {
            return Err(row.error(label_column, "libellé vide"));
        }
        if let Some(line) = first_seen.insert(code.clone(), row.line) {
            return Err(row.error(code_column, format!("code {code} déjà lu ligne {line}")));
        }
        codes.push((code, label.to_string()));
    }
    Ok(codes)
}

struct CommuneColumns {
    insee: usize,
    name: usize,
    post_codes: Option<usize>,
    department: Option<usize>,
    point: Point,
}

/// Where a row's point is written.
#[derive(Clone, Copy)]
enum Point {
    /// A latitude column and a longitude column.
    Apart { lat: usize, lon: usize },
    /// Both in one column, latitude first: `48.86,2.44` (or `48.86, 2.44`).
    Together(usize),
}

/// The latitude and longitude of a row, each `None` when empty.
fn point_of(row: &Row, point: Point) -> Result<(Option<f64>, Option<f64>), ReferenceError> {
    match point {
        Point::Apart { lat, lon } => {
            Ok((coordinate(row, lat, 90.0, row.get(lat))?, coordinate(row, lon, 180.0, row.get(lon))?))
        }
        Point::Together(column) => {
            let raw = row.get(column);
            if raw.is_empty() {
                return Ok((None, None));
            }
            let Some((lat, lon)) = raw.split_once(',') else {
                return Err(row.error(column, format!("« {raw} » : « latitude,longitude » attendu (ex. 48.86,2.44)")));
            };
            Ok((coordinate(row, column, 90.0, lat.trim())?, coordinate(row, column, 180.0, lon.trim())?))
        }
    }
}

/// The name written in capitals without accents (La Poste's) is replaced by the built-in
/// spelling of the same commune.
fn written_name(insee: &str, name: &str) -> String {
    let shouting = name.chars().any(char::is_alphabetic) && !name.chars().any(char::is_lowercase);
    let known = Gazetteer::builtin().commune(insee).filter(|_| shouting);
    let same = |known: &str| {
        let key = |s: &str| fold(s).chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>();
        key(known) == key(name)
    };
    match known {
        Some(c) if same(&c.name) => c.name.clone(),
        _ => name.to_string(),
    }
}

/// A commune, or the reason to set the row aside; `Err` outside when the row is wrong.
fn parse_commune(row: &Row, columns: &CommuneColumns) -> Result<Result<Commune, SkippedCommune>, ReferenceError> {
    let raw_insee = row.get(columns.insee).to_ascii_uppercase();
    // Spreadsheets drop the leading zero of codes such as 01053.
    let insee = if raw_insee.len() == 4 && raw_insee.bytes().all(|b| b.is_ascii_digit()) {
        format!("0{raw_insee}")
    } else {
        raw_insee
    };
    if !is_insee_code(&insee) {
        return Err(row.error(columns.insee, format!("code INSEE « {insee} » invalide (ex. 91228, 2A004, 97411)")));
    }
    let name = written_name(&insee, row.get(columns.name));
    if name.is_empty() {
        return Err(row.error(columns.name, "nom de commune vide"));
    }
    let department = department_of(&insee).to_string();
    if let Some(column) = columns.department.filter(|&c| !row.get(c).is_empty()) {
        let given = normalise_department_code(row.get(column));
        if given != department {
            let reason = format!("département « {given} » incohérent avec le code INSEE {insee}");
            return Err(row.error(column, reason));
        }
    }
    let skip = |reason| Ok(Err(SkippedCommune { line: row.line, insee: insee.clone(), name: name.clone(), reason }));
    if OUTSIDE_DEPARTMENTS.contains(&department.as_str()) {
        return skip(SkipReason::OutsideDepartments);
    }
    let Some(known) = Gazetteer::builtin().department(&department) else {
        let column = columns.department.unwrap_or(columns.insee);
        return Err(row.error(column, format!("département « {department} » inconnu")));
    };
    let post_codes = match columns.post_codes {
        Some(column) => parse_post_codes(row, column)?,
        None => Vec::new(),
    };
    let (lat_column, lon_column) = match columns.point {
        Point::Apart { lat, lon } => (lat, lon),
        Point::Together(column) => (column, column),
    };
    let (lat, lon) = match point_of(row, columns.point)? {
        (None, None) => return skip(SkipReason::NoCoordinates),
        (Some(lat), Some(lon)) => (lat, lon),
        (None, Some(_)) => return Err(row.error(lat_column, "latitude vide alors que la longitude est donnée")),
        (Some(_), None) => return Err(row.error(lon_column, "longitude vide alors que la latitude est donnée")),
    };
    let centre = GeoPoint::new(lat, lon).ok_or_else(|| row.error(lat_column, "coordonnées hors bornes"))?;
    let km = centre.distance_km(known.centre);
    if km > MAX_KM_FROM_DEPARTMENT_CENTRE {
        let reason = format!(
            "le point ({lat}, {lon}) est à {km:.0} km du centre du département {department} : latitude et longitude inversées ou fausses"
        );
        return Err(row.error(lat_column, reason));
    }
    Ok(Ok(Commune { insee, name, post_codes, department, centre }))
}

/// `91228`, `2A004`, `97411`: two digits (or `2A`/`2B`), then three digits.
fn is_insee_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 5
        && (bytes[..2].iter().all(u8::is_ascii_digit) || code.starts_with("2A") || code.starts_with("2B"))
        && bytes[2..].iter().all(u8::is_ascii_digit)
}

/// The département (or collectivité) of a valid INSEE code: 3 characters overseas, else 2.
fn department_of(insee: &str) -> &str {
    if insee.starts_with("97") || insee.starts_with("98") { &insee[..3] } else { &insee[..2] }
}

/// Post codes separated by `|`, `,`, `;` or spaces; each must have 5 digits.
fn parse_post_codes(row: &Row, column: usize) -> Result<Vec<String>, ReferenceError> {
    let mut codes: Vec<String> = Vec::new();
    for code in row.get(column).split(|c: char| matches!(c, '|' | ',' | ';') || c.is_whitespace()) {
        if code.is_empty() || codes.iter().any(|c| c == code) {
            continue;
        }
        if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(row.error(column, format!("code postal « {code} » invalide (5 chiffres attendus)")));
        }
        codes.push(code.to_string());
    }
    Ok(codes)
}

/// A coordinate in degrees (`48.62` or `48,62`) read from `raw` (a field of `column`), `None`
/// when empty, within ±`bound`.
fn coordinate(row: &Row, column: usize, bound: f64, raw: &str) -> Result<Option<f64>, ReferenceError> {
    if raw.is_empty() {
        return Ok(None);
    }
    let value: f64 =
        raw.replace(',', ".").parse().map_err(|_| row.error(column, format!("« {raw} » n'est pas un nombre")))?;
    if !value.is_finite() || value.abs() > bound {
        return Err(row.error(column, format!("{raw} hors de l'intervalle [-{bound}, {bound}]")));
    }
    Ok(Some(value))
}

impl crate::error::Classified for ReferenceError {
    /// A reference file that cannot be read or breaks its format is the user's to fix.
    fn blame(&self) -> crate::error::Blame {
        crate::error::Blame::user_without_field()
    }
}

#[cfg(test)]
mod tests;
