use super::*;
use crate::domain::Gazetteer;
use crate::domain::siret::with_luhn_digit;

/// Where a test supplier is: département, post code, city, INSEE code of the commune.
type Place = (&'static str, &'static str, &'static str, Option<&'static str>);

const ANGERS: Place = ("49", "49000", "Angers", Some("49007"));
const CHOLET: Place = ("49", "49300", "Cholet", Some("49099"));
const NANTES: Place = ("44", "44000", "Nantes", Some("44109"));
const SAINT_ETIENNE: Place = ("42", "42000", "Saint-Étienne", None);

fn supplier(siren: u32, nic: u32, name: &str, (department, post_code, city, insee): Place) -> Supplier {
    let siret = with_luhn_digit(&format!("{siren:09}{nic:04}"));
    let record = serde_json::json!({
        "siret": siret, "name": name, "kinds": ["ACI"], "department": department,
        "post_code": post_code, "city": city, "commune_insee": insee,
    });
    let record = record.as_object().expect("a JSON object");
    Supplier::from_record(record, Gazetteer::builtin()).expect("a valid test supplier")
}

/// Two suppliers of different legal units, same département, different communes.
fn pair_in_department(a: &str, b: &str) -> Vec<Duplicate> {
    find_duplicates(&[supplier(100, 1, a, ANGERS), supplier(200, 1, b, CHOLET)])
}

fn similarity(duplicates: &[Duplicate]) -> Option<f64> {
    match duplicates {
        [Duplicate { reason: DuplicateReason::SimilarName { similarity }, .. }] => Some(*similarity),
        _ => None,
    }
}

#[test]
fn known_duplicates_are_found_as_similar_names() {
    for (a, b) in [
        ("SARL ENVIE ANJOU", "Envie Anjou"),
        ("Association Les Ateliers du Bocage", "ATELIERS DU BOCAGE (LES)"),
        ("SCIC SA Enercoop", "Enercoop"),
        ("Groupe ARES SAS", "ARES"),
        ("L'Atelier", "Atelier"),
        ("E.S.A.T. Les Iris", "ESAT Les Iris"),
        ("Régie de Quartier Nord", "REGIE DE QUARTIER NORD"),
    ] {
        assert_eq!(similarity(&pair_in_department(a, b)), Some(1.0), "{a} / {b}");
    }
    let jardins = similarity(&pair_in_department("Jardins de Cocagne de Lyon", "Jardin de Cocagne Lyon"));
    assert!(jardins.is_some_and(|s| (0.95..1.0).contains(&s)), "{jardins:?}");
}

#[test]
fn distinct_members_of_a_network_are_not_duplicates() {
    for (a, b) in [
        ("Régie de Quartier Nord", "Régie de Quartier Sud"),
        ("APF Entreprises 59", "APF Entreprises 62"),
        ("Envie 44", "Envie 45"),
        ("Atelier Bois", "Atelier Soie"),
        ("ESAT Les Iris", "ESAT Les Lilas"),
    ] {
        assert_eq!(pair_in_department(a, b), vec![], "{a} / {b}");
    }
}

#[test]
fn distinct_pairs_stay_distinct_in_a_large_catalogue() {
    let mut catalogue: Vec<Supplier> = (0..400)
        .map(|i| {
            let name = ["Atelier Insertion", "Régie de Quartier", "Envie Services", "APF Entreprises"][i % 4];
            supplier(1000 + i as u32, 1, &format!("{name} {}", ["Bocage", "Mauges", "Layon", "Loire"][i / 100]), CHOLET)
        })
        .collect();
    catalogue.extend([
        supplier(300, 1, "Régie de Quartier Nord", ANGERS),
        supplier(301, 1, "Régie de Quartier Sud", ANGERS),
        supplier(302, 1, "Envie 44", ANGERS),
        supplier(303, 1, "Envie 45", ANGERS),
        supplier(304, 1, "Atelier Bois", ANGERS),
        supplier(305, 1, "Atelier Soie", ANGERS),
    ]);
    let found = find_duplicates(&catalogue);
    let touching_angers: Vec<&Duplicate> = found.iter().filter(|d| d.a.siren() < "000001000").collect();
    assert_eq!(touching_angers, Vec::<&Duplicate>::new());
    // The fillers repeat each name in the same commune 25 times: all those pairs are found.
    assert!(found.iter().all(|d| d.reason == DuplicateReason::SameNameSameCommune));
    assert_eq!(found.len(), 16 * (25 * 24 / 2));
}

