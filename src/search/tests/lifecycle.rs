//! Writes, checkpoints, reopening and recovery of the index folder.

use std::fs;

use super::*;

#[test]
fn upsert_replaces_a_supplier_without_duplicating_it() {
    let index = index();
    assert_eq!(index.len(), 30);
    let lille = |index: &SupplierIndex| {
        let listing = search(index, SearchQuery { limit: 0, ..SearchQuery::default() });
        listing.facets.departments.iter().find(|d| d.key == "59").map_or(0, |d| d.count)
    };
    assert_eq!(lille(&index), 3);
    let mut renamed = catalogue().swap_remove(23); // supplier 24, "Atelier Bois Ardennes"
    renamed.name = "Menuiserie Solidaire des Ardennes".into();
    let newcomer = supplier(31, "Vélo Solidaire", &[Aci], "59350", "Réparation de vélos.", &[]);
    index.upsert(&[renamed.clone(), newcomer, renamed], 2, &ctx()).unwrap();
    assert_eq!(index.len(), 31);
    assert_eq!(index.checkpoint(), Some(2));
    // The cached counts of the unfiltered listing follow the new reader generation.
    assert_eq!(lille(&index), 4);
    assert_eq!(numbers(&search(&index, SearchQuery::text("menuiserie solidaire")))[0], 24);
    let by_siret = search(&index, SearchQuery::text(siret(24).as_str()));
    assert_eq!(by_siret.hits.iter().filter(|h| h.supplier.siret == siret(24)).count(), 1);
    assert_eq!(by_siret.hits[0].supplier.name, "Menuiserie Solidaire des Ardennes");
    let bois = search(&index, SearchQuery::text("atelier bois"));
    let names: Vec<&str> =
        bois.hits.iter().filter(|h| h.supplier.siret == siret(24)).map(|h| h.supplier.name.as_str()).collect();
    assert_eq!(names, vec!["Menuiserie Solidaire des Ardennes"]);
    assert_eq!(numbers(&search(&index, SearchQuery::text("vélos"))), vec![31]);
}

#[test]
fn several_segments_and_deletions_list_and_count_as_one_batch() {
    let whole = index();
    let split = SupplierIndex::in_memory().unwrap();
    let suppliers = catalogue();
    let (first, second) = suppliers.split_at(12);
    split.rebuild(first, 1, &ctx()).unwrap();
    split.upsert(second, 2, &ctx()).unwrap();
    // Rewriting suppliers of the first segment deletes their documents there.
    split.upsert(&first[..4], 3, &ctx()).unwrap();
    for query in [
        SearchQuery { limit: 100, ..SearchQuery::default() },
        SearchQuery { near: Some(evry()), limit: 100, ..SearchQuery::default() },
        SearchQuery { near: Some(evry()), radius_km: Some(40.0), limit: 100, ..SearchQuery::text("nettoyage") },
        SearchQuery { kinds: vec![Ei], limit: 100, ..SearchQuery::default() },
    ] {
        let (a, b) = (search(&whole, query.clone()), search(&split, query.clone()));
        assert_eq!(a.total, b.total, "{query:?}");
        assert_eq!(a.facets, b.facets, "{query:?}");
        let names = |r: &SearchResults| r.hits.iter().map(|h| h.supplier.name.clone()).collect::<Vec<_>>();
        if query.text.is_empty() && query.near.is_none() {
            assert_eq!(names(&a), names(&b), "{query:?}");
        } else if query.text.is_empty() {
            let km = |r: &SearchResults| r.hits.iter().map(|h| h.distance_km.map(|d| d.round())).collect::<Vec<_>>();
            assert_eq!(km(&a), km(&b), "{query:?}");
        } else {
            // BM25 statistics count deleted documents until segments merge: the same hits, in an
            // order that may differ.
            let sirets = |r: &SearchResults| {
                let mut s: Vec<String> = r.hits.iter().map(|h| h.supplier.siret.as_str().to_string()).collect();
                s.sort();
                s
            };
            assert_eq!(sirets(&a), sirets(&b), "{query:?}");
        }
    }
}

