//! Requests from the edges (command-line flags, query strings) turned into engine queries, with
//! errors that name the parameter. The CLI and the JSON API both go through here, and this is the
//! only place search parameters are checked: the index takes the typed [`SearchQuery`] as it is.

use crate::domain::kind::parse_kind_list;
use crate::domain::need::Place;
use crate::domain::territory::normalise_department_code;
use crate::domain::{Commune, Cpv, Department, Gazetteer, Taxonomy};
use crate::error::{Blame, Classified};
use crate::search::{MAX_LIMIT, MAX_OFFSET, SearchQuery};

/// Largest radius accepted, in kilometres.
pub const MAX_RADIUS_KM: f64 = 1000.0;

/// A bad parameter: which one, and what is wrong (French).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("paramètre « {parameter} » : {message}")]
pub struct ParamError {
    /// The parameter's name as the JSON API spells it (`radius_km`, `kind`…).
    pub parameter: String,
    /// What is wrong.
    pub message: String,
}

impl Classified for ParamError {
    fn blame(&self) -> Blame {
        Blame::user(self.parameter.clone())
    }
}

impl ParamError {
    /// A bad value of `parameter`.
    pub fn new(parameter: &str, message: impl Into<String>) -> ParamError {
        err(parameter, message)
    }
}

fn err(parameter: &str, message: impl Into<String>) -> ParamError {
    ParamError { parameter: parameter.to_string(), message: message.into() }
}

/// A supplier search as typed by a user: every value still a string.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SearchParams {
    /// Free text.
    #[serde(default)]
    pub q: String,
    /// Post code, INSEE code or name of a commune (`Montreuil (93)` when the name is not enough).
    pub near: Option<String>,
    /// Radius around `near`, in kilometres.
    pub radius_km: Option<String>,
    /// Kinds, comma-separated (`ACI,EI`).
    pub kind: Option<String>,
    /// Sector or family keys, comma-separated.
    pub sector: Option<String>,
    /// Département codes or names, comma-separated.
    pub department: Option<String>,
    /// CPV codes or prefixes (2 to 8 digits), comma-separated.
    pub cpv: Option<String>,
    /// How many results.
    pub limit: Option<String>,
    /// How many results to skip.
    pub offset: Option<String>,
}

/// A resolved search: the engine query and, when `near` was given, the place it names.
#[derive(Debug, Clone)]
pub struct ResolvedSearch {
    /// The query for the index.
    pub query: SearchQuery,
    /// "Évry-Courcouronnes (91)" when `near` was given.
    pub near_label: Option<String>,
}

/// The items of a comma-separated parameter, trimmed, without empty ones.
pub fn comma_list(value: &Option<String>) -> Vec<String> {
    value
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn number(parameter: &str, value: &Option<String>) -> Result<Option<f64>, ParamError> {
    match value.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(Some)
            .ok_or_else(|| err(parameter, format!("« {v} » n'est pas un nombre"))),
    }
}

/// An amount in euros typed by a person: `150000`, `150 000`, `1 234,5`.
pub fn amount(parameter: &str, value: &str) -> Result<f64, ParamError> {
    value
        .trim()
        .replace([' ', '\u{a0}', '\u{202f}'], "")
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .ok_or_else(|| err(parameter, format!("« {value} » n'est pas un montant en euros")))
}

/// The commune a post code, an INSEE code or a name names, as a place.
pub fn commune_place(parameter: &str, text: &str, gazetteer: &Gazetteer) -> Result<Place, ParamError> {
    Ok(Place::Commune(commune_named(parameter, text, gazetteer)?.insee.clone()))
}

/// Most homonyms listed when a name is ambiguous.
const MAX_HOMONYMS_SHOWN: usize = 8;

/// The commune a person means by a post code (the main town first when several communes share
/// it), an INSEE code, or a name; a name shared by several communes (« Montreuil ») is refused with
/// the list of them, unless a département follows it (« Montreuil (93) », « Montreuil 93 »).
pub fn commune_named<'g>(parameter: &str, text: &str, gazetteer: &'g Gazetteer) -> Result<&'g Commune, ParamError> {
    let text = text.trim();
    if let Some((_, commune)) = gazetteer.locate(text) {
        return Ok(commune);
    }
    if !text.chars().any(char::is_alphabetic) || looks_like_code(text) {
        return Err(err(parameter, format!("« {text} » n'est ni un code postal ni un code INSEE de commune connu")));
    }
    let (name, department) = split_department(text, gazetteer);
    let mut found = gazetteer.communes_named(name);
    if let Some(department) = department {
        found.retain(|c| c.department == department.code);
    }
    match found.as_slice() {
        [commune] => Ok(commune),
        [] => {
            let within =
                department.map(|d| format!(" dans le département {} ({})", d.code, d.name)).unwrap_or_default();
            Err(err(
                parameter,
                format!(
                    "aucune commune nommée « {name} »{within} : indiquez un code postal, un code INSEE ou le nom d'une commune"
                ),
            ))
        }
        homonyms => {
            let mut listed: Vec<String> = homonyms
                .iter()
                .take(MAX_HOMONYMS_SHOWN)
                .map(|c| match c.post_codes.first() {
                    Some(post_code) => format!("{} ({}, {post_code})", c.name, c.department),
                    None => format!("{} ({}, INSEE {})", c.name, c.department, c.insee),
                })
                .collect();
            if homonyms.len() > MAX_HOMONYMS_SHOWN {
                listed.push(format!("et {} autres", homonyms.len() - MAX_HOMONYMS_SHOWN));
            }
            Err(err(
                parameter,
                format!(
                    "{name} est ambigu : {} ; précisez le code postal ou le code INSEE, ou le département : « {name} ({}) »",
                    listed.join(", "),
                    homonyms[0].department
                ),
            ))
        }
    }
}

