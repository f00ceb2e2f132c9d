//! Tests of the whole generator: determinism, validity, proportions, coverage, uniqueness.

use std::collections::{HashMap, HashSet};

use super::*;
use essor::domain::{Intervention, Kind};

fn lines(count: usize, seed: u64) -> Vec<u8> {
    let mut out = Vec::new();
    write_jsonl(&mut out, generate(count, seed)).unwrap();
    out
}

#[test]
fn same_seed_gives_the_same_catalogue_and_another_seed_another() {
    let a = lines(300, 2024);
    assert_eq!(a, lines(300, 2024));
    assert_ne!(a, lines(300, 2025));
    // A longer run starts with the shorter one.
    let longer = lines(400, 2024);
    assert!(longer.starts_with(&a));
}

#[test]
fn builds_from_the_builtin_data() {
    let built = Generator::new(0, Gazetteer::builtin(), Taxonomy::builtin(), CpvCatalogue::builtin());
    assert!(built.is_ok());
    assert_eq!(generate(25, 0).count(), 25);
}

#[test]
fn every_record_validates_and_reads_back_unchanged() {
    let gazetteer = Gazetteer::builtin();
    for supplier in generate(3000, 7) {
        let record = supplier.to_record();
        let back = Supplier::from_record(&record, gazetteer).unwrap_or_else(|e| panic!("{e}: {record:?}"));
        assert_eq!(back, supplier);
        let commune = gazetteer.commune(supplier.commune_insee.as_deref().unwrap_or_default()).unwrap();
        assert!(commune.post_codes.contains(&supplier.post_code));
        assert_eq!(commune.name, supplier.city);
        assert_eq!(commune.department, supplier.department);
        assert!(commune.centre.distance_km(supplier.location.unwrap()) < 3.1);
    }
}

#[test]
fn written_lines_are_the_records_in_order_across_batches() {
    let count = 2 * WRITE_BATCH + 123;
    let text = String::from_utf8(lines(count, 3)).unwrap();
    let suppliers: Vec<Supplier> = generate(count, 3).collect();
    assert_eq!(text.lines().count(), count);
    for (i, (line, supplier)) in text.lines().zip(&suppliers).enumerate() {
        let value: serde_json::Map<String, serde_json::Value> = serde_json::from_str(line).unwrap();
        if i % 97 == 0 || i + 1 == count {
            assert_eq!(value, supplier.to_record());
        } else {
            assert_eq!(value["siret"].as_str(), Some(supplier.siret.as_str()));
        }
    }
}

