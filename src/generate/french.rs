//! Small French grammar helpers for generated text: prepositions before région names, slugs, templates.

use essor::domain::text::fold;

/// "en" or "dans le/la/les" before a région name, by its INSEE code ("en Occitanie", "dans le Grand Est").
pub fn in_region(code: &str, name: &str) -> String {
    match code {
        "44" => format!("dans le {name}"),
        "32" | "52" => format!("dans les {name}"),
        "04" | "06" => format!("à {name}"),
        "97" => {
            let mut out = String::from("dans les ");
            push_uncapitalised(&mut out, name);
            out
        }
        _ => format!("en {name}"),
    }
}

/// A lower-case ASCII identifier made of the name's words joined by hyphens, at most `max` bytes:
/// "Régie de quartier d'Évry" → "regie-de-quartier-d-evry".
pub fn slug(name: &str, max: usize) -> String {
    let mut out = String::with_capacity(max);
    for word in fold(name).split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let needed = word.len() + usize::from(!out.is_empty());
        if out.len() + needed > max {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out
}

/// Upper-cases the first letter of the text in place ("élan" → "Élan").
pub fn capitalise(text: &mut String) {
    if let Some(first) = text.chars().next().filter(|c| c.is_lowercase()) {
        let upper: String = first.to_uppercase().collect();
        text.replace_range(..first.len_utf8(), &upper);
    }
}

/// Appends the text with its first letter lower-cased, unless it starts an acronym ("Nettoyage" →
/// "nettoyage", "BTP" stays).
pub fn push_uncapitalised(out: &mut String, text: &str) {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return;
    };
    if chars.next().is_some_and(char::is_uppercase) {
        out.push_str(text);
    } else {
        out.extend(first.to_lowercase());
        out.push_str(&text[first.len_utf8()..]);
    }
}

/// Fills a template: each `{x}` (one letter) is replaced by the text given for `x`; an unknown letter
/// is kept as written.
pub fn fill(template: &str, slots: &[(char, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 48);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let mut chars = after.chars();
        match (chars.next(), chars.next()) {
            (Some(letter), Some('}')) if slots.iter().any(|(l, _)| *l == letter) => {
                let value = slots.iter().find(|(l, _)| *l == letter).map(|(_, v)| *v).unwrap_or_default();
                out.push_str(value);
                rest = &after[letter.len_utf8() + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_region_with_its_preposition() {
        assert_eq!(in_region("44", "Grand Est"), "dans le Grand Est");
        assert_eq!(in_region("76", "Occitanie"), "en Occitanie");
        assert_eq!(in_region("97", "Collectivités d'outre-mer"), "dans les collectivités d'outre-mer");
    }

    #[test]
    fn slugs_are_ascii_words_within_the_limit() {
        assert_eq!(slug("Régie de quartier d'Évry", 40), "regie-de-quartier-d-evry");
        assert_eq!(slug("Les Jardins de la Vallée", 12), "les-jardins");
        assert_eq!(slug("«  »", 10), "");
    }

    #[test]
    fn fills_templates_and_keeps_unknown_slots() {
        assert_eq!(fill("ESAT {k} {c}", &[('k', "Les Ateliers"), ('c', "de Crest")]), "ESAT Les Ateliers de Crest");
        assert_eq!(fill("{z} et {", &[('k', "x")]), "{z} et {");
        assert_eq!(fill("Élan {é}", &[('é', "Vert")]), "Élan Vert");
    }

    #[test]
    fn changes_the_case_of_the_first_letter_only() {
        let mut text = String::from("élan solidaire");
        capitalise(&mut text);
        assert_eq!(text, "Élan solidaire");
        capitalise(&mut text);
        assert_eq!(text, "Élan solidaire");
        let mut out = String::from("en ");
        push_uncapitalised(&mut out, "Nettoyage de locaux");
        push_uncapitalised(&mut out, "");
        assert_eq!(out, "en nettoyage de locaux");
        out.clear();
        push_uncapitalised(&mut out, "BTP et second œuvre");
        assert_eq!(out, "BTP et second œuvre");
    }
}
