//! Notices in French, for `essor notices read FILE --format table` and `essor notices search`.

use std::fmt::Write;

use super::whole_eur;
use crate::domain::cpv::{Cpv, CpvCatalogue};
use crate::domain::need::BuyerKind;
use crate::notices::nuts;
use crate::notices::procedure::ProcedureStatus;
use crate::notices::search::NoticeHit;
use crate::notices::{Notice, NoticeFormat, NoticeKind, NoticeLot, NoticeWarning};

/// A notice as French text: what, who, when, then each lot, the awards and the warnings.
pub fn table(notice: &Notice) -> String {
    let mut out = String::new();
    let _ =
        writeln!(out, "Avis {} — {} ({}, {})", notice.id, kind(notice.kind), format(notice.format), notice.notice_type);
    let _ = writeln!(out, "Objet : {}", notice.title);
    let _ = writeln!(out, "Acheteur : {}", buyer(notice));
    let mut when = Vec::new();
    if let Some(date) = notice.publication_date {
        when.push(format!("publié le {}", iso_date_time(&date.to_string())));
    }
    when.push(match &notice.deadline {
        Some(deadline) => format!("date limite de réponse : {}", iso_date_time(deadline)),
        None => "pas de date limite de réponse".to_string(),
    });
    let _ = writeln!(out, "Dates : {}", when.join(" ; "));
    let mut facts = Vec::new();
    if let Some(nature) = notice.contract_nature {
        facts.push(nature.label().to_string());
    }
    if let Some(procedure) = &notice.procedure_type {
        facts.push(format!("procédure {procedure}"));
    }
    if let Some(value) = notice.estimated_value_eur {
        facts.push(format!("valeur estimée {}", euros(value)));
    }
    if let Some(months) = notice.duration_months {
        facts.push(format!("durée {months} mois"));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "Marché : {}", facts.join(", "));
    }
    let _ = writeln!(out, "CPV : {}", cpv_list(&notice.cpv));
    if !notice.related_notices.is_empty() || notice.procedure_id != notice.id {
        let _ = writeln!(
            out,
            "Procédure : {} (avis liés : {})",
            notice.procedure_id,
            or_none(&notice.related_notices.join(", "))
        );
    }
    if let Some(url) = &notice.documents_url {
        let _ = writeln!(out, "Documents : {url}");
    }
    if let Some(url) = &notice.notice_url {
        let _ = writeln!(out, "Avis en ligne : {url}");
    }
    let _ = writeln!(out, "Lots ({}) :", notice.lots.len());
    for lot in &notice.lots {
        out.push_str(&lot_text(lot));
    }
    for award in &notice.awards {
        let winners: Vec<String> = award
            .winners
            .iter()
            .map(|w| match &w.siret {
                Some(s) => format!("{} (SIRET {s})", w.name),
                None => w.name.clone(),
            })
            .collect();
        let lot = award.lot_id.as_ref().map(|l| format!("lot {l} ")).unwrap_or_default();
        let value = award.value_eur.map(|v| format!(", {}", euros(v))).unwrap_or_default();
        let _ = writeln!(out, "Attribution {lot}: {}{value}", or_none(&winners.join(", ")));
    }
    for warning in &notice.warnings {
        let _ = writeln!(out, "Attention : {}", warning_text(warning));
    }
    out
}

