//! The law's values in French: the procedure advice ([`crate::law::ProcedureAdvice`]) and the
//! grounds of an eligibility ([`crate::law::Eligibility`]).

use super::{date, eur};
use crate::domain::kind::Kind;
use crate::domain::need::Reservation;
use crate::law::lots::SmallLotCheck;
use crate::law::{Eligibility, Ground, ProcedureAdvice, ProcedureBasis, Publicity};

/// The reasoning of a procedure advice in one paragraph: the purchase, the amounts compared, the
/// procedure and the publicity.
pub fn procedure_explanation(advice: &ProcedureAdvice) -> String {
    let p = &advice.purchase;
    let what = format!(
        "un marché de {} (acheteur : {}) lancé le {}",
        p.contract_type.label(),
        p.buyer_kind.label(),
        date(p.date)
    );
    let reason = match advice.basis {
        ProcedureBasis::NoThresholdKnown => {
            return format!("Aucun seuil connu pour {what} : la table des seuils ne couvre pas cette date.");
        }
        ProcedureBasis::ValueUnknown { no_publicity, upper, social_services } => {
            let route = if social_services {
                format!(
                    "au-delà, procédure adaptée pour services sociaux (R2123-1 3°) avec avis au JOUE à partir de {}",
                    eur(upper)
                )
            } else {
                format!("procédure adaptée en dessous de {}, procédure formalisée au-delà (R2124-1)", eur(upper))
            };
            return format!(
                "Montant estimé inconnu : impossible de choisir la procédure. Pour {what}, un marché de moins de {} peut être passé sans publicité ni mise en concurrence (R2122-8) ; {route}.",
                eur(no_publicity)
            );
        }
        ProcedureBasis::BelowNoPublicity { value, threshold } => {
            format!("{} est sous le seuil de {} (R2122-8)", eur(value), eur(threshold))
        }
        ProcedureBasis::SocialServices { value } => format!(
            "services sociaux et autres services spécifiques : procédure adaptée quel que soit le montant ({})",
            eur(value)
        ),
        ProcedureBasis::AtLeastEu { value, threshold, article } => {
            format!("{} atteint le seuil européen de {} ({article})", eur(value), eur(threshold))
        }
        ProcedureBasis::Between { value, no_publicity, upper } => format!(
            "{} est entre le seuil de dispense de {} et le seuil européen de {}",
            eur(value),
            eur(no_publicity),
            eur(upper)
        ),
    };
    let procedure = advice.procedure.map_or("procédure indéterminée", |p| p.label());
    let publicity =
        advice.publicity.map_or("publicité indéterminée (seuil de publicité inconnu à cette date)", Publicity::label);
    format!("Pour {what} : {reason}. Procédure : {procedure}. Publicité : {publicity}.")
}

/// A small-lot check in words: « R2123-1 2° : lot de 70 000 € sous le seuil de 80 000 € (services) ; petits
/// lots cumulés 150 000 € dans la limite de 20 % du total de 1 000 000 € (200 000 €) ».
pub fn small_lot_text(check: &SmallLotCheck) -> String {
    let (Some(t), Some(ceiling)) = (check.thresholds, check.ceiling_eur()) else {
        return "aucun seuil de petit lot (R2123-1 2°) connu à cette date".to_string();
    };
    format!(
        "R2123-1 2° : lot de {} {} {} ({}) ; petits lots cumulés {} {} {} du total de {} ({})",
        eur(check.lot_value_eur),
        if check.small_enough() { "sous le seuil de" } else { "au-dessus du seuil de" },
        eur(t.cap.value),
        check.contract_type.label(),
        eur(check.small_lots_total_eur),
        if check.share_ok() { "dans la limite de" } else { "au-delà de" },
        super::percent(t.share.value),
        eur(check.all_lots_total_eur),
        eur(ceiling),
    )
}

/// Why a supplier is or is not eligible to a regime, with the articles.
pub fn eligibility_text(eligibility: &Eligibility) -> String {
    let grounds: Vec<String> = eligibility.grounds.iter().map(ground_text).collect();
    let joined = grounds.join(" ; ");
    if eligibility.regime == Reservation::Inclusive && eligibility.eligible {
        format!("L2113-14 ouvre le lot aux bénéficiaires de L2113-12 et de L2113-13 : {joined}")
    } else {
        joined
    }
}

