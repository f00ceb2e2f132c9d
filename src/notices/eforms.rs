//! eForms UBL notices: `ContractNotice`, `PriorInformationNotice`, `ContractAwardNotice`.
//!
//! Where each value lives is the eForms SDK's field table (`fields/fields.json`, SDK 1.x): BT-04 procedure
//! identifier `cbc:ContractFolderID`; OPP-010 publication number `efac:Publication/efbc:NoticePublicationID`;
//! BT-500 and BT-501 organisation name and identifier under `efac:Organizations`; BT-105 procedure type
//! `cac:TenderingProcess/cbc:ProcedureCode`; BT-27 estimated value `cac:RequestedTenderTotal/
//! cbc:EstimatedOverallContractAmount`; the lot-level terms are read in [`super::eforms_lots`]. Texts given in
//! several languages are read in French when there is a French version.

use std::collections::HashMap;
use std::path::Path;

use super::eforms_lots::{self, Context};
use super::error::NoticeError;
use super::model::{Notice, NoticeBuyer, NoticeFormat, NoticeKind};
use super::tree::Node;
use super::values::{self, push_cpv, push_unique};
use crate::domain::cpv::ContractType;
use crate::domain::need::BuyerKind;

/// An organisation of `efac:Organizations`.
#[derive(Debug, Clone, Default)]
pub struct Organisation {
    /// BT-500 name.
    pub name: Option<String>,
    /// BT-501 identifier (a SIRET for French bodies, when they give one).
    pub company_id: Option<String>,
    /// BT-513 town.
    pub city: Option<String>,
    /// BT-512 post code.
    pub post_code: Option<String>,
}

/// Reads an eForms notice.
pub fn read(file: &Path, root: &Node) -> Result<Notice, NoticeError> {
    let missing =
        |element: &str| NoticeError::Missing { file: file.to_path_buf(), line: None, element: element.into() };
    let ext = extension(root);
    let uuid = root.text_at(&["ID"]);
    let publication =
        ext.and_then(|e| e.text_at(&["Publication", "NoticePublicationID"])).map(|p| publication_number(&p));
    let id = publication.clone().or(uuid).ok_or_else(|| missing("cbc:ID (notice-id)"))?;
    let language = root.text_at(&["NoticeLanguageCode"]).unwrap_or_default();
    let mut warnings = Vec::new();
    let orgs = organisations(ext, &language);

    let project = root.child("ProcurementProject");
    let title = project
        .and_then(|p| in_language(p.children_named("Name"), &language))
        .or_else(|| {
            lots_of(root)
                .first()
                .and_then(|l| l.child("ProcurementProject"))
                .and_then(|p| in_language(p.children_named("Name"), &language))
        })
        .ok_or_else(|| missing("cac:ProcurementProject/cbc:Name"))?;
    let mut cpv = Vec::new();
    if let Some(p) = project {
        for code in p.all_at(&["MainCommodityClassification", "ItemClassificationCode"]) {
            push_cpv(&mut cpv, &code.text, "MainCommodityClassification", &mut warnings);
        }
        for code in p.all_at(&["AdditionalCommodityClassification", "ItemClassificationCode"]) {
            push_cpv(&mut cpv, &code.text, "AdditionalCommodityClassification", &mut warnings);
        }
    }

    let buyer_party = root.at(&["ContractingParty", "Party", "PartyIdentification", "ID"]).and_then(Node::trimmed);
    let org = buyer_party.as_ref().and_then(|id| orgs.get(id)).cloned().unwrap_or_default();
    let kind_as_published = root.text_at(&["ContractingParty", "ContractingPartyType", "PartyTypeCode"]);
    let buyer = NoticeBuyer {
        name: org
            .name
            .clone()
            .ok_or_else(|| missing("efac:Organization/efac:Company/cac:PartyName/cbc:Name (acheteur)"))?,
        siret: org.company_id.as_deref().and_then(|v| values::siret(v, "buyer", &mut warnings)),
        kind: buyer_kind(root, kind_as_published.as_deref()),
        kind_as_published,
        town: org.city.clone(),
        post_code: org.post_code.clone(),
    };

    let description = project.and_then(|p| in_language(p.children_named("Description"), &language));
    let context = Context { notice_title: &title, notice_cpv: &cpv, language: &language, project };
    let lots = eforms_lots::lots(root, &context, &mut warnings);
    let awards = ext.map(|e| eforms_lots::awards(e, &orgs, &mut warnings)).unwrap_or_default();

    let mut related = Vec::new();
    if let Some(changed) = ext.and_then(|e| e.text_at(&["Changes", "ChangedNoticeIdentifier"])) {
        push_unique(&mut related, changed);
    }
    for previous in root.find_all("NoticeDocumentReference") {
        if let Some(r) = previous.text_at(&["ID"]) {
            push_unique(&mut related, r);
        }
    }
    let notice_type_code = root.child("NoticeTypeCode");
    let subtype = ext.and_then(|e| e.text_at(&["NoticeSubType", "SubTypeCode"]));
    Ok(Notice {
        format: NoticeFormat::Eforms,
        notice_type: match &subtype {
            Some(s) => format!("{} {s}", root.name),
            None => root.name.clone(),
        },
        schema: Some(
            [root.text_at(&["CustomizationID"]), notice_type_code.and_then(Node::trimmed)]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
        )
        .filter(|s| !s.is_empty()),
        kind: kind(root, ext, notice_type_code),
        language,
        publication_date: ext
            .and_then(|e| e.text_at(&["Publication", "PublicationDate"]))
            .or_else(|| root.text_at(&["IssueDate"]))
            .and_then(|d| values::date(&d)),
        procedure_id: root.text_at(&["ContractFolderID"]).unwrap_or_default(),
        related_notices: related,
        buyer,
        description,
        cpv,
        contract_nature: project.and_then(|p| p.text_at(&["ProcurementTypeCode"])).and_then(|c| contract_nature(&c)),
        procedure_type: root.text_at(&["TenderingProcess", "ProcedureCode"]),
        estimated_value_eur: project.and_then(|p| eforms_lots::estimated_value(p, &mut warnings)),
        duration_months: project.and_then(|p| eforms_lots::duration(p, &mut warnings)),
        deadline: None,
        documents_url: lots_of(root).iter().find_map(|l| eforms_lots::documents_url(l)),
        notice_url: publication.map(|p| format!("https://ted.europa.eu/fr/notice/-/detail/{p}")),
        lots,
        awards,
        title,
        id,
        warnings,
    })
}