/// A stored procedure found by a search, in a few French lines: status, title, buyer, time limit, places,
/// reservation, then its publications. E-mail addresses are masked.
pub fn hit_text(rank: usize, hit: &NoticeHit) -> String {
    let notice = &hit.notice;
    let mut out = String::new();
    let status = match (hit.status, hit.open) {
        (ProcedureStatus::Closed, _) => "attribué",
        (ProcedureStatus::Open, true) => "ouvert",
        (ProcedureStatus::Open, false) => "date limite passée",
    };
    let _ = writeln!(out, "{rank:>3}. [{status}] {} — {}", notice.title, notice.buyer.name);
    let deadline = match &notice.deadline {
        Some(d) => format!("date limite : {}", iso_date_time(d)),
        None => "pas de date limite".to_string(),
    };
    let mut departments: Vec<&str> = Vec::new();
    for lot in &notice.lots {
        for d in &lot.place.departments {
            if !departments.contains(&d.as_str()) {
                departments.push(d);
            }
        }
    }
    let places = match departments.len() {
        0 => "lieu non précisé".to_string(),
        1..=6 => format!("dép. {}", departments.join(", ")),
        n => format!("{n} départements"),
    };
    let reserved = notice.lots.iter().filter(|l| l.reserved).count();
    let reservation = if reserved > 0 { format!(" — {reserved} lot(s) réservé(s)") } else { String::new() };
    let _ = writeln!(
        out,
        "     {deadline} — {places} — CPV {} — {} lot(s){reservation} — score {:.1}",
        cpv_list(&notice.cpv),
        notice.lots.len(),
        hit.score
    );
    let _ = writeln!(out, "     procédure {} — avis {}", hit.procedure_id, hit.publications.join(", "));
    if let Some(url) = notice.notice_url.as_ref().or(notice.documents_url.as_ref()) {
        let _ = writeln!(out, "     {url}");
    }
    crate::notices::search::mask_emails_in(&out)
}

fn lot_text(lot: &NoticeLot) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "  Lot {} — {}", lot.id, lot.title);
    let _ = writeln!(out, "    CPV : {}", cpv_list(&lot.cpv));
    let _ = writeln!(out, "    Lieu : {}", place_text(lot));
    let mut facts = Vec::new();
    if let Some(value) = lot.estimated_value_eur {
        facts.push(format!("valeur estimée {}", euros(value)));
    }
    if let Some(months) = lot.duration_months {
        facts.push(format!("durée {months} mois"));
    }
    if let Some(deadline) = &lot.deadline {
        facts.push(format!("réponse avant le {}", iso_date_time(deadline)));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "    {}", facts.join(", "));
    }
    let published = if lot.reservation_codes.is_empty() {
        String::new()
    } else {
        format!(" (codes publiés : {})", lot.reservation_codes.join(", "))
    };
    let reserved = match lot.reservation {
        Some(r) => format!("oui, {} — {}{published}", r.article(), r.label()),
        None if lot.reserved => format!("oui{published}"),
        None => format!("non{published}"),
    };
    let _ = writeln!(out, "    Marché réservé : {reserved}");
    if lot.social.social_clause || !lot.social.codes.is_empty() {
        let clause = if lot.social.social_clause {
            "clause ou objectif social annoncé"
        } else {
            "pas de clause sociale annoncée"
        };
        let codes =
            if lot.social.codes.is_empty() { String::new() } else { format!(" ({})", lot.social.codes.join(", ")) };
        let _ = writeln!(out, "    Achat responsable : {clause}{codes}");
    }
    out
}

fn place_text(lot: &NoticeLot) -> String {
    let place = &lot.place;
    let mut parts = Vec::new();
    if !place.communes.is_empty() {
        parts.push(format!("communes {}", place.communes.join(", ")));
    }
    if !place.departments.is_empty() {
        let gazetteer = crate::domain::Gazetteer::builtin();
        let names: Vec<String> = place
            .departments
            .iter()
            .map(|d| gazetteer.department(d).map(|dep| format!("{} ({d})", dep.name)).unwrap_or_else(|| d.clone()))
            .collect();
        parts.push(if names.len() > 6 { format!("{} départements", names.len()) } else { names.join(", ") });
    }
    if let Some(description) = &place.description {
        parts.push(description.clone());
    }
    if parts.is_empty() && !place.nuts.is_empty() {
        let named: Vec<String> = place
            .nuts
            .iter()
            .map(|c| nuts::name(c).map(|n| format!("{n} ({c})")).unwrap_or_else(|| c.clone()))
            .collect();
        parts.push(format!("NUTS {}", named.join(", ")));
    }
    or_none(&parts.join(" — "))
}

