//! The planner's proposals as text a person reads in a terminal, written from the views of
//! [`super::planning`]: one table of lots per allotment proposal, one block per grouping with who
//! covers what.

use std::fmt::Write;

use super::planning::{ConsortiumView, GroupingView, ProposalView, allotment_view, consortium_view};
use super::shorten;
use crate::planning::allotment::Allotment;
use crate::planning::consortium::{ConsortiumPlan, CoverageCell, Grouping, Role};

/// Widest object shown in a table of lots, in characters.
const TITLE_WIDTH: usize = 48;

/// The allotment proposals as readable tables, best first.
pub fn allotment_text(allotment: &Allotment) -> String {
    let mut out = String::new();
    for (i, p) in allotment_view(allotment).proposals.iter().enumerate() {
        let best = if i == 0 { " — proposition recommandée" } else { "" };
        let _ = writeln!(out, "Proposition {} : {}{best}", i + 1, p.label);
        proposal_text(&mut out, p);
        out.push('\n');
    }
    out
}

fn proposal_text(out: &mut String, p: &ProposalView) {
    let _ = writeln!(out, "  Objectif : {}", p.objective.statement);
    let o = p.objective.figures;
    let _ = writeln!(
        out,
        "  Résultat : {} structure(s) de l'ESS peuvent répondre seules à au moins un lot ; {} lot(s) ; {} lot(s) réservé(s) sous le minimum de {} ; {} sans candidat ; concurrence préservée : {}",
        o.ess_suppliers_able,
        o.lots,
        o.lots_below_competition,
        o.min_competitors,
        o.lots_without_bidder,
        if o.competition_kept { "oui" } else { "non" }
    );
    let header = ["Lot", "Objet", "Valeur HT", "Réservation", "Procédure", "Éligibles", "Meilleures structures"];
    let rows: Vec<[String; 7]> = p
        .lots
        .iter()
        .map(|view| {
            let l = view.lot;
            [
                l.id.clone(),
                shorten(&l.title, TITLE_WIDTH),
                crate::wording::eur(l.estimated_value_eur.round()),
                l.reservation.map_or("aucune".to_string(), |r| r.article().to_string()),
                view.procedure.short.clone(),
                l.eligible_suppliers.to_string(),
                l.best.iter().map(|b| format!("{} ({})", b.name, b.kinds)).collect::<Vec<_>>().join(", "),
            ]
        })
        .collect();
    table(out, &header, &rows);
    for l in &p.lots {
        let _ = writeln!(out, "  Lot {} — {} : {}", l.lot.id, l.lot.place_label, l.reservation_note);
    }
    // Judged on the whole contract: the same for every lot, unless works mix with supplies or services.
    if let Some(first) = p.lots.first() {
        if p.lots.iter().all(|l| l.obligations == first.obligations) {
            let _ = writeln!(out, "  Clauses et critères (marché entier, tous lots) :");
            for o in &first.obligations {
                let _ = writeln!(out, "   - {}", o.explanation);
            }
        } else {
            for l in &p.lots {
                let _ = writeln!(out, "  Clauses et critères du lot {} :", l.lot.id);
                for o in &l.obligations {
                    let _ = writeln!(out, "   - {}", o.explanation);
                }
            }
        }
    }
    let _ = writeln!(out, "  Motifs :");
    for r in &p.reasons {
        let _ = writeln!(out, "   - {r}");
    }
}

/// The consortium plan's groupings as readable blocks, best first, with the notes and the rules of
/// groupements.
pub fn consortium_text(plan: &ConsortiumPlan) -> String {
    let view = consortium_view(plan);
    let mut out = String::new();
    let lot = plan.lot.as_deref().map_or(String::new(), |id| format!("le lot « {id} », "));
    let _ = writeln!(out, "Groupements pour {lot}« {} »", plan.title);
    if let Some(t) = plan.turnover_required_eur {
        let _ =
            writeln!(out, "Chiffre d'affaires cumulé exigible au plus (R2142-7) : {}", crate::wording::eur(t.round()));
    }
    for n in &view.notes {
        let _ = writeln!(out, "  • {n}");
    }
    if !plan.single_suppliers.is_empty() {
        let names: Vec<String> = plan.single_suppliers.iter().map(|s| format!("{} ({})", s.name, s.kinds)).collect();
        let _ = writeln!(out, "Structures qui couvrent seules le lot : {}", names.join(", "));
    }
    for (i, g) in view.groupings.iter().enumerate() {
        out.push('\n');
        grouping_text(&mut out, &view, i + 1, g);
    }
    let _ = writeln!(out, "\nRègles des groupements :");
    for r in &plan.rules {
        let _ = writeln!(out, "  {} : {}", r.article, r.text);
    }
    out
}

