//! The pure scoring of one supplier for one lot: geography as a filter, then a weighted sum of
//! components, each with its typed reason.

use super::features::{SupplierFeatures, Zone};
use super::lot::{FamilyAffinities, LotPlace, LotProfile};
use super::report::{Reason, Relevance, ScoreDetail};
use super::weights::Weights;
use crate::domain::trade::{Affinity, WORKSHOP_KINDS};
use crate::domain::{CpvLevel, Taxonomy};

pub use crate::domain::reach::Reach;

/// Whether the supplier reaches the lot's place (always, when the lot has no place), and how far it
/// is: the one reach rule of [`crate::domain::reach`].
pub fn reach(row: &SupplierFeatures, place: Option<&LotPlace>) -> Option<Reach> {
    match place {
        Some(place) => place.reachable.reach(&row.work),
        None => Some(Reach { distance_km: None, same_department: false }),
    }
}

/// The weight of a CPV level: same code 1, category 0.8, class 0.6, group 0.4, division 0.2.
pub fn level_value(level: CpvLevel) -> f64 {
    match level {
        CpvLevel::Code => 1.0,
        CpvLevel::Category => 0.8,
        CpvLevel::Class => 0.6,
        CpvLevel::Group => 0.4,
        CpvLevel::Division => 0.2,
    }
}

/// A supplier's text relevance to a lot.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TextMatch {
    /// BM25 of the lot's words against the supplier's text, scaled so the lot's best hit is 1.
    pub share: f64,
    /// Whether the words found count as evidence that the supplier does the work: its hit reaches
    /// [`Weights::text_evidence`] of the best on the words that do not name the lot's place
    /// ([`LotProfile::trade_query`]).
    pub evidence: bool,
}

impl TextMatch {
    /// The better of two hits of one supplier (found near two places): the higher share, and
    /// evidence if either is.
    pub fn or(self, other: TextMatch) -> TextMatch {
        TextMatch { share: self.share.max(other.share), evidence: self.evidence || other.evidence }
    }
}

/// A supplier's score for a lot, with its reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// Sum of the weighted components.
    pub score: f64,
    /// How sure it is that the supplier can be the lot's contractor: [`Scored::work`], except for a
    /// structure working for its members only ([`as_contractor`]), always shown apart.
    pub relevance: Relevance,
    /// How sure it is that the supplier does the lot's work, whoever it works for (the rule of the
    /// structures that can take a clause's hours).
    pub work: Relevance,
    /// The weighted components.
    pub detail: ScoreDetail,
    /// The reasons, strongest first (empty unless asked for).
    pub reasons: Vec<Reason>,
}

/// What the scoring reads besides the lot and the supplier.
#[derive(Debug, Clone, Copy)]
pub struct ScoreContext<'a> {
    /// The weights.
    pub weights: &'a Weights,
    /// Sector labels and CPV prefixes.
    pub taxonomy: &'a Taxonomy,
}

/// Scores a supplier that reaches the lot, `text` its text relevance. With
/// `explain` off, the reasons are left empty (the engine explains only the suppliers it shows).
pub fn score(
    lot: &LotProfile,
    row: &SupplierFeatures,
    text: TextMatch,
    reach: Reach,
    ctx: ScoreContext,
    explain: bool,
) -> Scored {
    let mut reasons = Reasons { explain, items: Vec::new() };
    let (mut detail, work) = trade_part(lot, row, text, ctx, &mut reasons);
    let relevance = as_contractor(row, work, &mut reasons);
    place_part(&mut detail, lot, row, reach, ctx.weights, &mut reasons);
    let mut items = reasons.items;
    items.sort_by(|a, b| b.0.total_cmp(&a.0));
    Scored {
        score: detail.total(),
        relevance,
        work,
        detail,
        reasons: items.into_iter().map(|(_, reason)| reason).collect(),
    }
}

/// The relevance of a supplier as the lot's contractor: a structure working for its members only (a
/// GEIQ, C. trav. L1253-1) is never the contractor, so it is shown apart, first reason said.
fn as_contractor(row: &SupplierFeatures, work: Relevance, reasons: &mut Reasons) -> Relevance {
    if row.members_only {
        reasons.add(f64::INFINITY, || Reason::MembersOnly);
        Relevance::Nearby
    } else {
        work
    }
}

