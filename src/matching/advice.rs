//! The advice block of a lot: eligible competition per regime, the procedure for the value the lot is
//! judged on (all lots together, or the lots of its family in a need mixing works with supplies or
//! services) on the consultation date, the small-lots exemption of a formalised contract (R2123-1 2°),
//! the suppliers to ask for a quote without publicity, the insertion clause, the clauses and criteria
//! the law makes mandatory, and the L2113-15 check on a CPV code inferred from the lot's words.

use super::engine::{Engine, Ranked};
use super::lot::LotProfile;
use super::report::{ClauseAdvice, InferredCpvCheck, LotAdvice, MatchResult, RegimeCount};
use crate::domain::ContractType;
use crate::domain::need::{ALL_RESERVATIONS, Need, Reservation};
use crate::law::check_lot_reservation;
use crate::law::clause::{ClauseOverrides, DEFAULT_LABOUR_SHARES, insertion_clause};
use crate::law::lots::{SmallLotCheck, small_lots};
use crate::law::obligations::obligations;
use crate::law::procedure::{Procedure, ProcedureAdvice, advise_procedure, is_social_or_specific_service};
use crate::law::value::{DecidingValue, deciding_value_among};

/// Most suppliers proposed for a quote in a purchase without publicity ("3 à 5").
pub const SUPPLIERS_TO_CONSULT: usize = 5;

/// The legal units within reach able to do a lot's work that qualify for one regime.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Competition {
    /// How many: stated or presumed able.
    pub count: usize,
    /// Of them, those only presumed able.
    pub presumed: usize,
}

/// The suppliers able to do a lot's work, gathered while it is ranked and counted by legal unit:
/// two establishments of one SIREN are one competitor, stated able when one of them is.
#[derive(Debug, Default)]
pub(crate) struct CompetitionTally {
    /// For each able supplier: its legal unit, the regimes it qualifies for (its
    /// `SupplierFeatures::regimes`) and whether it is only presumed able.
    seen: Vec<(u32, u8, bool)>,
}

impl CompetitionTally {
    /// Notes an able supplier of legal unit `unit` qualifying for the regimes of `regimes` (bit `i`
    /// for `ALL_RESERVATIONS[i]`).
    pub fn add(&mut self, unit: u32, regimes: u8, presumed: bool) {
        if regimes != 0 {
            self.seen.push((unit, regimes, presumed));
        }
    }

    /// The competition for each regime of `ALL_RESERVATIONS`.
    pub fn counts(mut self) -> [Competition; 5] {
        self.seen.sort_unstable_by_key(|&(unit, _, _)| unit);
        let mut counts = [Competition::default(); 5];
        for one_unit in self.seen.chunk_by(|a, b| a.0 == b.0) {
            for (i, count) in counts.iter_mut().enumerate() {
                let mut qualifying = one_unit.iter().filter(|(_, regimes, _)| regimes >> i & 1 == 1).peekable();
                if qualifying.peek().is_some() {
                    count.count += 1;
                    count.presumed += usize::from(qualifying.all(|&(_, _, presumed)| presumed));
                }
            }
        }
        counts
    }
}

/// The advice for a lot. `counts[i]` is the competition for `ALL_RESERVATIONS[i]`; `retained` the
/// suppliers within reach able to do the work; `lot_types` the contract type of each lot of the need
/// ([`crate::law::value::lot_contract_types`]).
pub(crate) fn advise(
    engine: &Engine,
    need: &Need,
    profile: &LotProfile,
    retained: &[Ranked],
    results: &[MatchResult],
    counts: [Competition; 5],
    lot_types: &[Option<ContractType>],
) -> LotAdvice {
    let wanted = engine.weights().min_competitors;
    let eligible_within_reach: Vec<RegimeCount> = ALL_RESERVATIONS
        .iter()
        .zip(counts)
        .map(|(regime, c)| RegimeCount {
            regime: *regime,
            count: c.count,
            presumed: c.presumed,
            keeps_competition: c.count >= wanted,
        })
        .collect();
    let value = profile.cpv.first().map(|main| deciding_value_among(need, lot_types, main));
    let procedure = procedure(need, profile, value.as_ref());
    let formalised = procedure.as_ref().is_some_and(|p| p.procedure == Some(Procedure::Formalised));
    let small_lot = if formalised { small_lot(need, profile, value.as_ref()) } else { None };
    let without_publicity = procedure.as_ref().is_some_and(|p| p.procedure == Some(Procedure::NoPublicity));
    let suppliers_to_consult = if without_publicity {
        results.iter().take(SUPPLIERS_TO_CONSULT).map(|r| (r.siret.clone(), r.name.clone())).collect()
    } else {
        Vec::new()
    };
    let mut takers: Vec<u32> = retained
        .iter()
        .filter(|r| engine.table().row(r.id).takes_hours)
        .map(|r| engine.table().legal_unit(r.id))
        .collect();
    takers.sort_unstable();
    takers.dedup();
    let takers = takers.len();
    LotAdvice {
        eligible_within_reach,
        competitors_wanted: wanted,
        procedure,
        suppliers_to_consult,
        insertion_clause: clause(engine, need, profile, value.as_ref(), takers),
        obligations: obligations(
            value.as_ref().and_then(|v| Some((v.value_eur?, v.basis))),
            profile.contract_type,
            need.buyer_kind(),
            need.consultation_date,
            engine.law(),
        ),
        deciding_value: value,
        small_lot,
        inferred_cpv_check: inferred_cpv_check(engine, need, profile),
    }
}

