//! Reserved markets (CCP L2113-12 to L2113-16, R2113-7, R2113-8; dir. 2014/24 art. 20 and 77): the
//! facts of each regime, and the conditions a reserved lot must meet.
//!
//! Who qualifies for each regime is in [`crate::law::eligibility`].

use jiff::ToSpan;
use jiff::civil::{Date, date};

use super::LawConfig;
use super::services::is_art77_service;
use crate::domain::cpv::Cpv;
pub use crate::domain::need::PastAward;
use crate::domain::need::{BuyerKind, Reservation};
use crate::domain::siret::Siret;

/// A reserved-market regime. The same type as the keyword of a need ([`Reservation`]): this module
/// adds the legal facts of each one ([`Reservation::facts`]).
pub type Regime = Reservation;

/// The legal facts of one regime.
#[derive(Debug, Clone, PartialEq)]
pub struct RegimeFacts {
    /// The regime.
    pub regime: Regime,
    /// French label shown to buyers.
    pub label: &'static str,
    /// Who may bid, in French.
    pub beneficiaries: &'static str,
    /// First day the regime exists (consultations launched from that day).
    pub since: Date,
    /// The text that created it, with ⚠️ when its date is uncertain.
    pub since_source: &'static str,
    /// The eForms code of BT-71 "reserved participation": `res-ws` (dir. art. 20) or `res-pub-ser`
    /// (art. 77); `None` for the prison reservation, a national regime with no code of its own ⚠️.
    pub eforms_code: Option<&'static str>,
    /// Minimum share of disabled, disadvantaged or detained workers the holder must employ (R2113-7).
    pub min_share_of_workers: Option<f64>,
}

/// The facts of every regime, in the order of [`crate::domain::need::ALL_RESERVATIONS`].
pub static REGIMES: [RegimeFacts; 5] = [
    RegimeFacts {
        regime: Regime::Handicap,
        label: "Marché réservé aux entreprises adaptées et aux ESAT (L2113-12)",
        beneficiaries: "EA, EATT, ESAT et structures équivalentes employant au moins 50 % de travailleurs handicapés",
        since: date(2016, 4, 1),
        since_source: "ordonnance 2015-899 art. 36 I, codified as L2113-12 on 1 Apr 2019",
        eforms_code: Some("res-ws"),
        min_share_of_workers: Some(0.5),
    },
    RegimeFacts {
        regime: Regime::Insertion,
        label: "Marché réservé aux structures d'insertion par l'activité économique (L2113-13)",
        beneficiaries: "SIAE (EI, ETTI, AI, ACI ; C. trav. L5132-4) et structures équivalentes employant au moins 50 % de travailleurs défavorisés",
        since: date(2016, 4, 1),
        since_source: "ordonnance 2015-899 art. 36 II, codified as L2113-13 on 1 Apr 2019",
        eforms_code: Some("res-ws"),
        min_share_of_workers: Some(0.5),
    },
    RegimeFacts {
        regime: Regime::Inclusive,
        label: "Marché réservé à la fois aux EA/ESAT et aux SIAE (L2113-14)",
        beneficiaries: "les bénéficiaires de L2113-12 et ceux de L2113-13, sur le même lot",
        since: date(2020, 12, 9),
        since_source: "loi ASAP n° 2020-1525 of 7 Dec 2020, art. 141 (JO 8 Dec 2020) ⚠️ entry into force taken as the next day",
        eforms_code: Some("res-ws"),
        min_share_of_workers: Some(0.5),
    },
    RegimeFacts {
        regime: Regime::Ess,
        label: "Marché réservé aux entreprises de l'économie sociale et solidaire (L2113-15)",
        beneficiaries: "entreprises de l'ESS (art. 1 loi 2014-856) remplissant les conditions de L2113-16, pour les seuls services sociaux et spécifiques de la liste de l'art. 77",
        since: date(2016, 4, 1),
        since_source: "ordonnance 2015-899 art. 37, codified as L2113-15 on 1 Apr 2019",
        eforms_code: Some("res-pub-ser"),
        min_share_of_workers: None,
    },
    RegimeFacts {
        regime: Regime::Prison,
        label: "Marché réservé à la production en établissement pénitentiaire (L2113-13-1)",
        beneficiaries: "opérateurs exécutant le marché par une production en établissement pénitentiaire avec au moins 50 % de personnes détenues",
        since: date(2022, 10, 19),
        since_source: "ordonnance 2022-1336 of 19 Oct 2022 ⚠️ date of the ordonnance, entry into force unchecked",
        eforms_code: None,
        min_share_of_workers: Some(0.5),
    },
];

