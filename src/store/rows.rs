//! How domain values become table rows and back, shared by both backends.
//!
//! Everything here is pure: the backends only move these rows in and out of SQL.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::UpsertOutcome;
use super::error::StoreError;
use crate::domain::{Commune, Cpv, Gazetteer, GeoPoint, Siret, Supplier};

/// Separator of the codes in the `suppliers.kinds` column.
const KINDS_SEPARATOR: &str = " ";
/// Separator of the post codes in the `communes.post_codes` column.
const POST_CODES_SEPARATOR: char = '|';

/// A row of the `suppliers` table, without its change number (given when it is written).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SupplierRow {
    /// Primary key.
    pub siret: String,
    /// First 9 digits of the SIRET.
    pub siren: String,
    /// Legal or usual name.
    pub name: String,
    /// Département code of the site.
    pub department: String,
    /// Post code of the site.
    pub post_code: String,
    /// Kind codes separated by [`KINDS_SEPARATOR`].
    pub kinds: String,
    /// The full import record as JSON text.
    pub record: String,
}

impl SupplierRow {
    /// The row that stores `supplier`.
    pub fn from_supplier(supplier: &Supplier) -> SupplierRow {
        SupplierRow {
            siret: supplier.siret.as_str().to_string(),
            siren: supplier.siret.siren().to_string(),
            name: supplier.name.clone(),
            department: supplier.department.clone(),
            post_code: supplier.post_code.clone(),
            kinds: supplier.kinds.iter().map(|k| k.code()).collect::<Vec<_>>().join(KINDS_SEPARATOR),
            record: Value::Object(supplier.to_record()).to_string(),
        }
    }
}

/// A `suppliers` row as read back: SIRET and record JSON.
pub(super) type StoredSupplier = (String, String);

/// Reads stored suppliers back, failing on the first corrupt one.
pub(super) fn decode_suppliers(stored: Vec<StoredSupplier>) -> Result<Vec<Supplier>, StoreError> {
    stored.iter().map(|(siret, record)| decode_supplier(siret, record)).collect()
}

/// Reads a stored supplier back: the record must parse, validate, and carry the SIRET of its row.
pub(super) fn decode_supplier(siret: &str, record: &str) -> Result<Supplier, StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt { table: "suppliers", key: siret.to_string(), reason };
    let map: Map<String, Value> = serde_json::from_str(record)
        .map_err(|e| corrupt(format!("l'enregistrement n'est pas un objet JSON valide ({e})")))?;
    let supplier = Supplier::from_record(&map, Gazetteer::builtin()).map_err(|e| corrupt(e.to_string()))?;
    if supplier.siret.as_str() != siret {
        return Err(corrupt(format!("l'enregistrement porte un autre SIRET ({})", supplier.siret)));
    }
    Ok(supplier)
}

/// Reads stored SIRET keys back, failing on the first invalid one.
pub(super) fn decode_sirets(stored: Vec<String>) -> Result<Vec<Siret>, StoreError> {
    stored
        .iter()
        .map(|siret| {
            Siret::parse(siret).map_err(|e| StoreError::Corrupt {
                table: "suppliers",
                key: siret.clone(),
                reason: e.to_string(),
            })
        })
        .collect()
}

/// What an upsert has to write, and how its suppliers were classified.
#[derive(Debug, Default)]
pub(super) struct UpsertPlan {
    /// Rows that are new or differ from the stored ones, in input order.
    pub to_write: Vec<SupplierRow>,
    /// Rows among `to_write` whose SIRET was not stored yet.
    pub inserted: usize,
    /// Rows among `to_write` that replace a different stored record.
    pub updated: usize,
    /// Suppliers whose stored record is already identical.
    pub unchanged: usize,
}

