//! Text normalisation shared by the index, the sector inference and the duplicate finder.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_splits() {
        assert_eq!(fold("Régie de Quartier"), "regie de quartier");
        assert_eq!(words("L'Atelier d'insertion « Cocagne »"), vec!["atelier", "insertion", "cocagne"]);
    }
}
