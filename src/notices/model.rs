//! The values a notice yields: what the store, the search index, the alerts and the matching engine use.

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::domain::Siret;
use crate::domain::cpv::{ContractType, Cpv};
use crate::domain::need::{BuyerKind, Reservation};

/// The publication format a notice was read from (detected from the content).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NoticeFormat {
    /// TED XML, R2.0.9 schema (`TED_EXPORT`, forms F01 to F25).
    #[serde(rename = "ted-xml")]
    TedXml,
    /// eForms UBL (`ContractNotice`, `PriorInformationNotice`, `ContractAwardNotice`).
    #[serde(rename = "eforms")]
    Eforms,
    /// BOAMP XML (DILA schema, root `ANNONCE` with `GESTION` and `DONNEES`).
    #[serde(rename = "boamp-xml")]
    BoampXml,
    /// A record of the BOAMP open-data API (JSON, the notice in `donnees`).
    #[serde(rename = "boamp-json")]
    BoampJson,
}

impl NoticeFormat {
    /// The code of the contract (`ted-xml`, `eforms`, `boamp-xml`, `boamp-json`).
    pub fn code(self) -> &'static str {
        match self {
            NoticeFormat::TedXml => "ted-xml",
            NoticeFormat::Eforms => "eforms",
            NoticeFormat::BoampXml => "boamp-xml",
            NoticeFormat::BoampJson => "boamp-json",
        }
    }
}

/// What a notice does in the life of a procedure, whatever its format calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// A call for competition: suppliers may answer (contract notice, design contest, PIN used as a call).
    ContractNotice,
    /// Prior information only: a purchase is coming.
    PriorInformation,
    /// A result: the contract is awarded (or, for a voluntary ex ante transparency notice, about to be):
    /// it closes the procedure.
    Award,
    /// A corrigendum, a cancellation or a modification of an earlier notice of the same procedure.
    Corrigendum,
    /// Anything else (qualification systems, buyer profiles, completion notices…).
    Other,
}

/// A published tender notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    /// The format it was read from.
    pub format: NoticeFormat,
    /// The publication number: TED `2019/S 040-091489`; eForms `262891-2023` (else the notice UUID);
    /// BOAMP `16-186394` (the `idweb`).
    pub id: String,
    /// The form or notice type as published: `F02_2014`, `ContractNotice 16`, `APPEL_OFFRE`.
    pub notice_type: String,
    /// The schema and form inside the format, when it says more than `notice_type`: `R2.0.9.S04.E01`,
    /// `eforms-sdk-1.8 cn-social`, `FNSimple`, `EFORMS ContractNotice 16`.
    pub schema: Option<String>,
    /// What the notice does.
    pub kind: NoticeKind,
    /// The language of the text read, as the notice codes it (`FR`, `FRA`, `NLD`).
    pub language: String,
    /// Publication date.
    #[serde(serialize_with = "date_opt", deserialize_with = "date_opt_de")]
    pub publication_date: Option<Date>,
    /// The key shared by all the notices of one procedure: eForms BT-04 `ContractFolderID`; in TED and BOAMP,
    /// which have none, the number of the earliest notice this one refers to, else its own number. A later
    /// notice or a corrigendum updates the notices with the same key, and an award closes them.
    pub procedure_id: String,
    /// Publication numbers (or eForms notice identifiers) of earlier notices this one refers to.
    pub related_notices: Vec<String>,
    /// The buyer.
    pub buyer: NoticeBuyer,
    /// Title.
    pub title: String,
    /// Description of the whole purchase.
    pub description: Option<String>,
    /// CPV codes: the main one first, then the additional ones (of the notice, then of its lots).
    pub cpv: Vec<Cpv>,
    /// Works, supplies or services.
    pub contract_nature: Option<ContractType>,
    /// Procedure as published (`open`, `PT_OPEN`, `OUVERT`, `PROCEDURE_ADAPTE`).
    pub procedure_type: Option<String>,
    /// Estimated value of the whole purchase, euros HT.
    pub estimated_value_eur: Option<f64>,
    /// Duration in months, when the whole purchase has one.
    pub duration_months: Option<u32>,
    /// Time limit for tenders (or requests to participate): the earliest of the lots, ISO 8601, with the time
    /// zone when the notice gives one.
    pub deadline: Option<String>,
    /// Where the procurement documents are.
    pub documents_url: Option<String>,
    /// Where the notice is published.
    pub notice_url: Option<String>,
    /// The lots; a notice without lots has exactly one.
    pub lots: Vec<NoticeLot>,
    /// Contracts awarded, for award notices.
    pub awards: Vec<Award>,
    /// What was read approximately or left out.
    pub warnings: Vec<NoticeWarning>,
}

/// The public buyer of a notice.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NoticeBuyer {
    /// Official name.
    pub name: String,
    /// SIRET, when published and valid.
    pub siret: Option<Siret>,
    /// Kind of buyer, when the notice says enough to tell.
    pub kind: Option<BuyerKind>,
    /// The buyer's type as published (`REGIONAL_AUTHORITY`, `la`, `COMMUNE`).
    pub kind_as_published: Option<String>,
    /// Town.
    pub town: Option<String>,
    /// Post code.
    pub post_code: Option<String>,
}

