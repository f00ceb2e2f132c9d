//! One awarded contract as the SPASER measurement needs it, read from a DECP record of any published
//! shape (2022 schema with its list wrappers, 2019 schema, flattened JSON Lines, consolidated CSV).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::need::Place;
use crate::domain::siret::luhn_valid;

/// The social considerations a DECP record may declare (`considerationsSociales`, arrêté of 22 Dec 2022).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Considerations {
    /// « Clause sociale »: a social execution condition (L2112-2, L2112-2-1).
    pub social_clause: bool,
    /// « Critère social »: a social award criterion (R2152-7).
    pub social_criterion: bool,
    /// « Marché réservé » (L2113-12 to L2113-16).
    pub reserved: bool,
    /// « Clause environnementale »: an environmental execution condition (L2112-2).
    pub environmental_clause: bool,
    /// « Critère environnemental »: an environmental award criterion (L2152-7).
    pub environmental_criterion: bool,
    /// The record gave at least one social value (a positive one or « Pas de considération sociale »).
    pub social_stated: bool,
    /// The record gave at least one environmental value.
    pub environmental_stated: bool,
}

impl Considerations {
    /// At least one social consideration (indicator S1, S2).
    pub fn social(&self) -> bool {
        self.social_clause || self.social_criterion || self.reserved
    }

    /// At least one environmental consideration (indicator E1, E2).
    pub fn environmental(&self) -> bool {
        self.environmental_clause || self.environmental_criterion
    }

    /// How many positive considerations: the richer of two copies of a contract is kept.
    pub fn count(&self) -> usize {
        [
            self.social_clause,
            self.social_criterion,
            self.reserved,
            self.environmental_clause,
            self.environmental_criterion,
        ]
        .iter()
        .filter(|b| **b)
        .count()
    }

    /// The considerations of both copies of one contract.
    pub fn union(&self, other: &Considerations) -> Considerations {
        Considerations {
            social_clause: self.social_clause || other.social_clause,
            social_criterion: self.social_criterion || other.social_criterion,
            reserved: self.reserved || other.reserved,
            environmental_clause: self.environmental_clause || other.environmental_clause,
            environmental_criterion: self.environmental_criterion || other.environmental_criterion,
            social_stated: self.social_stated || other.social_stated,
            environmental_stated: self.environmental_stated || other.environmental_stated,
        }
    }

    /// Records one published value; returns false for a value the schema does not know.
    fn add(&mut self, value: &str) -> bool {
        let key = fold(value);
        let flag = match key.as_str() {
            "clause sociale" => &mut self.social_clause,
            "critere social" => &mut self.social_criterion,
            "marche reserve" => &mut self.reserved,
            "clause environnementale" => &mut self.environmental_clause,
            "critere environnemental" => &mut self.environmental_criterion,
            "pas de consideration sociale" => {
                self.social_stated = true;
                return true;
            }
            "pas de consideration environnementale" => {
                self.environmental_stated = true;
                return true;
            }
            _ => return false,
        };
        *flag = true;
        if key.contains("environnement") {
            self.environmental_stated = true;
        } else {
            self.social_stated = true;
        }
        true
    }
}

/// A holder or subcontractor as the record names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Party {
    /// The identifier (`id`), digits only when it is a SIRET or a SIREN.
    pub id: String,
    /// `typeIdentifiant` (SIRET, SIREN, TVA…), when given.
    pub id_type: Option<String>,
    /// `denominationSociale`, when given.
    pub name: Option<String>,
}

impl Party {
    /// The SIREN of a French identifier (a valid SIRET's first 9 digits, or a SIREN).
    pub fn siren(&self) -> Option<&str> {
        match self.id.len() {
            14 if is_siret(&self.id) => Some(&self.id[..9]),
            9 if self.id.bytes().all(|b| b.is_ascii_digit()) => Some(&self.id),
            _ => None,
        }
    }

