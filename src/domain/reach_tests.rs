use super::*;
use crate::domain::{Kind, Siret};

fn gazetteer() -> &'static Gazetteer {
    Gazetteer::builtin()
}

fn supplier(department: &str, post_code: &str, point: Option<(f64, f64)>, intervention: Intervention) -> Supplier {
    Supplier {
        siret: Siret::parse("99000103400018").unwrap(),
        name: "Régie".into(),
        brand: None,
        kinds: vec![Kind::Ei],
        legal_form: None,
        naf: None,
        naf_label: None,
        description: None,
        sectors: Vec::new(),
        cpv: Vec::new(),
        post_code: post_code.into(),
        city: "Ville".into(),
        department: department.into(),
        commune_insee: None,
        location: point.map(|(lat, lon)| GeoPoint { lat, lon }),
        intervention,
        employees: None,
        revenue_eur: None,
        networks: Vec::new(),
        email: None,
    }
}

fn spot(lat: f64, lon: f64, department: &str) -> Spot {
    Spot::new(GeoPoint { lat, lon }, [department], 0.0, gazetteer())
}

const MONTREUIL: (f64, f64) = (48.8638, 2.4485);

#[test]
fn a_local_structure_reaches_its_whole_departement_but_not_the_next_one() {
    let g = gazetteer();
    let regie = WorkZone::of(&supplier("93", "93100", Some(MONTREUIL), Intervention::RadiusKm(8.0)), g);
    let d93 = g.department("93").unwrap();
    let d94 = g.department("94").unwrap();
    let centre93 = Spot::new(d93.centre, ["93"], 0.0, g);
    let centre94 = Spot::new(d94.centre, ["94"], 0.0, g);
    assert!(regie.reaches_spot(&centre93));
    assert!(!regie.reaches_spot(&centre94), "the centre of the Val-de-Marne is farther than 8 km");
    // A commune of the Val-de-Marne next to Montreuil is within the radius.
    assert!(regie.reaches_spot(&spot(48.8476, 2.4392, "94")), "Vincennes");
    let both = Reachable::of_spots(vec![centre93.clone(), centre94.clone()]);
    let reach = both.reach(&regie).expect("reaches the 93 part");
    assert!(reach.same_department);
    assert!(both.reaches_area(&regie, 0) && !both.reaches_area(&regie, 1));
    // A zone across both départements must be reached whole.
    let zone = Reachable::new(vec![vec![centre93, centre94]]);
    assert!(zone.reach(&regie).is_none());
}

#[test]
fn listed_departements_regions_and_the_whole_country() {
    let g = gazetteer();
    let evry = spot(48.6290, 2.4410, "91");
    let lille = spot(50.6292, 3.0573, "59");
    let listed = WorkZone::of(&supplier("93", "93100", None, Intervention::Departments(vec!["91".into()])), g);
    assert!(listed.reaches_spot(&evry));
    assert!(listed.reaches_spot(&spot(48.91, 2.44, "93")), "its home département counts");
    assert!(!listed.reaches_spot(&lille));
    let region = WorkZone::of(&supplier("93", "93100", None, Intervention::Regions(vec!["11".into()])), g);
    assert!(region.reaches_spot(&evry) && !region.reaches_spot(&lille));
    let national = WorkZone::of(&supplier("93", "93100", None, Intervention::National), g);
    assert!(national.reaches_spot(&lille));
}

#[test]
fn a_circle_adds_its_radius_and_an_unknown_site_keeps_to_its_departement() {
    let g = gazetteer();
    let regie = WorkZone::of(&supplier("93", "93100", Some(MONTREUIL), Intervention::RadiusKm(8.0)), g);
    // 25 km from Montreuil, in the Essonne: out of 8 km, inside with a 20 km circle around it.
    let far = GeoPoint { lat: 48.6500, lon: 2.4000 };
    assert!(!regie.reaches_spot(&Spot::new(far, ["91"], 0.0, g)));
    let circle = Reachable::of_spots(vec![Spot::new(far, ["91"], 20.0, g)]);
    let reach = circle.reach(&regie).expect("inside once the circle's radius is added");
    assert!(reach.distance_km.is_some_and(|d| d < 8.0));
    let unplaced = WorkZone::of(&supplier("93", "99999", None, Intervention::RadiusKm(80.0)), g);
    assert!(unplaced.site.is_some(), "placed at its département's centre");
}

#[test]
fn the_fast_path_gives_the_spot_by_spot_answer() {
    let g = gazetteer();
    let zones = [
        Intervention::RadiusKm(8.0),
        Intervention::Default,
        Intervention::Departments(vec!["91".into(), "94".into()]),
        Intervention::Regions(vec!["11".into()]),
        Intervention::National,
    ];
    let places: Vec<Vec<Spot>> = vec![
        vec![spot(48.6290, 2.4410, "91")],
        vec![spot(48.8476, 2.4392, "94"), spot(50.6292, 3.0573, "59")],
        vec![spot(43.6047, 1.4442, "31")],
        vec![spot(48.91, 2.44, "93"), spot(45.76, 4.83, "69")],
    ];
    for intervention in zones {
        for (department, post_code, at) in [("93", "93100", Some(MONTREUIL)), ("69", "69001", Some((45.76, 4.83)))] {
            let zone = WorkZone::of(&supplier(department, post_code, at, intervention.clone()), g);
            for spots in &places {
                let fast = Reachable::of_spots(spots.clone()).reach(&zone).is_some();
                let slow = spots.iter().any(|s| zone.reaches_spot(s));
                assert_eq!(fast, slow, "{intervention:?} {department} {spots:?}");
            }
        }
    }
}

#[test]
fn every_builtin_territory_has_its_own_bit() {
    let g = gazetteer();
    assert!(g.departments().len() <= 128 && g.regions().len() <= 64);
    let essonne = Territories::new(["91"], ["11"], g);
    let paris = Territories::new(["75"], ["11"], g);
    assert!(!essonne.share_a_department(paris));
    assert!(essonne.share_a_region(paris));
    assert!(Territories::new(["2A", "91"], [], g).share_a_department(essonne));
    let last = g.departments().last().map(|d| d.code.as_str()).unwrap_or_default();
    assert!(Territories::new([last], [], g).share_a_department(Territories::new([last, "01"], [], g)));
    assert!(!Territories::new(["99"], [], g).share_a_department(Territories::new(["99"], [], g)));
}
