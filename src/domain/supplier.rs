//! An ESS supplier and the validation of supplier records (contract format §1).
//!
//! Readers (JSON Lines, CSV, the Marché de l'inclusion API) turn each input record into a JSON
//! object; [`Supplier::from_record`] validates it against the rules of the import format and says
//! which field is wrong.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::cpv::Cpv;
use super::geo::GeoPoint;
use super::kind::Kind;
use super::sector::Taxonomy;
use super::siret::Siret;
use super::territory::{Commune, Gazetteer, normalise_department_code};

/// Radius assumed when a supplier does not say where it works, in kilometres.
pub const DEFAULT_INTERVENTION_RADIUS_KM: f64 = 50.0;

/// Where a supplier works.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Intervention {
    /// Not stated: [`DEFAULT_INTERVENTION_RADIUS_KM`] around its site.
    #[default]
    Default,
    /// A radius around its site, in kilometres.
    RadiusKm(f64),
    /// A list of départements.
    Departments(Vec<String>),
    /// A list of régions (INSEE codes).
    Regions(Vec<String>),
    /// The whole country.
    National,
}

impl Intervention {
    /// The contract's JSON shape: `{"radius_km": 40}`, `{"departments": [...]}`, `{"regions": [...]}`,
    /// `{"national": true}`, or `null` for the default.
    pub fn to_json(&self) -> Value {
        match self {
            Intervention::Default => Value::Null,
            Intervention::RadiusKm(km) => serde_json::json!({ "radius_km": km }),
            Intervention::Departments(d) => serde_json::json!({ "departments": d }),
            Intervention::Regions(r) => serde_json::json!({ "regions": r }),
            Intervention::National => serde_json::json!({ "national": true }),
        }
    }
}

/// A validated ESS supplier.
#[derive(Debug, Clone, PartialEq)]
pub struct Supplier {
    /// Establishment identifier (unique key of the catalogue).
    pub siret: Siret,
    /// Legal or usual name.
    pub name: String,
    /// Statuses and approvals, never empty.
    pub kinds: Vec<Kind>,
    /// Trade name.
    pub brand: Option<String>,
    /// Legal form, free text.
    pub legal_form: Option<String>,
    /// NAF rév. 2 activity code, upper-case without dot (`5621Z`).
    pub naf: Option<String>,
    /// French label of the NAF code, when the source gives it.
    pub naf_label: Option<String>,
    /// What the supplier does, free French text.
    pub description: Option<String>,
    /// Sector keys of the taxonomy, as declared.
    pub sectors: Vec<String>,
    /// CPV codes of what it supplies.
    pub cpv: Vec<Cpv>,
    /// Post code of its site.
    pub post_code: String,
    /// Town of its site.
    pub city: String,
    /// Département code of its site.
    pub department: String,
    /// INSEE code of its commune.
    pub commune_insee: Option<String>,
    /// Its site, when known.
    pub location: Option<GeoPoint>,
    /// Where it works.
    pub intervention: Intervention,
    /// Headcount.
    pub employees: Option<u32>,
    /// Annual turnover in euros.
    pub revenue_eur: Option<f64>,
    /// PTCE, federations and groups it belongs to.
    pub networks: Vec<String>,
    /// Contact e-mail for alerts.
    pub email: Option<String>,
}

/// A record that breaks a rule of the import format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("champ « {field} » : {message}")]
pub struct FieldError {
    /// The field at fault.
    pub field: String,
    /// What is wrong, in French.
    pub message: String,
}

fn field_err(field: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.to_string(), message: message.into() }
}

/// Reads typed fields out of a JSON object with precise errors.
struct Fields<'a>(&'a Map<String, Value>);

impl Fields<'_> {
    fn get(&self, field: &str) -> Option<&Value> {
        self.0.get(field).filter(|v| !v.is_null())
    }

    fn opt_str(&self, field: &str) -> Result<Option<String>, FieldError> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(_) => Err(field_err(field, "une chaîne de caractères est attendue")),
        }
    }

    fn req_str(&self, field: &str) -> Result<String, FieldError> {
        self.opt_str(field)?.ok_or_else(|| field_err(field, "champ obligatoire manquant ou vide"))
    }

    fn str_list(&self, field: &str) -> Result<Vec<String>, FieldError> {
        match self.get(field) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s.trim().to_string()),
                    Value::Number(n) => Ok(n.to_string()),
                    _ => Err(field_err(field, "une liste de chaînes est attendue")),
                })
                .filter(|r| r.as_ref().map(|s| !s.is_empty()).unwrap_or(true))
                .collect(),
            Some(Value::String(s)) => {
                Ok(s.split('|').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect())
            }
            Some(_) => Err(field_err(field, "une liste de chaînes est attendue")),
        }
    }

    fn opt_f64(&self, field: &str) -> Result<Option<f64>, FieldError> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::Number(n)) => n.as_f64().map(Some).ok_or_else(|| field_err(field, "nombre invalide")),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => s
                .trim()
                .replace(',', ".")
                .parse::<f64>()
                .map(Some)
                .map_err(|_| field_err(field, format!("« {s} » n'est pas un nombre"))),
            Some(_) => Err(field_err(field, "un nombre est attendu")),
        }
    }
}