    /// True for an identifier that is neither a valid SIRET, a SIREN, nor declared foreign.
    pub fn invalid_french_id(&self) -> bool {
        let foreign = self.id_type.as_deref().is_some_and(|t| {
            let t = t.to_ascii_uppercase();
            t != "SIRET" && t != "SIREN"
        });
        !foreign && self.siren().is_none()
    }
}

/// A notified subcontracting act (`actesSousTraitance`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subcontract {
    /// The subcontractor.
    pub party: Party,
    /// Its amount, when given.
    pub amount_eur: Option<f64>,
}

/// One contract (or lot) of a buyer, read from a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contract {
    /// Where it was read: record number in the file (1 = first).
    pub record: usize,
    /// The buyer's contract id (`id`).
    pub id: String,
    /// The buyer's SIRET (`acheteur.id`).
    pub buyer: String,
    /// `dateNotification`.
    #[serde(serialize_with = "iso_date", deserialize_with = "date_of_iso")]
    pub notified: Date,
    /// `montant`, euros HT (0 when missing).
    pub amount_eur: f64,
    /// `codeCPV`, when given.
    pub cpv: Option<String>,
    /// `objet`, when given.
    pub object: Option<String>,
    /// `lieuExecution` as a place of the needs format (commune, post code or département), when its
    /// code and type say one.
    #[serde(skip)]
    pub place: Option<Place>,
    /// `dureeMois`, when given.
    #[serde(skip)]
    pub duration_months: Option<u32>,
    /// Declared considerations.
    pub considerations: Considerations,
    /// Holders (`titulaires`).
    pub holders: Vec<Party>,
    /// Notified subcontracting acts.
    pub subcontracts: Vec<Subcontract>,
    /// The buyer's true number of contracts since 2023 when the collector gave it
    /// (`_source.n_marches_acheteur_depuis_2023`): the file is then a sample.
    pub buyer_total_since_2023: Option<u64>,
    /// Defects found in the record that did not prevent reading it.
    pub defects: Vec<DefectKind>,
}

/// What is wrong with a record, or why it was not counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DefectKind {
    /// Not valid JSON or CSV.
    Unreadable {
        /// The parser's message.
        detail: String,
    },
    /// The JSON document breaks off here: the rest of the file cannot be read.
    Truncated {
        /// The parser's message.
        detail: String,
    },
    /// A list item that is not a JSON object.
    NotAnObject,
    /// A line that is not UTF-8 text.
    NotUtf8,
    /// A concession (`contrat-concession`, `autoriteConcedante`): outside the contracts measured.
    Concession,
    /// No buyer SIRET: the record cannot be given to a buyer.
    MissingBuyer,
    /// A buyer SIRET that is not 14 digits with a valid key (kept under that id).
    InvalidBuyerSiret {
        /// The published value.
        value: String,
    },
    /// No or unreadable `dateNotification`: the year is unknown, the record is not counted.
    MissingDate {
        /// The published value, if any.
        value: Option<String>,
    },
    /// No `id`.
    MissingId,
    /// `montant` missing or not a number: counted with 0 €.
    MissingAmount,
    /// `montant` of 0 €: counted by number, adds nothing by value.
    ZeroAmount,
    /// A negative `montant`: counted by number with 0 €.
    NegativeAmount {
        /// The published value.
        value: f64,
    },
    /// A holder or subcontractor id that is neither a SIRET nor a SIREN nor a foreign id.
    InvalidHolderId {
        /// The published value.
        value: String,
    },
    /// No holder.
    MissingHolder,
    /// No CPV code.
    MissingCpv,
    /// A consideration value the schema does not know: ignored.
    UnknownConsideration {
        /// The published value.
        value: String,
    },
    /// A record whose object says it is a test: not counted.
    TestRecord,
    /// The same contract published again: counted once.
    Duplicate {
        /// The id of the copy that was kept.
        kept_id: String,
        /// The record number of the copy that was kept.
        kept_record: usize,
    },
    /// Two copies of one contract with different amounts: the kept copy's amount is used.
    AmountsDiffer {
        /// The amount kept.
        kept_eur: f64,
        /// The other copy's amount.
        other_eur: f64,
    },
    /// The same id and date used for a contract with other holders (distinct lots): both counted.
    ReusedId,
}