#[test]
fn same_siren_is_reported_whatever_the_names_and_places() {
    let found = find_duplicates(&[supplier(400, 1, "Envie Anjou", ANGERS), supplier(400, 2, "Envie Loire", NANTES)]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].reason, DuplicateReason::SameSiren);
    assert_eq!((found[0].a_name.as_str(), found[0].b_name.as_str()), ("Envie Anjou", "Envie Loire"));
    assert!(found[0].reason.describe().contains("même unité légale"));
}

#[test]
fn same_name_same_commune_uses_insee_code_else_post_code_and_city() {
    let by_insee = find_duplicates(&[supplier(500, 1, "Envie Anjou", ANGERS), supplier(501, 1, "ENVIE ANJOU", ANGERS)]);
    assert_eq!(by_insee.len(), 1);
    assert_eq!(by_insee[0].reason, DuplicateReason::SameNameSameCommune);

    let mut spelt_otherwise = supplier(511, 1, "L'Envie Forez", SAINT_ETIENNE);
    spelt_otherwise.city = "SAINT ETIENNE".to_string();
    let by_city = find_duplicates(&[supplier(510, 1, "Envie Forez", SAINT_ETIENNE), spelt_otherwise]);
    assert_eq!(by_city.len(), 1);
    assert_eq!(by_city[0].reason, DuplicateReason::SameNameSameCommune);

    let other_commune = pair_in_department("Envie Anjou", "Envie Anjou");
    assert_eq!(similarity(&other_commune), Some(1.0));
}

#[test]
fn names_in_different_departments_are_not_compared() {
    let found = find_duplicates(&[supplier(600, 1, "Envie Anjou", ANGERS), supplier(601, 1, "Envie Anjou", NANTES)]);
    assert_eq!(found, vec![]);
}

#[test]
fn each_pair_is_reported_once_with_its_strongest_reason() {
    let found =
        find_duplicates(&[supplier(700, 1, "Envie Anjou", ANGERS), supplier(700, 2, "SARL Envie Anjou", ANGERS)]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].reason, DuplicateReason::SameSiren);
}

#[test]
fn empty_names_and_repeated_sirets_never_pair() {
    let empty = find_duplicates(&[supplier(800, 1, "Association SARL", ANGERS), supplier(801, 1, "SAS", ANGERS)]);
    assert_eq!(empty, vec![]);
    let same = supplier(802, 1, "Envie Anjou", ANGERS);
    assert_eq!(find_duplicates(&[same.clone(), same]), vec![]);
}

#[test]
fn order_is_by_reason_then_sirets_whatever_the_input_order() {
    let catalogue = vec![
        supplier(903, 1, "Jardins de Cocagne Angers", ANGERS),
        supplier(902, 1, "Jardin de Cocagne Angers", CHOLET),
        supplier(901, 1, "Envie Anjou", ANGERS),
        supplier(900, 1, "Envie Anjou", ANGERS),
        supplier(904, 2, "Ateliers du Bocage", CHOLET),
        supplier(904, 1, "Bocage Services", NANTES),
    ];
    let found = find_duplicates(&catalogue);
    let sirens: Vec<(&str, &str)> = found.iter().map(|d| (d.a.siren(), d.b.siren())).collect();
    assert_eq!(sirens, vec![("000000904", "000000904"), ("000000900", "000000901"), ("000000902", "000000903")]);
    assert!(found[1].a < found[1].b);
    let reversed: Vec<Supplier> = catalogue.into_iter().rev().collect();
    assert_eq!(find_duplicates(&reversed), found);
}

#[test]
fn an_import_reports_new_pairs_only() {
    let existing = vec![
        supplier(1100, 1, "Envie Anjou", ANGERS),
        supplier(1101, 1, "ENVIE ANJOU", ANGERS),
        supplier(1102, 1, "Ateliers du Bocage", CHOLET),
    ];
    let new = vec![supplier(1103, 1, "Association Envie Anjou", ANGERS), supplier(1104, 1, "Envie (L') Anjou", CHOLET)];
    let found = duplicates_with(&new, &existing);
    let pairs: Vec<(&str, &str)> = found.iter().map(|d| (d.a.siren(), d.b.siren())).collect();
    // 1100×1101 already exist together: not reported.
    assert_eq!(
        pairs,
        vec![
            ("000001100", "000001103"),
            ("000001101", "000001103"),
            ("000001100", "000001104"),
            ("000001101", "000001104"),
            ("000001103", "000001104"),
        ]
    );
    assert_eq!(found[0].reason, DuplicateReason::SameNameSameCommune);
    assert_eq!(found[2].reason, DuplicateReason::SimilarName { similarity: 1.0 });
}

