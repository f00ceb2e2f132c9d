//! The measurement on the fixtures of `fixtures/spaser/`, every numerator and denominator computed by
//! hand (see `fixtures/spaser/README.md`).

use super::contract::DefectKind;
use super::holders::{EssDirectory, Recognition};
use super::measure::{Measurement, measure};
use super::read::FileShape;
use super::targets::Targets;
use super::{SpaserError, load};
use crate::domain::kind::Kind;

const JSONL: &str = include_str!("../../fixtures/spaser/acheteur-2026.jsonl");
const SCHEMA_2022: &str = include_str!("../../fixtures/spaser/schema-2022.json");
const SCHEMA_2019: &str = include_str!("../../fixtures/spaser/schema-2019.json");
const CSV: &str = include_str!("../../fixtures/spaser/consolide.csv");

const BUYER_A: &str = "21310000000016";

fn measured(text: &str, buyer: &str, year: i16, directory: Option<&EssDirectory>) -> Measurement {
    let loaded = load(text.as_bytes(), Some(buyer)).expect("a DECP file");
    measure(buyer, year, &loaded.contracts, &Targets::default(), directory)
}

fn pair(m: &Measurement, code: &str) -> (f64, f64) {
    let i = m.indicators.all().into_iter().find(|i| i.code.as_str() == code).expect("a code");
    (i.numerator, i.denominator)
}

#[test]
fn every_indicator_of_the_jsonl_fixture_by_hand() {
    let m = measured(JSONL, BUYER_A, 2026, None);
    // 2026: A1 (published twice), A2 reserved to an ESAT, A3 and A4 after 22/08/2026, A5 two holders,
    // A6 republished as 2026A626, A8, A9 with an ESS subcontractor; A7 is 2025, A99 a test, Z1 has no buyer.
    assert_eq!(m.contracts, 8);
    assert_eq!(m.value_eur, 890_000.0);
    assert_eq!(pair(&m, "S1"), (4.0, 8.0)); // A1 clause, A2 reserved, A4 criterion, A8 clause
    assert_eq!(pair(&m, "S2"), (190_000.0, 890_000.0)); // 100 000 + 50 000 + 0 + 40 000
    assert_eq!(pair(&m, "E1"), (4.0, 8.0)); // A1, A3, A4, A6 (its considerations kept from the first copy)
    assert_eq!(pair(&m, "E2"), (480_000.0, 890_000.0)); // 100 000 + 300 000 + 0 + 80 000
    assert_eq!(pair(&m, "R1"), (50_000.0, 890_000.0)); // A2
    // ESAT holder of A2 (50 000), EA one of two holders of A5 (200 000 / 2), SCOP subcontractor of A9 (20 000).
    assert_eq!(pair(&m, "I1"), (170_000.0, 890_000.0));
    assert!(m.ess_holders.iter().all(|h| h.recognition.presumed()));
    assert_eq!(m.indicators.S1.observed, Some(0.5));
    assert_eq!(m.indicators.S1.attainment, Some(1.0));
    assert_eq!(m.indicators.E1.attainment, Some(0.5));
    // C1: A3 (criterion without clause) fails, A4 passes; C2: A3 is above 216 000 € without a social clause.
    assert_eq!((m.compliance.C1.contracts, m.compliance.C1.compliant), (2, 1));
    assert_eq!(m.compliance.C1.observed, Some(0.5));
    assert_eq!(m.compliance.C1.failing, vec!["A3".to_string()]);
    assert_eq!((m.compliance.C2.contracts, m.compliance.C2.compliant), (1, 0));
    let expected =
        100.0 * (0.2 + 0.1 * (190_000.0 / 890_000.0 / 0.3) + 0.2 * 0.5 + 0.1 * (480_000.0 / 890_000.0) + 0.1 + 0.2);
    assert!((m.score - expected).abs() < 1e-9, "{} vs {expected}", m.score);
}

