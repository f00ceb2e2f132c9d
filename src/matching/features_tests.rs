use super::*;
use crate::domain::reach::Spot;
use crate::domain::{GeoPoint, Intervention, Siret};

/// Suppliers of every kind of zone, spread over metropolitan France and Corsica by a fixed sequence.
fn suppliers() -> Vec<Supplier> {
    let gazetteer = Gazetteer::builtin();
    let departments: Vec<&str> = gazetteer.departments().iter().map(|d| d.code.as_str()).collect();
    (0..3000u32)
        .map(|n| {
            let x = f64::from(n.wrapping_mul(2_654_435_761) % 10_000) / 10_000.0;
            let y = f64::from(n.wrapping_mul(40_503) % 10_000) / 10_000.0;
            let department = departments[n as usize % departments.len()];
            let intervention = match n % 7 {
                0 => Intervention::Default,
                1 | 2 => Intervention::RadiusKm(f64::from(n % 150)),
                3 => Intervention::Departments(vec![departments[(n as usize * 7) % departments.len()].to_string()]),
                4 => Intervention::Regions(vec!["84".to_string()]),
                5 => Intervention::National,
                _ => Intervention::RadiusKm(f64::from(5 + n % 40)),
            };
            Supplier {
                siret: Siret::parse(&crate::domain::siret::with_luhn_digit(&format!("8{n:012}"))).unwrap(),
                name: format!("Structure {n}"),
                brand: None,
                kinds: vec![crate::domain::Kind::Ei],
                legal_form: None,
                naf: None,
                naf_label: None,
                description: None,
                sectors: Vec::new(),
                cpv: Vec::new(),
                post_code: format!("{department}000"),
                city: "Ville".into(),
                department: department.to_string(),
                commune_insee: None,
                location: (n % 11 != 0).then(|| GeoPoint { lat: 42.0 + 9.0 * x, lon: -4.5 + 12.5 * y }),
                intervention,
                employees: None,
                revenue_eur: None,
                networks: Vec::new(),
                email: None,
            }
        })
        .collect()
}

#[test]
fn every_supplier_the_reach_rule_keeps_is_among_those_that_may_reach() {
    let gazetteer = Gazetteer::builtin();
    let table = FeatureTable::build(suppliers(), gazetteer, Taxonomy::builtin(), &LawConfig::default());
    let mut places: Vec<Reachable> = gazetteer
        .departments()
        .iter()
        .map(|d| Reachable::of_spots(vec![Spot::new(d.centre, [d.code.as_str()], 0.0, gazetteer)]))
        .collect();
    for (lat, lon, slack) in [(48.85, 2.35, 30.0), (45.76, 4.83, 0.0), (43.3, 5.37, 80.0), (47.2, -1.55, 5.0)] {
        let point = GeoPoint { lat, lon };
        let department = gazetteer
            .departments()
            .iter()
            .min_by(|a, b| a.centre.distance_km(point).total_cmp(&b.centre.distance_km(point)));
        let codes: Vec<&str> = department.map(|d| d.code.as_str()).into_iter().collect();
        places.push(Reachable::of_spots(vec![Spot::new(point, codes, slack, gazetteer)]));
    }
    let mut checked = 0;
    for place in &places {
        let mut found = vec![false; table.len()];
        table.may_reach(place, |id| found[id as usize] = true);
        for id in 0..table.len() as u32 {
            if place.reach(&table.row(id).work).is_some() {
                checked += 1;
                assert!(found[id as usize], "supplier {id} reaches the place but was not read");
            }
        }
        let read = found.iter().filter(|f| **f).count();
        assert!(read < table.len(), "a place reads only part of the table");
    }
    assert!(checked > 1000, "the test covers many reaching suppliers ({checked})");
}