impl Supplier {
    /// Validates an input record against the built-in sector taxonomy. Unknown fields are ignored.
    pub fn from_record(record: &Map<String, Value>, gazetteer: &Gazetteer) -> Result<Supplier, FieldError> {
        Supplier::from_record_with(record, gazetteer, Taxonomy::builtin())
    }

    /// Validates an input record against the given places and sector taxonomy.
    pub fn from_record_with(
        record: &Map<String, Value>,
        gazetteer: &Gazetteer,
        taxonomy: &Taxonomy,
    ) -> Result<Supplier, FieldError> {
        let f = Fields(record);
        let siret = Siret::parse(&f.req_str("siret")?).map_err(|e| field_err("siret", e.to_string()))?;
        let name = f.req_str("name")?;
        let kind_codes = f.str_list("kinds")?;
        if kind_codes.is_empty() {
            return Err(field_err("kinds", "au moins un type de structure est obligatoire"));
        }
        let mut kinds = Vec::new();
        for code in &kind_codes {
            let k = code.parse::<Kind>().map_err(|e| field_err("kinds", e.to_string()))?;
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
        let department = normalise_department_code(&f.req_str("department")?);
        if gazetteer.department(&department).is_none() {
            return Err(field_err("department", format!("le département « {department} » n'existe pas")));
        }
        let post_code = f.req_str("post_code")?;
        if post_code.len() != 5 || !post_code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(field_err("post_code", format!("« {post_code} » n'est pas un code postal (5 chiffres)")));
        }
        let city = f.req_str("city")?;
        let cpv = f
            .str_list("cpv")?
            .iter()
            .map(|c| Cpv::parse(c).map_err(|e| field_err("cpv", e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        let location = match (f.opt_f64("lat")?, f.opt_f64("lon")?) {
            (Some(lat), Some(lon)) => Some(
                GeoPoint::new(lat, lon)
                    .ok_or_else(|| field_err("lat", format!("coordonnées hors limites ({lat}, {lon})")))?,
            ),
            (None, None) => None,
            (Some(_), None) => return Err(field_err("lon", "lat est donnée sans lon")),
            (None, Some(_)) => return Err(field_err("lat", "lon est donnée sans lat")),
        };
        let employees = match f.opt_f64("employees")? {
            Some(n) if n < 0.0 || n.fract() != 0.0 || n > f64::from(u32::MAX) => {
                return Err(field_err("employees", format!("{n} n'est pas un effectif (entier positif)")));
            }
            Some(n) => Some(n as u32),
            None => None,
        };
        let revenue_eur = match f.opt_f64("revenue_eur")? {
            Some(r) if r < 0.0 => {
                return Err(field_err("revenue_eur", "le chiffre d'affaires ne peut pas être négatif"));
            }
            other => other,
        };
        let sectors = f.str_list("sectors")?;
        if let Some(bad) = sectors.iter().find(|k| taxonomy.sector(k).is_none()) {
            return Err(field_err(
                "sectors",
                format!("secteur inconnu « {bad} » (voir la nomenclature des secteurs d'essor)"),
            ));
        }
        let email = f.opt_str("email")?;
        if let Some(e) = &email
            && (!e.contains('@') || e.contains(' '))
        {
            return Err(field_err("email", format!("« {e} » n'est pas une adresse e-mail")));
        }
        Ok(Supplier {
            siret,
            name,
            kinds,
            brand: f.opt_str("brand")?,
            legal_form: f.opt_str("legal_form")?,
            naf: f.opt_str("naf")?.map(|n| n.replace('.', "").to_ascii_uppercase()),
            naf_label: f.opt_str("naf_label")?,
            description: f.opt_str("description")?,
            sectors,
            cpv,
            post_code,
            city,
            department,
            commune_insee: f.opt_str("commune_insee")?,
            location,
            intervention: parse_intervention(record, gazetteer)?,
            employees,
            revenue_eur,
            networks: f.str_list("networks")?,
            email,
        })
    }

    /// The record in the import format (what `from_record` reads back unchanged).
    pub fn to_record(&self) -> Map<String, Value> {
        let mut m = Map::new();
        let mut put = |k: &str, v: Value| {
            if !v.is_null() {
                m.insert(k.to_string(), v);
            }
        };
        put("siret", Value::from(self.siret.as_str()));
        put("name", Value::from(self.name.as_str()));
        put("kinds", Value::from(self.kinds.iter().map(|k| k.code()).collect::<Vec<_>>()));
        put("brand", opt(&self.brand));
        put("legal_form", opt(&self.legal_form));
        put("naf", opt(&self.naf));
        put("naf_label", opt(&self.naf_label));
        put("description", opt(&self.description));
        if !self.sectors.is_empty() {
            put("sectors", Value::from(self.sectors.clone()));
        }
        if !self.cpv.is_empty() {
            put("cpv", Value::from(self.cpv.iter().map(|c| c.as_str()).collect::<Vec<_>>()));
        }
        put("post_code", Value::from(self.post_code.as_str()));
        put("city", Value::from(self.city.as_str()));
        put("department", Value::from(self.department.as_str()));
        put("commune_insee", opt(&self.commune_insee));
        if let Some(p) = self.location {
            put("lat", Value::from(p.lat));
            put("lon", Value::from(p.lon));
        }
        put("intervention", self.intervention.to_json());
        put("employees", self.employees.map(Value::from).unwrap_or(Value::Null));
        put("revenue_eur", self.revenue_eur.map(Value::from).unwrap_or(Value::Null));
        if !self.networks.is_empty() {
            put("networks", Value::from(self.networks.clone()));
        }
        put("email", opt(&self.email));
        m
    }

    /// What its NAF code says in words: the label the record gives, else the official NAF rév. 2
    /// label of its code.
    pub fn activity_label(&self) -> Option<&str> {
        self.naf_label.as_deref().or_else(|| self.naf.as_deref().and_then(super::naf::label))
    }

    /// The name a person knows it by: the brand when there is one.
    pub fn display_name(&self) -> &str {
        self.brand.as_deref().unwrap_or(&self.name)
    }

    /// True when the supplier holds this kind.
    pub fn has_kind(&self, kind: Kind) -> bool {
        self.kinds.contains(&kind)
    }

    /// Where it is put on the map: its site, else the centre of its commune (INSEE code, then post
    /// code), else the centre of its département. The one rule for search, matching and planning.
    pub fn point(&self, gazetteer: &Gazetteer) -> Option<GeoPoint> {
        self.location
            .or_else(|| self.commune(gazetteer).map(|c| c.centre))
            .or_else(|| gazetteer.department(&self.department).map(|d| d.centre))
    }

    /// Its commune: by its INSEE code, else the commune of its post code in its département.
    pub fn commune<'g>(&self, gazetteer: &'g Gazetteer) -> Option<&'g Commune> {
        self.commune_insee.as_deref().and_then(|c| gazetteer.commune(c)).or_else(|| {
            gazetteer.communes_by_post_code(&self.post_code).into_iter().find(|c| c.department == self.department)
        })
    }
}

fn opt(v: &Option<String>) -> Value {
    v.as_deref().map(Value::from).unwrap_or(Value::Null)
}

fn parse_intervention(record: &Map<String, Value>, gazetteer: &Gazetteer) -> Result<Intervention, FieldError> {
    // CSV flattens the object into intervention_* columns; JSON nests it.
    let nested = match record.get("intervention") {
        None | Some(Value::Null) => None,
        Some(Value::Object(o)) => Some(o.clone()),
        Some(_) => return Err(field_err("intervention", "un objet est attendu, par ex. {\"radius_km\": 40}")),
    };
    let mut obj = nested.unwrap_or_default();
    for (flat, key) in [
        ("intervention_radius_km", "radius_km"),
        ("intervention_departments", "departments"),
        ("intervention_regions", "regions"),
        ("intervention_national", "national"),
    ] {
        if let Some(v) = record.get(flat).filter(|v| !v.is_null() && v.as_str() != Some("")) {
            obj.insert(key.to_string(), v.clone());
        }
    }
    let f = Fields(&obj);
    let national = match f.get("national") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => matches!(s.trim().to_ascii_lowercase().as_str(), "true" | "1" | "oui" | "yes"),
        Some(_) => return Err(field_err("intervention.national", "true ou false attendu")),
    };
    if national {
        return Ok(Intervention::National);
    }
    let departments = f.str_list("departments").map_err(|e| field_err("intervention.departments", e.message))?;
    if !departments.is_empty() {
        let mut codes = Vec::new();
        for d in departments {
            let code = normalise_department_code(&d);
            if gazetteer.department(&code).is_none() {
                return Err(field_err("intervention.departments", format!("le département « {d} » n'existe pas")));
            }
            codes.push(code);
        }
        return Ok(Intervention::Departments(codes));
    }
    let regions = f.str_list("regions").map_err(|e| field_err("intervention.regions", e.message))?;
    if !regions.is_empty() {
        if let Some(bad) = regions.iter().find(|r| gazetteer.region(r).is_none()) {
            return Err(field_err("intervention.regions", format!("la région « {bad} » n'existe pas")));
        }
        return Ok(Intervention::Regions(regions));
    }
    match f.opt_f64("radius_km").map_err(|e| field_err("intervention.radius_km", e.message))? {
        Some(km) if km <= 0.0 || !km.is_finite() => {
            Err(field_err("intervention.radius_km", "le rayon doit être un nombre positif de kilomètres"))
        }
        Some(km) => Ok(Intervention::RadiusKm(km)),
        None => Ok(Intervention::Default),
    }
}