#[test]
fn rebuild_replaces_everything() {
    let index = index();
    let few: Vec<Supplier> = catalogue().into_iter().filter(|s| s.department == "91").collect();
    index.rebuild(&few, 7, &ctx()).unwrap();
    assert_eq!(index.len(), few.len() as u64);
    assert_eq!(index.checkpoint(), Some(7));
    assert_eq!(search(&index, SearchQuery::text("lyon")).total, 0);
    index.rebuild(&[], 8, &ctx()).unwrap();
    assert!(index.is_empty());
    assert_eq!(index.checkpoint(), Some(8));
}

#[test]
fn the_index_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<SupplierIndex>();
    let index = std::sync::Arc::new(index());
    let searches: Vec<_> = (0..4)
        .map(|_| {
            let index = index.clone();
            std::thread::spawn(move || index.search(&SearchQuery::text("nettoyage"), &ctx()).map(|r| r.total))
        })
        .collect();
    for s in searches {
        assert_eq!(s.join().unwrap().unwrap(), 11);
    }
}

#[test]
fn a_new_index_has_no_checkpoint() {
    let index = SupplierIndex::in_memory().unwrap();
    assert_eq!(index.checkpoint(), None);
    assert_eq!(index.len(), 0);
    assert_eq!(search(&index, SearchQuery::text("nettoyage")).total, 0);
}

#[test]
fn the_checkpoint_and_documents_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("search");
    {
        let index = SupplierIndex::open(&path).unwrap();
        assert_eq!(index.checkpoint(), None);
        index.rebuild(&catalogue(), 41, &ctx()).unwrap();
        index.upsert(&[supplier(32, "Nouvelle Régie", &[Ei], "91228", "Nettoyage.", &[])], 42, &ctx()).unwrap();
    }
    let index = SupplierIndex::open(&path).unwrap();
    assert_eq!(index.checkpoint(), Some(42));
    assert_eq!(index.len(), 31);
    let q = SearchQuery { near: Some(evry()), radius_km: Some(30.0), ..SearchQuery::text("nettoyage locaux") };
    assert!(search(&index, q).total >= 5);
}

#[test]
fn a_corrupt_folder_is_recreated_empty_and_other_files_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = SupplierIndex::open(dir.path()).unwrap();
        index.rebuild(&catalogue(), 3, &ctx()).unwrap();
    }
    fs::write(dir.path().join("notes.txt"), "à garder").unwrap();
    fs::write(dir.path().join("meta.json"), "{ pas du json").unwrap();
    let index = SupplierIndex::open(dir.path()).unwrap();
    assert_eq!(index.checkpoint(), None);
    assert_eq!(index.len(), 0);
    assert_eq!(fs::read_to_string(dir.path().join("notes.txt")).unwrap(), "à garder");
    // The recreated index works.
    index.rebuild(&catalogue(), 4, &ctx()).unwrap();
    assert_eq!(index.len(), 30);
}

#[test]
fn a_missing_segment_file_is_recreated_empty() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = SupplierIndex::open(dir.path()).unwrap();
        index.rebuild(&catalogue(), 3, &ctx()).unwrap();
    }
    for entry in fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "idx") {
            fs::remove_file(path).unwrap();
        }
    }
    let index = SupplierIndex::open(dir.path()).unwrap();
    assert_eq!((index.checkpoint(), index.len()), (None, 0));
}

#[test]
fn an_index_with_another_schema_is_recreated_empty() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut builder = tantivy::schema::Schema::builder();
        let title = builder.add_text_field("title", tantivy::schema::TEXT | tantivy::schema::STORED);
        let other = tantivy::Index::create_in_dir(dir.path(), builder.build()).unwrap();
        let mut writer: tantivy::IndexWriter = other.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.add_document(tantivy::doc!(title => "ancien index")).unwrap();
        writer.commit().unwrap();
    }
    let index = SupplierIndex::open(dir.path()).unwrap();
    assert_eq!((index.checkpoint(), index.len()), (None, 0));
    index.rebuild(&catalogue(), 5, &ctx()).unwrap();
    assert_eq!(SupplierIndex::open(dir.path()).unwrap().checkpoint(), Some(5));
}

#[test]
fn an_unknown_layout_asks_for_a_rebuild() {
    let index = index();
    let mut writer: tantivy::IndexWriter = index.index.writer_with_num_threads(1, 15_000_000).unwrap();
    let mut commit = writer.prepare_commit().unwrap();
    commit.set_payload(r#"{"layout": 0, "checkpoint": 9}"#);
    commit.commit().unwrap();
    assert_eq!(index.checkpoint(), None);
}
