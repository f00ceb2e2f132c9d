//! What the engine answers for each lot, as values: the ranked suppliers with their typed score
//! details and reasons, those a reservation excludes, and the advice block. The edges render them in
//! French with [`crate::wording::matching`].

use crate::domain::need::Reservation;
use crate::domain::{Cpv, CpvLevel, Kind};
use crate::law::lots::SmallLotCheck;
use crate::law::obligations::ObligationCheck;
use crate::law::value::DecidingValue;
use crate::law::{Eligibility, InsertionClause, ProcedureAdvice, ThresholdRow};

/// The weighted components of a score; their sum is the score.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ScoreDetail {
    /// Text relevance (BM25 of the lot's words, scaled to the best hit), weighted.
    pub text: f64,
    /// Proximity of the supplier's declared CPV codes to the lot's, weighted.
    pub cpv: f64,
    /// Proximity of the CPV prefixes of the supplier's sectors to the lot's codes, weighted.
    pub sector_cpv: f64,
    /// A sector (or only a family of sectors) shared with the lot, weighted.
    pub sector: f64,
    /// Nearness to the place, weighted.
    pub proximity: f64,
    /// Located in one of the lot's départements, weighted.
    pub same_department: f64,
    /// What its kind typically does, for a record that does not say (`domain::trade`), weighted.
    pub kind: f64,
}

impl ScoreDetail {
    /// The score: the sum of the components.
    pub fn total(&self) -> f64 {
        self.text + self.cpv + self.sector_cpv + self.sector + self.proximity + self.same_department + self.kind
    }

    /// Keeps the strongest of the text, sector-CPV and sector components and sets the others to 0:
    /// for a record that says little, all three read the same few words (its name and NAF code), so
    /// they are one piece of evidence and count once.
    pub fn count_words_once(&mut self) {
        let strongest = self.text.max(self.sector_cpv).max(self.sector);
        let mut kept = false;
        for part in [&mut self.text, &mut self.sector_cpv, &mut self.sector] {
            if *part == strongest && !kept {
                kept = true;
            } else {
                *part = 0.0;
            }
        }
    }
}

/// How sure it is that a supplier does the lot's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Relevance {
    /// Within reach, but its record says it does other work: shown apart, « proche mais hors métier ».
    Nearby,
    /// Its record does not say what it does, but structures of its kind typically do this work (or
    /// it provides staff for work of this kind); or the lot's own work could not be identified.
    Presumed,
    /// Its record says it does the work: a shared sector, a CPV code of the same class, or the lot's
    /// words found in it (at least [`crate::matching::Weights::text_evidence`] of the best text hit).
    Stated,
}

