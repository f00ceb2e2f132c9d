//! The command line, as a user runs it: the real binary on a fresh data folder.

// Tests may unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Sandbox, assert_contains, exists, siret, small_catalogue};
use serde_json::Value;

fn jsonl(out: &str) -> Vec<Value> {
    out.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn import_then_search_near_evry_finds_essonne_cleaners_first() {
    let sb = Sandbox::new();
    let file = sb.file("s.jsonl", &small_catalogue());
    let out = sb.essor_ok(&["import", "suppliers", file.to_str().unwrap()]);
    assert_contains(&out, "5 nouveau(x)");
    let out = sb.essor_ok(&["search", "nettoyage locaux", "--near", "91000", "--radius", "30", "--format", "jsonl"]);
    let hits = jsonl(&out);
    assert_eq!(hits.len(), 2, "{out}");
    for h in &hits {
        assert_eq!(h["department"], "91");
        assert!(h["distance_km"].as_f64().unwrap() < 30.0);
        assert!(h["score"].as_f64().is_some());
        assert!(h["kinds"].is_array() && h["city"].is_string() && h["name"].is_string());
    }
    // `--top 0` gives the counts only, as `limit=0` does in the API.
    let counts: Value =
        serde_json::from_str(&sb.essor_ok(&["search", "nettoyage locaux", "--top", "0", "--format", "json"])).unwrap();
    assert_eq!(counts["hits"].as_array().map(Vec::len), Some(0), "{counts}");
    assert!(counts["total"].as_u64().is_some_and(|n| n >= 2), "{counts}");
    // The same search for people: a table with the reasons.
    let table = sb.essor_ok(&["search", "nettoyage locaux", "--near", "91000", "--radius", "30"]);
    assert_contains(&table, "2 fournisseur(s) trouvé(s)");
    assert_contains(&table, "pourquoi");
    // As buyers type: the trade's synonyms, and a place by its name.
    let table = sb.essor_ok(&["search", "jardinage", "--near", "Montreuil (93)", "--radius", "10"]);
    assert_contains(&table, "1 fournisseur(s) trouvé(s) autour de Montreuil (93)");
    assert_contains(&table, "Jardins de Montreuil");
    assert_contains(&table, "texte : « espaces verts » (synonyme de « jardinage »)");
    let table = sb.essor_ok(&["search", "ménage", "--department", "Essonne"]);
    assert_contains(&table, "2 fournisseur(s) trouvé(s)");
    assert_contains(&table, "« nettoyage », « propreté » (synonymes de « ménage »)");
}

#[test]
fn reimport_reports_unchanged_and_updates_by_siret() {
    let sb = Sandbox::new();
    let file = sb.file("s.jsonl", &small_catalogue());
    sb.essor_ok(&["import", "suppliers", file.to_str().unwrap()]);
    let out = sb.essor_ok(&["import", "suppliers", file.to_str().unwrap()]);
    assert_contains(&out, "0 nouveau(x), 0 mis à jour, 5 inchangé(s)");
    let changed = small_catalogue().replace("Propreté du Val", "Propreté du Val d'Essonne");
    let file = sb.file("s2.jsonl", &changed);
    let out = sb.essor_ok(&["import", "suppliers", file.to_str().unwrap()]);
    assert_contains(&out, "1 mis à jour");
    let found = jsonl(&sb.essor_ok(&["search", "val d'essonne", "--format", "jsonl"]));
    assert_eq!(found[0]["siret"], siret(2));
}

#[test]
fn a_bad_file_is_rejected_whole_with_its_line_and_exit_status_2() {
    let sb = Sandbox::new();
    let good = sb.file("good.jsonl", &small_catalogue());
    sb.essor_ok(&["import", "suppliers", good.to_str().unwrap()]);
    let before = sb.all_sirets();
    let extra = format!(
        r#"{{"siret": "{}", "name": "Nouveau", "kinds": ["EI"], "post_code": "75011", "city": "Paris", "department": "75"}}"#,
        siret(9)
    );
    let cases = [
        (
            "bad-siret.jsonl",
            format!("{extra}\n{}\n", extra.replace(&siret(9), "80746931700019")),
            "ligne 2",
            "clé de contrôle",
        ),
        ("bad-json.jsonl", format!("{extra}\n{{oops\n"), "ligne 2", "JSON mal formé"),
        ("bad-kind.jsonl", extra.replace("\"EI\"", "\"XYZ\""), "ligne 1", "type de structure inconnu"),
        ("bad-dept.jsonl", extra.replace("\"75\"", "\"20\""), "ligne 1", "département « 20 » n'existe pas"),
        ("no-name.jsonl", extra.replace(r#""name": "Nouveau", "#, ""), "ligne 1", "« name »"),
        ("missing-col.csv", "siret,name,kinds,post_code,city\n".to_string(), "", "colonne obligatoire « department »"),
    ];
    for (name, content, line, reason) in cases {
        let file = sb.file(name, &content);
        let out = sb.essor(&["import", "suppliers", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_contains(&err, line);
        assert_contains(&err, reason);
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(sb.all_sirets(), before, "{name} changed the catalogue");
    }
    let missing = sb.essor(&["import", "suppliers", "/nonexistent/file.jsonl"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_contains(&String::from_utf8_lossy(&missing.stderr), "impossible de lire");
}

#[test]
fn bad_search_flags_name_the_flag() {
    let sb = Sandbox::new();
    for (args, flag) in [
        (vec!["search", "x", "--near", "91000", "--radius", "-3"], "--radius"),
        (vec!["search", "x", "--kind", "XYZ"], "--kind"),
        (vec!["search", "x", "--near", "00000"], "--near"),
        (vec!["search", "x", "--department", "99"], "--department"),
        (vec!["search", "x", "--near", "Montreuil"], "--near : Montreuil est ambigu"),
        (vec!["search", "x", "--department", "Bretagne"], "--department"),
        (vec!["search", "x", "--top", "lots"], "--top"),
    ] {
        let out = sb.essor(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_contains(&String::from_utf8_lossy(&out.stderr), flag);
    }
    // Places by name.
    let out = sb.essor_ok(&["search", "x", "--near", "Évry-Courcouronnes", "--department", "Essonne", "--radius", "5"]);
    assert_contains(&out, "autour de Évry-Courcouronnes (91)");
    // Search text is never a syntax error.
    sb.essor_ok(&["search", "\"nettoyage (AND OR: -", "--format", "jsonl"]);
}

#[test]
fn the_index_is_repaired_after_its_folder_is_deleted_and_reindex_rebuilds_it() {
    let sb = Sandbox::new();
    let file = sb.file("s.jsonl", &small_catalogue());
    sb.essor_ok(&["import", "suppliers", file.to_str().unwrap()]);
    let index = sb.data_dir().join("search");
    assert!(exists(&index));
    std::fs::remove_dir_all(&index).unwrap();
    assert_eq!(sb.all_sirets().len(), 5);
    let out = sb.essor_ok(&["reindex"]);
    assert_contains(&out, "5 fournisseur(s)");
    assert_eq!(sb.all_sirets().len(), 5);
}

#[test]
fn dedup_lists_same_siren_and_import_warns() {
    let sb = Sandbox::new();
    let file = sb.file("s.jsonl", &small_catalogue());
    sb.essor_ok(&["import", "suppliers", file.to_str().unwrap()]);
    // Another establishment of the legal unit of siret(1): same SIREN, other NIC.
    let siren = &siret(1)[..9];
    let other = (0..100_000).map(|n| format!("{siren}{n:05}")).find(|s| *s != siret(1) && common::luhn(s)).unwrap();
    let twin = format!(
        r#"{{"siret": "{other}", "name": "Essonne Nettoyage Insertion", "kinds": ["ACI"], "post_code": "91150", "city": "Étampes", "department": "91"}}"#
    );
    let file = sb.file("twin.jsonl", &format!("{twin}\n"));
    let out = sb.essor(&["import", "suppliers", file.to_str().unwrap()]);
    assert!(out.status.success());
    assert_contains(&String::from_utf8_lossy(&out.stderr), "doublon probable");
    let listed = sb.essor_ok(&["dedup"]);
    assert_contains(&listed, &other);
    assert_contains(&listed, "SIREN");
}

#[test]
fn marche_inclusion_export_imports() {
    let sb = Sandbox::new();
    let json = format!(
        r#"{{"count": 1, "next": null, "results": [{{"siret": "{}", "name": "ESAT DE LA GARONNE", "kind": "ESAT",
        "city": "Toulouse", "post_code": "31200", "department": "31", "region": "Occitanie", "geo_range": "DEPARTMENT",
        "sectors": [], "presta_type": ["PREST"]}}]}}"#,
        siret(7)
    );
    let file = sb.file("marche.json", &json);
    let out = sb.essor_ok(&["import", "suppliers", "--from", "marche-inclusion", file.to_str().unwrap()]);
    assert_contains(&out, "1 nouveau(x)");
    let hits = jsonl(&sb.essor_ok(&["search", "", "--kind", "ESAT", "--format", "jsonl"]));
    assert_eq!(hits[0]["siret"], siret(7));
}

#[test]
fn fixtures_generate_is_deterministic_and_importable() {
    let sb = Sandbox::new();
    let a = sb.essor_ok(&["fixtures", "generate", "--count", "300", "--seed", "7"]);
    let b = sb.essor_ok(&["fixtures", "generate", "--count", "300", "--seed", "7"]);
    let c = sb.essor_ok(&["fixtures", "generate", "--count", "300", "--seed", "8"]);
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(a.lines().count(), 300);
    let file = sb.file("gen.jsonl", &a);
    let out = sb.essor_ok(&["import", "suppliers", file.to_str().unwrap()]);
    assert_contains(&out, "300 nouveau(x)");
}

#[test]
fn every_command_has_help() {
    let sb = Sandbox::new();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["import", "--help"],
        vec!["import", "suppliers", "--help"],
        vec!["search", "--help"],
        vec!["dedup", "--help"],
        vec!["reindex", "--help"],
        vec!["fixtures", "generate", "--help"],
    ] {
        let out = sb.essor_ok(&args);
        assert!(out.contains("Usage") || out.contains("usage"), "{args:?}: {out}");
    }
}
