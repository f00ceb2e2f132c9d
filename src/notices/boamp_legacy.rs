//! The BOAMP schema before eForms (`Boamp_v230` and its JSON twin in older open-data records): `DONNEES`
//! holds `IDENTITE`, `OBJET` (with `LOTS/LOT`), `PROCEDURE`, `CONDITION_DELAI`, `CONDITION_PARTICIPATION`,
//! `ATTRIBUTION`.
//!
//! Reservation markers are kept as published, in this order: `MARCHE_RESERVE_*` (with the kinds of
//! `MARCHE_RESERVE_OUI`: `ATELIERS_PROTEGES`, `EMPLOIS_PROTEGES`), `LOTS_RESERVE*`, `PRESTATION_RESERVEE_*`.
//! Markers inside a `LOT` belong to it; the others to every lot. See [`super::reservation`] for what
//! reserves.

use std::path::Path;

use super::boamp::{Envelope, first_child_name};
use super::error::NoticeError;
use super::model::{
    Award, Notice, NoticeBuyer, NoticeFormat, NoticeKind, NoticeLot, NoticeWarning, SocialTerms, Winner,
};
use super::place::PlaceParts;
use super::reservation;
use super::tree::Node;
use super::values::{self, push_cpv, push_unique};
use crate::domain::cpv::{ContractType, Cpv};
use crate::domain::need::BuyerKind;

/// Reads the legacy `DONNEES`.
pub fn read(file: &Path, donnees: &Node, envelope: &Envelope) -> Result<Notice, NoticeError> {
    let mut warnings = Vec::new();
    let identity = donnees.child("IDENTITE");
    let object = donnees.child("OBJET");
    let name = identity
        .and_then(|i| i.text_at(&["DENOMINATION"]))
        .or_else(|| envelope.buyer_name.clone())
        .ok_or_else(|| envelope.missing(file, "DONNEES/IDENTITE/DENOMINATION"))?;
    let title = object
        .and_then(|o| o.text_at(&["TITRE_MARCHE"]).or_else(|| o.text_at(&["OBJET_COMPLET"])))
        .or_else(|| envelope.summary.clone())
        .ok_or_else(|| envelope.missing(file, "DONNEES/OBJET/TITRE_MARCHE"))?;
    let kind_as_published = first_child_name(donnees.child("TYPE_POUVOIR_ADJUDICATEUR"))
        .or_else(|| first_child_name(donnees.child("TYPE_ORGANISME")));
    let utility = donnees.at(&["ACTIVITE_PRINCIPALE", "ENTITE_ADJUDICATRICE"]).is_some();
    let buyer = NoticeBuyer {
        name,
        siret: identity
            .and_then(|i| i.text_at(&["CODE_IDENT_NATIONAL"]).or_else(|| i.text_at(&["TYPE_IDENT_NATIONAL", "SIRET"])))
            .and_then(|v| values::siret(&v, "buyer", &mut warnings)),
        kind: if utility { Some(BuyerKind::Utility) } else { kind_as_published.as_deref().and_then(buyer_kind) },
        kind_as_published,
        town: identity.and_then(|i| i.text_at(&["VILLE"])),
        post_code: identity.and_then(|i| i.text_at(&["CP"])),
    };

    let mut cpv = Vec::new();
    if let Some(o) = object {
        cpv_of(o, &mut cpv, &mut warnings);
    }
    let outside_lots = markers(donnees, true);
    let notice_cited = reservation::from_articles(&reservation_words(donnees));
    let notice_social = social(donnees);
    let deadline = donnees.text_at(&["CONDITION_DELAI", "RECEPT_OFFRES"]).and_then(|d| values::datetime(&d));
    let mut lots = Vec::new();
    for lot in object.map(|o| o.all_at(&["LOTS", "LOT"])).unwrap_or_default() {
        let mut lot_cpv = Vec::new();
        cpv_of(lot, &mut lot_cpv, &mut warnings);
        if lot_cpv.is_empty() {
            lot_cpv.clone_from(&cpv);
        }
        let mut codes = outside_lots.clone();
        markers(lot, false).into_iter().for_each(|c| push_unique(&mut codes, c));
        codes.sort_by_key(|c| rank(c));
        let cited = reservation::from_articles(&reservation_words(lot)).or(notice_cited);
        let mut social = social(lot);
        merge(&mut social, &notice_social);
        lots.push(build_lot(
            lot.text_at(&["NUM"]).unwrap_or_else(|| (lots.len() + 1).to_string()),
            lot.text_at(&["INTITULE"]).unwrap_or_else(|| title.clone()),
            lot.text_at(&["DESCRIPTION"]),
            lot_cpv,
            place(lot, &mut warnings),
            value(lot, &mut warnings),
            duration(lot, &mut warnings),
            codes,
            cited,
            social,
        ));
    }
    if lots.is_empty() {
        let single_place = object.map(|o| place(o, &mut warnings)).unwrap_or_default();
        let description = object.and_then(|o| o.text_at(&["OBJET_COMPLET"]));
        let single_value = object.and_then(|o| value(o, &mut warnings));
        let months = object.and_then(|o| duration(o, &mut warnings));
        lots.push(build_lot(
            "1".into(),
            title.clone(),
            description,
            cpv.clone(),
            single_place,
            single_value,
            months,
            outside_lots,
            notice_cited,
            notice_social,
        ));
    }
    for lot in &mut lots {
        lot.deadline.clone_from(&deadline);
    }
    Ok(Notice {
        format: envelope.format.unwrap_or(NoticeFormat::BoampXml),
        id: envelope.idweb.clone(),
        notice_type: envelope.nature.clone().unwrap_or_default(),
        schema: None,
        kind: envelope.kind().unwrap_or(NoticeKind::Other),
        language: "FR".into(),
        publication_date: envelope.publication_date,
        procedure_id: String::new(),
        related_notices: Vec::new(),
        buyer,
        title,
        description: object.and_then(|o| o.text_at(&["OBJET_COMPLET"])),
        cpv,
        contract_nature: object
            .and_then(|o| first_child_name(o.child("TYPE_MARCHE")))
            .and_then(|t| contract_nature(&t)),
        procedure_type: first_child_name(donnees.at(&["PROCEDURE", "TYPE_PROCEDURE"])),
        estimated_value_eur: object.and_then(|o| value(o, &mut warnings)),
        duration_months: None,
        deadline,
        documents_url: identity
            .and_then(|i| i.text_at(&["URL_DOCUMENT"]).or_else(|| i.text_at(&["URL_PROFIL_ACHETEUR"]))),
        notice_url: None,
        lots,
        awards: awards(donnees, &mut warnings),
        warnings,
    })
}

