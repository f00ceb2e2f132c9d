//! Tests of the supplier readers on small files written here.

use std::io::Write;
use std::path::PathBuf;

use super::suppliers::{ImportError, SupplierSource, read_supplier_file};
use crate::domain::siret::with_luhn_digit;
use crate::domain::{Gazetteer, Intervention, Kind};

fn siret(n: u32) -> String {
    with_luhn_digit(&format!("8{n:012}"))
}

fn write(name: &str, content: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::File::create(&path).unwrap().write_all(content.as_bytes()).unwrap();
    (dir, path)
}

fn line(n: u32, extra: &str) -> String {
    format!(
        r#"{{"siret": "{}", "name": "Régie {n}", "kinds": ["ACI"], "post_code": "91000", "city": "Évry", "department": "91"{extra}}}"#,
        siret(n)
    )
}

fn read(name: &str, content: &str) -> Result<crate::ingest::ImportedFile, ImportError> {
    let (_dir, path) = write(name, content);
    read_supplier_file(&path, SupplierSource::Essor, Gazetteer::builtin())
}

fn problems(err: ImportError) -> Vec<String> {
    match err {
        ImportError::Invalid { problems, .. } => problems.iter().map(|p| p.to_string()).collect(),
        other => panic!("expected Invalid, got {other}"),
    }
}

#[test]
fn reads_valid_jsonl_with_all_fields() {
    let full = r#", "brand": "R1", "cpv": ["90911200-8"], "sectors": [], "lat": 48.63, "lon": 2.44, "intervention": {"departments": ["91", "77"]}, "employees": 12, "revenue_eur": 350000, "networks": ["CNLRQ"], "email": "a@b.fr", "unknown_field": 1"#;
    let content = format!("{}\n\n{}\n", line(1, full), line(2, ""));
    let file = read("s.jsonl", &content).unwrap();
    assert_eq!(file.suppliers.len(), 2);
    let s = &file.suppliers[0];
    assert_eq!(s.kinds, vec![Kind::Aci]);
    assert_eq!(s.cpv[0].as_str(), "90911200");
    assert_eq!(s.intervention, Intervention::Departments(vec!["91".into(), "77".into()]));
    assert_eq!(s.employees, Some(12));
    assert_eq!(file.suppliers[1].intervention, Intervention::Default);
}