/// A defect with where it was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Defect {
    /// Record number in the file (1 = first).
    pub record: usize,
    /// The contract id, when known.
    pub id: Option<String>,
    /// The buyer SIRET, when known.
    pub buyer: Option<String>,
    /// What is wrong.
    #[serde(flatten)]
    pub kind: DefectKind,
}

/// What one record became.
#[derive(Debug, Clone, PartialEq)]
pub enum Read {
    /// A contract to measure (possibly with minor defects).
    Contract(Box<Contract>),
    /// A record that cannot be measured, with the reason.
    Rejected(Defect),
    /// A well-formed record of another buyer than the one asked for, not read further.
    OtherBuyer,
}

fn iso_date<S: serde::Serializer>(day: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(day)
}

fn date_of_iso<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    let text = String::deserialize(d)?;
    text.parse().map_err(serde::de::Error::custom)
}

/// True for 14 digits with a valid Luhn key.
pub fn is_siret(id: &str) -> bool {
    id.len() == 14 && id.bytes().all(|b| b.is_ascii_digit()) && luhn_valid(id)
}

/// Lower case without accents and with single spaces: how published values are compared.
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The value at a dotted path (`acheteur.id`), nested or flattened (`acheteur.id`, `acheteur_id`).
fn at<'a>(record: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let flat = [path.to_string(), path.replace('.', "_")];
    for key in &flat {
        if let Some(v) = record.get(key).filter(|v| !v.is_null()) {
            return Some(v);
        }
    }
    let mut parts = path.split('.');
    let mut current = record.get(parts.next()?)?;
    for part in parts {
        current = current.as_object()?.get(part)?;
    }
    (!current.is_null()).then_some(current)
}

/// A scalar as text (numbers too, as CSV and some platforms write ids as numbers).
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A number, also from text with a decimal comma or spaces (`"12 500,50"`).
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let cleaned: String =
                s.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}').collect();
            cleaned.replace(',', ".").parse().ok()
        }
        _ => None,
    }
}

/// The items of a published list, whatever its wrappers: `[a, b]`, `{"inner": [a, b]}`,
/// `[{"inner": a}]`, `{"inner": a}`, or text separated by commas, semicolons or bars (CSV).
fn items<'a>(value: &'a Value, inner: &str, out: &mut Vec<&'a Value>) {
    match value {
        Value::Array(list) => list.iter().for_each(|v| items(v, inner, out)),
        Value::Object(map) => match map.get(inner) {
            Some(v) if map.len() == 1 => items(v, inner, out),
            _ => out.push(value),
        },
        Value::Null => {}
        other => out.push(other),
    }
}

fn party(value: &Value) -> Option<Party> {
    let map = value.as_object()?;
    let get = |k: &str| map.get(k).and_then(text);
    let id = get("id").or_else(|| get("identifiant"))?;
    let id_type = get("typeIdentifiant");
    let digits: String = id.chars().filter(|c| !c.is_whitespace()).collect();
    let is_number = digits.bytes().all(|b| b.is_ascii_digit());
    let id = if is_number { digits } else { id };
    let name = get("denominationSociale").or_else(|| get("nom")).or_else(|| get("denomination"));
    Some(Party { id, id_type, name })
}

