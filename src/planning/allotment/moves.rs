//! The moves: ways to cut the scope into lots, before evaluation.

use super::Strategy;
use super::evaluate::{Choice, Context, Draft, Layout};
use super::facts::{LayoutFact, ReservationNote};
use crate::planning::bits::Bits;
use crate::planning::coverage::part_set;
use crate::planning::perimeter::mean_point;
use crate::planning::perimeter::zones::cluster;

/// Every layout worth evaluating; duplicates (same lots) are removed by the caller, keeping the first.
pub(super) fn layouts(ctx: &Context) -> Vec<Layout> {
    let all_acts: Vec<usize> = (0..ctx.scope.activities.len()).collect();
    let all_parts: Vec<usize> = (0..ctx.part_count()).collect();
    let whole = |acts: Vec<usize>| Draft { acts, parts: all_parts.clone(), choice: Choice::Default };
    let single = Layout { strategy: Strategy::SingleLot, lots: vec![whole(all_acts.clone())], facts: Vec::new() };
    let mut out = Vec::new();
    if let Some(carve) = carve_out(ctx, &all_acts, &all_parts) {
        out.push(carve);
    }
    let by_activity = (all_acts.len() >= 2).then(|| Layout {
        strategy: Strategy::ByActivity,
        lots: all_acts.iter().map(|&a| whole(vec![a])).collect(),
        facts: Vec::new(),
    });
    if let Some((lots, facts)) = geography(ctx, &all_acts, ctx.config.max_lots, None) {
        out.push(Layout { strategy: Strategy::ByGeography, lots, facts });
    }
    if all_acts.len() >= 2 {
        let mut lots = Vec::new();
        let mut facts = Vec::new();
        let mut split = false;
        // The lots of every activity together stay within the configured maximum.
        let per_activity = (ctx.config.max_lots / all_acts.len()).max(2);
        for &a in &all_acts {
            let label = ctx.scope.activities[a].label.to_lowercase();
            match geography(ctx, &[a], per_activity, Some(label)) {
                Some((zones, found)) => {
                    split = true;
                    lots.extend(zones);
                    facts.extend(found);
                }
                None => lots.push(whole(vec![a])),
            }
        }
        if split {
            out.push(Layout { strategy: Strategy::ByActivityAndGeography, lots, facts });
        }
    }
    for base in std::iter::once(&single).chain(by_activity.as_ref()) {
        if let Some(sized) = sized(ctx, base) {
            out.push(sized);
        }
    }
    out.push(single);
    out.extend(by_activity);
    out
}

/// Geographic lots for `acts`, when some eligible suppliers cover only parts of the perimeter. Two
/// families of zonings are tried: zones drawn greedily around the supplier reaching most of what is
/// left (the rest forming a last lot), and compact clusters of 2 to `max_lots` zones; zones worth
/// less than `min_lot_share` of the whole need join their nearest neighbour (a village is not a lot).
/// The zoning kept opens the fewest lots the buyer wanted reserved, then is the best by the stated
/// objective; whether it beats a single lot is the caller's comparison. `activity` labels the
/// activity when `acts` is one activity of several.
fn geography(
    ctx: &Context,
    acts: &[usize],
    max_lots: usize,
    activity: Option<String>,
) -> Option<(Vec<Draft>, Vec<LayoutFact>)> {
    let count = ctx.part_count();
    if count < 2 {
        return None;
    }
    let reservation = ctx.scope.reservation;
    let full = ctx.covering(acts, &Bits::full(count), reservation);
    let partial: Vec<usize> = (0..ctx.candidates.len())
        .filter(|&i| ctx.candidates[i].eligible_to(reservation))
        .filter(|&i| ctx.reach[i].covers(acts, &Bits::empty(count)) && !ctx.reach[i].parts.is_empty())
        .filter(|i| !full.contains(i))
        .collect();
    if partial.is_empty() {
        return None;
    }
    let points: Vec<_> = ctx.scope.perimeter.parts.iter().map(|p| p.centre).collect();
    let mut zonings = vec![around_suppliers(ctx, &partial, max_lots)];
    zonings.extend((2..=count.min(max_lots)).map(|k| cluster(&points, k)));
    let lots = zonings
        .into_iter()
        .map(|zones| merge_small(ctx, acts, zones))
        .filter(|zones| zones.len() >= 2)
        .map(|zones| zones.into_iter().map(|parts| zone_draft(ctx, acts, parts)).collect::<Vec<Draft>>())
        .min_by_key(|lots| {
            let opened = lots.iter().filter(|d| matches!(d.choice, Choice::Open(_))).count();
            let layout = Layout { strategy: Strategy::ByGeography, lots: lots.clone(), facts: Vec::new() };
            (opened, ctx.evaluate(&layout).objective.key())
        })?;
    Some((lots, vec![LayoutFact::Coverage { activity, whole: full.len(), partial: partial.len() }]))
}

