//! BOAMP open-data records (the `boamp` dataset of the DILA's Opendatasoft API), one JSON object per line.
//!
//! A record carries the indexing (`idweb`, `objet`, `nomacheteur`, `dateparution`, `datelimitereponse`,
//! `code_departement`, `descripteur_*`, `type_marche`, `nature`, `famille`, `annonce_lie`,
//! `annonces_anterieures`, `url_avis`…) and the whole notice as a JSON string in `donnees`: the XML `DONNEES`
//! converted to JSON, so it is read by the same code as BOAMP XML ([`super::boamp`]). A record without
//! `donnees` is read from its indexing alone.

use std::io::{BufRead, Read};
use std::path::Path;

use serde_json::{Map, Value};

use super::boamp::{self, Envelope};
use super::error::NoticeError;
use super::model::{Notice, NoticeBuyer, NoticeFormat, NoticeKind, NoticeLot, SocialTerms};
use super::tree::Node;
use super::values::{self, push_unique};
use super::{MAX_RECORD_BYTES, Reading, finish};
use crate::domain::cpv::ContractType;

/// Reads every line of a JSON Lines file; a line that fails is a failure of the reading, the others are read.
pub fn read_lines(path: &Path, mut reader: impl BufRead) -> Result<Reading, NoticeError> {
    let mut out = Reading::default();
    let mut buf = Vec::new();
    let mut line = 0usize;
    loop {
        line += 1;
        buf.clear();
        let read = reader
            .by_ref()
            .take(MAX_RECORD_BYTES + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|source| NoticeError::Io { file: path.to_path_buf(), source })?;
        if read == 0 {
            break;
        }
        if buf.len() as u64 > MAX_RECORD_BYTES {
            out.failures.push(NoticeError::TooLarge {
                file: path.to_path_buf(),
                line: Some(line),
                limit: MAX_RECORD_BYTES,
            });
            skip_rest_of_line(path, &mut reader)?;
            continue;
        }
        let text = match std::str::from_utf8(&buf) {
            Ok(t) => t.trim(),
            Err(_) => {
                out.failures.push(NoticeError::Json {
                    file: path.to_path_buf(),
                    line,
                    message: "octets non UTF-8".into(),
                });
                continue;
            }
        };
        if text.is_empty() {
            continue;
        }
        match read_record(path, line, text) {
            Ok(notice) => out.notices.push(notice),
            Err(err) => out.failures.push(err),
        }
    }
    Ok(out)
}

fn skip_rest_of_line(path: &Path, reader: &mut impl BufRead) -> Result<(), NoticeError> {
    loop {
        let chunk = reader.fill_buf().map_err(|source| NoticeError::Io { file: path.to_path_buf(), source })?;
        if chunk.is_empty() {
            return Ok(());
        }
        match chunk.iter().position(|b| *b == b'\n') {
            Some(at) => {
                reader.consume(at + 1);
                return Ok(());
            }
            None => {
                let len = chunk.len();
                reader.consume(len);
            }
        }
    }
}

/// Reads one record.
pub fn read_record(file: &Path, line: usize, text: &str) -> Result<Notice, NoticeError> {
    let value: Value = serde_json::from_str(text).map_err(|e| NoticeError::Json {
        file: file.to_path_buf(),
        line,
        message: format!("{} (colonne {})", json_message(&e), e.column()),
    })?;
    let Value::Object(record) = value else {
        return Err(NoticeError::Json { file: file.to_path_buf(), line, message: "un objet JSON est attendu".into() });
    };
    let envelope = envelope(file, line, &record)?;
    match record.get("donnees") {
        None | Some(Value::Null) => Ok(from_indexing(envelope, &record)),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(from_indexing(envelope, &record)),
        Some(Value::String(s)) => {
            let donnees: Value = serde_json::from_str(s).map_err(|e| NoticeError::Field {
                file: file.to_path_buf(),
                line,
                field: "donnees".into(),
                message: format!("JSON invalide : {} (colonne {})", json_message(&e), e.column()),
            })?;
            read_donnees(file, line, &donnees, envelope)
        }
        Some(object @ Value::Object(_)) => read_donnees(file, line, object, envelope),
        Some(_) => Err(NoticeError::Field {
            file: file.to_path_buf(),
            line,
            field: "donnees".into(),
            message: "ni texte JSON ni objet".into(),
        }),
    }
}

fn read_donnees(file: &Path, line: usize, donnees: &Value, envelope: Envelope) -> Result<Notice, NoticeError> {
    if !donnees.is_object() {
        return Err(NoticeError::Field {
            file: file.to_path_buf(),
            line,
            field: "donnees".into(),
            message: "un objet JSON est attendu".into(),
        });
    }
    // Some records wrap the block in `DONNEES`, most give its content.
    let node = Node::from_json("DONNEES", donnees);
    let node = match node.child("DONNEES") {
        Some(inner) if node.children.len() == 1 => inner.clone(),
        _ => node,
    };
    boamp::read_donnees(file, &node, envelope).map_err(|e| e.at_line(line))
}

