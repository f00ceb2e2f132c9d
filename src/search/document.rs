//! From a [`Supplier`] to its index document, and back.
//!
//! What a supplier is found by (its searchable text, effective sectors, place) is computed here
//! and only here: the indexer writes it, and the explanations of a hit read it again.

use serde_json::{Map, Value};
use tantivy::TantivyDocument;
use tantivy::schema::{Facet, Value as _};

use super::IndexContext;
use super::error::IndexError;
use super::facets::{cpv_facet, kind_facet, sector_facet, sector_key_of, territory_facet};
use super::schema::Fields;
use crate::domain::text::fold;
use crate::domain::trade::is_generic_naf;
use crate::domain::{GeoPoint, Supplier, Taxonomy};

/// The sectors of a supplier: those it declares, else those its CPV codes, NAF code and words (name,
/// brand, description, NAF label) imply.
pub(crate) fn effective_sectors(supplier: &Supplier, taxonomy: &Taxonomy) -> Vec<String> {
    sectors_and_trade(supplier, taxonomy).0
}

/// The sectors of a supplier ([`effective_sectors`]), and whether its record states what it does:
/// declared sectors, CPV codes, or sectors read from its words or a NAF code of a trade. A
/// social-action or catch-all NAF code (`domain::trade::GENERIC_NAF`) gives its sectors — it is the
/// trade of a social-services lot — but does not say what the structure produces for other lots; so
/// does a kind defined in law by its activity (an AI or an ETTI places staff,
/// `domain::trade::defining_sector`), whatever its NAF code.
pub(crate) fn sectors_and_trade(supplier: &Supplier, taxonomy: &Taxonomy) -> (Vec<String>, bool) {
    let mut declared: Vec<String> = Vec::new();
    for key in &supplier.sectors {
        if taxonomy.sector(key).is_some() && !declared.contains(key) {
            declared.push(key.clone());
        }
    }
    if !declared.is_empty() {
        return (declared, true);
    }
    let generic = supplier.naf.as_deref().is_some_and(is_generic_naf);
    let naf = supplier.naf.as_deref().filter(|_| !generic);
    let naf_label = supplier.activity_label().filter(|_| !generic);
    let text = [Some(supplier.name.as_str()), supplier.brand.as_deref(), supplier.description.as_deref(), naf_label]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let stated = taxonomy.infer(&[], &supplier.cpv, naf, &text);
    let known = !stated.is_empty();
    let mut mission: Vec<String> = match supplier.naf.as_deref().filter(|_| generic) {
        Some(code) => taxonomy.sectors_for_naf(code).into_iter().map(|s| s.key.clone()).collect(),
        None => Vec::new(),
    };
    for key in supplier.kinds.iter().filter_map(|k| crate::domain::trade::defining_sector(*k)) {
        if !mission.iter().any(|m| m == key) {
            mission.push(key.to_string());
        }
    }
    if mission.is_empty() {
        return (stated, known);
    }
    let all = taxonomy.sectors().iter().filter(|s| stated.contains(&s.key) || mission.contains(&s.key));
    (all.map(|s| s.key.clone()).collect(), known)
}

/// The pieces of free text the `text` field indexes: name, brand, description, NAF label (official
/// when the record gives none), kinds,
/// effective sectors and their families, CPV labels, city and département.
pub(crate) fn searchable_text(supplier: &Supplier, sectors: &[String], ctx: &IndexContext) -> Vec<String> {
    let mut parts: Vec<String> = Vec::with_capacity(8 + sectors.len() + supplier.cpv.len());
    parts.push(supplier.name.clone());
    parts.extend(supplier.brand.iter().cloned());
    parts.extend(supplier.description.iter().cloned());
    parts.extend(supplier.activity_label().map(str::to_string));
    for kind in &supplier.kinds {
        parts.push(format!("{} {}", kind.code(), kind.label()));
    }
    let mut families: Vec<&str> = Vec::new();
    for sector in sectors.iter().filter_map(|k| ctx.taxonomy.sector(k)) {
        parts.push(sector.label.clone());
        if !families.contains(&sector.family.as_str()) {
            families.push(&sector.family);
        }
    }
    parts.extend(families.iter().filter_map(|f| ctx.taxonomy.family(f)).map(|f| f.label.clone()));
    let mut cpv_labels: Vec<&str> = Vec::new();
    for label in supplier.cpv.iter().filter_map(|c| ctx.cpv.nearest_label(c)) {
        if !cpv_labels.contains(&label) {
            cpv_labels.push(label);
        }
    }
    parts.extend(cpv_labels.into_iter().map(str::to_string));
    parts.push(supplier.city.clone());
    parts.extend(ctx.gazetteer.department(&supplier.department).map(|d| d.name.clone()));
    parts
}

