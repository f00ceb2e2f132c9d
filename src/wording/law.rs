//! The procedure advice in French, from the values of [`crate::law::ProcedureAdvice`].

use super::{date, eur};
use crate::law::{ProcedureAdvice, ProcedureBasis, Publicity};

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
