//! TED XML, R2.0.9 schema: `TED_EXPORT` with its coded data and one form per language (F01 to F25).
//!
//! The French version of the form is read when there is one, else the original language's, else the first.

use std::path::Path;

use super::error::NoticeError;
use super::model::{Notice, NoticeBuyer, NoticeFormat, NoticeKind, NoticeLot};
use super::place::PlaceParts;
use super::reservation;
use super::ted_terms::{awards, merge_social, reservation_codes, social_of};
use super::tree::Node;
use super::values::{self, push_cpv, push_unique};
use crate::domain::cpv::ContractType;
use crate::domain::need::BuyerKind;

/// Reads a `TED_EXPORT` document.
pub fn read(file: &Path, root: &Node) -> Result<Notice, NoticeError> {
    let missing =
        |element: &str| NoticeError::Missing { file: file.to_path_buf(), line: None, element: element.into() };
    let coded = root.child("CODED_DATA_SECTION");
    let data = coded.and_then(|c| c.child("NOTICE_DATA"));
    let id = data
        .and_then(|d| d.text_at(&["NO_DOC_OJS"]))
        .ok_or_else(|| missing("CODED_DATA_SECTION/NOTICE_DATA/NO_DOC_OJS"))?;
    let form = pick_form(root, data).ok_or_else(|| missing("FORM_SECTION"))?;
    let mut warnings = Vec::new();
    let language =
        form.attr("LG").map(str::to_string).or_else(|| data.and_then(|d| d.text_at(&["LG_ORIG"]))).unwrap_or_default();

    let body = form.at(&["CONTRACTING_BODY", "ADDRESS_CONTRACTING_BODY"]);
    let name = body
        .and_then(|b| b.text_at(&["OFFICIALNAME"]))
        .or_else(|| root.text_at(&["TRANSLATION_SECTION", "ML_AA_NAMES", "AA_NAME"]))
        .ok_or_else(|| missing("CONTRACTING_BODY/ADDRESS_CONTRACTING_BODY/OFFICIALNAME"))?;
    let kind_as_published = form
        .at(&["CONTRACTING_BODY", "CA_TYPE"])
        .and_then(|t| t.attr("VALUE").map(str::to_string))
        .or_else(|| form.text_at(&["CONTRACTING_BODY", "CA_TYPE_OTHER"]));
    let buyer = NoticeBuyer {
        siret: body.and_then(|b| b.text_at(&["NATIONALID"])).and_then(|v| values::siret(&v, "buyer", &mut warnings)),
        kind: buyer_kind(form, kind_as_published.as_deref()),
        kind_as_published,
        town: body.and_then(|b| b.text_at(&["TOWN"])),
        post_code: body.and_then(|b| b.text_at(&["POSTAL_CODE"])),
        name,
    };

    let object = form.child("OBJECT_CONTRACT");
    let title = object
        .and_then(|o| o.child("TITLE"))
        .and_then(Node::deep_text)
        .or_else(|| translated_title(root, &language))
        .ok_or_else(|| missing("OBJECT_CONTRACT/TITLE"))?;
    let mut main_cpv = Vec::new();
    let cpv_main = object.and_then(|o| o.at(&["CPV_MAIN", "CPV_CODE"])).and_then(|c| c.attr("CODE"));
    let original_cpv = data.and_then(|d| d.child("ORIGINAL_CPV")).and_then(|c| c.attr("CODE"));
    if let Some(code) = cpv_main.or(original_cpv) {
        push_cpv(&mut main_cpv, code, "CPV_MAIN", &mut warnings);
    }

    let procedure = form.child("PROCEDURE");
    let deadline = procedure
        .and_then(|p| p.find("DATE_RECEIPT_TENDERS"))
        .and_then(Node::trimmed)
        .and_then(|d| {
            values::deadline(
                &d,
                procedure.and_then(|p| p.find("TIME_RECEIPT_TENDERS")).and_then(Node::trimmed).as_deref(),
            )
        })
        .or_else(|| {
            coded.and_then(|c| c.text_at(&["CODIF_DATA", "DT_DATE_FOR_SUBMISSION"])).and_then(|d| values::datetime(&d))
        })
        .or_else(|| changed_deadline(form));

    let codes = reservation_codes(form);
    let words = [
        form.child("LEFTI"),
        object.and_then(|o| o.child("SHORT_DESCR")),
        form.at(&["COMPLEMENTARY_INFO", "INFO_ADD"]),
    ]
    .into_iter()
    .flatten()
    .filter_map(Node::deep_text)
    .collect::<Vec<_>>()
    .join("\n");
    let reservation = reservation::narrowed(reservation::regime_of_codes(&codes), reservation::from_articles(&words));
    let notice_social = social_of(&[form.child("LEFTI")]);

    let mut lots = Vec::new();
    let descrs: Vec<&Node> = object.map(|o| o.children_named("OBJECT_DESCR").collect()).unwrap_or_default();
    for descr in &descrs {
        let mut cpv = main_cpv.clone();
        for code in descr.all_at(&["CPV_ADDITIONAL", "CPV_CODE"]) {
            push_cpv(&mut cpv, code.attr("CODE").unwrap_or_default(), "CPV_ADDITIONAL", &mut warnings);
        }
        let place = PlaceParts {
            nuts: descr.children_named("NUTS").filter_map(|n| n.attr("CODE").map(str::to_string)).collect(),
            description: descr.child("MAIN_SITE").and_then(Node::deep_text),
            ..PlaceParts::default()
        };
        let mut social = social_of(&[Some(*descr)]);
        merge_social(&mut social, &notice_social);
        lots.push(NoticeLot {
            id: descr
                .text_at(&["LOT_NO"])
                .or_else(|| descr.attr("ITEM").map(str::to_string))
                .unwrap_or_else(|| "1".into()),
            title: descr.child("TITLE").and_then(Node::deep_text).unwrap_or_else(|| title.clone()),
            description: descr.child("SHORT_DESCR").and_then(Node::deep_text),
            cpv,
            place: place.into_place(&mut warnings),
            estimated_value_eur: amount(descr.child("VAL_OBJECT"), "OBJECT_DESCR/VAL_OBJECT", &mut warnings),
            duration_months: duration(descr, &mut warnings),
            deadline: deadline.clone(),
            reserved: reservation.is_some(),
            reservation_codes: codes.clone(),
            reservation,
            social,
        });
    }
    if lots.is_empty() {
        let nuts: Option<Vec<String>> = data
            .map(|d| d.children_named("PERFORMANCE_NUTS").filter_map(|n| n.attr("CODE").map(str::to_string)).collect());
        let place = PlaceParts { nuts: nuts.unwrap_or_default(), ..PlaceParts::default() };
        lots.push(NoticeLot {
            id: "1".into(),
            title: title.clone(),
            description: None,
            cpv: main_cpv.clone(),
            place: place.into_place(&mut warnings),
            estimated_value_eur: None,
            duration_months: None,
            deadline: deadline.clone(),
            reserved: reservation.is_some(),
            reservation_codes: codes.clone(),
            reservation,
            social: notice_social.clone(),
        });
    }
    let mut cpv = main_cpv;
    for lot in &lots {
        for code in &lot.cpv {
            if !cpv.contains(code) {
                cpv.push(code.clone());
            }
        }
    }

    let mut related = Vec::new();
    if let Some(d) = data {
        d.all_at(&["REF_NOTICE", "NO_DOC_OJS"])
            .iter()
            .filter_map(|n| n.trimmed())
            .for_each(|r| push_unique(&mut related, r));
    }
    form.find_all("NOTICE_NUMBER_OJ").iter().filter_map(|n| n.trimmed()).for_each(|r| push_unique(&mut related, r));
    related.retain(|r| *r != id);

    Ok(Notice {
        format: NoticeFormat::TedXml,
        notice_type: form.name.clone(),
        schema: root.attr("VERSION").map(str::to_string),
        kind: kind(form, coded),
        language: language.clone(),
        publication_date: coded.and_then(|c| c.text_at(&["REF_OJS", "DATE_PUB"])).and_then(|d| values::date(&d)),
        procedure_id: related.first().cloned().unwrap_or_else(|| id.clone()),
        related_notices: related,
        buyer,
        description: object.and_then(|o| o.child("SHORT_DESCR")).and_then(Node::deep_text),
        cpv,
        contract_nature: contract_nature(object, coded),
        procedure_type: procedure.and_then(procedure_type),
        estimated_value_eur: object.and_then(|o| {
            amount(
                o.child("VAL_ESTIMATED_TOTAL").or_else(|| o.child("VAL_TOTAL")),
                "OBJECT_CONTRACT/VAL_ESTIMATED_TOTAL",
                &mut warnings,
            )
        }),
        duration_months: None,
        deadline,
        documents_url: form
            .text_at(&["CONTRACTING_BODY", "URL_DOCUMENT"])
            .or_else(|| data.and_then(|d| d.text_at(&["IA_URL_ETENDERING"]))),
        notice_url: data.and_then(|d| notice_url(d, &language)),
        awards: awards(form, &mut warnings),
        lots,
        title,
        id,
        warnings,
    })
}

