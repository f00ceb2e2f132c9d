//! Groupements d'opérateurs économiques (R2142-19 to R2142-27): the two forms and the rules a
//! network assembling a joint bid must know.

use serde::Serialize;

/// The form of a groupement (R2142-20).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupementForm {
    /// Each member commits to perform the services that may be assigned to it.
    Conjoint,
    /// Each member is financially committed for the whole contract.
    Solidaire,
}

impl GroupementForm {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            GroupementForm::Conjoint => "groupement conjoint",
            GroupementForm::Solidaire => "groupement solidaire",
        }
    }

    /// What the form means, with its article.
    pub fn meaning(self) -> &'static str {
        match self {
            GroupementForm::Conjoint => {
                "chaque membre s'engage à exécuter la part de prestations qui lui revient (R2142-20) ; si le marché le prévoit, le mandataire est solidaire de chacun des membres pour ses obligations contractuelles (R2142-24)"
            }
            GroupementForm::Solidaire => {
                "chaque membre est engagé financièrement pour la totalité du marché (R2142-20)"
            }
        }
    }
}

/// One rule of the groupements chapter, as the planner reminds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GroupementRule {
    /// The article.
    pub article: &'static str,
    /// What it says, in French.
    pub text: &'static str,
}

/// The rules reminded with every grouping proposal (R2142-19 to R2142-27; R2142-7 for the turnover).
pub const GROUPEMENT_RULES: [GroupementRule; 5] = [
    GroupementRule {
        article: "R2142-22",
        text: "l'acheteur ne peut pas imposer une forme de groupement pour la candidature ou l'offre ; il peut en exiger une après l'attribution si c'est nécessaire à la bonne exécution, en le justifiant dans les documents de la consultation",
    },
    GroupementRule {
        article: "R2142-23",
        text: "un même opérateur ne peut pas être mandataire de plus d'un groupement pour un même marché",
    },
    GroupementRule {
        article: "R2142-25",
        text: "les capacités sont appréciées globalement : chaque membre n'a pas à détenir toutes les capacités exigées",
    },
    GroupementRule {
        article: "R2142-26",
        text: "la composition du groupement ne peut pas changer entre la remise des candidatures et la signature du marché, sauf restructuration ou impossibilité d'un membre indépendante de sa volonté",
    },
    GroupementRule {
        article: "R2142-7",
        text: "le chiffre d'affaires minimal exigible (1,5 × la valeur du lot depuis le 1er janvier 2026) se compare à la somme des chiffres d'affaires des membres",
    },
];

/// Why a form fits a grouping (`wording::planning` says it in French).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FormReason {
    /// The mandataire alone covers every activity and part; the others carry the size.
    SizeOnly,
    /// Every member has a share nobody else covers (R2142-24 for a mandataire solidaire).
    Separable,
    /// The members' shares overlap.
    Overlapping,
}

/// The form that fits a grouping, with the reason.
///
/// - `size_only`: the mandataire alone covers every activity and part, and the others are there
///   only to carry the size: the buyer's risk is financial, so a groupement solidaire fits.
/// - `separable`: every member has a share nobody else in the grouping covers: the services can be
///   split among members, so a groupement conjoint fits (with a mandataire solidaire if the contract
///   provides it, R2142-24).
/// - otherwise (shares overlap): solidaire, since the members perform the same services together.
///
/// A suggestion to the members: the buyer cannot impose a form before award (R2142-22).
pub fn suggest_form(size_only: bool, separable: bool) -> (GroupementForm, FormReason) {
    if size_only {
        (GroupementForm::Solidaire, FormReason::SizeOnly)
    } else if separable {
        (GroupementForm::Conjoint, FormReason::Separable)
    } else {
        (GroupementForm::Solidaire, FormReason::Overlapping)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_follows_the_shape_of_the_grouping() {
        assert_eq!(suggest_form(true, true).0, GroupementForm::Solidaire);
        assert_eq!(suggest_form(false, true).0, GroupementForm::Conjoint);
        assert_eq!(suggest_form(false, false).0, GroupementForm::Solidaire);
        assert_eq!(suggest_form(false, true).1, FormReason::Separable);
    }

    #[test]
    fn the_rules_cite_their_articles() {
        let articles: Vec<&str> = GROUPEMENT_RULES.iter().map(|r| r.article).collect();
        assert_eq!(articles, ["R2142-22", "R2142-23", "R2142-25", "R2142-26", "R2142-7"]);
        assert!(GROUPEMENT_RULES[1].text.contains("mandataire"));
    }
}
