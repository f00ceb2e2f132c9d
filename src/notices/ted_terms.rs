//! TED XML terms read across a form: reservation elements, social clauses and criteria, awarded contracts.

use super::model::{Award, NoticeWarning, SocialTerms, Winner};
use super::ted::amount;
use super::tree::Node;
use super::values::{self, push_unique};

/// The reservation elements of the form, in document order.
pub fn reservation_codes(form: &Node) -> Vec<String> {
    let mut codes = Vec::new();
    form.visit(&mut |n| {
        if matches!(
            n.name.as_str(),
            "RESTRICTED_SHELTERED_WORKSHOP" | "RESTRICTED_SHELTERED_PROGRAM" | "RESERVED_ORGANISATIONS_SERVICE_MISSION"
        ) {
            push_unique(&mut codes, n.name.clone());
        }
        true
    });
    codes
}

/// Social terms stated in execution conditions and award or selection criteria under these nodes.
pub fn social_of(nodes: &[Option<&Node>]) -> SocialTerms {
    let mut social = SocialTerms::default();
    for node in nodes.iter().flatten() {
        node.visit(&mut |n| {
            let relevant =
                n.name == "PERFORMANCE_CONDITIONS" || n.name == "AC_CRITERION" || n.name.starts_with("CRITERIA");
            if relevant {
                if let Some(text) = n.deep_text().filter(|t| values::states_social_clause(t)) {
                    social.social_clause = true;
                    push_unique(&mut social.evidence, text);
                }
                return false;
            }
            true
        });
    }
    social
}

/// Adds the notice-level terms to a lot's.
pub fn merge_social(into: &mut SocialTerms, from: &SocialTerms) {
    into.social_clause |= from.social_clause;
    from.evidence.iter().for_each(|e| push_unique(&mut into.evidence, e.clone()));
    from.codes.iter().for_each(|c| push_unique(&mut into.codes, c.clone()));
}

/// The contracts of `AWARD_CONTRACT`: lot, contractors (name and SIRET), value and date of conclusion.
pub fn awards(form: &Node, warnings: &mut Vec<NoticeWarning>) -> Vec<Award> {
    let mut out = Vec::new();
    for award in form.children_named("AWARD_CONTRACT") {
        let Some(contract) = award.child("AWARDED_CONTRACT") else { continue };
        let winners = contract
            .find_all("CONTRACTOR")
            .into_iter()
            .filter_map(|c| {
                let address = c.child("ADDRESS_CONTRACTOR").unwrap_or(c);
                Some(Winner {
                    name: address.text_at(&["OFFICIALNAME"])?,
                    siret: address.text_at(&["NATIONALID"]).and_then(|v| values::siret(&v, "winner", warnings)),
                })
            })
            .collect();
        out.push(Award {
            lot_id: award.text_at(&["LOT_NO"]).or_else(|| award.attr("ITEM").map(str::to_string)),
            winners,
            value_eur: amount(contract.at(&["VALUES", "VAL_TOTAL"]), "AWARDED_CONTRACT/VALUES/VAL_TOTAL", warnings),
            date: contract.text_at(&["DATE_CONCLUSION_CONTRACT"]).and_then(|d| values::date(&d)),
        });
    }
    out
}
