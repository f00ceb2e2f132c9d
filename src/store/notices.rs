//! Tender notices in the database: every publication as read (`notice_publications`), and per procedure
//! its current state (`notices`, with `notice_lots`, `notice_departments`, `notice_cpv` for queries).
//!
//! Storing a file's notices is one transaction: each publication is inserted, replaced when it was read
//! differently before, or left alone when it is stored exactly so (importing the same notice twice keeps
//! one); then every procedure touched is folded again from all its publications
//! ([`crate::notices::procedure::fold`]), so the order files are imported in does not matter.
//!
//! The SQL text is shared by both backends: placeholders are `$1`, `$2`… in order of first appearance,
//! which PostgreSQL reads by number and SQLite by position.

use std::collections::BTreeSet;

use serde::Serialize;

use super::error::StoreError;
use crate::domain::CpvCatalogue;
use crate::notices::procedure::{Procedure, ProcedureStatus};
pub use crate::notices::search::NoticeCandidate;
use crate::notices::search::{self, NoticeQuery};
use crate::notices::{Notice, NoticeKind};

/// What storing the notices of one file did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NoticeImport {
    /// Publications not stored before.
    pub inserted: usize,
    /// Publications stored before and read differently now: replaced.
    pub updated: usize,
    /// Publications already stored exactly so.
    pub unchanged: usize,
    /// The procedures written, with their status after the import, ordered by key.
    pub procedures: Vec<(String, ProcedureStatus)>,
}

/// A `notice_publications` row.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PublicationRow {
    pub id: String,
    pub procedure_id: String,
    pub format: String,
    pub kind: String,
    pub published: Option<String>,
    pub record: String,
}

impl PublicationRow {
    /// The row that stores a notice as read.
    pub fn from_notice(notice: &Notice) -> Result<PublicationRow, StoreError> {
        Ok(PublicationRow {
            id: notice.id.clone(),
            procedure_id: notice.procedure_id.clone(),
            format: notice.format.code().to_string(),
            kind: kind_code(notice.kind).to_string(),
            published: notice.publication_date.map(|d| d.to_string()),
            record: to_json("notice_publications", &notice.id, notice)?,
        })
    }
}

/// A `notices` row with the rows of its lots, départements and CPV codes.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ProcedureRow {
    pub procedure_id: String,
    pub id: String,
    pub status: &'static str,
    pub format: String,
    pub title: String,
    pub buyer_name: String,
    pub buyer_siret: Option<String>,
    pub published: Option<String>,
    pub deadline: Option<String>,
    pub deadline_date: Option<String>,
    pub reserved: bool,
    pub title_terms: String,
    pub terms: String,
    pub record: String,
    pub lots: Vec<LotRow>,
    pub departments: Vec<String>,
    pub cpv: Vec<String>,
}

/// A `notice_lots` row.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LotRow {
    pub lot_id: String,
    pub title: String,
    pub cpv: String,
    pub departments: String,
    pub communes: String,
    pub post_codes: String,
    pub estimated_value_eur: Option<f64>,
    pub duration_months: Option<i64>,
    pub deadline: Option<String>,
    pub reserved: bool,
    pub reservation: Option<String>,
    pub social_clause: bool,
    pub record: String,
}

impl ProcedureRow {
    /// The rows that store a procedure; `cpv` gives the labels its codes are also found by.
    pub fn from_procedure(procedure: &Procedure, cpv: &CpvCatalogue) -> Result<ProcedureRow, StoreError> {
        let notice = &procedure.notice;
        let key = &procedure.procedure_id;
        let (title_terms, terms) = search::terms(notice, cpv);
        let mut departments = BTreeSet::new();
        let mut codes = BTreeSet::new();
        let mut lots = Vec::new();
        // Lot identifiers are the key of their rows: a lot published twice is kept once.
        let mut lot_ids = BTreeSet::new();
        for lot in notice.lots.iter().filter(|l| lot_ids.insert(l.id.clone())) {
            departments.extend(lot.place.departments.iter().cloned());
            codes.extend(lot.cpv.iter().map(|c| c.as_str().to_string()));
            lots.push(LotRow {
                lot_id: lot.id.clone(),
                title: lot.title.clone(),
                cpv: lot.cpv.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" "),
                departments: lot.place.departments.join(" "),
                communes: lot.place.communes.join(" "),
                post_codes: lot.place.post_codes.join(" "),
                estimated_value_eur: lot.estimated_value_eur,
                duration_months: lot.duration_months.map(i64::from),
                deadline: lot.deadline.clone(),
                reserved: lot.reserved,
                reservation: lot.reservation.map(|r| r.keyword().to_string()),
                social_clause: lot.social.social_clause,
                record: to_json("notice_lots", key, lot)?,
            });
        }
        codes.extend(notice.cpv.iter().map(|c| c.as_str().to_string()));
        Ok(ProcedureRow {
            procedure_id: key.clone(),
            id: notice.id.clone(),
            status: procedure.status.code(),
            format: notice.format.code().to_string(),
            title: notice.title.clone(),
            buyer_name: notice.buyer.name.clone(),
            buyer_siret: notice.buyer.siret.as_ref().map(|s| s.as_str().to_string()),
            published: notice.publication_date.map(|d| d.to_string()),
            deadline: notice.deadline.clone(),
            deadline_date: search::deadline_date(notice.deadline.as_deref()),
            reserved: notice.lots.iter().any(|l| l.reserved),
            title_terms,
            terms,
            record: to_json("notices", key, procedure)?,
            lots,
            departments: departments.into_iter().collect(),
            cpv: codes.into_iter().collect(),
        })
    }
}

