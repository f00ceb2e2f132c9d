//! Tests of the reading entry points: BOAMP XML and JSON Lines, folders, hostile files, needs, JSON output.

use std::path::{Path, PathBuf};

use super::*;
use crate::domain::need::{Place, Reservation};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/notices").join(name)
}

fn one(name: &str) -> Notice {
    let mut reading = read_path(&fixture(name)).unwrap();
    assert!(reading.failures.is_empty(), "{:?}", reading.failures);
    assert_eq!(reading.notices.len(), 1);
    reading.notices.remove(0)
}

#[test]
fn boamp_xml_multi_lot_notice_with_a_reserved_lot() {
    let n = one("boamp-appel-offre-espaces-verts.xml");
    assert_eq!((n.format, n.id.as_str(), n.notice_type.as_str()), (NoticeFormat::BoampXml, "24-31207", "APPEL_OFFRE"));
    assert_eq!((n.kind, n.language.as_str(), n.schema.as_deref()), (NoticeKind::ContractNotice, "FR", Some("FNS")));
    assert_eq!(n.buyer.name, "Établissement public territorial Est Ensemble");
    assert_eq!(n.buyer.siret.as_ref().map(|s| s.as_str()), Some("20005449200018"));
    assert_eq!(n.cpv.iter().map(|c| c.as_str()).collect::<Vec<_>>(), ["77310000", "77314000"]);
    assert_eq!(n.deadline.as_deref(), Some("2024-04-12T12:00:00+02:00"));
    assert_eq!(n.procedure_type.as_deref(), Some("OUVERT"));
    assert_eq!(n.estimated_value_eur, Some(695_000.0), "the sum of the lots");
    assert_eq!(n.lots.len(), 3);
    let lot1 = &n.lots[0];
    assert!(lot1.reserved);
    assert_eq!(
        lot1.reservation_codes,
        ["MARCHE_RESERVE_NON", "MARCHE_RESERVE_OUI", "ATELIERS_PROTEGES", "PRESTATION_RESERVEE_NON"]
    );
    assert_eq!(lot1.reservation, Some(Reservation::Inclusive));
    assert_eq!((lot1.place.departments.as_slice(), lot1.duration_months), (&["93".to_string()][..], Some(36)));
    assert!(!n.lots[1].reserved);
    assert_eq!(n.lots[1].reservation_codes, ["MARCHE_RESERVE_NON", "PRESTATION_RESERVEE_NON"]);
    for lot in &n.lots {
        assert!(lot.social.social_clause, "lot {}", lot.id);
        assert!(lot.social.codes.contains(&"CRITERES_SOCIAUX_ENV/SOCIAUX".to_string()));
    }
}

#[test]
fn boamp_xml_corrigendum_and_award_link_to_the_first_notice() {
    let rectificatif = one("boamp-rectificatif-espaces-verts.xml");
    assert_eq!((rectificatif.kind, rectificatif.procedure_id.as_str()), (NoticeKind::Corrigendum, "24-31207"));
    assert_eq!(rectificatif.deadline.as_deref(), Some("2024-04-26T12:00:00+02:00"));
    let award = one("boamp-attribution-espaces-verts.xml");
    assert_eq!((award.kind, award.procedure_id.as_str()), (NoticeKind::Award, "24-31207"));
    assert_eq!(award.related_notices, ["24-31207", "24-35512"]);
    assert_eq!(award.title, "Entretien des espaces verts et des cimetières");
    assert_eq!(award.awards.len(), 2);
    assert_eq!(award.awards[0].winners[0].siret.as_ref().map(|s| s.as_str()), Some("50123456100014"));
    assert_eq!((award.awards[0].lot_id.as_deref(), award.awards[0].value_eur), (Some("1"), Some(405_000.0)));
}