/// Holders of a record: `titulaires` (every wrapper), or the CSV's `titulaire_id` columns.
fn holders(record: &Map<String, Value>) -> Vec<Party> {
    let mut found = Vec::new();
    if let Some(v) = record.get("titulaires") {
        let mut list = Vec::new();
        items(v, "titulaire", &mut list);
        found.extend(list.into_iter().filter_map(party));
    }
    if found.is_empty() {
        let flat = ["titulaire_id", "titulaire.id", "titulaires.id", "titulaires_id"]
            .iter()
            .find_map(|k| record.get(*k).and_then(text));
        if let Some(id) = flat {
            let get = |keys: &[&str]| keys.iter().find_map(|k| record.get(*k).and_then(text));
            let mut p = Map::new();
            p.insert("id".into(), Value::String(id));
            if let Some(t) = get(&["titulaire_typeIdentifiant", "titulaire.typeIdentifiant"]) {
                p.insert("typeIdentifiant".into(), Value::String(t));
            }
            if let Some(n) = get(&["titulaire_denominationSociale", "titulaire.denominationSociale", "titulaire_nom"]) {
                p.insert("denominationSociale".into(), Value::String(n));
            }
            found.extend(party(&Value::Object(p)));
        }
    }
    found
}

fn subcontracts(record: &Map<String, Value>) -> Vec<Subcontract> {
    let mut list = Vec::new();
    if let Some(v) = record.get("actesSousTraitance") {
        items(v, "acteSousTraitance", &mut list);
    }
    list.into_iter()
        .filter_map(|act| {
            let map = act.as_object()?;
            let who = map.get("sousTraitant")?;
            let mut parties = Vec::new();
            items(who, "sousTraitant", &mut parties);
            let party = parties.into_iter().find_map(party)?;
            Some(Subcontract { party, amount_eur: map.get("montant").and_then(number) })
        })
        .collect()
}

fn considerations(record: &Map<String, Value>, defects: &mut Vec<DefectKind>) -> Considerations {
    let mut found = Considerations::default();
    for (field, inner) in [
        ("considerationsSociales", "considerationSociale"),
        ("considerationsEnvironnementales", "considerationEnvironnementale"),
    ] {
        let Some(v) = record.get(field) else { continue };
        let mut list = Vec::new();
        items(v, inner, &mut list);
        for item in list {
            let Some(raw) = text(item) else { continue };
            for value in raw.split([',', ';', '|']).map(str::trim).filter(|s| !s.is_empty()) {
                if !found.add(value) {
                    defects.push(DefectKind::UnknownConsideration { value: value.to_string() });
                }
            }
        }
    }
    found
}

/// The date of a `dateNotification` (`2025-07-11`, `2025-07-11+02:00`, `2025-07-11T00:00:00Z`,
/// `11/07/2025`).
pub fn notification_date(raw: &str) -> Option<Date> {
    let raw = raw.trim();
    if let Some(day) = raw.get(..10).and_then(|s| s.parse::<Date>().ok()) {
        return Some(day);
    }
    let parts: Vec<&str> = raw.get(..10)?.split('/').collect();
    if let [d, m, y] = parts.as_slice() {
        return Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok();
    }
    None
}

/// `lieuExecution` (`{"code": "91228", "typeCode": "Code commune"}`, nested or flattened) as a place:
/// a commune (INSEE code), a post code or a département; `None` for a region, a country, or a code
/// without its type.
pub fn execution_place(record: &Map<String, Value>) -> Option<Place> {
    let code: String =
        at(record, "lieuExecution.code").and_then(text)?.chars().filter(|c| !c.is_whitespace()).collect();
    let kind = fold(&at(record, "lieuExecution.typeCode").and_then(text).unwrap_or_default());
    let code = code.to_ascii_uppercase();
    if kind.contains("commune") && code.len() == 5 {
        Some(Place::Commune(code))
    } else if kind.contains("postal") && code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit()) {
        Some(Place::PostCode(code))
    } else if kind.contains("departement") && (1..=3).contains(&code.len()) {
        Some(Place::Department(if code.len() == 1 { format!("0{code}") } else { code }))
    } else {
        None
    }
}

