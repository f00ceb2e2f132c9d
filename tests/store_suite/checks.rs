//! The checks of the suite; each takes a fresh fixture and uses only the public `Store` API
//! (plus [`Fixture::tamper_with_record`] to simulate a damaged database).

use std::sync::Arc;
use std::time::Instant;

use essor::domain::Supplier;
use essor::store::{Store, StoreError, UpsertOutcome};

use super::data::{self, siret, supplier};
use super::fixture::Fixture;

/// What a reader sees of the suppliers, to compare a store before and after something.
#[derive(Debug, PartialEq)]
struct Snapshot {
    suppliers: Vec<Supplier>,
    last_change: i64,
    count: u64,
}

async fn snapshot(store: &Store) -> Snapshot {
    Snapshot {
        suppliers: store.suppliers().await.unwrap(),
        last_change: store.last_change().await.unwrap(),
        count: store.count_suppliers().await.unwrap(),
    }
}

fn sorted(mut suppliers: Vec<Supplier>) -> Vec<Supplier> {
    suppliers.sort_by(|a, b| a.siret.cmp(&b.siret));
    suppliers
}

fn outcome(inserted: usize, updated: usize, unchanged: usize, last_change: i64) -> UpsertOutcome {
    UpsertOutcome { inserted, updated, unchanged, last_change }
}

pub async fn empty_store_reads_empty(fx: Arc<Fixture>) {
    let store = fx.open().await;
    assert_eq!(store.backend(), fx.backend());
    assert_eq!(store.last_change().await.unwrap(), 0);
    assert_eq!(store.count_suppliers().await.unwrap(), 0);
    assert!(store.suppliers().await.unwrap().is_empty());
    assert!(store.sirets().await.unwrap().is_empty());
    assert!(store.suppliers_changed_after(0).await.unwrap().is_empty());
    assert_eq!(store.supplier(&siret(1)).await.unwrap(), None);
    assert!(store.communes().await.unwrap().is_empty());
    assert!(store.cpv_codes().await.unwrap().is_empty());
    assert_eq!(store.upsert_suppliers(&[]).await.unwrap(), outcome(0, 0, 0, 0));
    store.close().await;
}

pub async fn upsert_counts_inserted_updated_and_unchanged(fx: Arc<Fixture>) {
    let store = fx.open().await;
    let first = store.upsert_suppliers(&[supplier(3), supplier(1), supplier(2)]).await.unwrap();
    assert_eq!((first.inserted, first.updated, first.unchanged), (3, 0, 0));
    assert!(first.last_change > 0);

    let mut renamed = supplier(2);
    renamed.name = "Atelier solidaire (nouveau nom)".to_string();
    let second = store.upsert_suppliers(&[supplier(1), renamed.clone(), supplier(4)]).await.unwrap();
    assert_eq!((second.inserted, second.updated, second.unchanged), (1, 1, 1));
    assert!(second.last_change > first.last_change);

    // The same batch again writes nothing and takes no new change number.
    let again = store.upsert_suppliers(&[supplier(1), renamed.clone(), supplier(4)]).await.unwrap();
    assert_eq!(again, outcome(0, 0, 3, second.last_change));
    assert_eq!(store.upsert_suppliers(&[]).await.unwrap(), outcome(0, 0, 0, second.last_change));

    assert_eq!(store.count_suppliers().await.unwrap(), 4);
    assert_eq!(store.sirets().await.unwrap(), vec![siret(1), siret(2), siret(3), siret(4)]);
    assert_eq!(store.supplier(&siret(2)).await.unwrap(), Some(renamed.clone()));
    assert_eq!(store.suppliers().await.unwrap(), vec![supplier(1), renamed, supplier(3), supplier(4)]);
    store.close().await;
}

