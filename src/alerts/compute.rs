//! The matching engine turned around: each open lot of the stored procedures becomes a need, is matched,
//! and the fitting suppliers that want it get an alert.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use jiff::civil::Date;

use super::model::{Alert, AlertReason, AlertRelevance, Partner, SizeGap};
use super::preferences::{LotFacts, Preferences};
use crate::domain::Supplier;
use crate::domain::need::{Need, Reservation};
use crate::matching::{Engine, MatchError, MatchResult};
use crate::notices::procedure::{Procedure, ProcedureStatus};
use crate::notices::{NoticeKind, NoticeLot};
use crate::planning::{Perimeters, PlanningConfig};
use crate::usecase::LotPlanner;

/// How alerts are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertConfig {
    /// A supplier is alerted when it is among the first `top` suppliers fitting the lot.
    pub top: usize,
    /// Most partners named for a lot too large for the supplier alone.
    pub max_partners: usize,
}

impl Default for AlertConfig {
    fn default() -> Self {
        AlertConfig { top: 50, max_partners: 3 }
    }
}

/// A supplier that can receive alerts: it has an e-mail address; its preferences (the default profile
/// when it never changed them).
#[derive(Debug, Clone)]
pub struct Recipient<'a> {
    /// The supplier's record.
    pub supplier: &'a Supplier,
    /// Its preferences.
    pub preferences: Preferences,
}

/// The suppliers with an e-mail address, by SIRET, with their preferences (`stored`, else the default).
pub fn recipients<'a>(
    suppliers: &'a [Supplier],
    stored: &HashMap<String, Preferences>,
) -> HashMap<String, Recipient<'a>> {
    suppliers
        .iter()
        .filter(|s| s.email.as_deref().is_some_and(|e| !e.trim().is_empty()))
        .map(|s| {
            let preferences = stored.get(s.siret.as_str()).cloned().unwrap_or_default();
            (s.siret.as_str().to_string(), Recipient { supplier: s, preferences })
        })
        .collect()
}

/// The day of a time limit (`2024-04-16T12:00:00+02:00` → 2024-04-16); `None` when unreadable.
pub fn deadline_day(deadline: &str) -> Option<Date> {
    deadline.get(..10)?.parse().ok()
}

/// The lots still open on `today`: the procedure has no award, its current notice calls for competition,
/// and the lot's time limit (else the notice's) is not passed. A lot without a time limit is open. A prior
/// information notice alone opens nothing: its lots are alerted when the contract notice comes (an alert
/// is produced once per lot, and it must carry the time limit).
pub fn open_lots(procedure: &Procedure, today: Date) -> Vec<&NoticeLot> {
    let notice = &procedure.notice;
    if procedure.status != ProcedureStatus::Open || notice.kind != NoticeKind::ContractNotice {
        return Vec::new();
    }
    notice
        .lots
        .iter()
        .filter(|lot| {
            let deadline = lot.deadline.as_deref().or(notice.deadline.as_deref());
            deadline.and_then(deadline_day).is_none_or(|day| day >= today)
        })
        .collect()
}

/// The regime a supplier answers a reserved lot under: for a lot reserved under L2113-14 the regime of its
/// statuses (L2113-12 first, then L2113-13); otherwise the lot's own, when the supplier is eligible to it.
/// `None` when it may not answer.
pub fn eligible_under(lot: Reservation, supplier_eligible: &[Reservation]) -> Option<Reservation> {
    if lot == Reservation::Inclusive {
        return [Reservation::Handicap, Reservation::Insertion, Reservation::Inclusive]
            .into_iter()
            .find(|r| supplier_eligible.contains(r));
    }
    supplier_eligible.contains(&lot).then_some(lot)
}

