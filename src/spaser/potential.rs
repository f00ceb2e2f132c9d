//! The reservable potential of a buyer's year: the contracts that were neither reserved nor awarded to
//! an ESS holder but that, by the matching engine's count of the eligible suppliers able to do the work
//! within reach, could have been reserved (L2113-12 to L2113-15), and what S1, R1 and I1 would then
//! have been.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Serialize, Serializer};

use super::contract::Contract;
use super::holders::{EssDirectory, recognise};
use super::measure::{Measurement, ess_value};
use crate::domain::need::Reservation;
use crate::law::check_lot_reservation;
use crate::law::reservation::check_reservation_in_force;
use crate::matching::{Engine, MatchError};

/// The regimes a contract may be reserved under, in the order they are proposed: insertion
/// (L2113-13), handicap (L2113-12), both (L2113-14), then the ESS regime (L2113-15), which is limited
/// to the services of the art. 77 list. The prison regime (L2113-13-1) is not proposed.
pub const PROPOSED_REGIMES: [Reservation; 4] =
    [Reservation::Insertion, Reservation::Handicap, Reservation::Inclusive, Reservation::Ess];

fn keyword<S: Serializer>(regime: &Reservation, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(regime.keyword())
}

fn iso_date<S: Serializer>(day: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(day)
}

/// The eligible suppliers able to do a contract's work within reach, for one regime.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RegimeCompetition {
    /// The regime (`insertion`, `handicap`, `inclusive`, `ess`).
    #[serde(serialize_with = "keyword")]
    pub regime: Reservation,
    /// Its article (`L2113-13`).
    pub article: &'static str,
    /// Suppliers stated or presumed able.
    pub count: usize,
    /// Of them, those only presumed able.
    pub presumed: usize,
    /// False for L2113-15 on a CPV code outside the art. 77 list (or a contract too long for it), and for
    /// a regime not yet in force on the notification date.
    pub allowed: bool,
}

/// A contract that could have been reserved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReservableContract {
    /// The buyer's contract id.
    pub id: String,
    /// Its object, when published.
    pub object: Option<String>,
    /// The CPV code matched on (published, or inferred from the object).
    pub cpv: Option<String>,
    /// The place's name as the engine read it.
    pub place: Option<String>,
    /// Its value, euros HT.
    pub value_eur: f64,
    /// Its notification date.
    #[serde(serialize_with = "iso_date")]
    pub notified: Date,
    /// The regime proposed: the first of [`PROPOSED_REGIMES`] with enough competitors.
    #[serde(serialize_with = "keyword")]
    pub regime: Reservation,
    /// Its article.
    pub article: &'static str,
    /// Eligible suppliers able to do the work within reach under that regime.
    pub competitors: usize,
    /// Of them, those only presumed able.
    pub presumed: usize,
    /// Every regime counted.
    pub regimes: Vec<RegimeCompetition>,
}

/// The reservable value of one CPV division.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DivisionPotential {
    /// The CPV division (two digits), or `None` when the contract had no code.
    pub division: Option<String>,
    /// Contracts that could have been reserved.
    pub contracts: usize,
    /// Their value.
    pub value_eur: f64,
}

/// An indicator as observed and as it would have been had the reservable contracts been reserved.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WhatIf {
    /// As observed.
    pub observed: Option<f64>,
    /// Had they been reserved (and awarded to eligible holders).
    pub had_they_been_reserved: Option<f64>,
}

/// S1, R1 and I1 had the reservable contracts been reserved.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[allow(non_snake_case)]
pub struct WhatIfIndicators {
    /// Social considerations by count: a reserved contract has one.
    pub S1: WhatIf,
    /// Reserved share by value.
    pub R1: WhatIf,
    /// Inclusive and ESS spend by value: a reserved contract is awarded to an eligible holder.
    pub I1: WhatIf,
}