/// True for what can only be a code: five characters, digits but for Corsica's `2A`/`2B`.
fn looks_like_code(text: &str) -> bool {
    let upper = text.to_ascii_uppercase();
    upper.len() == 5
        && (upper.starts_with("2A") || upper.starts_with("2B"))
        && upper[2..].bytes().all(|b| b.is_ascii_digit())
}

/// A name followed by a known département code, in brackets or after a space: « Montreuil (93) ».
fn split_department<'t, 'g>(text: &'t str, gazetteer: &'g Gazetteer) -> (&'t str, Option<&'g Department>) {
    let (name, code) = match text.strip_suffix(')').and_then(|t| t.rsplit_once('(')) {
        Some((name, code)) => (name, code),
        None => match text.rsplit_once(' ') {
            Some((name, code)) if code.chars().any(|c| c.is_ascii_digit()) => (name, code),
            _ => return (text, None),
        },
    };
    match gazetteer.department(code.trim()) {
        Some(department) if !name.trim().is_empty() => (name.trim(), Some(department)),
        _ => (text, None),
    }
}

/// The département a person means by its code or its name.
pub fn department_named<'g>(
    parameter: &str,
    text: &str,
    gazetteer: &'g Gazetteer,
) -> Result<&'g Department, ParamError> {
    if let Some(department) = gazetteer.department(&normalise_department_code(text)) {
        return Ok(department);
    }
    match gazetteer.departments_named(text).as_slice() {
        [department] => Ok(department),
        _ => Err(err(
            parameter,
            format!("le département « {} » n'existe pas (code ou nom attendu, ex. 91 ou Essonne)", text.trim()),
        )),
    }
}

/// The codes of a comma-separated list of départements (codes or names), parameter `department`.
fn department_codes(value: &Option<String>, gazetteer: &Gazetteer) -> Result<Vec<String>, ParamError> {
    comma_list(value).iter().map(|d| department_named("department", d, gazetteer).map(|d| d.code.clone())).collect()
}

/// A comma-separated list of CPV codes or prefixes, parameter `cpv`.
fn cpv_prefixes(value: &Option<String>) -> Result<Vec<Cpv>, ParamError> {
    comma_list(value).iter().map(|c| Cpv::parse_prefix(c).map_err(|e| err("cpv", e.to_string()))).collect()
}

/// A whole number from 0 to `max` typed as a string, `None` when absent.
pub fn count(parameter: &str, value: &Option<String>, max: usize) -> Result<Option<usize>, ParamError> {
    match number(parameter, value)? {
        None => Ok(None),
        Some(n) if n < 0.0 || n.fract() != 0.0 || n > max as f64 => {
            Err(err(parameter, format!("un entier entre 0 et {max} est attendu")))
        }
        Some(n) => Ok(Some(n as usize)),
    }
}

/// Checks and resolves a search request.
pub fn resolve_search(
    params: &SearchParams,
    default_limit: usize,
    gazetteer: &Gazetteer,
    taxonomy: &Taxonomy,
) -> Result<ResolvedSearch, ParamError> {
    let (near, near_label) = match params.near.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => (None, None),
        Some(place) => {
            let commune = commune_named("near", place, gazetteer)?;
            (Some(commune.centre), Some(format!("{} ({})", commune.name, commune.department)))
        }
    };
    let radius_km = number("radius_km", &params.radius_km)?;
    if let Some(r) = radius_km {
        if r <= 0.0 || r > MAX_RADIUS_KM {
            return Err(err("radius_km", format!("le rayon doit être compris entre 0 et {MAX_RADIUS_KM} km")));
        }
        if near.is_none() {
            return Err(err(
                "radius_km",
                "un rayon demande un lieu : précisez « near » (code postal, INSEE ou nom de commune)",
            ));
        }
    }
    let kinds = parse_kind_list(params.kind.as_deref().unwrap_or_default()).map_err(|e| err("kind", e.to_string()))?;
    let sectors = comma_list(&params.sector);
    if let Some(bad) = sectors.iter().find(|k| taxonomy.sector(k).is_none() && taxonomy.family(k).is_none()) {
        return Err(err("sector", format!("secteur ou famille de secteurs inconnu « {bad} »")));
    }
    let departments = department_codes(&params.department, gazetteer)?;
    let cpv = cpv_prefixes(&params.cpv)?;
    let limit = count("limit", &params.limit, MAX_LIMIT)?.unwrap_or(default_limit);
    let offset = count("offset", &params.offset, MAX_OFFSET)?.unwrap_or(0);
    let query = SearchQuery {
        text: params.q.trim().to_string(),
        near,
        radius_km,
        kinds,
        sectors,
        departments,
        cpv,
        limit,
        offset,
    };
    Ok(ResolvedSearch { query, near_label })
}

