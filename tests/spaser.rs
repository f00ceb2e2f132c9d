//! `essor spaser`, as the automated checks and users run it: the real binary on the fixtures of
//! `fixtures/spaser/`.

// Tests may unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Sandbox, assert_contains, cleaning_catalogue, potential_decp, siret, small_catalogue};
use serde_json::Value;

fn fixture(name: &str) -> String {
    format!("{}/fixtures/spaser/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn json(out: &str) -> Value {
    serde_json::from_str(out.trim()).unwrap()
}

#[test]
fn the_contract_of_the_json_output() {
    let sb = Sandbox::new();
    let file = fixture("acheteur-2026.jsonl");
    let out = sb.essor_ok(&["spaser", &file, "--buyer", "21310000000016", "--year", "2026", "--format", "json"]);
    assert_eq!(out.lines().count(), 1, "one JSON object: {out}");
    let v = json(&out);
    assert_eq!(v["buyer"], "21310000000016");
    assert_eq!(v["year"], 2026);
    assert_eq!(v["contracts"], 8);
    assert_eq!(v["value_eur"], 890000);
    let expected = [
        ("S1", 4.0, 8.0),
        ("S2", 190000.0, 890000.0),
        ("E1", 4.0, 8.0),
        ("E2", 480000.0, 890000.0),
        ("R1", 50000.0, 890000.0),
        ("I1", 170000.0, 890000.0),
    ];
    for (code, n, d) in expected {
        let i = &v["indicators"][code];
        assert_eq!(i["numerator"].as_f64().unwrap(), n, "{code}");
        assert_eq!(i["denominator"].as_f64().unwrap(), d, "{code}");
        let observed = i["observed"].as_f64().unwrap();
        assert!((observed - n / d).abs() < 1e-12 && (0.0..=1.0).contains(&observed));
        assert!(i["target"].as_f64().is_some() && i["attainment"].as_f64().is_some());
    }
    let score = v["score"].as_f64().unwrap();
    assert!((score - 72.509).abs() < 0.001, "{score}");
    assert_eq!(v["compliance"]["C1"]["observed"], 0.5);
    assert_eq!(v["compliance"]["C1"]["contracts"], 2);
    assert_eq!(v["compliance"]["C2"]["observed"], 0.0);
    assert_eq!(v["compliance"]["C2"]["contracts"], 1);
    let reasons: Vec<&str> = v["defects"].as_array().unwrap().iter().map(|d| d["reason"].as_str().unwrap()).collect();
    assert!(reasons.iter().any(|r| r.contains("publié deux fois")), "{reasons:?}");
    let esat = &v["ess_holders"][0];
    assert_eq!(esat["recognition"]["how"], "presumed_by_name");
}

#[test]
fn the_table_says_it_in_french_and_the_range_gives_the_trend() {
    let sb = Sandbox::new();
    let file = fixture("acheteur-2026.jsonl");
    let out = sb.essor_ok(&["spaser", &file, "--buyer", "21310000000016", "--year", "2025-2026"]);
    assert_contains(&out, "année 2025");
    assert_contains(&out, "année 2026");
    assert_contains(&out, "Évolution");
    assert_contains(&out, "présumé d'après son nom ou sa forme juridique (ESAT)");
    assert_contains(&out, "même marché publié deux fois");
    let out = sb.essor_ok(&[
        "spaser",
        &file,
        "--buyer",
        "21310000000016",
        "--year",
        "2025",
        "--year",
        "2026",
        "--format",
        "json",
    ]);
    let v = json(&out);
    assert_eq!(v["years"].as_array().unwrap().len(), 2);
    assert_eq!(v["years"][0]["contracts"], 1);
}

#[test]
fn the_catalogue_recognises_holders_by_siret() {
    let sb = Sandbox::new();
    let catalogue = sb.file("s.jsonl", &small_catalogue());
    sb.essor_ok(&["import", "suppliers", catalogue.to_str().unwrap()]);
    let record = format!(
        r#"{{"id": "K1", "acheteur": {{"id": "21310000000016"}}, "dateNotification": "2025-03-01", "montant": 60000, "codeCPV": "98310000", "titulaires": [{{"typeIdentifiant": "SIRET", "id": "{}", "denominationSociale": "LES ATELIERS"}}]}}"#,
        siret(5)
    );
    let file = sb.file("decp.jsonl", &format!("{record}\n"));
    let out = sb.essor_ok(&[
        "spaser",
        file.to_str().unwrap(),
        "--buyer",
        "21310000000016",
        "--year",
        "2025",
        "--format",
        "json",
    ]);
    let v = json(&out);
    assert_eq!(v["indicators"]["I1"]["numerator"], 60000);
    assert_eq!(v["ess_holders"][0]["recognition"]["how"], "catalogue_siret");
}

#[test]
fn every_buyer_of_a_file() {
    let sb = Sandbox::new();
    let out = sb.essor_ok(&["spaser", &fixture("acheteur-2026.jsonl"), "--buyers", "--format", "json"]);
    let v = json(&out);
    assert_eq!(v["buyers"][0]["buyer"], "21310000000016");
    assert_eq!(v["buyers"][0]["contracts"], 9);
    assert_eq!(v["unattributed"][0]["id"], "Z1");
    let table = sb.essor_ok(&["spaser", &fixture("schema-2022.json"), "--buyers"]);
    assert_contains(&table, "21310000000024 : 2 marché(s)");
}

#[test]
fn user_mistakes_exit_2_naming_what_is_wrong() {
    let sb = Sandbox::new();
    let file = fixture("acheteur-2026.jsonl");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec![fixture("pas-decp.json"), "--buyers".into()], "pas un fichier DECP"),
        (vec![file.clone(), "--buyer".into(), "123".into()], "--buyer"),
        (vec![file.clone(), "--buyer".into(), "21310000000016".into(), "--year".into(), "20x6".into()], "--year"),
        (vec![file.clone(), "--buyer".into(), "21310000000032".into()], "aucun marché"),
        (vec![file.clone()], "--buyers"),
    ];
    for (args, needle) in cases {
        let args: Vec<&str> = std::iter::once("spaser").chain(args.iter().map(String::as_str)).collect();
        let out = sb.essor(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_contains(&String::from_utf8_lossy(&out.stderr), needle);
    }
    let targets = sb.file("t.json", r#"{"targets": {"S1": 30}}"#);
    let out = sb.essor(&["spaser", &file, "--buyer", "21310000000016", "--targets", targets.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_contains(&String::from_utf8_lossy(&out.stderr), "targets.S1");
}

#[test]
fn targets_change_attainment_and_score() {
    let sb = Sandbox::new();
    let targets = sb.file("t.json", r#"{"targets": {"E1": 0.5}, "governance": true}"#);
    let out = sb.essor_ok(&[
        "spaser",
        &fixture("acheteur-2026.jsonl"),
        "--buyer",
        "21310000000016",
        "--year",
        "2026",
        "--targets",
        targets.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v = json(&out);
    assert_eq!(v["indicators"]["E1"]["attainment"], 1.0);
    let score = v["score"].as_f64().unwrap();
    assert!((score - (72.509 + 10.0 + 10.0)).abs() < 0.001, "{score}");
}

#[test]
fn sirene_units_recognise_holders() {
    let sb = Sandbox::new();
    let stock = sb.file(
        "StockUniteLegale.csv",
        "siren,denominationUniteLegale,categorieJuridiqueUniteLegale,economieSocialeSolidaireUniteLegale\n\
         775577777,ESPACES VERTS SA,5599,O\n\
         775111111,BTP DUPONT,5710,N\n",
    );
    let out = sb.essor_ok(&["import", "sirene", stock.to_str().unwrap()]);
    assert_contains(&out, "1 unité(s) légale(s) de l'ESS gardée(s) sur 2");
    let out = sb.essor_ok(&[
        "spaser",
        &fixture("acheteur-2026.jsonl"),
        "--buyer",
        "21310000000016",
        "--year",
        "2026",
        "--format",
        "json",
    ]);
    let v = json(&out);
    // ESPACES VERTS SA (SIREN 775777777 in the fixture) is not 775577777: only the names still count.
    assert_eq!(v["indicators"]["I1"]["numerator"], 170000);
    let stock = sb.file(
        "StockUniteLegale.csv",
        "siren,denominationUniteLegale,categorieJuridiqueUniteLegale,economieSocialeSolidaireUniteLegale\n\
         775777777,ESPACES VERTS SA,5599,O\n",
    );
    sb.essor_ok(&["import", "sirene", stock.to_str().unwrap()]);
    let out = sb.essor_ok(&[
        "spaser",
        &fixture("acheteur-2026.jsonl"),
        "--buyer",
        "21310000000016",
        "--year",
        "2026",
        "--format",
        "json",
    ]);
    let v = json(&out);
    // A3 (300 000) and A9 (120 000, its SCOP subcontractor now inside the holder's share) join I1.
    assert_eq!(v["indicators"]["I1"]["numerator"], 170000 - 20000 + 300000 + 120000);
    let how: Vec<&str> =
        v["ess_holders"].as_array().unwrap().iter().map(|h| h["recognition"]["how"].as_str().unwrap()).collect();
    assert!(how.contains(&"sirene"), "{how:?}");
    let out = sb.essor(&["import", "sirene", &fixture("consolide.csv")]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn one_printable_html_page_without_script() {
    let sb = Sandbox::new();
    let file = fixture("acheteur-2026.jsonl");
    let out = sb.essor_ok(&["spaser", &file, "--buyer", "21310000000016", "--year", "2026", "--format", "html"]);
    assert!(out.starts_with("<!doctype html>"));
    assert_eq!(out.matches("<svg").count(), 1, "one chart of the indicators for the one year");
    assert!(!out.to_lowercase().contains("<script"));
    assert_contains(&out, "Score : 72,5 / 100");
    assert_contains(&out, "Indicateurs 2026 : part observée et cible");
    for code in ["S1", "S2", "E1", "E2", "R1", "I1"] {
        assert_contains(&out, &format!(">\n{code}\n</text>"));
    }
    // Over two years, a trend chart joins the chart of each year.
    let both = sb.essor_ok(&["spaser", &file, "--buyer", "21310000000016", "--year", "2025-2026", "--format", "html"]);
    assert_eq!(both.matches("<svg").count(), 3, "two years and their trend");
    assert_contains(&both, "Évolution des indicateurs");
    let refused = sb.essor(&["spaser", &file, "--buyers", "--format", "html"]);
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn the_reservable_potential_lists_what_eligible_competitors_could_have_done() {
    let sb = Sandbox::new();
    let decp = sb.file("decp.jsonl", &potential_decp());
    let decp = decp.to_str().unwrap();
    let args = ["spaser", decp, "--buyer", "21310000000016", "--year", "2026", "--format", "json"];
    let v = json(&sb.essor_ok(&args));
    assert_eq!(v["potential"]["measured"], false, "no catalogue yet: said, not an error");
    assert_contains(v["potential"]["message"].as_str().unwrap(), "aucun catalogue");

    let catalogue = sb.file("s.jsonl", &cleaning_catalogue());
    sb.essor_ok(&["import", "suppliers", catalogue.to_str().unwrap()]);
    let v = json(&sb.essor_ok(&args));
    let p = &v["potential"];
    assert_eq!(p["measured"], true, "{p}");
    assert_eq!(p["competitors_wanted"], 3);
    assert_eq!(
        (p["contracts"].as_u64(), p["already_reserved"].as_u64(), p["ess_holder"].as_u64()),
        (Some(5), Some(1), Some(1))
    );
    let listed: Vec<&str> = p["reservable"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(listed, ["P1", "P2"], "cleaning only, not the reserved, the ESS-won nor the bridge: {p}");
    let first = &p["reservable"][0];
    assert_eq!(first["regime"], "insertion");
    assert_eq!(first["article"], "L2113-13");
    assert_eq!(first["competitors"], 4, "{first}");
    assert_eq!(first["value_eur"], 120000.0);
    assert_eq!(p["reservable_value_eur"], 200000.0);
    assert_eq!(p["by_division"][0]["division"], "90");
    let s1 = &p["indicators"]["S1"];
    assert_eq!(s1["observed"], 0.2);
    assert_eq!(s1["had_they_been_reserved"], 0.6);
    let r1 = &p["indicators"]["R1"]["had_they_been_reserved"].as_f64().unwrap();
    assert!((r1 - 260000.0 / 1200000.0).abs() < 1e-12, "{r1}");

    let text = sb.essor_ok(&["spaser", decp, "--buyer", "21310000000016", "--year", "2026"]);
    assert_contains(&text, "Potentiel réservable, année 2026");
    assert_contains(&text, "(L2113-13)");
    let html = sb.essor_ok(&["spaser", decp, "--buyer", "21310000000016", "--year", "2026", "--format", "html"]);
    assert_contains(&html, "aria-label=\"Potentiel réservable 2026 par division CPV (k€)\"");
    assert!(!html.contains("<script"));
}