fn grouping_text(out: &mut String, plan: &ConsortiumView, number: usize, view: &GroupingView) {
    let g = view.grouping;
    let state = if g.complete { "complet" } else { "incomplet" };
    let score = format!("{:.2}", g.score).replace('.', ",");
    let _ = writeln!(
        out,
        "Groupement {number} ({state}, {} membre(s), score {score}) : {}",
        g.members.len(),
        g.form.label()
    );
    for m in &g.members {
        let role = if m.role == Role::Mandataire { "mandataire" } else { "cotraitant" };
        let turnover =
            m.turnover_eur.map_or("CA inconnu".to_string(), |t| format!("CA {}", crate::wording::eur(t.round())));
        let _ = writeln!(out, "  - {} ({}, {}) : {role}, {turnover}", m.name, m.kinds, m.siret);
    }
    let d = &g.score_detail;
    let pct = |x: f64| crate::wording::percent(x);
    let _ = writeln!(
        out,
        "  Score : complémentarité {}, ancrage local {} (part du travail tenue par des membres installés dans le périmètre ou à ses portes), proximité {}, pertinence {}, liens existants {}",
        pct(d.complementarity),
        pct(d.anchoring),
        pct(d.proximity),
        pct(d.relevance),
        pct(d.ties)
    );
    if !g.alternatives.is_empty() {
        let name =
            |siret: &str| g.members.iter().find(|m| m.siret == siret).map_or(siret, |m| m.name.as_str()).to_string();
        let alts: Vec<String> = g
            .alternatives
            .iter()
            .map(|a| format!("{} ({}) à la place de {}", a.name, a.kinds, name(&a.instead_of)))
            .collect();
        let _ = writeln!(out, "  Variantes possibles : {}", alts.join(" ; "));
    }
    let _ = writeln!(out, "  Forme : {}", view.form_reason);
    let _ = writeln!(out, "  Qui couvre quoi :");
    for line in coverage_lines(plan.plan, g) {
        let _ = writeln!(out, "    {line}");
    }
    if !view.uncovered.is_empty() {
        let _ = writeln!(out, "  Reste à couvrir :");
        for u in &view.uncovered {
            let _ = writeln!(out, "    {}", u.what);
        }
    }
}

/// Who covers what, one line per activity and set of members: the parts an activity shares the
/// same coverers in are listed together, or called the whole perimeter.
fn coverage_lines(plan: &ConsortiumPlan, g: &Grouping) -> Vec<String> {
    let name = |siret: &str| g.members.iter().find(|m| m.siret == siret).map_or(siret, |m| m.name.as_str()).to_string();
    let mut lines = Vec::new();
    for (key, label) in plan.activities.iter().zip(&plan.activity_labels) {
        let cells: Vec<&CoverageCell> = g.coverage.iter().filter(|c| &c.activity == key).collect();
        let mut groups: Vec<(&[String], Vec<&str>)> = Vec::new();
        for cell in &cells {
            match groups.iter_mut().find(|(members, _)| *members == cell.members.as_slice()) {
                Some((_, parts)) => parts.push(&cell.part_label),
                None => groups.push((&cell.members, vec![&cell.part_label])),
            }
        }
        for (members, parts) in groups {
            let place = if parts.len() == cells.len() && parts.len() > 1 {
                format!("tout le périmètre ({} parties)", parts.len())
            } else {
                parts.join(", ")
            };
            let who = if members.is_empty() {
                "personne".to_string()
            } else {
                members.iter().map(|s| name(s)).collect::<Vec<_>>().join(", ")
            };
            lines.push(format!("{label} — {place} : {who}"));
        }
    }
    lines
}

/// A table with columns padded to their widest cell.
fn table<const N: usize>(out: &mut String, header: &[&str; N], rows: &[[String; N]]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> =
            cells.iter().zip(&widths).map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count()))).collect();
        format!("  {}", padded.join("  ").trim_end())
    };
    let _ = writeln!(out, "{}", line(header.to_vec()));
    for row in rows {
        let _ = writeln!(out, "{}", line(row.iter().map(String::as_str).collect()));
    }
}