/// The new time limit a corrigendum (F14) gives in section IV.2.2.
fn changed_deadline(form: &Node) -> Option<String> {
    form.all_at(&["CHANGES", "CHANGE"])
        .into_iter()
        .filter(|c| c.text_at(&["WHERE", "SECTION"]).is_some_and(|s| s.contains("IV.2.2")))
        .find_map(|c| {
            let new = c.child("NEW_VALUE")?;
            values::deadline(&new.text_at(&["DATE"])?, new.text_at(&["TIME"]).as_deref())
        })
}

/// The French form, else the one in the first original language, else the first.
fn pick_form<'a>(root: &'a Node, data: Option<&Node>) -> Option<&'a Node> {
    let forms: Vec<&Node> = root.child("FORM_SECTION")?.children.iter().collect();
    let original = data.and_then(|d| d.text_at(&["LG_ORIG"]));
    forms
        .iter()
        .find(|f| f.attr("LG") == Some("FR"))
        .or_else(|| forms.iter().find(|f| original.is_some() && f.attr("LG") == original.as_deref()))
        .or_else(|| forms.first())
        .copied()
}

fn translated_title(root: &Node, language: &str) -> Option<String> {
    let titles = root.all_at(&["TRANSLATION_SECTION", "ML_TITLES", "ML_TI_DOC"]);
    let chosen = titles.iter().find(|t| t.attr("LG") == Some(language)).or_else(|| titles.first())?;
    chosen.child("TI_TEXT").and_then(Node::deep_text)
}

