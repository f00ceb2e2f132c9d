//! BOAMP notices: the envelope every BOAMP notice has (its `idweb`, nature, dates, indexing), and the
//! notice itself in `DONNEES`, which comes in several shapes:
//!
//! - `EFORMS`: an eForms notice (European notices since 2024), read by [`super::eforms`];
//! - `FNSimple`, `MAPA`, `DSP`: the national forms (below the European thresholds), read by
//!   [`super::boamp_national`];
//! - `IDENTITE`, `OBJET`, `PROCEDURE`…: the schema of the BOAMP XML before eForms (`Boamp_v230`), read by
//!   [`super::boamp_legacy`].
//!
//! The envelope is the XML `GESTION` block for BOAMP XML, and the record's own fields for the open-data API.

use std::path::Path;

use jiff::civil::Date;

use super::error::NoticeError;
use super::model::{Notice, NoticeFormat, NoticeKind};
use super::tree::Node;
use super::values::{self, push_unique};
use super::{boamp_legacy, boamp_national, eforms, finish};
use crate::domain::cpv::ContractType;

/// What BOAMP says of a notice outside the notice itself.
#[derive(Debug, Clone, Default)]
pub struct Envelope {
    /// `boamp-xml` or `boamp-json`.
    pub format: Option<NoticeFormat>,
    /// The line of the record, for JSON Lines.
    pub line: Option<usize>,
    /// The BOAMP number (`16-186394`).
    pub idweb: String,
    /// The nature (`APPEL_OFFRE`, `ATTRIBUTION`, `RECTIFICATIF`…).
    pub nature: Option<String>,
    /// The family (`JOUE`, `FNS`, `MAPA`…).
    pub famille: Option<String>,
    /// Publication date.
    pub publication_date: Option<Date>,
    /// Time limit for answers, ISO 8601.
    pub deadline: Option<String>,
    /// Buyer name as indexed.
    pub buyer_name: Option<String>,
    /// The object as indexed (truncated at 200 characters by BOAMP).
    pub summary: Option<String>,
    /// Départements the notice is published for.
    pub departments: Vec<String>,
    /// Works, supplies or services, as indexed.
    pub contract_nature: Option<ContractType>,
    /// Where the notice is published.
    pub notice_url: Option<String>,
    /// Earlier notices of the same procedure (`idweb`s).
    pub earlier: Vec<String>,
    /// Social and environmental markers of the indexing (`CRITERES_SOCIAUX_ENV/SOCIAUX`).
    pub markers: Vec<String>,
    /// The procedure as indexed.
    pub procedure: Option<String>,
}

impl Envelope {
    /// The error for a missing element of this notice.
    pub fn missing(&self, file: &Path, element: &str) -> NoticeError {
        NoticeError::Missing { file: file.to_path_buf(), line: self.line, element: element.into() }
    }

    /// The kind of notice its nature says.
    pub fn kind(&self) -> Option<NoticeKind> {
        let nature = self.nature.as_deref()?.to_ascii_uppercase();
        Some(match nature.as_str() {
            "APPEL_OFFRE" | "AVIS_MARCHE" | "CONCOURS" => NoticeKind::ContractNotice,
            n if n.contains("ATTRIBUTION") || n.contains("RESULTAT") => NoticeKind::Award,
            n if n.contains("RECTIFICATI") || n.contains("MODIFICATION") || n.contains("ANNULATION") => {
                NoticeKind::Corrigendum
            }
            n if n.contains("PRE_INFORMATION") || n.contains("PREINFORMATION") || n.contains("PERIODIQUE") => {
                NoticeKind::PriorInformation
            }
            _ => NoticeKind::Other,
        })
    }
}

/// Reads a BOAMP XML notice (`GESTION` and `DONNEES`).
pub fn read_xml(file: &Path, root: &Node) -> Result<Notice, NoticeError> {
    let gestion = root.child("GESTION").ok_or_else(|| missing(file, "GESTION"))?;
    let reference = gestion.child("REFERENCE");
    let indexation = gestion.child("INDEXATION");
    let mut envelope = Envelope {
        format: Some(NoticeFormat::BoampXml),
        idweb: reference.and_then(|r| r.text_at(&["IDWEB"])).ok_or_else(|| missing(file, "GESTION/REFERENCE/IDWEB"))?,
        nature: reference.and_then(|r| first_child_name(r.at(&["TYPE_AVIS", "NATURE"]))),
        famille: reference.and_then(|r| first_child_name(r.at(&["TYPE_AVIS", "FAMILLE"]))),
        ..Envelope::default()
    };
    if let Some(index) = indexation {
        envelope.publication_date = index.text_at(&["DATE_PUBLICATION"]).and_then(|d| values::date(&d));
        envelope.deadline = index.text_at(&["DATE_LIMITE_REPONSE"]).and_then(|d| values::datetime(&d));
        envelope.buyer_name = index.text_at(&["NOMORGANISME"]);
        envelope.summary = index.text_at(&["RESUME_OBJET"]);
        index
            .children_named("DEP_PUBLICATION")
            .filter_map(Node::trimmed)
            .for_each(|d| push_unique(&mut envelope.departments, d));
        for marker in index.child("CRITERES_SOCIAUX_ENV").map(|c| c.children.as_slice()).unwrap_or_default() {
            push_unique(&mut envelope.markers, format!("CRITERES_SOCIAUX_ENV/{}", marker.name));
        }
    }
    for earlier in gestion.all_at(&["MARCHE", "ANNONCE_ANTERIEUR", "REFERENCE", "IDWEB"]) {
        if let Some(id) = earlier.trimmed() {
            push_unique(&mut envelope.earlier, id);
        }
    }
    let donnees = root.child("DONNEES").ok_or_else(|| missing(file, "DONNEES"))?;
    read_donnees(file, donnees, envelope)
}

