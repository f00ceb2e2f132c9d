//! Alerts and alert profiles in French, for the command line and, later, the e-mails.

use super::{date, eur, km, percent, whole_eur};
use crate::alerts::deadline_day;
use crate::alerts::{Alert, AlertProfile, AlertReason, AlertRelevance, ComputeOutcome, Frequency};
use crate::domain::Taxonomy;

/// The frequency in words.
pub fn frequency(f: Frequency) -> &'static str {
    match f {
        Frequency::Each => "à chaque avis",
        Frequency::Daily => "un récapitulatif par jour",
        Frequency::Weekly => "un récapitulatif par semaine",
        Frequency::Paused => "en pause (aucune alerte)",
    }
}

/// The French label of a sector key (the key itself when unknown).
pub fn sector(key: &str) -> String {
    Taxonomy::builtin().sector(key).map(|s| s.label.clone()).unwrap_or_else(|| key.to_string())
}

fn family(key: &str) -> String {
    Taxonomy::builtin().family(key).map(|f| f.label.clone()).unwrap_or_else(|| key.to_string())
}

/// One reason in words.
pub fn reason(r: &AlertReason) -> String {
    match r {
        AlertReason::Eligible { article } => format!("vous pouvez répondre à ce lot réservé ({article})"),
        AlertReason::Words { share } => format!("les mots du lot se retrouvent dans votre fiche ({})", percent(*share)),
        AlertReason::Cpv { theirs, ours } => format!("votre code CPV {theirs} est proche de celui du lot ({ours})"),
        AlertReason::Sector { sector: s } => format!("votre métier : {}", sector(s)),
        AlertReason::Family { family: f } => format!("un métier voisin du vôtre : {}", family(f)),
        AlertReason::Distance { km: d } => format!("à {} de chez vous", km(*d)),
        AlertReason::SameDepartment { department } => format!("dans votre département ({department})"),
        AlertReason::WorksThere => "dans votre zone d'intervention".to_string(),
        AlertReason::TypicalOfKind { kind, family: f } => {
            format!("les structures de type {kind} font souvent ce travail ({})", family(f))
        }
        AlertReason::ProvidesStaff { family: f } => {
            format!("vous mettez à disposition du personnel pour ce travail ({})", family(f))
        }
    }
}

/// The time limit in words: `16/04/2024`, or as published when its day cannot be read.
pub fn deadline(text: &str) -> String {
    deadline_day(text).map(date).unwrap_or_else(|| text.to_string())
}

/// One alert as a block of text.
pub fn alert_text(a: &Alert) -> String {
    let mut out = format!("• {} — {}\n", a.title, a.buyer);
    if let Some(notice) = &a.notice_title {
        out.push_str(&format!("  Marché : {notice} (lot {})\n", a.lot_id));
    }
    out.push_str(&format!("  Avis {} · procédure {}\n", a.notice_id, a.procedure_id));
    if !a.departments.is_empty() {
        out.push_str(&format!("  Lieu : département(s) {}\n", a.departments.join(", ")));
    }
    out.push_str(&format!(
        "  Montant estimé : {} · date limite : {}\n",
        a.value_eur.map(whole_eur).unwrap_or_else(|| "non publié".into()),
        a.deadline.as_deref().map(deadline).unwrap_or_else(|| "non publiée".into())
    ));
    if let Some(r) = a.reservation {
        let under = a.eligible_under.map(|u| u.article()).unwrap_or(r.article());
        out.push_str(&format!("  Lot réservé ({}) : vous pouvez y répondre au titre de {under}\n", r.article()));
    }
    let how = match a.relevance {
        AlertRelevance::Stated => "votre fiche dit que vous faites ce travail",
        AlertRelevance::Presumed => "les structures comme la vôtre font souvent ce travail",
    };
    out.push_str(&format!("  Pourquoi : {how} ; rang {} parmi les structures qui conviennent\n", a.rank));
    for r in &a.why {
        out.push_str(&format!("    - {}\n", reason(r)));
    }
    if let Some(gap) = &a.too_large_alone {
        out.push_str(&format!(
            "  Lot important pour vous seul : l'acheteur peut exiger jusqu'à {} de chiffre d'affaires ({}), le vôtre est de {}.\n",
            eur(gap.required_eur),
            gap.article,
            eur(gap.revenue_eur)
        ));
        if a.partners.is_empty() {
            out.push_str("  Aucun partenaire proche trouvé pour un groupement.\n");
        } else {
            out.push_str("  Partenaires proches pour un groupement :\n");
            for p in &a.partners {
                let turnover = p.turnover_eur.map(|t| format!(", CA {}", whole_eur(t))).unwrap_or_default();
                out.push_str(&format!("    - {} ({}, SIRET {}{turnover})\n", p.name, p.kinds, p.siret));
            }
        }
    }
    if let Some(link) = &a.link {
        out.push_str(&format!("  Avis : {link}\n"));
    }
    out
}