/// A lot reserved under L2113-15 that gave no CPV code is checked on the code inferred from its words,
/// the one the suppliers were matched on (reading the need refuses it when that code is not listed).
fn inferred_cpv_check(engine: &Engine, need: &Need, profile: &LotProfile) -> Option<InferredCpvCheck> {
    let inferred = profile.cpv_inferred.as_ref()?;
    let regime = profile.reservation().filter(|r| *r == Reservation::Ess)?;
    let allowed =
        check_lot_reservation(regime, &profile.cpv, profile.lot.duration_months, need.buyer_kind(), engine.law())
            .is_ok();
    Some(InferredCpvCheck { regime, cpv: inferred.code.clone(), allowed })
}

/// R2123-1 2°: whether this lot of a formalised contract may follow a MAPA as a small lot, taking the
/// smallest lots counted in the contract's value first ([`small_lots`]). `None` for a need without
/// several lots, a lot not among those, or lots without values.
fn small_lot(need: &Need, profile: &LotProfile, value: Option<&DecidingValue>) -> Option<SmallLotCheck> {
    let value = value?;
    if need.lots.len() < 2 || value.lots.len() < 2 {
        return None;
    }
    let id = profile.lot.id.as_deref()?;
    let values: Vec<f64> = value.lots.iter().map(|&i| need.lots[i].estimated_value_eur).collect::<Option<_>>()?;
    let position = value.lots.iter().position(|&i| need.lots[i].id.as_deref() == Some(id))?;
    let contract_type = profile.contract_type?;
    let mut checks = small_lots(&values, contract_type, need.buyer_kind(), need.consultation_date);
    checks.swap_remove(position)
}

/// The procedure for the value the lot is judged on (all lots together, or all lots of its family in a
/// need mixing works with supplies or services: R2121-1, R2121-5, R2121-6), with the lot's contract type.
fn procedure(need: &Need, profile: &LotProfile, value: Option<&DecidingValue>) -> Option<ProcedureAdvice> {
    let main = profile.cpv.first()?;
    Some(advise_procedure(
        value.and_then(|v| v.value_eur),
        main.contract_type(),
        need.buyer_kind(),
        is_social_or_specific_service(main),
        need.consultation_date,
    ))
}

/// The insertion clause of an unreserved lot with a value in a labour-intensive trade (a CPV division
/// of [`DEFAULT_LABOUR_SHARES`]).
fn clause(
    engine: &Engine,
    need: &Need,
    profile: &LotProfile,
    contract: Option<&DecidingValue>,
    takers: usize,
) -> Option<ClauseAdvice> {
    if profile.reservation().is_some() {
        return None;
    }
    let value = profile.lot.estimated_value_eur?;
    let main = profile.cpv.first()?;
    if !DEFAULT_LABOUR_SHARES.iter().any(|(d, _, _)| *d == main.division()) {
        return None;
    }
    let clause = insertion_clause(
        value,
        contract.and_then(|v| Some((v.value_eur?, v.basis))),
        Some(main),
        &ClauseOverrides::default(),
        need.buyer_kind(),
        need.consultation_date,
        engine.law(),
    )
    .ok()?;
    Some(ClauseAdvice { clause, takers_within_reach: takers })
}