pub async fn change_numbers_track_what_each_upsert_wrote(fx: Arc<Fixture>) {
    let store = fx.open().await;
    let c1 = store.upsert_suppliers(&[supplier(10), supplier(11), supplier(12)]).await.unwrap().last_change;
    assert_eq!(store.last_change().await.unwrap(), c1);

    let mut moved = supplier(11);
    moved.intervention = essor::domain::Intervention::National;
    let c2 = store.upsert_suppliers(&[supplier(10), moved.clone(), supplier(13)]).await.unwrap().last_change;
    assert!(c2 > c1);
    assert_eq!(store.last_change().await.unwrap(), c2);

    // supplier 10 was unchanged by the second upsert: it keeps c1 and is not reported after c1.
    assert_eq!(store.suppliers_changed_after(c1).await.unwrap(), vec![moved.clone(), supplier(13)]);
    assert_eq!(store.suppliers_changed_after(c1 - 1).await.unwrap().len(), 4);
    assert_eq!(store.suppliers_changed_after(0).await.unwrap().len(), 4);
    assert!(store.suppliers_changed_after(c2).await.unwrap().is_empty());

    // An upsert that changes nothing leaves the change number where it was.
    store.upsert_suppliers(&[supplier(12), moved]).await.unwrap();
    assert_eq!(store.last_change().await.unwrap(), c2);
    assert!(store.suppliers_changed_after(c2).await.unwrap().is_empty());

    let c3 = store.upsert_suppliers(&[supplier(9)]).await.unwrap().last_change;
    assert!(c3 > c2);
    assert_eq!(store.suppliers_changed_after(c2).await.unwrap(), vec![supplier(9)]);
    store.close().await;
}

pub async fn every_field_round_trips(fx: Arc<Fixture>) {
    let store = fx.open().await;
    let varied = data::varied_suppliers();
    let done = store.upsert_suppliers(&varied).await.unwrap();
    assert_eq!(done.inserted, varied.len());
    for expected in &varied {
        assert_eq!(store.supplier(&expected.siret).await.unwrap().as_ref(), Some(expected));
    }
    assert_eq!(store.suppliers().await.unwrap(), sorted(varied.clone()));
    // Read back and written again, nothing differs.
    let read_back = store.suppliers().await.unwrap();
    assert_eq!(store.upsert_suppliers(&read_back).await.unwrap(), outcome(0, 0, varied.len(), done.last_change));
    store.close().await;
}

pub async fn a_failing_batch_leaves_the_store_as_it_was(fx: Arc<Fixture>) {
    let store = fx.open().await;
    store.upsert_suppliers(&(0..20).map(supplier).collect::<Vec<_>>()).await.unwrap();
    let before = snapshot(&store).await;

    // Updates of stored suppliers, thousands of new ones (several INSERT statements), and last a
    // supplier with an empty name, which the table's CHECK constraint refuses.
    let mut batch: Vec<Supplier> = (0..20)
        .map(|n| Supplier { name: format!("Renommé {n}"), ..supplier(n) })
        .chain((1_000..11_000).map(supplier))
        .collect();
    batch.push(Supplier { name: String::new(), ..supplier(50_000) });
    let err = store.upsert_suppliers(&batch).await.unwrap_err();
    assert!(matches!(err, StoreError::Query { .. }), "{err}");
    assert!(err.to_string().contains("enregistrement des fournisseurs"), "{err}");

    assert_eq!(snapshot(&store).await, before);
    assert!(store.suppliers_changed_after(before.last_change).await.unwrap().is_empty());
    assert_eq!(store.supplier(&siret(1_000)).await.unwrap(), None);

    // The store still works afterwards.
    batch.pop();
    let done = store.upsert_suppliers(&batch).await.unwrap();
    assert_eq!((done.inserted, done.updated, done.unchanged), (10_000, 20, 0));
    store.close().await;
}

