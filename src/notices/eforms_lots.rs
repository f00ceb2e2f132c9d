//! eForms lots (`cac:ProcurementProjectLot`) and results (`efac:NoticeResult`).
//!
//! Paths of the eForms SDK field table: BT-21/BT-24 title and description, BT-262/BT-263 CPV codes, BT-5071
//! place (NUTS) and BT-5101/BT-5121/BT-5131 address, BT-27 value, BT-36 duration and BT-536/BT-537 dates
//! under `cac:ProcurementProject`; BT-131 time limit in `cac:TenderingProcess/cac:TenderSubmissionDeadlinePeriod`
//! (BT-1311 requests to participate and BT-630 expressions of interest when there is none); BT-71 reserved
//! participation in `cac:TenderingTerms/cac:TendererQualificationRequest/cac:SpecificTendererRequirement/
//! cbc:TendererRequirementTypeCode[@listName='reserved-procurement']`; BT-06 strategic procurement and BT-775
//! social objective in `cac:ProcurementProject/cac:ProcurementAdditionalType/cbc:ProcurementTypeCode`
//! (`@listName` `strategic-procurement`, `social-objective`); BT-736 reserved execution in
//! `cac:TenderingTerms/cac:ContractExecutionRequirement`; BT-15 documents in
//! `cac:CallForTendersDocumentReference`.

use std::collections::HashMap;

use super::eforms::{Organisation, in_language, lots_of};
use super::model::{Award, NoticeLot, NoticeWarning, SocialTerms, Winner};
use super::place::PlaceParts;
use super::reservation;
use super::tree::Node;
use super::values::{self, push_cpv, push_unique};
use crate::domain::cpv::Cpv;

/// What the lots inherit from the notice.
pub struct Context<'a> {
    /// The notice's title, for lots without one.
    pub notice_title: &'a str,
    /// The notice's CPV codes, for lots without any.
    pub notice_cpv: &'a [Cpv],
    /// The notice's language.
    pub language: &'a str,
    /// The procedure-level `cac:ProcurementProject`.
    pub project: Option<&'a Node>,
}

/// The lots of the notice; one lot built from the procedure when the notice has none.
pub fn lots(root: &Node, context: &Context<'_>, warnings: &mut Vec<NoticeWarning>) -> Vec<NoticeLot> {
    let mut out: Vec<NoticeLot> = lots_of(root).into_iter().map(|lot| read_lot(lot, context, warnings)).collect();
    if out.is_empty() {
        out.push(NoticeLot {
            id: "1".into(),
            title: context.notice_title.to_string(),
            description: None,
            cpv: context.notice_cpv.to_vec(),
            place: context.project.map(|p| place(p, warnings)).unwrap_or_default(),
            estimated_value_eur: None,
            duration_months: None,
            deadline: None,
            reserved: false,
            reservation_codes: Vec::new(),
            reservation: None,
            social: SocialTerms::default(),
        });
    }
    out
}

fn read_lot(lot: &Node, context: &Context<'_>, warnings: &mut Vec<NoticeWarning>) -> NoticeLot {
    let project = lot.child("ProcurementProject");
    let mut cpv = Vec::new();
    if let Some(p) = project {
        for path in [
            ["MainCommodityClassification", "ItemClassificationCode"],
            ["AdditionalCommodityClassification", "ItemClassificationCode"],
        ] {
            for code in p.all_at(&path) {
                push_cpv(&mut cpv, &code.text, path[0], warnings);
            }
        }
    }
    if cpv.is_empty() {
        cpv = context.notice_cpv.to_vec();
    }
    let mut lot_place = project.map(|p| place(p, warnings)).unwrap_or_default();
    if lot_place.is_empty() {
        lot_place = context.project.map(|p| place(p, warnings)).unwrap_or_default();
    }
    let terms = lot.child("TenderingTerms");
    let codes: Vec<String> = terms
        .map(|t| {
            t.all_at(&["TendererQualificationRequest", "SpecificTendererRequirement", "TendererRequirementTypeCode"])
                .into_iter()
                .filter(|c| c.attr("listName") == Some("reserved-procurement"))
                .filter_map(Node::trimmed)
                .collect()
        })
        .unwrap_or_default();
    let reservation = reservation::regime_of_codes(&codes);
    NoticeLot {
        id: lot.text_at(&["ID"]).unwrap_or_else(|| "1".into()),
        title: project
            .and_then(|p| in_language(p.children_named("Name"), context.language))
            .unwrap_or_else(|| context.notice_title.to_string()),
        description: project.and_then(|p| in_language(p.children_named("Description"), context.language)),
        cpv,
        place: lot_place,
        estimated_value_eur: project.and_then(|p| estimated_value(p, warnings)),
        duration_months: project.and_then(|p| duration(p, warnings)),
        deadline: lot.child("TenderingProcess").and_then(deadline),
        reserved: reservation.is_some(),
        reservation_codes: codes,
        reservation,
        social: social(project, terms),
    }
}