/// The reservable potential of one buyer's year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Potential {
    /// The year.
    pub year: i16,
    /// Competitors wanted before a reservation is proposed (`LawConfig::min_competitors_per_lot`).
    pub competitors_wanted: usize,
    /// Contracts of the year.
    pub contracts: usize,
    /// Already reserved: not examined.
    pub already_reserved: usize,
    /// Already awarded to an ESS holder: not examined.
    pub ess_holder: usize,
    /// Without a usable place of execution: not examined (nobody is within reach of nowhere).
    pub without_place: usize,
    /// Examined with the matching engine.
    pub examined: usize,
    /// Those that could have been reserved, highest value first.
    pub reservable: Vec<ReservableContract>,
    /// Their value.
    pub reservable_value_eur: f64,
    /// The reservable value by CPV division, highest first.
    pub by_division: Vec<DivisionPotential>,
    /// S1, R1 and I1 had they been reserved.
    pub indicators: WhatIfIndicators,
}

/// Why a contract is not examined, or `None` when it is.
fn set_aside(contract: &Contract, directory: Option<&EssDirectory>) -> Option<SetAside> {
    if contract.considerations.reserved {
        return Some(SetAside::Reserved);
    }
    if contract.holders.iter().any(|h| recognise(h, directory).is_some()) {
        return Some(SetAside::EssHolder);
    }
    if contract.place.is_none() {
        return Some(SetAside::NoPlace);
    }
    None
}

enum SetAside {
    Reserved,
    EssHolder,
    NoPlace,
}

/// The reservable potential of `measurement`'s year among `contracts` (the buyer's, each once): each
/// contract neither reserved nor awarded to an ESS holder is matched as a need, and listed when a
/// regime counts at least the competitors wanted.
pub fn potential(
    measurement: &Measurement,
    contracts: &[Contract],
    engine: &Engine,
    directory: Option<&EssDirectory>,
) -> Result<Potential, MatchError> {
    let wanted = engine.law().min_competitors_per_lot as usize;
    let year: Vec<&Contract> =
        contracts.iter().filter(|c| c.buyer == measurement.buyer && c.notified.year() == measurement.year).collect();
    let (mut already_reserved, mut ess_holder, mut without_place) = (0, 0, 0);
    let mut reservable = Vec::new();
    let mut examined = 0usize;
    let mut added_social = 0usize;
    let mut added_ess = 0.0;
    let mut to_examine = Vec::new();
    for contract in &year {
        match set_aside(contract, directory) {
            Some(SetAside::Reserved) => already_reserved += 1,
            Some(SetAside::EssHolder) => ess_holder += 1,
            Some(SetAside::NoPlace) => without_place += 1,
            None => to_examine.push(*contract),
        }
    }
    for (contract, examination) in to_examine.iter().zip(examine_all(&to_examine, engine, wanted)?) {
        match examination {
            Examination::PlaceUnknown => without_place += 1,
            Examination::NotReservable => examined += 1,
            Examination::Reservable(found) => {
                examined += 1;
                if !contract.considerations.social() {
                    added_social += 1;
                }
                added_ess += contract.amount_eur - ess_value(contract, directory, &mut Vec::new());
                reservable.push(*found);
            }
        }
    }
    reservable.sort_by(|a, b| b.value_eur.total_cmp(&a.value_eur).then(a.id.cmp(&b.id)));
    let reservable_value_eur = reservable.iter().map(|r| r.value_eur).sum();
    let indicators = what_if(measurement, added_social, reservable_value_eur, added_ess);
    Ok(Potential {
        year: measurement.year,
        competitors_wanted: wanted,
        contracts: year.len(),
        already_reserved,
        ess_holder,
        without_place,
        examined,
        by_division: by_division(&reservable),
        reservable,
        reservable_value_eur,
        indicators,
    })
}

/// What matching one contract found.
enum Examination {
    /// The engine could not place its `lieuExecution` (an unknown code).
    PlaceUnknown,
    /// Too few eligible competitors under every regime allowed.
    NotReservable,
    /// It could have been reserved.
    Reservable(Box<ReservableContract>),
}

