//! A published contract as a need, so that the matching engine counts the suppliers that could have
//! answered it (see `NoticeLot::to_need` for a published lot).

use super::contract::Contract;
use crate::domain::Cpv;
use crate::domain::need::{Buyer, Need};

impl Contract {
    /// The need this contract answered: id `<contract id>`, its object as title (« Marché <id> » when it
    /// has none), its CPV code when it reads as one (else the engine infers one from the object), the
    /// place of `lieuExecution`, `montant` as value, `dureeMois`, no reservation, the buyer's SIRET, and
    /// the notification date as the consultation date (dated thresholds are read at that date).
    pub fn to_need(&self) -> Need {
        let buyer = Buyer { siret: Some(self.buyer.clone()), ..Buyer::default() };
        Need {
            id: self.id.clone(),
            title: self.object.clone().unwrap_or_else(|| format!("Marché {}", self.id)),
            description: None,
            cpv: self.cpv.as_deref().and_then(|c| Cpv::parse(c).ok()).into_iter().collect(),
            place: self.place.clone(),
            estimated_value_eur: (self.amount_eur > 0.0).then_some(self.amount_eur),
            duration_months: self.duration_months,
            reservation: None,
            buyer: Some(buyer),
            consultation_date: self.notified,
            lots: Vec::new(),
        }
    }
}