#[test]
fn defects_are_listed_with_their_reason() {
    let loaded = load(JSONL.as_bytes(), Some(BUYER_A)).expect("a DECP file");
    let kinds: Vec<(usize, &DefectKind)> = loaded.defects.iter().map(|d| (d.record, &d.kind)).collect();
    assert!(kinds.contains(&(2, &DefectKind::Duplicate { kept_id: "A1".into(), kept_record: 1 })));
    assert!(kinds.contains(&(8, &DefectKind::Duplicate { kept_id: "A6".into(), kept_record: 7 })));
    assert!(kinds.contains(&(5, &DefectKind::ZeroAmount)));
    assert!(kinds.contains(&(5, &DefectKind::MissingCpv)));
    assert!(kinds.contains(&(10, &DefectKind::MissingBuyer)));
    assert!(kinds.contains(&(11, &DefectKind::InvalidHolderId { value: "1234".into() })));
    assert!(kinds.contains(&(11, &DefectKind::UnknownConsideration { value: "Clause d'insertion maison".into() })));
    assert!(kinds.contains(&(12, &DefectKind::TestRecord)));
    assert_eq!(loaded.shape, FileShape::JsonLines);
}

#[test]
fn the_2022_schema_with_its_wrappers() {
    let loaded = load(SCHEMA_2022.as_bytes(), None).expect("a DECP file");
    assert_eq!(loaded.shape, FileShape::JsonDocument);
    assert_eq!(loaded.contracts.len(), 2, "B2 published twice");
    assert!(loaded.defects.iter().any(|d| d.kind == DefectKind::Concession));
    let m = measured(SCHEMA_2022, "21310000000024", 2024, None);
    assert_eq!(pair(&m, "S1"), (1.0, 2.0));
    assert_eq!(pair(&m, "S2"), (150_000.0, 200_000.0));
    assert_eq!(pair(&m, "E1"), (1.0, 2.0));
    assert_eq!(pair(&m, "E2"), (50_000.0, 200_000.0));
    assert_eq!(pair(&m, "R1"), (150_000.0, 200_000.0));
    assert_eq!(pair(&m, "I1"), (0.0, 200_000.0), "no names in the 2022 schema, no catalogue");
    let mut directory = EssDirectory::default();
    directory.add("775333333", &[Kind::Ea]);
    let m = measured(SCHEMA_2022, "21310000000024", 2024, Some(&directory));
    assert_eq!(pair(&m, "I1"), (150_000.0, 200_000.0));
    assert_eq!(m.ess_holders[0].recognition, Recognition::CatalogueSiren { kinds: vec![Kind::Ea] });
}

#[test]
fn the_2019_schema() {
    let m = measured(SCHEMA_2019, "13000000000013", 2019, None);
    assert_eq!(m.contracts, 2);
    assert_eq!(m.value_eur, 240_000.5, "« 60000,50 » read with its decimal comma");
    assert_eq!(pair(&m, "S1"), (0.0, 2.0));
    assert_eq!(pair(&m, "I1"), (180_000.0, 240_000.5));
    let mut directory = EssDirectory::default();
    directory.add("77522222200017", &[Kind::Esat]);
    let m = measured(SCHEMA_2019, "13000000000013", 2019, Some(&directory));
    assert_eq!(m.ess_holders[0].recognition, Recognition::CatalogueSiret { kinds: vec![Kind::Esat] });
}

#[test]
fn the_consolidated_csv_joins_the_rows_of_one_contract() {
    let loaded = load(CSV.as_bytes(), None).expect("a DECP file");
    assert_eq!(loaded.shape, FileShape::Csv);
    assert_eq!(loaded.contracts.len(), 2);
    assert_eq!(loaded.contracts[0].holders.len(), 2);
    let m = measured(CSV, "21310000000032", 2025, None);
    assert_eq!(pair(&m, "S1"), (1.0, 2.0));
    assert_eq!(pair(&m, "E2"), (110_000.0, 200_000.0));
    assert_eq!(pair(&m, "I1"), (45_000.0, 200_000.0), "the EA is one of two holders of C-1");
}

#[test]
fn files_that_are_not_decp_are_refused() {
    for text in
        ["", "{\"fournisseurs\": []}\n", "{\"nom\": \"x\"}\n{\"nom\": \"y\"}\n", "nom;ville\nx;y\n", "{\"marches\": "]
    {
        let e = load(text.as_bytes(), None).expect_err(text);
        assert!(matches!(e, SpaserError::NotDecp(_) | SpaserError::NoContract { .. }), "{text}: {e}");
        assert!(crate::error::Classified::blame(&e).is_user());
    }
}

