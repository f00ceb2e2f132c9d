//! Reserved-market codes as published, translated to essor's regimes.
//!
//! The notices code reservations after the directive, essor after the Code de la commande publique:
//!
//! - eForms BT-71 `res-ws`, TED `RESTRICTED_SHELTERED_WORKSHOP` and `RESTRICTED_SHELTERED_PROGRAM`, BOAMP
//!   `MARCHE_RESERVE_OUI` (with `ATELIERS_PROTEGES` / `EMPLOIS_PROTEGES`) all state a reservation under
//!   art. 20 of directive 2014/24/EU: sheltered workshops *and* economic operators whose aim is the social and
//!   professional integration of disabled *or* disadvantaged persons. French law transposes art. 20 in two
//!   articles: L2113-12 (entreprises adaptées, ESAT: disabled workers) and L2113-13 (SIAE: disadvantaged
//!   workers). A code that does not say which of the two the buyer chose is read as both, which L2113-14
//!   allows on the same lot since loi 2020-1525: [`Reservation::Inclusive`]. Both kinds of structures may
//!   then answer, which is what an alert must not hide from either.
//! - eForms BT-71 `res-pub-ser` and TED `RESERVED_ORGANISATIONS_SERVICE_MISSION` state a reservation under
//!   art. 77 of the directive (organisations pursuing a public-service mission, for the listed social,
//!   health and cultural services, at most 3 years), transposed by L2113-15: [`Reservation::Ess`].
//! - When the notice's own words cite one article (« réservé … en application de l'article L. 2113-13 »),
//!   that article decides (see [`from_articles`]).
//! - `none`, `MARCHE_RESERVE_NON` and the other BOAMP markers (`PRESTATION_RESERVEE_OUI` reserves the service
//!   to a profession, such as architects; `LOTS_RESERVE_POUVOIR_ADJUDICATEUR` is about combining lots) are
//!   kept as published but reserve nothing.

use crate::domain::need::Reservation;
use crate::domain::text::fold;

/// The regime a published code reserves the lot to, if it reserves it.
pub fn regime(code: &str) -> Option<Reservation> {
    match code.trim() {
        "res-ws"
        | "RESTRICTED_SHELTERED_WORKSHOP"
        | "RESTRICTED_SHELTERED_PROGRAM"
        | "MARCHE_RESERVE_OUI"
        | "ATELIERS_PROTEGES"
        | "EMPLOIS_PROTEGES" => Some(Reservation::Inclusive),
        "res-pub-ser" | "RESERVED_ORGANISATIONS_SERVICE_MISSION" => Some(Reservation::Ess),
        code if code.starts_with("LOTS_RESERVE") && code.ends_with("_OUI") => Some(Reservation::Inclusive),
        _ => None,
    }
}

/// The regime of a list of published codes: the ESS one when `res-pub-ser` is there, else the art. 20 one,
/// else none.
pub fn regime_of_codes(codes: &[String]) -> Option<Reservation> {
    let regimes: Vec<Reservation> = codes.iter().filter_map(|c| regime(c)).collect();
    if regimes.contains(&Reservation::Ess) { Some(Reservation::Ess) } else { regimes.first().copied() }
}

/// The regime a French text cites by article, when it cites exactly one kind: L2113-12 → handicap,
/// L2113-13 → insertion, both or L2113-14 → inclusive, L2113-15 → ess, L2113-13-1 → prison.
pub fn from_articles(text: &str) -> Option<Reservation> {
    let folded = fold(text).replace([' ', '.', '\u{a0}'], "");
    let cites = |article: &str| {
        folded.match_indices(article).any(|(at, _)| {
            // `l2113-13` must not be read inside `l2113-13-1`.
            !folded[at + article.len()..].starts_with("-1")
        })
    };
    let prison = folded.contains("l2113-13-1");
    let handicap = cites("l2113-12");
    let insertion = cites("l2113-13");
    let both = cites("l2113-14") || (handicap && insertion);
    let ess = cites("l2113-15");
    match (handicap, insertion, both, ess, prison) {
        (_, _, true, false, false) => Some(Reservation::Inclusive),
        (true, false, false, false, false) => Some(Reservation::Handicap),
        (false, true, false, false, false) => Some(Reservation::Insertion),
        (false, false, false, true, false) => Some(Reservation::Ess),
        (false, false, false, false, true) => Some(Reservation::Prison),
        _ => None,
    }
}

/// The regime of the codes, narrowed by the articles the notice cites: an art. 20 code (read as
/// [`Reservation::Inclusive`]) becomes the L2113-12 or L2113-13 reservation the buyer's words name. An ESS
/// code is never narrowed to another regime.
pub fn narrowed(regime: Option<Reservation>, cited: Option<Reservation>) -> Option<Reservation> {
    match (regime, cited) {
        (
            Some(Reservation::Inclusive),
            Some(c @ (Reservation::Handicap | Reservation::Insertion | Reservation::Inclusive)),
        ) => Some(c),
        (regime, _) => regime,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_regimes() {
        assert_eq!(regime("res-ws"), Some(Reservation::Inclusive));
        assert_eq!(regime("RESTRICTED_SHELTERED_PROGRAM"), Some(Reservation::Inclusive));
        assert_eq!(regime("res-pub-ser"), Some(Reservation::Ess));
        assert_eq!(regime("RESERVED_ORGANISATIONS_SERVICE_MISSION"), Some(Reservation::Ess));
        for none in ["none", "MARCHE_RESERVE_NON", "PRESTATION_RESERVEE_OUI", "LOTS_RESERVE_POUVOIR_ADJUDICATEUR"] {
            assert_eq!(regime(none), None, "{none}");
        }
        let codes = vec!["res-ws".to_string(), "res-pub-ser".to_string()];
        assert_eq!(regime_of_codes(&codes), Some(Reservation::Ess));
    }

    #[test]
    fn articles_cited_narrow_the_regime() {
        assert_eq!(
            from_articles("réservé en application de l'article L. 2113-13 du CCP"),
            Some(Reservation::Insertion)
        );
        assert_eq!(from_articles("articles L2113-12 et L2113-13"), Some(Reservation::Inclusive));
        assert_eq!(from_articles("art. L.2113-12"), Some(Reservation::Handicap));
        assert_eq!(from_articles("L2113-15"), Some(Reservation::Ess));
        assert_eq!(from_articles("L2113-13-1"), Some(Reservation::Prison));
        assert_eq!(from_articles("aucune réservation"), None);
    }
}
