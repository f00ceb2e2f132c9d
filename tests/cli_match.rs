//! `essor match` and `essor clause` over the real binary.

// Tests may unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Sandbox, assert_contains, small_catalogue};
use serde_json::Value;

fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    let file = sb.file("s.jsonl", &small_catalogue());
    sb.essor_ok(&["import", "suppliers", file.to_str().unwrap()]);
    sb
}

#[test]
fn batch_jsonl_gives_one_line_per_lot_as_the_contract_says() {
    let sb = sandbox();
    let needs = sb.file(
        "needs.jsonl",
        concat!(
            r#"{"id": "n1", "title": "Nettoyage des locaux", "cpv": ["90911200"], "place": {"department": "91"}}"#,
            "\n\n",
            r#"{"id": "n2", "title": "Marché d'entretien", "place": {"commune_insee": "93048"}, "lots": [{"id": "1", "title": "Entretien des espaces verts"}, {"id": "2", "title": "Nettoyage des bureaux", "reservation": "insertion"}]}"#,
            "\n"
        ),
    );
    let out = sb.essor_ok(&["match", "--needs", needs.to_str().unwrap(), "--top", "2", "--format", "jsonl"]);
    let lines: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(lines[0]["need"], "n1");
    assert!(lines[0]["lot"].is_null());
    assert_eq!((lines[1]["need"].as_str(), lines[1]["lot"].as_str()), (Some("n2"), Some("1")));
    assert_eq!(lines[2]["lot"], "2");
    let first = &lines[0]["results"][0];
    for key in ["siret", "name", "score", "eligible", "distance_km", "why"] {
        assert!(!first[key].is_null(), "{key} absent : {first}");
    }
    assert!(lines[0]["results"].as_array().unwrap().len() <= 2);
    assert_eq!(first["siret"].as_str().unwrap().len(), 14);
    assert_eq!(lines[1]["results"][0]["name"], "Jardins de Montreuil");
    assert!(lines[0]["results"][0]["eligible"].as_array().unwrap().iter().any(|a| a == "L2113-13"));
}

#[test]
fn a_bad_line_names_its_line_and_prints_nothing() {
    let sb = sandbox();
    let cases = [
        (
            r#"{"id": "b", "title": "x"}
{"id": "c"}"#,
            "ligne 2",
            "title",
        ),
        (r#"{"id": "b", "title": "x", "cpv": ["12345678"]}"#, "ligne 1", "cpv[0]"),
        (r#"{"id": "b", "title": "x", "place": {"department": "00"}}"#, "ligne 1", "place"),
        (r#"{"id": "b", "title": "x", "estimated_value_eur": -3}"#, "ligne 1", "estimated_value_eur"),
        (r#"{"id": "b", "title": "x", "reservation": "solidaire"}"#, "ligne 1", "reservation"),
        (r#"{"id": "b", "title": "x", "cpv": ["90911200"], "reservation": "ess"}"#, "ligne 1", "L2113-15"),
        ("{not json", "ligne 1", "JSON"),
    ];
    for (content, line, field) in cases {
        let needs = sb.file("bad.jsonl", &format!("{{\"id\": \"ok\", \"title\": \"Nettoyage\"}}\n{content}\n"));
        let out = sb.essor(&["match", "--needs", needs.to_str().unwrap(), "--format", "jsonl"]);
        assert_eq!(out.status.code(), Some(2), "{content}");
        assert!(out.stdout.is_empty(), "rien n'est imprimé pour le lot : {content}");
        let err = String::from_utf8_lossy(&out.stderr);
        let shifted = format!("ligne {}", line.trim_start_matches("ligne ").parse::<usize>().unwrap() + 1);
        assert_contains(&err, &shifted);
        assert_contains(&err, field);
    }
}

#[test]
fn one_need_prints_a_table_by_default_and_weights_are_checked() {
    let sb = sandbox();
    let need = sb.file("need.json", r#"{"id": "n1", "title": "Nettoyage de locaux", "place": {"post_code": "91000"}}"#);
    let table = sb.essor_ok(&["match", need.to_str().unwrap()]);
    assert_contains(&table, "Essonne Nettoyage Insertion");
    assert_contains(&table, "pourquoi :");
    assert_contains(&table, "cpv déduit du texte");
    let weights = sb.file("w.json", r#"{"txt": 2}"#);
    let out = sb.essor(&["match", need.to_str().unwrap(), "--weights", weights.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_contains(&String::from_utf8_lossy(&out.stderr), "« txt »");
    let out = sb.essor(&["match", "--help"]);
    assert_contains(&String::from_utf8_lossy(&out.stdout), "Nombre de fournisseurs proposés");
}

#[test]
fn clause_computes_hours_and_lists_structures_near_the_place() {
    let sb = sandbox();
    let out =
        sb.essor_ok(&["clause", "--value", "1000000", "--cpv", "45000000", "--near", "91000", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["hours"], 833);
    let takers: Vec<&str> = v["takers"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(takers.first(), Some(&"Essonne Nettoyage Insertion"), "{takers:?}");
    assert!(!takers.contains(&"Lyon Nettoyage Solidaire"), "{takers:?}");
    let out = sb.essor(&["clause", "--value", "-4", "--cpv", "45000000"]);
    assert_eq!(out.status.code(), Some(2));
    assert_contains(&String::from_utf8_lossy(&out.stderr), "value");
}