impl UpsertPlan {
    /// Classifies `rows` against `stored` (SIRET → stored record JSON): new, changed or identical.
    pub fn new(rows: Vec<SupplierRow>, stored: &HashMap<String, String>) -> UpsertPlan {
        let mut plan = UpsertPlan::default();
        for row in rows {
            match stored.get(&row.siret) {
                None => plan.inserted += 1,
                Some(record) if *record == row.record => {
                    plan.unchanged += 1;
                    continue;
                }
                Some(_) => plan.updated += 1,
            }
            plan.to_write.push(row);
        }
        plan
    }

    /// The outcome to report once the plan is committed under change number `last_change`.
    pub fn outcome(&self, last_change: i64) -> UpsertOutcome {
        UpsertOutcome { inserted: self.inserted, updated: self.updated, unchanged: self.unchanged, last_change }
    }
}

/// Fails with [`StoreError::DuplicateInBatch`] on the first key seen twice.
pub(super) fn ensure_unique<'a>(keys: impl IntoIterator<Item = &'a str>, what: &'static str) -> Result<(), StoreError> {
    let mut seen = HashSet::new();
    for key in keys {
        if !seen.insert(key) {
            return Err(StoreError::DuplicateInBatch { what, key: key.to_string() });
        }
    }
    Ok(())
}

/// The `communes.post_codes` column for a commune.
pub(super) fn encode_post_codes(commune: &Commune) -> String {
    commune.post_codes.join(&POST_CODES_SEPARATOR.to_string())
}

/// A `communes` row as read back: INSEE code, name, post codes, département, latitude, longitude.
pub(super) type StoredCommune = (String, String, String, String, f64, f64);

/// Reads stored communes back, failing on the first corrupt one.
pub(super) fn decode_communes(stored: Vec<StoredCommune>) -> Result<Vec<Commune>, StoreError> {
    stored.into_iter().map(decode_commune).collect()
}

/// Reads a stored commune back; its centre must be a valid point.
fn decode_commune((insee, name, post_codes, department, lat, lon): StoredCommune) -> Result<Commune, StoreError> {
    let centre = GeoPoint::new(lat, lon).ok_or_else(|| StoreError::Corrupt {
        table: "communes",
        key: insee.clone(),
        reason: format!("coordonnées hors limites ({lat}, {lon})"),
    })?;
    let post_codes = post_codes.split(POST_CODES_SEPARATOR).filter(|p| !p.is_empty()).map(str::to_string).collect();
    Ok(Commune { insee, name, post_codes, department, centre })
}

/// Reads stored CPV codes back (code, label), failing on the first invalid code.
pub(super) fn decode_cpv_codes(stored: Vec<(String, String)>) -> Result<Vec<(Cpv, String)>, StoreError> {
    stored.into_iter().map(|(code, label)| decode_cpv(&code, label)).collect()
}

/// Reads a stored CPV code back.
fn decode_cpv(code: &str, label: String) -> Result<(Cpv, String), StoreError> {
    let cpv = Cpv::parse(code).map_err(|e| StoreError::Corrupt {
        table: "cpv_codes",
        key: code.to_string(),
        reason: e.to_string(),
    })?;
    Ok((cpv, label))
}

/// A row count as SQL stores it (`BIGINT`); a `usize` count always fits.
pub(super) fn count_to_sql(count: usize) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

/// A `COUNT(*)` read back from SQL, never negative.
pub(super) fn count_from_sql(count: i64) -> u64 {
    u64::try_from(count).unwrap_or_default()
}

