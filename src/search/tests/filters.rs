//! Filters, geographic radius and facet counts.

use super::*;
use crate::domain::Cpv;

fn count(facets: &[crate::search::FacetCount], key: &str) -> u64 {
    facets.iter().find(|f| f.key == key).map_or(0, |f| f.count)
}

#[test]
fn facets_count_the_whole_filtered_result_with_labels() {
    let index = index();
    let r = search(&index, SearchQuery { limit: 2, ..SearchQuery::text("nettoyage") });
    assert_eq!(r.hits.len(), 2);
    // The ten cleaners, and the window cleaner 23 through its sector label "Nettoyage de vitres".
    assert_eq!(r.total, 11);
    // Kinds: a supplier with two kinds counts in both.
    let kinds = &r.facets.kinds;
    assert_eq!(count(kinds, "EI"), 5); // 1, 2, 7, 9, 23
    assert_eq!(count(kinds, "ACI"), 3); // 2, 4, 6
    let ei = kinds.iter().find(|f| f.key == "EI").unwrap();
    assert_eq!(ei.label, "Entreprise d'insertion");
    assert!(kinds.windows(2).all(|w| w[0].count >= w[1].count), "{kinds:?}");
    // Sectors, including the inferred one of supplier 2.
    assert_eq!(count(&r.facets.sectors, "nettoyage-locaux"), 10);
    assert_eq!(count(&r.facets.sectors, "vitrerie"), 2);
    let sector = r.facets.sectors.iter().find(|f| f.key == "nettoyage-locaux").unwrap();
    assert_eq!(sector.label, "Nettoyage de locaux");
    // Départements, with their names, most frequent first.
    let departments = &r.facets.departments;
    assert_eq!(departments[0].key, "91");
    assert_eq!(departments[0].label, "Essonne");
    assert_eq!(departments[0].count, 6);
    assert_eq!(count(departments, "75"), 1);
    assert_eq!(departments.iter().map(|d| d.count).sum::<u64>(), r.total as u64);
}

#[test]
fn limit_zero_gives_totals_and_facets_only() {
    let index = index();
    let r = search(&index, SearchQuery { limit: 0, ..SearchQuery::default() });
    assert!(r.hits.is_empty());
    assert_eq!(r.total, 30);
    assert_eq!(r.facets.departments.iter().map(|d| d.count).sum::<u64>(), 30);
    let page = search(&index, SearchQuery { limit: 5, offset: 28, ..SearchQuery::default() });
    assert_eq!(page.hits.len(), 2);
}

#[test]
fn radius_keeps_what_is_inside_and_fills_the_distance() {
    let index = index();
    let q = |km: f64| SearchQuery { near: Some(evry()), radius_km: Some(km), limit: 100, ..SearchQuery::default() };
    let close = search(&index, q(5.0));
    let mut found = numbers(&close);
    found.sort_unstable();
    // Évry (1, 11, 12), Corbeil (2, 14), Ris-Orangis (3), Grigny (4).
    assert_eq!(found, vec![1, 2, 3, 4, 11, 12, 14]);
    for hit in &close.hits {
        let expected = evry().distance_km(
            hit.supplier
                .location
                .unwrap_or_else(|| GAZETTEER.commune(hit.supplier.commune_insee.as_deref().unwrap()).unwrap().centre),
        );
        assert!((hit.distance_km.unwrap() - expected).abs() < 1e-9);
    }
    let wider = numbers(&search(&index, q(30.0)));
    assert!(wider.contains(&5) && wider.contains(&7) && !wider.contains(&6), "{wider:?}");
    assert_eq!(search(&index, q(1000.0)).total, 30);
}

#[test]
fn radius_keeps_exactly_the_suppliers_within_the_distance() {
    let index = index();
    let centres = [
        evry(),
        GeoPoint { lat: 45.7, lon: 4.8 },
        GeoPoint { lat: 89.9, lon: 0.0 },
        GeoPoint { lat: 48.0, lon: 179.9 },
    ];
    for centre in centres {
        let all = search(&index, SearchQuery { near: Some(centre), limit: 100, ..SearchQuery::default() });
        assert_eq!(all.total, 30);
        for km in [0.5, 3.0, 4.2, 12.0, 30.0, 95.0, 400.0, 5000.0, 30000.0] {
            let mut expected: Vec<u64> = numbers(&all)
                .into_iter()
                .zip(&all.hits)
                .filter(|(_, h)| h.distance_km.is_some_and(|d| d <= km))
                .map(|(n, _)| n)
                .collect();
            expected.sort_unstable();
            let q = SearchQuery { near: Some(centre), radius_km: Some(km), limit: 100, ..SearchQuery::default() };
            let mut found = numbers(&search(&index, q));
            found.sort_unstable();
            assert_eq!(found, expected, "{km} km around {centre:?}");
        }
    }
}