/// Why a supplier is proposed for a lot: one typed reason per component that counts, and the facts
/// the buyer needs besides.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// It qualifies for the lot's reservation.
    Eligible(Eligibility),
    /// The lot's words are found in its record; `share` is the text relevance, 0 to 1.
    Text {
        /// Text relevance scaled to the best hit.
        share: f64,
    },
    /// The lot's words found in its record are those naming the lot's place (its town, a name
    /// taken from the place): a hit that would be evidence of its trade on other words, and is not.
    PlaceWords {
        /// Text relevance scaled to the best hit.
        share: f64,
    },
    /// One of its declared CPV codes shares a level of the hierarchy with the lot's.
    DeclaredCpv {
        /// The level shared.
        level: CpvLevel,
        /// Its code.
        theirs: Cpv,
        /// The lot's code.
        ours: Cpv,
    },
    /// A CPV prefix of one of its sectors meets the lot's codes.
    SectorCpv {
        /// The level shared.
        level: CpvLevel,
        /// The digits shared.
        prefix: String,
        /// The sector (its key in the taxonomy).
        sector: String,
    },
    /// It is filed under one of the lot's sectors.
    Sector {
        /// The sector's key.
        sector: String,
    },
    /// It shares only a family of sectors with the lot.
    Family {
        /// The family's key.
        family: String,
    },
    /// Its distance to the place.
    Distance {
        /// Kilometres.
        km: f64,
    },
    /// Its site could not be placed, so its distance is unknown.
    DistanceUnknown,
    /// It is located in one of the lot's départements.
    SameDepartment {
        /// Its département.
        department: String,
    },
    /// It works in the whole country.
    WorksNationally,
    /// It works in the lot's région.
    WorksInRegion,
    /// It works in the lot's département though located elsewhere.
    WorksInDepartment,
    /// Its record does not say what it does; structures of its kind typically (or possibly) do work
    /// of this family.
    TypicalOfKind {
        /// The kind.
        kind: Kind,
        /// The family of sectors (its key in the taxonomy).
        family: String,
        /// How typical.
        affinity: crate::domain::trade::Affinity,
    },
    /// The lot's work is the mission of its kind (the insertion pathway of an SIAE,
    /// `domain::trade::MISSION_FAMILIES`), whatever trade its record names.
    MissionOfKind {
        /// The kind.
        kind: Kind,
        /// The family of sectors (its key in the taxonomy).
        family: String,
        /// How typical.
        affinity: crate::domain::trade::Affinity,
    },
    /// Its record says little and names another trade, but its kind runs workshops of several trades
    /// (`domain::trade::runs_several_workshops`), and work of this family is among what its kind does.
    OtherWorkshop {
        /// The kind (ACI or ESAT).
        kind: Kind,
        /// The family of sectors (its key in the taxonomy).
        family: String,
    },
    /// It provides staff, and its agents do work of this family.
    ProvidesStaffFor {
        /// The family of sectors (its key in the taxonomy).
        family: String,
    },
    /// It works for its members only (a GEIQ places its people with the companies that belong to
    /// it, C. trav. L1253-1): not the contractor of a lot, though it may take a clause's hours.
    MembersOnly,
    /// The lot gave no CPV code: the one used was read from its words.
    CpvInferred(InferredCpv),
    /// Its turnover is far below what the buyer may require: to propose in a groupement.
    NeedsPartners(PartnersNeed),
}

/// A CPV code read from the words of a lot that gave none.
#[derive(Debug, Clone, PartialEq)]
pub struct InferredCpv {
    /// The code.
    pub code: Cpv,
    /// The sector whose words the lot uses (its key in the taxonomy).
    pub sector: String,
}

/// A turnover far below the highest minimum the buyer may require (R2142-7).
#[derive(Debug, Clone, PartialEq)]
pub struct PartnersNeed {
    /// The supplier's turnover, in euros.
    pub revenue_eur: f64,
    /// The highest minimum turnover the buyer may require, in euros.
    pub cap_eur: f64,
    /// The lot's value, in euros.
    pub value_eur: f64,
    /// The row of the threshold table setting the cap (its factor and article).
    pub rule: &'static ThresholdRow,
}

/// One supplier proposed for a lot.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchResult {
    /// SIRET.
    pub siret: String,
    /// The name a person knows it by.
    pub name: String,
    /// Its statuses.
    pub kinds: Vec<Kind>,
    /// Town of its site.
    pub city: String,
    /// Département of its site.
    pub department: String,
    /// Ranking score (higher is better): the sum of `detail`.
    pub score: f64,
    /// The components of the score.
    pub detail: ScoreDetail,
    /// How sure it is that it does the work.
    pub relevance: Relevance,
    /// The regimes of reserved markets it qualifies for.
    pub eligible: Vec<Reservation>,
    /// Distance to the lot's place in kilometres, when both are known.
    pub distance_km: Option<f64>,
    /// Why it is proposed, strongest first.
    pub reasons: Vec<Reason>,
    /// When its turnover is far below what the buyer may require: to propose in a groupement.
    pub needs_partners: Option<PartnersNeed>,
    /// The network or group it belongs to, if any.
    pub network: Option<String>,
}

/// A supplier left out of a reserved lot, with the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Excluded {
    /// SIRET.
    pub siret: String,
    /// Name.
    pub name: String,
    /// Its statuses.
    pub kinds: Vec<Kind>,
    /// The regime of the lot.
    pub regime: Reservation,
    /// Why it cannot answer this lot.
    pub why: Exclusion,
}

