//! Reading an XML notice into a [`Node`] tree with quick-xml's streaming reader, safely.
//!
//! - A `<!DOCTYPE …>` is refused outright: it is the only way in for entity definitions (« billion laughs »)
//!   and external entities, and no published notice carries one. Nothing is ever fetched.
//! - Only the five predefined entities and character references are read; any other `&name;` is refused.
//! - The text must be UTF-8 (a byte-order mark is skipped) or ISO-8859-1 / Windows-1252 when the XML
//!   declaration says so, as older BOAMP files do.
//! - Depth and element count are bounded, on top of the file size limit of the caller.

use std::borrow::Cow;
use std::path::Path;

use quick_xml::XmlVersion;
use quick_xml::errors::{Error as XmlError, IllFormedError, SyntaxError};
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::error::NoticeError;
use super::tree::{Node, local};

/// Deepest element nesting accepted (notices nest about 15 levels).
pub const MAX_DEPTH: usize = 256;
/// Most elements accepted in one notice (a 20 MB notice holds far fewer).
pub const MAX_ELEMENTS: usize = 2_000_000;

/// Parses a whole XML document into its root element.
pub fn parse(file: &Path, bytes: &[u8]) -> Result<Node, NoticeError> {
    let text = decode(file, bytes)?;
    let mut reader = Reader::from_str(&text);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;
    let line_of = |offset: u64| line_at(&text, offset);
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    let mut elements = 0usize;
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(err) => {
                return Err(NoticeError::Xml {
                    file: file.to_path_buf(),
                    line: line_of(reader.error_position()),
                    element: stack.last().map(|n| n.name.clone()),
                    message: describe(&err),
                });
            }
        };
        let xml_error = |message: String, stack: &[Node]| NoticeError::Xml {
            file: file.to_path_buf(),
            line: line_of(reader.buffer_position()),
            element: stack.last().map(|n| n.name.clone()),
            message,
        };
        match event {
            Event::DocType(_) => {
                let at = text.find("<!DOCTYPE").map_or(reader.buffer_position(), |at| at as u64);
                return Err(NoticeError::Doctype { file: file.to_path_buf(), line: line_of(at) });
            }
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(xml_error("élément après la fin de l'élément racine".into(), &stack));
            }
            Event::Start(start) => {
                elements += 1;
                check_size(file, elements, stack.len() + 1)?;
                stack.push(element(file, &start, line_of(reader.buffer_position()))?);
            }
            Event::Empty(start) => {
                elements += 1;
                check_size(file, elements, stack.len() + 1)?;
                let node = element(file, &start, line_of(reader.buffer_position()))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::End(_) => {
                let Some(node) = stack.pop() else {
                    return Err(xml_error("balise fermante sans ouverture".into(), &stack));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Text(t) => append_text(&mut stack, &t.xml10_content(), |s| xml_error(s, &[]))?,
            Event::CData(c) => append_text(&mut stack, &c.xml10_content(), |s| xml_error(s, &[]))?,
            Event::GeneralRef(r) => {
                let name: &str = &r;
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match predefined(name) {
                        Some(s) => s.to_string(),
                        None => {
                            return Err(NoticeError::Entity {
                                file: file.to_path_buf(),
                                line: line_of(reader.buffer_position()),
                                name: name.to_string(),
                            });
                        }
                    },
                    Err(_) => return Err(xml_error(format!("référence de caractère invalide « &{name}; »"), &stack)),
                };
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(NoticeError::Xml {
            file: file.to_path_buf(),
            line: line_of(reader.buffer_position()),
            element: Some(open.name.clone()),
            message: format!("fin de fichier avant la fermeture de <{}> : fichier tronqué ?", open.name),
        });
    }
    root.ok_or_else(|| NoticeError::UnknownFormat {
        file: file.to_path_buf(), found: "aucun élément XML".to_string()
    })
}

fn check_size(file: &Path, elements: usize, depth: usize) -> Result<(), NoticeError> {
    if depth > MAX_DEPTH {
        return Err(NoticeError::TooComplex {
            file: file.to_path_buf(),
            what: format!("plus de {MAX_DEPTH} niveaux d'imbrication"),
        });
    }
    if elements > MAX_ELEMENTS {
        return Err(NoticeError::TooComplex {
            file: file.to_path_buf(),
            what: format!("plus de {MAX_ELEMENTS} éléments"),
        });
    }
    Ok(())
}

fn append_text(stack: &mut [Node], text: &str, error: impl Fn(String) -> NoticeError) -> Result<(), NoticeError> {
    match stack.last_mut() {
        Some(node) => node.text.push_str(text),
        None if text.trim().is_empty() => {}
        None => return Err(error("texte hors de l'élément racine".into())),
    }
    Ok(())
}

fn predefined(name: &str) -> Option<&'static str> {
    match name {
        "amp" => Some("&"),
        "lt" => Some("<"),
        "gt" => Some(">"),
        "apos" => Some("'"),
        "quot" => Some("\""),
        _ => None,
    }
}