#[allow(clippy::too_many_arguments)]
fn build_lot(
    id: String,
    title: String,
    description: Option<String>,
    cpv: Vec<Cpv>,
    place: super::model::LotPlace,
    estimated_value_eur: Option<f64>,
    duration_months: Option<u32>,
    codes: Vec<String>,
    cited: Option<crate::domain::need::Reservation>,
    social: SocialTerms,
) -> NoticeLot {
    let reservation = reservation::narrowed(reservation::regime_of_codes(&codes), cited);
    NoticeLot {
        id,
        title,
        description,
        cpv,
        place,
        estimated_value_eur,
        duration_months,
        deadline: None,
        reserved: reservation.is_some(),
        reservation_codes: codes,
        reservation,
        social,
    }
}

/// Every `CPV/…` code of a node (`PRINCIPAL`, `SECONDAIRE`), in order.
fn cpv_of(node: &Node, cpv: &mut Vec<Cpv>, warnings: &mut Vec<NoticeWarning>) {
    for block in node.children_named("CPV") {
        for code in &block.children {
            if let Some(text) = code.trimmed() {
                push_cpv(cpv, &text, &format!("CPV/{}", code.name), warnings);
            }
        }
    }
}

/// The reservation markers under a node, in the order of the module doc; `skip_lots` leaves out those
/// inside `LOT` elements.
fn markers(node: &Node, skip_lots: bool) -> Vec<String> {
    let mut codes = Vec::new();
    node.visit(&mut |n| {
        if skip_lots && n.name == "LOT" {
            return false;
        }
        if is_marker(&n.name) {
            push_unique(&mut codes, n.name.clone());
            if n.name == "MARCHE_RESERVE_OUI" {
                n.children.iter().for_each(|c| push_unique(&mut codes, c.name.clone()));
            }
        }
        true
    });
    codes.sort_by_key(|c| rank(c));
    codes
}

fn is_marker(name: &str) -> bool {
    name.starts_with("MARCHE_RESERVE") || name.starts_with("LOTS_RESERVE") || name.starts_with("PRESTATION_RESERVE")
}

/// The order of markers: `MARCHE_RESERVE_*`, the kinds inside `MARCHE_RESERVE_OUI`, `LOTS_RESERVE*`,
/// `PRESTATION_RESERVEE_*`.
fn rank(code: &str) -> u8 {
    if code.starts_with("MARCHE_RESERVE") {
        0
    } else if code.starts_with("LOTS_RESERVE") {
        2
    } else if code.starts_with("PRESTATION_RESERVE") {
        3
    } else {
        1
    }
}

/// The words of the reservation markers under a node (the articles a `MARCHE_RESERVE_OUI` cites).
fn reservation_words(node: &Node) -> String {
    let mut words = Vec::new();
    node.visit(&mut |n| {
        if n.name.starts_with("MARCHE_RESERVE") || n.name.starts_with("LOTS_RESERVE") {
            words.extend(n.deep_text());
            return false;
        }
        n.name != "LOT" || node.name == "LOT"
    });
    words.join("\n")
}

