//! Descriptions of generated suppliers: one to three French sentences saying what the structure is,
//! what it does (its sectors and its family's phrases) and where it works.

use essor::domain::{Intervention, Kind};

use super::french::{capitalise, fill, in_region, push_uncapitalised};
use super::names::NameStyle;
use super::rng::Rng;

/// The first sentence per kind. Slots: `{n}` the name, `{v}` "à" + the town, `{s}` the sectors.
fn introductions(kind: Kind, style: NameStyle) -> &'static [&'static str] {
    if style == NameStyle::Regie {
        return &[
            "{n} emploie des habitants du quartier à l'entretien et à l'amélioration de leur cadre de vie, en {s}.",
        ];
    }
    match kind {
        Kind::Aci => &[
            "{n} est un atelier et chantier d'insertion installé {v}, actif en {s}.",
            "Chantier d'insertion {v}, {n} accompagne des personnes éloignées de l'emploi en {s}.",
        ],
        Kind::Ei => &[
            "{n} est une entreprise d'insertion {v} spécialisée en {s}.",
            "Entreprise d'insertion {v}, {n} intervient en {s} pour les collectivités, les bailleurs et les entreprises.",
        ],
        Kind::Ai => &[
            "{n} met à disposition des collectivités, des associations et des particuliers des salariés en parcours d'insertion, en {s}.",
            "{n} est une association intermédiaire {v} : missions de courte durée en {s}.",
        ],
        Kind::Etti => {
            &["{n} est une entreprise de travail temporaire d'insertion {v} qui propose des missions en {s}."]
        }
        Kind::Ea => &[
            "{n} est une entreprise adaptée {v} spécialisée en {s}, où la majorité des salariés sont des travailleurs handicapés.",
        ],
        Kind::Esat => &[
            "{n} est un établissement et service d'accompagnement par le travail {v} : des travailleurs handicapés y réalisent des prestations en {s}.",
        ],
        Kind::Geiq => &[
            "{n} recrute et qualifie en alternance des personnes éloignées de l'emploi pour ses entreprises adhérentes, en {s}.",
        ],
        Kind::Scic => &[
            "{n} est une société coopérative d'intérêt collectif {v} qui réunit salariés, usagers et collectivités, active en {s}.",
        ],
        Kind::Scop => &["{n} est une société coopérative et participative {v} spécialisée en {s}."],
        _ => &["{n} est une entreprise solidaire d'utilité sociale {v}, active en {s}."],
    }
}

/// What a description is built from.
#[derive(Debug)]
pub struct DescriptionInputs<'a> {
    /// The main kind.
    pub kind: Kind,
    /// What the name reveals.
    pub style: NameStyle,
    /// The usual name.
    pub name: &'a str,
    /// "à" + the town of the site ("au Blanc-Mesnil").
    pub at_town: &'a str,
    /// "de" + the town of the site ("du Blanc-Mesnil").
    pub of_town: &'a str,
    /// The sectors' labels, main one first.
    pub sector_labels: &'a [&'a str],
    /// Sentences about the main sector.
    pub sentences: &'a [&'static str],
    /// Where the supplier works.
    pub intervention: &'a Intervention,
    /// Its région's code and name, when known.
    pub region: Option<(&'a str, &'a str)>,
}

/// One to three sentences: what the structure is and its sectors; often a phrase about the work; sometimes
/// where it works.
pub fn description(inputs: &DescriptionInputs<'_>, rng: &mut Rng) -> String {
    let sectors = list(inputs.sector_labels);
    let introduction = rng.pick(introductions(inputs.kind, inputs.style));
    let mut text = fill(introduction, &[('n', inputs.name), ('v', inputs.at_town), ('s', &sectors)]);
    let sentences = 1 + rng.below(3);
    if sentences >= 2 {
        text.push(' ');
        let sentence = rng.pick(inputs.sentences);
        text.push_str(sentence);
    }
    if sentences == 3 {
        text.push_str(" Nos équipes interviennent pour les collectivités, les bailleurs sociaux et les entreprises ");
        text.push_str(&zone(inputs));
        text.push('.');
    }
    capitalise(&mut text);
    text
}

/// "a", "a et b", "a, b et c", lower-cased; only commas when a label holds "et" itself.
fn list(labels: &[&str]) -> String {
    let last_separator = if labels.iter().any(|l| l.contains(" et ")) { ", " } else { " et " };
    let mut out = String::with_capacity(64);
    for (i, label) in labels.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == labels.len() { last_separator } else { ", " });
        }
        push_uncapitalised(&mut out, label);
    }
    out
}

fn zone(inputs: &DescriptionInputs<'_>) -> String {
    match inputs.intervention {
        Intervention::RadiusKm(km) => format!("dans un rayon de {km} km autour {}", inputs.of_town),
        Intervention::Departments(codes) if codes.len() > 1 => "du département et des départements voisins".to_string(),
        Intervention::Regions(_) => match inputs.region {
            Some((code, name)) => in_region(code, name),
            None => "de la région".to_string(),
        },
        Intervention::National => "dans toute la France".to_string(),
        Intervention::Departments(_) | Intervention::Default => "du département".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::vocabulary::FAMILIES;
    use super::*;

    fn inputs<'a>(intervention: &'a Intervention, labels: &'a [&'a str]) -> DescriptionInputs<'a> {
        DescriptionInputs {
            kind: Kind::Ai,
            style: NameStyle::Ordinary,
            name: "Passerelle Emploi",
            at_town: "au Blanc-Mesnil",
            of_town: "du Blanc-Mesnil",
            sector_labels: labels,
            sentences: FAMILIES[0].sentences,
            intervention,
            region: Some(("11", "Île-de-France")),
        }
    }

    #[test]
    fn describes_in_one_to_three_sentences_with_the_sectors() {
        let radius = Intervention::RadiusKm(25.0);
        let labels = ["Nettoyage de locaux", "Mise à disposition de personnel"];
        let mut rng = Rng::new(13);
        let mut counts = [0usize; 4];
        for _ in 0..300 {
            let text = description(&inputs(&radius, &labels), &mut rng);
            assert!(text.contains("nettoyage de locaux et mise à disposition de personnel"), "{text}");
            assert!(!text.contains('{'), "{text}");
            let sentences = text.matches(". ").count() + 1;
            assert!((1..=3).contains(&sentences), "{text}");
            counts[sentences] += 1;
            if sentences == 3 {
                assert!(text.ends_with("dans un rayon de 25 km autour du Blanc-Mesnil."), "{text}");
            }
        }
        assert!(counts[1] > 0 && counts[2] > 0 && counts[3] > 0, "{counts:?}");
    }

    #[test]
    fn zones_name_the_region_or_the_neighbours() {
        let labels = ["Nettoyage de locaux"];
        let regions = Intervention::Regions(vec!["11".into()]);
        assert_eq!(zone(&inputs(&regions, &labels)), "en Île-de-France");
        let departments = Intervention::Departments(vec!["93".into(), "94".into()]);
        assert_eq!(zone(&inputs(&departments, &labels)), "du département et des départements voisins");
        assert_eq!(zone(&inputs(&Intervention::National, &labels)), "dans toute la France");
    }

    #[test]
    fn lists_labels_the_french_way() {
        assert_eq!(list(&["Nettoyage", "Espaces verts", "BTP"]), "nettoyage, espaces verts et BTP");
        assert_eq!(list(&["Repas"]), "repas");
        assert_eq!(list(&["Élagage et soin des arbres", "Traiteur"]), "élagage et soin des arbres, traiteur");
    }
}
