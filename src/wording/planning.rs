//! The planner's proposals in French: the reasons of an allotment, why each lot is reserved or
//! open, the procedure of each lot, the findings of a consortium plan and the form of a grouping.
//! The views are what `essor plan lots|consortium --format json` and `POST /api/plan/…` print; the
//! terminal tables ([`super::planning_text`]) are written from them.

use serde::Serialize;

use super::law::{procedure_explanation, small_lot_text};
use super::obligation::{ObligationView, deciding_value_text, obligation_view};
use super::{eur, whole_eur};
use crate::law::value::ValueBasis;
use crate::law::{FormReason, Procedure};
use crate::planning::allotment::{Allotment, LayoutFact, Objective, Proposal, Reason, ReservationNote};
use crate::planning::consortium::ConsortiumNote;
use crate::planning::{ConsortiumPlan, Grouping, LotProcedure, PlannedLot, Strategy, Uncovered};

/// The allotment proposals, best first, as printed.
#[derive(Debug, Serialize)]
pub struct AllotmentView<'a> {
    /// The proposals, best first.
    pub proposals: Vec<ProposalView<'a>>,
}

/// One proposal, as printed.
#[derive(Debug, Serialize)]
pub struct ProposalView<'a> {
    /// The move.
    pub strategy: Strategy,
    /// Its name.
    pub label: &'static str,
    /// The lots.
    pub lots: Vec<LotView<'a>>,
    /// The objective and its figures.
    pub objective: ObjectiveView<'a>,
    /// The reasons, citing their articles.
    pub reasons: Vec<String>,
}

/// The objective stated, with its figures.
#[derive(Debug, Serialize)]
pub struct ObjectiveView<'a> {
    /// The objective in one sentence.
    pub statement: String,
    /// Its figures.
    #[serde(flatten)]
    pub figures: &'a Objective,
}

/// One lot of a proposal, as printed.
#[derive(Debug, Serialize)]
pub struct LotView<'a> {
    /// The lot's values.
    #[serde(flatten)]
    pub lot: &'a PlannedLot,
    /// Why it is reserved, or open.
    pub reservation_note: String,
    /// The procedure it may follow.
    pub procedure: LotProcedureView,
    /// The clauses and criteria the law makes mandatory or leaves optional.
    pub obligations: Vec<ObligationView>,
}

/// The procedure of a lot, as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LotProcedureView {
    /// Stable code (see [`LotProcedure::code`]).
    pub code: &'static str,
    /// Its name.
    pub label: &'static str,
    /// A few words for a table cell, with the articles: « formalisée (R2124-1, R2131-16) ».
    #[serde(skip)]
    pub short: String,
    /// The articles relied on.
    pub articles: Vec<&'static str>,
    /// The reasoning.
    pub explanation: String,
}

/// The view of an allotment.
pub fn allotment_view(allotment: &Allotment) -> AllotmentView<'_> {
    AllotmentView { proposals: allotment.proposals.iter().map(proposal_view).collect() }
}

fn proposal_view(p: &Proposal) -> ProposalView<'_> {
    ProposalView {
        strategy: p.strategy,
        label: p.strategy.label(),
        lots: p.lots.iter().map(lot_view).collect(),
        objective: ObjectiveView { statement: objective_text(&p.objective), figures: &p.objective },
        reasons: p.reasons.iter().map(reason_text).collect(),
    }
}

fn lot_view(lot: &PlannedLot) -> LotView<'_> {
    LotView {
        lot,
        reservation_note: reservation_note_text(&lot.reservation_note),
        procedure: lot_procedure_view(&lot.procedure),
        obligations: lot.obligations.iter().map(obligation_view).collect(),
    }
}

/// The objective every proposal is judged by.
pub fn objective_text(o: &Objective) -> String {
    format!(
        "Maximiser le nombre de structures de l'ESS pouvant répondre seules à au moins un lot, en gardant au moins {} structures éligibles par lot réservé, avec le moins de lots possible",
        o.min_competitors
    )
}

