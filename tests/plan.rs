//! `essor plan`, as a user runs it: the real binary on the fixture catalogue (fixtures/suppliers.jsonl).

// Tests may unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Sandbox, assert_contains};
use serde_json::{Value, json};

const EST_ENSEMBLE: [&str; 9] = ["93006", "93008", "93010", "93045", "93048", "93053", "93055", "93061", "93063"];
const LEMONTRI: &str = "99000101800011";
const CARTON_PLEIN: &str = "99000102600014";
const REGIE_MONTREUIL: &str = "99000103400018";
const REGIE_BLANC_MESNIL: &str = "99000104200011";

fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/suppliers.jsonl");
    sb.essor_ok(&["import", "suppliers", fixtures]);
    sb
}

fn plan_json(sb: &Sandbox, what: &str, need: Value, extra: &[&str]) -> Value {
    let file = sb.file(&format!("{what}.json"), &need.to_string());
    let mut args = vec!["plan", what, file.to_str().unwrap_or_default(), "--format", "json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&sb.essor_ok(&args)).unwrap()
}

#[test]
fn the_founding_cases() {
    let sb = sandbox();
    // Est Ensemble: collection and reuse of cardboard, too large for any single supplier → groupings
    // led by Lemontri covering both trades in the 9 towns, with Carton Plein and a régie de quartier
    // among the partners proposed.
    let ee = plan_json(
        &sb,
        "consortium",
        json!({"id": "ee", "title": "Collecte et réemploi des cartons des commerçants",
        "place": {"communes": EST_ENSEMBLE}, "estimated_value_eur": 10_000_000,
        "reservation": "insertion", "consultation_date": "2026-03-15"}),
        &[],
    );
    assert_eq!(ee["activities"].as_array().map(Vec::len), Some(2), "collection and reuse: {}", ee["activities"]);
    let first = &ee["groupings"][0];
    assert_eq!(first["members"][0]["name"], "Lemontri", "{first}");
    assert_eq!(first["members"][0]["role"], "mandataire");
    assert_eq!(first["uncovered"], json!([]));
    assert_eq!(first["coverage"].as_array().map(Vec::len), Some(18));
    let groupings = ee["groupings"].as_array().cloned().unwrap_or_default();
    let names = |g: &Value| -> Vec<String> {
        g["members"].as_array().into_iter().flatten().filter_map(|m| m["name"].as_str().map(str::to_string)).collect()
    };
    assert!(groupings.iter().all(|g| names(g)[0] == "Lemontri"), "Lemontri leads every grouping");
    let all: Vec<Vec<String>> = groupings.iter().map(names).collect();
    // Local anchoring: the best team is led by Lemontri (Pantin) with the régie de quartier of
    // Montreuil, all its work done by structures based in the 9 towns.
    assert!(all[0].iter().any(|n| n == "Régie de quartier de Montreuil"), "{all:?}");
    assert_eq!(first["score_detail"]["anchoring"], 1.0, "{first}");
    // Distinct alternatives: the partners that could only swap in for one are listed with the team,
    // and Carton Plein is offered, as a member or as an alternative.
    let offered = |g: &Value| {
        let alternatives = g["alternatives"].as_array().into_iter().flatten().filter_map(|a| a["name"].as_str());
        names(g).into_iter().chain(alternatives.map(str::to_string)).collect::<Vec<_>>()
    };
    assert!(
        groupings.iter().any(|g| offered(g).iter().any(|n| n == "Carton Plein")),
        "Carton Plein not proposed: {ee}"
    );
    // The team networks built in 2015 is among the first three, unconstrained: Lemontri, Carton
    // Plein (Paris 20e, at the perimeter's edge) and a régie de quartier of the perimeter.
    assert!(
        all.iter().take(3).any(|g| g.iter().any(|n| n == "Lemontri")
            && g.iter().any(|n| n == "Carton Plein")
            && g.iter().any(|n| n == "Régie de quartier de Montreuil" || n == "Régie de quartier du Blanc-Mesnil")),
        "{all:?}"
    );
    // A network starting from Lemontri and Carton Plein: every grouping holds both, led by Lemontri,
    // and a régie de quartier is among the partners proposed to complete them.
    let ee_need = json!({"id": "ee", "title": "Collecte et réemploi des cartons des commerçants",
        "place": {"communes": EST_ENSEMBLE}, "estimated_value_eur": 10_000_000,
        "reservation": "insertion", "consultation_date": "2026-03-15"});
    let pair = plan_json(&sb, "consortium", ee_need.clone(), &["--with", &format!("{LEMONTRI},{CARTON_PLEIN}")]);
    let with_pair: Vec<Vec<String>> = pair["groupings"].as_array().into_iter().flatten().map(names).collect();
    assert!(!with_pair.is_empty(), "{pair}");
    assert!(with_pair.iter().all(|g| g[0] == "Lemontri" && g.contains(&"Carton Plein".to_string())), "{with_pair:?}");
    assert!(pair["groupings"][0]["complete"].as_bool().unwrap_or_default(), "{pair}");
    assert!(with_pair.iter().any(|g| g.iter().any(|n| n.starts_with("Régie de quartier"))), "{with_pair:?}");
    // The grouping that answered in 2015, checked as a network would: complete, all 9 towns covered
    // for both trades, Lemontri mandataire, nobody else needed.
    let historical = [LEMONTRI, CARTON_PLEIN, REGIE_MONTREUIL, REGIE_BLANC_MESNIL];
    let gme = plan_json(&sb, "consortium", ee_need, &["--with", &historical.join(",")]);
    let only = &gme["groupings"][0];
    assert_eq!(gme["groupings"].as_array().map(Vec::len), Some(1), "{gme}");
    assert_eq!(only["complete"], true, "{only}");
    assert_eq!(only["mandataire"], LEMONTRI);
    assert_eq!(only["members"].as_array().map(Vec::len), Some(4));
    let covered = only["coverage"].as_array().into_iter().flatten().filter(|c| c["members"] != json!([])).count();
    assert_eq!(covered, 18, "2 trades × 9 towns: {only}");
    assert_contains(&gme["notes"].to_string(), "aucun autre membre n'est nécessaire");
    // Essonne: staff replacement for the collèges, reserved to SIAE → geographic lots, each with an AI.
    let essonne = plan_json(
        &sb,
        "lots",
        json!({"id": "91", "title": "Remplacement des agents des collèges",
        "cpv": ["79620000"], "place": {"department": "91"}, "estimated_value_eur": 600_000,
        "reservation": "insertion", "consultation_date": "2026-03-15"}),
        &[],
    );
    let best = &essonne["proposals"][0];
    assert_eq!(best["strategy"], "by_geography", "{best}");
    assert_contains(best["reasons"][0].as_str().unwrap_or_default(), "laisserait à l'écart");
    for lot in best["lots"].as_array().into_iter().flatten() {
        assert_eq!(lot["reservation"], "insertion", "{lot}");
        let kinds: Vec<&str> =
            lot["best"].as_array().into_iter().flatten().filter_map(|b| b["kinds"].as_str()).collect();
        assert!(
            kinds.iter().any(|k| k.split('/').any(|k| k == "AI")),
            "an AI able to take lot {}: {kinds:?}",
            lot["id"]
        );
        assert!(lot["estimated_value_eur"].as_f64().unwrap_or_default() >= 30_000.0, "no single-village lot: {lot}");
    }
    // Two activities → allotment by activity.
    let two = plan_json(
        &sb,
        "lots",
        json!({"id": "two", "title": "Entretien des espaces verts et nettoyage des locaux",
        "cpv": ["77310000", "90911200"], "place": {"department": "91"}, "estimated_value_eur": 400_000,
        "consultation_date": "2026-03-15"}),
        &[],
    );
    let strategy = two["proposals"][0]["strategy"].as_str().unwrap_or_default();
    assert!(strategy.starts_with("by_activity"), "{strategy}");
    let activities: Vec<&Value> =
        two["proposals"][0]["lots"].as_array().into_iter().flatten().map(|l| &l["activities"]).collect();
    assert!(activities.iter().all(|a| a.as_array().map(Vec::len) == Some(1)), "one activity per lot: {activities:?}");
    // A lot one supplier covers alone → no grouping forced on it.
    let alone = plan_json(
        &sb,
        "consortium",
        json!({"id": "ee", "title": "Collecte des cartons",
        "cpv": ["90511400"], "place": {"communes": EST_ENSEMBLE}, "estimated_value_eur": 100_000,
        "reservation": "insertion", "consultation_date": "2026-03-15"}),
        &[],
    );
    assert_eq!(alone["groupings"], json!([]));
    assert_contains(&alone["notes"].to_string(), "aucun groupement n'est nécessaire");
}

#[test]
fn bad_input_names_the_field_and_exits_2() {
    let sb = Sandbox::new();
    let cases = [
        (
            "lots",
            json!({"id": "n", "title": "Nettoyage", "cpv": ["90911200"], "estimated_value_eur": 1000}),
            vec![],
            "« place »",
        ),
        (
            "lots",
            json!({"id": "n", "title": "Nettoyage", "cpv": ["90911200"], "place": {"department": "91"}}),
            vec![],
            "« estimated_value_eur »",
        ),
        (
            "consortium",
            json!({"id": "n", "title": "Entretien", "place": {"department": "91"},
            "lots": [{"id": "a", "title": "Espaces verts", "cpv": ["77310000"], "estimated_value_eur": 3000}]}),
            vec!["--lot", "z"],
            "lot « z » inconnu",
        ),
        (
            "consortium",
            json!({"id": "n", "title": "Nettoyage", "cpv": ["90911200"], "place": {"department": "91"},
            "estimated_value_eur": 300_000}),
            vec!["--with", "1234"],
            "--with : membre demandé 1234 :",
        ),
        (
            "lots",
            json!({"id": "n", "title": "Nettoyage", "cpv": ["90911200"], "place": {"department": "91"},
            "estimated_value_eur": 300_000}),
            vec!["--max-lots", "0"],
            "--max-lots : 0 lots : le nombre maximal de lots doit être compris entre 1 et 50",
        ),
    ];
    for (what, need, extra, expected) in cases {
        let file = sb.file("bad.json", &need.to_string());
        let mut args = vec!["plan", what, file.to_str().unwrap_or_default()];
        args.extend(extra);
        let out = sb.essor(&args);
        assert_eq!(out.status.code(), Some(2), "{expected}");
        assert!(out.stdout.is_empty());
        assert_contains(&String::from_utf8_lossy(&out.stderr), expected);
    }
}
