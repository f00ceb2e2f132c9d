//! Scopes: activities, perimeters, reach, and the errors that name the field.

use serde_json::json;

use super::*;
use crate::domain::Supplier;
use crate::domain::need::Place;
use crate::domain::reach::WorkZone;

#[test]
fn a_list_of_communes_gives_one_part_per_commune() {
    let s = scope_of(json!({"id": "ee", "title": "Collecte des cartons", "cpv": ["90511400"],
        "place": {"communes": EST_ENSEMBLE}, "estimated_value_eur": 1_000_000}));
    let ids: Vec<&str> = s.perimeter.parts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, EST_ENSEMBLE);
    assert_eq!(
        s.perimeter.place_of(&[0, 1, 2, 3, 4, 5, 6, 7, 8]),
        Place::Communes(EST_ENSEMBLE.map(String::from).to_vec())
    );
    assert_eq!(s.perimeter.place_of(&[4]), Place::Commune("93048".into()));
    assert_eq!(s.perimeter.place_of(&[0, 4]), Place::Communes(vec!["93006".into(), "93048".into()]));
}

#[test]
fn a_department_is_split_into_its_communes_or_into_zones() {
    let place = Place::Department("91".into());
    let g = Gazetteer::builtin();
    // The Essonne has 194 communes.
    let communes = Perimeter::from_place(&place, g, 400).unwrap();
    assert!(communes.parts.len() >= 190, "{}", communes.parts.len());
    assert!(communes.parts.iter().all(|p| p.spots.len() == 1 && p.spots[0].department == "91"));
    let zones = Perimeter::from_place(&place, g, 5).unwrap();
    assert_eq!(zones.parts.len(), 5);
    assert_eq!(zones.parts.iter().map(|p| p.spots.len()).sum::<usize>(), communes.parts.len());
    assert!(zones.parts.iter().all(|p| p.id.starts_with("zone-") && !p.spots.is_empty()));
    // North to south.
    assert!(zones.parts[0].centre.lat > zones.parts[4].centre.lat);
    // A set of zones reads as the towns in them, the count of the others said in words.
    let names: Vec<&str> = zones.parts[..2].iter().flat_map(|p| &p.spots).map(|s| s.name.as_str()).collect();
    let label = zones.label_of(&[0, 1]);
    assert!(label.starts_with(&names[..3].join(", ")), "{label}");
    assert!(label.ends_with(&format!("et {} autres", names.len() - 3)), "{label}");
    let towns = Perimeter::from_place(&Place::Communes(EST_ENSEMBLE.map(String::from).to_vec()), g, 40).unwrap();
    assert_eq!(towns.label_of(&[0, 1, 2, 3]), "Bagnolet (93006), Bobigny (93008), Bondy (93010) et 1 autre");
    let several = Perimeter::from_place(&Place::Departments(vec!["91".into(), "77".into()]), g, 40).unwrap();
    assert_eq!(several.parts.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["91", "77"]);
    assert_eq!(several.place_of(&[0]), Place::Department("91".into()));
}

#[test]
fn reach_follows_the_intervention_zone() {
    let s = scope_of(json!({"id": "ee", "title": "Collecte des cartons", "cpv": ["90511400"],
        "place": {"communes": EST_ENSEMBLE}, "estimated_value_eur": 1_000_000}));
    let g = Gazetteer::builtin();
    let part = |id: &str| s.perimeter.parts.iter().find(|p| p.id == id).unwrap();
    let zone = |department: &str, site: Option<(f64, f64)>, intervention: Value| {
        let mut record = json!({"siret": "99000103400018", "name": "Régie", "kinds": ["EI"],
            "post_code": format!("{department}100"), "city": "Ville", "department": department,
            "intervention": intervention});
        if let Some((lat, lon)) = site {
            record["lat"] = json!(lat);
            record["lon"] = json!(lon);
        }
        WorkZone::of(&Supplier::from_record(record.as_object().unwrap(), g).unwrap(), g)
    };
    let montreuil = Some((48.8617, 2.4417));
    let small = zone("93", montreuil, json!({"radius_km": 3}));
    assert!(part("93006").reached_by(&small), "Bagnolet is 2 km away");
    assert!(part("93010").reached_by(&small), "Bondy is 5 km away, in its home département");
    let paris = zone("75", Some((48.8566, 2.3522)), json!({"radius_km": 3}));
    assert!(!part("93010").reached_by(&paris), "Bondy is 13 km from Paris, in another département");
    assert!(part("93010").reached_by(&zone("75", None, json!({"departments": ["93"]}))));
    assert!(!part("93010").reached_by(&zone("75", None, json!({"departments": ["75"]}))));
    assert!(part("93010").reached_by(&zone("75", None, json!({"regions": ["11"]}))));
    assert!(part("93010").reached_by(&zone("13", None, json!({"national": true}))));
}

