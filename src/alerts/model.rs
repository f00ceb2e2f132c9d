//! An alert: one open lot of a stored procedure that fits one supplier, as a value ready to be turned into
//! an e-mail (French wording in [`crate::wording::alerts`]).

use serde::{Deserialize, Serialize};

use crate::domain::need::Reservation;
use crate::matching::{MatchResult, Reason, Relevance};

/// One lot a supplier is told about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// The supplier's SIRET.
    pub siret: String,
    /// The supplier's name.
    pub supplier_name: String,
    /// The procedure key (shared by its notices).
    pub procedure_id: String,
    /// The publication whose content is current.
    pub notice_id: String,
    /// The lot identifier as published (`1` for a notice without lots).
    pub lot_id: String,
    /// The lot's title.
    pub title: String,
    /// The notice's title, when it differs from the lot's.
    pub notice_title: Option<String>,
    /// The buyer's name.
    pub buyer: String,
    /// Where the lot is performed (départements).
    pub departments: Vec<String>,
    /// Estimated value, euros HT.
    pub value_eur: Option<f64>,
    /// Time limit for tenders, ISO 8601 as published.
    pub deadline: Option<String>,
    /// The lot's reservation, when reserved.
    #[serde(with = "reservation_code")]
    pub reservation: Option<Reservation>,
    /// The regime the supplier may answer under (for a lot reserved under L2113-14, the one of its
    /// statuses: L2113-12 for EA and ESAT, L2113-13 for SIAE).
    #[serde(with = "reservation_code")]
    pub eligible_under: Option<Reservation>,
    /// `stated` (its record says it does the work) or `presumed` (typical of its kind).
    pub relevance: AlertRelevance,
    /// Its rank among the suppliers fitting the lot, from 1.
    pub rank: usize,
    /// Why it fits.
    pub why: Vec<AlertReason>,
    /// Where the notice or its documents are.
    pub link: Option<String>,
    /// For a lot too large for it alone: its turnover and the turnover the buyer may require.
    pub too_large_alone: Option<SizeGap>,
    /// Partners to answer with, for a lot too large for it alone (members of the best grouping the
    /// consortium planner proposes with it).
    pub partners: Vec<Partner>,
}

impl Alert {
    /// The key that makes an alert unique: (supplier, procedure, lot).
    pub fn key(&self) -> AlertKey {
        (self.siret.clone(), self.procedure_id.clone(), self.lot_id.clone())
    }
}

/// (supplier SIRET, procedure key, lot identifier).
pub type AlertKey = (String, String, String);

/// How sure the match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertRelevance {
    /// Its record says it does the work.
    Stated,
    /// Structures of its kind typically do it.
    Presumed,
}

impl AlertRelevance {
    /// The relevance of a match result; `None` for a supplier of another trade (never alerted).
    pub fn of(relevance: Relevance) -> Option<AlertRelevance> {
        match relevance {
            Relevance::Stated => Some(AlertRelevance::Stated),
            Relevance::Presumed => Some(AlertRelevance::Presumed),
            Relevance::Nearby => None,
        }
    }
}

/// Why a lot fits a supplier: the reasons of the match, kept as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum AlertReason {
    /// It qualifies for the lot's reservation under this article.
    Eligible {
        /// The article (`L2113-13`).
        article: String,
    },
    /// The lot's words are found in its record (share of the best text hit, 0 to 1).
    Words {
        /// Text relevance.
        share: f64,
    },
    /// One of its declared CPV codes is close to the lot's.
    Cpv {
        /// Its code.
        theirs: String,
        /// The lot's code.
        ours: String,
    },
    /// It works in one of the lot's sectors.
    Sector {
        /// The sector's key.
        sector: String,
    },
    /// It works in the lot's family of sectors.
    Family {
        /// The family's key.
        family: String,
    },
    /// Its distance to the place.
    Distance {
        /// Kilometres.
        km: f64,
    },
    /// It is located in the lot's département.
    SameDepartment {
        /// The département.
        department: String,
    },
    /// Its zone of intervention covers the place.
    WorksThere,
    /// Structures of its kind typically do this work.
    TypicalOfKind {
        /// The kind's code (`ESAT`).
        kind: String,
        /// The family of sectors.
        family: String,
    },
    /// It provides staff for work of this family.
    ProvidesStaff {
        /// The family of sectors.
        family: String,
    },
}

impl AlertReason {
    /// The reasons of a match result worth telling a supplier (the size is told apart, in
    /// [`Alert::too_large_alone`]).
    pub fn of_match(result: &MatchResult) -> Vec<AlertReason> {
        result
            .reasons
            .iter()
            .filter_map(|reason| match reason {
                Reason::Eligible(e) => Some(AlertReason::Eligible { article: e.regime.article().to_string() }),
                Reason::Text { share } => Some(AlertReason::Words { share: *share }),
                Reason::DeclaredCpv { theirs, ours, .. } => {
                    Some(AlertReason::Cpv { theirs: theirs.as_str().to_string(), ours: ours.as_str().to_string() })
                }
                Reason::SectorCpv { sector, .. } | Reason::Sector { sector } => {
                    Some(AlertReason::Sector { sector: sector.clone() })
                }
                Reason::Family { family } => Some(AlertReason::Family { family: family.clone() }),
                Reason::Distance { km } => Some(AlertReason::Distance { km: *km }),
                Reason::SameDepartment { department } => {
                    Some(AlertReason::SameDepartment { department: department.clone() })
                }
                Reason::WorksNationally | Reason::WorksInRegion | Reason::WorksInDepartment => {
                    Some(AlertReason::WorksThere)
                }
                Reason::TypicalOfKind { kind, family, .. }
                | Reason::MissionOfKind { kind, family, .. }
                | Reason::OtherWorkshop { kind, family } => {
                    Some(AlertReason::TypicalOfKind { kind: kind.code().to_string(), family: family.clone() })
                }
                Reason::ProvidesStaffFor { family } => Some(AlertReason::ProvidesStaff { family: family.clone() }),
                Reason::DistanceUnknown
                | Reason::CpvInferred(_)
                | Reason::NeedsPartners(_)
                | Reason::MembersOnly
                | Reason::PlaceWords { .. } => None,
            })
            .fold(Vec::new(), |mut out, reason| {
                if !out.contains(&reason) {
                    out.push(reason);
                }
                out
            })
    }
}

/// A turnover far below what the buyer may require for the lot (R2142-7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SizeGap {
    /// The supplier's turnover, euros.
    pub revenue_eur: f64,
    /// The highest minimum turnover the buyer may require, euros.
    pub required_eur: f64,
    /// The article that sets it.
    pub article: String,
}

/// A supplier to answer a lot with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    /// SIRET.
    pub siret: String,
    /// Name.
    pub name: String,
    /// Kinds (`EI/ACI`).
    pub kinds: String,
    /// Its turnover, when known.
    pub turnover_eur: Option<f64>,
}

/// An optional reservation written as its keyword (`inclusive`).
mod reservation_code {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::domain::need::Reservation;

    pub fn serialize<S: Serializer>(value: &Option<Reservation>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(r) => s.serialize_str(r.keyword()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Reservation>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| text.parse::<Reservation>().map_err(serde::de::Error::custom))
            .transpose()
    }
}