/// Reads the notice in `DONNEES` with what the envelope says.
pub fn read_donnees(file: &Path, donnees: &Node, envelope: Envelope) -> Result<Notice, NoticeError> {
    let mut notice = if let Some(eforms_block) = donnees.child("EFORMS") {
        let document = eforms_block.children.first().ok_or_else(|| envelope.missing(file, "DONNEES/EFORMS"))?;
        let mut notice = eforms::read(file, document).map_err(|e| relocate(e, &envelope))?;
        notice.schema = Some(format!("EFORMS {}", notice.notice_type));
        notice
    } else if let Some(national) = ["FNSimple", "MAPA", "DSP", "DIVERS"].iter().find_map(|n| donnees.child(n)) {
        boamp_national::read(file, national, &envelope)?
    } else if donnees.child("IDENTITE").is_some() || donnees.child("OBJET").is_some() {
        boamp_legacy::read(file, donnees, &envelope)?
    } else {
        return Err(NoticeError::UnknownFormat {
            file: file.to_path_buf(),
            found: format!(
                "{}DONNEES sans EFORMS, FNSimple, MAPA, DSP ni IDENTITE (trouvé : {})",
                envelope.line.map(|l| format!("ligne {l}, ")).unwrap_or_default(),
                donnees.children.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
            ),
        });
    };
    apply(&mut notice, envelope);
    Ok(finish::finish(notice))
}

/// What the envelope decides over the notice: the BOAMP number and nature, and the indexing when the
/// notice itself lacks it.
fn apply(notice: &mut Notice, envelope: Envelope) {
    if let Some(kind) = envelope.kind() {
        notice.kind = kind;
    }
    notice.format = envelope.format.unwrap_or(NoticeFormat::BoampXml);
    if notice.procedure_id.is_empty() || notice.procedure_id == notice.id {
        notice.procedure_id = envelope.earlier.first().cloned().unwrap_or_else(|| envelope.idweb.clone());
    }
    notice.id = envelope.idweb;
    if let Some(nature) = envelope.nature {
        notice.notice_type = nature;
    }
    if let Some(famille) = envelope.famille {
        notice.schema = Some(match notice.schema.take() {
            Some(schema) => format!("{famille} / {schema}"),
            None => famille,
        });
    }
    notice.language = "FR".into();
    for earlier in envelope.earlier {
        push_unique(&mut notice.related_notices, earlier);
    }
    notice.related_notices.retain(|r| *r != notice.id);
    notice.publication_date = notice.publication_date.or(envelope.publication_date);
    notice.deadline = notice.deadline.take().or(envelope.deadline);
    notice.notice_url = envelope.notice_url.or(notice.notice_url.take());
    notice.contract_nature = notice.contract_nature.or(envelope.contract_nature);
    notice.procedure_type = notice.procedure_type.take().or(envelope.procedure);
    if notice.buyer.name.is_empty() {
        notice.buyer.name = envelope.buyer_name.unwrap_or_default();
    }
    for lot in &mut notice.lots {
        if lot.place.departments.is_empty() && lot.place.communes.is_empty() {
            lot.place.departments.clone_from(&envelope.departments);
        }
        for marker in &envelope.markers {
            push_unique(&mut lot.social.codes, marker.clone());
            lot.social.social_clause |= marker.ends_with("/SOCIAUX");
        }
    }
}

/// The eForms reader names no line: give it the record's.
fn relocate(err: NoticeError, envelope: &Envelope) -> NoticeError {
    match envelope.line {
        Some(line) => err.at_line(line),
        None => err,
    }
}

/// The name of the first child (`<NATURE><APPEL_OFFRE/></NATURE>` → `APPEL_OFFRE`).
pub fn first_child_name(node: Option<&Node>) -> Option<String> {
    node?.children.first().map(|c| c.name.clone())
}

fn missing(file: &Path, element: &str) -> NoticeError {
    NoticeError::Missing { file: file.to_path_buf(), line: None, element: element.into() }
}
