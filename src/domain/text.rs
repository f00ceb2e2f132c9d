//! Text normalisation shared by the index, the sector inference and the duplicate finder, and the
//! prepositions French puts before place names.

/// Lower-cases and folds accents to ASCII ("Régie" → "regie", "Œuvre" → "oeuvre").
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase()
}

/// Short words French writes elided before a vowel (`l'`, `d'`, `qu'`…), without their apostrophe.
pub const ELIDED_WORDS: &[&str] = &["l", "d", "qu", "j", "n", "s", "c", "m", "t"];

/// Splits folded text into alphanumeric words, dropping elisions ("l'atelier" → ["atelier"]).
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| !ELIDED_WORDS.contains(w))
        .map(str::to_string)
        .collect()
}

/// The singular of a folded French word, by the regular plural endings: `eaux` → `eau`, `aux` →
/// `al`, `eux` → `eu`, a final `s` dropped (not `ss`); words of three letters or fewer are kept.
/// Names are not stemmed, so this is what makes « espace vert » and « espaces verts » the same
/// name terms; an irregular plural stays as it is on both sides, which is harmless.
pub fn singular(word: &str) -> String {
    if word.len() <= 3 || !word.is_ascii() {
        return word.to_string();
    }
    if let Some(stem) = word.strip_suffix("eaux") {
        return format!("{stem}eau");
    }
    if let Some(stem) = word.strip_suffix("aux") {
        return format!("{stem}al");
    }
    if let Some(stem) = word.strip_suffix("eux") {
        return format!("{stem}eu");
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') => stem.to_string(),
        _ => word.to_string(),
    }
}

/// True when the word starts with a vowel sound that takes elision ("d'Évry", "l'Isle").
fn starts_with_vowel(word: &str) -> bool {
    word.chars().next().is_some_and(|c| "AEIOUYÉÈÊÂÎÔaeiouyéèêâîô".contains(c))
}

/// Splits a leading article off a place name: "Le Mans" → (Some("le"), "Mans").
fn split_article(name: &str) -> (Option<&'static str>, &str) {
    for (prefix, article) in [("Le ", "le"), ("La ", "la"), ("Les ", "les"), ("L'", "l'")] {
        if let Some(rest) = name.strip_prefix(prefix) {
            return (Some(article), rest);
        }
    }
    (None, name)
}

/// "de" before a place name, contracted as French does: "de Montreuil", "d'Évry", "du Mans", "des Ulis",
/// "de La Rochelle", "de L'Haÿ-les-Roses".
pub fn de(name: &str) -> String {
    match split_article(name) {
        (Some("le"), rest) => format!("du {rest}"),
        (Some("les"), rest) => format!("des {rest}"),
        (Some(_), _) => format!("de {name}"),
        (None, _) if starts_with_vowel(name) => format!("d'{name}"),
        (None, _) => format!("de {name}"),
    }
}

/// "à" before a place name: "à Montreuil", "au Mans", "aux Ulis", "à La Rochelle".
pub fn a(name: &str) -> String {
    match split_article(name) {
        (Some("le"), rest) => format!("au {rest}"),
        (Some("les"), rest) => format!("aux {rest}"),
        _ => format!("à {name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_splits() {
        assert_eq!(fold("Régie de Quartier"), "regie de quartier");
        assert_eq!(words("L'Atelier d'insertion « Cocagne »"), vec!["atelier", "insertion", "cocagne"]);
    }

    #[test]
    fn contracts_prepositions_with_articles_and_vowels() {
        assert_eq!(de("Montreuil"), "de Montreuil");
        assert_eq!(de("Évry-Courcouronnes"), "d'Évry-Courcouronnes");
        assert_eq!(de("Le Mans"), "du Mans");
        assert_eq!(de("Les Ulis"), "des Ulis");
        assert_eq!(de("La Rochelle"), "de La Rochelle");
        assert_eq!(a("Le Blanc-Mesnil"), "au Blanc-Mesnil");
        assert_eq!(a("Les Lilas"), "aux Lilas");
        assert_eq!(a("Crest"), "à Crest");
    }
}
