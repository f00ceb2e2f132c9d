//! A procedure as its notices tell it: the notices that share a procedure key ([`Notice::procedure_id`]),
//! folded into the procedure's current state.
//!
//! - Notices apply in publication order (a prior information notice before the contract notice of the
//!   same day, corrigenda after it, awards last), whatever the order they were imported in.
//! - A later call for competition (contract notice, prior information) replaces the content.
//! - A corrigendum updates it: an eForms corrigendum is a whole notice and replaces it; a TED or BOAMP
//!   corrigendum states only what changes, so its time limit, title, description, value, duration and
//!   documents link overlay the notice's.
//! - An award closes the procedure and brings its contracts.

use serde::{Deserialize, Serialize};

use super::model::{Notice, NoticeFormat, NoticeKind};

/// Whether suppliers may still answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcedureStatus {
    /// No award published yet.
    Open,
    /// An award notice was published: the procedure is over.
    Closed,
}

impl ProcedureStatus {
    /// `open` or `closed`.
    pub fn code(self) -> &'static str {
        match self {
            ProcedureStatus::Open => "open",
            ProcedureStatus::Closed => "closed",
        }
    }
}

/// A procedure: its current content and the notices it was built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Procedure {
    /// The procedure key shared by its notices.
    pub procedure_id: String,
    /// Open until an award is published.
    pub status: ProcedureStatus,
    /// The current content: the latest call for competition with its corrigenda applied, and the awards.
    pub notice: Notice,
    /// The publication numbers of its notices, in the order they apply.
    pub publications: Vec<String>,
}

/// Applies the notices of one procedure in publication order; `None` for no notice.
pub fn fold(mut notices: Vec<Notice>) -> Option<Procedure> {
    notices.sort_by(|a, b| (a.publication_date, rank(a.kind), &a.id).cmp(&(b.publication_date, rank(b.kind), &b.id)));
    let publications = notices.iter().map(|n| n.id.clone()).collect();
    let procedure_id = notices.first()?.procedure_id.clone();
    let mut current: Option<Notice> = None;
    let mut awards = Vec::new();
    let mut closed = false;
    for notice in notices {
        match notice.kind {
            NoticeKind::Award => {
                closed = true;
                awards.extend(notice.awards.iter().cloned());
                if current.is_none() {
                    current = Some(notice);
                }
            }
            NoticeKind::Corrigendum => match current.as_mut() {
                Some(base) if !is_whole(&notice) => overlay(base, &notice),
                _ => current = Some(replace(current.as_ref(), notice)),
            },
            _ => current = Some(notice),
        }
    }
    let mut notice = current?;
    notice.awards = awards;
    notice.procedure_id.clone_from(&procedure_id);
    let status = if closed { ProcedureStatus::Closed } else { ProcedureStatus::Open };
    Some(Procedure { procedure_id, status, notice, publications })
}

/// The order of notices published the same day.
fn rank(kind: NoticeKind) -> u8 {
    match kind {
        NoticeKind::PriorInformation => 0,
        NoticeKind::ContractNotice | NoticeKind::Other => 1,
        NoticeKind::Corrigendum => 2,
        NoticeKind::Award => 3,
    }
}

/// True when a corrigendum restates the whole notice (eForms, also inside a BOAMP record).
fn is_whole(corrigendum: &Notice) -> bool {
    corrigendum.format == NoticeFormat::Eforms
        || corrigendum.schema.as_deref().is_some_and(|s| s.to_ascii_uppercase().contains("EFORMS"))
}

/// A whole corrigendum in place of the notice; it keeps the kind of the notice it corrects.
fn replace(base: Option<&Notice>, mut corrigendum: Notice) -> Notice {
    if let Some(base) = base {
        corrigendum.kind = base.kind;
    }
    corrigendum
}

/// What a partial corrigendum states, over the notice.
fn overlay(base: &mut Notice, corrigendum: &Notice) {
    if !corrigendum.title.trim().is_empty() {
        base.title.clone_from(&corrigendum.title);
    }
    if corrigendum.description.is_some() {
        base.description.clone_from(&corrigendum.description);
    }
    if corrigendum.estimated_value_eur.is_some() {
        base.estimated_value_eur = corrigendum.estimated_value_eur;
    }
    if corrigendum.duration_months.is_some() {
        base.duration_months = corrigendum.duration_months;
    }
    if corrigendum.documents_url.is_some() {
        base.documents_url.clone_from(&corrigendum.documents_url);
    }
    if let Some(deadline) = &corrigendum.deadline {
        for lot in &mut base.lots {
            let own = corrigendum.lots.iter().find(|l| l.id == lot.id).and_then(|l| l.deadline.clone());
            lot.deadline = Some(own.unwrap_or_else(|| deadline.clone()));
        }
        base.deadline = base.lots.iter().filter_map(|l| l.deadline.clone()).min().or(Some(deadline.clone()));
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::notices::read_path;

    fn one(name: &str) -> Notice {
        let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/notices").join(name);
        read_path(&path).unwrap().notices.remove(0)
    }

    #[test]
    fn a_partial_corrigendum_moves_the_time_limit_and_an_award_closes() {
        let notice = one("ted-f02-nettoyage-evry.xml");
        let corrigendum = one("ted-f14-rectificatif-evry.xml");
        let award = one("ted-f03-attribution-evry.xml");
        let open = fold(vec![corrigendum.clone(), notice.clone()]).unwrap();
        assert_eq!(open.status, ProcedureStatus::Open);
        assert_eq!(open.notice.id, notice.id);
        assert_eq!(open.notice.lots.len(), notice.lots.len());
        assert_eq!(open.notice.deadline, corrigendum.deadline);
        assert!(open.notice.lots.iter().all(|l| l.deadline == corrigendum.deadline));
        assert_eq!(open.publications, [notice.id.clone(), corrigendum.id.clone()]);

        let closed = fold(vec![award.clone(), notice.clone(), corrigendum]).unwrap();
        assert_eq!(closed.status, ProcedureStatus::Closed);
        assert_eq!(closed.notice.id, notice.id, "the content stays the call for competition's");
        assert_eq!(closed.notice.awards, award.awards);
    }

    #[test]
    fn an_eforms_corrigendum_replaces_the_notice_and_keeps_its_kind() {
        let notice = one("eforms-cn-restauration-grenoble.xml");
        let corrigendum = one("eforms-cn-rectificatif-grenoble.xml");
        let p = fold(vec![notice.clone(), corrigendum.clone()]).unwrap();
        assert_eq!(p.notice.id, corrigendum.id);
        assert_eq!(p.notice.kind, NoticeKind::ContractNotice);
        assert_eq!(p.notice.deadline, corrigendum.deadline);
        assert_eq!(p.status, ProcedureStatus::Open);
    }

    #[test]
    fn stored_json_reads_back_the_same_notice() {
        for name in [
            "eforms-cn-restauration-grenoble.xml",
            "ted-f03-attribution-evry.xml",
            "boamp-appel-offre-espaces-verts.xml",
        ] {
            let notice = one(name);
            let json = serde_json::to_string(&notice).unwrap();
            let back: Notice = serde_json::from_str(&json).unwrap();
            assert_eq!(back, notice, "{name}");
        }
    }
}
