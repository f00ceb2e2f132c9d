use serde_json::{Value, json};

use super::*;
use crate::domain::need::{EffectiveLot, Place};
use crate::domain::{Cpv, CpvCatalogue};
use crate::domain::{Gazetteer, Kind, Supplier};
use crate::law::LawConfig;
use crate::matching::features::{FeatureTable, SupplierFeatures};
use crate::matching::report::Reason;

fn table(records: &[Value]) -> FeatureTable {
    let suppliers: Vec<Supplier> =
        records.iter().map(|r| Supplier::from_record(r.as_object().unwrap(), Gazetteer::builtin()).unwrap()).collect();
    FeatureTable::build(suppliers, Gazetteer::builtin(), Taxonomy::builtin(), &LawConfig::default())
}

fn siret(n: u32) -> String {
    crate::domain::siret::with_luhn_digit(&format!("8{n:012}"))
}

/// The row of the `i`-th supplier given to [`table`] (from 0; the table keeps its own order).
fn nth(t: &FeatureTable, i: u32) -> &SupplierFeatures {
    t.row(t.id_of(&siret(i + 1)).unwrap())
}

fn supplier(n: u32, department: &str, lat: f64, lon: f64, extra: Value) -> Value {
    let siret = siret(n);
    let mut v = json!({"siret": siret, "name": format!("Structure {n}"), "kinds": ["EI"], "post_code": format!("{department}000"),
        "city": "Ville", "department": department, "lat": lat, "lon": lon});
    for (k, val) in extra.as_object().unwrap() {
        v[k] = val.clone();
    }
    v
}

fn lot(title: &str, cpv: &[&str], place: Option<Place>) -> LotProfile {
    let lot = EffectiveLot {
        id: None,
        title: title.to_string(),
        description: None,
        cpv: cpv.iter().map(|c| Cpv::parse(c).unwrap()).collect(),
        place,
        estimated_value_eur: None,
        duration_months: None,
        reservation: None,
    };
    LotProfile::new(lot, Gazetteer::builtin(), Taxonomy::builtin(), CpvCatalogue::builtin())
}

#[test]
fn the_place_must_fall_in_the_intervention_zone() {
    let t = table(&[
        supplier(1, "91", 48.63, 2.44, json!({})),
        supplier(2, "69", 45.76, 4.83, json!({})),
        supplier(3, "69", 45.76, 4.83, json!({"intervention": {"national": true}})),
        supplier(4, "69", 45.76, 4.83, json!({"intervention": {"departments": ["91"]}})),
        supplier(5, "69", 45.76, 4.83, json!({"intervention": {"regions": ["11"]}})),
        supplier(6, "69", 45.76, 4.83, json!({"intervention": {"radius_km": 600}})),
    ]);
    let essonne = lot("Nettoyage", &["90911200"], Some(Place::Department("91".into())));
    let place = essonne.place.as_ref();
    let reached: Vec<bool> = (0..6).map(|i| reach(nth(&t, i), place).is_some()).collect();
    assert_eq!(reached, vec![true, false, true, true, true, true]);
    assert!(reach(nth(&t, 0), place).unwrap().same_department);
    assert!(reach(nth(&t, 1), None).is_some(), "sans lieu, tout le monde est à portée");
}

#[test]
fn cpv_proximity_follows_the_hierarchy() {
    let t = table(&[
        supplier(1, "91", 48.63, 2.44, json!({"cpv": ["90911200"]})),
        supplier(2, "91", 48.63, 2.44, json!({"cpv": ["90919000"]})),
        supplier(3, "91", 48.63, 2.44, json!({"cpv": ["90500000"]})),
    ]);
    let l = lot("Prestation", &["90911200"], None);
    let weights = Weights::default();
    let ctx = ScoreContext { weights: &weights, taxonomy: Taxonomy::builtin() };
    let here = Reach { distance_km: None, same_department: false };
    let scores: Vec<f64> =
        (0..3).map(|i| score(&l, nth(&t, i), TextMatch::default(), here, ctx, false).score).collect();
    assert!(scores[0] > scores[1] && scores[1] > scores[2], "{scores:?}");
    let reasons = score(&l, nth(&t, 0), TextMatch::default(), here, ctx, true).reasons;
    assert!(reasons.iter().any(|r| matches!(r, Reason::DeclaredCpv { level: CpvLevel::Code, .. })), "{reasons:?}");
    assert!(level_value(CpvLevel::Code) > level_value(CpvLevel::Category));
    assert!(level_value(CpvLevel::Group) > level_value(CpvLevel::Division));
}