/// Social terms: a social execution condition or award criterion in the texts under the node.
fn social(node: &Node) -> SocialTerms {
    let mut social = SocialTerms::default();
    node.visit(&mut |n| {
        if n.name == "LOT" && node.name != "LOT" {
            return false;
        }
        if matches!(n.name.as_str(), "CONDITION_PARTICULIERE_EXECUTION" | "CRITERE" | "RENS_COMPLEMENT") {
            if let Some(text) = n.deep_text().filter(|t| values::states_social_clause(t)) {
                social.social_clause = true;
                push_unique(&mut social.evidence, text);
            }
            return false;
        }
        true
    });
    social
}

fn merge(into: &mut SocialTerms, from: &SocialTerms) {
    into.social_clause |= from.social_clause;
    from.evidence.iter().for_each(|e| push_unique(&mut into.evidence, e.clone()));
}

fn place(node: &Node, warnings: &mut Vec<NoticeWarning>) -> super::model::LotPlace {
    PlaceParts {
        nuts: node.children_named("CODE_NUTS").filter_map(Node::trimmed).collect(),
        description: node.text_at(&["LIEU_PRINCIPAL"]).or_else(|| node.text_at(&["LIEU_EXECUTION"])),
        ..PlaceParts::default()
    }
    .into_place(warnings)
}

fn value(node: &Node, warnings: &mut Vec<NoticeWarning>) -> Option<f64> {
    let v = ["VALEUR", "VALEUR_TOTALE", "VALEUR_ESTIMEE"].iter().find_map(|n| node.child(n))?;
    let v = v.child("VALEUR").unwrap_or(v);
    values::amount_eur(&v.trimmed()?, v.attr("DEVISE"), "VALEUR", warnings)
}

fn duration(node: &Node, warnings: &mut Vec<NoticeWarning>) -> Option<u32> {
    let months = node.text_at(&["DUREE_MOIS"]).or_else(|| node.text_at(&["DUREE_DELAI", "DUREE_MOIS"]));
    if let Some(m) = months {
        return values::months(&m, Some("MONTH"), "DUREE_MOIS", warnings);
    }
    let days = node.text_at(&["DUREE_JOURS"]).or_else(|| node.text_at(&["DUREE_DELAI", "DUREE_JOURS"]))?;
    values::months(&days, Some("DAY"), "DUREE_JOURS", warnings)
}

fn buyer_kind(published: &str) -> Option<BuyerKind> {
    let p = published.to_ascii_uppercase();
    if p.contains("NATIONAL") || p.contains("ETAT") || p.starts_with("MIN") {
        Some(BuyerKind::State)
    } else if p.contains("ADJUDICATRICE") || p.contains("RESEAU") {
        Some(BuyerKind::Utility)
    } else if [
        "REGION",
        "COMMUN",
        "DEPARTEMENT",
        "COLLECTIVITE",
        "EPCI",
        "ETAB",
        "OFFICE",
        "HOPITAL",
        "PUBLIC",
        "AUTOTRITE",
        "AUTORITE",
    ]
    .iter()
    .any(|k| p.contains(k))
    {
        Some(BuyerKind::Local)
    } else {
        None
    }
}

fn contract_nature(published: &str) -> Option<ContractType> {
    match published.to_ascii_uppercase().as_str() {
        "TRAVAUX" => Some(ContractType::Works),
        "FOURNITURES" | "FOURNITURE" => Some(ContractType::Supplies),
        "SERVICE" | "SERVICES" => Some(ContractType::Services),
        _ => None,
    }
}

/// `ATTRIBUTION/DECISION`: each `TITULAIRE` followed by its `RENSEIGNEMENT`.
fn awards(donnees: &Node, warnings: &mut Vec<NoticeWarning>) -> Vec<Award> {
    let mut out = Vec::new();
    for decision in donnees.all_at(&["ATTRIBUTION", "DECISION"]) {
        let mut award = Award { lot_id: decision.text_at(&["NUM_LOT"]), ..Award::default() };
        for holder in decision.children_named("TITULAIRE") {
            let Some(name) = holder.text_at(&["DENOMINATION"]) else { continue };
            let siret = holder
                .text_at(&["CODE_IDENT_NATIONAL"])
                .or_else(|| holder.text_at(&["SIRET"]))
                .and_then(|v| values::siret(&v, "winner", warnings));
            award.winners.push(Winner { name, siret });
        }
        if let Some(info) = decision.child("RENSEIGNEMENT") {
            award.date = info.text_at(&["DATE_ATTRIBUTION"]).and_then(|d| values::date(&d));
            if let Some(amount) = info.child("MONTANT") {
                award.value_eur =
                    amount.trimmed().and_then(|v| values::amount_eur(&v, amount.attr("DEVISE"), "MONTANT", warnings));
            }
        }
        if !award.winners.is_empty() {
            out.push(award);
        }
    }
    out
}
