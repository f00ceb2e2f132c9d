//! Checks of the hand-written catalogue of the founding cases, `fixtures/seed-suppliers.jsonl`.

use std::collections::HashSet;

use serde_json::{Map, Value};

use essor::domain::{Gazetteer, Intervention, Kind, Supplier, Taxonomy};

const SEED: &str = include_str!("../../fixtures/seed-suppliers.jsonl");

/// Every record with its line number, validated.
fn seed() -> Vec<(usize, Map<String, Value>, Supplier)> {
    SEED.lines()
        .enumerate()
        .map(|(i, line)| {
            let record: Map<String, Value> =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: not a JSON object: {e}", i + 1));
            let supplier =
                Supplier::from_record(&record, Gazetteer::builtin()).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
            (i + 1, record, supplier)
        })
        .collect()
}

#[test]
fn every_record_validates_and_sirets_are_unique_and_illustrative() {
    let records = seed();
    assert!((40..=60).contains(&records.len()), "{} records", records.len());
    let mut sirets = HashSet::new();
    for (line, record, supplier) in &records {
        assert!(sirets.insert(supplier.siret.clone()), "line {line}: SIRET {} twice", supplier.siret);
        // Made-up SIRENs start with 99: the generator never draws them (its SIRENs start with 1 to 8).
        assert!(supplier.siret.siren().starts_with("99"), "line {line}: {}", supplier.siret);
        assert_eq!(record.get("illustrative"), Some(&Value::Bool(true)), "line {line}");
        assert_eq!(Supplier::from_record(&supplier.to_record(), Gazetteer::builtin()).as_ref(), Ok(supplier));
    }
}

#[test]
fn places_sectors_and_codes_are_consistent() {
    let gazetteer = Gazetteer::builtin();
    let taxonomy = Taxonomy::builtin();
    for (line, _, s) in seed() {
        assert!(!s.sectors.is_empty() && !s.cpv.is_empty(), "line {line}: sectors and CPV codes expected");
        for key in &s.sectors {
            assert!(taxonomy.sector(key).is_some(), "line {line}: unknown sector {key}");
        }
        let naf = s.naf.as_deref().unwrap_or_default();
        assert!(naf.len() == 5 && naf[..4].bytes().all(|b| b.is_ascii_digit()), "line {line}: NAF {naf}");
        assert!(s.description.as_deref().is_some_and(|d| d.len() > 80), "line {line}: description too short");
        assert!(s.employees.is_some() && s.revenue_eur.is_some(), "line {line}: size expected");
        assert!(s.email.as_deref().is_some_and(|e| e.ends_with(".example.org")), "line {line}");
        assert_ne!(s.intervention, Intervention::Default, "line {line}: intervention zone expected");
        let location = s.location.unwrap_or_else(|| panic!("line {line}: coordinates expected"));
        // Communes the gazetteer knows must agree with the record; the others are small villages.
        if let Some(commune) = gazetteer.commune(s.commune_insee.as_deref().unwrap_or_default()) {
            assert_eq!(commune.name, s.city, "line {line}");
            assert_eq!(commune.department, s.department, "line {line}");
            assert!(commune.post_codes.contains(&s.post_code), "line {line}: post code {}", s.post_code);
            assert!(commune.centre.distance_km(location) < 8.0, "line {line}: site far from {}", s.city);
        } else {
            let centre = gazetteer.department(&s.department).map(|d| d.centre);
            assert!(
                centre.is_some_and(|c| c.distance_km(location) < 120.0),
                "line {line}: site far from its département"
            );
        }
    }
}

#[test]
fn the_founding_cases_are_there() {
    let records = seed();
    let find = |name: &str| {
        records.iter().map(|(_, _, s)| s).find(|s| s.name == name).unwrap_or_else(|| panic!("{name} missing"))
    };
    for (name, kind, department) in [
        ("Lemontri", Kind::Ei, "93"),
        ("Carton Plein", Kind::Aci, "75"),
        ("Régie de quartier de Montreuil", Kind::Ei, "93"),
        ("Régie de quartier du Blanc-Mesnil", Kind::Aci, "93"),
        ("Hercule Insertion", Kind::Ai, "91"),
        ("Bell'Occas", Kind::Aci, "08"),
        ("ESAT AGAPEI Toulouse", Kind::Esat, "31"),
        ("8 Fablab Drôme", Kind::Scic, "26"),
        ("Ambiance Bois", Kind::Scop, "23"),
        ("Les Locos-Motivés", Kind::Aci, "12"),
        ("Nouvelle Attitude", Kind::Ei, "75"),
        ("Cèdre", Kind::Ea, "75"),
        ("Les Ateliers du Bocage", Kind::Scic, "79"),
        ("Desbals Services", Kind::Ei, "31"),
        ("SCIC Eole", Kind::Scic, "40"),
    ] {
        let s = find(name);
        assert!(s.has_kind(kind), "{name}: {:?}", s.kinds);
        assert_eq!(s.department, department, "{name}");
    }
    assert_eq!(find("Régie de quartier de Montreuil").commune_insee.as_deref(), Some("93048"));
    assert_eq!(find("Régie de quartier du Blanc-Mesnil").commune_insee.as_deref(), Some("93007"));
    // Every kind of the contract appears at least once.
    let kinds: HashSet<Kind> = records.iter().flat_map(|(_, _, s)| s.kinds.iter().copied()).collect();
    assert_eq!(kinds.len(), essor::domain::kind::ALL_KINDS.len(), "{kinds:?}");
}

#[test]
fn the_six_essonne_ai_each_cover_their_own_part() {
    let records = seed();
    let ais: Vec<&Supplier> =
        records.iter().map(|(_, _, s)| s).filter(|s| s.has_kind(Kind::Ai) && s.department == "91").collect();
    assert_eq!(ais.len(), 6, "{:?}", ais.iter().map(|s| &s.name).collect::<Vec<_>>());
    let towns: HashSet<&str> = ais.iter().map(|s| s.city.as_str()).collect();
    assert_eq!(towns.len(), 6);
    for ai in &ais {
        assert!(ai.sectors.iter().any(|k| k == "mise-a-disposition-personnel"), "{}", ai.name);
        match &ai.intervention {
            Intervention::RadiusKm(km) => assert!(*km <= 20.0, "{}: {km} km covers too much", ai.name),
            other => panic!("{}: a radius around its part is expected, not {other:?}", ai.name),
        }
    }
    // No two of them sit in the same place: each answers its own geographic lot.
    for (i, a) in ais.iter().enumerate() {
        for b in &ais[i + 1..] {
            let (pa, pb) = (a.location.unwrap(), b.location.unwrap());
            assert!(pa.distance_km(pb) > 5.0, "{} and {} are too close", a.name, b.name);
        }
    }
}