#[test]
fn activities_come_from_cpv_codes_or_words() {
    let two = scope_of(json!({"id": "n", "title": "Entretien", "cpv": ["77310000", "90911200"],
        "place": {"department": "93"}, "estimated_value_eur": 400_000}));
    let keys: Vec<&str> = two.activities.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert!(two.activities[1].covered_by(&[crate::domain::cpv::Cpv::parse("90911000").unwrap()], &[]));
    assert!(!two.activities[1].covered_by(&[crate::domain::cpv::Cpv::parse("90500000").unwrap()], &[]));
    assert!(two.activities[0].covered_by(&[], &[two.activities[0].key.clone()]));
    let words = scope_of(json!({"id": "n", "title": "Entretien des espaces verts et nettoyage des locaux",
        "place": {"department": "93"}, "estimated_value_eur": 400_000}));
    let keys: Vec<&str> = words.activities.iter().map(|a| a.key.as_str()).collect();
    assert!(keys.contains(&"entretien-espaces-verts") && keys.contains(&"nettoyage-locaux"), "{keys:?}");
}

#[test]
fn lots_with_values_value_their_activities() {
    let s = scope_of(json!({"id": "n", "title": "Entretien", "place": {"department": "93"},
        "lots": [{"id": "a", "title": "Espaces verts", "cpv": ["77310000"], "estimated_value_eur": 300_000},
                 {"id": "b", "title": "Nettoyage", "cpv": ["90911200"], "estimated_value_eur": 100_000}]}));
    assert_eq!(s.estimated_value_eur, 400_000.0);
    let values: Vec<Option<f64>> = s.activities.iter().map(|a| a.value_eur).collect();
    assert_eq!(values, [Some(300_000.0), Some(100_000.0)]);
}

#[test]
fn errors_name_the_field() {
    let g = Gazetteer::builtin();
    let t = Taxonomy::builtin();
    let c = PlanningConfig::default();
    let no_place = need(json!({"id": "n", "title": "Nettoyage", "cpv": ["90911200"], "estimated_value_eur": 1000}));
    assert_eq!(Scope::of_need(&no_place, g, t, &c).unwrap_err().field_name(), "place");
    let no_value = need(json!({"id": "n", "title": "Nettoyage", "cpv": ["90911200"], "place": {"department": "91"}}));
    let err = Scope::of_need(&no_value, g, t, &c).unwrap_err();
    assert_eq!(err.field_name(), "estimated_value_eur");
    assert!(err.to_string().contains("montant estimé manquant"), "{err}");
    let lots =
        need(json!({"id": "n", "title": "Entretien", "place": {"department": "93"}, "estimated_value_eur": 9000,
        "lots": [{"id": "a", "title": "Espaces verts", "cpv": ["77310000"], "estimated_value_eur": 3000},
                 {"id": "b", "title": "Nettoyage", "cpv": ["90911200"]}]}));
    let unknown = Scope::of_lot(&lots, Some("z"), g, t, &c).unwrap_err();
    assert_eq!(unknown.field_name(), "lot");
    assert!(unknown.to_string().contains("« z »") && unknown.to_string().contains("a, b"), "{unknown}");
    assert_eq!(Scope::of_lot(&lots, None, g, t, &c).unwrap_err().field_name(), "lot");
    assert_eq!(Scope::of_lot(&lots, Some("b"), g, t, &c).unwrap_err().field_name(), "lots[1].estimated_value_eur");
    let a = Scope::of_lot(&lots, Some("a"), g, t, &c).unwrap();
    assert_eq!((a.id.as_deref(), a.estimated_value_eur), (Some("a"), 3000.0));
}
