//! Text relevance, typos, distance and the reasons given.

use super::*;

#[test]
fn cleaning_near_evry_returns_the_essonne_cleaners_first() {
    let index = index();
    let q = SearchQuery { near: Some(evry()), radius_km: Some(30.0), ..SearchQuery::text("nettoyage locaux") };
    let r = search(&index, q);
    let found = numbers(&r);
    let mut top: Vec<u64> = found[..ESSONNE_CLEANERS.len()].to_vec();
    top.sort_unstable();
    assert_eq!(top, ESSONNE_CLEANERS, "{found:?}");
    // Paris and Montreuil are within 30 km, after the Essonne; Dourdan (34 km), Lyon and Lille are not.
    assert!(found.contains(&7) && found.contains(&8), "{found:?}");
    for far in [6, 9, 10] {
        assert!(!found.contains(&far), "{far} in {found:?}");
    }
    for hit in &r.hits {
        let km = hit.distance_km.unwrap();
        assert!(km <= 30.0, "{km}");
    }
    let scores: Vec<f32> = r.hits.iter().map(|h| h.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn accents_case_and_plurals_do_not_change_the_results() {
    let index = index();
    let reference = numbers(&search(&index, SearchQuery::text("nettoyage des locaux")));
    assert!(reference.len() >= 10, "{reference:?}");
    for variant in ["NETTOYAGE LOCAUX", "nettoyage de local", "Nettoyâge des locaux"] {
        assert_eq!(numbers(&search(&index, SearchQuery::text(variant))), reference, "{variant}");
    }
}

#[test]
fn name_matches_rank_above_text_matches() {
    let index = index();
    let r = search(&index, SearchQuery::text("textile"));
    // "Les Ateliers du Textile" has it in its name; the other tailors only through their sector.
    let found = numbers(&r);
    assert_eq!(found[0], 15, "{found:?}");
    assert!(found.contains(&16) && found.contains(&28), "{found:?}");
}

#[test]
fn a_typo_still_finds_with_an_explanation() {
    let index = index();
    let r = search(&index, SearchQuery::text("netoyage"));
    let found = numbers(&r);
    for n in ESSONNE_CLEANERS {
        assert!(found.contains(&n), "{n} not in {found:?}");
    }
    assert!(
        why(&r.hits[0]).iter().any(|w| w == "texte (orthographe approchée) : « netoyage »"),
        "{:?}",
        why(&r.hits[0])
    );
    // A short word is never looked up with a typo.
    assert_eq!(search(&index, SearchQuery::text("bosi")).total, 0);
}

#[test]
fn a_typo_ranks_like_the_word_spelled_right() {
    let index = index();
    let typed = search(&index, SearchQuery { limit: 5, ..SearchQuery::text("netoyage") });
    let right = search(&index, SearchQuery { limit: 5, ..SearchQuery::text("nettoyage") });
    // The terms one typo away score with BM25: the same suppliers lead, in the same order.
    assert_eq!(numbers(&typed), numbers(&right));
    let scores: Vec<f32> = typed.hits.iter().map(|h| h.score).collect();
    assert!(scores.windows(2).any(|w| w[0] > w[1]), "{scores:?}");
}

#[test]
fn query_syntax_is_never_an_error() {
    let index = index();
    for text in [
        "\"nettoyage des locaux\" (écoles)",
        "nettoyage: locaux -bureaux AND OR NOT",
        "espaces-verts [tonte] {élagage} ^2 ~ * ? \\ / ' \"",
        "siret:123 title:(a OR b)",
        "\"",
    ] {
        assert!(index.search(&SearchQuery::text(text), &ctx()).is_ok(), "{text}");
    }
    let phrase = search(&index, SearchQuery::text("\"espaces verts\""));
    assert!(numbers(&phrase).contains(&11));
}

#[test]
fn a_siret_typed_in_the_text_finds_its_supplier() {
    let index = index();
    let r = search(&index, SearchQuery::text(siret(24).as_str()));
    assert_eq!(numbers(&r)[0], 24);
}

#[test]
fn empty_text_lists_by_name_or_by_distance() {
    let index = index();
    let r = search(&index, SearchQuery { limit: 100, ..SearchQuery::default() });
    assert_eq!(r.total, 30);
    let names: Vec<String> = r.hits.iter().map(|h| crate::domain::text::fold(&h.supplier.name)).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);

    let near = search(&index, SearchQuery { near: Some(evry()), limit: 100, ..SearchQuery::default() });
    assert_eq!(near.total, 30);
    let km: Vec<f64> = near.hits.iter().map(|h| h.distance_km.unwrap()).collect();
    assert!(km.windows(2).all(|w| w[0] <= w[1] + 1e-9), "{km:?}");
    // The Évry caterer sits at the commune centre, the very point of the search.
    assert_eq!(numbers(&near)[..2], [12, 1]);
}

#[test]
fn why_gives_matched_words_sector_and_distance() {
    let index = index();
    let q = SearchQuery { near: Some(evry()), radius_km: Some(30.0), ..SearchQuery::text("nettoyage des locaux") };
    let r = search(&index, q);
    let massy = r.hits.iter().find(|h| h.supplier.siret == siret(5)).unwrap();
    assert_eq!(why(massy)[0], "texte : « nettoyage », « locaux »");
    assert!(why(massy).contains(&"secteur : Nettoyage de locaux".to_string()), "{:?}", why(massy));
    assert!(why(massy).contains(&"à 17 km".to_string()), "{:?}", why(massy));
    // Corbeil has no coordinates of its own: placed at its commune centre.
    let corbeil = r.hits.iter().find(|h| h.supplier.siret == siret(2)).unwrap();
    assert!(why(corbeil).contains(&"à 3 km (position approchée)".to_string()), "{:?}", why(corbeil));
}

#[test]
fn hits_serialize_as_records_with_score_and_effective_sectors() {
    let index = index();
    let q = SearchQuery { near: Some(evry()), ..SearchQuery::text("régie corbeil") };
    let r = search(&index, q);
    let json = serde_json::to_value(crate::wording::search::results_view(&r)).unwrap();
    let hit = &json["hits"][0];
    assert_eq!(hit["siret"], siret(2).as_str());
    assert_eq!(hit["name"], "Régie de quartier de Corbeil");
    assert_eq!(hit["kinds"], serde_json::json!(["EI", "ACI"]));
    // Declared no sector: inferred from its CPV code and description.
    assert_eq!(hit["sectors"], serde_json::json!(["nettoyage-locaux"]));
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    assert!(hit["distance_km"].as_f64().unwrap() < 5.0);
    assert!(hit["why"].as_array().is_some_and(|w| !w.is_empty()));
    assert!(json["facets"]["kinds"].is_array());
}

#[test]
fn the_nearest_of_the_whole_index_are_those_scoring_every_document_gives() {
    use crate::search::query::{Filters, build_query};
    use crate::search::ranking::score_candidates;
    let index = index();
    // Replacing a few suppliers leaves deleted documents behind.
    let replaced: Vec<Supplier> = catalogue().into_iter().take(4).collect();
    index.upsert(&replaced, 2, &ctx()).unwrap();
    let searcher = index.searcher();
    let lyon = GeoPoint { lat: 45.764, lon: 4.836 };
    for origin in [evry(), lyon, GeoPoint { lat: -21.1, lon: 55.5 }] {
        let filters = Filters { near: Some(origin), ..Filters::default() };
        let prepared = build_query(index.fields(), "", filters, None, crate::search::Synonyms::LookedUp, &ctx());
        for page in [0..5, 0..30, 3..13, 25..40, 0..0] {
            let fast = score_candidates(&searcher, &prepared, page.clone(), false).unwrap();
            let every = score_candidates(&searcher, &prepared, page.clone(), true).unwrap();
            assert_eq!(fast.total, every.total);
            assert_eq!(fast.candidates, every.candidates, "{origin:?} {page:?}");
        }
    }
}

#[test]
fn plural_and_singular_names_rank_alike() {
    let suppliers = vec![
        supplier(31, "SARL Chantier Vert", &[Ei], "91228", "Petits travaux de maçonnerie.", &[]),
        supplier(32, "SCOP Espaces Verts", &[Scop], "91174", "Tonte et taille de haies.", &[]),
        supplier(33, "Atelier de l'Espace", &[Aci], "91521", "Couture.", &[]),
    ];
    let index = SupplierIndex::in_memory().unwrap();
    index.rebuild(&suppliers, 1, &ctx()).unwrap();
    let plural = numbers(&search(&index, SearchQuery::text("espaces verts")));
    assert_eq!(plural.first(), Some(&32), "{plural:?}");
    for variant in ["espace vert", "ESPACE VERT", "Espaces Vert"] {
        assert_eq!(numbers(&search(&index, SearchQuery::text(variant))), plural, "{variant}");
    }
}

#[test]
fn synonyms_find_suppliers_described_with_other_words_below_the_words_typed() {
    let thesaurus =
        crate::domain::Thesaurus::parse("group\tterms\nespaces-verts\tjardinage|espaces verts|paysagiste\n");
    let taxonomy = TAXONOMY.clone().with_thesaurus(thesaurus);
    let with_synonyms = IndexContext { taxonomy: &taxonomy, ..ctx() };
    let suppliers = vec![
        supplier(35, "Régie de Corbeil", &[Ei], "91174", "Entretien des espaces verts et tonte.", &[]),
        supplier(36, "Atelier Jardinage Solidaire", &[Aci], "91228", "Potager partagé.", &[]),
        supplier(37, "Sillons de l'Orge", &[Scop], "91521", "Paysagiste.", &[]),
        supplier(38, "Net Plus", &[Ei], "91286", "Nettoyage de bureaux.", &[]),
        supplier(39, "Vert Horizon", &[Ei], "91377", "Espaces de coworking.", &[]),
    ];
    let index = SupplierIndex::in_memory().unwrap();
    index.rebuild(&suppliers, 1, &with_synonyms).unwrap();
    let found = index.search(&SearchQuery::text("jardinage"), &with_synonyms).unwrap();
    let order = numbers(&found);
    assert_eq!(order.first(), Some(&36), "the word typed first: {order:?}");
    let mut rest = order[1..].to_vec();
    rest.sort_unstable();
    // A synonym of several words is found only with all of them.
    assert_eq!(rest, vec![35, 37], "{order:?}");
    let corbeil = found.hits.iter().find(|h| h.supplier.siret == siret(35)).unwrap();
    assert!(
        why(corbeil).contains(&"texte : « espaces verts » (synonyme de « jardinage »)".to_string()),
        "{:?}",
        why(corbeil)
    );
    assert!(why(corbeil).contains(&"secteur : Entretien d'espaces verts".to_string()), "{:?}", why(corbeil));
    // Without the thesaurus, only the word typed.
    assert_eq!(numbers(&index.search(&SearchQuery::text("jardinage"), &ctx()).unwrap()), vec![36]);
}