/// BT-27 estimated value of a `cac:ProcurementProject`.
pub fn estimated_value(project: &Node, warnings: &mut Vec<NoticeWarning>) -> Option<f64> {
    let amount = project.at(&["RequestedTenderTotal", "EstimatedOverallContractAmount"])?;
    values::amount_eur(&amount.trimmed()?, amount.attr("currencyID"), "cbc:EstimatedOverallContractAmount", warnings)
}

/// BT-36 duration of a `cac:ProcurementProject`, else the months between BT-536 and BT-537.
pub fn duration(project: &Node, warnings: &mut Vec<NoticeWarning>) -> Option<u32> {
    let period = project.child("PlannedPeriod")?;
    if let Some(measure) = period.child("DurationMeasure") {
        return values::months(&measure.trimmed()?, measure.attr("unitCode"), "cbc:DurationMeasure", warnings);
    }
    let start = values::date(&period.text_at(&["StartDate"])?)?;
    let end = values::date(&period.text_at(&["EndDate"])?)?;
    values::months_between(start, end)
}

/// BT-15 link to the documents of a lot.
pub fn documents_url(lot: &Node) -> Option<String> {
    lot.all_at(&["TenderingTerms", "CallForTendersDocumentReference"])
        .into_iter()
        .filter(|r| r.text_at(&["DocumentType"]).is_none_or(|t| t == "non-restricted-document"))
        .find_map(|r| r.text_at(&["Attachment", "ExternalReference", "URI"]))
}

/// The time limit of a lot's `cac:TenderingProcess`: for tenders, else for requests to participate, else for
/// expressions of interest (prior information notices used as a call for competition).
fn deadline(process: &Node) -> Option<String> {
    ["TenderSubmissionDeadlinePeriod", "ParticipationRequestReceptionPeriod", "InterestExpressionReceptionPeriod"]
        .into_iter()
        .filter_map(|name| process.find(name))
        .find_map(|period| values::deadline(&period.text_at(&["EndDate"])?, period.text_at(&["EndTime"]).as_deref()))
}

fn place(project: &Node, warnings: &mut Vec<NoticeWarning>) -> super::model::LotPlace {
    let mut parts = PlaceParts::default();
    let mut words = Vec::new();
    for location in project.children_named("RealizedLocation") {
        if let Some(d) = location.text_at(&["Description"]) {
            words.push(d);
        }
        let Some(address) = location.child("Address") else { continue };
        if let Some(nuts) = address.text_at(&["CountrySubentityCode"]) {
            parts.nuts.push(nuts);
        }
        let french = address.text_at(&["Country", "IdentificationCode"]).is_none_or(|c| c == "FRA");
        if let (true, Some(post_code)) = (french, address.text_at(&["PostalZone"])) {
            parts.post_codes.push(post_code);
        }
        let street = address.text_at(&["StreetName"]);
        let city = address.text_at(&["CityName"]);
        let line = [street, address.text_at(&["PostalZone"]), city].into_iter().flatten().collect::<Vec<_>>().join(" ");
        if !line.is_empty() && !words.contains(&line) {
            words.push(line);
        }
    }
    parts.description = (!words.is_empty()).then(|| words.join(" ; "));
    parts.into_place(warnings)
}