/// One ground of an eligibility.
pub fn ground_text(ground: &Ground) -> String {
    match ground {
        Ground::Status(kind) => match kind {
            Kind::Ea => "entreprise adaptée (C. trav. L5213-13), visée par L2113-12".to_string(),
            Kind::Esat => "ESAT (CASF L344-2), visé par L2113-12".to_string(),
            Kind::Aci | Kind::Ei | Kind::Ai | Kind::Etti => {
                format!("{} : SIAE conventionnée (C. trav. L5132-4), visée par L2113-13", kind.code())
            }
            Kind::Scic | Kind::Scop => {
                format!("{} : coopérative, entreprise de l'ESS par son statut (art. 1 II 1° loi 2014-856)", kind.code())
            }
            Kind::Esus => format!(
                "{} : agrément ESUS (C. trav. L3332-17-1), réservé aux entreprises de l'ESS (art. 1 loi 2014-856)",
                kind.code()
            ),
            Kind::Sep => "production en établissement pénitentiaire (L2113-13-1 ; code pénitentiaire L412-10 s.)".to_string(),
            other => format!("{} : entreprise de l'ESS au sens de l'art. 1 de la loi 2014-856", other.code()),
        },
        Ground::EattByConfig => "EATT, agréée comme entreprise adaptée (C. trav. L5213-13-3), retenue pour L2113-12 (mention expresse non vérifiée ⚠️)".to_string(),
        Ground::EitiByConfig => "EITI comptée comme SIAE par la configuration (eiti_counts_as_siae) ⚠️ statut expérimental".to_string(),
        Ground::EssLegalForm(form) => format!("{form} : entreprise de l'ESS par sa forme juridique (art. 1 II 1° loi 2014-856)"),
        Ground::EssConditions => "sous réserve des conditions de L2113-16 (mission de service public liée à la prestation, bénéfices réinvestis, gouvernance participative) et de n'avoir pas obtenu du même acheteur un marché L2113-15 pour les mêmes services depuis 3 ans".to_string(),
        Ground::EattExcludedByConfig => "EATT non retenue pour L2113-12 par la configuration (eatt_counts_for_handicap)".to_string(),
        Ground::GeiqNotHandicap => "un GEIQ n'est ni une entreprise adaptée ni un ESAT : pas éligible à L2113-12 (ses parcours comptent pour les clauses d'insertion)".to_string(),
        Ground::NotHandicap => "ni EA, ni EATT, ni ESAT : L2113-12 est réservé à ces structures et aux structures équivalentes justifiant d'au moins 50 % de travailleurs handicapés (R2113-7)".to_string(),
        Ground::EitiNotSiae => "une EITI n'est pas éligible à L2113-13 : statut expérimental (loi 2018-771 art. 83) hors de la liste de L5132-4, et elle n'emploie pas les travailleurs indépendants qu'elle accompagne, donc pas 50 % de salariés défavorisés (R2113-7) ⚠️".to_string(),
        Ground::GeiqNotSiae => "un GEIQ (C. trav. L1253-1) n'est pas une SIAE au sens de L5132-4 : pas éligible à L2113-13, mais ses parcours comptent pour les clauses d'insertion (L2112-2)".to_string(),
        Ground::NotSiae => "pas une SIAE (ACI, EI, AI, ETTI) : L2113-13 est réservé à ces structures et aux structures équivalentes justifiant d'au moins 50 % de travailleurs défavorisés (R2113-7)".to_string(),
        Ground::NotInclusive => "ni EA/ESAT ni SIAE : L2113-14 ouvre le lot aux seuls bénéficiaires de L2113-12 et de L2113-13".to_string(),
        Ground::EssFormUnknown => "forme juridique non renseignée : une SIAE, une EA ou un ESAT n'est éligible à L2113-15 que si elle est une entreprise de l'ESS (association, coopérative… ou mention « entreprise de l'ESS » au RCS, art. 1 loi 2014-856)".to_string(),
        Ground::NotEssForm(form) => format!("forme juridique « {form} » : ni association, ni coopérative, ni mutuelle, ni fondation, et aucun statut SCIC, SCOP, ESUS ou ESS ; L2113-15 est réservé aux entreprises de l'ESS (art. 1 loi 2014-856)"),
        Ground::NotEss => "aucun statut SCIC, SCOP, ESUS ou ESS ni forme juridique de l'ESS : L2113-15 est réservé aux entreprises de l'ESS (art. 1 loi 2014-856)".to_string(),
        Ground::NotPrison => "pas de production en établissement pénitentiaire : L2113-13-1 est réservé à ces opérateurs".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::domain::cpv::ContractType;
    use crate::domain::need::BuyerKind;
    use crate::law::lots::small_lot_check;

    #[test]
    fn a_small_lot_check_says_both_conditions_with_their_figures() {
        let day = date(2026, 3, 15);
        let ok = small_lot_check(70_000.0, 150_000.0, 1_000_000.0, ContractType::Services, BuyerKind::Local, day);
        let text = small_lot_text(&ok);
        assert!(text.starts_with("R2123-1 2° : lot de 70 000 € sous le seuil de"), "{text}");
        assert!(
            text.contains("petits lots cumulés 150 000 € dans la limite de 20 % du total de 1 000 000 € (200 000 €)")
        );
        let too_many = small_lot_check(70_000.0, 210_000.0, 1_000_000.0, ContractType::Services, BuyerKind::Local, day);
        assert!(small_lot_text(&too_many).contains("210 000 € au-delà de 20 %"), "{}", small_lot_text(&too_many));
        let old = small_lot_check(1.0, 1.0, 10.0, ContractType::Works, BuyerKind::Local, date(2018, 1, 1));
        assert_eq!(small_lot_text(&old), "aucun seuil de petit lot (R2123-1 2°) connu à cette date");
    }
}