/// The procedure of a lot: its name, a short name for a table, its articles and its reasoning.
pub fn lot_procedure_view(p: &LotProcedure) -> LotProcedureView {
    let articles = p.articles();
    let (label, short_name, explanation) = match &p.small_lot {
        Some(check) => {
            ("procédure adaptée pour un petit lot d'un marché formalisé", "MAPA petit lot", small_lot_text(check))
        }
        None => {
            let whole = procedure_explanation(&p.advice);
            let explanation = if p.value.basis == ValueBasis::WholeNeed {
                whole
            } else {
                format!("{} ({}).", whole.trim_end_matches('.'), deciding_value_text(&p.value))
            };
            (
                p.advice.procedure.map_or("procédure indéterminée", Procedure::label),
                short_name(p.advice.procedure),
                explanation,
            )
        }
    };
    let short =
        if articles.is_empty() { short_name.to_string() } else { format!("{short_name} ({})", articles.join(", ")) };
    LotProcedureView { code: p.code(), label, short, articles, explanation }
}

fn short_name(p: Option<Procedure>) -> &'static str {
    match p {
        Some(Procedure::NoPublicity) => "sans publicité",
        Some(Procedure::Mapa) => "MAPA",
        Some(Procedure::MapaSocialServices) => "MAPA services sociaux",
        Some(Procedure::Formalised) => "formalisée",
        None => "à déterminer",
    }
}

/// One reason of a proposal, citing its article.
pub fn reason_text(reason: &Reason) -> String {
    match reason {
        Reason::SingleLotIndivisible { able } => format!(
            "Lot unique : une seule activité sur un seul secteur, l'objet du besoin ne permet pas d'identifier des prestations distinctes (L2113-10) ; aucune motivation de non-allotissement n'est requise. Sur ce lot unique, {able} structure(s) de l'ESS peuvent répondre seules."
        ),
        Reason::SingleLotToJustify { able } => format!(
            "Lot unique : ne pas allotir doit être motivé (L2113-11) — l'acheteur ne pourrait pas assurer lui-même l'organisation, le pilotage et la coordination, ou des lots séparés restreindraient la concurrence ou rendraient l'exécution techniquement difficile ou financièrement plus coûteuse. Sur ce lot unique, {able} structure(s) de l'ESS peuvent répondre seules."
        ),
        Reason::DistinctActivities { activities } => format!(
            "L2113-10 : le besoin réunit {} activités distinctes ({}) ; des lots séparés permettent à des structures spécialisées de répondre chacune pour l'activité qu'elle exerce.",
            activities.len(),
            activities.join(", ")
        ),
        Reason::Geography { perimeter, facts, single_able, single_too_small, able, lots } => {
            let reach = if *single_able == 0 {
                "à aucune structure".to_string()
            } else {
                format!("qu'à {single_able} structure(s)")
            };
            let too_small = if *single_too_small == 0 {
                String::new()
            } else {
                format!(
                    " ({single_too_small} autre(s) couvrent tout le périmètre mais n'ont pas le chiffre d'affaires que la valeur d'un lot unique permet d'exiger, R2142-7)"
                )
            };
            format!(
                "L2113-10 : sur le périmètre ({perimeter}), {}. Un lot unique ne serait accessible {reach}{too_small} et laisserait à l'écart {} des {able} structures qui peuvent répondre à l'un des {lots} lots géographiques proposés, chacune sur le secteur où elle intervient.",
                facts_text(facts),
                able.saturating_sub(*single_able)
            )
        }
        Reason::ReservedCarveOut { facts, reservation } => format!(
            "L2113-10 : {} ; un lot réservé ({}) est détaché pour ces activités, le reste du marché demeure ouvert à toutes les entreprises.",
            facts_text(facts),
            reservation.map_or("aucun régime", |r| r.article())
        ),
        Reason::SizedToCapacity { facts } => format!(
            "Le chiffre d'affaires minimal qu'un acheteur peut exiger est plafonné à 1,5 fois la valeur du lot (R2142-7) ; {}. Des lots plus petits ouvrent le marché à des structures locales qui ne pourraient pas porter un lot unique.",
            facts_text(facts)
        ),
        Reason::Competition { min, below } if below.is_empty() => format!(
            "Concurrence : chaque lot réservé compte au moins {min} structures éligibles en mesure de répondre seules."
        ),
        Reason::Competition { min, below } => {
            let lots: Vec<String> = below.iter().map(|(id, n)| format!("lot {id} ({n} structure(s))")).collect();
            format!(
                "Concurrence : le minimum de {min} structures éligibles n'est pas atteint pour {} ; la concurrence ne peut pas y être garantie — élargir le périmètre du lot, accepter les groupements ou ne pas le réserver.",
                lots.join(", ")
            )
        }
        Reason::LotsPerOperator { leader } => {
            let base = "R2113-1 : le règlement de la consultation indique si l'on peut soumissionner à un, plusieurs ou tous les lots, et peut limiter le nombre de lots attribués à un même opérateur";
            match leader {
                Some((name, n)) => format!("{base} ; utile ici : {name} arrive en tête sur {n} lots."),
                None => format!("{base}."),
            }
        }
        Reason::SmallLots { lots } => format!(
            "R2123-1 2° : le(s) lot(s) {} restent sous le seuil des petits lots et ensemble dans la limite de 20 % de la valeur totale : ils peuvent suivre une procédure adaptée au sein du marché formalisé.",
            lots.join(", ")
        ),
        Reason::EstimatedValues { by_activity, by_place } => {
            let how = match (by_activity, by_place) {
                (true, false) => "parts égales entre activités, faute de ventilation de la valeur par activité",
                (false, _) => "valeur de chaque activité répartie entre ses secteurs au nombre de communes",
                (true, true) => {
                    "parts égales entre activités, faute de ventilation de la valeur par activité, puis au nombre de communes de chaque secteur"
                }
            };
            format!("Valeurs des lots estimées au prorata ({how}) : à ajuster selon les volumes réels.")
        }
    }
}