pub async fn a_batch_with_a_repeated_siret_is_refused(fx: Arc<Fixture>) {
    let store = fx.open().await;
    store.upsert_suppliers(&[supplier(1)]).await.unwrap();
    let before = snapshot(&store).await;

    let twice = Supplier { name: "Autre nom".to_string(), ..supplier(2) };
    let err = store.upsert_suppliers(&[supplier(2), supplier(3), twice]).await.unwrap_err();
    assert!(matches!(&err, StoreError::DuplicateInBatch { key, .. } if *key == siret(2).to_string()), "{err}");

    assert_eq!(snapshot(&store).await, before);
    store.close().await;
}

pub async fn a_corrupt_record_is_an_error_naming_its_siret(fx: Arc<Fixture>) {
    let store = fx.open().await;
    store.upsert_suppliers(&[supplier(1), supplier(2)]).await.unwrap();
    let damaged = siret(2).to_string();
    fx.tamper_with_record(&damaged, r#"{"siret": "oops", "name": ""}"#).await;

    let is_corrupt_naming_siret = |err: StoreError| {
        assert!(matches!(&err, StoreError::Corrupt { key, .. } if *key == damaged), "{err}");
        assert!(err.to_string().contains(&damaged), "{err}");
    };
    is_corrupt_naming_siret(store.supplier(&siret(2)).await.unwrap_err());
    is_corrupt_naming_siret(store.suppliers().await.unwrap_err());
    is_corrupt_naming_siret(store.suppliers_changed_after(0).await.unwrap_err());
    // The sound row and the cheap listings are unaffected.
    assert_eq!(store.supplier(&siret(1)).await.unwrap(), Some(supplier(1)));
    assert_eq!(store.sirets().await.unwrap(), vec![siret(1), siret(2)]);

    fx.tamper_with_record(&damaged, "not json at all").await;
    is_corrupt_naming_siret(store.supplier(&siret(2)).await.unwrap_err());

    // Upserting the supplier again repairs the row.
    let repaired = store.upsert_suppliers(&[supplier(2)]).await.unwrap();
    assert_eq!(repaired.updated, 1);
    assert_eq!(store.supplier(&siret(2)).await.unwrap(), Some(supplier(2)));
    store.close().await;
}

pub async fn communes_and_cpv_codes_are_replaced_as_a_whole(fx: Arc<Fixture>) {
    let store = fx.open().await;
    let communes = data::communes();
    assert_eq!(store.replace_communes(&communes).await.unwrap(), communes.len());
    let mut by_insee = communes.clone();
    by_insee.sort_by(|a, b| a.insee.cmp(&b.insee));
    assert_eq!(store.communes().await.unwrap(), by_insee);
    assert_eq!(by_insee[0].insee, "29019", "byte order: digits before letters");

    let fewer = communes[..2].to_vec();
    assert_eq!(store.replace_communes(&fewer).await.unwrap(), 2);
    let inseess: Vec<String> = store.communes().await.unwrap().into_iter().map(|c| c.insee).collect();
    assert_eq!(inseess, ["2A004", "91228"]);

    let repeated = vec![communes[0].clone(), communes[3].clone(), communes[0].clone()];
    let err = store.replace_communes(&repeated).await.unwrap_err();
    assert!(matches!(&err, StoreError::DuplicateInBatch { key, .. } if key == "91228"), "{err}");
    assert_eq!(store.communes().await.unwrap().len(), 2, "a refused replacement keeps the old list");

    let codes = data::cpv_codes();
    assert_eq!(store.replace_cpv_codes(&codes).await.unwrap(), 4);
    let mut by_code = codes.clone();
    by_code.sort();
    assert_eq!(store.cpv_codes().await.unwrap(), by_code);
    assert_eq!(store.replace_cpv_codes(&codes[..1]).await.unwrap(), 1);
    assert_eq!(store.cpv_codes().await.unwrap(), codes[..1].to_vec());

    assert_eq!(store.replace_communes(&[]).await.unwrap(), 0);
    assert!(store.communes().await.unwrap().is_empty());
    assert_eq!(store.last_change().await.unwrap(), 0, "reference data is not a supplier change");
    store.close().await;
}

pub async fn reopening_keeps_data_and_migrations_are_idempotent(fx: Arc<Fixture>) {
    let first = fx.open().await;
    let written = first.upsert_suppliers(&data::varied_suppliers()).await.unwrap();
    first.replace_cpv_codes(&data::cpv_codes()).await.unwrap();
    first.close().await;

    // Opening runs the migrations again: twice in a row, and while another handle is open.
    let second = fx.open().await;
    let third = fx.open().await;
    for store in [&second, &third] {
        assert_eq!(store.suppliers().await.unwrap(), sorted(data::varied_suppliers()));
        assert_eq!(store.last_change().await.unwrap(), written.last_change);
        assert_eq!(store.cpv_codes().await.unwrap().len(), 4);
    }
    let next = third.upsert_suppliers(&[supplier(7)]).await.unwrap();
    assert!(next.last_change > written.last_change);
    assert_eq!(second.supplier(&siret(7)).await.unwrap(), Some(supplier(7)));
    second.close().await;
    third.close().await;
}

pub async fn concurrent_upserts_each_get_their_own_change(fx: Arc<Fixture>) {
    let store = fx.open().await;
    let tasks: Vec<_> = (0..4u64)
        .map(|t| {
            let store = store.clone();
            let batch: Vec<Supplier> = (t * 1_000..t * 1_000 + 500).map(supplier).collect();
            tokio::spawn(async move { store.upsert_suppliers(&batch).await })
        })
        .collect();
    let mut changes = Vec::new();
    for task in tasks {
        let done = task.await.unwrap().unwrap();
        assert_eq!(done.inserted, 500);
        changes.push(done.last_change);
    }
    changes.sort_unstable();
    changes.dedup();
    assert_eq!(changes.len(), 4, "each upsert has its own change number: {changes:?}");
    assert_eq!(store.last_change().await.unwrap(), changes[3]);
    assert_eq!(store.count_suppliers().await.unwrap(), 2_000);
    assert_eq!(store.suppliers_changed_after(changes[2]).await.unwrap().len(), 500);
    store.close().await;
}

pub async fn bulk_upsert_of_100_000_suppliers(fx: Arc<Fixture>) {
    const N: u64 = 100_000;
    let store = fx.open().await;
    let suppliers: Vec<Supplier> = (0..N).map(supplier).collect();

    let started = Instant::now();
    let first = store.upsert_suppliers(&suppliers).await.unwrap();
    let insert_time = started.elapsed();
    assert_eq!(first.inserted, N as usize);

    let mut suppliers = suppliers;
    for s in suppliers.iter_mut().step_by(100) {
        s.employees = Some(999);
    }
    let started = Instant::now();
    let second = store.upsert_suppliers(&suppliers).await.unwrap();
    let reimport_time = started.elapsed();
    assert_eq!((second.inserted, second.updated, second.unchanged), (0, 1_000, 99_000));

    let started = Instant::now();
    let all = store.suppliers().await.unwrap();
    let read_time = started.elapsed();
    assert_eq!(all.len(), N as usize);
    assert_eq!(store.suppliers_changed_after(first.last_change).await.unwrap().len(), 1_000);

    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "store {}: upsert of {N} new suppliers {insert_time:.2?}, re-upsert with 1% changed {reimport_time:.2?}, \
             read all {read_time:.2?}\n",
            fx.backend()
        )
        .as_bytes(),
    );
    // "Seconds, not minutes", with room for a debug build on a loaded machine.
    assert!(insert_time.as_secs() < 60 && reimport_time.as_secs() < 60, "too slow: {insert_time:?}, {reimport_time:?}");
    store.close().await;
}

