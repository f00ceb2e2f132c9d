//! Reading DECP files as a stream, whatever their published shape: a JSON document
//! (`{"marches": [...]}` of the 2019 schema, `{"marches": {"marche": [...]}}` of the 2022 schema, or
//! a bare array), JSON Lines (one record per line), or the consolidated CSV (`,` or `;`, one row per
//! holder). Records are handed over one by one, so national files of several gigabytes are never
//! held in memory.

use std::fmt;
use std::io::BufRead;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::contract::{Defect, DefectKind, Read, contract_from_record, fold, looks_like_contract};
use super::error::SpaserError;

/// The shape a file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileShape {
    /// A JSON document with a `marches` list (or a bare list of records).
    JsonDocument,
    /// One JSON record per line.
    JsonLines,
    /// The consolidated CSV.
    Csv,
}

/// Reads every record of a DECP file and hands each to `sink`; returns the shape. Refuses a file
/// that is not DECP (nothing handed over); a defect of one record is handed over as
/// [`Read::Rejected`], never an error.
pub fn read_decp<R: BufRead>(input: R, sink: &mut dyn FnMut(Read)) -> Result<FileShape, SpaserError> {
    read_decp_of(input, None, sink)
}

/// [`read_decp`] for one buyer: in JSON Lines, a line whose `acheteur.id` is another SIRET is handed over
/// as [`Read::OtherBuyer`] after a light parse, which skips building the whole record.
pub fn read_decp_of<R: BufRead>(
    mut input: R,
    buyer: Option<&str>,
    sink: &mut dyn FnMut(Read),
) -> Result<FileShape, SpaserError> {
    let first = first_line(&mut input)?;
    let trimmed = first.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Err(SpaserError::NotDecp("le fichier est vide".into()));
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if let Ok(Value::Object(map)) = serde_json::from_str::<Value>(trimmed)
            && !map.contains_key("marches")
        {
            if !looks_like_contract(&map) {
                return Err(SpaserError::NotDecp(
                    "la première ligne JSON n'a pas les champs d'un marché (id, acheteur, dateNotification, montant…) et il n'y a pas de liste « marches »".into(),
                ));
            }
            sink(contract_from_record(1, &map));
            read_lines(input, 2, buyer, sink)?;
            return Ok(FileShape::JsonLines);
        }
        let first = first.trim_start_matches('\u{feff}').to_string();
        let chained = std::io::Read::chain(std::io::Cursor::new(first.into_bytes()), input);
        read_document(chained, sink)?;
        return Ok(FileShape::JsonDocument);
    }
    read_csv(trimmed, input, sink)?;
    Ok(FileShape::Csv)
}

fn first_line<R: BufRead>(input: &mut R) -> Result<String, SpaserError> {
    let mut line = String::new();
    loop {
        line.clear();
        let n = input.read_line(&mut line).map_err(SpaserError::Io)?;
        if n == 0 || !line.trim().trim_start_matches('\u{feff}').is_empty() {
            return Ok(line);
        }
    }
}

/// Only the buyer of a record, for the light parse of [`read_decp_of`].
#[derive(Deserialize)]
struct BuyerOnly {
    acheteur: Option<BuyerId>,
}

#[derive(Deserialize)]
struct BuyerId {
    id: Option<String>,
}

/// True when the line is surely a record of another buyer than `buyer`.
fn other_buyer(line: &str, buyer: &str) -> bool {
    match serde_json::from_str::<BuyerOnly>(line) {
        Ok(BuyerOnly { acheteur: Some(BuyerId { id: Some(id) }) }) => {
            let id: String = id.chars().filter(|c| !c.is_whitespace()).collect();
            !id.is_empty() && id != buyer
        }
        _ => false,
    }
}

fn read_lines<R: BufRead>(
    input: R,
    first_no: usize,
    buyer: Option<&str>,
    sink: &mut dyn FnMut(Read),
) -> Result<(), SpaserError> {
    let mut no = first_no;
    for bytes in input.split(b'\n') {
        let bytes = bytes.map_err(SpaserError::Io)?;
        let Ok(line) = String::from_utf8(bytes) else {
            sink(Read::Rejected(Defect { record: no, id: None, buyer: None, kind: DefectKind::NotUtf8 }));
            no += 1;
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        if buyer.is_some_and(|b| other_buyer(&line, b)) {
            sink(Read::OtherBuyer);
            no += 1;
            continue;
        }
        match serde_json::from_str::<Map<String, Value>>(&line) {
            Ok(map) => sink(contract_from_record(no, &map)),
            Err(e) => sink(unreadable(no, e.to_string())),
        }
        no += 1;
    }
    Ok(())
}

fn unreadable(record: usize, detail: String) -> Read {
    Read::Rejected(Defect { record, id: None, buyer: None, kind: DefectKind::Unreadable { detail } })
}

/// Streams a JSON document: the records of `marches` (a list, or an object of lists such as
/// `marche` and `contrat-concession`), or of a top-level list.
fn read_document<R: std::io::Read>(input: R, sink: &mut dyn FnMut(Read)) -> Result<(), SpaserError> {
    let mut state = DocState { sink, count: 0, found_marches: false };
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(input));
    let outcome = (&mut de).deserialize_any(TopVisitor { state: &mut state });
    let outcome = outcome.and_then(|()| de.end());
    match outcome {
        Ok(()) if !state.found_marches => Err(SpaserError::NotDecp("document JSON sans liste « marches »".into())),
        Ok(()) => Ok(()),
        Err(e) if state.count == 0 && !state.found_marches => {
            Err(SpaserError::NotDecp(format!("JSON invalide avant tout marché ({e})")))
        }
        Err(e) => {
            let next = state.count + 1;
            let kind = DefectKind::Truncated { detail: e.to_string() };
            (state.sink)(Read::Rejected(Defect { record: next, id: None, buyer: None, kind }));
            Ok(())
        }
    }
}