/// Why a supplier cannot answer a reserved lot.
#[derive(Debug, Clone, PartialEq)]
pub enum Exclusion {
    /// Its statuses do not qualify it (the law's reason).
    NotEligible(Eligibility),
    /// The 3-year rule of L2113-16: a recent L2113-15 award by the same buyer (the law's reason).
    RecentAward(String),
}

/// How many suppliers able to do the lot, within reach, qualify for one regime.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RegimeCount {
    /// The regime.
    pub regime: Reservation,
    /// The number of eligible suppliers within reach able to do the work ([`Relevance::Stated`] or
    /// [`Relevance::Presumed`]).
    pub count: usize,
    /// Of them, those only presumed able ([`Relevance::Presumed`]).
    pub presumed: usize,
    /// True when that is at least the competition wanted.
    pub keeps_competition: bool,
}

/// The insertion clause of a lot and who can take its hours.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseAdvice {
    /// The clause.
    pub clause: InsertionClause,
    /// SIAE, GEIQ, EA, EATT and ESAT within reach that can take these hours, counted by legal unit.
    pub takers_within_reach: usize,
}

/// A reservation checked on the CPV code inferred from the lot's words, the lot giving none (L2113-15
/// is limited to the services of the art. 77 list).
#[derive(Debug, Clone, PartialEq)]
pub struct InferredCpvCheck {
    /// The reservation checked.
    pub regime: Reservation,
    /// The code inferred from the words.
    pub cpv: Cpv,
    /// True when the reservation is allowed on that code.
    pub allowed: bool,
}

/// The advice block of a lot.
#[derive(Debug, Clone, PartialEq)]
pub struct LotAdvice {
    /// Eligible suppliers within reach, per regime.
    pub eligible_within_reach: Vec<RegimeCount>,
    /// The competition wanted on a reserved lot (`min_competitors`).
    pub competitors_wanted: usize,
    /// The procedure; `None` when the lot has no CPV code, given or inferred.
    pub procedure: Option<ProcedureAdvice>,
    /// For a purchase without publicity: the 3 to 5 ESS suppliers to ask for a quote (SIRET, name).
    pub suppliers_to_consult: Vec<(String, String)>,
    /// The insertion clause, for an unreserved lot with a value in a labour-intensive trade.
    pub insertion_clause: Option<ClauseAdvice>,
    /// The value the procedure and the EU-threshold rules are judged on; `None` without a CPV code.
    pub deciding_value: Option<DecidingValue>,
    /// The clauses and criteria the law makes mandatory or leaves optional (L2112-2-1, L2112-2, L2152-7).
    pub obligations: Vec<ObligationCheck>,
    /// When the contract is formalised and this lot is among its small lots: it may follow a MAPA
    /// (R2123-1 2°).
    pub small_lot: Option<SmallLotCheck>,
    /// For a lot reserved under L2113-15 without a CPV code: the check on the code inferred from its words.
    pub inferred_cpv_check: Option<InferredCpvCheck>,
}

/// The answer for one lot.
#[derive(Debug, Clone, PartialEq)]
pub struct LotMatch {
    /// The need's identifier.
    pub need: String,
    /// The lot's identifier; `None` for a need without lots.
    pub lot: Option<String>,
    /// The lot's title.
    pub title: String,
    /// The lot's reservation.
    pub reservation: Option<Reservation>,
    /// The CPV codes used (given, or inferred from the text).
    pub cpv: Vec<Cpv>,
    /// How the CPV code was inferred, when the lot gave none.
    pub cpv_inferred: Option<InferredCpv>,
    /// The place's name (« Essonne (91) »), when the lot has one.
    pub place: Option<String>,
    /// The name of the place the buyer gave, when the lot's words named communes of it and the
    /// suppliers were measured to them ([`LotMatch::place`]).
    pub place_given: Option<String>,
    /// Ranked suppliers able to do the work (stated or presumed), best first.
    pub results: Vec<MatchResult>,
    /// A sample of suppliers within reach whose records say they do other work, best first: shown
    /// apart, never mixed into `results`.
    pub nearby: Vec<MatchResult>,
    /// A sample of suppliers the reservation excludes, with the reason (reserved lots only).
    pub excluded: Vec<Excluded>,
    /// The advice block.
    pub advice: LotAdvice,
}