fn buyer(notice: &Notice) -> String {
    let b = &notice.buyer;
    let mut text = b.name.clone();
    if let Some(siret) = &b.siret {
        let _ = write!(text, ", SIRET {siret}");
    }
    let town = [b.post_code.clone(), b.town.clone()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    if !town.is_empty() {
        let _ = write!(text, ", {town}");
    }
    if let Some(kind) = b.kind {
        let _ = write!(text, " ({})", buyer_kind(kind));
    }
    text
}

fn buyer_kind(kind: BuyerKind) -> &'static str {
    kind.label()
}

/// The French name of a kind of notice.
pub fn kind(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::ContractNotice => "avis de marché",
        NoticeKind::PriorInformation => "avis de préinformation",
        NoticeKind::Award => "avis d'attribution",
        NoticeKind::Corrigendum => "rectificatif ou modification",
        NoticeKind::Other => "autre avis",
    }
}

/// The French name of a format.
pub fn format(format: NoticeFormat) -> &'static str {
    match format {
        NoticeFormat::TedXml => "TED XML",
        NoticeFormat::Eforms => "eForms",
        NoticeFormat::BoampXml => "BOAMP XML",
        NoticeFormat::BoampJson => "BOAMP open data",
    }
}

/// A warning in French.
pub fn warning_text(warning: &NoticeWarning) -> String {
    match warning {
        NoticeWarning::InvalidSiret { field, value } => {
            let whose = if field == "buyer" { "de l'acheteur" } else { "d'un titulaire" };
            format!("SIRET {whose} « {value} » invalide (clé de contrôle fausse) : non repris")
        }
        NoticeWarning::InvalidCpv { element, value } => {
            format!("code CPV « {value} » invalide dans {element} : non repris")
        }
        NoticeWarning::NoCpv => "l'avis ne donne aucun code CPV".to_string(),
        NoticeWarning::UnknownNuts { code } => {
            format!("code NUTS « {code} » absent de la nomenclature NUTS 2021 : lieu non traduit en département")
        }
        NoticeWarning::NotInEuros { element, currency } => format!("montant en {currency} dans {element} : non repris"),
        NoticeWarning::Unreadable { element, value } => format!("valeur illisible dans {element} : « {value} »"),
    }
}

fn cpv_list(codes: &[Cpv]) -> String {
    let catalogue = CpvCatalogue::builtin();
    let items: Vec<String> = codes
        .iter()
        .map(|c| match catalogue.label(c) {
            Some(label) => format!("{c} ({label})"),
            None => c.to_string(),
        })
        .collect();
    or_none(&items.join(", "))
}

/// An amount before tax: `1 083 333 € HT`.
fn euros(value: f64) -> String {
    format!("{} HT", whole_eur(value))
}

/// `2021-08-09T16:00:00+02:00` → `09/08/2021 16:00 (+02:00)`; a date alone → `09/08/2021`.
pub fn iso_date_time(iso: &str) -> String {
    let (day, time) = iso.split_once('T').unwrap_or((iso, ""));
    let mut parts = day.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else { return iso.to_string() };
    let date = format!("{d}/{m}/{y}");
    if time.is_empty() {
        return date;
    }
    let clock: String = time.chars().take(5).collect();
    let zone = &time[time.len().min(8)..];
    if zone.is_empty() { format!("{date} {clock}") } else { format!("{date} {clock} ({zone})") }
}

fn or_none(text: &str) -> String {
    if text.is_empty() { "non précisé".to_string() } else { text.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_numbers_and_dates() {
        assert_eq!(euros(1_083_333.4), "1 083 333 € HT");
        assert_eq!(euros(950.0), "950 € HT");
        assert_eq!(iso_date_time("2023-10-17T14:00:00+02:00"), "17/10/2023 14:00 (+02:00)");
        assert_eq!(iso_date_time("2021-08-09T16:00:00"), "09/08/2021 16:00");
        assert_eq!(iso_date_time("2020-05-25"), "25/05/2020");
    }
}
