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
    let distance_km = row
        .point
        .and_then(|p| place.points.iter().map(|q| p.distance_km(*q)).min_by(f64::total_cmp))
        .map(|d| (d - place.radius_km).max(0.0));
    let same_department = place.departments.iter().any(|d| *d == row.supplier.department);
    let inside = match &row.zone {
        Zone::National => true,
        Zone::Radius(km) => same_department || distance_km.is_some_and(|d| d <= *km),
        Zone::Departments(list) => same_department || place.departments.iter().any(|d| list.contains(d)),
        Zone::Regions(list) => place.regions.iter().any(|r| list.contains(r)),
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

/// Scores a supplier that reaches the lot. `text` is its text relevance scaled to `[0, 1]`.
pub fn score(lot: &LotProfile, row: &SupplierFeatures, text: f64, reach: Reach, ctx: ScoreContext) -> Scored {
    let w = ctx.weights;
    let mut parts: Vec<(f64, String)> = Vec::new();
    if text > 0.0 {
        parts.push((w.text * text, format!("texte proche du lot ({:.0} %)", text * 100.0)));
    }
    if let Some((value, why)) = declared_cpv(lot, row, ctx.cpv) {
        parts.push((w.cpv * value, why));
    }
    if let Some((value, why)) = sector_cpv(lot, row, ctx.taxonomy) {
        parts.push((w.sector_cpv * value, why));
    }
    if let Some((value, why)) = sector(lot, row, ctx.taxonomy) {
        parts.push((w.sector * value, why));
    }
    let relatedness: f64 = parts.iter().map(|(v, _)| v).sum();
    if let Some(km) = reach.distance_km {
        let near = 1.0 / (1.0 + (km / w.proximity_km).powi(2));
        parts.push((w.proximity * near, format!("à {} km du lieu d'exécution", format_km(km))));
    } else if lot.place.is_some() {
        parts.push((0.0, "distance inconnue (adresse non localisée)".to_string()));
    }
    if reach.same_department {
        parts.push((w.same_department, format!("implanté dans le département du lot ({})", row.supplier.department)));
    }
    match &row.zone {
        Zone::National if lot.place.is_some() => parts.push((0.0, "intervient dans toute la France".to_string())),
        Zone::Regions(_) if lot.place.is_some() => parts.push((0.0, "intervient dans la région du lot".to_string())),
        Zone::Departments(_) if !reach.same_department && lot.place.is_some() => {
            parts.push((0.0, "intervient dans le département du lot".to_string()))
        }
        _ => {}
    }
    let score = parts.iter().map(|(v, _)| v).sum();
    parts.sort_by(|a, b| b.0.total_cmp(&a.0));
    Scored { score, relatedness, why: parts.into_iter().map(|(_, why)| why).collect() }
}

/// Distance in French notation (`8,4`).
pub fn format_km(km: f64) -> String {
    format!("{km:.1}").replace('.', ",")
}

/// Best proximity between the lot's codes and the supplier's declared codes.
fn declared_cpv(lot: &LotProfile, row: &SupplierFeatures, catalogue: &CpvCatalogue) -> Option<(f64, String)> {
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
    let (level, theirs, ours) = best?;
    let label = catalogue.nearest_label(theirs).unwrap_or("");
    let why = if level == CpvLevel::Code {
        format!("cpv {theirs} ({label}) : même code que le lot")
    } else {
        format!("cpv {theirs} ({label}) : même {} que le lot ({ours})", level.label())
    };
    Some((level_value(level), why))
}

/// Best proximity between the lot's codes and the CPV prefixes of the supplier's sectors: a prefix
/// that covers the lot's code counts at its own depth, a partial one at the depth shared.
fn sector_cpv(lot: &LotProfile, row: &SupplierFeatures, taxonomy: &Taxonomy) -> Option<(f64, String)> {
    let mut best: Option<(usize, &str, &str)> = None;
    for &i in &row.sectors {
        let sector = &taxonomy.sectors()[usize::from(i)];
        for prefix in &sector.cpv_prefixes {
            for ours in &lot.cpv {
                let sig = ours.significant();
                let common = prefix.bytes().zip(sig.bytes()).take_while(|(a, b)| a == b).count();
                let depth = common.min(prefix.len()).min(sig.len());
                if depth >= 2 && best.is_none_or(|(d, _, _)| depth > d) {
                    best = Some((depth, prefix, &sector.label));
                }
            }
        }
    }
    let (depth, prefix, label) = best?;
    let level = CpvLevel::from_prefix_len(depth)?;
    Some((level_value(level), format!("cpv {} ({label}) : même {} que le lot", &prefix[..depth], level.label())))
}

/// Shared sector (1) or family (0.5).
fn sector(lot: &LotProfile, row: &SupplierFeatures, taxonomy: &Taxonomy) -> Option<(f64, String)> {
    if let Some(&i) = row.sectors.iter().find(|s| lot.sectors.contains(s)) {
        return Some((1.0, format!("secteur : {}", taxonomy.sectors()[usize::from(i)].label)));
    }
    let family = row.families.iter().find(|f| lot.families.contains(f))?;
    let label = taxonomy.family(family).map_or(family.as_str(), |f| f.label.as_str());
    Some((0.5, format!("même famille de secteurs : {label}")))
}
