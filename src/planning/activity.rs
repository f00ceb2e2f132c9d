//! The activities inside a need: the distinct trades a lot could be cut along (collection vs
//! sorting vs reuse, green spaces vs cleaning), read from its CPV codes through the sector
//! taxonomy, or from its words when it has no CPV code.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::cpv::{Cpv, CpvCatalogue, CpvLevel};
use crate::domain::need::{EffectiveLot, Need};
use crate::domain::sector::Taxonomy;

/// Most activities read from the words of a need without CPV codes.
const MAX_TEXT_ACTIVITIES: usize = 4;

/// One activity of a need.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    /// Stable key: the sector key (`cartons-papiers`), or `cpv-` and the CPV group (`cpv-905`) for
    /// codes outside the taxonomy.
    pub key: String,
    /// French label.
    pub label: String,
    /// The need's CPV codes that belong to it (for an activity read from words: the sector's main code).
    pub cpv: Vec<Cpv>,
    /// Sector keys a supplier may declare to cover it.
    pub sectors: Vec<String>,
    /// Its share of the need's value when the buyer's own lots give it; `None` otherwise.
    pub value_eur: Option<f64>,
}

impl Activity {
    /// True when a supplier with these CPV codes and sectors does this activity: a sector in common,
    /// or a CPV code sharing at least the class (4 digits) with one of the activity's codes.
    pub fn covered_by(&self, cpv: &[Cpv], sectors: &[String]) -> bool {
        sectors.iter().any(|s| self.sectors.contains(s))
            || cpv.iter().any(|c| self.cpv.iter().any(|a| c.shared_level(a).is_some_and(|l| l >= CpvLevel::Class)))
    }
}

/// The activities of a need: its CPV codes and those of its lots grouped by sector (or CPV group),
/// each activity valued when every lot has a value; without any CPV code, the sectors its title and
/// description name. Empty when nothing identifies an activity.
pub fn activities_of_need(need: &Need, taxonomy: &Taxonomy) -> Vec<Activity> {
    let mut acc = Accumulator::default();
    let unvalued =
        need.lots.iter().any(|l| l.estimated_value_eur.is_none() || (l.cpv.is_empty() && need.cpv.is_empty()));
    if need.lots.is_empty() || unvalued {
        let codes = need.cpv.iter().chain(need.lots.iter().flat_map(|l| l.cpv.iter()));
        for code in codes {
            acc.add(code, None, taxonomy);
        }
    } else {
        for lot in &need.lots {
            let codes = if lot.cpv.is_empty() { &need.cpv } else { &lot.cpv };
            let keys: Vec<String> = codes.iter().map(|c| activity_key(c, taxonomy).0).collect();
            let distinct = keys.iter().collect::<std::collections::BTreeSet<_>>().len().max(1);
            let share = lot.estimated_value_eur.map(|v| v / distinct as f64);
            let mut seen = Vec::new();
            for code in codes {
                let key = activity_key(code, taxonomy).0;
                let first = !seen.contains(&key);
                seen.push(key);
                acc.add(code, if first { share } else { Some(0.0) }, taxonomy);
            }
        }
    }
    if acc.order.is_empty() {
        let text = format!("{} {}", need.title, need.description.as_deref().unwrap_or_default());
        return activities_from_text(&text, taxonomy);
    }
    acc.finish()
}

/// The activities of one lot: its CPV codes grouped by sector (or CPV group), else the sectors its
/// title and description name. Not valued: a lot's value is its own.
pub fn activities_of_lot(lot: &EffectiveLot, taxonomy: &Taxonomy) -> Vec<Activity> {
    let mut acc = Accumulator::default();
    for code in &lot.cpv {
        acc.add(code, None, taxonomy);
    }
    if acc.order.is_empty() {
        let text = format!("{} {}", lot.title, lot.description.as_deref().unwrap_or_default());
        return activities_from_text(&text, taxonomy);
    }
    acc.finish()
}

/// The activities named by a text (sectors with keyword hits, most hits first).
pub fn activities_from_text(text: &str, taxonomy: &Taxonomy) -> Vec<Activity> {
    taxonomy
        .sectors_for_text(text)
        .into_iter()
        .take(MAX_TEXT_ACTIVITIES)
        .map(|(s, _)| Activity {
            key: s.key.clone(),
            label: s.label.clone(),
            cpv: s.cpv_prefixes.first().and_then(|p| Cpv::parse(&format!("{p:0<8}")).ok()).into_iter().collect(),
            sectors: vec![s.key.clone()],
            value_eur: None,
        })
        .collect()
}

/// The activity key and label of a CPV code: its most specific sector, else its CPV group.
fn activity_key(code: &Cpv, taxonomy: &Taxonomy) -> (String, String, Option<String>) {
    match taxonomy.sectors_for_cpv(code).first() {
        Some(s) => (s.key.clone(), s.label.clone(), Some(s.key.clone())),
        None => {
            let group = &code.as_str()[..3];
            let label =
                CpvCatalogue::builtin().nearest_label(code).map_or_else(|| format!("CPV {group}"), |l| l.to_string());
            (format!("cpv-{group}"), label, None)
        }
    }
}

/// Activities in order of first appearance, with their codes and values.
#[derive(Default)]
struct Accumulator {
    order: Vec<String>,
    by_key: BTreeMap<String, Activity>,
    all_valued: bool,
    any: bool,
}

impl Accumulator {
    fn add(&mut self, code: &Cpv, value: Option<f64>, taxonomy: &Taxonomy) {
        if !self.any {
            self.any = true;
            self.all_valued = true;
        }
        self.all_valued &= value.is_some();
        let (key, label, sector) = activity_key(code, taxonomy);
        let entry = self.by_key.entry(key.clone()).or_insert_with(|| {
            self.order.push(key);
            Activity {
                key: String::new(),
                label,
                cpv: Vec::new(),
                sectors: sector.into_iter().collect(),
                value_eur: None,
            }
        });
        if !entry.cpv.contains(code) {
            entry.cpv.push(code.clone());
        }
        if let Some(v) = value {
            entry.value_eur = Some(entry.value_eur.unwrap_or(0.0) + v);
        }
    }

    fn finish(mut self) -> Vec<Activity> {
        let all_valued = self.all_valued;
        self.order
            .iter()
            .filter_map(|key| {
                let mut a = self.by_key.remove(key)?;
                a.key = key.clone();
                if !all_valued {
                    a.value_eur = None;
                }
                Some(a)
            })
            .collect()
    }
}
