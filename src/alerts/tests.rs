//! The alerts of one lot computed on the engine, over the suppliers and notices of `tests/fixtures/alerts`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::*;
use crate::domain::{CpvCatalogue, Gazetteer, Supplier};
use crate::law::LawConfig;
use crate::matching::{Engine, Weights};
use crate::notices::procedure::{Procedure, fold};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/alerts")
}

fn suppliers() -> Vec<Supplier> {
    let path = fixtures().join("suppliers.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    crate::ingest::suppliers::read_jsonl(&path, &text, Gazetteer::builtin()).unwrap().suppliers
}

fn procedure(name: &str) -> Procedure {
    let notice = crate::notices::read_path(&fixtures().join("notices").join(name)).unwrap().notices;
    fold(notice).unwrap()
}

fn engine(suppliers: &[Supplier]) -> Engine {
    let cpv = CpvCatalogue::builtin().clone();
    let gazetteer = std::borrow::Cow::Borrowed(Gazetteer::builtin());
    Engine::new(suppliers.to_vec(), None, gazetteer, cpv, Weights::default(), LawConfig::default())
}

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 12, 1)
}

/// The SIRETs alerted for the first lot of `name`, and those `partners` was asked for.
fn alerted(
    engine: &Engine,
    name: &str,
    who: &HashMap<String, Recipient<'_>>,
    config: &AlertConfig,
) -> (Vec<String>, Vec<String>) {
    let procedure = procedure(name);
    let lot = &procedure.notice.lots[0];
    let mut asked = Vec::new();
    let mut partners = |_: &crate::domain::need::Need, siret: &str| {
        asked.push(siret.to_string());
        Vec::new()
    };
    let alerts = lot_alerts(engine, &procedure, lot, today(), who, &|_| false, config, &mut partners).unwrap();
    let mut sirets: Vec<String> = alerts.iter().map(|a| a.siret.clone()).collect();
    sirets.sort();
    (sirets, asked)
}

#[test]
fn only_fitting_suppliers_with_an_e_mail_that_want_the_lot_are_alerted() {
    let suppliers = suppliers();
    let engine = engine(&suppliers);
    let mut stored = HashMap::new();
    stored.insert("99700000000007".to_string(), Preferences { frequency: Frequency::Paused, ..Default::default() });
    let who = recipients(&suppliers, &stored);
    assert!(!who.contains_key("99600000000009"), "no e-mail address, no recipient");

    let (sirets, asked) = alerted(&engine, "cn-nettoyage-massy.xml", &who, &AlertConfig::default());
    assert_eq!(sirets, ["99100000000000", "99200000000008", "99400000000004", "99500000000001"]);
    assert!(!sirets.contains(&"99800000000005".to_string()), "a catering EA within reach is nearby, not alerted");
    assert_eq!(asked, ["99400000000004"], "partners only for the supplier too small for the lot");

    let one = AlertConfig { top: 1, ..AlertConfig::default() };
    let (sirets, _) = alerted(&engine, "cn-nettoyage-massy.xml", &who, &one);
    assert!(sirets.len() <= 1, "{sirets:?}");

    let (sirets, asked) = alerted(&engine, "cn-nettoyage-essonne-grand-lot.xml", &who, &AlertConfig::default());
    assert_eq!(sirets, ["99100000000000", "99200000000008", "99400000000004", "99500000000001"]);
    assert!(asked.contains(&"99400000000004".to_string()), "{asked:?}");
}

#[test]
fn computing_skips_what_is_recorded_and_closed_lots() {
    let suppliers = suppliers();
    let engine = engine(&suppliers);
    let who = recipients(&suppliers, &HashMap::new());
    let procedures: Vec<Procedure> =
        ["cn-nettoyage-massy.xml", "cn-nettoyage-palaiseau-clos.xml"].into_iter().map(procedure).collect();
    let config = AlertConfig { max_partners: 0, ..AlertConfig::default() };
    let all = compute(&engine, &procedures, today(), &who, &config, &|_, _, _| false).unwrap();
    assert!(all.iter().all(|a| a.procedure_id == "massy-nettoyage-2026"), "the Palaiseau time limit passed");
    assert_eq!(all.len(), 5, "{:?}", all.iter().map(|a| &a.siret).collect::<Vec<_>>());
    let none = compute(&engine, &procedures, today(), &who, &config, &|_, p, _| p == "massy-nettoyage-2026").unwrap();
    assert!(none.is_empty());
}