/// Field names of a DECP contract record (2019 and 2022 schemas, flattened or not).
const DECP_FIELDS: [&str; 17] = [
    "id",
    "uid",
    "acheteur",
    "acheteur.id",
    "acheteur_id",
    "autoriteConcedante",
    "dateNotification",
    "montant",
    "titulaires",
    "codeCPV",
    "objet",
    "procedure",
    "nature",
    "dureeMois",
    "lieuExecution",
    "considerationsSociales",
    "considerationsEnvironnementales",
];

/// True when a JSON object looks like a DECP contract record (at least three of its fields, even
/// empty, so that a first record without buyer is still read): the test that tells DECP from any
/// other file.
pub fn looks_like_contract(record: &Map<String, Value>) -> bool {
    DECP_FIELDS.iter().filter(|f| record.contains_key(**f)).count() >= 3
}

/// Reads one record into a contract, or says why it cannot be measured.
pub fn contract_from_record(record_no: usize, record: &Map<String, Value>) -> Read {
    let id = at(record, "id").and_then(text);
    let buyer_raw = at(record, "acheteur.id").or_else(|| at(record, "autoriteConcedante.id")).and_then(text);
    let reject =
        |kind: DefectKind| Read::Rejected(Defect { record: record_no, id: id.clone(), buyer: buyer_raw.clone(), kind });
    let kind = at(record, "_type").and_then(text).map(|t| fold(&t)).unwrap_or_default();
    if kind.contains("concession") || at(record, "autoriteConcedante.id").is_some() {
        return reject(DefectKind::Concession);
    }
    let Some(buyer) = buyer_raw.clone() else { return reject(DefectKind::MissingBuyer) };
    let buyer: String = buyer.chars().filter(|c| !c.is_whitespace()).collect();
    let date_raw = at(record, "dateNotification").and_then(text);
    let Some(notified) = date_raw.as_deref().and_then(notification_date) else {
        return reject(DefectKind::MissingDate { value: date_raw });
    };
    let Some(id) = id.clone() else { return reject(DefectKind::MissingId) };
    let object = at(record, "objet").and_then(text);
    if object.as_deref().map(fold).is_some_and(|o| o == "test" || o.starts_with("test ")) {
        return reject(DefectKind::TestRecord);
    }
    let mut defects = Vec::new();
    if !is_siret(&buyer) {
        defects.push(DefectKind::InvalidBuyerSiret { value: buyer.clone() });
    }
    let amount = at(record, "montant").and_then(number);
    let amount_eur = match amount {
        None => {
            defects.push(DefectKind::MissingAmount);
            0.0
        }
        Some(a) if a.abs() < 0.005 => {
            defects.push(DefectKind::ZeroAmount);
            0.0
        }
        Some(a) if a < 0.0 => {
            defects.push(DefectKind::NegativeAmount { value: a });
            0.0
        }
        Some(a) => a,
    };
    let cpv = at(record, "codeCPV").and_then(text);
    if cpv.is_none() {
        defects.push(DefectKind::MissingCpv);
    }
    let considerations = considerations(record, &mut defects);
    let holders = holders(record);
    if holders.is_empty() {
        defects.push(DefectKind::MissingHolder);
    }
    let subcontracts = subcontracts(record);
    for p in holders.iter().chain(subcontracts.iter().map(|s| &s.party)) {
        if p.invalid_french_id() {
            defects.push(DefectKind::InvalidHolderId { value: p.id.clone() });
        }
    }
    let place = execution_place(record);
    let duration_months =
        at(record, "dureeMois").and_then(number).filter(|m| *m > 0.0 && *m < 1200.0).map(|m| m.round() as u32);
    let buyer_total_since_2023 =
        record.get("_source").and_then(|s| s.get("n_marches_acheteur_depuis_2023")).and_then(Value::as_u64);
    Read::Contract(Box::new(Contract {
        record: record_no,
        id,
        buyer,
        notified,
        amount_eur,
        cpv,
        object,
        place,
        duration_months,
        considerations,
        holders,
        subcontracts,
        buyer_total_since_2023,
        defects,
    }))
}