fn social(project: Option<&Node>, terms: Option<&Node>) -> SocialTerms {
    let mut social = SocialTerms::default();
    for code in project.map(|p| p.all_at(&["ProcurementAdditionalType", "ProcurementTypeCode"])).unwrap_or_default() {
        let Some(value) = code.trimmed() else { continue };
        match code.attr("listName") {
            Some("strategic-procurement") if value != "none" => {
                social.social_clause |= value == "soc-obj";
                push_unique(&mut social.codes, value);
            }
            Some("social-objective") => {
                social.social_clause = true;
                push_unique(&mut social.codes, value);
            }
            _ => {}
        }
    }
    let Some(terms) = terms else { return social };
    for requirement in terms.children_named("ContractExecutionRequirement") {
        let Some(code) = requirement.child("ExecutionRequirementCode") else { continue };
        match (code.attr("listName"), code.trimmed().as_deref()) {
            (Some("reserved-execution"), Some("yes")) => {
                social.social_clause = true;
                push_unique(&mut social.codes, "reserved-execution");
            }
            (Some("conditions"), _) => {
                if let Some(text) = requirement.text_at(&["Description"]).filter(|t| values::states_social_clause(t)) {
                    social.social_clause = true;
                    push_unique(&mut social.evidence, text);
                }
            }
            _ => {}
        }
    }
    for criterion in terms.find_all("SubordinateAwardingCriterion") {
        if let Some(text) = criterion.text_at(&["Description"]).filter(|t| values::states_social_clause(t)) {
            social.social_clause = true;
            push_unique(&mut social.evidence, text);
        }
    }
    social
}

/// The contracts of `efac:NoticeResult`: per lot result with a winner chosen (BT-142 `selec-w`), the
/// winning tenders' parties (OPT-310, OPT-300), values (BT-720) and contract dates (BT-145).
pub fn awards(ext: &Node, orgs: &HashMap<String, Organisation>, warnings: &mut Vec<NoticeWarning>) -> Vec<Award> {
    let Some(result) = ext.child("NoticeResult") else { return Vec::new() };
    let parties: HashMap<String, Vec<String>> = result
        .children_named("TenderingParty")
        .filter_map(|p| {
            let tenderers = p.children_named("Tenderer").filter_map(|t| t.text_at(&["ID"])).collect();
            Some((p.text_at(&["ID"])?, tenderers))
        })
        .collect();
    let tenders: HashMap<String, &Node> =
        result.children_named("LotTender").filter_map(|t| Some((t.text_at(&["ID"])?, t))).collect();
    let contract_dates: HashMap<String, String> = result
        .children_named("SettledContract")
        .flat_map(|c| {
            let date = c.text_at(&["IssueDate"]);
            c.children_named("LotTender")
                .filter_map(move |t| Some((t.text_at(&["ID"])?, date.clone()?)))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut out = Vec::new();
    for lot_result in result.children_named("LotResult") {
        let code = lot_result.text_at(&["TenderResultCode"]);
        if code.as_deref().is_some_and(|c| c != "selec-w") {
            continue;
        }
        let tender_ids: Vec<String> =
            lot_result.children_named("LotTender").filter_map(|t| t.text_at(&["ID"])).collect();
        let mut award = Award { lot_id: lot_result.text_at(&["TenderLot", "ID"]), ..Award::default() };
        for tender_id in &tender_ids {
            let Some(tender) = tenders.get(tender_id) else { continue };
            if let Some(amount) = tender.at(&["LegalMonetaryTotal", "PayableAmount"]) {
                let value = amount
                    .trimmed()
                    .and_then(|v| values::amount_eur(&v, amount.attr("currencyID"), "cbc:PayableAmount", warnings));
                award.value_eur = match (award.value_eur, value) {
                    (Some(a), Some(b)) => Some(a + b),
                    (a, b) => a.or(b),
                };
            }
            award.date = award.date.or_else(|| contract_dates.get(tender_id).and_then(|d| values::date(d)));
            let party = tender.text_at(&["TenderingParty", "ID"]).unwrap_or_default();
            for org_id in parties.get(&party).into_iter().flatten() {
                let Some(org) = orgs.get(org_id) else { continue };
                let Some(name) = org.name.clone() else { continue };
                let siret = org.company_id.as_deref().and_then(|v| values::siret(v, "winner", warnings));
                award.winners.push(Winner { name, siret });
            }
        }
        if !award.winners.is_empty() || award.value_eur.is_some() {
            out.push(award);
        }
    }
    out
}
