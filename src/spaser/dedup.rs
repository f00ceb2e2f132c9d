//! The same contract published twice counted once.
//!
//! §6.4 of the method deduplicates on (`acheteur.id`, `id`). Real files show two departures, both
//! handled here:
//! - ids are reused for distinct contracts (a buyer numbering every 2026 contract « 2026 », lots of one
//!   consultation sharing its id with different holders), so the key is (buyer, id, notification date)
//!   and two records of that key with different holders are distinct lots ([`DefectKind::ReusedId`]);
//! - one contract republished by a second platform under a longer id (`2025080A` and `2025080A25`,
//!   `014P` and `2026014P26`), often only one copy carrying the considerations, or under the same id with
//!   another notification date: same buyer, same holders, same amount (within 1 %), notification dates at
//!   most 31 days apart, and one id contained in the other (or equal).
//!
//! The copy kept is the one declaring more considerations (the first read on a tie); it takes the
//! considerations of both, and the CPV code or amount it lacks from the other.

use std::collections::{BTreeSet, HashMap};

use super::contract::{Contract, Defect, DefectKind};

/// Most days between the notification dates of two copies of one contract under different ids.
pub const REPUBLICATION_WINDOW_DAYS: i32 = 31;
/// Largest relative difference between the amounts of two copies under different ids.
pub const REPUBLICATION_AMOUNT_TOLERANCE: f64 = 0.01;

/// The contracts counted once each (in reading order) and the defects found: each copy dropped, and
/// ids reused for distinct contracts.
pub fn deduplicate(contracts: Vec<Contract>) -> (Vec<Contract>, Vec<Defect>) {
    let mut kept: Vec<Contract> = Vec::new();
    let mut defects = Vec::new();
    let mut by_key: HashMap<(String, String, jiff::civil::Date), Vec<usize>> = HashMap::new();
    for contract in contracts {
        let key = (contract.buyer.clone(), contract.id.clone(), contract.notified);
        let same_key = by_key.entry(key).or_default();
        let twin = same_key.iter().copied().find(|&i| same_holders(&kept[i], &contract, true));
        match twin {
            Some(i) => merge(&mut kept[i], contract, &mut defects),
            None => {
                if !same_key.is_empty() {
                    defects.push(defect(&contract, DefectKind::ReusedId));
                }
                same_key.push(kept.len());
                kept.push(contract);
            }
        }
    }
    let mut alive = vec![true; kept.len()];
    let mut groups: HashMap<(String, BTreeSet<String>), Vec<usize>> = HashMap::new();
    for (i, c) in kept.iter().enumerate() {
        let holders = holder_ids(c);
        if !holders.is_empty() {
            groups.entry((c.buyer.clone(), holders)).or_default().push(i);
        }
    }
    let mut merges = Vec::new();
    for members in groups.values_mut() {
        // Sorted by amount, each contract is compared only with those within the amount tolerance.
        members.sort_by(|&a, &b| kept[a].amount_eur.total_cmp(&kept[b].amount_eur));
        for (n, &a) in members.iter().enumerate() {
            if !alive[a] {
                continue;
            }
            let ceiling = kept[a].amount_eur * (1.0 + REPUBLICATION_AMOUNT_TOLERANCE);
            for &b in members[n + 1..].iter().take_while(|&&b| kept[b].amount_eur <= ceiling) {
                if alive[b] && republished(&kept[a], &kept[b]) {
                    alive[b] = false;
                    merges.push((a, b));
                }
            }
        }
    }
    // In the order found: a contract folded into another is never a base afterwards, and a base folded
    // later into a third carries what it received.
    let mut slots: Vec<Option<Contract>> = kept.into_iter().map(Some).collect();
    for (a, b) in merges {
        let Some(other) = slots[b].take() else { continue };
        match slots[a].as_mut() {
            Some(base) => merge(base, other, &mut defects),
            None => slots[b] = Some(other),
        }
    }
    (slots.into_iter().flatten().collect(), defects)
}

fn holder_ids(c: &Contract) -> BTreeSet<String> {
    c.holders.iter().map(|h| h.siren().map(str::to_string).unwrap_or_else(|| h.id.clone())).collect()
}

/// Same holders (compared by SIREN); with `lenient`, a copy without holders matches any.
fn same_holders(a: &Contract, b: &Contract, lenient: bool) -> bool {
    let (x, y) = (holder_ids(a), holder_ids(b));
    (lenient && (x.is_empty() || y.is_empty())) || x == y
}

/// True when `b` is `a` republished under another id (see the module documentation).
fn republished(a: &Contract, b: &Contract) -> bool {
    if a.amount_eur <= 0.0 || b.amount_eur <= 0.0 {
        return false;
    }
    let (x, y) = (a.id.to_lowercase(), b.id.to_lowercase());
    let contained = x.contains(&y) || y.contains(&x);
    let gap = (a.notified - b.notified).get_days().abs();
    let amounts =
        (a.amount_eur - b.amount_eur).abs() <= REPUBLICATION_AMOUNT_TOLERANCE * a.amount_eur.max(b.amount_eur);
    contained && gap <= REPUBLICATION_WINDOW_DAYS && amounts && same_holders(a, b, false)
}

fn defect(c: &Contract, kind: DefectKind) -> Defect {
    Defect { record: c.record, id: Some(c.id.clone()), buyer: Some(c.buyer.clone()), kind }
}

/// Folds `other` into `base`, keeping as base the copy that declares more considerations.
fn merge(base: &mut Contract, mut other: Contract, defects: &mut Vec<Defect>) {
    let (mine, theirs) = (base.considerations.count(), other.considerations.count());
    if theirs > mine || (theirs == mine && other.record < base.record) {
        std::mem::swap(base, &mut other);
    }
    defects.push(defect(&other, DefectKind::Duplicate { kept_id: base.id.clone(), kept_record: base.record }));
    base.considerations = base.considerations.union(&other.considerations);
    if base.cpv.is_none() && other.cpv.is_some() {
        base.cpv = other.cpv.take();
        base.defects.retain(|d| *d != DefectKind::MissingCpv);
    }
    if base.amount_eur == 0.0 && other.amount_eur > 0.0 {
        base.amount_eur = other.amount_eur;
        base.defects.retain(|d| {
            !matches!(d, DefectKind::ZeroAmount | DefectKind::MissingAmount | DefectKind::NegativeAmount { .. })
        });
    } else if other.amount_eur > 0.0 && other.amount_eur != base.amount_eur {
        base.defects.push(DefectKind::AmountsDiffer { kept_eur: base.amount_eur, other_eur: other.amount_eur });
    }
    if base.holders.is_empty() {
        base.holders = std::mem::take(&mut other.holders);
        base.defects.retain(|d| *d != DefectKind::MissingHolder);
    }
    for h in &mut base.holders {
        if h.name.is_none()
            && let Some(o) = other.holders.iter().find(|o| o.id == h.id)
        {
            h.name = o.name.clone();
        }
    }
    if base.subcontracts.is_empty() {
        base.subcontracts = other.subcontracts;
    }
    base.buyer_total_since_2023 = base.buyer_total_since_2023.or(other.buyer_total_since_2023);
}