/// A lot of a notice (the whole purchase, for a notice without lots).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeLot {
    /// Identifier as published (`LOT-0001`, `1`); `1` for a notice without lots.
    pub id: String,
    /// Title (the notice's for a notice without lots or a lot without title).
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// CPV codes, main first.
    pub cpv: Vec<Cpv>,
    /// Place of performance.
    pub place: LotPlace,
    /// Estimated value, euros HT.
    pub estimated_value_eur: Option<f64>,
    /// Duration in months.
    pub duration_months: Option<u32>,
    /// Time limit for tenders, ISO 8601.
    pub deadline: Option<String>,
    /// True when the lot, or the whole procedure, is reserved (see [`super::reservation`]).
    pub reserved: bool,
    /// The reservation codes exactly as published (`res-ws`, `none`, `RESTRICTED_SHELTERED_WORKSHOP`,
    /// `MARCHE_RESERVE_NON`).
    pub reservation_codes: Vec<String>,
    /// The reservation in essor's regimes, when reserved.
    #[serde(serialize_with = "reservation_opt", deserialize_with = "reservation_opt_de")]
    pub reservation: Option<Reservation>,
    /// Social clauses and strategic procurement stated for the lot.
    pub social: SocialTerms,
}

/// Where a lot is performed, as published and as French territories.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LotPlace {
    /// NUTS codes as published.
    pub nuts: Vec<String>,
    /// Départements: from French NUTS codes (NUTS 1 and 2 expanded), or from post codes.
    pub departments: Vec<String>,
    /// INSEE commune codes, when published.
    pub communes: Vec<String>,
    /// Post codes of the place, when published.
    pub post_codes: Vec<String>,
    /// The place in words (`NASBINALS 48260`, `Paris ou proche banlieue`).
    pub description: Option<String>,
}

impl LotPlace {
    /// True when nothing is known of the place.
    pub fn is_empty(&self) -> bool {
        self.nuts.is_empty()
            && self.departments.is_empty()
            && self.communes.is_empty()
            && self.post_codes.is_empty()
            && self.description.is_none()
    }
}

/// Social clauses and strategic procurement as stated in the notice.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SocialTerms {
    /// Codes as published: eForms BT-06 strategic procurement (`soc-obj`, `env-imp`, `inn-pur`), BT-775 social
    /// objectives (`opp`, `work-cond`…), BT-736 reserved execution (`reserved-execution`), BOAMP markers
    /// (`CRITERES_SOCIAUX_ENV/SOCIAUX`).
    pub codes: Vec<String>,
    /// True when a social objective, a social execution condition or a social award criterion is stated.
    pub social_clause: bool,
    /// The texts that state it (award criteria, execution conditions), as published.
    pub evidence: Vec<String>,
}

/// A contract awarded (award notices).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Award {
    /// The lot, when the notice says which.
    pub lot_id: Option<String>,
    /// The winners (several for a groupement).
    pub winners: Vec<Winner>,
    /// Value of the contract, euros HT.
    pub value_eur: Option<f64>,
    /// Date the contract was concluded or awarded.
    #[serde(serialize_with = "date_opt", deserialize_with = "date_opt_de")]
    pub date: Option<Date>,
}

/// A winner of a contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Winner {
    /// Its name.
    pub name: String,
    /// Its SIRET, when published and valid.
    pub siret: Option<Siret>,
}

/// Something the reader noticed and kept out or approximated, with where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "warning", rename_all = "snake_case")]
pub enum NoticeWarning {
    /// A SIRET that fails its check: left out.
    InvalidSiret {
        /// Whose SIRET (`buyer`, `winner`).
        field: String,
        /// The value published.
        value: String,
    },
    /// A CPV code that is not one: left out.
    InvalidCpv {
        /// The element it was read from.
        element: String,
        /// The value published.
        value: String,
    },
    /// The notice gives no CPV code at all.
    NoCpv,
    /// A French NUTS code absent from the NUTS 2021 table.
    UnknownNuts {
        /// The code.
        code: String,
    },
    /// An amount in another currency than the euro: left out.
    NotInEuros {
        /// The element it was read from.
        element: String,
        /// The currency.
        currency: String,
    },
    /// A value that could not be read as a number, a duration or a date: left out.
    Unreadable {
        /// The element it was read from.
        element: String,
        /// The value published.
        value: String,
    },
}

fn date_opt<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

fn reservation_opt<S: Serializer>(reservation: &Option<Reservation>, s: S) -> Result<S::Ok, S::Error> {
    match reservation {
        Some(r) => s.serialize_str(r.keyword()),
        None => s.serialize_none(),
    }
}

fn date_opt_de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    Option::<String>::deserialize(d)?.map(|text| text.parse::<Date>().map_err(serde::de::Error::custom)).transpose()
}

fn reservation_opt_de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Reservation>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(|text| text.parse::<Reservation>().map_err(serde::de::Error::custom))
        .transpose()
}