impl Reservation {
    /// The legal facts of this regime.
    pub fn facts(self) -> &'static RegimeFacts {
        match self {
            Regime::Handicap => &REGIMES[0],
            Regime::Insertion => &REGIMES[1],
            Regime::Inclusive => &REGIMES[2],
            Regime::Ess => &REGIMES[3],
            Regime::Prison => &REGIMES[4],
        }
    }

    /// The French label of the regime.
    pub fn label(self) -> &'static str {
        self.facts().label
    }
}

/// Why a reservation is not possible.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReservationError {
    /// L2113-15 on a CPV code outside the art. 77 list; `index` is its position in the lot's codes.
    #[error(
        "L2113-15 ne s'applique pas au code CPV {cpv} : la réservation ESS est limitée aux services sociaux et spécifiques de la liste de l'art. 77 (santé et action sociale, enseignement et formation, culture, sport…)"
    )]
    CpvNotListed {
        /// Position of the code among the lot's CPV codes.
        index: usize,
        /// The code.
        cpv: Cpv,
    },
    /// L2113-15 on a lot without a CPV code, none of which can be inferred from its words.
    #[error(
        "la réservation L2113-15 n'est possible que pour les services sociaux et spécifiques de la liste de l'art. 77 : indiquer le code CPV (aucun code ne se déduit de l'objet)"
    )]
    CpvMissing,
    /// L2113-15 on a lot without a CPV code, whose words point to a code outside the art. 77 list.
    #[error(
        "code CPV déduit de l'objet : {cpv} ; L2113-15 ne s'applique pas à ce code : la réservation ESS est limitée aux services sociaux et spécifiques de la liste de l'art. 77 (indiquer le code CPV exact si l'objet en relève)"
    )]
    InferredCpvNotListed {
        /// The code inferred from the lot's words.
        cpv: Cpv,
    },
    /// L2113-15 for longer than allowed.
    #[error(
        "un marché réservé au titre de L2113-15 ne peut pas durer plus de {max} mois (R2113-8 ; dir. 2014/24 art. 77(3)) : {months} mois prévus"
    )]
    TooLong {
        /// The planned duration.
        months: u32,
        /// The maximum ([`LawConfig::ess_max_duration_months`]).
        max: u32,
    },
    /// L2113-15 by an entité adjudicatrice.
    #[error(
        "seul un pouvoir adjudicateur peut réserver un marché au titre de L2113-15 : une entité adjudicatrice ne le peut pas (indiquer \"kind\": \"local\" ou \"state\" si l'acheteur est un pouvoir adjudicateur)"
    )]
    NotPouvoirAdjudicateur,
    /// A regime used before it existed.
    #[error("la réservation {article} n'existe qu'à partir du {since} : impossible pour une consultation du {date}")]
    NotYetInForce {
        /// Its article.
        article: &'static str,
        /// First day it exists.
        since: Date,
        /// The consultation date.
        date: Date,
    },
    /// The supplier already won an L2113-15 contract for the same services from the same buyer recently.
    #[error(
        "ce fournisseur a obtenu de cet acheteur, le {awarded_on}, un marché réservé L2113-15 pour des services comparables (CPV {cpv}) : pas de nouvelle attribution à ce titre avant le {until} (L2113-16 ; dir. 2014/24 art. 77(2)(d))"
    )]
    RecentEssAward {
        /// Date of the earlier award.
        awarded_on: Date,
        /// First day a new award is possible.
        until: Date,
        /// A CPV code of the earlier award that matches the lot.
        cpv: Cpv,
    },
}

