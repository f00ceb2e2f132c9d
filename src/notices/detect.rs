//! Which format a file holds, from its content (never from its name).

use super::model::NoticeFormat;
use super::tree::Node;

/// The syntax a file starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `<`: one XML notice.
    Xml,
    /// `{`: JSON records, one per line (BOAMP open data).
    JsonLines,
}

/// The syntax of a file from its first bytes (a UTF-8 byte-order mark and white space skipped).
pub fn syntax(head: &[u8]) -> Option<Syntax> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    match head.iter().find(|b| !b.is_ascii_whitespace())? {
        b'<' => Some(Syntax::Xml),
        b'{' => Some(Syntax::JsonLines),
        _ => None,
    }
}

/// The XML format of a document from its root element: `TED_EXPORT` is TED, the three UBL notice roots are
/// eForms, and a root holding `GESTION` and `DONNEES` (`ANNONCE`, `AVIS`) is BOAMP.
pub fn xml_format(root: &Node) -> Option<NoticeFormat> {
    match root.name.as_str() {
        "TED_EXPORT" => Some(NoticeFormat::TedXml),
        "ContractNotice" | "PriorInformationNotice" | "ContractAwardNotice" => Some(NoticeFormat::Eforms),
        _ if root.child("GESTION").is_some() && root.child("DONNEES").is_some() => Some(NoticeFormat::BoampXml),
        _ => None,
    }
}

/// A short description of what was found, for the « unknown format » message.
pub fn describe_start(head: &[u8]) -> String {
    let text = String::from_utf8_lossy(&head[..head.len().min(40)]);
    let text: String = text.chars().filter(|c| !c.is_control()).collect();
    if text.trim().is_empty() { "fichier vide".to_string() } else { format!("début : « {} »", text.trim()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_from_first_bytes() {
        assert_eq!(syntax(b"\xEF\xBB\xBF  <?xml"), Some(Syntax::Xml));
        assert_eq!(syntax(b"\n{\"idweb\":"), Some(Syntax::JsonLines));
        assert_eq!(syntax(b"PK\x03\x04"), None);
        assert_eq!(syntax(b"   "), None);
    }

    #[test]
    fn roots_decide_the_xml_format() {
        assert_eq!(xml_format(&Node::named("TED_EXPORT")), Some(NoticeFormat::TedXml));
        assert_eq!(xml_format(&Node::named("ContractAwardNotice")), Some(NoticeFormat::Eforms));
        let mut annonce = Node::named("ANNONCE");
        assert_eq!(xml_format(&annonce), None);
        annonce.children = vec![Node::named("GESTION"), Node::named("DONNEES")];
        assert_eq!(xml_format(&annonce), Some(NoticeFormat::BoampXml));
        assert_eq!(xml_format(&Node::named("FacturX")), None);
    }
}