/// Builds the index document of a supplier.
pub(crate) fn to_document(supplier: &Supplier, fields: &Fields, ctx: &IndexContext) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.siret, supplier.siret.as_str());
    doc.add_text(fields.name, &supplier.name);
    if let Some(brand) = &supplier.brand {
        doc.add_text(fields.name, brand);
    }
    let sectors = effective_sectors(supplier, ctx.taxonomy);
    for part in searchable_text(supplier, &sectors, ctx) {
        doc.add_text(fields.text, part);
    }
    doc.add_text(fields.name_sort, fold(supplier.display_name()));
    for (i, kind) in supplier.kinds.iter().enumerate() {
        if !supplier.kinds[..i].contains(kind) {
            doc.add_facet(fields.kind, kind_facet(*kind));
        }
    }
    for facet in sectors.iter().filter_map(|k| sector_facet(k, ctx.taxonomy)) {
        doc.add_facet(fields.sector, facet);
    }
    let commune = supplier.commune_insee.clone().or_else(|| supplier.commune(ctx.gazetteer).map(|c| c.insee.clone()));
    if let Some(facet) = territory_facet(&supplier.department, commune.as_deref(), ctx.gazetteer) {
        doc.add_facet(fields.territory, facet);
    }
    for code in &supplier.cpv {
        doc.add_facet(fields.cpv, cpv_facet(code));
    }
    if let Some(point) = supplier.point(ctx.gazetteer) {
        doc.add_f64(fields.lat, point.lat);
        doc.add_f64(fields.lon, point.lon);
    }
    if let Some(revenue) = supplier.revenue_eur {
        doc.add_f64(fields.revenue, revenue);
    }
    if let Some(employees) = supplier.employees {
        doc.add_u64(fields.employees, u64::from(employees));
    }
    // Serializing a map of strings, numbers and lists cannot fail.
    doc.add_text(fields.record, serde_json::to_string(&supplier.to_record()).unwrap_or_default());
    doc
}

/// What a stored document gives back: the supplier, its effective sectors and the point it was placed at.
pub(crate) struct StoredSupplier {
    /// The supplier, read back from its record.
    pub supplier: Supplier,
    /// Its effective sector keys.
    pub sectors: Vec<String>,
    /// Where it was placed (its site, or a commune or département centre).
    pub point: Option<GeoPoint>,
}

/// Reads a stored document back.
pub(crate) fn from_document(
    doc: &TantivyDocument,
    fields: &Fields,
    ctx: &IndexContext,
) -> Result<StoredSupplier, IndexError> {
    let siret = doc.get_first(fields.siret).and_then(|v| v.as_str()).unwrap_or("?").to_string();
    let corrupt = |message: String| IndexError::CorruptDocument { what: format!("SIRET {siret}"), message };
    let json = doc.get_first(fields.record).and_then(|v| v.as_str()).ok_or_else(|| corrupt("fiche absente".into()))?;
    let record: Map<String, Value> =
        serde_json::from_str(json).map_err(|e| corrupt(format!("fiche JSON illisible : {e}")))?;
    let supplier =
        Supplier::from_record_with(&record, ctx.gazetteer, ctx.taxonomy).map_err(|e| corrupt(e.to_string()))?;
    let sectors = doc
        .get_all(fields.sector)
        .filter_map(|v| v.as_facet().map(|encoded| Facet::from_encoded(encoded.as_bytes().to_vec())))
        .filter_map(|f| f.ok().and_then(|f| sector_key_of(&f)))
        .collect();
    let coordinate = |field| doc.get_first(field).and_then(|v| v.as_f64());
    let point = coordinate(fields.lat).zip(coordinate(fields.lon)).and_then(|(lat, lon)| GeoPoint::new(lat, lon));
    Ok(StoredSupplier { supplier, sectors, point })
}
