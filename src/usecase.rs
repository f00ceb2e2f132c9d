//! What a user can ask essor, each one function that the command line and the web server both call:
//! match a need, plan its lots, plan a consortium for a lot, compute an insertion clause, measure a
//! buyer's SPASER indicators and reservable potential. The edges
//! only read their inputs and render the values returned.

use std::borrow::Cow;

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::alerts::links::LinkPurpose;
use crate::domain::Cpv;
use crate::domain::need::{Need, Place};
use crate::domain::sector::Taxonomy;
use crate::error::{Blame, Classified};
use crate::law::{ClauseError, ClauseOverrides, InsertionClause, insertion_clause};
use crate::matching::clause::ClauseTaker;
use crate::matching::lot::LotPlace;
use crate::matching::{Engine, LotMatch, MatchError};
use crate::planning::{
    Allotment, Candidate, ConsortiumPlan, Perimeters, PlanningConfig, PlanningError, Scope, sourcing,
};
use crate::spaser::{BuyerReport, EssDirectory, Loaded, Targets, buyer_report_with_potential};
use crate::wording::alert_mail::MailLinks;

/// Why a use case failed: the user's input (a field or parameter named), or the engine.
#[derive(Debug, thiserror::Error)]
pub enum UseCaseError {
    /// The need or a parameter cannot be planned.
    #[error(transparent)]
    Planning(#[from] PlanningError),
    /// A clause parameter is out of range.
    #[error(transparent)]
    Clause(#[from] ClauseError),
    /// The matching engine failed.
    #[error(transparent)]
    Matching(#[from] MatchError),
    /// The catalogue failed.
    #[error(transparent)]
    Catalogue(#[from] crate::catalogue::CatalogueError),
    /// An e-mail template failed.
    #[error("modèle de courriel : {0}")]
    Template(String),
}

impl UseCaseError {
    fn template(e: minijinja::Error) -> UseCaseError {
        UseCaseError::Template(e.to_string())
    }
}

impl Classified for UseCaseError {
    fn blame(&self) -> Blame {
        match self {
            UseCaseError::Planning(e) => e.blame(),
            UseCaseError::Clause(e) => e.blame(),
            UseCaseError::Matching(e) => e.blame(),
            UseCaseError::Catalogue(e) => e.blame(),
            UseCaseError::Template(_) => Blame::Internal,
        }
    }
}

/// Every lot of each need, matched: `top` suppliers per lot.
pub fn match_needs(engine: &Engine, needs: &[Need], top: usize) -> Result<Vec<Vec<LotMatch>>, UseCaseError> {
    Ok(needs.iter().map(|need| engine.match_need(need, top)).collect::<Result<_, _>>()?)
}

/// Allotment proposals for a whole need; `max_lots` lowers the most lots a proposal may hold.
pub fn plan_lots(engine: &Engine, need: &Need, max_lots: Option<usize>) -> Result<Allotment, UseCaseError> {
    let config = match max_lots {
        Some(n) => PlanningConfig::with_max_lots(n)?,
        None => PlanningConfig::default(),
    };
    let scope = Scope::of_need(need, engine.gazetteer(), Taxonomy::builtin(), &config)?;
    let candidates = sourcing::candidates(engine, &scope)?;
    Ok(crate::planning::plan_lots(&scope, &candidates, engine.law(), &config))
}

/// Groupings for one lot of a need (`lot`, required when the need has lots), each holding the
/// suppliers named in `with` (SIRETs).
pub fn plan_consortium(
    engine: &Engine,
    need: &Need,
    lot: Option<&str>,
    with: &[String],
) -> Result<ConsortiumPlan, UseCaseError> {
    LotPlanner::new(engine, need, lot)?.plan_with(engine, with)
}

/// The consortium planner's view of one lot — its scope and candidates — prepared once for groupings
/// around several members (the alerts of one lot each name partners for another supplier).
#[derive(Debug, Clone)]
pub struct LotPlanner {
    scope: Scope,
    candidates: Vec<crate::planning::Candidate>,
    config: PlanningConfig,
}

impl LotPlanner {
    /// The planner of one lot of a need (`lot`, required when the need has lots).
    pub fn new(engine: &Engine, need: &Need, lot: Option<&str>) -> Result<LotPlanner, UseCaseError> {
        let config = PlanningConfig::default();
        LotPlanner::with_perimeters(engine, need, lot, &mut Perimeters::new(engine.gazetteer(), config.max_parts))
    }

    /// [`LotPlanner::new`] with the lot's perimeter taken from `perimeters` (split once per place), for
    /// many lots in a row. `perimeters` splits into at most [`PlanningConfig::max_parts`] parts.
    pub fn with_perimeters(
        engine: &Engine,
        need: &Need,
        lot: Option<&str>,
        perimeters: &mut Perimeters<'_>,
    ) -> Result<LotPlanner, UseCaseError> {
        let config = PlanningConfig::default();
        let scope = Scope::of_lot_in(need, lot, perimeters, Taxonomy::builtin())?;
        let candidates = sourcing::candidates(engine, &scope)?;
        Ok(LotPlanner { scope, candidates, config })
    }

    /// Groupings holding the suppliers named in `with` (SIRETs).
    pub fn plan_with(&self, engine: &Engine, with: &[String]) -> Result<ConsortiumPlan, UseCaseError> {
        let (required, added) = sourcing::named(engine, &self.scope, &self.candidates, with)?;
        let candidates: Cow<'_, [Candidate]> = if added.is_empty() {
            Cow::Borrowed(&self.candidates)
        } else {
            Cow::Owned(self.candidates.iter().cloned().chain(added).collect())
        };
        Ok(crate::planning::plan_consortium(&self.scope, &candidates, &required, &self.config)?)
    }
}

/// A buyer's SPASER report over `years` (every year of its contracts when empty), and with `engine` (a
/// catalogue of suppliers) the reservable potential of each year.
pub fn spaser_report(
    loaded: Loaded,
    buyer: &str,
    years: &[i16],
    targets: &Targets,
    directory: Option<&EssDirectory>,
    engine: Option<&Engine>,
) -> Result<BuyerReport, UseCaseError> {
    let years = if years.is_empty() {
        let mut all: Vec<i16> =
            loaded.contracts.iter().filter(|c| c.buyer == buyer).map(|c| c.notified.year()).collect();
        all.sort();
        all.dedup();
        all
    } else {
        years.to_vec()
    };
    Ok(buyer_report_with_potential(loaded, buyer, &years, targets, directory, engine)?)
}

/// An insertion clause to compute, as the user asks it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseRequest {
    /// Contract or lot value in euros HT.
    pub value_eur: f64,
    /// Main CPV code (sets the default labour share).
    pub cpv: Option<Cpv>,
    /// Where the contract is performed (a commune), to list the structures within reach.
    pub near: Option<Place>,
    /// Values replacing the defaults.
    pub overrides: ClauseOverrides,
    /// How many structures to list.
    pub top: usize,
    /// The consultation date: dated thresholds are read at it.
    pub date: Date,
}

/// An insertion clause and the structures that can take its hours.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseAnswer {
    /// The clause.
    pub clause: InsertionClause,
    /// The place, when one was given.
    pub place: Option<LotPlace>,
    /// The SIAE, GEIQ, EA, EATT and ESAT within reach that can take the hours: with a CPV code, those
    /// able to do the work, best first; without, all of them, nearest first.
    pub takers: Vec<ClauseTaker>,
}

/// The insertion-clause hours of a contract and the structures within reach that can take them.
pub fn insertion_clause_with_takers(engine: &Engine, request: &ClauseRequest) -> Result<ClauseAnswer, UseCaseError> {
    let clause = insertion_clause(
        request.value_eur,
        None,
        request.cpv.as_ref(),
        &request.overrides,
        Default::default(),
        request.date,
        engine.law(),
    )?;
    let place = request.near.as_ref().map(|p| LotPlace::new(p.resolve(engine.gazetteer()), engine.gazetteer()));
    let takers = engine.clause_takers(place.clone(), request.cpv.as_ref(), request.top)?;
    Ok(ClauseAnswer { clause, place, takers })
}

/// Where the links of alert e-mails point and how they are signed.
#[derive(Debug, Clone)]
pub struct AlertLinks {
    /// The signer.
    pub signer: crate::alerts::links::LinkSigner,
    /// The public address of the web server (`https://essor.example.fr`), without a final `/`.
    pub public_url: String,
    /// How long a link works, in seconds.
    pub lifetime_secs: i64,
}

impl AlertLinks {
    /// The signed links of a supplier's e-mail, valid from `now` (Unix seconds): one-click
    /// unsubscription (`/desinscription/…`) and its preferences page (`/alertes/…`).
    pub fn for_supplier(&self, siret: &str, now: i64) -> MailLinks {
        let url = |path: &str, purpose: LinkPurpose| {
            let token = self.signer.sign(siret, purpose, now + self.lifetime_secs);
            format!("{}/{path}/{token}", self.public_url.trim_end_matches('/'))
        };
        MailLinks {
            unsubscribe: url("desinscription", LinkPurpose::Unsubscribe),
            preferences: url("alertes", LinkPurpose::Preferences),
        }
    }
}

/// What sending the alerts did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct AlertSendOutcome {
    /// Alerts waiting for an e-mail before.
    pub waiting: usize,
    /// Alerts among them withdrawn, not sent: their procedure was awarded, a corrigendum removed their
    /// lot or its time limit passed (or that would be, with `dry_run`).
    pub withdrawn: usize,
    /// E-mails queued (or that would be, with `dry_run`).
    pub mails: usize,
    /// Alerts they carry.
    pub alerts: usize,
    /// Suppliers written to.
    pub suppliers: usize,
    /// Suppliers whose record's e-mail address cannot be written to (their alerts wait), by SIRET.
    pub bad_addresses: Vec<String>,
}