/// The code of a notice kind, as its JSON says it (`contract_notice`, `award`…).
fn kind_code(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::ContractNotice => "contract_notice",
        NoticeKind::PriorInformation => "prior_information",
        NoticeKind::Award => "award",
        NoticeKind::Corrigendum => "corrigendum",
        NoticeKind::Other => "other",
    }
}

fn to_json<T: Serialize>(table: &'static str, key: &str, value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt {
        table,
        key: key.to_string(),
        reason: format!("écriture JSON impossible ({e})"),
    })
}

/// Reads a stored publication back.
pub(super) fn decode_publication(id: &str, record: &str) -> Result<Notice, StoreError> {
    serde_json::from_str(record).map_err(|e| StoreError::Corrupt {
        table: "notice_publications",
        key: id.to_string(),
        reason: format!("avis illisible ({e})"),
    })
}

/// Reads a stored procedure back.
pub(super) fn decode_procedure(key: &str, record: &str) -> Result<Procedure, StoreError> {
    serde_json::from_str(record).map_err(|e| StoreError::Corrupt {
        table: "notices",
        key: key.to_string(),
        reason: format!("procédure illisible ({e})"),
    })
}

/// Where an import is in its counts and procedures touched.
#[derive(Debug, Default)]
pub(super) struct ImportTally {
    pub outcome: NoticeImport,
    pub touched: BTreeSet<String>,
}

impl ImportTally {
    /// Counts one publication against what was stored under its number (procedure key, record).
    /// Returns true when it has to be written.
    pub fn count(&mut self, row: &PublicationRow, stored: Option<(String, String)>) -> bool {
        match stored {
            None => self.outcome.inserted += 1,
            Some((_, record)) if record == row.record => {
                self.outcome.unchanged += 1;
                return false;
            }
            Some((procedure, _)) => {
                self.outcome.updated += 1;
                self.touched.insert(procedure);
            }
        }
        self.touched.insert(row.procedure_id.clone());
        true
    }
}

/// SQL shared by both backends (see the module's note on placeholders).
pub(super) mod sql {
    pub const STORED_PUBLICATION: &str = "SELECT procedure_id, record FROM notice_publications WHERE id = $1";
    pub const INSERT_PUBLICATION: &str = "INSERT INTO notice_publications (id, procedure_id, format, kind, published, record) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (id) DO UPDATE SET procedure_id = excluded.procedure_id, format = excluded.format, \
         kind = excluded.kind, published = excluded.published, record = excluded.record";
    pub const PUBLICATIONS_OF: &str = "SELECT id, record FROM notice_publications WHERE procedure_id = $1 ORDER BY id";
    pub const DELETE_PROCEDURE: &str = "DELETE FROM notices WHERE procedure_id = $1";
    pub const INSERT_PROCEDURE: &str = "INSERT INTO notices (procedure_id, id, status, format, title, buyer_name, \
         buyer_siret, published, deadline, deadline_date, reserved, title_terms, terms, record) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
    pub const INSERT_LOT: &str = "INSERT INTO notice_lots (procedure_id, lot_id, title, cpv, departments, communes, \
         post_codes, estimated_value_eur, duration_months, deadline, reserved, reservation, social_clause, \
         buyer_siret, record) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";
    pub const INSERT_DEPARTMENT: &str = "INSERT INTO notice_departments (procedure_id, department) VALUES ($1, $2)";
    pub const INSERT_CPV: &str = "INSERT INTO notice_cpv (procedure_id, code) VALUES ($1, $2)";
    pub const PROCEDURE: &str = "SELECT procedure_id, record FROM notices WHERE procedure_id = $1";
    pub const COUNT: &str = "SELECT COUNT(*) FROM notices";
    pub const CANDIDATES: &str = "SELECT procedure_id, title_terms, terms, published FROM notices WHERE 1 = 1";
}

