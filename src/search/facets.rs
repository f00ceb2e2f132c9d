//! Facet paths (the one place that decides how kinds, sectors, territories and CPV codes are
//! encoded, for indexing and for filtering alike) and facet counts with French labels.
//!
//! Every counted facet keeps its key at the second step of its path, which the counter relies on.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::schema::Facet;

use super::IndexContext;
use super::facet_count::{FacetCounter, Tally};
use super::schema::{KIND, SECTOR, TERRITORY};
use crate::domain::{Cpv, Gazetteer, Kind, Taxonomy};

/// How many documents of the filtered result carry one facet value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FacetCount {
    /// Stable key: kind code (`ACI`), sector key (`nettoyage-locaux`) or département code (`91`).
    pub key: String,
    /// French label shown to users.
    pub label: String,
    /// Number of matching suppliers.
    pub count: u64,
}

/// Facet counts over the whole filtered result (not only the page), most frequent first.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facets {
    /// Per kind (status or approval).
    pub kinds: Vec<FacetCount>,
    /// Per effective sector.
    pub sectors: Vec<FacetCount>,
    /// Per département.
    pub departments: Vec<FacetCount>,
}

/// `/family/CODE`, e.g. `/siae/ACI`.
pub(crate) fn kind_facet(kind: Kind) -> Facet {
    Facet::from_path([kind.family(), kind.code()])
}

/// `/family/sector` for a sector key of the taxonomy.
pub(crate) fn sector_facet(key: &str, taxonomy: &Taxonomy) -> Option<Facet> {
    let sector = taxonomy.sector(key)?;
    Some(Facet::from_path([sector.family.as_str(), sector.key.as_str()]))
}

/// The facet a sector filter value stands for: a sector (`/family/sector`) or a whole family (`/family`).
pub(crate) fn sector_or_family_facet(key: &str, taxonomy: &Taxonomy) -> Option<Facet> {
    sector_facet(key, taxonomy).or_else(|| taxonomy.family(key).map(|f| Facet::from_path([f.key.as_str()])))
}

/// The sector key a stored sector facet carries (its last step).
pub(crate) fn sector_key_of(facet: &Facet) -> Option<String> {
    facet.to_path().last().filter(|k| !k.is_empty()).map(|k| k.to_string())
}

/// `/region/département`, e.g. `/11/91`.
pub(crate) fn department_facet(department: &str, gazetteer: &Gazetteer) -> Option<Facet> {
    let d = gazetteer.department(department)?;
    Some(Facet::from_path([d.region.as_str(), d.code.as_str()]))
}

/// `/region/département/commune`, or `/region/département` when the commune is unknown.
pub(crate) fn territory_facet(department: &str, commune_insee: Option<&str>, gazetteer: &Gazetteer) -> Option<Facet> {
    let d = gazetteer.department(department)?;
    Some(match commune_insee.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => Facet::from_path([d.region.as_str(), d.code.as_str(), c]),
        None => Facet::from_path([d.region.as_str(), d.code.as_str()]),
    })
}

/// One level per significant prefix: `45331000` → `/45/453/4533/45331`.
pub(crate) fn cpv_facet(code: &Cpv) -> Facet {
    Facet::from_path(code.prefixes())
}

/// The collector of the facet counts: kinds, sectors and territories, in this order.
pub(crate) fn counter() -> FacetCounter {
    FacetCounter::new(vec![KIND, SECTOR, TERRITORY])
}

/// Labels counts per key, most frequent first.
fn labelled(counts: Option<&HashMap<String, u64>>, label: impl Fn(&str) -> String) -> Vec<FacetCount> {
    let mut out: Vec<FacetCount> = counts
        .into_iter()
        .flatten()
        .map(|(key, &count)| FacetCount { label: label(key), key: key.clone(), count })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    out
}

/// Turns the counts of [`counter`] into labelled facets.
pub(crate) fn facets(tally: &Tally, ctx: &IndexContext) -> Facets {
    Facets {
        kinds: labelled(tally.first(), |code| {
            code.parse::<Kind>().map(|k| k.label().to_string()).unwrap_or_else(|_| code.to_string())
        }),
        sectors: labelled(tally.get(1), |key| {
            ctx.taxonomy.sector(key).map(|s| s.label.clone()).unwrap_or_else(|| key.to_string())
        }),
        departments: labelled(tally.get(2), |code| {
            ctx.gazetteer.department(code).map(|d| d.name.clone()).unwrap_or_else(|| code.to_string())
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_the_documented_encoding() {
        assert_eq!(kind_facet(Kind::Aci).to_path_string(), "/siae/ACI");
        assert_eq!(kind_facet(Kind::Esat).to_path_string(), "/handicap/ESAT");
        let code = Cpv::parse("45331000").unwrap();
        assert_eq!(cpv_facet(&code).to_path_string(), "/45/453/4533/45331");
        let g = Gazetteer::builtin();
        assert_eq!(territory_facet("91", Some("91228"), g).unwrap().to_path_string(), "/11/91/91228");
        assert_eq!(territory_facet("91", None, g).unwrap().to_path_string(), "/11/91");
        assert_eq!(department_facet("91", g).unwrap().to_path_string(), "/11/91");
        assert!(department_facet("99", g).is_none());
    }

    #[test]
    fn cpv_filters_accept_codes_and_prefixes() {
        let p = |s: &str| Cpv::parse_prefix(s).ok().map(|c| c.significant().to_string());
        assert_eq!(p("9091"), Some("9091".into()));
        assert_eq!(p("4500"), Some("45".into()));
        assert_eq!(p("45331000-6"), Some("45331".into()));
        assert_eq!(p(" 90911200 "), Some("909112".into()));
        assert_eq!(p("9"), None);
        assert_eq!(p("90a1"), None);
        assert_eq!(p("909112001"), None);
        assert_eq!(p("4533-6"), None);
    }

    #[test]
    fn sector_filters_take_sectors_and_families() {
        let t = Taxonomy::builtin();
        let f = sector_or_family_facet("nettoyage-locaux", t).unwrap();
        assert_eq!(f.to_path_string(), "/proprete/nettoyage-locaux");
        assert_eq!(sector_key_of(&f).as_deref(), Some("nettoyage-locaux"));
        assert_eq!(sector_or_family_facet("proprete", t).unwrap().to_path_string(), "/proprete");
        assert!(sector_or_family_facet("inconnu", t).is_none());
    }
}