/// At most `max_lots` zones drawn greedily around the partial supplier reaching most of what is
/// left, then the parts none of them reaches.
fn around_suppliers(ctx: &Context, partial: &[usize], max_lots: usize) -> Vec<Vec<usize>> {
    let count = ctx.part_count();
    let mut covered = Bits::empty(count);
    let mut zones: Vec<Vec<usize>> = Vec::new();
    while zones.len() + 1 < max_lots.max(2) {
        let pick = partial.iter().copied().max_by(|&a, &b| {
            let (ga, gb) = (covered.count_new(&ctx.reach[a].parts), covered.count_new(&ctx.reach[b].parts));
            ga.cmp(&gb).then(ctx.candidates[a].relevance.total_cmp(&ctx.candidates[b].relevance)).then(b.cmp(&a))
        });
        let Some(i) = pick.filter(|&i| covered.count_new(&ctx.reach[i].parts) > 0) else { break };
        zones.push((0..count).filter(|&p| ctx.reach[i].parts.contains(p) && !covered.contains(p)).collect());
        covered.union_with(&ctx.reach[i].parts);
    }
    let residual: Vec<usize> = (0..count).filter(|&p| !covered.contains(p)).collect();
    if !residual.is_empty() {
        zones.push(residual);
    }
    zones
}

/// Joins every zone worth less than `min_lot_share` of the whole need to the zone whose centre is
/// nearest, smallest first, until none is left or a single zone remains.
fn merge_small(ctx: &Context, acts: &[usize], mut zones: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    let floor = ctx.scope.estimated_value_eur * ctx.config.min_lot_share;
    let centre = |zone: &[usize]| mean_point(zone.iter().map(|&p| ctx.scope.perimeter.parts[p].centre));
    while zones.len() > 1 {
        let smallest = (0..zones.len())
            .map(|z| (z, ctx.value_of(acts, &zones[z])))
            .filter(|(_, v)| *v < floor)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        let Some((z, _)) = smallest else { break };
        let small = zones.remove(z);
        let here = centre(&small);
        let nearest = (0..zones.len())
            .min_by(|&a, &b| here.distance_km(centre(&zones[a])).total_cmp(&here.distance_km(centre(&zones[b]))));
        if let Some(n) = nearest {
            zones[n].extend(small);
            zones[n].sort_unstable();
        }
    }
    zones
}

/// A geographic lot: reserved as the buyer asked when an eligible supplier reaches it, else open.
fn zone_draft(ctx: &Context, acts: &[usize], parts: Vec<usize>) -> Draft {
    let bits = part_set(ctx.part_count(), &parts);
    let choice = if ctx.scope.reservation.is_some() && ctx.covering(acts, &bits, ctx.scope.reservation).is_empty() {
        Choice::Open(ReservationNote::NoEligibleInZone { place: ctx.scope.perimeter.label_of(&parts) })
    } else {
        Choice::Default
    };
    Draft { acts: acts.to_vec(), parts, choice }
}