/// The national federations of the ESS, folded (see `../shared/docs/domain.md`, « Networks »): FEI
/// for entreprises d'insertion, Coorace, Chantier École for chantiers d'insertion, CNLRQ for régies
/// de quartier, UNEA for entreprises adaptées, and the national networks of ressourceries, GEIQ,
/// Scop and Emmaüs. A regional branch (« Coorace Île-de-France ») starts with its federation's name.
const NATIONAL_FEDERATIONS: [&str; 14] = [
    "federation des entreprises d'insertion",
    "fei",
    "coorace",
    "chantier ecole",
    "cnlrq",
    "comite national de liaison des regies de quartier",
    "unea",
    "union nationale des entreprises adaptees",
    "reseau des ressourceries",
    "federation francaise des geiq",
    "confederation generale des scop",
    "cg scop",
    "les scop",
    "emmaus france",
];

/// True when `network` is a national federation or one of its regional branches rather than a PTCE,
/// a group or a local network. Membership of a federation follows from a structure's kind (an
/// entreprise d'insertion joins the FEI, a chantier the Chantier École): it says what a structure
/// is, not whom it already works with.
pub fn is_national_federation(network: &str) -> bool {
    let folded = format!("{} ", crate::domain::text::fold(network.trim()));
    NATIONAL_FEDERATIONS.iter().any(|f| folded.strip_prefix(f).is_some_and(|rest| rest.starts_with(' ')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(lat: f64, lon: f64) -> GeoPoint {
        GeoPoint::new(lat, lon).unwrap()
    }

    #[test]
    fn suppliers_without_coordinates_are_placed_at_commune_post_code_or_department() {
        let extra = Commune {
            insee: "91174".into(),
            name: "Corbeil-Essonnes".into(),
            post_codes: vec!["91100".into()],
            department: "91".into(),
            centre: point(48.61, 2.48),
        };
        let g = Gazetteer::with_communes(vec![extra]);
        let record = serde_json::json!({"siret": "80746931700018", "name": "X", "kinds": ["EI"],
            "post_code": "91100", "city": "Corbeil", "department": "91"});
        let mut s = Supplier::from_record(record.as_object().unwrap(), &g).unwrap();
        assert_eq!(s.point(&g), Some(point(48.61, 2.48)));
        assert_eq!(s.commune(&g).map(|c| c.insee.as_str()), Some("91174"));
        s.commune_insee = Some("91228".into());
        assert_eq!(s.point(&g), Some(point(48.629, 2.441)));
        s.commune_insee = None;
        s.post_code = "91999".into();
        assert_eq!(s.point(&g), Some(g.department("91").unwrap().centre));
        assert!(s.commune(&g).is_none());
        s.location = Some(point(48.0, 2.0));
        assert_eq!(s.point(&g), Some(point(48.0, 2.0)));
    }

    #[test]
    fn national_federations_are_told_from_local_ties() {
        for federation in ["Fédération des entreprises d'insertion", "Coorace Île-de-France", "Chantier École", "FEI"]
        {
            assert!(is_national_federation(federation), "{federation}");
        }
        for local in ["PTCE Territoires Solidaires Ille-et-Vilaine", "Recycl'Occ Textile", "Feiyu", "Groupe SOS"] {
            assert!(!is_national_federation(local), "{local}");
        }
    }
}