/// The alerts a supplier would receive, as text.
pub fn preview_text(profile: &AlertProfile, alerts: &[Alert]) -> String {
    let mut out = format!("Alertes pour {} (SIRET {})\n", profile.name, profile.siret);
    if !profile.email_on_record {
        out.push_str("Aucune adresse e-mail dans la fiche : aucune alerte ne peut être envoyée.\n");
    } else if profile.preferences.frequency == Frequency::Paused {
        out.push_str("Alertes en pause.\n");
    }
    match alerts.len() {
        0 => out.push_str("Aucun nouvel avis ne vous correspond pour l'instant.\n"),
        1 => out.push_str("1 nouvel avis vous correspond :\n\n"),
        n => out.push_str(&format!("{n} nouveaux avis vous correspondent :\n\n")),
    }
    for a in alerts {
        out.push_str(&alert_text(a));
        out.push('\n');
    }
    out
}

fn list_or(items: &[String], empty: &str) -> String {
    if items.is_empty() { empty.to_string() } else { items.join(", ") }
}

/// A supplier's alert profile, as text.
pub fn profile_text(p: &AlertProfile) -> String {
    let prefs = &p.preferences;
    let mut out = format!("Alertes de {} (SIRET {})\n", p.name, p.siret);
    out.push_str(if p.customised { "Profil modifié.\n" } else { "Profil par défaut, tiré de la fiche.\n" });
    if !p.email_on_record {
        out.push_str("Aucune adresse e-mail dans la fiche : aucune alerte ne peut être envoyée.\n");
    }
    out.push_str(&format!("  Fréquence (--frequency) : {} [{}]\n", frequency(prefs.frequency), prefs.frequency.code()));
    out.push_str(&format!(
        "  Départements (--departments) : {}\n",
        list_or(&prefs.departments, &format!("zone d'intervention de la fiche (siège en {})", p.record.department))
    ));
    out.push_str(&format!("  Mots-clés (--keywords) : {}\n", list_or(&prefs.keywords, "aucun")));
    let trades: Vec<String> = p.record.sectors.iter().map(|s| sector(s)).collect();
    out.push_str(&format!(
        "  Codes CPV (--cpv) : {}\n",
        list_or(&prefs.cpv_prefixes, &format!("métiers de la fiche ({})", list_or(&trades, "non précisés")))
    ));
    out.push_str(&format!(
        "  Montant minimum (--min-value) : {}\n",
        prefs.min_value_eur.map(whole_eur).unwrap_or_else(|| "aucun".into())
    ));
    out.push_str(&format!(
        "  Lots réservés seulement (--reserved-only) : {}\n",
        if prefs.reserved_only { "oui" } else { "non" }
    ));
    let articles: Vec<String> = p.record.eligible.iter().map(|r| r.article().to_string()).collect();
    out.push_str(&format!("  Marchés réservés accessibles : {}\n", list_or(&articles, "aucun")));
    out
}

/// What computing the alerts did, as text.
pub fn compute_text(o: &ComputeOutcome) -> String {
    format!(
        "{} alerte(s) nouvelle(s) enregistrée(s) pour {} fournisseur(s) ; {} procédure(s) ouverte(s), {} lot(s) ouvert(s), {} fournisseur(s) avec une adresse e-mail ; {} alerte(s) enregistrée(s) au total.\n",
        o.recorded, o.suppliers_alerted, o.procedures, o.open_lots, o.recipients, o.total_recorded
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alerts::{Partner, SizeGap};
    use crate::domain::need::Reservation;

    fn alert() -> Alert {
        Alert {
            siret: "99400000000004".into(),
            supplier_name: "Petit Ménage".into(),
            procedure_id: "p-1".into(),
            notice_id: "700101-2026".into(),
            lot_id: "LOT-0001".into(),
            title: "Nettoyage des écoles".into(),
            notice_title: Some("Nettoyage des bâtiments communaux".into()),
            buyer: "Commune de Massy".into(),
            departments: vec!["91".into()],
            value_eur: Some(3_000_000.0),
            deadline: Some("2099-06-30T12:00:00+01:00".into()),
            reservation: Some(Reservation::Inclusive),
            eligible_under: Some(Reservation::Insertion),
            relevance: AlertRelevance::Stated,
            rank: 4,
            why: vec![AlertReason::Distance { km: 2.6 }, AlertReason::SameDepartment { department: "91".into() }],
            link: Some("https://marches.example.fr/1".into()),
            too_large_alone: Some(SizeGap {
                revenue_eur: 150_000.0,
                required_eur: 4_500_000.0,
                article: "R2142-7".into(),
            }),
            partners: vec![Partner {
                siret: "99500000000001".into(),
                name: "Clair Net".into(),
                kinds: "EI".into(),
                turnover_eur: Some(3_200_000.0),
            }],
        }
    }

    #[test]
    fn an_alert_says_the_lot_the_article_the_reasons_and_the_partners() {
        let text = alert_text(&alert());
        for expected in [
            "• Nettoyage des écoles — Commune de Massy",
            "Montant estimé : 3 000 000 € · date limite : 30/06/2099",
            "Lot réservé (L2113-14) : vous pouvez y répondre au titre de L2113-13",
            "rang 4",
            "à 2,6 km de chez vous",
            "dans votre département (91)",
            "jusqu'à 4 500 000 € de chiffre d'affaires (R2142-7)",
            "Clair Net (EI, SIRET 99500000000001, CA 3 200 000 €)",
        ] {
            assert!(text.contains(expected), "{expected} not in {text}");
        }
        assert_eq!(deadline("bientôt"), "bientôt");
    }
}