#[test]
fn kind_sector_department_and_cpv_filters() {
    let index = index();
    let all = |q: SearchQuery| {
        let mut n = numbers(&search(&index, SearchQuery { limit: 100, ..q }));
        n.sort_unstable();
        n
    };
    assert_eq!(all(SearchQuery { kinds: vec![Esat], ..SearchQuery::default() }), vec![10, 13, 15, 27]);
    assert_eq!(all(SearchQuery { kinds: vec![Ea, Scop], ..SearchQuery::default() }), vec![5, 18, 19, 24]);
    assert_eq!(all(SearchQuery { sectors: vec!["vitrerie".into()], ..SearchQuery::default() }), vec![4, 23]);
    let family = all(SearchQuery { sectors: vec!["proprete".into()], ..SearchQuery::default() });
    assert_eq!(family, vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 23]);
    assert_eq!(all(SearchQuery { departments: vec!["8".into()], ..SearchQuery::default() }), vec![17, 24, 29]);
    let cpv = |c: &str| vec![Cpv::parse_prefix(c).unwrap()];
    assert_eq!(all(SearchQuery { cpv: cpv("9091"), ..SearchQuery::default() }), vec![2]);
    assert_eq!(all(SearchQuery { cpv: cpv("90911200-8"), ..SearchQuery::default() }), vec![2]);
    assert!(all(SearchQuery { cpv: cpv("909113"), ..SearchQuery::default() }).is_empty());
    let combined = SearchQuery {
        kinds: vec![Aci],
        departments: vec!["91".into(), "08".into()],
        sectors: vec!["collecte-cartons".into()],
        ..SearchQuery::text("cartons")
    };
    assert_eq!(all(combined), vec![14, 29]);
}

#[test]
fn filter_reasons_are_given() {
    let index = index();
    let q = SearchQuery {
        kinds: vec![Ei],
        departments: vec!["91".into()],
        cpv: vec![Cpv::parse_prefix("9091").unwrap()],
        sectors: vec!["proprete".into()],
        ..SearchQuery::default()
    };
    let r = search(&index, q);
    assert_eq!(numbers(&r), vec![2]);
    let why = &why(&r.hits[0]);
    assert!(why.contains(&"statut : Entreprise d'insertion (EI)".to_string()), "{why:?}");
    assert!(why.contains(&"département 91 (Essonne)".to_string()), "{why:?}");
    assert!(why.contains(&"CPV 90911200 : Services de nettoyage de bâtiments".to_string()), "{why:?}");
    assert!(why.contains(&"secteur : Nettoyage de locaux".to_string()), "{why:?}");
}

#[test]
fn filters_the_index_does_not_know_match_nothing_and_pages_stay_bounded() {
    let index = index();
    let none = |q: SearchQuery| search(&index, SearchQuery { limit: 100, ..q }).total;
    assert_eq!(none(SearchQuery { sectors: vec!["plomberie".into()], ..SearchQuery::default() }), 0);
    assert_eq!(none(SearchQuery { departments: vec!["99".into()], ..SearchQuery::default() }), 0);
    let beyond = search(&index, SearchQuery { offset: usize::MAX, ..SearchQuery::default() });
    assert!(beyond.hits.is_empty());
    let wide = search(&index, SearchQuery { limit: 5000, ..SearchQuery::default() });
    assert_eq!(wide.hits.len(), wide.total.min(crate::search::MAX_LIMIT));
}

#[test]
fn a_search_reads_from_json_with_defaults() {
    let q: SearchQuery =
        serde_json::from_str(r#"{"text": "repas", "kinds": ["EI", "ea"], "near": {"lat": 48.63, "lon": 2.44}}"#)
            .unwrap();
    assert_eq!(q.kinds, vec![Ei, Ea]);
    assert_eq!((q.limit, q.offset, q.radius_km), (crate::search::DEFAULT_LIMIT, 0, None));
    let mut found = numbers(&search(&index(), q));
    found.sort_unstable();
    // The EI and EA caterers; "Toulouse Repas" is a SCOP. No typo match on the short stem of "repas".
    assert_eq!(found, vec![12, 18, 26]);
}