fn notice_url(data: &Node, language: &str) -> Option<String> {
    let uris = data.all_at(&["URI_LIST", "URI_DOC"]);
    let chosen = uris.iter().find(|u| u.attr("LG") == Some(language)).or_else(|| uris.first())?;
    chosen.trimmed()
}

/// The kind of a form, by its number; for the social-services and concession forms, by their `NOTICE` type.
fn kind(form: &Node, coded: Option<&Node>) -> NoticeKind {
    let notice_type = form.child("NOTICE").and_then(|n| n.attr("TYPE")).unwrap_or_default();
    if notice_type.contains("AWARD") {
        return NoticeKind::Award;
    }
    if notice_type.contains("CALL_COMPETITION") || notice_type == "CONTRACT" {
        return NoticeKind::ContractNotice;
    }
    if notice_type.starts_with("PRI_") || notice_type.starts_with("PER_") {
        return NoticeKind::PriorInformation;
    }
    let number = form.attr("FORM").map(str::to_string).unwrap_or_else(|| form.name.chars().take(3).collect());
    match number.as_str() {
        "F01" | "F04" | "F16" => NoticeKind::PriorInformation,
        "F02" | "F05" | "F12" | "F17" | "F19" | "F24" => NoticeKind::ContractNotice,
        "F03" | "F06" | "F13" | "F15" | "F18" | "F25" => NoticeKind::Award,
        "F14" | "F20" => NoticeKind::Corrigendum,
        _ => match coded.and_then(|c| c.at(&["CODIF_DATA", "TD_DOCUMENT_TYPE"])).and_then(|t| t.attr("CODE")) {
            Some("3") => NoticeKind::ContractNotice,
            Some("7") | Some("V") => NoticeKind::Award,
            Some("0") => NoticeKind::PriorInformation,
            Some("K") => NoticeKind::Corrigendum,
            _ => NoticeKind::Other,
        },
    }
}

fn buyer_kind(form: &Node, published: Option<&str>) -> Option<BuyerKind> {
    let utilities = form.child("LEGAL_BASIS").and_then(|l| l.attr("VALUE")) == Some("32014L0025")
        || matches!(form.attr("FORM"), Some("F05" | "F06"));
    if utilities {
        return Some(BuyerKind::Utility);
    }
    match published? {
        "MINISTRY" | "NATIONAL_AGENCY" => Some(BuyerKind::State),
        "REGIONAL_AUTHORITY" | "REGIONAL_AGENCY" | "BODY_PUBLIC" => Some(BuyerKind::Local),
        _ => None,
    }
}

fn contract_nature(object: Option<&Node>, coded: Option<&Node>) -> Option<ContractType> {
    let ctype = object.and_then(|o| o.child("TYPE_CONTRACT")).and_then(|t| t.attr("CTYPE"));
    match ctype {
        Some("WORKS") => Some(ContractType::Works),
        Some("SUPPLIES") => Some(ContractType::Supplies),
        Some("SERVICES") => Some(ContractType::Services),
        _ => match coded.and_then(|c| c.at(&["CODIF_DATA", "NC_CONTRACT_NATURE"])).and_then(|n| n.attr("CODE")) {
            Some("1") => Some(ContractType::Works),
            Some("2") => Some(ContractType::Supplies),
            Some("4") => Some(ContractType::Services),
            _ => None,
        },
    }
}

/// The first `PT_…` element of the procedure section (`PT_OPEN`, `PT_RESTRICTED`…), wherever it is nested.
fn procedure_type(procedure: &Node) -> Option<String> {
    let mut found = None;
    procedure.visit(&mut |n| {
        if found.is_none() && n.name.starts_with("PT_") {
            found = Some(n.name.clone());
        }
        found.is_none()
    });
    found
}

pub(super) fn amount(
    node: Option<&Node>,
    element: &str,
    warnings: &mut Vec<super::model::NoticeWarning>,
) -> Option<f64> {
    let node = node?;
    values::amount_eur(&node.trimmed()?, node.attr("CURRENCY"), element, warnings)
}

fn duration(descr: &Node, warnings: &mut Vec<super::model::NoticeWarning>) -> Option<u32> {
    if let Some(d) = descr.child("DURATION") {
        return values::months(&d.trimmed()?, d.attr("TYPE"), "OBJECT_DESCR/DURATION", warnings);
    }
    let start = values::date(&descr.text_at(&["DATE_START"])?)?;
    let end = values::date(&descr.text_at(&["DATE_END"])?)?;
    values::months_between(start, end)
}

#[cfg(test)]
#[path = "ted_tests.rs"]
mod tests;
