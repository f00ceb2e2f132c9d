//! Reading typed values out of a need's JSON, with errors that name the field's full path
//! (`lots[1].cpv[0]`, `place.department`).

use serde_json::{Map, Value};

use super::NeedError;

/// A JSON object being read, with the path that leads to it (empty at the root).
pub(crate) struct JsonObject<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

/// The path of `key` inside the object at `parent` (`""` + `title` = `title`; `lots[0]` + `id` = `lots[0].id`).
pub(crate) fn join_path(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_string() } else { format!("{parent}.{key}") }
}

impl<'a> JsonObject<'a> {
    /// The value at `path`, which must be a JSON object.
    pub(crate) fn new(value: &'a Value, path: &str, example: &str) -> Result<Self, NeedError> {
        match value {
            Value::Object(map) => Ok(JsonObject { map, path: path.to_string() }),
            _ => {
                let field = if path.is_empty() { "(racine)" } else { path };
                Err(NeedError::new(field, format!("un objet JSON est attendu, par ex. {example}")))
            }
        }
    }

    /// The full path of one of its fields.
    pub(crate) fn path_of(&self, key: &str) -> String {
        join_path(&self.path, key)
    }

    /// The path of the object itself (`"(racine)"` at the root).
    pub(crate) fn own_path(&self) -> &str {
        if self.path.is_empty() { "(racine)" } else { &self.path }
    }

    /// True when the field is present and not `null`.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The keys present (not `null`) among `keys`.
    pub(crate) fn present<'k>(&self, keys: &[&'k str]) -> Vec<&'k str> {
        keys.iter().copied().filter(|k| self.has(k)).collect()
    }

    /// True when the field holds a JSON array.
    pub(crate) fn is_array(&self, key: &str) -> bool {
        self.get(key).is_some_and(Value::is_array)
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn error(&self, key: &str, message: impl Into<String>) -> NeedError {
        NeedError::new(self.path_of(key), message)
    }

    /// An optional string; a number is read as its decimal text, an empty string as absent.
    pub(crate) fn opt_str(&self, key: &str) -> Result<Option<String>, NeedError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => scalar_text(v)
                .map(|s| Some(s).filter(|s| !s.is_empty()))
                .ok_or_else(|| self.error(key, "une chaîne de caractères est attendue")),
        }
    }

    /// A required, non-empty string.
    pub(crate) fn req_str(&self, key: &str) -> Result<String, NeedError> {
        self.opt_str(key)?.ok_or_else(|| self.error(key, "champ obligatoire manquant ou vide"))
    }

    /// An optional number: a JSON number or a numeric string (`"50 000"`, `"1234,5"`).
    pub(crate) fn opt_f64(&self, key: &str) -> Result<Option<f64>, NeedError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => n.as_f64().map(Some).ok_or_else(|| self.error(key, "nombre invalide")),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => parse_number(s)
                .map(Some)
                .ok_or_else(|| self.error(key, format!("« {} » n'est pas un nombre", s.trim()))),
            Some(_) => Err(self.error(key, "un nombre est attendu")),
        }
    }

    /// An optional amount or distance that cannot be negative.
    pub(crate) fn opt_non_negative(&self, key: &str, what: &str) -> Result<Option<f64>, NeedError> {
        match self.opt_f64(key)? {
            Some(v) if v < 0.0 => Err(self.error(key, format!("{what} ne peut pas être négatif ({v})"))),
            other => Ok(other),
        }
    }

    /// An optional whole number of at least 1 (a duration in months).
    pub(crate) fn opt_positive_u32(&self, key: &str, what: &str) -> Result<Option<u32>, NeedError> {
        match self.opt_f64(key)? {
            None => Ok(None),
            Some(v) if v < 0.0 => Err(self.error(key, format!("{what} ne peut pas être négative ({v})"))),
            Some(v) if v < 1.0 || v.fract() != 0.0 || v > f64::from(u32::MAX) => {
                Err(self.error(key, format!("{what} doit être un nombre entier d'au moins 1 ({v})")))
            }
            Some(v) => Ok(Some(v as u32)),
        }
    }

    /// An optional list of strings, each with its own path (`cpv[2]`). A lone string is a list of one.
    pub(crate) fn str_list(&self, key: &str) -> Result<Option<Vec<(String, String)>>, NeedError> {
        let path = self.path_of(key);
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let item_path = format!("{path}[{i}]");
                    match scalar_text(v) {
                        Some(s) if !s.is_empty() => Ok((item_path, s)),
                        Some(_) => Err(NeedError::new(item_path, "valeur vide")),
                        None => Err(NeedError::new(item_path, "une chaîne de caractères est attendue")),
                    }
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(v) => match scalar_text(v) {
                Some(s) if !s.is_empty() => Ok(Some(vec![(format!("{path}[0]"), s)])),
                Some(_) => Ok(None),
                None => Err(self.error(key, "une liste de chaînes est attendue")),
            },
        }
    }

    /// An optional nested object.
    pub(crate) fn object(&self, key: &str, example: &str) -> Result<Option<JsonObject<'a>>, NeedError> {
        self.get(key).map(|v| JsonObject::new(v, &self.path_of(key), example)).transpose()
    }

    /// An optional list of objects, each with its own path (`lots[1]`).
    pub(crate) fn objects(&self, key: &str, example: &str) -> Result<Vec<JsonObject<'a>>, NeedError> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| JsonObject::new(v, &format!("{}[{i}]", self.path_of(key)), example))
                .collect(),
            Some(_) => Err(self.error(key, format!("une liste d'objets est attendue, par ex. [{example}]"))),
        }
    }
}

/// The text of a string or number value, trimmed; `None` for other JSON types.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads `"50 000"`, `"50000.5"` or `"1234,5"`; `None` for anything else (including `NaN`, `inf`).
fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_name_nested_fields() {
        let v = json!({"lots": [{"cpv": ["45000000", 12]}]});
        let root = JsonObject::new(&v, "", "{}").unwrap();
        let lots = root.objects("lots", "{}").unwrap();
        assert_eq!(lots[0].path_of("title"), "lots[0].title");
        let list = lots[0].str_list("cpv").unwrap().unwrap();
        assert_eq!(list[1], ("lots[0].cpv[1]".to_string(), "12".to_string()));
    }

    #[test]
    fn numbers_in_french_notation_are_read() {
        assert_eq!(parse_number("50 000"), Some(50_000.0));
        assert_eq!(parse_number("1234,5"), Some(1234.5));
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("douze"), None);
    }

    #[test]
    fn a_list_of_something_else_is_an_error_at_its_index() {
        let v = json!({"cpv": ["45000000", {"x": 1}]});
        let root = JsonObject::new(&v, "", "{}").unwrap();
        assert_eq!(root.str_list("cpv").unwrap_err().field, "cpv[1]");
    }
}