/// The current time in Unix seconds, stamped on each change.
pub(super) fn now_unix_seconds() -> i64 {
    jiff::Timestamp::now().as_second()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn supplier() -> Supplier {
        let record = json!({
            "siret": "80746931700018", "name": "Atelier du Bocage", "kinds": ["ACI", "AI"],
            "post_code": "49300", "city": "Cholet", "department": "49",
        });
        let Value::Object(map) = record else { unreachable!("a JSON object literal") };
        Supplier::from_record(&map, Gazetteer::builtin()).unwrap()
    }

    #[test]
    fn a_row_copies_the_queryable_columns_and_reads_back() {
        let s = supplier();
        let row = SupplierRow::from_supplier(&s);
        assert_eq!(row.siren, "807469317");
        assert_eq!(row.kinds, "ACI AI");
        assert_eq!(row.department, "49");
        assert_eq!(decode_supplier(&row.siret, &row.record).unwrap(), s);
    }

    #[test]
    fn corrupt_records_name_the_siret_and_the_fault() {
        let err = decode_supplier("80746931700018", "{not json").unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { table: "suppliers", .. }));
        assert!(err.to_string().contains("80746931700018"), "{err}");

        let mut record = supplier().to_record();
        record.remove("name");
        let err = decode_supplier("80746931700018", &Value::Object(record).to_string()).unwrap_err();
        assert!(err.to_string().contains("« name »"), "{err}");

        let row = SupplierRow::from_supplier(&supplier());
        let err = decode_supplier("35600000000048", &row.record).unwrap_err();
        assert!(err.to_string().contains("autre SIRET"), "{err}");

        let err = decode_sirets(vec!["80746931700018".into(), "123".into()]).unwrap_err();
        assert!(err.to_string().contains("« 123 »"), "{err}");
    }

    #[test]
    fn the_plan_writes_only_new_and_changed_rows() {
        let same = SupplierRow::from_supplier(&supplier());
        let mut changed_supplier = supplier();
        changed_supplier.siret = Siret::parse("35600000000048").unwrap();
        let changed = SupplierRow::from_supplier(&changed_supplier);
        let mut fresh_supplier = supplier();
        fresh_supplier.siret = Siret::parse("73282932000074").unwrap();
        let fresh = SupplierRow::from_supplier(&fresh_supplier);
        let stored = HashMap::from([
            (same.siret.clone(), same.record.clone()),
            (changed.siret.clone(), changed.record.replace("Bocage", "Bocage (ancien)")),
        ]);

        let plan = UpsertPlan::new(vec![same, changed.clone(), fresh.clone()], &stored);

        assert_eq!((plan.inserted, plan.updated, plan.unchanged), (1, 1, 1));
        assert_eq!(plan.to_write, vec![changed, fresh]);
        assert_eq!(plan.outcome(7), UpsertOutcome { inserted: 1, updated: 1, unchanged: 1, last_change: 7 });
    }

    #[test]
    fn a_repeated_key_is_named() {
        assert!(ensure_unique(["a", "b", "c"], "le SIRET").is_ok());
        let err = ensure_unique(["a", "b", "a"], "le SIRET").unwrap_err();
        assert!(matches!(&err, StoreError::DuplicateInBatch { key, .. } if key == "a"), "{err}");
        assert!(err.to_string().starts_with("le SIRET « a » apparaît deux fois"), "{err}");
    }

    #[test]
    fn communes_and_cpv_codes_read_back_or_are_corrupt() {
        let stored = vec![
            ("69123".to_string(), "Lyon".to_string(), "69001|69002".to_string(), "69".to_string(), 45.76, 4.83),
            ("97411".to_string(), "Saint-Denis".to_string(), String::new(), "974".to_string(), -20.88, 55.45),
        ];
        let communes = decode_communes(stored).unwrap();
        assert_eq!(communes[0].post_codes, ["69001", "69002"]);
        assert_eq!(encode_post_codes(&communes[0]), "69001|69002");
        assert!(communes[1].post_codes.is_empty());

        let bad = vec![("69123".to_string(), "Lyon".to_string(), String::new(), "69".to_string(), 145.0, 4.8)];
        let err = decode_communes(bad).unwrap_err();
        assert!(matches!(&err, StoreError::Corrupt { table: "communes", key, .. } if key == "69123"), "{err}");

        let codes = decode_cpv_codes(vec![("45000000".into(), "Travaux de construction".into())]).unwrap();
        assert_eq!(codes[0].0.as_str(), "45000000");
        let err = decode_cpv_codes(vec![("4500".into(), "?".into())]).unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { table: "cpv_codes", .. }));
    }
}