/// The alerts of one open lot: the suppliers among the first `config.top` fitting it (stated or presumed,
/// never those of another trade) that have an e-mail address, may answer its reservation and want it.
/// `partners` names the partners of a supplier for whom the lot is too large alone; `skip` tells the
/// suppliers already alerted of it.
#[allow(clippy::too_many_arguments)]
pub fn lot_alerts(
    engine: &Engine,
    procedure: &Procedure,
    lot: &NoticeLot,
    today: Date,
    recipients: &HashMap<String, Recipient<'_>>,
    skip: &dyn Fn(&str) -> bool,
    config: &AlertConfig,
    partners: &mut dyn FnMut(&Need, &str) -> Vec<Partner>,
) -> Result<Vec<Alert>, MatchError> {
    let notice = &procedure.notice;
    let need = lot.to_need(notice, today);
    let Some(matched) = engine.match_need(&need, config.top)?.into_iter().next() else {
        return Ok(Vec::new());
    };
    let text = format!("{} {}", lot.title, need.description.as_deref().unwrap_or_default());
    let facts = LotFacts {
        departments: &lot.place.departments,
        cpv: &matched.cpv,
        text,
        value_eur: lot.estimated_value_eur,
        reservation: lot.reservation,
    };
    let mut alerts = Vec::new();
    for (index, result) in matched.results.iter().take(config.top).enumerate() {
        let Some(relevance) = AlertRelevance::of(result.relevance) else { continue };
        let Some(recipient) = recipients.get(&result.siret) else { continue };
        if skip(&result.siret) {
            continue;
        }
        let eligible = match lot.reservation {
            Some(r) => match eligible_under(r, &result.eligible) {
                Some(under) => Some(under),
                None => continue,
            },
            None => None,
        };
        if recipient.preferences.accepts(&facts).is_err() {
            continue;
        }
        let named = if result.needs_partners.is_some() { partners(&need, &result.siret) } else { Vec::new() };
        alerts.push(alert(procedure, lot, result, index + 1, relevance, eligible, named));
    }
    Ok(alerts)
}

fn alert(
    procedure: &Procedure,
    lot: &NoticeLot,
    result: &MatchResult,
    rank: usize,
    relevance: AlertRelevance,
    eligible_under: Option<Reservation>,
    partners: Vec<Partner>,
) -> Alert {
    let notice = &procedure.notice;
    Alert {
        siret: result.siret.clone(),
        supplier_name: result.name.clone(),
        procedure_id: procedure.procedure_id.clone(),
        notice_id: notice.id.clone(),
        lot_id: lot.id.clone(),
        title: lot.title.clone(),
        notice_title: (notice.title != lot.title).then(|| notice.title.clone()),
        buyer: notice.buyer.name.clone(),
        departments: lot.place.departments.clone(),
        value_eur: lot.estimated_value_eur,
        deadline: lot.deadline.clone().or_else(|| notice.deadline.clone()),
        reservation: lot.reservation,
        eligible_under,
        relevance,
        rank,
        why: AlertReason::of_match(result),
        link: notice.notice_url.clone().or_else(|| notice.documents_url.clone()),
        too_large_alone: result.needs_partners.as_ref().map(|gap| SizeGap {
            revenue_eur: gap.revenue_eur,
            required_eur: gap.cap_eur,
            article: gap.rule.article.to_string(),
        }),
        partners,
    }
}

/// The other members of the best grouping the lot's consortium planner proposes with `siret` as a
/// required member, at most `max`; none when the planner finds no grouping.
fn partners_with(engine: &Engine, planner: &LotPlanner, siret: &str, max: usize) -> Vec<Partner> {
    let Ok(plan) = planner.plan_with(engine, &[siret.to_string()]) else {
        return Vec::new();
    };
    let Some(best) = plan.groupings.first() else { return Vec::new() };
    best.members
        .iter()
        .filter(|m| m.siret != siret)
        .take(max)
        .map(|m| Partner {
            siret: m.siret.clone(),
            name: m.name.clone(),
            kinds: m.kinds.clone(),
            turnover_eur: m.turnover_eur,
        })
        .collect()
}