fn element(file: &Path, start: &BytesStart<'_>, line: usize) -> Result<Node, NoticeError> {
    let mut node = Node::named(local(start.name().as_ref()));
    for attr in start.attributes() {
        let attr = attr.map_err(|e| NoticeError::Xml {
            file: file.to_path_buf(),
            line,
            element: Some(node.name.clone()),
            message: format!("attribut mal formé : {e}"),
        })?;
        let key = attr.key.as_ref();
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let value = attr.normalized_value(XmlVersion::Implicit1_0).map_err(|_| NoticeError::Entity {
            file: file.to_path_buf(),
            line,
            name: entity_in(&attr.value),
        })?;
        node.attrs.push((local(key).to_string(), value.into_owned()));
    }
    Ok(node)
}

/// The first entity name in an attribute value, for the message.
fn entity_in(value: &str) -> String {
    value.split('&').nth(1).and_then(|rest| rest.split(';').next()).unwrap_or(value).to_string()
}

/// French wording of quick-xml's errors.
fn describe(err: &XmlError) -> String {
    match err {
        XmlError::Syntax(SyntaxError::UnclosedTag) => "balise non terminée : fichier tronqué ?".into(),
        XmlError::Syntax(SyntaxError::UnclosedComment) => "commentaire non terminé".into(),
        XmlError::Syntax(SyntaxError::UnclosedCData) => "section CDATA non terminée".into(),
        XmlError::Syntax(SyntaxError::UnclosedDoctype) => "déclaration DOCTYPE refusée".into(),
        XmlError::Syntax(_) => "syntaxe XML invalide".into(),
        XmlError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
            format!("balise fermante </{found}> au lieu de </{expected}>")
        }
        XmlError::IllFormed(IllFormedError::UnmatchedEndTag(name)) => {
            format!("balise fermante </{name}> sans ouverture")
        }
        XmlError::IllFormed(IllFormedError::MissingEndTag(name)) => format!("élément <{name}> non fermé"),
        XmlError::IllFormed(IllFormedError::UnclosedReference) => "« & » isolé (à écrire &amp;)".into(),
        XmlError::IllFormed(other) => format!("document mal formé : {other}"),
        XmlError::InvalidAttr(e) => format!("attribut mal formé : {e}"),
        XmlError::Escape(e) => format!("échappement invalide : {e}"),
        other => other.to_string(),
    }
}

/// The 1-based line of a byte offset.
fn line_at(text: &str, offset: u64) -> usize {
    let end = usize::try_from(offset).unwrap_or(usize::MAX).min(text.len());
    text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
}

/// The document as text: UTF-8, or the single-byte encoding its declaration names.
fn decode<'a>(file: &Path, bytes: &'a [u8]) -> Result<Cow<'a, str>, NoticeError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(NoticeError::Encoding {
            file: file.to_path_buf(),
            message: "UTF-16 non lu : enregistrer le fichier en UTF-8".into(),
        });
    }
    match declared_encoding(bytes).as_deref() {
        None | Some("utf-8" | "utf8") => {
            std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|e| NoticeError::Encoding {
                file: file.to_path_buf(),
                message: format!(
                    "octets non UTF-8 à la ligne {} alors que le fichier ne déclare pas d'autre encodage",
                    bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1
                ),
            })
        }
        Some("iso-8859-1" | "latin1" | "latin-1" | "iso8859-1" | "iso-8859-15" | "windows-1252" | "cp1252") => {
            Ok(Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()))
        }
        Some(other) => Err(NoticeError::Encoding {
            file: file.to_path_buf(),
            message: format!("encodage « {other} » non pris en charge (UTF-8, ISO-8859-1 ou Windows-1252)"),
        }),
    }
}

/// The `encoding` of the XML declaration, lower-cased.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(256)];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = String::from_utf8_lossy(&head[..end]).to_ascii_lowercase();
    let after = decl.split("encoding").nth(1)?;
    let value = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = value.chars().next()?;
    value[1..].split(quote).next().map(str::to_string)
}

/// A Windows-1252 byte as a character (ISO-8859-1 for every byte outside 0x80–0x9F; the euro sign of
/// ISO-8859-15 at 0xA4 is not distinguished).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

#[cfg(test)]
#[path = "xml_tests.rs"]
mod tests;
