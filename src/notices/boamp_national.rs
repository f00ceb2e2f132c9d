//! BOAMP's national forms, for notices below the European thresholds: `FNSimple` (formulaire national
//! simplifié), `MAPA` (marché à procédure adaptée), `DSP` (délégation de service public). The notice is in
//! `initial`, `rectificatif` or `attribution`; the buyer in `organisme`.
//!
//! These forms have no reservation element of their own that the project has seen published: a lot is read
//! as reserved when a field named after the reservation (`marcheReserve`…) says yes, or when the form's words
//! cite a reserved-market article (L2113-12 to L2113-15), which R2113-7 requires the buyer to state.

use std::path::Path;

use super::boamp::Envelope;
use super::error::NoticeError;
use super::model::{Notice, NoticeBuyer, NoticeFormat, NoticeKind, NoticeLot, SocialTerms};
use super::place::PlaceParts;
use super::reservation;
use super::tree::Node;
use super::values::{self, push_cpv, push_unique};
use crate::domain::cpv::Cpv;

/// Reads a national form (`node` is the `FNSimple`, `MAPA` or `DSP` element).
pub fn read(file: &Path, node: &Node, envelope: &Envelope) -> Result<Notice, NoticeError> {
    let mut warnings = Vec::new();
    let document =
        ["initial", "rectificatif", "attribution", "modification"].iter().find_map(|n| node.child(n)).unwrap_or(node);
    let organisation = node.child("organisme").or_else(|| document.child("organisme"));
    let address = organisation.and_then(|o| o.child("adr")).or(organisation);
    let buyer = NoticeBuyer {
        name: organisation
            .and_then(|o| o.text_at(&["nomOfficiel"]).or_else(|| o.text_at(&["nom"])))
            .or_else(|| envelope.buyer_name.clone())
            .ok_or_else(|| envelope.missing(file, &format!("DONNEES/{}/organisme/nomOfficiel", node.name)))?,
        siret: organisation
            .and_then(|o| o.text_at(&["codeIdentificationNational"]))
            .and_then(|v| values::siret(&v, "buyer", &mut warnings)),
        kind: None,
        kind_as_published: None,
        town: address.and_then(|a| a.text_at(&["ville"])),
        post_code: address.and_then(|a| a.text_at(&["cp"])),
    };
    let title = [&["natureMarche", "intitule"][..], &["description", "objet"], &["descriptionMarche", "titreMarche"]]
        .iter()
        .find_map(|path| document.text_at(path))
        .or_else(|| envelope.summary.clone())
        .ok_or_else(|| {
            envelope.missing(file, &format!("DONNEES/{}/{}/natureMarche/intitule", node.name, document.name))
        })?;
    let description = [
        &["natureMarche", "description"][..],
        &["caracteristiques", "principales"],
        &["descriptionMarche", "description"],
    ]
    .iter()
    .find_map(|path| document.text_at(path));
    let mut cpv: Vec<Cpv> = Vec::new();
    for code in document.find_all("classPrincipale") {
        if let Some(text) = code.trimmed() {
            push_cpv(&mut cpv, &text, "classPrincipale", &mut warnings);
        }
    }
    let value = document.at(&["natureMarche", "valeurEstimee"]).and_then(|v| {
        let amount = v.child("valeur").or_else(|| v.at(&["fourchette", "valeurHaute"]))?;
        let currency = v.attr("devise").or_else(|| amount.attr("devise"));
        values::amount_eur(&amount.trimmed()?, currency, "valeurEstimee", &mut warnings)
    });
    let months = [&["natureMarche", "dureeMois"][..], &["duree", "nbMois"], &["natureMarche", "nbMois"]]
        .iter()
        .find_map(|path| document.text_at(path))
        .and_then(|m| values::months(&m, Some("MONTH"), "dureeMois", &mut warnings));
    let deadline = [&["procedure", "dateReceptionOffres"][..], &["delais", "receptionOffres"]]
        .iter()
        .find_map(|path| document.text_at(path))
        .and_then(|d| values::datetime(&d));
    let (codes, reservation) = reservation_of(document);
    let mut social = SocialTerms::default();
    document.visit(&mut |n| {
        if let Some(text) = n.trimmed().filter(|t| t.len() > 20 && values::states_social_clause(t)) {
            social.social_clause = true;
            push_unique(&mut social.evidence, text);
        }
        true
    });
    let mut related = Vec::new();
    for initial in document.find_all("avisInitial") {
        if let Some(id) = initial.text_at(&["idWeb"]) {
            push_unique(&mut related, id);
        }
    }
    let lot = NoticeLot {
        id: "1".into(),
        title: title.clone(),
        description: description.clone(),
        cpv: cpv.clone(),
        place: PlaceParts {
            post_codes: document.text_at(&["natureMarche", "lieuExecution", "cp"]).into_iter().collect(),
            description: document
                .text_at(&["natureMarche", "lieuExecution"])
                .or_else(|| document.text_at(&["natureMarche", "lieuExecution", "ville"])),
            ..PlaceParts::default()
        }
        .into_place(&mut warnings),
        estimated_value_eur: value,
        duration_months: months,
        deadline: deadline.clone(),
        reserved: reservation.is_some(),
        reservation_codes: codes,
        reservation,
        social,
    };
    Ok(Notice {
        format: envelope.format.unwrap_or(NoticeFormat::BoampJson),
        id: envelope.idweb.clone(),
        notice_type: envelope.nature.clone().unwrap_or_else(|| document.name.clone()),
        schema: Some(node.name.clone()),
        kind: envelope.kind().unwrap_or(match document.name.as_str() {
            "attribution" => NoticeKind::Award,
            "rectificatif" | "modification" => NoticeKind::Corrigendum,
            _ => NoticeKind::ContractNotice,
        }),
        language: "FR".into(),
        publication_date: envelope.publication_date,
        procedure_id: related.first().cloned().unwrap_or_default(),
        related_notices: related,
        buyer,
        title,
        description,
        cpv,
        contract_nature: None,
        procedure_type: document.text_at(&["procedure", "typeProcedure"]),
        estimated_value_eur: value,
        duration_months: months,
        deadline,
        documents_url: document
            .text_at(&["communication", "urlDocConsul"])
            .or_else(|| organisation.and_then(|o| o.text_at(&["urlProfilAcheteur"]))),
        notice_url: None,
        lots: vec![lot],
        awards: Vec::new(),
        warnings,
    })
}

