use std::path::Path;

use super::*;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/notices/hostile").join(name)).unwrap()
}

#[test]
fn reads_elements_attributes_text_and_predefined_entities() {
    let xml = br#"<?xml version="1.0"?><a:Root xmlns:a="urn:x" k="v &amp; w"><B>x &lt; y &#233;t&#xE9;</B><C/><![CDATA[<brut>]]></a:Root>"#;
    let root = parse(Path::new("t.xml"), xml).unwrap();
    assert_eq!(root.name, "Root");
    assert_eq!(root.attr("k"), Some("v & w"));
    assert_eq!(root.text_at(&["B"]).as_deref(), Some("x < y été"));
    assert!(root.child("C").is_some());
    assert_eq!(root.trimmed().as_deref(), Some("<brut>"));
}

#[test]
fn refuses_billion_laughs_without_expanding() {
    let err = parse(Path::new("laughs.xml"), &fixture("billion-laughs.xml")).unwrap_err();
    assert!(matches!(err, NoticeError::Doctype { line: 2, .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("laughs.xml") && text.contains("DOCTYPE"), "{text}");
    assert!(err.is_user_error());
}

#[test]
fn refuses_external_entities() {
    let err = parse(Path::new("xxe.xml"), &fixture("external-entity.xml")).unwrap_err();
    assert!(matches!(err, NoticeError::Doctype { .. }), "{err:?}");
    // Without a DOCTYPE, a reference to an undeclared entity is refused by name.
    let err = parse(Path::new("ent.xml"), &fixture("undeclared-entity.xml")).unwrap_err();
    match &err {
        NoticeError::Entity { name, line, .. } => assert_eq!((name.as_str(), *line), ("idweb", 3)),
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("&idweb;"), "{err}");
    // Nor in an attribute value.
    let err = parse(Path::new("attr.xml"), b"<A b=\"&x;\"/>").unwrap_err();
    assert!(matches!(err, NoticeError::Entity { .. }), "{err:?}");
}

#[test]
fn truncated_file_names_the_open_element_and_line() {
    let err = parse(Path::new("cut.xml"), &fixture("truncated.xml")).unwrap_err();
    match &err {
        NoticeError::Xml { line, element, .. } => {
            assert!(*line >= 18, "{err}");
            assert!(element.is_some(), "{err}");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("cut.xml"), "{err}");
}

#[test]
fn mismatched_tags_and_garbage_are_errors() {
    let err = parse(Path::new("m.xml"), b"<A>\n<B></C></A>").unwrap_err();
    assert!(err.to_string().contains("ligne 2"), "{err}");
    assert!(parse(Path::new("e.xml"), b"").is_err());
    assert!(parse(Path::new("two.xml"), b"<A/><B/>").is_err());
}

#[test]
fn depth_is_bounded() {
    let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
    let err = parse(Path::new("deep.xml"), deep.as_bytes()).unwrap_err();
    assert!(matches!(err, NoticeError::TooComplex { .. }), "{err:?}");
}

#[test]
fn reads_latin1_when_declared_and_refuses_undeclared_latin1() {
    let mut xml = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><A>R\xe9gie \x80</A>".to_vec();
    assert_eq!(parse(Path::new("l.xml"), &xml).unwrap().trimmed().as_deref(), Some("Régie €"));
    xml.drain(..xml.iter().position(|b| *b == b'>').unwrap() + 1);
    let err = parse(Path::new("l.xml"), &xml).unwrap_err();
    assert!(matches!(err, NoticeError::Encoding { .. }), "{err:?}");
}
