//! An insertion clause in French: its computation, the social condition, and the structures that can
//! take its hours (`essor clause`).

use serde::Serialize;

use super::{eur, percent};
use crate::law::InsertionClause;
use crate::law::clause::{CLAUSE_TAKERS, can_take_insertion_hours};
use crate::matching::clause::ClauseTaker;
use crate::usecase::ClauseAnswer;

/// The clause, one point per line.
pub fn describe(clause: &InsertionClause) -> String {
    let p = &clause.parameters;
    let takers: Vec<String> = CLAUSE_TAKERS.iter().map(|(k, how)| format!("  - {} : {how}", k.code())).collect();
    format!(
        "Clause d'insertion (L2112-2) : {} heures\n\
         Calcul : {} HT × {} de main-d'œuvre ({}) × {} d'insertion ÷ {} de l'heure chargée ≈ {} h\n\
         Méthode : pratique des facilitateurs de clauses sociales (Alliance Villes Emploi, 2016), non fixée par les textes\n\
         {}\n\
         Peuvent réaliser ces heures, comme sous-traitants ou co-traitants du titulaire :\n{}",
        clause.rounded_hours(),
        eur(clause.value_eur),
        percent(p.labour_share),
        p.labour_share_basis,
        percent(p.insertion_rate),
        eur(p.hourly_cost_eur),
        clause.rounded_hours(),
        super::obligation::obligation_text(&clause.social_condition),
        takers.join("\n"),
    )
}

/// A structure that can take the hours, as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TakerView {
    /// SIRET.
    pub siret: String,
    /// Name.
    pub name: String,
    /// Its statuses.
    pub kinds: Vec<&'static str>,
    /// Town.
    pub city: String,
    /// Département.
    pub department: String,
    /// Distance to the place in kilometres (one decimal), when known.
    pub distance_km: Option<f64>,
    /// How it can take the hours.
    pub how: String,
}

/// The answer of `essor clause --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClauseAnswerView {
    /// Insertion hours, rounded.
    pub hours: u64,
    /// Share of the value paying for labour.
    pub labour_share: f64,
    /// Share of those hours reserved for insertion.
    pub insertion_rate: f64,
    /// Loaded hourly cost in euros.
    pub hourly_cost_eur: f64,
    /// The clause, one point per line.
    pub explanation: String,
    /// The place, when one was given.
    pub place: Option<String>,
    /// The structures within reach that can take the hours, nearest first.
    pub takers: Vec<TakerView>,
}

/// The view of a clause and its takers.
pub fn answer_view(answer: &ClauseAnswer) -> ClauseAnswerView {
    let p = &answer.clause.parameters;
    ClauseAnswerView {
        hours: answer.clause.rounded_hours(),
        labour_share: p.labour_share,
        insertion_rate: p.insertion_rate,
        hourly_cost_eur: p.hourly_cost_eur,
        explanation: describe(&answer.clause),
        place: answer.place.as_ref().map(|p| p.label.clone()),
        takers: answer.takers.iter().map(taker_view).collect(),
    }
}

fn taker_view(t: &ClauseTaker) -> TakerView {
    let how: Vec<String> =
        t.kinds.iter().filter_map(|k| can_take_insertion_hours(*k).map(|h| format!("{} : {h}", k.code()))).collect();
    TakerView {
        siret: t.siret.clone(),
        name: t.name.clone(),
        kinds: t.kinds.iter().map(|k| k.code()).collect(),
        city: t.city.clone(),
        department: t.department.clone(),
        distance_km: t.distance_km.map(|d| (d * 10.0).round() / 10.0),
        how: how.join(" ; "),
    }
}

/// The answer as text: the clause, then the structures numbered.
pub fn answer_text(view: &ClauseAnswerView) -> String {
    let near = view.place.as_ref().map(|p| format!(" à portée de {p}")).unwrap_or_default();
    let mut out =
        format!("{}\n\nStructures{near} pouvant réaliser ces heures ({}) :\n", view.explanation, view.takers.len());
    for (i, t) in view.takers.iter().enumerate() {
        let d = t.distance_km.map(|d| format!(" — {}", super::km(d))).unwrap_or_default();
        out.push_str(&format!(
            "{:>3}. {} — {} — {} ({}){d} — SIRET {}\n",
            i + 1,
            t.name,
            t.kinds.join(", "),
            t.city,
            t.department,
            t.siret
        ));
    }
    out
}
