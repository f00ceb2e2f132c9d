//! The legal conditions of the reservations of a need, checked once it is read: a reservation must
//! exist on the consultation date (L2113-14 only since loi ASAP…), and an ESS reservation (L2113-15)
//! must cover listed services only, last at most three years and come from a pouvoir adjudicateur. A
//! lot reserved under L2113-15 without a CPV code is checked on the code its words point to (the one
//! matching uses), and refused, asking for the code, when none can be inferred.
//! Errors name the field where the offending value was written.

use super::LawConfig;
use super::reservation::{ReservationError, check_lot_reservation, check_reservation_in_force};
use crate::domain::cpv::Cpv;
use crate::domain::need::{EffectiveLot, Lot, Need, NeedError};
use crate::domain::sector::Taxonomy;

/// Checks the reservation of the need (when it has no lots) or of each lot as it inherits from the
/// need. `config` sets the uncertain parameters (the L2113-15 maximum duration…).
pub fn check_need(need: &Need, config: &LawConfig) -> Result<(), NeedError> {
    if need.lots.is_empty() {
        return check_lot(need, None, config);
    }
    need.lots.iter().enumerate().try_for_each(|(i, lot)| check_lot(need, Some((i, lot)), config))
}

/// Checks one lot (`None`: the need itself), each value taken from the lot when it has one, else from
/// the need, and the error's field is where that value was written.
fn check_lot(need: &Need, lot: Option<(usize, &Lot)>, config: &LawConfig) -> Result<(), NeedError> {
    let own = |has: bool| match lot {
        Some((i, _)) if has => format!("lots[{i}]."),
        _ => String::new(),
    };
    let this = lot.map(|(_, l)| l);
    let (reservation, reservation_path) = match (this.and_then(|l| l.reservation), need.reservation) {
        (Some(r), _) => (r, own(true)),
        (None, Some(r)) => (r, own(false)),
        (None, None) => return Ok(()),
    };
    let (cpvs, cpv_path) = match this {
        Some(l) if !l.cpv.is_empty() => (l.cpv.clone(), own(true)),
        _ => (need.cpv.clone(), own(false)),
    };
    // Without a code, the one matching infers from the words is the one checked, and the code is to be
    // written on the lot (or the need without lots).
    let (cpvs, inferred, cpv_path) = if cpvs.is_empty() {
        (inferred_cpv(need, lot).into_iter().collect(), true, own(lot.is_some()))
    } else {
        (cpvs, false, cpv_path)
    };
    let (duration, duration_path) = match this.and_then(|l| l.duration_months) {
        Some(d) => (Some(d), own(true)),
        None => (need.duration_months, own(false)),
    };
    let reservation_field = format!("{reservation_path}reservation");
    check_reservation_in_force(reservation, need.consultation_date)
        .map_err(|e| NeedError::new(&reservation_field, e.to_string()))?;
    check_lot_reservation(reservation, &cpvs, duration, need.buyer_kind(), config).map_err(|e| {
        let e = match e {
            ReservationError::CpvNotListed { cpv, .. } if inferred => ReservationError::InferredCpvNotListed { cpv },
            e => e,
        };
        let field = match &e {
            ReservationError::CpvNotListed { index, .. } => format!("{cpv_path}cpv[{index}]"),
            ReservationError::CpvMissing | ReservationError::InferredCpvNotListed { .. } => format!("{cpv_path}cpv"),
            ReservationError::TooLong { .. } => format!("{duration_path}duration_months"),
            ReservationError::NotPouvoirAdjudicateur => "buyer.kind".to_string(),
            _ => reservation_field.clone(),
        };
        NeedError::new(field, e.to_string())
    })
}

/// The CPV code the words of the lot (`None`: the need itself) point to, as matching infers it.
fn inferred_cpv(need: &Need, lot: Option<(usize, &Lot)>) -> Option<Cpv> {
    let text = match lot {
        Some((i, _)) => need.lots().get(i).map(EffectiveLot::text)?,
        None => need.lots().first().map(EffectiveLot::text)?,
    };
    Taxonomy::builtin().cpv_for_text(&text).map(|(code, _)| code)
}

#[cfg(test)]
#[path = "need_tests.rs"]
mod tests;
