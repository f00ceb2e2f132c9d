//! Which reserved-market regimes a supplier may bid under, from its statuses and legal form, with the
//! reason in French.

use super::LawConfig;
use super::reservation::Regime;
use crate::domain::kind::Kind;
use crate::domain::need::{ALL_RESERVATIONS, Reservation};
use crate::domain::text::words;

/// Whether a supplier may bid under one regime, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Eligibility {
    /// The regime.
    pub regime: Regime,
    /// True when the supplier's statuses qualify it.
    pub eligible: bool,
    /// Why, in French, with the articles.
    pub reason: String,
}

/// The conditions of L2113-16 that no status proves, reminded with every L2113-15 eligibility.
const ESS_CONDITIONS: &str = "sous réserve des conditions de L2113-16 (mission de service public liée à la prestation, bénéfices réinvestis, gouvernance participative) et de n'avoir pas obtenu du même acheteur un marché L2113-15 pour les mêmes services depuis 3 ans";

/// The eligibility of a supplier to each regime, in the order of [`ALL_RESERVATIONS`].
///
/// - L2113-12: EA, ESAT, and EATT unless [`LawConfig::eatt_counts_for_handicap`] is off ⚠️.
/// - L2113-13: ACI, EI, AI, ETTI (SIAE of C. trav. L5132-4); EITI only if
///   [`LawConfig::eiti_counts_as_siae`] ⚠️; GEIQ never (not an SIAE, but counts for insertion clauses).
/// - L2113-14: eligible to either of the above.
/// - L2113-15: enterprises of the ESS under art. 1 of loi 2014-856: SCIC, SCOP, ESUS, ESS, and any
///   association, coopérative, mutuelle or fondation by its legal form (so SIAE and EA that are
///   associations qualify).
/// - L2113-13-1: SEP.
pub fn eligible_regimes(kinds: &[Kind], legal_form: Option<&str>, config: &LawConfig) -> Vec<Eligibility> {
    ALL_RESERVATIONS
        .into_iter()
        .map(|regime| {
            let (eligible, reason) = match regime {
                Reservation::Handicap => handicap(kinds, config),
                Reservation::Insertion => insertion(kinds, config),
                Reservation::Inclusive => inclusive(kinds, config),
                Reservation::Ess => ess(kinds, legal_form),
                Reservation::Prison => prison(kinds),
            };
            Eligibility { regime, eligible, reason }
        })
        .collect()
}

/// True when a supplier with these eligibilities may answer a lot with this reservation (always, when
/// the lot is not reserved).
pub fn supplier_allowed(reservation: Option<Reservation>, eligibilities: &[Eligibility]) -> bool {
    match reservation {
        None => true,
        Some(r) => eligibilities.iter().any(|e| e.regime == r && e.eligible),
    }
}

/// The articles of the regimes the supplier is eligible to (`["L2113-13", "L2113-14"]`).
pub fn eligible_articles(eligibilities: &[Eligibility]) -> Vec<&'static str> {
    eligibilities.iter().filter(|e| e.eligible).map(|e| e.regime.article()).collect()
}

fn handicap(kinds: &[Kind], config: &LawConfig) -> (bool, String) {
    let mut reasons = Vec::new();
    for kind in kinds {
        match kind {
            Kind::Ea => reasons.push("entreprise adaptée (C. trav. L5213-13), visée par L2113-12"),
            Kind::Esat => reasons.push("ESAT (CASF L344-2), visé par L2113-12"),
            Kind::Eatt if config.eatt_counts_for_handicap => reasons.push(
                "EATT, agréée comme entreprise adaptée (C. trav. L5213-13-3), retenue pour L2113-12 (mention expresse non vérifiée ⚠️)",
            ),
            _ => {}
        }
    }
    if !reasons.is_empty() {
        return (true, reasons.join(" ; "));
    }
    let reason = if kinds.contains(&Kind::Eatt) {
        "EATT non retenue pour L2113-12 par la configuration (eatt_counts_for_handicap)"
    } else if kinds.contains(&Kind::Geiq) {
        "un GEIQ n'est ni une entreprise adaptée ni un ESAT : pas éligible à L2113-12 (ses parcours comptent pour les clauses d'insertion)"
    } else {
        "ni EA, ni EATT, ni ESAT : L2113-12 est réservé à ces structures et aux structures équivalentes justifiant d'au moins 50 % de travailleurs handicapés (R2113-7)"
    };
    (false, reason.to_string())
}

