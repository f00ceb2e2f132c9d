//! The mandatory clauses and criteria (L2112-2, L2152-7, L2112-2-1) and the value a lot is judged on
//! (R2121-1, R2121-5, R2121-6), in French.

use serde::Serialize;

use super::{date, eur};
use crate::law::obligations::{Obligation, ObligationBasis, ObligationCheck};
use crate::law::value::{DecidingValue, ValueBasis};

/// One obligation, as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObligationView {
    /// `condition_sociale`, `condition_environnementale` or `critere_environnemental`.
    pub code: &'static str,
    /// The article that makes it mandatory.
    pub article: &'static str,
    /// `true` mandatory, `false` optional, `null` undetermined.
    pub mandatory: Option<bool>,
    /// Why, in French.
    pub explanation: String,
}

/// The view of one obligation.
pub fn obligation_view(check: &ObligationCheck) -> ObligationView {
    ObligationView {
        code: check.obligation.code(),
        article: check.obligation.article(),
        mandatory: check.mandatory,
        explanation: obligation_text(check),
    }
}

/// What the obligation is, with its article: « Condition d'exécution sociale (L2112-2-1) ».
fn name(obligation: Obligation) -> &'static str {
    match obligation {
        Obligation::SocialCondition => "Condition d'exécution sociale ou relative à l'emploi",
        Obligation::EnvironmentalCondition => "Condition d'exécution environnementale",
        Obligation::EnvironmentalCriterion => {
            "Critère d'attribution sur les caractéristiques environnementales de l'offre"
        }
    }
}

/// The lots that make the contract's value: « tous lots confondus (R2121-1) ».
pub fn basis_text(basis: ValueBasis) -> &'static str {
    match basis {
        ValueBasis::WholeNeed => "tous lots confondus (R2121-1)",
        ValueBasis::WorksLots => "total des lots de travaux de l'opération (R2121-5)",
        ValueBasis::SuppliesServicesLots => "total des lots de fournitures et de services (R2121-6)",
    }
}

/// One obligation in a sentence.
pub fn obligation_text(check: &ObligationCheck) -> String {
    let o = check.obligation;
    let what = name(o);
    let article = o.article();
    let optional = if o == Obligation::EnvironmentalCriterion { "facultatif" } else { "facultative" };
    let undetermined = |why: &str| format!("{what} ({article}) : obligation non déterminée, {why}");
    match &check.basis {
        ObligationBasis::NotYet { from } => {
            format!("{what} {optional} : {article} l'impose pour les consultations lancées à partir du {}", date(*from))
        }
        ObligationBasis::EveryContract { from } => format!(
            "{what} obligatoire ({article}, loi Climat et Résilience art. 35) : pour toute consultation lancée depuis le {}, quel que soit le montant",
            date(*from)
        ),
        ObligationBasis::EuThreshold { contract_value_eur, value_basis, threshold_eur } => {
            let value = format!("le marché vaut {}, {}", eur(*contract_value_eur), basis_text(*value_basis));
            if check.mandatory == Some(true) {
                format!(
                    "{what} obligatoire ({article}) : {value}, au moins le seuil européen de {}, sauf exceptions prévues par la loi",
                    eur(*threshold_eur)
                )
            } else {
                format!(
                    "{what} {optional} (L2112-2) : {value}, sous le seuil européen de {} à partir duquel {article} l'impose",
                    eur(*threshold_eur)
                )
            }
        }
        ObligationBasis::ValueUnknown => undetermined("montant estimé du marché inconnu"),
        ObligationBasis::TypeUnknown => undetermined("type de marché inconnu (pas de code CPV)"),
        ObligationBasis::ThresholdUnknown => undetermined("seuil européen inconnu à cette date"),
    }
}

/// The value a lot's procedure is decided on: « montant retenu : 130 000 €, total des lots de travaux
/// de l'opération (R2121-5), 2 lots sur 4 ».
pub fn deciding_value_text(v: &DecidingValue) -> String {
    let Some(value) = v.value_eur else {
        return format!("montant retenu inconnu : il faut la valeur de chaque lot ({})", basis_text(v.basis));
    };
    let lots = if v.basis == ValueBasis::WholeNeed || v.lots_total == 0 {
        String::new()
    } else {
        format!(", {} lot(s) sur {}", v.lots_counted, v.lots_total)
    };
    format!("montant retenu : {}, {}{lots}", eur(value), basis_text(v.basis))
}

#[cfg(test)]
mod tests {
    use jiff::civil::date as day;

    use super::*;

    #[test]
    fn obligations_read_in_french_with_their_article() {
        let social = ObligationCheck {
            obligation: Obligation::SocialCondition,
            mandatory: Some(true),
            basis: ObligationBasis::EuThreshold {
                contract_value_eur: 300_000.0,
                value_basis: ValueBasis::WholeNeed,
                threshold_eur: 216_000.0,
            },
        };
        let text = obligation_text(&social);
        assert!(text.contains("obligatoire (L2112-2-1)") && text.contains("300 000 €"), "{text}");
        assert!(text.contains("tous lots confondus"), "{text}");
        let env = ObligationCheck {
            obligation: Obligation::EnvironmentalCriterion,
            mandatory: Some(false),
            basis: ObligationBasis::NotYet { from: day(2026, 8, 21) },
        };
        let view = obligation_view(&env);
        assert_eq!((view.code, view.article, view.mandatory), ("critere_environnemental", "L2152-7", Some(false)));
        assert!(view.explanation.contains("21/08/2026"), "{}", view.explanation);
    }

    #[test]
    fn the_deciding_value_says_which_lots_add_up() {
        let works = DecidingValue {
            value_eur: Some(130_000.0),
            basis: ValueBasis::WorksLots,
            lots_counted: 2,
            lots: vec![0, 1],
            lots_total: 4,
        };
        let text = deciding_value_text(&works);
        assert!(text.contains("130 000 €") && text.contains("R2121-5") && text.contains("2 lot(s) sur 4"), "{text}");
    }
}
