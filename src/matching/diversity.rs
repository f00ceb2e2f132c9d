//! The diversity cap: one network or group must not fill a lot's list, and a legal unit takes one
//! line of it.

use rustc_hash::{FxHashMap, FxHashSet};

use super::engine::Ranked;
use super::features::FeatureTable;

/// The first `top` of a ranked list with at most `max_per_group` suppliers of one network or group,
/// and one establishment of a legal unit (the best placed: a legal unit bids once, and its other
/// establishments would only repeat it); those held back fill the list only if it would otherwise
/// be short. When `ranked` is only the best part of the list (`whole` false), `None` says that the
/// cap needs the rest of it.
pub(crate) fn diversify(
    ranked: &[Ranked],
    table: &FeatureTable,
    max_per_group: usize,
    top: usize,
    whole: bool,
) -> Option<Vec<Ranked>> {
    let mut per_group: FxHashMap<&str, usize> = FxHashMap::default();
    let mut units: FxHashSet<u32> = FxHashSet::default();
    let mut chosen = Vec::with_capacity(top);
    let mut held_back = Vec::new();
    for r in ranked {
        if chosen.len() >= top {
            break;
        }
        let n = per_group.entry(table.row(r.id).group.as_str()).or_insert(0);
        if *n < max_per_group && units.insert(table.legal_unit(r.id)) {
            *n += 1;
            chosen.push(r.clone());
        } else {
            held_back.push(r.clone());
        }
    }
    let missing = top.saturating_sub(chosen.len());
    if missing > 0 && !whole {
        return None;
    }
    chosen.extend(held_back.into_iter().take(missing));
    Some(chosen)
}
