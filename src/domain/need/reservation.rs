//! The reservation a buyer puts on a need or a lot (contract format §2, field `reservation`).
//!
//! This file holds the keyword and its parsing; the legal facts of each regime (article, dates, French
//! label, eForms code, who qualifies) are in [`crate::law::reservation`], where the type is also
//! known as [`crate::law::Regime`].

use std::fmt;
use std::str::FromStr;

use crate::domain::text::fold;

/// A reserved-market regime of the Code de la commande publique.
///
/// One keyword per need or lot, so the prison reservation (L2113-13-1), which L2113-14 forbids to
/// combine with any other, can never be combined: the only allowed combination, handicap + insertion,
/// has its own keyword `inclusive` (L2113-14).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reservation {
    /// `handicap`: entreprises adaptées and ESAT (L2113-12).
    Handicap,
    /// `insertion`: structures d'insertion par l'activité économique (L2113-13).
    Insertion,
    /// `inclusive`: both of the above on the same lot (L2113-14, since loi ASAP 2020-1525).
    Inclusive,
    /// `ess`: enterprises of the social and solidarity economy, for the art. 77 services only (L2113-15).
    Ess,
    /// `prison`: production in a penitentiary establishment (L2113-13-1); an extension of the contract format.
    Prison,
}

/// Every reservation, in the order of the articles.
pub const ALL_RESERVATIONS: [Reservation; 5] =
    [Reservation::Handicap, Reservation::Insertion, Reservation::Inclusive, Reservation::Ess, Reservation::Prison];

/// A reservation keyword that is not one of the accepted ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "réservation inconnue « {0} » (acceptées : handicap (L2113-12), insertion (L2113-13), inclusive (L2113-14), ess (L2113-15), prison (L2113-13-1))"
)]
pub struct UnknownReservation(pub String);

impl Reservation {
    /// The keyword of the contract format (`handicap`, `insertion`, `inclusive`, `ess`, `prison`).
    pub fn keyword(self) -> &'static str {
        match self {
            Reservation::Handicap => "handicap",
            Reservation::Insertion => "insertion",
            Reservation::Inclusive => "inclusive",
            Reservation::Ess => "ess",
            Reservation::Prison => "prison",
        }
    }

    /// The article of the Code de la commande publique that allows it.
    pub fn article(self) -> &'static str {
        match self {
            Reservation::Handicap => "L2113-12",
            Reservation::Insertion => "L2113-13",
            Reservation::Inclusive => "L2113-14",
            Reservation::Ess => "L2113-15",
            Reservation::Prison => "L2113-13-1",
        }
    }
}

impl fmt::Display for Reservation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

impl FromStr for Reservation {
    type Err = UnknownReservation;

    /// Reads a keyword (any case, accents ignored) or the article itself (`L2113-13`, `L.2113-13`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = fold(s.trim()).replace(['.', ' '], "");
        ALL_RESERVATIONS
            .into_iter()
            .find(|r| wanted == r.keyword() || wanted == r.article().to_ascii_lowercase())
            .ok_or_else(|| UnknownReservation(s.trim().to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keywords_and_articles() {
        assert_eq!("insertion".parse::<Reservation>().unwrap(), Reservation::Insertion);
        assert_eq!("ESS".parse::<Reservation>().unwrap(), Reservation::Ess);
        assert_eq!("L. 2113-12".parse::<Reservation>().unwrap(), Reservation::Handicap);
        assert_eq!("l2113-13-1".parse::<Reservation>().unwrap(), Reservation::Prison);
        for r in ALL_RESERVATIONS {
            assert_eq!(r.keyword().parse::<Reservation>().unwrap(), r);
        }
    }

    #[test]
    fn unknown_keyword_lists_the_accepted_ones() {
        let err = "solidaire".parse::<Reservation>().unwrap_err();
        let text = err.to_string();
        assert!(text.contains("« solidaire »"), "{text}");
        for r in ALL_RESERVATIONS {
            assert!(text.contains(r.keyword()), "{text}");
        }
    }
}