#[test]
fn boamp_json_lines_keep_the_good_records_and_name_the_bad_lines() {
    let reading = read_path(&fixture("boamp-records.jsonl")).unwrap();
    assert_eq!(reading.notices.len(), 4);
    assert_eq!(reading.failures.len(), 2);
    let (not_json, bad_donnees) = (&reading.failures[0], &reading.failures[1]);
    assert_eq!(not_json.line(), Some(4));
    assert!(not_json.to_string().contains("boamp-records.jsonl, ligne 4 : JSON invalide"), "{not_json}");
    assert_eq!((bad_donnees.line(), bad_donnees.element()), (Some(5), Some("donnees")));
    assert!(bad_donnees.is_user_error());

    let eforms = &reading.notices[0];
    assert_eq!(
        (eforms.format, eforms.id.as_str(), eforms.notice_type.as_str()),
        (NoticeFormat::BoampJson, "24-117843", "APPEL_OFFRE")
    );
    assert_eq!(eforms.schema.as_deref(), Some("JOUE / EFORMS ContractNotice 16"));
    assert_eq!(eforms.procedure_id, "e5d4c3b2-a190-4f8e-9d7c-6b5a4f3e2d1c");
    assert_eq!((eforms.lots.len(), eforms.lots[0].reservation_codes.as_slice()), (2, &["res-ws".to_string()][..]));
    assert_eq!(eforms.lots[0].reservation, Some(Reservation::Inclusive));
    assert_eq!(eforms.lots[0].place.post_codes, ["91300"]);
    assert_eq!(eforms.buyer.siret, None, "its SIRET fails the check");
    assert!(matches!(&eforms.warnings[..], [NoticeWarning::InvalidSiret { .. }]), "{:?}", eforms.warnings);
    assert!(eforms.notice_url.as_deref().unwrap().contains("boamp.fr"));

    let legacy = &reading.notices[1];
    assert_eq!((legacy.id.as_str(), legacy.lots.len()), ("23-61544", 2));
    assert_eq!(legacy.buyer.siret.as_ref().map(|s| s.as_str()), Some("22910001700016"));
    assert!(legacy.lots.iter().all(|l| l.reserved && l.reservation_codes == ["MARCHE_RESERVE_OUI"]));
    assert_eq!(legacy.lots[0].reservation, Some(Reservation::Insertion), "the marker cites L2113-13 only");

    let simple = &reading.notices[2];
    assert_eq!(
        (simple.schema.as_deref(), simple.title.as_str()),
        (Some("FNS / FNSimple"), "Collecte et valorisation des encombrants")
    );
    assert_eq!(simple.cpv.iter().map(|c| c.as_str()).collect::<Vec<_>>(), ["90511000"]);
    assert_eq!((simple.estimated_value_eur, simple.duration_months), (Some(90_000.0), Some(24)));
    assert_eq!(simple.deadline.as_deref(), Some("2024-11-18T12:00:00"));
    assert_eq!(simple.lots[0].place.departments, ["91"], "from code_departement");

    let correction = &reading.notices[3];
    assert_eq!((correction.kind, correction.procedure_id.as_str()), (NoticeKind::Corrigendum, "24-140212"));
    assert_eq!(correction.deadline.as_deref(), Some("2024-11-25T12:00:00+01:00"));
    assert!(correction.warnings.contains(&NoticeWarning::NoCpv));
}