#[test]
fn other_json_shapes_and_broken_lines() {
    let one =
        r#"{"id": "X1", "acheteur": {"id": "21310000000016"}, "dateNotification": "2026-01-05", "montant": 1000}"#;
    let array = format!("[{one}]");
    assert_eq!(load(array.as_bytes(), None).expect("array").contracts.len(), 1);
    let nested = format!("{{\"marches\": {{\"marche\": [{one}]}}}}");
    assert_eq!(load(nested.as_bytes(), None).expect("2022 nested").contracts.len(), 1);
    let lines = format!("{one}\nnot json\n");
    let loaded = load(lines.as_bytes(), None).expect("lines");
    assert_eq!(loaded.contracts.len(), 1);
    assert!(loaded.defects.iter().any(|d| d.record == 2 && matches!(d.kind, DefectKind::Unreadable { .. })));
    let mut latin1 = format!("{one}\n").into_bytes();
    latin1.extend(b"{\"objet\": \"\xe9t\xe9\"}\n");
    let loaded = load(latin1.as_slice(), None).expect("a line that is not UTF-8 is a defect");
    assert_eq!((loaded.records, loaded.contracts.len()), (2, 1));
    assert!(loaded.defects.iter().any(|d| d.kind == DefectKind::NotUtf8));
    let truncated = format!("{{\"marches\": [{one}, {{\"id\": ");
    let loaded = load(truncated.as_bytes(), None).expect("truncated");
    assert_eq!(loaded.contracts.len(), 1);
    assert!(loaded.defects.iter().any(|d| matches!(d.kind, DefectKind::Truncated { .. })));
}

#[test]
fn a_first_line_without_buyer_does_not_make_the_file_foreign() {
    let text = [
        r#"{"id": "Z", "acheteur": {"id": null}, "dateNotification": "2026-01-05", "montant": 1000}"#,
        r#"{"id": "A", "acheteur": {"id": "21310000000016"}, "dateNotification": "2026-01-05", "montant": 1000}"#,
    ]
    .join("\n");
    let loaded = load(text.as_bytes(), None).expect("DECP lines");
    assert_eq!(loaded.contracts.len(), 1);
    assert_eq!(loaded.defects[0].kind, DefectKind::MissingBuyer);
}

#[test]
fn lots_sharing_an_id_are_not_duplicates() {
    let text = [
        r#"{"id": "L", "acheteur": {"id": "21310000000016"}, "dateNotification": "2026-01-05", "montant": 1000, "titulaires": [{"id": "775111111"}]}"#,
        r#"{"id": "L", "acheteur": {"id": "21310000000016"}, "dateNotification": "2026-01-05", "montant": 2000, "titulaires": [{"id": "775222222"}]}"#,
        r#"{"id": "L", "acheteur": {"id": "21310000000016"}, "dateNotification": "2026-03-05", "montant": 1000, "titulaires": [{"id": "775111111"}]}"#,
    ]
    .join("\n");
    let loaded = load(text.as_bytes(), None).expect("lines");
    assert_eq!(loaded.contracts.len(), 3);
    assert!(loaded.defects.iter().any(|d| d.kind == DefectKind::ReusedId));
}

#[test]
fn a_copy_republished_with_another_date_is_counted_once() {
    let text = [
        r#"{"id": "R", "acheteur": {"id": "21310000000016"}, "dateNotification": "2026-01-05", "montant": 90000, "titulaires": [{"id": "775111111"}], "considerationsSociales": ["Clause sociale"]}"#,
        r#"{"id": "R", "acheteur": {"id": "21310000000016"}, "dateNotification": "2026-01-20", "montant": 90000, "titulaires": [{"id": "775111111"}]}"#,
        r#"{"id": "R", "acheteur": {"id": "21310000000016"}, "dateNotification": "2026-06-20", "montant": 90000, "titulaires": [{"id": "775111111"}]}"#,
    ]
    .join("\n");
    let loaded = load(text.as_bytes(), None).expect("lines");
    assert_eq!(loaded.contracts.len(), 2, "the June contract is another one");
    assert!(loaded.contracts[0].considerations.social_clause);
}