/// The part of a supplier's score that does not depend on where the lot is (text, CPV, sectors,
/// kind), computed once when one lot is ranked at several places ([`TradeScore::at`]).
#[derive(Debug, Clone, Copy)]
pub struct TradeScore {
    /// The weighted components, proximity and département left at 0.
    detail: ScoreDetail,
    /// How sure it is that the supplier can be the lot's contractor ([`Scored::relevance`]).
    pub relevance: Relevance,
}

impl TradeScore {
    /// The trade part of [`score`].
    pub fn of(lot: &LotProfile, row: &SupplierFeatures, text: TextMatch, ctx: ScoreContext) -> TradeScore {
        let mut reasons = Reasons { explain: false, items: Vec::new() };
        let (detail, work) = trade_part(lot, row, text, ctx, &mut reasons);
        TradeScore { detail, relevance: as_contractor(row, work, &mut reasons) }
    }

    /// The score [`score`] gives at a place the supplier reaches as `reach` (the same sum).
    pub fn at(&self, lot: &LotProfile, row: &SupplierFeatures, reach: Reach, weights: &Weights) -> f64 {
        let mut detail = self.detail;
        place_part(&mut detail, lot, row, reach, weights, &mut Reasons { explain: false, items: Vec::new() });
        detail.total()
    }
}

/// Text, CPV, sectors and kind: the components and the relevance tier, which the place does not change.
#[inline]
fn trade_part(
    lot: &LotProfile,
    row: &SupplierFeatures,
    text: TextMatch,
    ctx: ScoreContext,
    reasons: &mut Reasons,
) -> (ScoreDetail, Relevance) {
    let w = ctx.weights;
    let mut detail = ScoreDetail::default();
    let mut stated = false;
    if text.share > 0.0 {
        detail.text = w.text * text.share;
        stated |= text.evidence;
        let by_place = !text.evidence && lot.trade_query.is_some() && text.share >= w.text_evidence;
        reasons.add(detail.text, || match by_place {
            true => Reason::PlaceWords { share: text.share },
            false => Reason::Text { share: text.share },
        });
    }
    if let Some((level, theirs, ours)) = declared_cpv(lot, row) {
        detail.cpv = w.cpv * level_value(level);
        stated |= level >= CpvLevel::Class;
        reasons.add(detail.cpv, || Reason::DeclaredCpv {
            level,
            theirs: row.supplier.cpv[theirs].clone(),
            ours: lot.cpv[ours].clone(),
        });
    }
    if let Some((depth, prefix, sector)) = sector_cpv(lot, row, ctx.taxonomy)
        && let Some(level) = CpvLevel::from_prefix_len(depth)
    {
        detail.sector_cpv = w.sector_cpv * level_value(level);
        stated |= level >= CpvLevel::Class;
        reasons.add(detail.sector_cpv, || Reason::SectorCpv {
            level,
            prefix: prefix[..depth].to_string(),
            sector: sector.to_string(),
        });
    }
    let mut same_family = false;
    if let Some(shared) = sector(lot, row, ctx.taxonomy) {
        let value = match shared {
            Shared::Sector(_) => 1.0,
            Shared::Family(_) => 0.5,
        };
        detail.sector = w.sector * value;
        stated |= matches!(shared, Shared::Sector(_));
        same_family = matches!(shared, Shared::Family(_));
        reasons.add(detail.sector, || match shared {
            Shared::Sector(sector) => Reason::Sector { sector: sector.to_string() },
            Shared::Family(family) => Reason::Family { family: family.to_string() },
        });
    }
    if row.thin {
        detail.count_words_once();
    }
    let relevance = if stated {
        Relevance::Stated
    } else if lot.families.is_empty() || same_family {
        // The lot's work could not be identified, or the record states work of the same family
        // (a plasterer for building works): presumed able, not shown apart.
        Relevance::Presumed
    } else if let Some(presumed) = presumption(lot, row) {
        detail.kind = w.kind * presumed.affinity.weight();
        reasons.add(detail.kind, || presumed.reason(lot, row));
        Relevance::Presumed
    } else {
        Relevance::Nearby
    };
    (detail, relevance)
}