#[test]
fn a_record_without_donnees_is_read_from_its_indexing() {
    let record = r#"{"idweb": "25-1234", "objet": "Entretien de la voirie", "nomacheteur": "Commune de Grigny", "nature": "APPEL_OFFRE", "code_departement": "91", "dateparution": "2025-01-06"}"#;
    let n = read_boamp_record(Path::new("api.jsonl"), 1, record).unwrap();
    assert_eq!(
        (n.title.as_str(), n.buyer.name.as_str(), n.lots.len()),
        ("Entretien de la voirie", "Commune de Grigny", 1)
    );
    assert_eq!(n.lots[0].place.departments, ["91"]);
    let err = read_boamp_record(Path::new("api.jsonl"), 7, r#"{"objet": "sans numéro"}"#).unwrap_err();
    assert_eq!((err.line(), err.element()), (Some(7), Some("idweb")));
    let err = read_boamp_record(Path::new("api.jsonl"), 2, "[1, 2]").unwrap_err();
    assert!(err.to_string().contains("un objet JSON est attendu"), "{err}");
}

#[test]
fn hostile_and_unknown_files_are_refused_with_the_file_named() {
    for (name, expected) in [
        ("hostile/billion-laughs.xml", "DOCTYPE"),
        ("hostile/external-entity.xml", "DOCTYPE"),
        ("hostile/undeclared-entity.xml", "&idweb;"),
        ("hostile/truncated.xml", "tronqué"),
        ("hostile/unknown-root.xml", "<FacturX>"),
        ("hostile/plain-text.txt", "format d'avis inconnu"),
    ] {
        let err = read_path(&fixture(name)).unwrap_err();
        let text = err.to_string();
        assert!(text.contains(expected), "{name}: {text}");
        assert!(text.contains(Path::new(name).file_name().unwrap().to_str().unwrap()), "{text}");
        assert!(err.is_user_error(), "{name}");
    }
    let err = read_path(&fixture("absent.xml")).unwrap_err();
    assert!(matches!(err, NoticeError::Io { .. }) && err.is_user_error());
}

#[test]
fn a_huge_file_is_refused_after_reading_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enorme.xml");
    {
        use std::io::Write;
        let mut file = std::fs::File::create(&path).unwrap();
        file.write_all(b"<?xml version=\"1.0\"?><TED_EXPORT>").unwrap();
        // 100 MiB without writing them: a sparse file.
        file.set_len(100 * 1024 * 1024).unwrap();
    }
    let err = read_path(&path).unwrap_err();
    assert!(matches!(err, NoticeError::TooLarge { limit: MAX_NOTICE_BYTES, .. }), "{err:?}");
    assert!(err.to_string().contains("enorme.xml") && err.to_string().contains("20 Mo"), "{err}");
}

#[test]
fn required_elements_are_named_when_missing() {
    let xml = br#"<ContractNotice><ID schemeName="notice-id">x</ID><ProcurementProject><Name>Objet</Name></ProcurementProject></ContractNotice>"#;
    let err = read_xml(Path::new("sans-acheteur.xml"), xml).unwrap_err();
    assert_eq!(err.element(), Some("efac:Organization/efac:Company/cac:PartyName/cbc:Name (acheteur)"));
    let xml = b"<TED_EXPORT><CODED_DATA_SECTION><NOTICE_DATA/></CODED_DATA_SECTION></TED_EXPORT>";
    let err = read_xml(Path::new("ted.xml"), xml).unwrap_err();
    assert!(err.to_string().contains("NO_DOC_OJS"), "{err}");
}

#[test]
fn notice_without_cpv_nor_lots_is_read_with_a_warning() {
    let xml = "<ANNONCE><GESTION><REFERENCE><IDWEB>24-1</IDWEB><TYPE_AVIS><NATURE><APPEL_OFFRE/></NATURE></TYPE_AVIS></REFERENCE></GESTION>\
               <DONNEES><IDENTITE><DENOMINATION>Commune de Bondy</DENOMINATION><CP>93140</CP></IDENTITE>\
               <OBJET><TITRE_MARCHE>Entretien des toitures</TITRE_MARCHE></OBJET></DONNEES></ANNONCE>";
    let n = read_xml(Path::new("sans-cpv.xml"), xml.as_bytes()).unwrap();
    assert_eq!(n.lots.len(), 1);
    assert_eq!((n.lots[0].id.as_str(), n.lots[0].title.as_str()), ("1", "Entretien des toitures"));
    assert_eq!(n.warnings, [NoticeWarning::NoCpv]);
}

