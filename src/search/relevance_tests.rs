//! The scores added up from the postings are those of the generic query, on the example catalogue
//! spread over two segments with replaced (deleted) documents.

use super::*;
use crate::domain::Supplier;
use crate::search::ranking::score_candidates;

/// The example catalogue shipped in `fixtures/` (2 048 suppliers, most of them generated).
fn example_catalogue() -> Vec<Supplier> {
    let text = include_str!("../../fixtures/suppliers.jsonl");
    let path = std::path::Path::new("fixtures/suppliers.jsonl");
    crate::ingest::suppliers::read_jsonl(path, text, crate::domain::Gazetteer::builtin())
        .expect("catalogue d'exemple")
        .suppliers
}

fn generic(
    relevance: &TextRelevance,
    text: &str,
    departments: &[String],
    limit: usize,
    ctx: &IndexContext,
) -> Vec<(Score, DocAddress)> {
    let filters = Filters { departments: departments.to_vec(), ..Filters::default() };
    let prepared = build_query(&relevance.fields, text, filters, None, Synonyms::Left, ctx);
    let ranked = score_candidates(&relevance.searcher, &prepared, 0..limit, false).expect("recherche");
    ranked.candidates.iter().map(|c| (c.score, c.address)).collect()
}

#[test]
fn scores_from_the_postings_are_those_of_the_generic_query() {
    let ctx = IndexContext::builtin();
    let suppliers = example_catalogue();
    let index = SupplierIndex::in_memory().expect("index");
    index.rebuild(&suppliers[..1400], 1, &ctx).expect("indexation");
    index.upsert(&suppliers[1000..], 2, &ctx).expect("mise à jour");
    let relevance = index.text_relevance().expect("instantané");
    assert!(relevance.searcher.segment_readers().len() >= 2);
    let texts = [
        "Nettoyage des locaux administratifs nettoyage de bureaux",
        "Entretien des espaces verts et élagage aménagement paysager",
        "Restauration collective des écoles",
        "Confection de tee-shirts T-shirts",
        "Mise à disposition de personnel d'entretien",
        "blanchisserie",
        "zzqxw nettoyage",
    ];
    let places: [&[&str]; 4] = [&[], &["91", "75", "92", "93", "94", "77", "78", "95"], &["13"], &["zz"]];
    let sets: Vec<Vec<String>> = places.iter().map(|p| p.iter().map(|d| d.to_string()).collect()).collect();
    for text in texts {
        let words = distinct_words(text);
        assert!(only_word_clauses(text, &words), "{text}");
        for limit in [1, 10, 300] {
            // Every set read at once gives each set's list of the generic query.
            let together = relevance.by_postings(&words, &sets, limit, &ctx).expect("postings");
            for (departments, fast) in sets.iter().zip(together) {
                let slow = generic(&relevance, text, departments, limit, &ctx);
                assert_eq!(fast, slow, "{text} {departments:?} {limit}");
            }
            // And without the sets holding every document.
            let narrow = &sets[1..];
            let together = relevance.by_postings(&words, narrow, limit, &ctx).expect("postings");
            for (departments, fast) in narrow.iter().zip(together) {
                assert_eq!(fast, generic(&relevance, text, departments, limit, &ctx), "{text} {departments:?} {limit}");
            }
        }
    }
}

#[test]
fn a_word_in_the_text_of_most_suppliers_counts_only_in_names() {
    let ctx = IndexContext::builtin();
    let suppliers = example_catalogue();
    let index = SupplierIndex::in_memory().expect("index");
    index.rebuild(&suppliers, 1, &ctx).expect("indexation");
    let relevance = index.text_relevance().expect("instantané");
    let words = distinct_words("services");
    let [word] = words.as_slice() else { panic!("{words:?}") };
    let in_text = relevance.doc_freq(&Term::from_field_text(relevance.fields.text, &word.stem)).expect("fréquence");
    let in_names = relevance.doc_freq(&Term::from_field_text(relevance.fields.name, &word.folded)).expect("fréquence");
    let half = suppliers.len() as u64 / 2;
    assert!(in_text > half && in_names < half, "{in_text} {in_names}");
    let hits = relevance.by_postings(&words, &[Vec::new()], 2000, &ctx).expect("postings");
    assert_eq!(hits[0].len() as u64, in_names);
}

#[test]
fn phrases_and_sirets_take_the_generic_query() {
    for text in ["\"espaces verts\" tonte", "12345678901234 nettoyage"] {
        assert!(!only_word_clauses(text, &distinct_words(text)), "{text}");
    }
}
