//! Tender notices through the real binary: read one, import files and folders into a fresh data folder,
//! and search what was imported.

// Tests may unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;

use common::{Sandbox, assert_contains};
use serde_json::Value;

/// The text of a notice of `fixtures/notices`.
fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name)).unwrap()
}

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/notices").join(name)
}

/// The Évry cleaning notice (TED F02) republished under another number with a time limit far ahead: a
/// procedure still open whatever day the tests run.
fn open_cleaning_notice() -> String {
    fixture("ted-f02-nettoyage-evry.xml")
        .replace("2024/S 040-104512", "2099/S 001-000123")
        .replace("104512-2024", "000123-2099")
        .replace("<DATE_RECEIPT_TENDERS>2024-04-02", "<DATE_RECEIPT_TENDERS>2099-04-02")
}

fn import(sb: &Sandbox, path: &str) -> std::process::Output {
    sb.essor(&["import", "notices", path])
}

fn import_ok(sb: &Sandbox, path: &str) -> String {
    sb.essor_ok(&["import", "notices", path])
}

/// `essor notices search … --format json`.
fn search(sb: &Sandbox, args: &[&str]) -> Value {
    let mut all = vec!["notices", "search"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    serde_json::from_str(&sb.essor_ok(&all)).unwrap()
}

/// The procedure keys a search returns, in order.
fn keys(found: &Value) -> Vec<String> {
    found["hits"].as_array().unwrap().iter().map(|h| h["procedure_id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn read_prints_the_contract_json_and_stores_nothing() {
    let sb = Sandbox::new();
    let path = fixture_path("eforms-cn-restauration-grenoble.xml");
    let out = sb.essor_ok(&["notices", "read", path.to_str().unwrap(), "--format", "json"]);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["format"], "eforms");
    assert_eq!(json["id"], "262891-2025");
    assert_eq!(json["notice_type"], "ContractNotice 16");
    assert_eq!(json["lots"][0]["reserved"], true);
    assert_eq!(json["lots"][0]["reservation_codes"], serde_json::json!(["res-ws"]));
    assert!(!sb.data_dir().join("essor.db").exists(), "reading stores nothing");
    let table = sb.essor_ok(&["notices", "read", path.to_str().unwrap()]);
    assert_contains(&table, "Avis 262891-2025");
}

#[test]
fn importing_the_same_notice_twice_keeps_one() {
    let sb = Sandbox::new();
    let path = fixture_path("ted-f02-nettoyage-evry.xml");
    let first = import_ok(&sb, path.to_str().unwrap());
    assert_contains(&first, "1 nouveau(x), 0 mis à jour, 0 inchangé(s)");
    let second = import_ok(&sb, path.to_str().unwrap());
    assert_contains(&second, "0 nouveau(x), 0 mis à jour, 1 inchangé(s)");
    let found = search(&sb, &[]);
    assert_eq!(found["total"], 1);
    assert_eq!(found["hits"][0]["procedure_id"], "2024/S 040-104512");
    assert_eq!(found["hits"][0]["publications"], serde_json::json!(["2024/S 040-104512"]));
}

#[test]
fn a_corrigendum_updates_the_procedure_and_an_award_closes_it() {
    let sb = Sandbox::new();
    import_ok(&sb, fixture_path("ted-f02-nettoyage-evry.xml").to_str().unwrap());
    let before = search(&sb, &[]);
    assert_eq!(before["hits"][0]["notice"]["deadline"], "2024-04-02T12:00:00");
    assert_eq!(before["hits"][0]["status"], "open");

    import_ok(&sb, fixture_path("ted-f14-rectificatif-evry.xml").to_str().unwrap());
    let corrected = search(&sb, &[]);
    assert_eq!(corrected["total"], 1, "the corrigendum belongs to the same procedure");
    let hit = &corrected["hits"][0];
    assert_eq!(hit["notice"]["deadline"], "2024-04-16T12:00:00");
    assert_eq!(hit["notice"]["lots"][0]["deadline"], "2024-04-16T12:00:00");
    assert_eq!(hit["notice"]["id"], "2024/S 040-104512", "the content stays the contract notice's");
    assert_eq!(hit["status"], "open");

    import_ok(&sb, fixture_path("ted-f03-attribution-evry.xml").to_str().unwrap());
    let awarded = search(&sb, &[]);
    assert_eq!(awarded["total"], 1);
    let hit = &awarded["hits"][0];
    assert_eq!(hit["status"], "closed");
    assert_eq!(hit["open"], false);
    assert_eq!(hit["publications"].as_array().unwrap().len(), 3);
    assert!(!hit["notice"]["awards"].as_array().unwrap().is_empty());
}

#[test]
fn the_order_of_imports_does_not_matter() {
    let forwards = Sandbox::new();
    let backwards = Sandbox::new();
    let names = [
        "boamp-appel-offre-espaces-verts.xml",
        "boamp-rectificatif-espaces-verts.xml",
        "boamp-attribution-espaces-verts.xml",
    ];
    for name in names {
        import_ok(&forwards, fixture_path(name).to_str().unwrap());
    }
    for name in names.iter().rev() {
        import_ok(&backwards, fixture_path(name).to_str().unwrap());
    }
    let (a, b) = (search(&forwards, &[]), search(&backwards, &[]));
    assert_eq!(a, b);
    assert_eq!(a["hits"][0]["status"], "closed");
    assert_eq!(a["hits"][0]["notice"]["deadline"], "2024-04-26T12:00:00+02:00", "the corrigendum's time limit");
}

#[test]
fn a_folder_with_a_bad_file_imports_the_others_and_lists_the_failure() {
    let sb = Sandbox::new();
    let folder = sb.dir.path().join("avis");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("a-evry.xml"), open_cleaning_notice()).unwrap();
    std::fs::write(folder.join("b-tronque.xml"), fixture("hostile/truncated.xml")).unwrap();
    std::fs::write(folder.join("c-grenoble.xml"), fixture("eforms-cn-restauration-grenoble.xml")).unwrap();
    let out = import(&sb, folder.to_str().unwrap());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_contains(&stderr, "b-tronque.xml");
    assert_contains(&stderr, "XML mal formé");
    assert_contains(&stderr, "1 fichier(s) sur 3 non importé(s)");
    assert_contains(&String::from_utf8_lossy(&out.stdout), "2 avis importé(s)");
    assert_eq!(search(&sb, &[])["total"], 2);
}

#[test]
fn a_single_bad_file_is_named_with_its_element_and_nothing_is_stored() {
    let sb = Sandbox::new();
    let missing_title = fixture("boamp-rectificatif-espaces-verts.xml").replace("<IDWEB>24-35512</IDWEB>", "");
    let bad = sb.file("sans-numero.xml", &missing_title);
    let out = import(&sb, bad.to_str().unwrap());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_contains(&stderr, "sans-numero.xml");
    assert_contains(&stderr, "IDWEB");

    // A file of records with one bad line: nothing of it is stored.
    let records = fixture_path("boamp-records.jsonl");
    let out = import(&sb, records.to_str().unwrap());
    assert_eq!(out.status.code(), Some(2));
    assert_contains(&String::from_utf8_lossy(&out.stderr), "ligne 4");
    assert_eq!(search(&sb, &[])["total"], 0);
}

#[test]
fn hostile_files_are_refused_without_a_panic() {
    let sb = Sandbox::new();
    for name in ["billion-laughs.xml", "external-entity.xml", "plain-text.txt", "truncated.xml", "unknown-root.xml"] {
        let path = fixture_path(&format!("hostile/{name}"));
        for args in [vec!["import", "notices", path.to_str().unwrap()], vec!["notices", "read", path.to_str().unwrap()]]
        {
            let out = sb.essor(&args);
            assert_eq!(out.status.code(), Some(2), "{name}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_contains(&stderr, name);
            assert!(!stderr.contains("panicked"), "{stderr}");
        }
    }
    assert_eq!(search(&sb, &[])["total"], 0);
}

#[test]
fn search_by_text_department_cpv_and_open() {
    let sb = Sandbox::new();
    let folder = sb.dir.path().join("avis");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("evry-ouvert.xml"), open_cleaning_notice()).unwrap();
    std::fs::write(folder.join("grenoble.xml"), fixture("eforms-cn-restauration-grenoble.xml")).unwrap();
    std::fs::write(folder.join("est-ensemble.xml"), fixture("boamp-appel-offre-espaces-verts.xml")).unwrap();
    import_ok(&sb, folder.to_str().unwrap());

    let grenoble = "b3e1a8c2-7d4f-4e2a-8f61-0a9b8c7d6e5f";
    assert_eq!(search(&sb, &["restauration collective"])["total"], 1);
    assert_eq!(keys(&search(&sb, &["RESTAURATION"])), [grenoble], "case and accents do not matter");
    assert_eq!(keys(&search(&sb, &["Batiment NETTOYAGE"])), ["2099/S 001-000123"], "folded and stemmed");
    assert_eq!(search(&sb, &["restauration espaces"])["total"], 0, "every word must be found");
    assert_eq!(keys(&search(&sb, &["--department", "91"])), ["2099/S 001-000123"]);
    assert_eq!(keys(&search(&sb, &["--department", "38,91"])).len(), 2);
    assert_eq!(keys(&search(&sb, &["--cpv", "5552"])), [grenoble]);
    assert_eq!(keys(&search(&sb, &["--cpv", "77310000"])), ["24-31207"]);
    let open = search(&sb, &["--open"]);
    assert_eq!(keys(&open), ["2099/S 001-000123"]);
    assert_eq!(open["hits"][0]["open"], true);
    assert_eq!(search(&sb, &["nettoyage", "--department", "38"])["total"], 0);

    let table = sb.essor_ok(&["notices", "search", "nettoyage"]);
    assert_contains(&table, "1 avis trouvé(s).");
    assert_contains(&table, "[ouvert] Nettoyage des bâtiments communaux et de la vitrerie");

    let out = sb.essor(&["notices", "search", "x", "--department", "999"]);
    assert_eq!(out.status.code(), Some(2));
    assert_contains(&String::from_utf8_lossy(&out.stderr), "--department");
    let out = sb.essor(&["notices", "search", "x", "--cpv", "abc"]);
    assert_eq!(out.status.code(), Some(2));
    assert_contains(&String::from_utf8_lossy(&out.stderr), "--cpv");
}

#[test]
fn answers_hold_no_e_mail_address() {
    let sb = Sandbox::new();
    let with_email = fixture("eforms-cn-restauration-grenoble.xml").replace(
        "Fourniture et livraison de repas",
        "Questions à marches.ccas@grenoble.fr ; fourniture et livraison de repas",
    );
    let file = sb.file("grenoble.xml", &with_email);
    import_ok(&sb, file.to_str().unwrap());
    let out = sb.essor_ok(&["notices", "search", "repas", "--format", "json"]);
    assert!(out.contains("livraison de repas"), "{out}");
    assert!(!out.contains("grenoble.fr ;") && !out.contains('@'), "{out}");
}