#[test]
fn a_folder_gives_the_good_notices_and_lists_the_failures() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["ted-f02-nettoyage-evry.xml", "eforms-cn-restauration-grenoble.xml", "boamp-records.jsonl"] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    std::fs::copy(fixture("hostile/billion-laughs.xml"), dir.path().join("laughs.xml")).unwrap();
    std::fs::write(dir.path().join(".cache"), "ignored").unwrap();
    let reading = read_dir(dir.path()).unwrap();
    assert_eq!(reading.files, 4);
    assert_eq!(reading.notices.len(), 6);
    assert_eq!(reading.failures.len(), 3);
    assert!(reading.has_failures());
    assert!(reading.failures.iter().any(|f| f.file().ends_with("laughs.xml")));
}

#[test]
fn a_lot_becomes_a_need() {
    let n = one("eforms-cn-restauration-grenoble.xml");
    let today = jiff::civil::date(2026, 12, 6);
    let need = n.lots[0].to_need(&n, today);
    assert_eq!(need.id, "262891-2025/LOT-0001");
    assert_eq!(need.reservation, Some(Reservation::Inclusive));
    assert_eq!(need.place, Some(Place::PostCode("38000".into())));
    assert_eq!(need.estimated_value_eur, Some(1_200_000.0));
    assert_eq!(need.consultation_date.to_string(), "2025-04-30");
    let buyer = need.buyer.as_ref().unwrap();
    assert_eq!(buyer.siret.as_deref(), Some("21380185500015"));
    assert_eq!(need.lots().len(), 1);
    let ted = one("ted-f02-nettoyage-evry.xml");
    let needs = ted.needs(today);
    assert_eq!(needs[1].place, Some(Place::Department("91".into())));
    assert_eq!(needs[1].cpv.iter().map(|c| c.as_str()).collect::<Vec<_>>(), ["90911200", "90911300"]);
}

#[test]
fn json_output_has_the_fields_of_the_contract() {
    let n = one("eforms-cn-restauration-grenoble.xml");
    let json = to_json(&n);
    assert_eq!(json["format"], "eforms");
    assert_eq!(json["id"], "262891-2025");
    assert_eq!(json["notice_type"], "ContractNotice 16");
    assert_eq!(json["language"], "FRA");
    assert_eq!(json["buyer"]["name"], "Centre communal d'action sociale de Grenoble");
    assert_eq!(json["title"], "Restauration collective des résidences autonomie et portage de repas");
    assert_eq!(json["cpv"][0], "55520000");
    assert_eq!(json["deadline"], "2025-06-02T12:00:00+02:00");
    let lot = &json["lots"][0];
    assert_eq!((lot["id"].as_str(), lot["title"].as_str()), (Some("LOT-0001"), n.lots[0].title.as_str().into()));
    assert_eq!((lot["cpv"][0].as_str(), lot["reserved"].as_bool()), (Some("55520000"), Some(true)));
    assert_eq!(lot["reservation_codes"], serde_json::json!(["res-ws"]));
    assert_eq!(lot["reservation"], "inclusive");
    assert_eq!(json["publication_date"], "2025-04-30");
    assert_eq!(json["kind"], "contract_notice");
    assert!(json.to_string().find("@example.fr").is_none(), "no e-mail address in the output");
}

#[test]
fn table_is_french_text() {
    let n = one("ted-f02-nettoyage-evry.xml");
    let text = crate::wording::notices::table(&n);
    assert!(text.contains("Avis 2024/S 040-104512 — avis de marché (TED XML, F02_2014)"), "{text}");
    assert!(text.contains("date limite de réponse : 02/04/2024 12:00"), "{text}");
    assert!(text.contains("Marché réservé : oui, L2113-14"), "{text}");
    assert!(text.contains("Essonne (91)"), "{text}");
    let award = one("ted-f03-attribution-evry.xml");
    let text = crate::wording::notices::table(&award);
    assert!(text.contains("Attribution lot 1 : Essonne Propreté Insertion (SIRET 44312345000027)"), "{text}");
    assert!(text.contains("Attention : SIRET d'un titulaire « 79876543400014 » invalide"), "{text}");
}
