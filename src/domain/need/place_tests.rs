use serde_json::json;

use super::*;
use crate::domain::territory::Commune;

fn gazetteer() -> Gazetteer {
    let commune = |insee: &str, name: &str, pc: &str, dep: &str, lat: f64, lon: f64| Commune {
        insee: insee.into(),
        name: name.into(),
        post_codes: vec![pc.into()],
        department: dep.into(),
        centre: GeoPoint::new(lat, lon).unwrap(),
    };
    Gazetteer::with_communes(vec![
        commune("93048", "Montreuil", "93100", "93", 48.862, 2.448),
        commune("93006", "Bagnolet", "93170", "93", 48.869, 2.418),
    ])
}

fn parse(value: serde_json::Value) -> Result<Place, NeedError> {
    let obj = JsonObject::new(&value, "place", "{}").unwrap();
    Place::from_json(&obj, &gazetteer())
}

#[test]
fn reads_the_six_shapes() {
    assert_eq!(parse(json!({"department": "91"})).unwrap(), Place::Department("91".into()));
    assert_eq!(parse(json!({"department": 1})).unwrap(), Place::Department("01".into()));
    assert_eq!(
        parse(json!({"departments": ["91", "77"]})).unwrap(),
        Place::Departments(vec!["91".into(), "77".into()])
    );
    assert_eq!(parse(json!({"commune_insee": "93048"})).unwrap(), Place::Commune("93048".into()));
    assert_eq!(
        parse(json!({"communes": ["93006", "93048"]})).unwrap(),
        Place::Communes(vec!["93006".into(), "93048".into()])
    );
    assert_eq!(parse(json!({"post_code": "93100"})).unwrap(), Place::PostCode("93100".into()));
    let circle = parse(json!({"lat": 48.6, "lon": 2.4, "radius_km": 30})).unwrap();
    assert_eq!(circle, Place::Circle { centre: GeoPoint::new(48.6, 2.4).unwrap(), radius_km: 30.0 });
    assert_eq!(parse(circle.to_json()).unwrap(), circle);
}

#[test]
fn errors_name_the_field() {
    let err = parse(json!({"department": "99"})).unwrap_err();
    assert_eq!(err.field, "place.department");
    assert!(err.message.contains("99"), "{}", err.message);
    assert_eq!(parse(json!({"departments": ["91", "00"]})).unwrap_err().field, "place.departments[1]");
    assert_eq!(parse(json!({"departments": []})).unwrap_err().field, "place.departments");
    assert_eq!(parse(json!({"communes": []})).unwrap_err().field, "place.communes");
    assert_eq!(parse(json!({"commune_insee": "9122"})).unwrap_err().field, "place.commune_insee");
    assert_eq!(parse(json!({"commune_insee": "99123"})).unwrap_err().field, "place.commune_insee");
    assert_eq!(parse(json!({"post_code": "9100"})).unwrap_err().field, "place.post_code");
    assert_eq!(parse(json!({"lat": 48.6, "lon": 2.4, "radius_km": 0})).unwrap_err().field, "place.radius_km");
    assert_eq!(parse(json!({"lat": 48.6, "lon": 2.4, "radius_km": -5})).unwrap_err().field, "place.radius_km");
    assert_eq!(parse(json!({"lat": 48.6, "lon": 2.4})).unwrap_err().field, "place.radius_km");
    assert_eq!(parse(json!({"lat": 98.6, "lon": 2.4, "radius_km": 3})).unwrap_err().field, "place.lat");
    assert_eq!(parse(json!({"lon": 2.4, "radius_km": 3})).unwrap_err().field, "place.lat");
    assert_eq!(parse(json!({"department": "91", "post_code": "91000"})).unwrap_err().field, "place");
    assert_eq!(parse(json!({"city": "Évry"})).unwrap_err().field, "place");
}

#[test]
fn unknown_commune_of_a_known_department_is_placed_at_the_department_centre() {
    let g = gazetteer();
    let place = parse(json!({"commune_insee": "91999"})).unwrap();
    let resolved = place.resolve(&g);
    let essonne = g.department("91").unwrap();
    assert_eq!(resolved.points, vec![essonne.centre]);
    assert_eq!(resolved.departments, vec!["91"]);
    assert_eq!(resolved.notes.len(), 1);
    assert!(resolved.notes[0].contains("Essonne"), "{:?}", resolved.notes);
}

#[test]
fn known_communes_resolve_exactly() {
    let g = gazetteer();
    let resolved = Place::Communes(vec!["93006".into(), "93048".into()]).resolve(&g);
    assert_eq!(resolved.points.len(), 2);
    assert_eq!(resolved.departments, vec!["93"]);
    assert!(resolved.notes.is_empty());
    assert_eq!(resolved.label, "Bagnolet (93006), Montreuil (93048)");
    assert_eq!(resolved.radius_km, None);
}

#[test]
fn post_codes_resolve_to_their_communes_or_department() {
    let g = gazetteer();
    let known = Place::PostCode("93100".into()).resolve(&g);
    assert_eq!(known.label, "93100 Montreuil");
    assert!(known.notes.is_empty());
    // No commune has this post code: its first digits still say the département.
    let unknown = Place::PostCode("20298".into()).resolve(&g);
    assert_eq!(unknown.departments, vec!["2B"]);
    assert_eq!(unknown.notes.len(), 1);
}

#[test]
fn departments_resolve_to_their_centres_with_names() {
    let g = gazetteer();
    let resolved = Place::Departments(vec!["91".into(), "77".into()]).resolve(&g);
    assert_eq!(resolved.points.len(), 2);
    assert_eq!(resolved.departments, vec!["91", "77"]);
    assert!(resolved.label.starts_with("Essonne (91), "), "{}", resolved.label);
}

#[test]
fn a_circle_covers_the_nearest_department_and_those_within_reach() {
    let g = gazetteer();
    let essonne = g.department("91").unwrap().centre;
    let small = Place::Circle { centre: essonne, radius_km: 1.0 }.resolve(&g);
    assert_eq!(small.departments, vec!["91"]);
    assert_eq!(small.radius_km, Some(1.0));
    let large = Place::Circle { centre: essonne, radius_km: 60.0 }.resolve(&g);
    assert!(large.departments.len() > 3, "{:?}", large.departments);
    assert_eq!(large.departments[0], "91");
}

#[test]
fn departments_of_codes() {
    assert_eq!(department_of_insee("2A004").as_deref(), Some("2A"));
    assert_eq!(department_of_insee("97411").as_deref(), Some("974"));
    assert_eq!(department_of_insee("9122"), None);
    assert_eq!(department_of_post_code("20090").as_deref(), Some("2A"));
    assert_eq!(department_of_post_code("20200").as_deref(), Some("2B"));
    assert_eq!(department_of_post_code("97400").as_deref(), Some("974"));
    assert_eq!(department_of_post_code("91000").as_deref(), Some("91"));
}

#[test]
fn a_circle_is_named_after_the_commune_nearest_its_centre() {
    let g = gazetteer();
    let near_montreuil = GeoPoint::new(48.86, 2.45).unwrap();
    assert_eq!(circle_label(near_montreuil, 8.0, &g), "8 km autour de Montreuil (48.8600, 2.4500)");
    let at_sea = GeoPoint::new(47.0, -4.0).unwrap();
    assert_eq!(circle_label(at_sea, 30.0, &g), "30 km autour de 47.0000, -4.0000");
    let place = Place::Circle { centre: near_montreuil, radius_km: 8.0 };
    assert_eq!(place.resolve(&g).label, "8 km autour de Montreuil (48.8600, 2.4500)");
}