/// The notices of `fixtures/notices/NAME`.
fn notices_of(name: &str) -> Vec<essor::notices::Notice> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/notices").join(name);
    essor::notices::read_path(&path).unwrap().notices
}

fn notice_query(departments: &[&str], cpv: &[&str], open_only: bool) -> essor::notices::search::NoticeQuery {
    essor::notices::search::NoticeQuery {
        text: String::new(),
        departments: departments.iter().map(|d| d.to_string()).collect(),
        cpv: cpv.iter().map(|c| essor::domain::Cpv::parse_prefix(c).unwrap()).collect(),
        open_only,
        today: "2024-04-10".parse().unwrap(),
        limit: 10,
    }
}

pub async fn notices_are_kept_once_corrected_and_closed(fx: Arc<Fixture>) {
    use essor::notices::procedure::ProcedureStatus;
    let store = fx.open().await;
    let cpv = essor::domain::CpvCatalogue::builtin();
    let key = "2024/S 040-104512";
    let notice = notices_of("ted-f02-nettoyage-evry.xml");

    let first = store.import_notices(&notice, cpv).await.unwrap();
    assert_eq!((first.inserted, first.updated, first.unchanged), (1, 0, 0));
    assert_eq!(first.procedures, [(key.to_string(), ProcedureStatus::Open)]);
    let again = store.import_notices(&notice, cpv).await.unwrap();
    assert_eq!((again.inserted, again.unchanged), (0, 1));
    assert!(again.procedures.is_empty(), "nothing to fold again");
    assert_eq!(store.count_notices().await.unwrap(), 1);

    // A batch that fails on its second notice leaves the store as it was.
    let mut broken = notices_of("ted-f14-rectificatif-evry.xml").remove(0);
    broken.id = String::new();
    let batch = [notices_of("ted-f14-rectificatif-evry.xml").remove(0), broken];
    assert!(store.import_notices(&batch, cpv).await.is_err());
    let stored = store.procedure(key).await.unwrap().unwrap();
    assert_eq!(stored.publications, [key]);
    assert_eq!(stored.notice.deadline.as_deref(), Some("2024-04-02T12:00:00"));

    store.import_notices(&notices_of("ted-f14-rectificatif-evry.xml"), cpv).await.unwrap();
    let corrected = store.procedure(key).await.unwrap().unwrap();
    assert_eq!(corrected.notice.deadline.as_deref(), Some("2024-04-16T12:00:00"));
    assert_eq!(corrected.status, ProcedureStatus::Open);
    let found = |departments: &'static [&'static str], codes: &'static [&'static str], open: bool| {
        let store = store.clone();
        async move { store.notice_candidates(&notice_query(departments, codes, open)).await.unwrap().len() }
    };
    assert_eq!(found(&["91"], &[], false).await, 1);
    assert_eq!(found(&["38", "93"], &[], false).await, 0);
    assert_eq!(found(&[], &["9091"], false).await, 1);
    assert_eq!(found(&[], &["5552"], false).await, 0);
    assert_eq!(found(&["91"], &["90911300"], true).await, 1, "open on 10 April: the time limit moved to the 16th");

    let closed = store.import_notices(&notices_of("ted-f03-attribution-evry.xml"), cpv).await.unwrap();
    assert_eq!(closed.procedures, [(key.to_string(), ProcedureStatus::Closed)]);
    let awarded = store.procedure(key).await.unwrap().unwrap();
    assert_eq!(awarded.status, ProcedureStatus::Closed);
    assert_eq!(awarded.publications.len(), 3);
    assert_eq!(found(&["91"], &[], true).await, 0);
    assert_eq!(store.count_notices().await.unwrap(), 1);
    store.close().await;
}

