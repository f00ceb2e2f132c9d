//! The schema of the supplier index: one document per supplier (SIRET).
//!
//! | field | kind | content |
//! |---|---|---|
//! | `siret` | raw string, stored | the key: upserts delete by it |
//! | `name` | `fr_name` text | name and brand |
//! | `text` | `fr_text` text, positions | name, brand, description, NAF label, kinds, effective sectors and their families, CPV labels, city, département |
//! | `name_sort` | raw fast string | folded display name, to list by name |
//! | `kind` | facet | `/family/CODE` (`/siae/ACI`) |
//! | `sector` | facet, stored | `/family/sector` (`/proprete/nettoyage-locaux`), effective sectors |
//! | `territory` | facet | `/region/département/commune INSEE` (`/11/91/91228`) |
//! | `cpv` | facet | one level per prefix digit: `/45/453/4533/45331` |
//! | `lat`, `lon` | f64 fast, stored | the site, or the commune / département centre when unknown |
//! | `revenue_eur`, `employees` | fast | capacity |
//! | `record` | stored JSON | `Supplier::to_record()`: a hit is shown without the database |

use tantivy::schema::{
    FAST, FacetOptions, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use super::analyzer::{FR_NAME, FR_TEXT};

/// Version of what the documents contain beyond the schema (analyzers, text composition, facet
/// paths). Bump it when that changes: an index written with another version reports no
/// checkpoint, so the caller rebuilds it.
pub(crate) const LAYOUT_VERSION: u32 = 2;

/// Field name of the latitude fast field.
pub(crate) const LAT: &str = "lat";
/// Field name of the longitude fast field.
pub(crate) const LON: &str = "lon";
/// Field name of the name sort key.
pub(crate) const NAME_SORT: &str = "name_sort";
/// Field name of the kind facet.
pub(crate) const KIND: &str = "kind";
/// Field name of the sector facet.
pub(crate) const SECTOR: &str = "sector";
/// Field name of the territory facet.
pub(crate) const TERRITORY: &str = "territory";

/// Handles on the fields of the schema.
#[derive(Debug, Clone)]
/// (See the table of the module for what each holds.)
pub(crate) struct Fields {
    /// The key.
    pub siret: Field,
    /// Name and brand, not stemmed.
    pub name: Field,
    /// Everything a supplier is found by, stemmed.
    pub text: Field,
    /// Sort key of listings by name.
    pub name_sort: Field,
    /// Kind facet.
    pub kind: Field,
    /// Effective sector facet.
    pub sector: Field,
    /// Territory facet.
    pub territory: Field,
    /// CPV prefixes facet.
    pub cpv: Field,
    /// Latitude of the placed point.
    pub lat: Field,
    /// Longitude of the placed point.
    pub lon: Field,
    /// Turnover in euros.
    pub revenue: Field,
    /// Headcount.
    pub employees: Field,
    /// The import record as JSON.
    pub record: Field,
}

/// Builds the schema and the handles on its fields.
pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analysed = |tokenizer: &str, record: IndexRecordOption| {
        TextOptions::default()
            .set_indexing_options(TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(record))
    };
    let fields = Fields {
        siret: b.add_text_field("siret", STRING | STORED),
        name: b.add_text_field("name", analysed(FR_NAME, IndexRecordOption::WithFreqs)),
        text: b.add_text_field("text", analysed(FR_TEXT, IndexRecordOption::WithFreqsAndPositions)),
        name_sort: b.add_text_field(NAME_SORT, TextOptions::default().set_fast("raw")),
        kind: b.add_facet_field(KIND, FacetOptions::default()),
        sector: b.add_facet_field(SECTOR, FacetOptions::default().set_stored()),
        territory: b.add_facet_field(TERRITORY, FacetOptions::default()),
        cpv: b.add_facet_field("cpv", FacetOptions::default()),
        lat: b.add_f64_field(LAT, FAST | STORED),
        lon: b.add_f64_field(LON, FAST | STORED),
        revenue: b.add_f64_field("revenue_eur", FAST),
        employees: b.add_u64_field("employees", FAST),
        record: b.add_text_field("record", STORED),
    };
    (b.build(), fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_is_stable_between_builds() {
        let (a, fa) = build();
        let (b, _) = build();
        assert_eq!(a, b);
        assert_eq!(a.get_field_name(fa.sector), SECTOR);
        assert!(a.get_field_entry(fa.lat).is_fast());
    }
}