/// A reserved lot for the activities the ESS can serve with enough competition, the others in a
/// lot open to all (the Lille tee-shirt lot). Only for a need the buyer did not reserve, and only
/// when enough eligible suppliers can take the reserved lot whole.
fn carve_out(ctx: &Context, all_acts: &[usize], all_parts: &[usize]) -> Option<Layout> {
    if ctx.scope.reservation.is_some() || all_acts.len() < 2 {
        return None;
    }
    let parts = part_set(ctx.part_count(), all_parts);
    let (servable, rest): (Vec<usize>, Vec<usize>) =
        all_acts.iter().partition(|&&a| ctx.best_regime(&[a], &parts, ctx.value_of(&[a], all_parts)).is_some());
    // The carved lot must be reservable as a whole: enough suppliers doing all of its activities.
    if servable.is_empty()
        || rest.is_empty()
        || ctx.best_regime(&servable, &parts, ctx.value_of(&servable, all_parts)).is_none()
    {
        return None;
    }
    let labels = |acts: &[usize]| acts.iter().map(|&a| ctx.scope.activities[a].label.clone()).collect();
    let facts = vec![LayoutFact::Servable { servable: labels(&servable), rest: labels(&rest), min: ctx.min }];
    let open = Choice::Open(ReservationNote::TooFewEligible { min: ctx.min });
    Some(Layout {
        strategy: Strategy::ReservedCarveOut,
        lots: vec![
            Draft { acts: servable, parts: all_parts.to_vec(), choice: Choice::Default },
            Draft { acts: rest, parts: all_parts.to_vec(), choice: open },
        ],
        facts,
    })
}

/// Splits the lots of `base` whose size, not their trade or place, keeps suppliers out: the
/// smallest number of geographic sub-lots in which each has the competition minimum of suppliers
/// whose turnover reaches 1.5 × the sub-lot's value (R2142-7).
fn sized(ctx: &Context, base: &Layout) -> Option<Layout> {
    let mut lots = Vec::new();
    let mut facts = Vec::new();
    let mut changed = false;
    for draft in &base.lots {
        let value = ctx.value_of(&draft.acts, &draft.parts);
        let bits = part_set(ctx.part_count(), &draft.parts);
        let covering = ctx.covering(&draft.acts, &bits, ctx.scope.reservation);
        let able = ctx.able(&covering, value);
        if able.len() >= ctx.min || covering.len() <= able.len() {
            lots.push(draft.clone());
            continue;
        }
        match split_to_capacity(ctx, draft) {
            Some(parts) => {
                facts.push(LayoutFact::SplitToCapacity {
                    value_eur: value,
                    able: able.len(),
                    covering: covering.len(),
                    lots: parts.len(),
                });
                lots.extend(parts.into_iter().map(|p| Draft {
                    acts: draft.acts.clone(),
                    parts: p,
                    choice: Choice::Default,
                }));
                changed = true;
            }
            None => {
                lots.push(draft.clone());
            }
        }
    }
    changed.then_some(Layout { strategy: Strategy::SizedToCapacity, lots, facts })
}

fn split_to_capacity(ctx: &Context, draft: &Draft) -> Option<Vec<Vec<usize>>> {
    let points: Vec<_> = draft.parts.iter().map(|&p| ctx.scope.perimeter.parts[p].centre).collect();
    for k in 2..=draft.parts.len().min(ctx.config.max_lots) {
        let groups: Vec<Vec<usize>> =
            cluster(&points, k).into_iter().map(|g| g.into_iter().map(|i| draft.parts[i]).collect()).collect();
        let enough = groups.iter().all(|g| {
            let bits = part_set(ctx.part_count(), g);
            let covering = ctx.covering(&draft.acts, &bits, ctx.scope.reservation);
            ctx.able(&covering, ctx.value_of(&draft.acts, g)).len() >= ctx.min
        });
        if enough {
            return Some(groups);
        }
    }
    None
}
