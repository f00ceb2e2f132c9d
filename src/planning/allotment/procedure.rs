//! The procedure of each lot: the whole contract's procedure (its value is that of all lots
//! together), except small lots of a formalised contract that may follow a MAPA (R2123-1 2°).

use serde::Serialize;

use crate::law::lots::small_lots;
use crate::law::{Procedure, advise_procedure};
use crate::planning::scope::Scope;

/// The procedure a lot may follow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LotProcedure {
    /// Stable code: `sans_publicite`, `mapa`, `mapa_services_sociaux`, `formalisee`,
    /// `mapa_petit_lot` (R2123-1 2°) or `indeterminee`.
    pub code: &'static str,
    /// French label.
    pub label: String,
    /// A few words for a table cell (« MAPA petit lot »).
    #[serde(skip)]
    pub short_name: &'static str,
    /// Articles relied on.
    pub articles: Vec<&'static str>,
    /// The reasoning, in French.
    pub explanation: String,
}

impl LotProcedure {
    /// The short name with the articles, for a table cell: « formalisée (R2124-1, R2131-16) ».
    pub fn short(&self) -> String {
        if self.articles.is_empty() {
            self.short_name.to_string()
        } else {
            format!("{} ({})", self.short_name, self.articles.join(", "))
        }
    }
}

/// The stable code and the short name of a procedure.
fn names(p: Option<Procedure>) -> (&'static str, &'static str) {
    match p {
        Some(Procedure::NoPublicity) => ("sans_publicite", "sans publicité"),
        Some(Procedure::Mapa) => ("mapa", "MAPA"),
        Some(Procedure::MapaSocialServices) => ("mapa_services_sociaux", "MAPA services sociaux"),
        Some(Procedure::Formalised) => ("formalisee", "formalisée"),
        None => ("indeterminee", "à déterminer"),
    }
}

/// The procedure of each lot, given the lots' values (in the same order).
pub(super) fn lot_procedures(scope: &Scope, values: &[f64]) -> Vec<LotProcedure> {
    let legal = &scope.legal;
    let total: f64 = values.iter().sum();
    let whole = advise_procedure(Some(total), legal.contract_type, legal.buyer_kind, legal.social_services, legal.date);
    let (code, short_name) = names(whole.procedure);
    let base = LotProcedure {
        code,
        short_name,
        label: whole.procedure.map_or("procédure indéterminée", Procedure::label).to_string(),
        articles: whole.articles.clone(),
        explanation: whole.explanation.clone(),
    };
    let mut out = vec![base.clone(); values.len()];
    if whole.procedure != Some(Procedure::Formalised) || values.len() < 2 {
        return out;
    }
    let small = small_lots(values, legal.contract_type, legal.buyer_kind, legal.date);
    for (lot, check) in out.iter_mut().zip(small) {
        if let Some(check) = check {
            *lot = LotProcedure {
                code: "mapa_petit_lot",
                label: "procédure adaptée pour un petit lot d'un marché formalisé".to_string(),
                short_name: "MAPA petit lot",
                articles: vec!["R2123-1 2°"],
                explanation: check.explanation,
            };
        }
    }
    out
}
