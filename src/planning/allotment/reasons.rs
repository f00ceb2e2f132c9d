//! The reasons of a proposal, in French, citing the articles relied on (L2113-10, L2113-11,
//! R2113-1, R2123-1 2°, R2142-7), ready for a rapport de présentation.

use super::Strategy;
use super::evaluate::{Context, Evaluated, Layout};
use crate::planning::bits::Bits;

/// The reasons of one evaluated layout.
pub(super) fn reasons(ctx: &Context, layout: &Layout, evaluated: &Evaluated) -> Vec<String> {
    let mut out = Vec::new();
    let lots = &evaluated.lots;
    let able = evaluated.objective.ess_suppliers_able;
    let (single_covering, single_able) = single_lot(ctx);
    let labels = |keys: &[String]| {
        keys.iter()
            .filter_map(|k| ctx.scope.activities.iter().find(|a| &a.key == k))
            .map(|a| a.label.to_lowercase())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match layout.strategy {
        Strategy::SingleLot if ctx.scope.activities.len() == 1 && ctx.part_count() == 1 => out.push(format!(
            "Lot unique : une seule activité sur un seul secteur, l'objet du besoin ne permet pas d'identifier des prestations distinctes (L2113-10) ; aucune motivation de non-allotissement n'est requise. Sur ce lot unique, {single_able} structure(s) de l'ESS peuvent répondre seules."
        )),
        Strategy::SingleLot => out.push(format!(
            "Lot unique : ne pas allotir doit être motivé (L2113-11) — l'acheteur ne pourrait pas assurer lui-même l'organisation, le pilotage et la coordination, ou des lots séparés restreindraient la concurrence ou rendraient l'exécution techniquement difficile ou financièrement plus coûteuse. Sur ce lot unique, {single_able} structure(s) de l'ESS peuvent répondre seules."
        )),
        Strategy::ByActivity => out.push(format!(
            "L2113-10 : le besoin réunit {} activités distinctes ({}) ; des lots séparés permettent à des structures spécialisées de répondre chacune pour l'activité qu'elle exerce.",
            ctx.scope.activities.len(),
            labels(&ctx.scope.activities.iter().map(|a| a.key.clone()).collect::<Vec<_>>())
        )),
        Strategy::ByGeography | Strategy::ByActivityAndGeography => out.push(format!(
            "L2113-10 : sur le périmètre ({}), {}. Un lot unique ne serait accessible {}{} et laisserait à l'écart {} des {able} structures qui peuvent répondre à l'un des {} lots géographiques proposés, chacune sur le secteur où elle intervient.",
            ctx.scope.perimeter.label,
            layout.notes.join(" ; "),
            if single_able == 0 { "à aucune structure".to_string() } else { format!("qu'à {single_able} structure(s)") },
            too_small(single_covering - single_able),
            able.saturating_sub(single_able),
            lots.len()
        )),
        Strategy::ReservedCarveOut => out.push(format!(
            "L2113-10 : {} ; un lot réservé ({}) est détaché pour ces activités, le reste du marché demeure ouvert à toutes les entreprises.",
            layout.notes.join(" ; "),
            lots.first().and_then(|l| l.reservation).map_or("aucun régime", |r| r.article())
        )),
        Strategy::SizedToCapacity => out.push(format!(
            "Le chiffre d'affaires minimal qu'un acheteur peut exiger est plafonné à 1,5 fois la valeur du lot (R2142-7) ; {}. Des lots plus petits ouvrent le marché à des structures locales qui ne pourraient pas porter un lot unique.",
            layout.notes.join(" ; ")
        )),
    }
    out.push(competition(ctx, evaluated));
    if lots.len() >= 2 {
        out.push(cap_per_operator(lots));
        let small: Vec<&str> =
            lots.iter().filter(|l| l.procedure.code == "mapa_petit_lot").map(|l| l.id.as_str()).collect();
        if !small.is_empty() {
            out.push(format!(
                "R2123-1 2° : le(s) lot(s) {} restent sous le seuil des petits lots et ensemble dans la limite de 20 % de la valeur totale : ils peuvent suivre une procédure adaptée au sein du marché formalisé.",
                small.join(", ")
            ));
        }
        if let Some(note) = value_note(ctx, lots) {
            out.push(note);
        }
    }
    out
}

/// How the lots' values were estimated, when they are not the buyer's own figures.
fn value_note(ctx: &Context, lots: &[super::PlannedLot]) -> Option<String> {
    let by_activity = !ctx.scope.activities.iter().all(|a| a.value_eur.is_some());
    let by_place = lots.iter().any(|l| l.place != ctx.scope.perimeter.place);
    let how = match (by_activity, by_place) {
        (false, false) => return None,
        (true, false) => "parts égales entre activités, faute de ventilation de la valeur par activité",
        (false, true) => "valeur de chaque activité répartie entre ses secteurs au nombre de communes",
        (true, true) => {
            "parts égales entre activités, faute de ventilation de la valeur par activité, puis au nombre de communes de chaque secteur"
        }
    };
    Some(format!("Valeurs des lots estimées au prorata ({how}) : à ajuster selon les volumes réels."))
}

/// Eligible suppliers doing every activity on the whole perimeter, and how many of them have the
/// turnover a single lot allows the buyer to require (R2142-7).
fn single_lot(ctx: &Context) -> (usize, usize) {
    let acts: Vec<usize> = (0..ctx.scope.activities.len()).collect();
    let covering = ctx.covering(&acts, &Bits::full(ctx.part_count()), ctx.scope.reservation);
    (covering.len(), ctx.able(&covering, ctx.scope.estimated_value_eur).len())
}

/// Why some suppliers covering the whole perimeter could still not take a single lot.
fn too_small(count: usize) -> String {
    if count == 0 {
        String::new()
    } else {
        format!(
            " ({count} autre(s) couvrent tout le périmètre mais n'ont pas le chiffre d'affaires que la valeur d'un lot unique permet d'exiger, R2142-7)"
        )
    }
}

fn competition(ctx: &Context, evaluated: &Evaluated) -> String {
    let below: Vec<String> = evaluated
        .lots
        .iter()
        .filter(|l| l.reservation.is_some() && l.eligible_suppliers < ctx.min)
        .map(|l| format!("lot {} ({} structure(s))", l.id, l.eligible_suppliers))
        .collect();
    if below.is_empty() {
        format!(
            "Concurrence : chaque lot réservé compte au moins {} structures éligibles en mesure de répondre seules.",
            ctx.min
        )
    } else {
        format!(
            "Concurrence : le minimum de {} structures éligibles n'est pas atteint pour {} ; la concurrence ne peut pas y être garantie — élargir le périmètre du lot, accepter les groupements ou ne pas le réserver.",
            ctx.min,
            below.join(", ")
        )
    }
}

fn cap_per_operator(lots: &[super::PlannedLot]) -> String {
    let mut leaders: Vec<(&str, usize)> = Vec::new();
    for l in lots {
        if let Some(first) = l.best.first() {
            match leaders.iter_mut().find(|(n, _)| *n == first.name) {
                Some((_, count)) => *count += 1,
                None => leaders.push((&first.name, 1)),
            }
        }
    }
    let base = "R2113-1 : le règlement de la consultation indique si l'on peut soumissionner à un, plusieurs ou tous les lots, et peut limiter le nombre de lots attribués à un même opérateur";
    match leaders.iter().filter(|(_, n)| *n >= 2).max_by_key(|(_, n)| *n) {
        Some((name, n)) => format!("{base} ; utile ici : {name} arrive en tête sur {n} lots."),
        None => format!("{base}."),
    }
}