fn facts_text(facts: &[LayoutFact]) -> String {
    facts.iter().map(fact_text).collect::<Vec<_>>().join(" ; ")
}

/// A fact a move found.
pub fn fact_text(fact: &LayoutFact) -> String {
    match fact {
        LayoutFact::Coverage { activity, whole, partial } => {
            let about = activity.as_ref().map_or(String::new(), |label| format!("pour {label}, "));
            format!(
                "{about}{whole} structure(s) éligible(s) interviennent sur tout le périmètre, {partial} sur une partie seulement"
            )
        }
        LayoutFact::Servable { servable, rest, min } => format!(
            "activités que des structures éligibles peuvent assurer en nombre suffisant : {} ; les autres ({}) n'en réunissent pas {min}",
            servable.join(", "),
            rest.join(", ")
        ),
        LayoutFact::SplitToCapacity { value_eur, able, covering, lots } => format!(
            "à {}, seules {able} structure(s) sur {covering} atteignent le chiffre d'affaires exigible ; découpé en {lots} lots",
            whole_eur(*value_eur)
        ),
    }
}

/// Why a lot is reserved, or open.
pub fn reservation_note_text(note: &ReservationNote) -> String {
    match note {
        ReservationNote::Buyer { reservation, able, min } if able >= min => format!(
            "réservation {} choisie par l'acheteur : {able} structures éligibles peuvent y répondre",
            reservation.article()
        ),
        ReservationNote::Buyer { reservation, able, min } => format!(
            "réservation {} choisie par l'acheteur : seulement {able} structure(s) éligible(s) en mesure de répondre, sous le minimum de {min} ; la concurrence n'est pas garantie",
            reservation.article()
        ),
        ReservationNote::Suggested { reservation, able, min } => format!(
            "réservation {} possible : {able} structures éligibles peuvent répondre seules (minimum {min})",
            reservation.article()
        ),
        ReservationNote::NoneAdvised { min } => format!(
            "pas de réservation conseillée : aucun régime (L2113-12, L2113-13, L2113-14, L2113-15) ne réunit {min} structures éligibles en mesure de répondre"
        ),
        ReservationNote::NoEligibleInZone { place } => {
            format!("aucune structure éligible n'intervient sur {place} : lot laissé ouvert à toutes les entreprises")
        }
        ReservationNote::TooFewEligible { min } => {
            format!("moins de {min} structures éligibles pour ces activités : lot ouvert à toutes les entreprises")
        }
    }
}

/// A consortium plan, as printed.
#[derive(Debug, Serialize)]
pub struct ConsortiumView<'a> {
    /// The plan's values.
    #[serde(flatten)]
    pub plan: &'a ConsortiumPlan,
    /// The groupings, best first.
    pub groupings: Vec<GroupingView<'a>>,
    /// The findings.
    pub notes: Vec<String>,
}

/// One grouping, as printed.
#[derive(Debug, Serialize)]
pub struct GroupingView<'a> {
    /// The grouping's values.
    #[serde(flatten)]
    pub grouping: &'a Grouping,
    /// Why its form fits.
    pub form_reason: &'static str,
    /// What it leaves uncovered.
    pub uncovered: Vec<UncoveredView>,
}