/// A piece of a query built at run time: SQL text, or a value bound in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum SqlPart {
    /// SQL text, appended as is.
    Text(&'static str),
    /// A value, bound.
    Value(String),
}

/// The filters of `query`, to append to [`sql::CANDIDATES`].
pub(super) fn filters(query: &NoticeQuery) -> Vec<SqlPart> {
    use SqlPart::{Text, Value};
    let mut parts = Vec::new();
    if !query.departments.is_empty() {
        parts.push(Text(
            " AND EXISTS (SELECT 1 FROM notice_departments d WHERE d.procedure_id = notices.procedure_id \
             AND d.department IN (",
        ));
        for (i, department) in query.departments.iter().enumerate() {
            if i > 0 {
                parts.push(Text(", "));
            }
            parts.push(Value(department.clone()));
        }
        parts.push(Text("))"));
    }
    if !query.cpv.is_empty() {
        parts.push(Text(" AND EXISTS (SELECT 1 FROM notice_cpv c WHERE c.procedure_id = notices.procedure_id AND ("));
        for (i, code) in query.cpv.iter().enumerate() {
            parts.push(Text(if i == 0 { "c.code LIKE " } else { " OR c.code LIKE " }));
            parts.push(Value(format!("{}%", code.significant())));
        }
        parts.push(Text("))"));
    }
    if query.open_only {
        let today = query.today;
        parts.push(Text(" AND status = 'open' AND (deadline_date IS NULL OR deadline_date >= "));
        parts.push(Value(today.to_string()));
        parts.push(Text(")"));
    }
    parts
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::notices::procedure::fold;
    use crate::notices::read_path;

    fn procedure(names: &[&str]) -> Procedure {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/notices");
        let notices = names.iter().flat_map(|n| read_path(&dir.join(n)).unwrap().notices).collect();
        fold(notices).unwrap()
    }

    #[test]
    fn a_procedure_row_copies_the_queryable_columns_and_reads_back() {
        let p = procedure(&["ted-f02-nettoyage-evry.xml", "ted-f14-rectificatif-evry.xml"]);
        let row = ProcedureRow::from_procedure(&p, CpvCatalogue::builtin()).unwrap();
        assert_eq!((row.status, row.departments.as_slice()), ("open", &["91".to_string()][..]));
        assert_eq!(row.cpv, ["90911200", "90911300", "90919300"]);
        assert_eq!(row.deadline_date.as_deref(), Some("2024-04-16"));
        assert!(row.reserved);
        assert_eq!(row.lots.len(), p.notice.lots.len());
        assert!(row.title_terms.split(' ').all(|t| row.terms.split(' ').any(|u| u == t)));
        assert_eq!(decode_procedure(&row.procedure_id, &row.record).unwrap(), p);
        let err = decode_procedure("x", "{").unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { table: "notices", .. }), "{err}");
    }

    #[test]
    fn a_publication_is_written_when_new_or_read_differently() {
        let notice = procedure(&["ted-f02-nettoyage-evry.xml"]).notice;
        let row = PublicationRow::from_notice(&notice).unwrap();
        let mut tally = ImportTally::default();
        assert!(tally.count(&row, None));
        assert!(!tally.count(&row, Some((row.procedure_id.clone(), row.record.clone()))));
        assert!(tally.count(&row, Some(("older".into(), "{}".into()))));
        assert_eq!((tally.outcome.inserted, tally.outcome.unchanged, tally.outcome.updated), (1, 1, 1));
        assert!(tally.touched.contains("older"), "the procedure it left is folded again");
    }

    #[test]
    fn filters_bind_every_value() {
        let query = NoticeQuery {
            text: String::new(),
            departments: vec!["91".into(), "2A".into()],
            cpv: vec![crate::domain::Cpv::parse_prefix("9091").unwrap()],
            open_only: true,
            today: "2025-01-02".parse().unwrap(),
            limit: 10,
        };
        let values: Vec<String> = filters(&query)
            .into_iter()
            .filter_map(|p| match p {
                SqlPart::Value(v) => Some(v),
                SqlPart::Text(_) => None,
            })
            .collect();
        assert_eq!(values, ["91", "2A", "9091%", "2025-01-02"]);
    }
}