#[test]
fn an_import_replacing_a_record_does_not_pair_it_with_itself() {
    let existing = vec![supplier(1200, 1, "Envie Anjou", ANGERS), supplier(1201, 1, "Atelier Bocage", CHOLET)];
    let new = vec![supplier(1200, 1, "SARL Envie Anjou", ANGERS)];
    assert_eq!(duplicates_with(&new, &existing), vec![]);
}

#[test]
fn reasons_and_pairs_are_described_in_french() {
    assert_eq!(
        DuplicateReason::SimilarName { similarity: 0.934 }.describe(),
        "noms proches dans le même département (similarité 93 %)"
    );
    assert_eq!(DuplicateReason::SameNameSameCommune.describe(), "même nom (une fois normalisé) dans la même commune");
    let found = pair_in_department("Envie Anjou", "SARL Envie Anjou");
    let line = found.first().map(Duplicate::describe).unwrap_or_default();
    assert!(line.starts_with("« Envie Anjou » (00000010000016) et « SARL Envie Anjou »"), "{line}");
}

#[test]
fn duplicates_serialise_with_a_tagged_reason() {
    let found = pair_in_department("Envie Anjou", "SARL Envie Anjou");
    let json = serde_json::to_value(&found).unwrap_or_default();
    assert_eq!(json[0]["reason"], serde_json::json!({ "kind": "similar_name", "similarity": 1.0 }));
    assert_eq!(json[0]["b_name"], "SARL Envie Anjou");
}

#[test]
fn blocking_finds_every_similar_pair_that_comparing_all_pairs_finds() {
    let places = [ANGERS, CHOLET, NANTES];
    let firsts = ["Atelier", "Ateliers", "Jardins", "Jardin", "Envie", "Régie", "Insertion"];
    let seconds = ["Anjou", "Loire", "Bocage", "Mauges", "Services", "Insertion", "49", "", "Quartier"];
    let catalogue: Vec<Supplier> = (0..400)
        .map(|i| {
            let prefix = ["", "SARL", "Association Les", "L'"][i % 4];
            // In a set of 400 names every word is common.
            let extra = if i % 10 == 0 { "Solidaire Recyclage" } else { "Solidaire" };
            let name = format!("{prefix} {} {} {} {extra}", firsts[i / 57 % 7], seconds[i % 9], seconds[i / 9 % 9]);
            supplier(2000 + i as u32, 1, &name, places[i / 4 % 3])
        })
        .collect();
    let corpus = Corpus::build(catalogue.iter().map(|s| s.name.as_str()));
    let mut expected = Vec::new();
    for i in 0..catalogue.len() {
        for j in i + 1..catalogue.len() {
            let similar = corpus.similarity(i, j).is_some_and(|s| s >= SIMILAR_NAME_THRESHOLD);
            if similar && catalogue[i].department == catalogue[j].department {
                expected.push((catalogue[i].siret.clone(), catalogue[j].siret.clone()));
            }
        }
    }
    let found = find_duplicates(&catalogue);
    let found_pairs: Vec<(Siret, Siret)> = found.iter().map(|d| (d.a.clone(), d.b.clone())).collect();
    assert!(expected.len() > 100, "{} similar pairs only", expected.len());
    assert_eq!(found_pairs.len(), expected.len());
    for pair in &expected {
        assert!(found_pairs.contains(pair), "{pair:?} missed");
    }
}

#[test]
fn names_of_common_words_differing_by_their_rarest_word_are_compared() {
    // In this set every word is common; "recyclage" is the rarest.
    let mut catalogue: Vec<Supplier> =
        (0..50).map(|i| supplier(3000 + i, 1, "Atelier Bocage Mauges Loire", NANTES)).collect();
    catalogue.extend((0..45).map(|i| supplier(3100 + i, 1, "Recyclage", NANTES)));
    catalogue.push(supplier(3200, 1, "Atelier Bocage Mauges Loire Recyclage", ANGERS));
    catalogue.push(supplier(3201, 1, "Atelier Bocage Mauges Loire", CHOLET));
    let in_maine_et_loire: Vec<Duplicate> =
        find_duplicates(&catalogue).into_iter().filter(|d| d.a.siren() >= "000003200").collect();
    assert_eq!(in_maine_et_loire.len(), 1);
    assert!(similarity(&in_maine_et_loire).is_some_and(|s| (SIMILAR_NAME_THRESHOLD..1.0).contains(&s)));
}