/// Something a grouping leaves uncovered, as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UncoveredView {
    /// The activity's key, for a coverage gap.
    pub activity: Option<String>,
    /// The part's identifier, for a coverage gap.
    pub part: Option<String>,
    /// What is missing.
    pub what: String,
}

/// The view of a consortium plan.
pub fn consortium_view(plan: &ConsortiumPlan) -> ConsortiumView<'_> {
    let names: Vec<&str> = plan.required.iter().map(|r| r.name.as_str()).collect();
    ConsortiumView {
        plan,
        groupings: plan.groupings.iter().map(grouping_view).collect(),
        notes: plan.notes.iter().map(|n| consortium_note_text(n, &names)).collect(),
    }
}

fn grouping_view(grouping: &Grouping) -> GroupingView<'_> {
    GroupingView {
        grouping,
        form_reason: form_reason_text(grouping.form_reason),
        uncovered: grouping.uncovered.iter().map(uncovered_view).collect(),
    }
}

fn uncovered_view(u: &Uncovered) -> UncoveredView {
    match u {
        Uncovered::Cell { activity, activity_label, part, part_label } => UncoveredView {
            activity: Some(activity.clone()),
            part: Some(part.clone()),
            what: format!("{activity_label} : {part_label}"),
        },
        Uncovered::Turnover { total_eur, required_eur } => UncoveredView {
            activity: None,
            part: None,
            what: format!(
                "chiffre d'affaires cumulé de {} pour {} exigibles (1,5 × la valeur du lot, R2142-7)",
                eur(total_eur.round()),
                eur(required_eur.round())
            ),
        },
    }
}

/// Why a form fits a grouping.
pub fn form_reason_text(reason: FormReason) -> &'static str {
    match reason {
        FormReason::SizeOnly => {
            "le mandataire couvre seul toutes les activités et tout le périmètre ; les autres membres apportent la capacité financière : un groupement solidaire rassure l'acheteur sur la totalité du marché"
        }
        FormReason::Separable => {
            "chaque membre apporte une part que les autres ne couvrent pas (activité ou secteur géographique) : les prestations se répartissent, un groupement conjoint convient, avec un mandataire solidaire si le marché le prévoit (R2142-24)"
        }
        FormReason::Overlapping => {
            "les membres interviennent sur les mêmes prestations sans part séparable : un groupement solidaire convient"
        }
    }
}

/// A finding of the consortium planner; `required` names the members the user asked for.
pub fn consortium_note_text(note: &ConsortiumNote, required: &[&str]) -> String {
    match note {
        ConsortiumNote::NoTurnoverCap => "aucun plafond de chiffre d'affaires (R2142-7) connu à la date de consultation : la taille n'est pas vérifiée".to_string(),
        ConsortiumNote::SingleSuppliersSuffice { count, turnover_required_eur } => format!(
            "{count} structure(s) éligible(s) couvrent seules toutes les activités, tout le périmètre et la taille du lot ({}) : aucun groupement n'est nécessaire, aucun n'est proposé",
            eur(turnover_required_eur.round())
        ),
        ConsortiumNote::NoCandidate => {
            "aucune structure éligible ne couvre une partie du lot : aucun groupement possible".to_string()
        }
        ConsortiumNote::RequiredSuffice => format!(
            "les membres demandés ({}) couvrent ensemble toutes les activités, tout le périmètre et la taille : aucun autre membre n'est nécessaire",
            required.join(", ")
        ),
        ConsortiumNote::RequiredInEvery => {
            format!("chaque groupement comprend les membres demandés : {}", required.join(", "))
        }
        ConsortiumNote::NoneComplete => "aucun groupement trouvé ne couvre toutes les activités, tout le périmètre et la taille : voici les plus complets, avec ce qui reste à couvrir".to_string(),
        ConsortiumNote::ExactSearch { max_members, useful } => format!(
            "recherche exacte : toutes les combinaisons de 1 à {max_members} membres parmi les {useful} structures utiles ont été examinées"
        ),
        ConsortiumNote::PartialSearch { pool, useful } => format!(
            "recherche exacte sur les {pool} structures les plus utiles (sur {useful}), complétée par une recherche gloutonne avec amélioration locale"
        ),
        ConsortiumNote::RepeatedMandataire => "une même structure est mandataire de plusieurs propositions : elle ne pourra l'être que d'un seul groupement pour ce marché (R2142-23)".to_string(),
    }
}
