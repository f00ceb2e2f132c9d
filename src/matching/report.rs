//! What the engine answers for each lot: the ranked suppliers, those a reservation excludes, and the
//! advice block. The same structure feeds the command line (`--format json|jsonl`, tables) and the API.

use serde::Serialize;

/// One supplier proposed for a lot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchResult {
    /// SIRET.
    pub siret: String,
    /// The name a person knows it by.
    pub name: String,
    /// Its statuses (`AI`, `EA`…).
    pub kinds: Vec<String>,
    /// Town of its site.
    pub city: String,
    /// Département of its site.
    pub department: String,
    /// Ranking score (higher is better), rounded to 3 decimals.
    pub score: f64,
    /// Articles of the reserved-market regimes it qualifies for (`L2113-13`…).
    pub eligible: Vec<&'static str>,
    /// Distance to the lot's place, in kilometres (one decimal), when both are known.
    pub distance_km: Option<f64>,
    /// Why it is proposed, in French, strongest reason first.
    pub why: Vec<String>,
    /// True when its turnover is far below what the buyer may require: to propose in a groupement.
    pub needs_partners: bool,
    /// Why it needs partners, in French.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partners_reason: Option<String>,
    /// The network or group it belongs to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
}

/// A supplier left out of a reserved lot, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Excluded {
    /// SIRET.
    pub siret: String,
    /// Name.
    pub name: String,
    /// Its statuses.
    pub kinds: Vec<String>,
    /// Why it cannot answer this lot, in French, with the article.
    pub reason: String,
}

/// How many suppliers able to do the lot, within reach, qualify for one regime.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegimeCount {
    /// The keyword (`handicap`, `insertion`…).
    pub reservation: &'static str,
    /// Its article.
    pub article: &'static str,
    /// The number of eligible suppliers within reach whose trade relates to the lot.
    pub count: usize,
    /// True when that is at least the competition wanted (`min_competitors`).
    pub keeps_competition: bool,
}

/// The procedure the value allows on the consultation date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcedureSummary {
    /// French label of the procedure, `None` when it cannot be decided.
    pub procedure: Option<&'static str>,
    /// French label of the publicity required.
    pub publicity: Option<&'static str>,
    /// True when no publicity nor competition is required (R2122-8).
    pub without_publicity: bool,
    /// Articles.
    pub articles: Vec<&'static str>,
    /// The reasoning, in French.
    pub explanation: String,
}

/// The insertion clause of a lot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClauseSummary {
    /// Insertion hours, rounded.
    pub hours: u64,
    /// The computation and the social condition, in French.
    pub explanation: String,
    /// SIAE, GEIQ, EA, EATT and ESAT within reach that can take these hours.
    pub takers_within_reach: usize,
}

/// The advice block of a lot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LotAdvice {
    /// Eligible suppliers within reach, per regime.
    pub eligible_within_reach: Vec<RegimeCount>,
    /// What that means for a reservation, in French.
    pub reservation: String,
    /// The procedure; `None` when the lot has no CPV code, given or inferred.
    pub procedure: Option<ProcedureSummary>,
    /// For a purchase without publicity: the 3 to 5 ESS suppliers to ask for a quote (SIRET and name).
    pub suppliers_to_consult: Vec<String>,
    /// The insertion clause, for an unreserved lot with a value in a labour-intensive trade.
    pub insertion_clause: Option<ClauseSummary>,
}

/// The answer for one lot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LotMatch {
    /// The need's identifier.
    pub need: String,
    /// The lot's identifier; `null` for a need without lots.
    pub lot: Option<String>,
    /// The lot's title.
    pub title: String,
    /// The reservation keyword of the lot, if reserved.
    pub reservation: Option<&'static str>,
    /// The CPV codes used (given, or inferred from the text).
    pub cpv: Vec<String>,
    /// How the CPV code was inferred, when the lot gave none.
    pub cpv_inferred: Option<String>,
    /// The place, in French.
    pub place: Option<String>,
    /// Ranked suppliers, best first.
    pub results: Vec<MatchResult>,
    /// A sample of suppliers the reservation excludes, with the reason (reserved lots only).
    pub excluded: Vec<Excluded>,
    /// The advice block.
    pub advice: LotAdvice,
}
