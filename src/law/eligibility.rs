//! Which reserved-market regimes a supplier may bid under, from its statuses and legal form, with the
//! grounds (written in French by `crate::wording::law`).

use super::LawConfig;
use super::reservation::Regime;
use crate::domain::kind::Kind;
use crate::domain::need::{ALL_RESERVATIONS, Reservation};
use crate::domain::text::words;

/// Whether a supplier may bid under one regime, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Eligibility {
    /// The regime.
    pub regime: Regime,
    /// True when the supplier's statuses qualify it.
    pub eligible: bool,
    /// Why: the statuses or legal form that qualify it, or the one reason it does not qualify.
    /// `crate::wording::law` writes them in French with their articles.
    pub grounds: Vec<Ground>,
}

/// One reason of an eligibility, with the article it rests on (see the wording).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ground {
    /// A status the regime's article names: EA or ESAT (L2113-12), ACI, EI, AI or ETTI (L2113-13 via
    /// C. trav. L5132-4), SCIC, SCOP, ESUS or ESS (L2113-15 via art. 1 loi 2014-856), SEP (L2113-13-1).
    Status(Kind),
    /// An EATT retained for L2113-12 by [`LawConfig::eatt_counts_for_handicap`] ⚠️.
    EattByConfig,
    /// An EITI counted as an SIAE by [`LawConfig::eiti_counts_as_siae`] ⚠️.
    EitiByConfig,
    /// An ESS legal form (association, coopérative, mutuelle, fondation; art. 1 II 1° loi 2014-856).
    EssLegalForm(&'static str),
    /// L2113-16's conditions, reminded with every L2113-15 eligibility.
    EssConditions,
    /// Not eligible: an EATT left out of L2113-12 by the configuration.
    EattExcludedByConfig,
    /// Not eligible to L2113-12: a GEIQ.
    GeiqNotHandicap,
    /// Not eligible to L2113-12: neither EA, EATT nor ESAT.
    NotHandicap,
    /// Not eligible to L2113-13: an EITI (experimental status) ⚠️.
    EitiNotSiae,
    /// Not eligible to L2113-13: a GEIQ.
    GeiqNotSiae,
    /// Not eligible to L2113-13: not an SIAE.
    NotSiae,
    /// Not eligible to L2113-14: neither EA/ESAT nor SIAE.
    NotInclusive,
    /// Not eligible to L2113-15: an SIAE, EA or ESAT whose legal form is unknown.
    EssFormUnknown,
    /// Not eligible to L2113-15: this legal form is not of the ESS.
    NotEssForm(String),
    /// Not eligible to L2113-15: no ESS status nor legal form.
    NotEss,
    /// Not eligible to L2113-13-1: no production in prison.
    NotPrison,
}

/// The eligibility of a supplier to each regime, in the order of [`ALL_RESERVATIONS`].
///
/// - L2113-12: EA, ESAT, and EATT unless [`LawConfig::eatt_counts_for_handicap`] is off ⚠️.
/// - L2113-13: ACI, EI, AI, ETTI (SIAE of C. trav. L5132-4); EITI only if
///   [`LawConfig::eiti_counts_as_siae`] ⚠️; GEIQ never (not an SIAE, but counts for insertion clauses).
/// - L2113-14: eligible to either of the above.
/// - L2113-15: enterprises of the ESS under art. 1 of loi 2014-856: SCIC, SCOP, ESUS, ESS, and any
///   association, coopérative, mutuelle or fondation by its legal form (so SIAE and EA that are
///   associations qualify).
/// - L2113-13-1: SEP.
pub fn eligible_regimes(kinds: &[Kind], legal_form: Option<&str>, config: &LawConfig) -> Vec<Eligibility> {
    ALL_RESERVATIONS
        .into_iter()
        .map(|regime| {
            let grounds = match regime {
                Reservation::Handicap => handicap(kinds, config),
                Reservation::Insertion => insertion(kinds, config),
                Reservation::Inclusive => inclusive(kinds, config),
                Reservation::Ess => ess(kinds, legal_form),
                Reservation::Prison => prison(kinds),
            };
            let eligible = grounds.first().is_some_and(Ground::qualifies);
            Eligibility { regime, eligible, grounds }
        })
        .collect()
}

/// True when a supplier with these eligibilities may answer a lot with this reservation (always, when
/// the lot is not reserved).
pub fn supplier_allowed(reservation: Option<Reservation>, eligibilities: &[Eligibility]) -> bool {
    match reservation {
        None => true,
        Some(r) => eligibilities.iter().any(|e| e.regime == r && e.eligible),
    }
}

