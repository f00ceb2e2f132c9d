//! The reservable potential of a buyer in French: the contracts that could have been reserved, under
//! which article, with how many competitors, and S1, R1 and I1 had they been reserved.

use std::fmt::Write;

use serde_json::{Value, json};

use super::{escape, eur, percent};
use crate::spaser::potential::{Potential, WhatIf};
use crate::spaser::report::PotentialState;

/// Most reservable contracts listed in the text and HTML reports; the JSON lists them all.
pub const RESERVABLE_LISTED: usize = 50;

/// Why the potential is missing.
pub const NO_CATALOGUE: &str = "Potentiel réservable non mesuré : aucun catalogue de fournisseurs dans le dossier de données (essor import suppliers, puis --data-dir).";

fn share(value: Option<f64>) -> String {
    value.map(percent).unwrap_or_else(|| "—".into())
}

fn what_if_text(code: &str, w: &WhatIf) -> String {
    format!("{code} {} → {}", share(w.observed), share(w.had_they_been_reserved))
}

/// One sentence on the contracts examined.
fn summary(p: &Potential) -> String {
    format!(
        "{} marché(s) sur {} auraient pu être réservés, pour {} (au moins {} concurrents éligibles capables de faire le travail à portée). Examinés : {} ; écartés : {} déjà réservé(s), {} attribué(s) à une structure de l'ESS, {} sans lieu d'exécution utilisable.",
        p.reservable.len(),
        p.contracts,
        eur(p.reservable_value_eur.round()),
        p.competitors_wanted,
        p.examined,
        p.already_reserved,
        p.ess_holder,
        p.without_place
    )
}

fn contract_line(r: &crate::spaser::potential::ReservableContract) -> String {
    let presumed = if r.presumed > 0 { format!(", dont {} présumé(s)", r.presumed) } else { String::new() };
    format!(
        "marché {} « {} » — {} — CPV {} — {} : {} concurrent(s){presumed} — {}",
        r.id,
        r.object.as_deref().unwrap_or("sans objet"),
        eur(r.value_eur.round()),
        r.cpv.as_deref().unwrap_or("—"),
        r.place.as_deref().unwrap_or("—"),
        r.competitors,
        r.regime.facts().label
    )
}

/// The potential as text, after the indicators.
pub fn potential_text(state: &PotentialState) -> String {
    let mut out = String::new();
    match state {
        PotentialState::NoCatalogue => {
            let _ = writeln!(out, "\n{NO_CATALOGUE}");
        }
        PotentialState::Measured(years) => {
            for p in years {
                let _ = writeln!(out, "\nPotentiel réservable, année {} :", p.year);
                let _ = writeln!(out, "  {}", summary(p));
                let i = &p.indicators;
                let _ = writeln!(
                    out,
                    "  S'ils l'avaient été : {} · {} · {}",
                    what_if_text("S1", &i.S1),
                    what_if_text("R1", &i.R1),
                    what_if_text("I1", &i.I1)
                );
                for r in p.reservable.iter().take(RESERVABLE_LISTED) {
                    let _ = writeln!(out, "  - {}", contract_line(r));
                }
                if p.reservable.len() > RESERVABLE_LISTED {
                    let _ = writeln!(
                        out,
                        "  … et {} autre(s) (--format json pour la liste complète)",
                        p.reservable.len() - RESERVABLE_LISTED
                    );
                }
            }
        }
    }
    out
}

/// The `potential` object of the JSON report: `{"measured": false, "message"}` without a catalogue;
/// with one, `{"measured": true, …}` for one year, or `{"measured": true, "years": [...]}` for several.
pub fn potential_json(state: &PotentialState) -> Value {
    match state {
        PotentialState::NoCatalogue => json!({"measured": false, "message": NO_CATALOGUE}),
        PotentialState::Measured(years) => {
            let one = |p: &Potential| {
                let mut v = serde_json::to_value(p).unwrap_or(Value::Null);
                if let Value::Object(map) = &mut v {
                    map.insert("measured".into(), Value::Bool(true));
                    map.insert("summary".into(), Value::String(summary(p)));
                    if let Some(Value::Array(list)) = map.get_mut("reservable") {
                        for (r, value) in p.reservable.iter().zip(list.iter_mut()) {
                            if let Value::Object(o) = value {
                                o.insert("regime_label".into(), Value::String(r.regime.facts().label.into()));
                            }
                        }
                    }
                }
                v
            };
            match years.as_slice() {
                [p] => one(p),
                many => json!({"measured": true, "years": many.iter().map(one).collect::<Vec<_>>()}),
            }
        }
    }
}

/// The potential as an HTML section: the summary, the indicators had they been reserved, a bar chart
/// by CPV division and the contracts.
pub fn potential_html(state: &PotentialState) -> String {
    let mut out = String::new();
    match state {
        PotentialState::NoCatalogue => {
            let _ = write!(out, "<section><h2>Potentiel réservable</h2><p>{}</p></section>", escape(NO_CATALOGUE));
        }
        PotentialState::Measured(years) => {
            for p in years {
                let i = &p.indicators;
                let _ = write!(
                    out,
                    "<section><h2>Potentiel réservable — année {}</h2><p>{}</p><p>S'ils l'avaient été : {}</p>",
                    p.year,
                    escape(&summary(p)),
                    escape(
                        &[what_if_text("S1", &i.S1), what_if_text("R1", &i.R1), what_if_text("I1", &i.I1)].join(" · ")
                    )
                );
                if !p.by_division.is_empty() {
                    out.push_str(&super::charts::division_chart(p));
                }
                out.push_str("<ul>");
                for r in p.reservable.iter().take(RESERVABLE_LISTED) {
                    let _ = write!(out, "<li>{}</li>", escape(&contract_line(r)));
                }
                out.push_str("</ul></section>");
            }
        }
    }
    out
}