fn insertion(kinds: &[Kind], config: &LawConfig) -> (bool, String) {
    let mut reasons = Vec::new();
    for kind in kinds {
        match kind {
            Kind::Aci | Kind::Ei | Kind::Ai | Kind::Etti => {
                reasons.push(format!("{} : SIAE conventionnée (C. trav. L5132-4), visée par L2113-13", kind.code()));
            }
            Kind::Eiti if config.eiti_counts_as_siae => reasons.push(
                "EITI comptée comme SIAE par la configuration (eiti_counts_as_siae) ⚠️ statut expérimental".to_string(),
            ),
            _ => {}
        }
    }
    if !reasons.is_empty() {
        return (true, reasons.join(" ; "));
    }
    let reason = if kinds.contains(&Kind::Eiti) {
        "une EITI n'est pas éligible à L2113-13 : statut expérimental (loi 2018-771 art. 83) hors de la liste de L5132-4, et elle n'emploie pas les travailleurs indépendants qu'elle accompagne, donc pas 50 % de salariés défavorisés (R2113-7) ⚠️"
    } else if kinds.contains(&Kind::Geiq) {
        "un GEIQ (C. trav. L1253-1) n'est pas une SIAE au sens de L5132-4 : pas éligible à L2113-13, mais ses parcours comptent pour les clauses d'insertion (L2112-2)"
    } else {
        "pas une SIAE (ACI, EI, AI, ETTI) : L2113-13 est réservé à ces structures et aux structures équivalentes justifiant d'au moins 50 % de travailleurs défavorisés (R2113-7)"
    };
    (false, reason.to_string())
}

fn inclusive(kinds: &[Kind], config: &LawConfig) -> (bool, String) {
    let parts: Vec<String> =
        [handicap(kinds, config), insertion(kinds, config)].into_iter().filter(|(ok, _)| *ok).map(|(_, r)| r).collect();
    if parts.is_empty() {
        (
            false,
            "ni EA/ESAT ni SIAE : L2113-14 ouvre le lot aux seuls bénéficiaires de L2113-12 et de L2113-13".to_string(),
        )
    } else {
        (true, format!("L2113-14 ouvre le lot aux bénéficiaires de L2113-12 et de L2113-13 : {}", parts.join(" ; ")))
    }
}

fn ess(kinds: &[Kind], legal_form: Option<&str>) -> (bool, String) {
    let mut reasons: Vec<String> = Vec::new();
    for kind in kinds {
        let why = match kind {
            Kind::Scic | Kind::Scop => "coopérative, entreprise de l'ESS par son statut (art. 1 II 1° loi 2014-856)",
            Kind::Esus => "agrément ESUS (C. trav. L3332-17-1), réservé aux entreprises de l'ESS (art. 1 loi 2014-856)",
            Kind::Ess => "entreprise de l'ESS au sens de l'art. 1 de la loi 2014-856",
            _ => continue,
        };
        reasons.push(format!("{} : {why}", kind.code()));
    }
    if let Some(form) = legal_form.and_then(ess_legal_form) {
        reasons.push(format!("{form} : entreprise de l'ESS par sa forme juridique (art. 1 II 1° loi 2014-856)"));
    }
    if !reasons.is_empty() {
        return (true, format!("{} ; {ESS_CONDITIONS}", reasons.join(" ; ")));
    }
    let inclusive_kind = kinds.iter().any(|k| matches!(k.family(), "siae" | "handicap"));
    let reason = match (inclusive_kind, legal_form) {
        (true, None) => "forme juridique non renseignée : une SIAE, une EA ou un ESAT n'est éligible à L2113-15 que si elle est une entreprise de l'ESS (association, coopérative… ou mention « entreprise de l'ESS » au RCS, art. 1 loi 2014-856)".to_string(),
        (_, Some(form)) => format!("forme juridique « {form} » : ni association, ni coopérative, ni mutuelle, ni fondation, et aucun statut SCIC, SCOP, ESUS ou ESS ; L2113-15 est réservé aux entreprises de l'ESS (art. 1 loi 2014-856)"),
        (false, None) => "aucun statut SCIC, SCOP, ESUS ou ESS ni forme juridique de l'ESS : L2113-15 est réservé aux entreprises de l'ESS (art. 1 loi 2014-856)".to_string(),
    };
    (false, reason)
}

/// The ESS family of a legal form written in free text ("Association loi 1901", "SA coopérative"…).
fn ess_legal_form(legal_form: &str) -> Option<&'static str> {
    let words = words(legal_form);
    let has = |prefixes: &[&str]| words.iter().any(|w| prefixes.iter().any(|p| w.starts_with(p)));
    if has(&["associat"]) || legal_form.contains("1901") {
        Some("association")
    } else if has(&["cooperat", "scop", "scic"]) || words.iter().any(|w| w == "coop") {
        Some("coopérative")
    } else if has(&["mutuel", "mutualis"]) {
        Some("mutuelle")
    } else if has(&["fondation"]) {
        Some("fondation")
    } else {
        None
    }
}

fn prison(kinds: &[Kind]) -> (bool, String) {
    if kinds.contains(&Kind::Sep) {
        (true, "production en établissement pénitentiaire (L2113-13-1 ; code pénitentiaire L412-10 s.)".to_string())
    } else {
        (
            false,
            "pas de production en établissement pénitentiaire : L2113-13-1 est réservé à ces opérateurs".to_string(),
        )
    }
}

#[cfg(test)]
#[path = "eligibility_tests.rs"]
mod tests;