/// A notice search as typed by a user: every value still a string.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct NoticeSearchParams {
    /// Free text.
    #[serde(default)]
    pub q: String,
    /// Département codes, comma-separated.
    pub department: Option<String>,
    /// CPV codes or prefixes (2 to 8 digits), comma-separated.
    pub cpv: Option<String>,
    /// `true` for the procedures still open only.
    pub open: Option<String>,
    /// How many notices.
    pub limit: Option<String>,
}

/// Reads a yes/no parameter: `true`/`false`, `1`/`0`, `oui`/`non`, `yes`/`no`; absent or empty is `false`.
pub fn flag(parameter: &str, value: &Option<String>) -> Result<bool, ParamError> {
    match value.as_deref().map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        None | Some("") => Ok(false),
        Some("true" | "1" | "oui" | "yes") => Ok(true),
        Some("false" | "0" | "non" | "no") => Ok(false),
        Some(other) => Err(err(parameter, format!("« {other} » : true ou false est attendu"))),
    }
}

/// Checks a notice search; `today` is the day « open » is judged on.
pub fn resolve_notice_search(
    params: &NoticeSearchParams,
    gazetteer: &Gazetteer,
    today: jiff::civil::Date,
) -> Result<crate::notices::search::NoticeQuery, ParamError> {
    use crate::notices::search::{DEFAULT_NOTICE_LIMIT, MAX_NOTICE_LIMIT, NoticeQuery};
    let departments = department_codes(&params.department, gazetteer)?;
    let cpv = cpv_prefixes(&params.cpv)?;
    Ok(NoticeQuery {
        text: params.q.trim().to_string(),
        departments,
        cpv,
        open_only: flag("open", &params.open)?,
        today,
        limit: count("limit", &params.limit, MAX_NOTICE_LIMIT)?.unwrap_or(DEFAULT_NOTICE_LIMIT),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(text: &str) -> Result<String, String> {
        commune_named("near", text, Gazetteer::builtin()).map(|c| c.insee.clone()).map_err(|e| e.message)
    }

    #[test]
    fn communes_are_found_by_code_or_name() {
        assert_eq!(near("94220"), Ok("94018".into()));
        assert_eq!(near("93048"), Ok("93048".into()));
        assert_eq!(near("charenton-le-pont"), Ok("94018".into()));
        assert_eq!(near("Montreuil (93)"), Ok("93048".into()));
        assert_eq!(near("Montreuil 62"), Ok("62588".into()));
        assert_eq!(near("Évry-Courcouronnes"), Ok("91228".into()));
        let ambiguous = near("Montreuil").unwrap_err();
        assert!(
            ambiguous.starts_with("Montreuil est ambigu : Montreuil (62, 62170), Montreuil (93, 93100)"),
            "{ambiguous}"
        );
        assert!(ambiguous.contains("précisez le code postal ou le code INSEE"), "{ambiguous}");
        assert!(near("Évry").unwrap_err().contains("Évry-Courcouronnes (91, 91000), Évry (89, 89140)"));
        assert!(near("00000").unwrap_err().contains("ni un code postal ni un code INSEE"));
        assert!(near("Gotham").unwrap_err().contains("aucune commune nommée « Gotham »"));
        assert!(near("Montreuil (75)").unwrap_err().contains("dans le département 75 (Paris)"));
    }

    #[test]
    fn departments_are_found_by_code_or_name() {
        let code = |text: &str| department_named("department", text, Gazetteer::builtin()).map(|d| d.code.clone());
        assert_eq!(code("91"), Ok("91".into()));
        assert_eq!(code("2a"), Ok("2A".into()));
        assert_eq!(code("Essonne"), Ok("91".into()));
        assert_eq!(code("val de marne"), Ok("94".into()));
        assert_eq!(code("Bretagne").map_err(|e| e.parameter), Err("department".into()));
    }
}
