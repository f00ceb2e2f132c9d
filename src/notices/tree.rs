//! A small element tree that every format is read from.
//!
//! XML notices are turned into it by [`super::xml`]; BOAMP's `donnees` JSON, which is XML converted to JSON
//! (`"cac:ProcurementProject": {"cbc:Name": {"@languageID": "FRA", "#text": "…"}}`), is turned into the same
//! tree by [`Node::from_json`]. Names are local names: namespace prefixes are dropped, so `cbc:ID`, `ID` and
//! `{urn:…}ID` are one name, and the eForms reader works on UBL whatever namespace URIs BOAMP rebased it on.

use serde_json::Value;

/// An element: its local name, attributes (local names too), direct text and children.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Node {
    /// Local name (`ProcurementProject`, `OBJECT_CONTRACT`).
    pub name: String,
    /// Attributes by local name, in document order.
    pub attrs: Vec<(String, String)>,
    /// The element's own text (its children's text excluded), untrimmed.
    pub text: String,
    /// Child elements, in document order.
    pub children: Vec<Node>,
}

/// Drops a namespace prefix: `cbc:ID` → `ID`.
pub fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

impl Node {
    /// An element with a name and nothing else.
    pub fn named(name: &str) -> Node {
        Node { name: local(name).to_string(), ..Node::default() }
    }

    /// The first child with this name.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The children with this name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first node at the end of a path of child names.
    pub fn at(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |node, name| node.child(name))
    }

    /// Every node at the end of a path of child names.
    pub fn all_at<'a>(&'a self, path: &[&str]) -> Vec<&'a Node> {
        let mut current = vec![self];
        for name in path {
            current = current.into_iter().flat_map(|n| n.children.iter().filter(|c| c.name == *name)).collect();
        }
        current
    }

    /// The trimmed text of the node at a path, when not empty.
    pub fn text_at(&self, path: &[&str]) -> Option<String> {
        self.at(path).and_then(Node::trimmed)
    }

    /// The node's own text, trimmed, when not empty.
    pub fn trimmed(&self) -> Option<String> {
        let t = self.text.trim();
        (!t.is_empty()).then(|| t.to_string())
    }

    /// The node's text and its descendants' text, paragraphs (`<P>`) on their own lines, whitespace collapsed
    /// within lines; `None` when empty.
    pub fn deep_text(&self) -> Option<String> {
        let mut lines = Vec::new();
        let mut current = String::new();
        self.collect_text(&mut lines, &mut current);
        push_line(&mut lines, &mut current);
        let text = lines.join("\n");
        (!text.is_empty()).then_some(text)
    }

    fn collect_text(&self, lines: &mut Vec<String>, current: &mut String) {
        let paragraph = self.name == "P";
        if paragraph {
            push_line(lines, current);
        }
        current.push(' ');
        current.push_str(&self.text);
        for child in &self.children {
            child.collect_text(lines, current);
        }
        if paragraph {
            push_line(lines, current);
        }
    }

    /// An attribute by local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The first descendant (depth first, the node itself excluded) with this name.
    pub fn find(&self, name: &str) -> Option<&Node> {
        self.children.iter().find_map(|c| if c.name == name { Some(c) } else { c.find(name) })
    }

    /// Every descendant with this name, in document order (not looking inside a match).
    pub fn find_all<'a>(&'a self, name: &str) -> Vec<&'a Node> {
        let mut out = Vec::new();
        self.visit(&mut |n| {
            if n.name == name {
                out.push(n);
                false
            } else {
                true
            }
        });
        out
    }

    /// Walks the descendants in document order; `f` returns false to skip a node's children.
    pub fn visit<'a>(&'a self, f: &mut dyn FnMut(&'a Node) -> bool) {
        for child in &self.children {
            if f(child) {
                child.visit(f);
            }
        }
    }

    /// Builds the tree of a JSON value converted from XML (the convention of BOAMP's `donnees`): object keys
    /// are child elements (`@name` keys are attributes, `#text` is the text), arrays are repeated elements,
    /// scalars are elements holding only text.
    pub fn from_json(name: &str, value: &Value) -> Node {
        let mut node = Node::named(name);
        node.fill_from_json(value);
        node
    }

    fn fill_from_json(&mut self, value: &Value) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    if let Some(attr) = key.strip_prefix('@') {
                        if !attr.starts_with("xmlns") {
                            self.attrs.push((local(attr).to_string(), scalar_text(v)));
                        }
                    } else if key == "#text" {
                        self.text.push_str(&scalar_text(v));
                    } else if let Value::Array(items) = v {
                        self.children.extend(items.iter().map(|item| Node::from_json(key, item)));
                    } else {
                        self.children.push(Node::from_json(key, v));
                    }
                }
            }
            Value::Array(items) => {
                // An array directly inside an array: keep its items as repeated elements of the same name.
                let name = self.name.clone();
                self.children.extend(items.iter().map(|item| Node::from_json(&name, item)));
            }
            other => self.text = scalar_text(other),
        }
    }
}

fn push_line(lines: &mut Vec<String>, current: &mut String) {
    let line = current.split_whitespace().collect::<Vec<_>>().join(" ");
    if !line.is_empty() {
        lines.push(line);
    }
    current.clear();
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        // An object or array where a scalar was expected: its JSON, so nothing is lost.
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_converted_from_xml_reads_like_the_xml() {
        let value = json!({
            "cac:ProcurementProject": {
                "cbc:Name": [{"@languageID": "FRA", "#text": "Nettoyage"}, {"@languageID": "ENG", "#text": "Cleaning"}],
                "cbc:ProcurementTypeCode": {"@listName": "contract-nature", "#text": "services"},
                "cbc:Note": "simple",
                "cbc:Amount": 12.5
            }
        });
        let root = Node::from_json("ContractNotice", &value);
        let project = root.child("ProcurementProject").unwrap();
        let names: Vec<_> = project.children_named("Name").map(|n| n.attr("languageID").unwrap()).collect();
        assert_eq!(names, ["FRA", "ENG"]);
        assert_eq!(project.text_at(&["ProcurementTypeCode"]).as_deref(), Some("services"));
        assert_eq!(project.text_at(&["Note"]).as_deref(), Some("simple"));
        assert_eq!(project.text_at(&["Amount"]).as_deref(), Some("12.5"));
        assert_eq!(root.find_all("Name").len(), 2);
    }

    #[test]
    fn deep_text_keeps_paragraphs() {
        let mut title = Node::named("TITLE");
        for text in ["  Première   ligne ", "Seconde"] {
            let mut p = Node::named("P");
            p.text = text.to_string();
            title.children.push(p);
        }
        assert_eq!(title.deep_text().as_deref(), Some("Première ligne\nSeconde"));
        assert_eq!(Node::named("EMPTY").deep_text(), None);
    }
}
