//! A notice lot as a need, so that the matching engine ranks suppliers for it.

use jiff::civil::Date;

use super::model::{LotPlace, Notice, NoticeLot};
use crate::domain::need::{Buyer, Need, Place};

impl NoticeLot {
    /// The need this lot is for a supplier: id `<notice id>/<lot id>`, the lot's title, description, CPV
    /// codes, place, value, duration and reservation, the notice's buyer, and the publication date as the
    /// consultation date (dated thresholds are read at that date), or `today` when the notice has none.
    pub fn to_need(&self, notice: &Notice, today: Date) -> Need {
        let buyer = Buyer {
            name: Some(notice.buyer.name.clone()),
            siret: notice.buyer.siret.as_ref().map(|s| s.as_str().to_string()),
            kind: notice.buyer.kind.unwrap_or_default(),
            past_awards: Vec::new(),
        };
        Need {
            id: format!("{}/{}", notice.id, self.id),
            title: self.title.clone(),
            description: self.description.clone().or_else(|| notice.description.clone()),
            cpv: self.cpv.clone(),
            place: self.place.to_place(),
            estimated_value_eur: self.estimated_value_eur,
            duration_months: self.duration_months,
            reservation: self.reservation,
            buyer: Some(buyer),
            consultation_date: notice.publication_date.unwrap_or(today),
            lots: Vec::new(),
        }
    }
}

impl Notice {
    /// One need per lot (see [`NoticeLot::to_need`]).
    pub fn needs(&self, today: Date) -> Vec<Need> {
        self.lots.iter().map(|lot| lot.to_need(self, today)).collect()
    }
}

impl LotPlace {
    /// The place in the needs format: the communes when published, else the single post code, else the
    /// départements; `None` when the notice says nothing usable (a place abroad, words only).
    pub fn to_place(&self) -> Option<Place> {
        match (self.communes.as_slice(), self.post_codes.as_slice(), self.departments.as_slice()) {
            ([one], _, _) => Some(Place::Commune(one.clone())),
            (many @ [_, ..], _, _) => Some(Place::Communes(many.to_vec())),
            ([], [one], _) => Some(Place::PostCode(one.clone())),
            ([], _, [one]) => Some(Place::Department(one.clone())),
            ([], _, many @ [_, ..]) => Some(Place::Departments(many.to_vec())),
            _ => None,
        }
    }
}
