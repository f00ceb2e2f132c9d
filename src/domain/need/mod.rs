//! A buyer's need and its lots (contract format §2), validated.
//!
//! [`Need::from_json`] reads one need of a needs file, checks every field and says which field is
//! wrong (`lots[1].cpv[0]`); the legal conditions of its reservations are checked apart, by
//! [`crate::law::check_need`]. [`Need::lots`] then gives the lots to match, each completed by what it
//! inherits from the need.

mod buyer;
mod json;
mod named_place;
mod parse;
mod place;
mod reservation;

pub use buyer::{BUYER_KIND_CODES, Buyer, BuyerKind, PastAward, UnknownBuyerKind};
pub use named_place::{PlaceInWords, communes_named_in, place_named_in, read_place};
pub use place::{Place, PlaceSpot, ResolvedPlace, circle_label, department_of_insee, department_of_post_code};
pub use reservation::{ALL_RESERVATIONS, Reservation, UnknownReservation};

use jiff::civil::Date;

use super::cpv::{ContractType, Cpv};

/// A need that breaks a rule of the needs format or of the law of reserved markets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("champ « {field} » : {message}")]
pub struct NeedError {
    /// The path of the field at fault: `title`, `lots[1].cpv[0]`, `place.department`, `buyer.kind`.
    pub field: String,
    /// What is wrong, in French.
    pub message: String,
}

impl NeedError {
    /// An error on `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        NeedError { field: field.into(), message: message.into() }
    }
}

/// A buyer's need: what it wants to buy, where, for how much, and under which reservation.
#[derive(Debug, Clone, PartialEq)]
pub struct Need {
    /// Identifier given by the buyer, echoed in the matching output.
    pub id: String,
    /// Object of the purchase.
    pub title: String,
    /// Free French text.
    pub description: Option<String>,
    /// CPV codes of the purchase; the first one is the main object.
    pub cpv: Vec<Cpv>,
    /// Place of performance.
    pub place: Option<Place>,
    /// Estimated value in euros HT, for the whole need.
    pub estimated_value_eur: Option<f64>,
    /// Duration in months.
    pub duration_months: Option<u32>,
    /// Reservation of the whole need, inherited by lots that have none.
    pub reservation: Option<Reservation>,
    /// The buyer, when named.
    pub buyer: Option<Buyer>,
    /// Date the consultation is launched (`"2026-03-15"`; our extension of the format), the day the
    /// need was read when the file does not say. Dated thresholds are read at this date.
    pub consultation_date: Date,
    /// The lots; empty when the need is a single lot.
    pub lots: Vec<Lot>,
}

/// A lot of a need, as written in the file (before inheritance).
#[derive(Debug, Clone, PartialEq)]
pub struct Lot {
    /// Lot identifier. The needs file requires it, so it is always `Some` after [`Need::from_json`];
    /// `None` is left for lots built in code.
    pub id: Option<String>,
    /// Object of the lot.
    pub title: String,
    /// Free French text.
    pub description: Option<String>,
    /// CPV codes of the lot; empty = those of the need.
    pub cpv: Vec<Cpv>,
    /// Place of performance; `None` = that of the need.
    pub place: Option<Place>,
    /// Estimated value in euros HT of this lot; `None` = that of the need.
    pub estimated_value_eur: Option<f64>,
    /// Duration in months; `None` = that of the need.
    pub duration_months: Option<u32>,
    /// Reservation; `None` = that of the need.
    pub reservation: Option<Reservation>,
}

/// A lot ready to be matched: its own values, completed by those of the need.
#[derive(Debug, Clone, PartialEq)]
pub struct EffectiveLot {
    /// Lot identifier; `None` for a need without lots.
    pub id: Option<String>,
    /// The lot's title (the need's, for a need without lots).
    pub title: String,
    /// The lot's description, or the need's when the lot has none.
    pub description: Option<String>,
    /// The lot's CPV codes, or the need's.
    pub cpv: Vec<Cpv>,
    /// The lot's place, or the need's.
    pub place: Option<Place>,
    /// The lot's value, or the need's. A lot without its own value inherits the value of the whole need,
    /// which overstates it when there are several lots: compare with [`Need::total_estimated_value_eur`].
    pub estimated_value_eur: Option<f64>,
    /// The lot's duration, or the need's.
    pub duration_months: Option<u32>,
    /// The lot's reservation, or the need's.
    pub reservation: Option<Reservation>,
}

impl EffectiveLot {
    /// The contract type implied by the main (first) CPV code, when there is one.
    pub fn contract_type(&self) -> Option<ContractType> {
        self.cpv.first().map(Cpv::contract_type)
    }

    /// Title and description: the words its sectors, and its CPV code when it gives none, are read from.
    pub fn text(&self) -> String {
        match &self.description {
            Some(d) => format!("{} {d}", self.title),
            None => self.title.clone(),
        }
    }
}

impl Need {
    /// The lots to match: one lot with id `None` when the need has no lots; otherwise each lot, completed
    /// by the need's CPV codes, place, value, duration, reservation and description when it has none.
    pub fn lots(&self) -> Vec<EffectiveLot> {
        if self.lots.is_empty() {
            return vec![EffectiveLot {
                id: None,
                title: self.title.clone(),
                description: self.description.clone(),
                cpv: self.cpv.clone(),
                place: self.place.clone(),
                estimated_value_eur: self.estimated_value_eur,
                duration_months: self.duration_months,
                reservation: self.reservation,
            }];
        }
        self.lots
            .iter()
            .map(|lot| EffectiveLot {
                id: lot.id.clone(),
                title: lot.title.clone(),
                description: lot.description.clone().or_else(|| self.description.clone()),
                cpv: if lot.cpv.is_empty() { self.cpv.clone() } else { lot.cpv.clone() },
                place: lot.place.clone().or_else(|| self.place.clone()),
                estimated_value_eur: lot.estimated_value_eur.or(self.estimated_value_eur),
                duration_months: lot.duration_months.or(self.duration_months),
                reservation: lot.reservation.or(self.reservation),
            })
            .collect()
    }

    /// The kind of buyer: the one named, or [`BuyerKind::Local`] by default.
    pub fn buyer_kind(&self) -> BuyerKind {
        self.buyer.as_ref().map(|b| b.kind).unwrap_or_default()
    }

    /// The value of the whole need, which decides the procedure (all lots together): the need's own
    /// value when given, else the sum of the lots' values when every lot has one.
    pub fn total_estimated_value_eur(&self) -> Option<f64> {
        self.estimated_value_eur.or_else(|| {
            if self.lots.is_empty() {
                return None;
            }
            self.lots.iter().map(|l| l.estimated_value_eur).sum::<Option<f64>>()
        })
    }

    /// The main CPV code: the need's first, else the first code of the first lot that has one.
    pub fn main_cpv(&self) -> Option<&Cpv> {
        self.cpv.first().or_else(|| self.lots.iter().find_map(|l| l.cpv.first()))
    }

    /// The contract type implied by the main CPV code.
    pub fn contract_type(&self) -> Option<ContractType> {
        self.main_cpv().map(Cpv::contract_type)
    }
}

impl crate::error::Classified for NeedError {
    fn blame(&self) -> crate::error::Blame {
        crate::error::Blame::user(self.field.clone())
    }
}

#[cfg(test)]
mod tests;