/// Every alert of the open lots of `procedures` for `recipients`, procedure by procedure, lot by lot, in
/// the order of the match. `already` tells the (supplier, procedure, lot) already recorded: skipped. The
/// lots are shared among the machine's cores; the result does not depend on how.
pub fn compute(
    engine: &Engine,
    procedures: &[Procedure],
    today: Date,
    recipients: &HashMap<String, Recipient<'_>>,
    config: &AlertConfig,
    already: &(dyn Fn(&str, &str, &str) -> bool + Sync),
) -> Result<Vec<Alert>, MatchError> {
    if recipients.is_empty() {
        return Ok(Vec::new());
    }
    let lots: Vec<(&Procedure, &NoticeLot)> =
        procedures.iter().flat_map(|p| open_lots(p, today).into_iter().map(move |lot| (p, lot))).collect();
    let workers = std::thread::available_parallelism().map_or(1, usize::from).min(lots.len()).max(1);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        let mut planner = Planners::new(engine, config.max_partners);
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(&(procedure, lot)) = lots.get(index) else { return done };
            let skip = |siret: &str| already(siret, &procedure.procedure_id, &lot.id);
            let mut partners = |need: &Need, siret: &str| planner.partners(need, siret);
            done.push((index, lot_alerts(engine, procedure, lot, today, recipients, &skip, config, &mut partners)));
        }
    };
    let mut results: Vec<(usize, Result<Vec<Alert>, MatchError>)> = if workers == 1 {
        work()
    } else {
        std::thread::scope(|threads| {
            let handles: Vec<_> = (0..workers).map(|_| threads.spawn(work)).collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect()
        })
    };
    results.sort_by_key(|(index, _)| *index);
    let mut out = Vec::new();
    for (_, alerts) in results {
        out.extend(alerts?);
    }
    Ok(out)
}

/// The consortium planner's view of the lot being alerted, prepared once for all the suppliers alerted
/// of it, with the perimeters of the places already seen.
struct Planners<'e> {
    engine: &'e Engine,
    max_partners: usize,
    perimeters: Perimeters<'e>,
    current: Option<(String, Option<LotPlanner>)>,
}

impl<'e> Planners<'e> {
    fn new(engine: &'e Engine, max_partners: usize) -> Self {
        let perimeters = Perimeters::new(engine.gazetteer(), PlanningConfig::default().max_parts);
        Planners { engine, max_partners, perimeters, current: None }
    }

    /// The partners of `siret` for the lot of `need`.
    fn partners(&mut self, need: &Need, siret: &str) -> Vec<Partner> {
        if self.current.as_ref().is_none_or(|(id, _)| *id != need.id) {
            let planner = LotPlanner::with_perimeters(self.engine, need, None, &mut self.perimeters).ok();
            self.current = Some((need.id.clone(), planner));
        }
        match self.current.as_ref().and_then(|(_, p)| p.as_ref()) {
            Some(planner) => partners_with(self.engine, planner, siret, self.max_partners),
            None => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lot_reserved_under_l2113_14_is_answered_under_the_supplier_s_own_article() {
        use Reservation::*;
        assert_eq!(eligible_under(Inclusive, &[Handicap, Inclusive, Ess]), Some(Handicap));
        assert_eq!(eligible_under(Inclusive, &[Insertion, Inclusive]), Some(Insertion));
        assert_eq!(eligible_under(Inclusive, &[Ess]), None);
        assert_eq!(eligible_under(Ess, &[Insertion, Inclusive, Ess]), Some(Ess));
        assert_eq!(eligible_under(Ess, &[Handicap, Inclusive]), None);
        assert_eq!(eligible_under(Handicap, &[Insertion, Inclusive]), None);
    }

    #[test]
    fn time_limits_are_read_by_their_day() {
        assert_eq!(deadline_day("2024-04-16T12:00:00+02:00"), Some(jiff::civil::date(2024, 4, 16)));
        assert_eq!(deadline_day("2024-04-16"), Some(jiff::civil::date(2024, 4, 16)));
        assert_eq!(deadline_day("16/04/2024"), None);
    }

    #[test]
    fn only_lots_of_open_procedures_within_their_time_limit_are_open() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/notices/ted-f02-nettoyage-evry.xml");
        let notice = crate::notices::read_path(&path).unwrap().notices.remove(0);
        let mut procedure = crate::notices::procedure::fold(vec![notice]).unwrap();
        let deadline = deadline_day(procedure.notice.deadline.as_deref().unwrap()).unwrap();
        let lots = procedure.notice.lots.len();
        assert_eq!(open_lots(&procedure, deadline).len(), lots, "open on the day of the time limit");
        assert!(open_lots(&procedure, deadline.tomorrow().unwrap()).is_empty());
        procedure.notice.kind = NoticeKind::PriorInformation;
        assert!(open_lots(&procedure, deadline).is_empty(), "a prior information notice calls for nothing yet");
        procedure.notice.kind = NoticeKind::ContractNotice;
        procedure.status = ProcedureStatus::Closed;
        assert!(open_lots(&procedure, deadline).is_empty(), "an award closes it");
    }
}