/// `efext:EformsExtension` of the root.
fn extension(root: &Node) -> Option<&Node> {
    root.at(&["UBLExtensions", "UBLExtension", "ExtensionContent", "EformsExtension"])
}

/// The lots of a notice: `cac:ProcurementProjectLot` with a `Lot` or `Part` identifier (groups of lots left
/// out).
pub fn lots_of(root: &Node) -> Vec<&Node> {
    root.children_named("ProcurementProjectLot")
        .filter(|lot| {
            let id = lot.child("ID");
            match id.and_then(|i| i.attr("schemeName")) {
                Some(scheme) => scheme.eq_ignore_ascii_case("Lot") || scheme.eq_ignore_ascii_case("Part"),
                None => id.and_then(Node::trimmed).is_some_and(|i| !i.starts_with("GLO-")),
            }
        })
        .collect()
}

/// `00565069-2023` → `565069-2023`.
fn publication_number(raw: &str) -> String {
    match raw.split_once('-') {
        Some((number, year)) => {
            let number = number.trim_start_matches('0');
            format!("{}-{year}", if number.is_empty() { "0" } else { number })
        }
        None => raw.to_string(),
    }
}

/// The text of the French version, else of the notice's language, else the first non-empty one.
pub fn in_language<'a>(nodes: impl Iterator<Item = &'a Node>, language: &str) -> Option<String> {
    let nodes: Vec<&Node> = nodes.filter(|n| n.trimmed().is_some()).collect();
    let by = |lang: &str| nodes.iter().find(|n| n.attr("languageID") == Some(lang));
    by("FRA").or_else(|| by(language)).or_else(|| nodes.first()).and_then(|n| n.trimmed())
}

fn organisations(ext: Option<&Node>, language: &str) -> HashMap<String, Organisation> {
    let mut map = HashMap::new();
    let Some(ext) = ext else { return map };
    for org in ext.all_at(&["Organizations", "Organization"]) {
        let Some(company) = org.child("Company") else { continue };
        let Some(id) = company.text_at(&["PartyIdentification", "ID"]) else { continue };
        let address = company.child("PostalAddress");
        map.insert(
            id,
            Organisation {
                name: company.child("PartyName").and_then(|p| in_language(p.children_named("Name"), language)),
                company_id: company.text_at(&["PartyLegalEntity", "CompanyID"]),
                city: address.and_then(|a| in_language(a.children_named("CityName"), language)),
                post_code: address.and_then(|a| a.text_at(&["PostalZone"])),
            },
        );
    }
    map
}

fn kind(root: &Node, ext: Option<&Node>, notice_type: Option<&Node>) -> NoticeKind {
    if ext.and_then(|e| e.child("Changes")).is_some() {
        return NoticeKind::Corrigendum;
    }
    match notice_type.and_then(|n| n.attr("listName")) {
        Some("planning") => NoticeKind::PriorInformation,
        Some("competition") => NoticeKind::ContractNotice,
        Some("result" | "dir-awa-pre") => NoticeKind::Award,
        Some("cont-modif") => NoticeKind::Corrigendum,
        Some(_) => NoticeKind::Other,
        None => match root.name.as_str() {
            "PriorInformationNotice" => NoticeKind::PriorInformation,
            "ContractNotice" => NoticeKind::ContractNotice,
            "ContractAwardNotice" => NoticeKind::Award,
            _ => NoticeKind::Other,
        },
    }
}

/// BT-11 buyer legal type to essor's buyer kinds; a notice under the utilities directive (BT-01
/// `32014L0025`) is an entité adjudicatrice's.
fn buyer_kind(root: &Node, legal_type: Option<&str>) -> Option<BuyerKind> {
    if root.text_at(&["RegulatoryDomain"]).as_deref() == Some("32014L0025") {
        return Some(BuyerKind::Utility);
    }
    match legal_type? {
        "cga" => Some(BuyerKind::State),
        t if t == "la"
            || t == "ra"
            || t.starts_with("body-pl")
            || t.starts_with("org-sub")
            || t.starts_with("pub-undert") =>
        {
            Some(BuyerKind::Local)
        }
        _ => None,
    }
}

/// BT-23 contract nature.
pub fn contract_nature(code: &str) -> Option<ContractType> {
    match code {
        "works" => Some(ContractType::Works),
        "supplies" => Some(ContractType::Supplies),
        "services" => Some(ContractType::Services),
        _ => None,
    }
}

#[cfg(test)]
#[path = "eforms_tests.rs"]
mod tests;