/// Proximity and département: the components the place gives.
#[inline]
fn place_part(
    detail: &mut ScoreDetail,
    lot: &LotProfile,
    row: &SupplierFeatures,
    reach: Reach,
    w: &Weights,
    reasons: &mut Reasons,
) {
    if let Some(km) = reach.distance_km {
        let thin = if row.thin { 1.0 + w.thin_proximity } else { 1.0 };
        detail.proximity = w.proximity * thin / (1.0 + (km / w.proximity_km).powi(2));
        reasons.add(detail.proximity, || Reason::Distance { km });
    } else if lot.place.is_some() {
        reasons.add(0.0, || Reason::DistanceUnknown);
    }
    if reach.same_department {
        detail.same_department = w.same_department;
        reasons.add(detail.same_department, || Reason::SameDepartment { department: row.supplier.department.clone() });
    }
    if lot.place.is_some() {
        match &row.work.zone {
            Zone::National => reasons.add(0.0, || Reason::WorksNationally),
            Zone::Regions(_) => reasons.add(0.0, || Reason::WorksInRegion),
            Zone::Departments(_) if !reach.same_department => reasons.add(0.0, || Reason::WorksInDepartment),
            _ => {}
        }
    }
}

/// What presumes that a supplier whose record does not say it does the lot's work can do it
/// (`domain::trade`).
#[derive(Clone, Copy)]
struct Presumption {
    /// How typical the work is of its kind (the weight of the presumption).
    affinity: Affinity,
    /// The family, by its position in the lot's [`LotProfile::affinities`].
    family: usize,
    /// What it rests on.
    ground: Ground,
}

/// What a [`Presumption`] rests on.
#[derive(Clone, Copy, PartialEq)]
enum Ground {
    /// A record of unknown trade whose kind typically (or possibly) does work of the lot's family.
    Kind,
    /// A structure of staff provision, on a lot of a family whose work its agents do.
    Staff,
    /// A record that says little and names another trade, of a kind that runs workshops of several
    /// trades (`domain::trade::runs_several_workshops`): the work stays possible.
    OtherWorkshop,
    /// A kind whose mission is the lot's work, whatever its record names (`domain::trade::MISSION_FAMILIES`).
    Mission,
}

impl Presumption {
    /// The reason shown for it.
    fn reason(self, lot: &LotProfile, row: &SupplierFeatures) -> Reason {
        let family = &lot.affinities[self.family];
        let family_key = family.family.clone();
        match (self.ground, family.best(&row.supplier.kinds)) {
            (Ground::Mission, Some((affinity, kind))) => Reason::MissionOfKind { kind, family: family_key, affinity },
            (Ground::Kind, Some((affinity, kind))) => Reason::TypicalOfKind { kind, family: family_key, affinity },
            (Ground::OtherWorkshop, _) => match row.supplier.kinds.iter().find(|k| WORKSHOP_KINDS.contains(k)) {
                Some(&kind) => Reason::OtherWorkshop { kind, family: family_key },
                None => Reason::ProvidesStaffFor { family: family_key },
            },
            _ => Reason::ProvidesStaffFor { family: family_key },
        }
    }
}

/// The presumption that the supplier can do the lot's work, if any (read from bits: no list is read).
fn presumption(lot: &LotProfile, row: &SupplierFeatures) -> Option<Presumption> {
    if let Some((family, affinity)) = best_family(lot, row.kind_bits, |f| f.mission) {
        return Some(Presumption { affinity, family, ground: Ground::Mission });
    }
    if !row.trade_known {
        let (family, affinity) = best_family(lot, row.kind_bits, |_| true)?;
        return Some(Presumption { affinity, family, ground: Ground::Kind });
    }
    if row.staff_provision
        && let Some(family) = lot.affinities.iter().position(|f| f.labour)
    {
        let affinity = lot.affinities[family].best_of_bits(row.kind_bits).unwrap_or(Affinity::Possible);
        return Some(Presumption { affinity, family, ground: Ground::Staff });
    }
    if row.several_workshops {
        let (family, _) = best_family(lot, super::lot::kind_bits(&WORKSHOP_KINDS) & row.kind_bits, |_| true)?;
        return Some(Presumption { affinity: Affinity::Possible, family, ground: Ground::OtherWorkshop });
    }
    None
}