#[test]
fn write_errors_are_returned() {
    struct Broken;
    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::other("disque plein"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let error = write_jsonl(Broken, generate(10, 1)).unwrap_err();
    assert_eq!(error.to_string(), "disque plein");
    let mut empty = Vec::new();
    write_jsonl(&mut empty, generate(0, 1)).unwrap();
    assert!(empty.is_empty());
}

#[test]
fn kind_shares_are_within_three_points_at_ten_thousand() {
    let suppliers: Vec<Supplier> = generate(10_000, 99).collect();
    let n = suppliers.len() as f64;
    let mut main = HashMap::new();
    let mut held = HashMap::new();
    for s in &suppliers {
        *main.entry(s.kinds[0]).or_insert(0usize) += 1;
        for k in &s.kinds {
            *held.entry(*k).or_insert(0usize) += 1;
        }
    }
    for profile in &PROFILES {
        let expected = profile.per_mille as f64 / 10.0;
        for counts in [&main, &held] {
            let share = *counts.get(&profile.kind).unwrap_or(&0) as f64 * 100.0 / n;
            assert!((share - expected).abs() <= 3.0, "{}: {share:.1} % instead of {expected} %", profile.kind);
        }
    }
    let pairs: HashSet<Vec<Kind>> = suppliers.iter().filter(|s| s.kinds.len() == 2).map(|s| s.kinds.clone()).collect();
    for pair in [[Kind::Aci, Kind::Ai], [Kind::Ei, Kind::Etti], [Kind::Scic, Kind::Esus]] {
        assert!(pairs.contains(pair.as_slice()), "no {pair:?}");
    }
    assert!(pairs.len() == 3, "{pairs:?}");
}

#[test]
fn every_department_gets_suppliers_at_two_thousand() {
    let gazetteer = Gazetteer::builtin();
    let generator = Generator::new(1, gazetteer, Taxonomy::builtin(), CpvCatalogue::builtin()).unwrap();
    let placeable: HashSet<String> = generator.department_codes().map(str::to_string).collect();
    let seen: HashSet<String> = generator.take(2000).map(|s| s.department).collect();
    for department in gazetteer.departments() {
        assert!(placeable.contains(&department.code), "no town in {}", department.code);
        assert!(seen.contains(&department.code), "no supplier in {}", department.code);
    }
}

#[test]
fn sirets_are_unique() {
    let mut seen = HashSet::new();
    for s in generate(20_000, 5) {
        assert!(seen.insert(s.siret.siren().to_string()), "{} twice", s.siret);
    }
}

#[test]
fn fields_are_plausible_for_the_kind() {
    let taxonomy = Taxonomy::builtin();
    let mut zones = HashMap::new();
    for s in generate(5000, 11) {
        assert!((1..=3).contains(&s.sectors.len()), "{:?}", s.sectors);
        for key in &s.sectors {
            assert!(taxonomy.sector(key).is_some(), "unknown sector {key}");
        }
        for code in &s.cpv {
            let covered = s
                .sectors
                .iter()
                .filter_map(|k| taxonomy.sector(k))
                .any(|sector| sector.cpv_prefixes.iter().any(|p| code.as_str().starts_with(p.as_str())));
            assert!(covered, "{code} outside {:?}", s.sectors);
        }
        let description = s.description.as_deref().unwrap_or_default();
        assert!(description.ends_with('.') && !description.contains('{'), "{description}");
        let legal_form = s.legal_form.as_deref().unwrap_or_default();
        match s.kinds[0] {
            Kind::Ai | Kind::Geiq => assert_eq!(legal_form, "Association loi 1901"),
            Kind::Scic => assert!(legal_form.starts_with("SCIC"), "{legal_form}"),
            Kind::Scop => assert!(legal_form.starts_with("SCOP"), "{legal_form}"),
            Kind::Etti => assert!(!legal_form.starts_with("Association"), "{legal_form}"),
            _ => {}
        }
        if let Some(email) = &s.email {
            assert!(email.starts_with("contact@") && email.ends_with(".example.org"), "{email}");
        }
        let zone = match &s.intervention {
            Intervention::RadiusKm(km) => {
                assert!((15.0..=100.0).contains(km), "{km}");
                "radius"
            }
            Intervention::Departments(codes) => {
                assert_eq!(codes[0], s.department);
                "departments"
            }
            Intervention::Regions(_) => "regions",
            Intervention::National => "national",
            Intervention::Default => "default",
        };
        *zones.entry(zone).or_insert(0usize) += 1;
    }
    assert!(zones["radius"] > zones["departments"] && zones["departments"] > zones["regions"], "{zones:?}");
    assert!(zones.get("national").copied().unwrap_or(0) < 100, "{zones:?}");
    assert!(!zones.contains_key("default"));
}

#[test]
fn homonyms_in_one_town_are_rare_and_e_mails_name_the_town() {
    let suppliers: Vec<Supplier> = generate(5000, 21).collect();
    let mut seen = HashSet::new();
    let homonyms = suppliers.iter().filter(|s| !seen.insert((s.name.clone(), s.commune_insee.clone()))).count();
    assert!(homonyms < 50, "{homonyms} homonyms in the same town");
    let mut emails = HashSet::new();
    let repeated = suppliers.iter().filter_map(|s| s.email.clone()).filter(|e| !emails.insert(e.clone())).count();
    assert!(repeated < 50, "{repeated} repeated e-mails");
}

#[test]
fn e_mail_domains_hold_the_name_and_the_town_once() {
    assert_eq!(email("Les Jardins du Val", "crest"), "contact@les-jardins-du-val-crest.example.org");
    assert_eq!(email("Régie de quartier de Crest", "crest"), "contact@regie-de-quartier-de-crest.example.org");
    assert_eq!(email("«»", "crest"), "contact@crest.example.org");
}