/// Fewer contracts than this are examined on one thread.
const PARALLEL_FROM: usize = 32;

/// Examines `contracts` on the machine's cores (each contract is matched on its own), in order.
fn examine_all(contracts: &[&Contract], engine: &Engine, wanted: usize) -> Result<Vec<Examination>, MatchError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    if threads == 1 || contracts.len() < PARALLEL_FROM {
        return contracts.iter().map(|c| examine(c, engine, wanted)).collect();
    }
    let chunk = contracts.len().div_ceil(threads);
    let parts: Vec<Result<Vec<Examination>, MatchError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = contracts
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|c| examine(c, engine, wanted)).collect()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    let mut out = Vec::with_capacity(contracts.len());
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}

/// Matches one contract as a need and reads the competition of each regime from the advice block.
fn examine(contract: &Contract, engine: &Engine, wanted: usize) -> Result<Examination, MatchError> {
    let need = contract.to_need();
    let Some(lot) = engine.match_need(&need, 1)?.into_iter().next() else { return Ok(Examination::NotReservable) };
    if lot.place.is_none() {
        return Ok(Examination::PlaceUnknown);
    }
    let regimes: Vec<RegimeCompetition> = PROPOSED_REGIMES
        .iter()
        .filter_map(|regime| {
            let c = lot.advice.eligible_within_reach.iter().find(|c| c.regime == *regime)?;
            let allowed =
                check_lot_reservation(*regime, &lot.cpv, contract.duration_months, need.buyer_kind(), engine.law())
                    .is_ok()
                    && check_reservation_in_force(*regime, need.consultation_date).is_ok();
            Some(RegimeCompetition {
                regime: *regime,
                article: regime.article(),
                count: c.count,
                presumed: c.presumed,
                allowed,
            })
        })
        .collect();
    let Some(best) = regimes.iter().find(|r| r.allowed && r.count >= wanted).copied() else {
        return Ok(Examination::NotReservable);
    };
    Ok(Examination::Reservable(Box::new(ReservableContract {
        id: contract.id.clone(),
        object: contract.object.clone(),
        cpv: lot.cpv.first().map(|c| c.as_str().to_string()),
        place: lot.place.clone(),
        value_eur: contract.amount_eur,
        notified: contract.notified,
        regime: best.regime,
        article: best.article,
        competitors: best.count,
        presumed: best.presumed,
        regimes,
    })))
}

fn what_if(m: &Measurement, added_social: usize, added_reserved: f64, added_ess: f64) -> WhatIfIndicators {
    let after =
        |numerator: f64, added: f64, denominator: f64| (denominator > 0.0).then(|| (numerator + added) / denominator);
    let i = &m.indicators;
    WhatIfIndicators {
        S1: WhatIf {
            observed: i.S1.observed,
            had_they_been_reserved: after(i.S1.numerator, added_social as f64, i.S1.denominator),
        },
        R1: WhatIf {
            observed: i.R1.observed,
            had_they_been_reserved: after(i.R1.numerator, added_reserved, i.R1.denominator),
        },
        I1: WhatIf {
            observed: i.I1.observed,
            had_they_been_reserved: after(i.I1.numerator, added_ess, i.I1.denominator),
        },
    }
}

fn by_division(reservable: &[ReservableContract]) -> Vec<DivisionPotential> {
    let mut groups: BTreeMap<Option<String>, (usize, f64)> = BTreeMap::new();
    for r in reservable {
        let e = groups.entry(r.cpv.as_deref().and_then(|c| c.get(..2)).map(str::to_string)).or_default();
        e.0 += 1;
        e.1 += r.value_eur;
    }
    let mut out: Vec<DivisionPotential> = groups
        .into_iter()
        .map(|(division, (contracts, value_eur))| DivisionPotential { division, contracts, value_eur })
        .collect();
    out.sort_by(|a, b| b.value_eur.total_cmp(&a.value_eur));
    out
}