/// Turns the due alerts into e-mails (one per procedure, or a daily or weekly digest, as each supplier
/// chose) and queues each in the outbox in the same transaction that marks its alerts sent: an alert is
/// carried by one e-mail only, and a failure leaves it waiting. With `dry_run`, nothing is written.
pub async fn send_alerts(
    catalogue: &crate::catalogue::Catalogue,
    from: &crate::mail::Mailbox,
    links: &AlertLinks,
    now: i64,
    dry_run: bool,
) -> Result<AlertSendOutcome, UseCaseError> {
    let unsent = catalogue.unsent_alerts().await?;
    let waiting = unsent.len();
    // An alert whose procedure was awarded, whose lot a corrigendum removed or whose time limit passed
    // is withdrawn, not sent.
    // `now` comes from a clock: always within jiff's range of years.
    let today = jiff::Timestamp::from_second(now).unwrap_or(jiff::Timestamp::UNIX_EPOCH).to_zoned(TimeZone::UTC).date();
    let open: std::collections::HashSet<(String, String)> = catalogue
        .open_procedures(today)
        .await?
        .iter()
        .flat_map(|p| {
            crate::alerts::open_lots(p, today).into_iter().map(|lot| (p.procedure_id.clone(), lot.id.clone()))
        })
        .collect();
    let (unsent, closed): (Vec<_>, Vec<_>) =
        unsent.into_iter().partition(|a| open.contains(&(a.procedure_id.clone(), a.lot_id.clone())));
    let withdrawn = if dry_run {
        closed.len()
    } else {
        catalogue.withdraw_alerts(&closed.iter().map(crate::alerts::Alert::key).collect::<Vec<_>>()).await?
    };
    let mut addresses = crate::alerts::digest::Addresses::new();
    for supplier in catalogue.suppliers().await? {
        if let Some(email) = supplier.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
            addresses.insert(supplier.siret.as_str().to_string(), (supplier.display_name().to_string(), email.into()));
        }
    }
    let preferences = catalogue.all_alert_preferences().await?;
    let last_sent = catalogue.last_alert_mail().await?;
    let digests = crate::alerts::digest::due(unsent, &addresses, &preferences, &last_sent, now);
    let mut outcome = AlertSendOutcome { waiting, withdrawn, ..AlertSendOutcome::default() };
    let mut suppliers: Vec<&str> = Vec::new();
    for digest in &digests {
        let urls = links.for_supplier(&digest.siret, now);
        let written = crate::wording::alert_mail::alert_mail(digest, &urls).map_err(UseCaseError::template)?;
        let Ok(mail) = crate::mail::outgoing(from, &digest.email, &written.subject, &written.text, Some(&written.html))
        else {
            if !outcome.bad_addresses.contains(&digest.siret) {
                outcome.bad_addresses.push(digest.siret.clone());
            }
            continue;
        };
        let mail = crate::mail::with_unsubscribe(mail, &urls.unsubscribe);
        if !dry_run {
            let keys: Vec<_> = digest.alerts.iter().map(crate::alerts::Alert::key).collect();
            catalogue.queue_alert_mail(&mail, &keys, now).await?;
        }
        outcome.mails += 1;
        outcome.alerts += digest.alerts.len();
        if !suppliers.contains(&digest.siret.as_str()) {
            suppliers.push(&digest.siret);
        }
    }
    outcome.suppliers = suppliers.len();
    Ok(outcome)
}
