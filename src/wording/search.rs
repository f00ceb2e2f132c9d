//! The reasons a supplier is a hit of a search, in short French sentences, and the results as
//! `essor search --format json|jsonl` and `GET /api/suppliers/search` print them.

use serde::ser::{Serialize, Serializer};
use serde_json::Value;

use crate::search::{Facets, HitReason, SearchHit, SearchResults};

/// The results of a search, as printed.
#[derive(Debug, serde::Serialize)]
pub struct ResultsView<'a> {
    /// Number of suppliers matching (all pages).
    pub total: usize,
    /// The requested page, best first.
    pub hits: Vec<HitView<'a>>,
    /// Counts per kind, sector and département.
    pub facets: &'a Facets,
}

/// One hit, printed as the supplier's import record with `sectors` replaced by the effective
/// sectors and `score`, `distance_km` (when known) and `why` added.
#[derive(Debug)]
pub struct HitView<'a>(pub &'a SearchHit);

/// The view of search results.
pub fn results_view(results: &SearchResults) -> ResultsView<'_> {
    ResultsView { total: results.total, hits: results.hits.iter().map(HitView).collect(), facets: &results.facets }
}

impl Serialize for HitView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let hit = self.0;
        let mut record = hit.supplier.to_record();
        record.insert("sectors".into(), Value::from(hit.sectors.clone()));
        record.insert("score".into(), Value::from(hit.score));
        if let Some(km) = hit.distance_km {
            record.insert("distance_km".into(), Value::from((km * 10.0).round() / 10.0));
        }
        record.insert("why".into(), Value::from(why(&hit.reasons)));
        record.serialize(s)
    }
}

/// Words between French quotes: « nettoyage », « locaux ».
fn quoted(words: &[String]) -> String {
    words.iter().map(|w| format!("« {w} »")).collect::<Vec<_>>().join(", ")
}

/// « de » before a term, « d' » before a vowel: « synonyme d'« intérim » ».
fn de(term: &str) -> &'static str {
    let vowel = term.chars().next().is_some_and(|c| "aeiouyéèêâîôûAEIOUYÉÈÊÂÎÔÛ".contains(c));
    if vowel { "d'" } else { "de " }
}

/// One sentence per reason, in order.
pub fn why(reasons: &[HitReason]) -> Vec<String> {
    reasons.iter().map(sentence).collect()
}

/// A reason in French: `texte : « espaces », « verts »`, `synonyme de « jardinage » : « espaces
/// verts »`, `à 12 km`.
pub fn sentence(reason: &HitReason) -> String {
    match reason {
        HitReason::Words(words) => format!("texte : {}", quoted(words)),
        HitReason::ApproximateWords(words) => format!("texte (orthographe approchée) : {}", quoted(words)),
        HitReason::Synonyms { terms, of } => {
            let plural = if terms.len() > 1 { "s" } else { "" };
            format!("texte : {} (synonyme{plural} {}« {of} »)", quoted(terms), de(of))
        }
        HitReason::Sectors(labels) => format!("secteur : {}", labels.join(", ")),
        HitReason::Kinds(kinds) => {
            let kinds: Vec<String> = kinds.iter().map(|k| format!("{} ({})", k.label(), k.code())).collect();
            format!("statut : {}", kinds.join(", "))
        }
        HitReason::Cpv { code, label: Some(label) } => format!("CPV {code} : {label}"),
        HitReason::Cpv { code, label: None } => format!("CPV {code}"),
        HitReason::Distance { km, approximate } => {
            let place = if *approximate { " (position approchée)" } else { "" };
            if *km < 1.0 { format!("à moins d'1 km{place}") } else { format!("à {km:.0} km{place}") }
        }
        HitReason::Department { code, name: Some(name) } => format!("département {code} ({name})"),
        HitReason::Department { code, name: None } => format!("département {code}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Kind;

    #[test]
    fn reasons_read_as_french() {
        let reasons = [
            HitReason::Words(vec!["nettoyage".into(), "locaux".into()]),
            HitReason::Synonyms { terms: vec!["espaces verts".into()], of: "jardinage".into() },
            HitReason::Synonyms { terms: vec!["nettoyage".into(), "propreté".into()], of: "ménage".into() },
            HitReason::Kinds(vec![Kind::Esat]),
            HitReason::Distance { km: 0.4, approximate: false },
            HitReason::Distance { km: 12.6, approximate: true },
            HitReason::Department { code: "91".into(), name: Some("Essonne".into()) },
        ];
        let why = why(&reasons);
        assert_eq!(why[0], "texte : « nettoyage », « locaux »");
        assert_eq!(why[1], "texte : « espaces verts » (synonyme de « jardinage »)");
        assert_eq!(why[2], "texte : « nettoyage », « propreté » (synonymes de « ménage »)");
        let interim = HitReason::Synonyms { terms: vec!["travail temporaire".into()], of: "intérim".into() };
        assert_eq!(sentence(&interim), "texte : « travail temporaire » (synonyme d'« intérim »)");
        assert!(why[3].starts_with("statut : ") && why[3].ends_with("(ESAT)"), "{}", why[3]);
        assert_eq!(why[4..], ["à moins d'1 km", "à 13 km (position approchée)", "département 91 (Essonne)"]);
    }
}
