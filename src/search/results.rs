//! What a search returns, and the French reasons given for each hit.

use serde::ser::{Serialize, Serializer};
use serde_json::Value;

use super::IndexContext;
use super::analyzer::term_set;
use super::document::{StoredSupplier, searchable_text};
use super::facets::Facets;
use super::query::PreparedQuery;
use crate::domain::Supplier;

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SearchResults {
    /// Number of suppliers matching the text and the filters (all pages).
    pub total: usize,
    /// The requested page, best first.
    pub hits: Vec<SearchHit>,
    /// Counts per kind, sector and département over all matching suppliers.
    pub facets: Facets,
}

/// One supplier found.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The supplier as indexed.
    pub supplier: Supplier,
    /// Its effective sectors: declared, or inferred from its CPV codes, NAF code and text.
    pub sectors: Vec<String>,
    /// Relevance (BM25 on the text, times the distance decay when the search has a point).
    pub score: f32,
    /// Distance from the search's point to the supplier, when the search has one.
    pub distance_km: Option<f64>,
    /// Short French reasons: matched words, sector, distance, filters met.
    pub why: Vec<String>,
}

/// Serialized as the supplier's import record, with `sectors` replaced by the effective sectors and
/// `score`, `distance_km` (when known) and `why` added.
impl Serialize for SearchHit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut record = self.supplier.to_record();
        record.insert("sectors".into(), Value::from(self.sectors.clone()));
        record.insert("score".into(), Value::from(self.score));
        if let Some(km) = self.distance_km {
            record.insert("distance_km".into(), Value::from((km * 10.0).round() / 10.0));
        }
        record.insert("why".into(), Value::from(self.why.clone()));
        record.serialize(s)
    }
}

fn quoted(words: &[&str]) -> String {
    words.iter().map(|w| format!("« {w} »")).collect::<Vec<_>>().join(", ")
}

/// The query words found in the supplier: exactly, or (in the typo retry) as one of the terms one
/// typo away that the search scored.
fn matched_words<'q>(
    hit: &StoredSupplier,
    prepared: &'q PreparedQuery,
    ctx: &IndexContext,
) -> (Vec<&'q str>, Vec<&'q str>) {
    let s = &hit.supplier;
    let parts = searchable_text(s, &hit.sectors, ctx);
    let stems = term_set(parts.iter().map(String::as_str), true);
    let names = term_set(std::iter::once(&s.name).chain(&s.brand).map(String::as_str), false);
    let (mut exact, mut approximate) = (Vec::new(), Vec::new());
    for (i, w) in prepared.words.iter().enumerate() {
        if stems.contains(&w.stem) || names.contains(&w.folded) || s.siret.as_str() == w.folded {
            exact.push(w.shown.as_str());
        } else if let Some(typos) = &prepared.typos {
            let (name_terms, text_terms) = typos.of(i);
            if text_terms.iter().any(|t| stems.contains(t)) || name_terms.iter().any(|t| names.contains(t)) {
                approximate.push(w.shown.as_str());
            }
        }
    }
    (exact, approximate)
}

/// The French reasons why a supplier is a hit of this search.
pub(crate) fn explain(
    hit: &StoredSupplier,
    prepared: &PreparedQuery,
    distance_km: Option<f64>,
    ctx: &IndexContext,
) -> Vec<String> {
    let s = &hit.supplier;
    let filters = &prepared.filters;
    let mut why = Vec::new();
    let (exact, approximate) = matched_words(hit, prepared, ctx);
    if !exact.is_empty() {
        why.push(format!("texte : {}", quoted(&exact)));
    }
    if !approximate.is_empty() {
        why.push(format!("texte (orthographe approchée) : {}", quoted(&approximate)));
    }
    let sector_labels: Vec<&str> = hit
        .sectors
        .iter()
        .filter_map(|k| ctx.taxonomy.sector(k))
        .filter(|sector| {
            prepared.text_sectors.contains(&sector.key)
                || filters.sectors.iter().any(|f| *f == sector.key || *f == sector.family)
        })
        .map(|sector| sector.label.as_str())
        .collect();
    if !sector_labels.is_empty() {
        why.push(format!("secteur : {}", sector_labels.join(", ")));
    }
    let kinds: Vec<String> =
        s.kinds.iter().filter(|k| filters.kinds.contains(k)).map(|k| format!("{} ({})", k.label(), k.code())).collect();
    if !kinds.is_empty() {
        why.push(format!("statut : {}", kinds.join(", ")));
    }
    for code in s.cpv.iter().filter(|c| filters.cpv.iter().any(|f| c.as_str().starts_with(f.significant()))) {
        match ctx.cpv.nearest_label(code) {
            Some(label) => why.push(format!("CPV {code} : {label}")),
            None => why.push(format!("CPV {code}")),
        }
    }
    if let Some(km) = distance_km {
        let place = if s.location.is_some() { "" } else { " (position approchée)" };
        if km < 1.0 {
            why.push(format!("à moins d'1 km{place}"));
        } else {
            why.push(format!("à {km:.0} km{place}"));
        }
    }
    if filters.departments.contains(&s.department) {
        match ctx.gazetteer.department(&s.department) {
            Some(d) => why.push(format!("département {} ({})", d.code, d.name)),
            None => why.push(format!("département {}", s.department)),
        }
    }
    why
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_the_french_way() {
        assert_eq!(quoted(&["nettoyage", "locaux"]), "« nettoyage », « locaux »");
    }
}