#[test]
fn nearer_scores_higher_and_a_lot_without_cpv_gets_one_from_its_words() {
    let t = table(&[supplier(1, "91", 48.63, 2.44, json!({})), supplier(2, "91", 48.40, 2.20, json!({}))]);
    let l = lot("Entretien des espaces verts", &[], Some(Place::Commune("91228".into())));
    assert!(l.cpv_inferred.as_ref().is_some_and(|i| i.code.as_str().starts_with("77")), "{:?}", l.cpv_inferred);
    let weights = Weights::default();
    let ctx = ScoreContext { weights: &weights, taxonomy: Taxonomy::builtin() };
    let near = score(&l, nth(&t, 0), TextMatch::default(), reach(nth(&t, 0), l.place.as_ref()).unwrap(), ctx, false);
    let far = score(&l, nth(&t, 1), TextMatch::default(), reach(nth(&t, 1), l.place.as_ref()).unwrap(), ctx, false);
    assert!(near.score > far.score, "{near:?} {far:?}");
}

#[test]
fn a_chantier_whose_name_gives_another_trade_stays_possible_but_an_insertion_company_does_not() {
    // The names read as horticulture (« serres ») and care (« soins »): the carrying body's trade.
    let lycee = json!({"name": "EPLEFPA Olivier de Serres", "kinds": ["ACI"], "naf": "8532Z"});
    let mutual = json!({"name": "Mutualité Services Soins", "kinds": ["ACI"], "naf": "8559A"});
    let company = json!({"name": "Mutualité Services Soins", "kinds": ["EI"], "naf": "8559A"});
    let described = json!({"name": "Mutualité Services Soins", "kinds": ["ACI"], "naf": "8559A",
        "description": "Soins infirmiers à domicile"});
    let t = table(&[
        supplier(1, "91", 48.63, 2.44, lycee),
        supplier(2, "91", 48.63, 2.44, mutual),
        supplier(3, "91", 48.63, 2.44, company),
        supplier(4, "91", 48.63, 2.44, described),
    ]);
    let l = lot("Entretien des espaces verts", &["77310000"], Some(Place::Commune("91228".into())));
    let weights = Weights::default();
    let ctx = ScoreContext { weights: &weights, taxonomy: Taxonomy::builtin() };
    let scored =
        |i| score(&l, nth(&t, i), TextMatch::default(), reach(nth(&t, i), l.place.as_ref()).unwrap(), ctx, true);
    for i in [0, 1] {
        let s = scored(i);
        assert!(nth(&t, i).trade_known, "row {i} names a trade");
        assert_eq!(s.relevance, Relevance::Presumed, "row {i}: {s:?}");
        assert_eq!(s.detail.kind, weights.kind * 0.5, "a possible presumption, row {i}");
        assert!(s.reasons.iter().any(|r| matches!(r, Reason::OtherWorkshop { kind: Kind::Aci, .. })), "{s:?}");
    }
    assert_eq!(scored(2).relevance, Relevance::Nearby, "an EI's name is its own trade");
    assert_eq!(scored(3).relevance, Relevance::Nearby, "a described record says what it does");
}

#[test]
fn a_record_that_says_little_counts_its_words_once() {
    // « Propreté » in the name gives the text hit, the cleaning sector and that sector's CPV codes.
    let thin = json!({"name": "Propreté Services", "kinds": ["EI"], "naf": "8121Z"});
    let described = json!({"name": "Propreté Services", "kinds": ["EI"], "naf": "8121Z",
        "description": "Nettoyage de bureaux et de locaux"});
    let t = table(&[supplier(1, "91", 48.63, 2.44, thin), supplier(2, "91", 48.63, 2.44, described)]);
    let l = lot("Nettoyage des locaux", &["90910000"], Some(Place::Commune("91228".into())));
    let weights = Weights::default();
    let ctx = ScoreContext { weights: &weights, taxonomy: Taxonomy::builtin() };
    let scored = |i, share| {
        score(
            &l,
            nth(&t, i),
            TextMatch { share, evidence: true },
            reach(nth(&t, i), l.place.as_ref()).unwrap(),
            ctx,
            true,
        )
    };
    let thin = scored(0, 0.8).detail;
    let parts = [thin.text, thin.sector_cpv, thin.sector];
    assert_eq!(parts.iter().filter(|p| **p > 0.0).count(), 1, "{thin:?}");
    assert_eq!(thin.text, weights.text * 0.8, "the strongest is kept: {thin:?}");
    let described = scored(1, 0.8).detail;
    assert!(described.sector > 0.0 && described.text > 0.0, "{described:?}");
    assert_eq!(scored(0, 0.0).relevance, Relevance::Stated, "its sector still says it does the work");
}