/// The lot's family, among those `among` keeps, that these kinds (as bits) do most typically, by
/// its position, with the affinity.
fn best_family(lot: &LotProfile, kinds: u16, among: impl Fn(&FamilyAffinities) -> bool) -> Option<(usize, Affinity)> {
    let kept = lot.affinities.iter().enumerate().filter(|(_, f)| among(f));
    kept.filter_map(|(i, f)| Some((i, f.best_of_bits(kinds)?))).max_by_key(|(_, a)| *a)
}

/// The reasons found so far with their weight, when asked.
struct Reasons {
    explain: bool,
    items: Vec<(f64, Reason)>,
}

impl Reasons {
    fn add(&mut self, value: f64, reason: impl FnOnce() -> Reason) {
        if self.explain {
            self.items.push((value, reason()));
        }
    }
}

/// Best proximity between the lot's codes and the supplier's declared codes: (level, theirs, ours).
/// The codes are given by their positions in the supplier's and the lot's lists.
fn declared_cpv(lot: &LotProfile, row: &SupplierFeatures) -> Option<(CpvLevel, usize, usize)> {
    if lot.cpv_divisions & row.cpv_divisions == 0 {
        return None;
    }
    let mut best: Option<(CpvLevel, usize, usize)> = None;
    for (i, theirs) in row.cpv_keys.iter().enumerate() {
        for (j, ours) in lot.cpv_keys.iter().enumerate() {
            if let Some(level) = theirs.shared_level(*ours)
                && best.is_none_or(|(b, _, _)| level > b)
            {
                best = Some((level, i, j));
            }
        }
    }
    best
}

/// Best proximity between the lot's codes and the CPV prefixes of the supplier's sectors (see
/// [`LotProfile::sector_cpv`]): (digits shared, prefix, sector key), the first sector of the
/// greatest depth.
fn sector_cpv<'a>(
    lot: &LotProfile,
    row: &SupplierFeatures,
    taxonomy: &'a Taxonomy,
) -> Option<(usize, &'a str, &'a str)> {
    if row.sector_bits & lot.sector_cpv_bits == 0 {
        return None;
    }
    let mut best: Option<(usize, &str, &str)> = None;
    for &i in &row.sectors {
        if let Some(Some(found)) = lot.sector_cpv.get(usize::from(i))
            && best.is_none_or(|(d, _, _)| found.depth > d)
            && let Some(sector) = taxonomy.sectors().get(usize::from(i))
            && let Some(prefix) = sector.cpv_prefixes.get(found.prefix)
        {
            best = Some((found.depth, prefix, &sector.key));
        }
    }
    best
}

/// What a supplier's sectors share with the lot's: the key of a sector, or only of a family.
#[derive(Clone, Copy)]
enum Shared<'a> {
    Sector(&'a str),
    Family(&'a str),
}

/// A shared sector (worth 1) or only a shared family (worth ½).
fn sector<'a>(lot: &LotProfile, row: &'a SupplierFeatures, taxonomy: &'a Taxonomy) -> Option<Shared<'a>> {
    if row.sector_bits & lot.sector_bits != 0
        && let Some(&i) = row.sectors.iter().find(|s| lot.sectors.contains(s))
    {
        return Some(Shared::Sector(taxonomy.sectors().get(usize::from(i)).map_or("", |s| s.key.as_str())));
    }
    let shared = row.family_bits & lot.family_bits;
    if shared == 0 {
        return None;
    }
    let family = taxonomy.families().get(shared.trailing_zeros() as usize)?;
    Some(Shared::Family(family.key.as_str()))
}

#[cfg(test)]
#[path = "score_tests.rs"]
mod tests;