#[test]
fn lines_of_other_buyers_are_skipped_but_lines_without_buyer_listed() {
    let text = [
        r#"{"id": "O1", "acheteur": {"id": "21310000000024"}, "dateNotification": "2026-01-05", "montant": 1000}"#,
        r#"{"id": "M1", "acheteur": {"id": "213 100 000 00016"}, "dateNotification": "2026-01-05", "montant": 1000}"#,
        r#"{"id": "N1", "acheteur": {"id": ""}, "dateNotification": "2026-01-05", "montant": 1000}"#,
        r#"{"id": "P1", "acheteur": {"id": 21310000000016}, "dateNotification": "2026-01-05", "montant": -1000}"#,
    ]
    .join("\n");
    let loaded = load(text.as_bytes(), Some(BUYER_A)).expect("lines");
    assert_eq!(loaded.records, 4);
    let ids: Vec<&str> = loaded.contracts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["M1", "P1"]);
    assert!(loaded.defects.iter().any(|d| d.record == 3 && d.kind == DefectKind::MissingBuyer));
    assert!(loaded.defects.iter().any(|d| d.record == 4 && d.kind == DefectKind::NegativeAmount { value: -1000.0 }));
    assert_eq!(loaded.contracts[1].amount_eur, 0.0);
}

#[test]
fn the_place_of_execution_is_read_from_every_published_shape() {
    use super::contract::execution_place;
    use crate::domain::need::Place;
    let place = |json: &str| {
        let v: serde_json::Value = serde_json::from_str(json).expect("JSON");
        execution_place(v.as_object().expect("an object"))
    };
    assert_eq!(
        place(r#"{"lieuExecution": {"code": "91228", "typeCode": "Code commune"}}"#),
        Some(Place::Commune("91228".into()))
    );
    assert_eq!(
        place(r#"{"lieuExecution": {"code": "1", "typeCode": "Code département", "nom": "Ain"}}"#),
        Some(Place::Department("01".into()))
    );
    assert_eq!(
        place(r#"{"lieuExecution_code": "2a", "lieuExecution_typeCode": "Code departement"}"#),
        Some(Place::Department("2A".into()))
    );
    assert_eq!(
        place(r#"{"lieuExecution.code": "91 000", "lieuExecution.typeCode": "Code postal"}"#),
        Some(Place::PostCode("91000".into()))
    );
    assert_eq!(place(r#"{"lieuExecution": {"code": "FR", "typeCode": "Code pays"}}"#), None);
    assert_eq!(place(r#"{"lieuExecution": {"code": "11", "typeCode": "Code région"}}"#), None);
    assert_eq!(place(r#"{"lieuExecution": {"code": "91228"}}"#), None, "a code without its type");
}

#[test]
fn the_list_of_buyers_agrees_with_each_buyer_measured_alone() {
    for text in [JSONL, SCHEMA_2022, SCHEMA_2019, CSV] {
        let list = super::buyers_list(text.as_bytes(), &[], &Targets::default(), None).expect("a DECP file");
        assert!(!list.buyers.is_empty());
        let mut defects = list.unattributed.len();
        for line in &list.buyers {
            let loaded = load(text.as_bytes(), Some(&line.buyer)).expect("a DECP file");
            defects += loaded.defects.iter().filter(|d| d.buyer.is_some()).count();
            let years: Vec<i16> = super::report::by_year(&loaded.contracts).iter().map(|t| t.year).collect();
            let ms: Vec<Measurement> =
                years.iter().map(|y| measure(&line.buyer, *y, &loaded.contracts, &Targets::default(), None)).collect();
            assert_eq!(line.contracts, ms.iter().map(|m| m.contracts).sum::<usize>(), "{}", line.buyer);
            assert_eq!(line.value_eur, ms.iter().map(|m| m.value_eur).sum::<f64>(), "{}", line.buyer);
            let s1 = ms.iter().map(|m| pair(m, "S1")).fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
            assert_eq!(line.s1, (s1.1 > 0.0).then(|| s1.0 / s1.1), "{}", line.buyer);
            let i1 = ms.iter().map(|m| pair(m, "I1")).fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
            assert_eq!(line.i1, (i1.1 > 0.0).then(|| i1.0 / i1.1), "{}", line.buyer);
        }
        assert_eq!(list.defects, defects, "every defect counted once");
    }
}