/// The articles of the regimes the supplier is eligible to (`["L2113-13", "L2113-14"]`).
pub fn eligible_articles(eligibilities: &[Eligibility]) -> Vec<&'static str> {
    eligibilities.iter().filter(|e| e.eligible).map(|e| e.regime.article()).collect()
}

impl Ground {
    /// True for a reason that qualifies the supplier.
    pub fn qualifies(&self) -> bool {
        matches!(
            self,
            Ground::Status(_)
                | Ground::EattByConfig
                | Ground::EitiByConfig
                | Ground::EssLegalForm(_)
                | Ground::EssConditions
        )
    }
}

fn handicap(kinds: &[Kind], config: &LawConfig) -> Vec<Ground> {
    let grounds: Vec<Ground> = kinds
        .iter()
        .filter_map(|kind| match kind {
            Kind::Ea | Kind::Esat => Some(Ground::Status(*kind)),
            Kind::Eatt if config.eatt_counts_for_handicap => Some(Ground::EattByConfig),
            _ => None,
        })
        .collect();
    if !grounds.is_empty() {
        return grounds;
    }
    vec![if kinds.contains(&Kind::Eatt) {
        Ground::EattExcludedByConfig
    } else if kinds.contains(&Kind::Geiq) {
        Ground::GeiqNotHandicap
    } else {
        Ground::NotHandicap
    }]
}

fn insertion(kinds: &[Kind], config: &LawConfig) -> Vec<Ground> {
    let grounds: Vec<Ground> = kinds
        .iter()
        .filter_map(|kind| match kind {
            Kind::Aci | Kind::Ei | Kind::Ai | Kind::Etti => Some(Ground::Status(*kind)),
            Kind::Eiti if config.eiti_counts_as_siae => Some(Ground::EitiByConfig),
            _ => None,
        })
        .collect();
    if !grounds.is_empty() {
        return grounds;
    }
    vec![if kinds.contains(&Kind::Eiti) {
        Ground::EitiNotSiae
    } else if kinds.contains(&Kind::Geiq) {
        Ground::GeiqNotSiae
    } else {
        Ground::NotSiae
    }]
}

fn inclusive(kinds: &[Kind], config: &LawConfig) -> Vec<Ground> {
    let grounds: Vec<Ground> =
        handicap(kinds, config).into_iter().chain(insertion(kinds, config)).filter(Ground::qualifies).collect();
    if grounds.is_empty() { vec![Ground::NotInclusive] } else { grounds }
}

fn ess(kinds: &[Kind], legal_form: Option<&str>) -> Vec<Ground> {
    let mut grounds: Vec<Ground> = kinds
        .iter()
        .filter(|k| matches!(k, Kind::Scic | Kind::Scop | Kind::Esus | Kind::Ess))
        .map(|k| Ground::Status(*k))
        .collect();
    if let Some(form) = legal_form.and_then(ess_legal_form) {
        grounds.push(Ground::EssLegalForm(form));
    }
    if !grounds.is_empty() {
        grounds.push(Ground::EssConditions);
        return grounds;
    }
    let inclusive_kind = kinds.iter().any(|k| matches!(k.family(), "siae" | "handicap"));
    vec![match (inclusive_kind, legal_form) {
        (true, None) => Ground::EssFormUnknown,
        (_, Some(form)) => Ground::NotEssForm(form.to_string()),
        (false, None) => Ground::NotEss,
    }]
}

/// The ESS family of a legal form written in free text ("Association loi 1901", "SA coopérative"…).
fn ess_legal_form(legal_form: &str) -> Option<&'static str> {
    let words = words(legal_form);
    let has = |prefixes: &[&str]| words.iter().any(|w| prefixes.iter().any(|p| w.starts_with(p)));
    if has(&["associat"]) || legal_form.contains("1901") {
        Some("association")
    } else if has(&["cooperat", "scop", "scic"]) || words.iter().any(|w| w == "coop") {
        Some("coopérative")
    } else if has(&["mutuel", "mutualis"]) {
        Some("mutuelle")
    } else if has(&["fondation"]) {
        Some("fondation")
    } else {
        None
    }
}

fn prison(kinds: &[Kind]) -> Vec<Ground> {
    vec![if kinds.contains(&Kind::Sep) { Ground::Status(Kind::Sep) } else { Ground::NotPrison }]
}

#[cfg(test)]
#[path = "eligibility_tests.rs"]
mod tests;