fn envelope(file: &Path, line: usize, record: &Map<String, Value>) -> Result<Envelope, NoticeError> {
    let text = |key: &str| strings(record.get(key)).into_iter().next();
    let idweb = text("idweb").ok_or_else(|| NoticeError::Missing {
        file: file.to_path_buf(),
        line: Some(line),
        element: "idweb".into(),
    })?;
    let mut earlier = Vec::new();
    for key in ["annonce_lie", "annonces_anterieures"] {
        for id in strings(record.get(key)).iter().flat_map(|s| idwebs(s)) {
            push_unique(&mut earlier, id);
        }
    }
    earlier.retain(|e| *e != idweb);
    Ok(Envelope {
        format: Some(NoticeFormat::BoampJson),
        line: Some(line),
        nature: text("nature").map(|n| n.to_ascii_uppercase()),
        famille: text("famille"),
        publication_date: text("dateparution").and_then(|d| values::date(&d)),
        deadline: text("datelimitereponse").and_then(|d| values::datetime(&d)),
        buyer_name: text("nomacheteur"),
        summary: text("objet"),
        departments: strings(record.get("code_departement")),
        contract_nature: strings(record.get("type_marche")).iter().find_map(|t| {
            match t.to_ascii_uppercase().as_str() {
                "TRAVAUX" => Some(ContractType::Works),
                "FOURNITURES" => Some(ContractType::Supplies),
                "SERVICES" => Some(ContractType::Services),
                _ => None,
            }
        }),
        notice_url: text("url_avis"),
        earlier,
        markers: Vec::new(),
        procedure: text("type_procedure").or_else(|| text("procedure_libelle")),
        idweb,
    })
}

/// A notice from the indexing alone (a record without `donnees`).
fn from_indexing(envelope: Envelope, record: &Map<String, Value>) -> Notice {
    let title = envelope.summary.clone().unwrap_or_default();
    let descriptors = strings(record.get("descripteur_libelle"));
    let mut lot = NoticeLot {
        id: "1".into(),
        title: title.clone(),
        description: None,
        cpv: Vec::new(),
        place: Default::default(),
        estimated_value_eur: None,
        duration_months: None,
        deadline: None,
        reserved: false,
        reservation_codes: Vec::new(),
        reservation: None,
        social: SocialTerms::default(),
    };
    lot.place.departments.clone_from(&envelope.departments);
    let notice = Notice {
        format: NoticeFormat::BoampJson,
        id: envelope.idweb.clone(),
        notice_type: envelope.nature.clone().unwrap_or_default(),
        schema: envelope.famille.clone(),
        kind: envelope.kind().unwrap_or(NoticeKind::Other),
        language: "FR".into(),
        publication_date: envelope.publication_date,
        procedure_id: envelope.earlier.first().cloned().unwrap_or_default(),
        related_notices: envelope.earlier.clone(),
        buyer: NoticeBuyer { name: envelope.buyer_name.clone().unwrap_or_default(), ..NoticeBuyer::default() },
        title,
        description: (!descriptors.is_empty()).then(|| descriptors.join(", ")),
        cpv: Vec::new(),
        contract_nature: envelope.contract_nature,
        procedure_type: envelope.procedure.clone(),
        estimated_value_eur: None,
        duration_months: None,
        deadline: envelope.deadline.clone(),
        documents_url: None,
        notice_url: envelope.notice_url.clone(),
        lots: vec![lot],
        awards: Vec::new(),
        warnings: Vec::new(),
    };
    finish::finish(notice)
}

/// A field as strings: a string, a list of strings or numbers, or a number.
fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_string()],
        Some(Value::Number(n)) => vec![n.to_string()],
        Some(Value::Array(items)) => items.iter().flat_map(|i| strings(Some(i))).collect(),
        _ => Vec::new(),
    }
}

/// The BOAMP numbers (`24-123456`) in a field, whatever wraps them (a list, JSON text, words).
fn idwebs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit()) {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 2 && i < bytes.len() && bytes[i] == b'-' {
                let digits_start = i + 1;
                let mut j = digits_start;
                while j < bytes.len() && bytes[j].is_ascii_digit() {
                    j += 1;
                }
                if j - digits_start >= 4 && (j == bytes.len() || !bytes[j].is_ascii_alphanumeric()) {
                    push_unique(&mut out, text[start..j].to_string());
                }
                i = j;
            }
        } else {
            i += 1;
        }
    }
    out
}

fn json_message(e: &serde_json::Error) -> &'static str {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => "texte JSON tronqué",
        Category::Syntax => "syntaxe JSON invalide",
        Category::Data => "valeur JSON inattendue",
        Category::Io => "lecture interrompue",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idwebs_are_found_in_any_wrapping() {
        assert_eq!(idwebs("[\"24-123456\", \"24-7\"]"), ["24-123456"]);
        assert_eq!(idwebs("{\"IDWEB\":\"23-98765\"}; 2024-01-02"), ["23-98765"]);
        assert!(idwebs("BOAMP-06-101-0001-01").is_empty());
    }
}
