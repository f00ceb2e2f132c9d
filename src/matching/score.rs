//! The pure scoring of one supplier for one lot: geography as a filter, then a weighted sum of
//! components, each explained in French.

use super::features::{SupplierFeatures, Zone};
use super::lot::{LotPlace, LotProfile};
use super::weights::Weights;
use crate::domain::{Cpv, CpvCatalogue, CpvLevel, Taxonomy};

/// How a supplier reaches the lot's place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reach {
    /// Distance from its site to the nearest point of the place, when both are known.
    pub distance_km: Option<f64>,
    /// True when it is located in one of the place's départements.
    pub same_department: bool,
}

/// Whether the lot's place falls in the supplier's intervention zone (always, when the lot has no
/// place), and how far it is.
pub fn reach(row: &SupplierFeatures, place: Option<&LotPlace>) -> Option<Reach> {
    let Some(place) = place else {
        return Some(Reach { distance_km: None, same_department: false });
    };
    let distance_km = row.at.and_then(|at| place.nearest_km(at)).map(|d| (d - place.radius_km).max(0.0));
    let same_department = place.territories.share_a_department(row.home);
    let inside = match &row.zone {
        Zone::National => true,
        Zone::Radius(km) => same_department || distance_km.is_some_and(|d| d <= *km),
        Zone::Departments(_) => same_department || place.territories.share_a_department(row.zone_territories),
        Zone::Regions(_) => place.territories.share_a_region(row.zone_territories),
    };
    inside.then_some(Reach { distance_km, same_department })
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
    /// Relatedness without geography (text, CPV, sectors): a supplier with none is not a candidate
    /// for the lot's trade.
    pub relatedness: f64,
    /// The reasons, in French, strongest first.
    pub why: Vec<String>,
}

/// What the scoring reads besides the lot and the supplier.
#[derive(Debug, Clone, Copy)]
pub struct ScoreContext<'a> {
    /// The weights.
    pub weights: &'a Weights,
    /// Sector labels and CPV prefixes.
    pub taxonomy: &'a Taxonomy,
    /// CPV labels.
    pub cpv: &'a CpvCatalogue,
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
    let mut parts = Parts { explain, items: Vec::new(), total: 0.0 };
    if text > 0.0 {
        parts.add(w.text * text, || format!("texte proche du lot ({:.0} %)", text * 100.0));
    }
    if let Some(found) = declared_cpv(lot, row) {
        parts.add(w.cpv * level_value(found.0), || explain_declared(found, ctx.cpv));
    }
    if let Some((depth, prefix, label)) = sector_cpv(lot, row, ctx.taxonomy)
        && let Some(level) = CpvLevel::from_prefix_len(depth)
    {
        parts.add(w.sector_cpv * level_value(level), || {
            format!("cpv {} ({label}) : même {} que le lot", &prefix[..depth], level.label())
        });
    }
    if let Some((value, why)) = sector(lot, row) {
        parts.add(w.sector * value, || why.describe(ctx.taxonomy));
    }
    let relatedness = parts.total;
    if let Some(km) = reach.distance_km {
        let near = 1.0 / (1.0 + (km / w.proximity_km).powi(2));
        parts.add(w.proximity * near, || format!("à {} km du lieu d'exécution", format_km(km)));
    } else if lot.place.is_some() {
        parts.add(0.0, || "distance inconnue (adresse non localisée)".to_string());
    }
    if reach.same_department {
        parts.add(w.same_department, || format!("implanté dans le département du lot ({})", row.supplier.department));
    }
    if lot.place.is_some() {
        match &row.zone {
            Zone::National => parts.add(0.0, || "intervient dans toute la France".to_string()),
            Zone::Regions(_) => parts.add(0.0, || "intervient dans la région du lot".to_string()),
            Zone::Departments(_) if !reach.same_department => {
                parts.add(0.0, || "intervient dans le département du lot".to_string())
            }
            _ => {}
        }
    }
    let Parts { total, mut items, .. } = parts;
    items.sort_by(|a, b| b.0.total_cmp(&a.0));
    Scored { score: total, relatedness, why: items.into_iter().map(|(_, why)| why).collect() }
}

/// The components summed so far, with their reasons when asked.
struct Parts {
    explain: bool,
    items: Vec<(f64, String)>,
    total: f64,
}

impl Parts {
    fn add(&mut self, value: f64, why: impl FnOnce() -> String) {
        self.total += value;
        if self.explain {
            self.items.push((value, why()));
        }
    }
}

/// Distance in French notation (`8,4`).
pub fn format_km(km: f64) -> String {
    format!("{km:.1}").replace('.', ",")
}

/// Best proximity between the lot's codes and the supplier's declared codes: (level, theirs, ours).
fn declared_cpv<'a>(lot: &'a LotProfile, row: &'a SupplierFeatures) -> Option<(CpvLevel, &'a Cpv, &'a Cpv)> {
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

fn explain_declared((level, theirs, ours): (CpvLevel, &Cpv, &Cpv), catalogue: &CpvCatalogue) -> String {
    let label = catalogue.nearest_label(theirs).unwrap_or("");
    if level == CpvLevel::Code {
        format!("cpv {theirs} ({label}) : même code que le lot")
    } else {
        format!("cpv {theirs} ({label}) : même {} que le lot ({ours})", level.label())
    }
}

/// Best proximity between the lot's codes and the CPV prefixes of the supplier's sectors (see
/// [`LotProfile::sector_cpv`]): (digits shared, prefix, sector label), the first sector of the
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
            best = Some((found.depth, prefix, &sector.label));
        }
    }
    best
}

/// What the lot and the supplier share: a sector, or only a family of sectors.
enum Shared<'a> {
    Sector(u16),
    Family(&'a str),
}

impl Shared<'_> {
    fn describe(&self, taxonomy: &Taxonomy) -> String {
        match self {
            Shared::Sector(i) => format!("secteur : {}", taxonomy.sectors()[usize::from(*i)].label),
            Shared::Family(key) => {
                let label = taxonomy.family(key).map_or(*key, |f| f.label.as_str());
                format!("même famille de secteurs : {label}")
            }
        }
    }
}

/// Shared sector (1) or family (0.5).
fn sector<'a>(lot: &LotProfile, row: &'a SupplierFeatures) -> Option<(f64, Shared<'a>)> {
    if let Some(&i) = row.sectors.iter().find(|s| lot.sectors.contains(s)) {
        return Some((1.0, Shared::Sector(i)));
    }
    let family = row.families.iter().find(|f| lot.families.contains(f))?;
    Some((0.5, Shared::Family(family)))
}

#[cfg(test)]
#[path = "score_tests.rs"]
mod tests;