/// Checks that `reservation` exists on the consultation date (L2113-14 only since loi ASAP…).
pub fn check_reservation_in_force(reservation: Regime, consultation_date: Date) -> Result<(), ReservationError> {
    let facts = reservation.facts();
    if consultation_date < facts.since {
        return Err(ReservationError::NotYetInForce {
            article: reservation.article(),
            since: facts.since,
            date: consultation_date,
        });
    }
    Ok(())
}

/// Checks the conditions a lot must meet to be reserved.
///
/// - L2113-15 (ESS): every CPV code on the art. 77 list, and at least one code (without one, the list
///   cannot be checked: the caller infers the code from the lot's words, see [`crate::law::need`]),
///   a pouvoir adjudicateur only, at most [`LawConfig::ess_max_duration_months`] (R2113-8 ⚠️). The
///   3-year same-buyer rule depends on the supplier: see [`check_ess_repeat_award`].
/// - L2113-12, L2113-13, L2113-14: no condition on the lot itself (the 50 % share is the supplier's).
/// - L2113-13-1 (prison): L2113-14 forbids combining it with another reservation; a need or a lot
///   carries a single keyword, so a combination cannot be expressed and there is nothing to check.
pub fn check_lot_reservation(
    reservation: Regime,
    cpvs: &[Cpv],
    duration_months: Option<u32>,
    buyer_kind: BuyerKind,
    config: &LawConfig,
) -> Result<(), ReservationError> {
    if reservation != Regime::Ess {
        return Ok(());
    }
    if !buyer_kind.is_pouvoir_adjudicateur() {
        return Err(ReservationError::NotPouvoirAdjudicateur);
    }
    if cpvs.is_empty() {
        return Err(ReservationError::CpvMissing);
    }
    if let Some((index, cpv)) = cpvs.iter().enumerate().find(|(_, c)| !is_art77_service(c)) {
        return Err(ReservationError::CpvNotListed { index, cpv: cpv.clone() });
    }
    match duration_months {
        Some(months) if months > config.ess_max_duration_months => {
            Err(ReservationError::TooLong { months, max: config.ess_max_duration_months })
        }
        _ => Ok(()),
    }
}

/// The L2113-16 rule (dir. 2014/24 art. 77(2)(d)) ⚠️: a supplier that won an L2113-15 contract for the
/// same services from the same buyer in the last [`LawConfig::ess_repeat_award_years`] years cannot win
/// another under that article. "Same services" = sharing [`LawConfig::ess_same_services_cpv_digits`]
/// leading CPV digits with a code of the lot. `past_awards` may hold any awards; the others are ignored.
pub fn check_ess_repeat_award(
    supplier: &Siret,
    buyer: &str,
    lot_cpvs: &[Cpv],
    consultation_date: Date,
    past_awards: &[PastAward],
    config: &LawConfig,
) -> Result<(), ReservationError> {
    let years = i64::from(config.ess_repeat_award_years);
    let digits = config.ess_same_services_cpv_digits.clamp(2, 8);
    for award in past_awards {
        if award.regime != Some(Regime::Ess) || &award.supplier != supplier || !same_buyer(&award.buyer, buyer) {
            continue;
        }
        let until = award.awarded_on.saturating_add(years.years());
        if award.awarded_on > consultation_date || consultation_date >= until {
            continue;
        }
        let shared =
            award.cpv.iter().find(|past| lot_cpvs.iter().any(|c| c.as_str()[..digits] == past.as_str()[..digits]));
        if let Some(cpv) = shared {
            return Err(ReservationError::RecentEssAward { awarded_on: award.awarded_on, until, cpv: cpv.clone() });
        }
    }
    Ok(())
}

/// Two buyer identifiers name the same legal person: same SIREN when both start with 9 digits,
/// otherwise the same text (spaces ignored).
fn same_buyer(a: &str, b: &str) -> bool {
    let clean = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let (a, b) = (clean(a), clean(b));
    let siren = |s: &str| s.get(..9).filter(|p| p.bytes().all(|c| c.is_ascii_digit())).map(str::to_string);
    match (siren(&a), siren(&b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
#[path = "reservation_tests.rs"]
mod tests;
