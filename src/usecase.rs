//! What a user can ask essor, each one function that the command line and the web server both call:
//! match a need, plan its lots, plan a consortium for a lot, compute an insertion clause, measure a
//! buyer's SPASER indicators and reservable potential. The edges
//! only read their inputs and render the values returned.

use jiff::civil::Date;

use crate::domain::Cpv;
use crate::domain::need::{Need, Place};
use crate::domain::sector::Taxonomy;
use crate::error::{Blame, Classified};
use crate::law::{ClauseError, ClauseOverrides, InsertionClause, insertion_clause};
use crate::matching::clause::ClauseTaker;
use crate::matching::lot::LotPlace;
use crate::matching::{Engine, LotMatch, MatchError};
use crate::planning::{Allotment, ConsortiumPlan, PlanningConfig, PlanningError, Scope, sourcing};
use crate::spaser::{BuyerReport, EssDirectory, Loaded, Targets, buyer_report_with_potential};

/// Why a use case failed: the user's input (a field or parameter named), or the engine.
#[derive(Debug, thiserror::Error)]
pub enum UseCaseError {
    /// The need or a parameter cannot be planned.
    #[error(transparent)]
    Planning(#[from] PlanningError),
    /// A clause parameter is out of range.
    #[error(transparent)]
    Clause(#[from] ClauseError),
    /// The matching engine failed.
    #[error(transparent)]
    Matching(#[from] MatchError),
}

impl Classified for UseCaseError {
    fn blame(&self) -> Blame {
        match self {
            UseCaseError::Planning(e) => e.blame(),
            UseCaseError::Clause(e) => e.blame(),
            UseCaseError::Matching(e) => e.blame(),
        }
    }
}

/// Every lot of each need, matched: `top` suppliers per lot.
pub fn match_needs(engine: &Engine, needs: &[Need], top: usize) -> Result<Vec<Vec<LotMatch>>, UseCaseError> {
    Ok(needs.iter().map(|need| engine.match_need(need, top)).collect::<Result<_, _>>()?)
}

/// Allotment proposals for a whole need; `max_lots` lowers the most lots a proposal may hold.
pub fn plan_lots(engine: &Engine, need: &Need, max_lots: Option<usize>) -> Result<Allotment, UseCaseError> {
    let config = match max_lots {
        Some(n) => PlanningConfig::with_max_lots(n)?,
        None => PlanningConfig::default(),
    };
    let scope = Scope::of_need(need, engine.gazetteer(), Taxonomy::builtin(), &config)?;
    let candidates = sourcing::candidates(engine, &scope)?;
    Ok(crate::planning::plan_lots(&scope, &candidates, engine.law(), &config))
}

/// Groupings for one lot of a need (`lot`, required when the need has lots), each holding the
/// suppliers named in `with` (SIRETs).
pub fn plan_consortium(
    engine: &Engine,
    need: &Need,
    lot: Option<&str>,
    with: &[String],
) -> Result<ConsortiumPlan, UseCaseError> {
    let config = PlanningConfig::default();
    let scope = Scope::of_lot(need, lot, engine.gazetteer(), Taxonomy::builtin(), &config)?;
    let mut candidates = sourcing::candidates(engine, &scope)?;
    let required = sourcing::add_named(engine, &scope, &mut candidates, with)?;
    Ok(crate::planning::plan_consortium(&scope, &candidates, &required, &config)?)
}

/// A buyer's SPASER report over `years` (every year of its contracts when empty), and with `engine` (a
/// catalogue of suppliers) the reservable potential of each year.
pub fn spaser_report(
    loaded: Loaded,
    buyer: &str,
    years: &[i16],
    targets: &Targets,
    directory: Option<&EssDirectory>,
    engine: Option<&Engine>,
) -> Result<BuyerReport, UseCaseError> {
    let years = if years.is_empty() {
        let mut all: Vec<i16> =
            loaded.contracts.iter().filter(|c| c.buyer == buyer).map(|c| c.notified.year()).collect();
        all.sort();
        all.dedup();
        all
    } else {
        years.to_vec()
    };
    Ok(buyer_report_with_potential(loaded, buyer, &years, targets, directory, engine)?)
}

/// An insertion clause to compute, as the user asks it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseRequest {
    /// Contract or lot value in euros HT.
    pub value_eur: f64,
    /// Main CPV code (sets the default labour share).
    pub cpv: Option<Cpv>,
    /// Where the contract is performed (a commune), to list the structures within reach.
    pub near: Option<Place>,
    /// Values replacing the defaults.
    pub overrides: ClauseOverrides,
    /// How many structures to list.
    pub top: usize,
    /// The consultation date: dated thresholds are read at it.
    pub date: Date,
}

/// An insertion clause and the structures that can take its hours.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseAnswer {
    /// The clause.
    pub clause: InsertionClause,
    /// The place, when one was given.
    pub place: Option<LotPlace>,
    /// The SIAE, GEIQ, EA, EATT and ESAT within reach that can take the hours: with a CPV code, those
    /// able to do the work, best first; without, all of them, nearest first.
    pub takers: Vec<ClauseTaker>,
}

/// The insertion-clause hours of a contract and the structures within reach that can take them.
pub fn insertion_clause_with_takers(engine: &Engine, request: &ClauseRequest) -> Result<ClauseAnswer, UseCaseError> {
    let clause = insertion_clause(
        request.value_eur,
        None,
        request.cpv.as_ref(),
        &request.overrides,
        Default::default(),
        request.date,
        engine.law(),
    )?;
    let place = request.near.as_ref().map(|p| LotPlace::new(p.resolve(engine.gazetteer()), engine.gazetteer()));
    let takers = engine.clause_takers(place.clone(), request.cpv.as_ref(), request.top)?;
    Ok(ClauseAnswer { clause, place, takers })
}