struct DocState<'a> {
    sink: &'a mut dyn FnMut(Read),
    count: usize,
    found_marches: bool,
}

impl DocState<'_> {
    fn record(&mut self, value: Value) {
        self.count += 1;
        match value {
            Value::Object(map) => (self.sink)(contract_from_record(self.count, &map)),
            _ => (self.sink)(Read::Rejected(Defect {
                record: self.count,
                id: None,
                buyer: None,
                kind: DefectKind::NotAnObject,
            })),
        }
    }
}

struct TopVisitor<'s, 'a> {
    state: &'s mut DocState<'a>,
}

impl<'de> Visitor<'de> for TopVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("un document DECP")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "marches" {
                self.state.found_marches = true;
                map.next_value_seed(ListSeed { state: self.state })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        self.state.found_marches = true;
        ListSeed { state: self.state }.visit_seq(seq)
    }
}

/// A list of records, or an object whose values are lists of records (`marche`, `contrat-concession`).
struct ListSeed<'s, 'a> {
    state: &'s mut DocState<'a>,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("une liste de marchés")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(value) = seq.next_element::<Value>()? {
            self.state.record(value);
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let concession = key.contains("concession");
            let mut state = DocState { sink: self.state.sink, count: self.state.count, found_marches: true };
            if concession {
                // Concessions are listed as such by the record reader (their `autoriteConcedante`).
                map.next_value_seed(ConcessionSeed { state: &mut state })?;
            } else {
                map.next_value_seed(ListSeed { state: &mut state })?;
            }
            self.state.count = state.count;
        }
        Ok(())
    }
}

/// The `contrat-concession` list: each record is handed over marked as a concession.
struct ConcessionSeed<'s, 'a> {
    state: &'s mut DocState<'a>,
}

impl<'de> DeserializeSeed<'de> for ConcessionSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let list = Vec::<Value>::deserialize(deserializer)?;
        for mut value in list {
            if let Value::Object(map) = &mut value {
                map.insert("_type".into(), Value::String("Contrat de concession".into()));
            }
            self.state.record(value);
        }
        Ok(())
    }
}

/// Reads the consolidated CSV: one row per contract and holder; consecutive rows of one contract
/// (same buyer, id and date) are joined into one record with all their holders.
fn read_csv<R: BufRead>(header_line: &str, rest: R, sink: &mut dyn FnMut(Read)) -> Result<(), SpaserError> {
    let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(std::io::Read::chain(std::io::Cursor::new(format!("{header_line}\n").into_bytes()), rest));
    let mut rows = reader.records();
    let header = match rows.next() {
        Some(Ok(h)) => h.iter().map(|s| s.trim().to_string()).collect::<Vec<_>>(),
        _ => return Err(SpaserError::NotDecp("ni JSON ni CSV lisible".into())),
    };
    let has = |names: &[&str]| header.iter().any(|h| names.contains(&h.as_str()));
    let missing: Vec<&str> = [
        ("acheteur.id", &["acheteur.id", "acheteur_id"][..]),
        ("id", &["id"][..]),
        ("dateNotification", &["dateNotification"][..]),
    ]
    .iter()
    .filter(|(_, names)| !has(names))
    .map(|(name, _)| *name)
    .collect();
    if !missing.is_empty() {
        return Err(SpaserError::NotDecp(format!(
            "ni JSON DECP ni CSV DECP : colonne(s) absente(s) {}",
            missing.iter().map(|m| format!("« {m} »")).collect::<Vec<_>>().join(", ")
        )));
    }
    let mut pending: Option<(String, Map<String, Value>, usize)> = None;
    let mut no = 0;
    for row in rows {
        no += 1;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                sink(unreadable(no, e.to_string()));
                continue;
            }
        };
        let mut map = Map::new();
        for (name, value) in header.iter().zip(row.iter()) {
            if !value.trim().is_empty() {
                map.insert(name.clone(), Value::String(value.to_string()));
            }
        }
        let holder = csv_holder(&map);
        let key = ["acheteur.id", "acheteur_id", "id", "dateNotification"]
            .iter()
            .map(|k| map.get(*k).and_then(Value::as_str).unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\u{1f}");
        match &mut pending {
            Some((k, record, _)) if *k == key => {
                if let (Some(h), Some(Value::Array(list))) = (holder, record.get_mut("titulaires")) {
                    list.push(h);
                }
            }
            _ => {
                if let Some((_, record, at)) = pending.take() {
                    sink(contract_from_record(at, &record));
                }
                map.insert("titulaires".into(), Value::Array(holder.into_iter().collect()));
                pending = Some((key, map, no));
            }
        }
    }
    if let Some((_, record, at)) = pending {
        sink(contract_from_record(at, &record));
    }
    Ok(())
}

/// The holder of a CSV row (`titulaire_id`, `titulaire_typeIdentifiant`, `titulaire_denominationSociale`…).
fn csv_holder(row: &Map<String, Value>) -> Option<Value> {
    let find = |suffix: &str| {
        row.iter()
            .find(|(k, _)| {
                let k = fold(k).replace(['.', '_'], " ");
                k.starts_with("titulaire") && k.split(' ').nth(1) == Some(suffix)
            })
            .map(|(_, v)| v.clone())
    };
    let id = find("id")?;
    let mut holder = Map::new();
    holder.insert("id".into(), id);
    if let Some(t) = find("typeidentifiant") {
        holder.insert("typeIdentifiant".into(), t);
    }
    if let Some(n) = find("denominationsociale").or_else(|| find("nom")) {
        holder.insert("denominationSociale".into(), n);
    }
    Some(Value::Object(holder))
}