/// An alert of `siret` for lot `lot` of procedure `procedure`.
fn alert(siret: &str, procedure: &str, lot: &str) -> essor::alerts::Alert {
    essor::alerts::Alert {
        siret: siret.to_string(),
        supplier_name: "Fournisseur".into(),
        procedure_id: procedure.to_string(),
        notice_id: format!("{procedure}-avis"),
        lot_id: lot.to_string(),
        title: "Nettoyage des écoles".into(),
        notice_title: None,
        buyer: "Commune de Massy".into(),
        departments: vec!["91".into()],
        value_eur: Some(400_000.0),
        deadline: Some("2099-06-30T12:00:00+01:00".into()),
        reservation: Some(essor::domain::need::Reservation::Inclusive),
        eligible_under: Some(essor::domain::need::Reservation::Insertion),
        relevance: essor::alerts::AlertRelevance::Stated,
        rank: 1,
        why: vec![essor::alerts::AlertReason::Eligible { article: "L2113-14".into() }],
        link: None,
        too_large_alone: None,
        partners: Vec::new(),
    }
}

pub async fn alert_preferences_and_alerts_are_kept_once(fx: Arc<Fixture>) {
    use essor::alerts::{Frequency, Preferences};
    let store = fx.open().await;
    let one = siret(1);
    assert_eq!(store.alert_preferences(&one).await.unwrap(), None);
    let mut preferences = Preferences {
        frequency: Frequency::Weekly,
        departments: vec!["91".into(), "2A".into()],
        keywords: vec!["ménage".into()],
        cpv_prefixes: vec!["909".into()],
        min_value_eur: Some(25_000.5),
        reserved_only: true,
    };
    store.put_alert_preferences(&one, &preferences).await.unwrap();
    assert_eq!(store.alert_preferences(&one).await.unwrap().as_ref(), Some(&preferences));
    preferences.frequency = Frequency::Paused;
    store.put_alert_preferences(&one, &preferences).await.unwrap();
    let all = store.all_alert_preferences().await.unwrap();
    assert_eq!((all.len(), all.get(one.as_str())), (1, Some(&preferences)));

    let a = alert(one.as_str(), "proc-1", "LOT-0001");
    let b = alert(one.as_str(), "proc-1", "LOT-0002");
    let c = alert(siret(2).as_str(), "proc-1", "LOT-0001");
    assert_eq!(store.record_alerts(&[a.clone(), b.clone()]).await.unwrap(), 2);
    assert_eq!(store.record_alerts(&[a.clone(), b, c.clone()]).await.unwrap(), 1, "only the new one");
    assert_eq!(store.record_alerts(&[c]).await.unwrap(), 0);
    assert_eq!(store.count_alerts().await.unwrap(), 3);
    let keys = store.alert_keys().await.unwrap();
    assert!(keys.contains(&a.key()) && keys.len() == 3);

    // Sending: an e-mail queued with the alerts it carries marked sent, together or not at all.
    assert_eq!(store.unsent_alerts().await.unwrap().len(), 3);
    let mail = essor::mail::outgoing(
        &essor::mail::parse_mailbox("from", "alertes@essor.test").unwrap(),
        "a@essor.test",
        "Alertes",
        "texte",
        None,
    )
    .unwrap();
    let mut tx = store.begin_write().await.unwrap();
    tx.enqueue(&mail).await.unwrap();
    assert_eq!(tx.mark_alerts_sent(&[a.key()], 1_000).await.unwrap(), 1);
    tx.rollback().await.unwrap();
    assert_eq!(store.unsent_alerts().await.unwrap().len(), 3, "rolled back: nothing marked");
    let mut tx = store.begin_write().await.unwrap();
    tx.enqueue(&mail).await.unwrap();
    assert_eq!(tx.mark_alerts_sent(&[a.key(), a.key()], 1_000).await.unwrap(), 1, "marked once");
    tx.commit().await.unwrap();
    let unsent = store.unsent_alerts().await.unwrap();
    assert_eq!(unsent.len(), 2);
    assert!(unsent.iter().all(|u| u.key() != a.key()));
    assert_eq!(store.last_alert_mail().await.unwrap().get(one.as_str()), Some(&1_000));
    assert_eq!(store.outbox_entries().await.unwrap().len(), 1);
    store.close().await;
}
