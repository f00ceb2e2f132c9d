//! The pure scoring of one supplier for one lot: geography as a filter, then a weighted sum of
//! components, each with its typed reason.

use super::features::{SupplierFeatures, Zone};
use super::lot::{LotPlace, LotProfile};
use super::report::{Reason, Relevance, ScoreDetail};
use super::weights::Weights;
use crate::domain::trade::{Affinity, LABOUR_FAMILIES, kind_affinity};
use crate::domain::{Cpv, CpvLevel, Kind, Taxonomy};

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

/// A supplier's score for a lot, with its reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// Sum of the weighted components.
    pub score: f64,
    /// How sure it is that the supplier does the lot's work.
    pub relevance: Relevance,
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

/// Scores a supplier that reaches the lot. `text` is its text relevance scaled to `[0, 1]`. With
/// `explain` off, the reasons are left empty (the engine explains only the suppliers it shows).
pub fn score(
    lot: &LotProfile,
    row: &SupplierFeatures,
    text: f64,
    reach: Reach,
    ctx: ScoreContext,
    explain: bool,
) -> Scored {
    let w = ctx.weights;
    let mut reasons = Reasons { explain, items: Vec::new() };
    let mut detail = ScoreDetail::default();
    let mut stated = false;
    if text > 0.0 {
        detail.text = w.text * text;
        stated |= text >= w.text_evidence;
        reasons.add(detail.text, || Reason::Text { share: text });
    }
    if let Some((level, theirs, ours)) = declared_cpv(lot, row) {
        detail.cpv = w.cpv * level_value(level);
        stated |= level >= CpvLevel::Class;
        reasons.add(detail.cpv, || Reason::DeclaredCpv { level, theirs: theirs.clone(), ours: ours.clone() });
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
    if let Some((value, shared)) = sector(lot, row, ctx.taxonomy) {
        detail.sector = w.sector * value;
        stated |= matches!(shared, Reason::Sector { .. });
        same_family = matches!(shared, Reason::Family { .. });
        reasons.add(detail.sector, || shared);
    }
    let relevance = if stated {
        Relevance::Stated
    } else if lot.families.is_empty() || same_family {
        // The lot's work could not be identified, or the record states work of the same family
        // (a plasterer for building works): presumed able, not shown apart.
        Relevance::Presumed
    } else if let Some((weight, reason)) = presumption(lot, row) {
        detail.kind = w.kind * weight;
        reasons.add(detail.kind, || reason);
        Relevance::Presumed
    } else {
        Relevance::Nearby
    };
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
    let mut items = reasons.items;
    items.sort_by(|a, b| b.0.total_cmp(&a.0));
    Scored { score: detail.total(), relevance, detail, reasons: items.into_iter().map(|(_, reason)| reason).collect() }
}

/// What presumes that a supplier whose record does not say it does the lot's work can do it, with
/// its weight (`domain::trade`): a record of unknown trade whose kind typically (or possibly) does
/// work of one of the lot's families, or a structure of staff provision on a lot of a family whose
/// work its agents do.
fn presumption(lot: &LotProfile, row: &SupplierFeatures) -> Option<(f64, Reason)> {
    let kinds = &row.supplier.kinds;
    if !row.trade_known {
        let (affinity, kind, family) =
            lot.families.iter().filter_map(|f| typical_kind(kinds, f)).max_by_key(|(a, _, _)| *a)?;
        return Some((affinity.weight(), Reason::TypicalOfKind { kind, family: family.to_string(), affinity }));
    }
    if row.staff_provision {
        let family = lot.families.iter().find(|f| LABOUR_FAMILIES.contains(&f.as_str()))?;
        let weight = typical_kind(kinds, family).map_or(Affinity::Possible, |(a, _, _)| a).weight();
        return Some((weight, Reason::ProvidesStaffFor { family: family.clone() }));
    }
    None
}

/// The best affinity of these kinds with a family, with the kind that has it.
fn typical_kind<'f>(kinds: &[Kind], family: &'f str) -> Option<(Affinity, Kind, &'f str)> {
    let affinity = kind_affinity(kinds, family)?;
    let kind = kinds.iter().copied().find(|k| kind_affinity(&[*k], family) == Some(affinity))?;
    Some((affinity, kind, family))
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
fn declared_cpv<'a>(lot: &'a LotProfile, row: &'a SupplierFeatures) -> Option<(CpvLevel, &'a Cpv, &'a Cpv)> {
    if lot.cpv_divisions & row.cpv_divisions == 0 {
        return None;
    }
    let mut best: Option<(CpvLevel, &Cpv, &Cpv)> = None;
    for theirs in &row.supplier.cpv {
        for ours in &lot.cpv {
            if let Some(level) = theirs.shared_level(ours)
                && best.is_none_or(|(b, _, _)| level > b)
            {
                best = Some((level, theirs, ours));
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

/// A shared sector (1) or only a shared family (0.5), with the reason.
fn sector(lot: &LotProfile, row: &SupplierFeatures, taxonomy: &Taxonomy) -> Option<(f64, Reason)> {
    if let Some(&i) = row.sectors.iter().find(|s| lot.sectors.contains(s)) {
        let key = taxonomy.sectors().get(usize::from(i)).map(|s| s.key.clone()).unwrap_or_default();
        return Some((1.0, Reason::Sector { sector: key }));
    }
    let family = row.families.iter().find(|f| lot.families.contains(f))?;
    Some((0.5, Reason::Family { family: family.clone() }))
}

#[cfg(test)]
#[path = "score_tests.rs"]
mod tests;
