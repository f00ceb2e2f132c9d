//! The advice block of a lot: eligible competition per regime, the procedure for the value on the
//! consultation date, the suppliers to ask for a quote without publicity, and the insertion clause.

use super::engine::{Engine, Ranked};
use super::features::takes_clause_hours;
use super::lot::LotProfile;
use super::report::{ClauseSummary, LotAdvice, MatchResult, ProcedureSummary, RegimeCount};
use crate::domain::need::{ALL_RESERVATIONS, Need};
use crate::law::clause::{ClauseOverrides, DEFAULT_LABOUR_SHARES, insertion_clause};
use crate::law::procedure::{Procedure, advise_procedure, is_social_or_specific_service};
use crate::law::{format_eur, format_percent};

/// Most suppliers proposed for a quote in a purchase without publicity ("3 à 5").
pub const SUPPLIERS_TO_CONSULT: usize = 5;

/// The advice for a lot. `counts[i]` is the number of suppliers within reach whose trade relates to
/// the lot and that qualify for `ALL_RESERVATIONS[i]`.
pub(crate) fn advise(
    engine: &Engine,
    need: &Need,
    profile: &LotProfile,
    retained: &[Ranked],
    results: &[MatchResult],
    counts: [usize; 5],
) -> LotAdvice {
    let wanted = engine.weights().min_competitors;
    let eligible_within_reach: Vec<RegimeCount> = ALL_RESERVATIONS
        .iter()
        .zip(counts)
        .map(|(r, count)| RegimeCount {
            reservation: r.keyword(),
            article: r.article(),
            count,
            keeps_competition: count >= wanted,
        })
        .collect();
    let reservation = reservation_note(profile, &eligible_within_reach, wanted);
    let procedure = procedure(need, profile);
    let suppliers_to_consult = if procedure.as_ref().is_some_and(|p| p.without_publicity) {
        results.iter().take(SUPPLIERS_TO_CONSULT).map(|r| format!("{} {}", r.siret, r.name)).collect()
    } else {
        Vec::new()
    };
    let takers = retained.iter().filter(|r| takes_clause_hours(&engine.table().row(r.id).supplier.kinds)).count();
    LotAdvice {
        eligible_within_reach,
        reservation,
        procedure,
        suppliers_to_consult,
        insertion_clause: clause(engine, need, profile, takers),
    }
}

fn reservation_note(profile: &LotProfile, counts: &[RegimeCount], wanted: usize) -> String {
    if let Some(regime) = profile.reservation() {
        let count = counts.iter().find(|c| c.article == regime.article()).map_or(0, |c| c.count);
        return if count >= wanted {
            format!(
                "lot réservé {} : {count} fournisseur(s) éligible(s) à portée, la concurrence est préservée (objectif : au moins {wanted})",
                regime.article()
            )
        } else {
            format!(
                "lot réservé {} : seulement {count} fournisseur(s) éligible(s) à portée (objectif : au moins {wanted}) ; risque de procédure infructueuse, envisager d'élargir le lieu ou de ne pas réserver",
                regime.article()
            )
        };
    }
    let enough: Vec<String> =
        counts.iter().filter(|c| c.keeps_competition).map(|c| format!("{} ({})", c.article, c.count)).collect();
    if enough.is_empty() {
        format!("aucune réservation ne garderait au moins {wanted} concurrents éligibles à portée")
    } else {
        format!("une réservation garderait au moins {wanted} concurrents pour : {}", enough.join(", "))
    }
}

/// The procedure for the whole need's value (all lots together, R2121-1), with the lot's contract type.
fn procedure(need: &Need, profile: &LotProfile) -> Option<ProcedureSummary> {
    let main = profile.cpv.first()?;
    let advice = advise_procedure(
        need.total_estimated_value_eur(),
        main.contract_type(),
        need.buyer_kind(),
        is_social_or_specific_service(main),
        need.consultation_date_or_today(),
    );
    Some(ProcedureSummary {
        procedure: advice.procedure.map(Procedure::label),
        publicity: advice.publicity.map(|p| p.label()),
        without_publicity: advice.procedure == Some(Procedure::NoPublicity),
        articles: advice.articles,
        explanation: advice.explanation,
    })
}

/// The insertion clause of an unreserved lot with a value in a labour-intensive trade (a CPV division
/// of [`DEFAULT_LABOUR_SHARES`]).
fn clause(engine: &Engine, need: &Need, profile: &LotProfile, takers: usize) -> Option<ClauseSummary> {
    if profile.reservation().is_some() {
        return None;
    }
    let value = profile.lot.estimated_value_eur?;
    let main = profile.cpv.first()?;
    if !DEFAULT_LABOUR_SHARES.iter().any(|(d, _, _)| *d == main.division()) {
        return None;
    }
    let date = need.consultation_date_or_today();
    let c =
        insertion_clause(value, Some(main), &ClauseOverrides::default(), need.buyer_kind(), date, engine.law()).ok()?;
    let p = &c.parameters;
    let explanation = format!(
        "{} h d'insertion (L2112-2) : {} × {} de main-d'œuvre ({}) × {} d'insertion ÷ {} de l'heure ; {}",
        c.rounded_hours(),
        format_eur(value),
        format_percent(p.labour_share),
        p.labour_share_basis,
        format_percent(p.insertion_rate),
        format_eur(p.hourly_cost_eur),
        c.social_condition.explanation
    );
    Some(ClauseSummary { hours: c.rounded_hours(), explanation, takers_within_reach: takers })
}