/// Reservation fields as published (`marcheReserve=oui`) and the regime they, or the articles cited in the
/// form, give.
fn reservation_of(document: &Node) -> (Vec<String>, Option<crate::domain::need::Reservation>) {
    let mut codes = Vec::new();
    let mut reserved = false;
    let mut words = Vec::new();
    document.visit(&mut |n| {
        let key = n.name.to_ascii_lowercase();
        if key.starts_with("marchereserve") || key == "reserve" || key == "reservation" {
            let value = n.trimmed().unwrap_or_default();
            let yes = matches!(value.to_ascii_lowercase().as_str(), "oui" | "true" | "1") || !n.children.is_empty();
            reserved |= yes;
            push_unique(&mut codes, if value.is_empty() { n.name.clone() } else { format!("{}={value}", n.name) });
            words.extend(n.deep_text());
        }
        if let Some(text) = n.trimmed() {
            words.push(text);
        }
        true
    });
    let cited = reservation::from_articles(&words.join("\n"));
    if let (Some(regime), true) = (cited, codes.is_empty()) {
        codes.push(regime.article().to_string());
    }
    let regime = match (reserved, cited) {
        (_, Some(regime)) => Some(regime),
        (true, None) => Some(crate::domain::need::Reservation::Inclusive),
        (false, None) => None,
    };
    (codes, regime)
}