#[test]
fn names_the_line_and_reason_of_each_bad_record() {
    let cases = [
        (line(1, "").replace(&siret(1), "80746931700019"), "clé de contrôle"),
        (line(1, "").replace(r#""name": "Régie 1", "#, ""), "« name »"),
        (line(1, "").replace("ACI", "XYZ"), "type de structure inconnu"),
        (line(1, "").replace(r#""department": "91""#, r#""department": "99""#), "département « 99 » n'existe pas"),
        ("{not json".to_string(), "JSON mal formé"),
        (line(1, r#", "cpv": ["123"]"#), "code CPV"),
        (line(1, r#", "sectors": ["pas-un-secteur"]"#), "secteur inconnu"),
        (line(1, r#", "lat": 95.0, "lon": 2.0"#), "hors limites"),
        (line(1, r#", "employees": -3"#), "effectif"),
        (line(1, r#", "kinds": []"#).replace(r#""kinds": ["ACI"], "#, ""), "au moins un type"),
    ];
    for (bad, expected) in cases {
        let content = format!("{}\n{}\n", line(2, ""), bad);
        let err = read("s.jsonl", &content).unwrap_err();
        let listed = problems(err);
        assert_eq!(listed.len(), 1, "{listed:?}");
        assert!(listed[0].starts_with("ligne 2 :"), "{listed:?}");
        assert!(listed[0].contains(expected), "{listed:?} should contain {expected}");
    }
}

#[test]
fn rejects_duplicate_siret_within_a_file() {
    let content = format!("{}\n{}\n", line(1, ""), line(1, ""));
    let listed = problems(read("s.jsonl", &content).unwrap_err());
    assert!(listed[0].contains("ligne 2") && listed[0].contains("figure déjà en ligne 1"), "{listed:?}");
}

#[test]
fn empty_file_is_an_error() {
    assert!(matches!(read("s.jsonl", "\n\n"), Err(ImportError::Empty { .. })));
}

#[test]
fn reads_csv_with_lists_and_flattened_intervention() {
    let content = format!(
        "siret,name,kinds,post_code,city,department,cpv,intervention_departments,intervention_radius_km\n\
         {},Atelier A,ACI|AI,91000,Évry,91,90911200|77310000,91|94,\n\
         {},Atelier B,EI,93100,Montreuil,93,,,25\n",
        siret(1),
        siret(2)
    );
    let file = read("s.csv", &content).unwrap();
    assert_eq!(file.suppliers[0].kinds, vec![Kind::Aci, Kind::Ai]);
    assert_eq!(file.suppliers[0].cpv.len(), 2);
    assert_eq!(file.suppliers[0].intervention, Intervention::Departments(vec!["91".into(), "94".into()]));
    assert_eq!(file.suppliers[1].intervention, Intervention::RadiusKm(25.0));
}

#[test]
fn csv_missing_column_and_ragged_row_are_reported() {
    let err = read("s.csv", "siret,name,kinds,post_code,city\n1,2,3,4,5\n").unwrap_err();
    assert!(err.to_string().contains("colonne obligatoire « department »"), "{err}");
    let content = format!("siret,name,kinds,post_code,city,department\n{},A,ACI,91000,Évry\n", siret(1));
    let listed = problems(read("s.csv", &content).unwrap_err());
    assert!(listed[0].starts_with("ligne 2") && listed[0].contains("5 colonne(s) au lieu des 6"), "{listed:?}");
}

#[test]
fn reads_semicolon_csv() {
    let content = format!("siret;name;kinds;post_code;city;department\n{};Atelier;EA;31000;Toulouse;31\n", siret(3));
    assert_eq!(read("s.csv", &content).unwrap().suppliers[0].kinds, vec![Kind::Ea]);
}

#[test]
fn reads_marche_inclusion_page() {
    let json = format!(
        r#"{{"count": 2, "next": null, "results": [
        {{"siret": "{}", "name": "ESAT DU LAC", "brand": "Ateliers du Lac", "kind": "ESAT", "city": "Toulouse",
          "post_code": "31200", "department": "31", "region": "Occitanie",
          "sectors": [{{"slug": "zzz-unknown", "name": "Zzzz inconnu"}}], "presta_type": ["PREST", "BUILD"],
          "geo_range": "REGION", "coords": {{"type": "Point", "coordinates": [1.44, 43.6]}}}},
        {{"siret": "{}", "name": "AI DU VAL", "kind": "AI", "city": "Évry", "post_code": "91000",
          "department": "91", "geo_range": "CUSTOM", "geo_range_custom_distance": 30}}
    ]}}"#,
        siret(4),
        siret(5)
    );
    let (_dir, path) = write("m.json", &json);
    let file = read_supplier_file(&path, SupplierSource::MarcheInclusion, Gazetteer::builtin()).unwrap();
    assert_eq!(file.suppliers.len(), 2);
    let esat = &file.suppliers[0];
    assert_eq!(esat.kinds, vec![Kind::Esat]);
    assert_eq!(esat.intervention, Intervention::Regions(vec!["76".into()]));
    assert!(esat.description.as_deref().unwrap_or_default().contains("prestation de services"));
    assert!((esat.location.unwrap().lat - 43.6).abs() < 1e-9);
    assert_eq!(file.suppliers[1].intervention, Intervention::RadiusKm(30.0));
    assert_eq!(file.warnings.len(), 1, "{:?}", file.warnings);
}

#[test]
fn marche_inclusion_unknown_kind_names_the_structure() {
    let json = format!(
        r#"[{{"siret": "{}", "name": "X", "kind": "OPCS", "city": "Évry", "post_code": "91000", "department": "91"}}]"#,
        siret(6)
    );
    let (_dir, path) = write("m.json", &json);
    let err = read_supplier_file(&path, SupplierSource::MarcheInclusion, Gazetteer::builtin()).unwrap_err();
    let listed = problems(err);
    assert!(listed[0].starts_with("structure n° 1") && listed[0].contains("OPCS"), "{listed:?}");
}
