//! Company-name normalisation (tech-notes §6): the key two names share when they name the same
//! structure despite legal forms, articles, accents, acronym dots and word order.

use crate::domain::text::{ELIDED_WORDS, fold};

/// Legal and structure forms, dropped from names ("SCIC SA Enercoop" → `enercoop`).
pub const LEGAL_FORMS: &[&str] = &[
    "sa",
    "sas",
    "sasu",
    "sarl",
    "eurl",
    "sci",
    "scop",
    "scic",
    "sapo",
    "snc",
    "gie",
    "eirl",
    "ei",
    "association",
    "asso",
    "assoc",
    "fondation",
    "cooperative",
    "societe",
    "ste",
    "ets",
    "etablissement",
    "etablissements",
    "groupe",
];

/// SIAE and structure labels, dropped from names ("ESAT Les Iris" → `iris`).
pub const STRUCTURE_LABELS: &[&str] = &["esat", "ea", "aci", "ai", "etti", "eiti", "eatt", "geiq", "siae", "esus"];

/// French articles and linking words, dropped from names.
pub const STOP_WORDS: &[&str] = &["le", "la", "les", "de", "des", "du", "et", "en", "a", "au", "aux"];

/// The comparison key of a company name: its significant words, folded to lower-case ASCII,
/// sorted and without repeats, joined by single spaces.
///
/// Steps: accents folded and lower-cased; elisions removed (`l'atelier` → `atelier`) and the
/// apostrophes left inside words dropped (`ID'EES` → `idees`); other punctuation separates words,
/// except the dots of acronyms, which are joined (`E.S.A.T.` → `esat`); [`LEGAL_FORMS`],
/// [`STRUCTURE_LABELS`] and [`STOP_WORDS`] dropped. A name made only of such words gives `""`.
///
/// ```
/// use essor::dedup::normalise_name;
/// assert_eq!(normalise_name("ATELIERS DU BOCAGE (LES)"), "ateliers bocage");
/// assert_eq!(normalise_name("Association Les Ateliers du Bocage"), "ateliers bocage");
/// ```
pub fn normalise_name(name: &str) -> String {
    name_words(name).join(" ")
}

/// The words of [`normalise_name`], sorted and without repeats.
pub(crate) fn name_words(name: &str) -> Vec<String> {
    // "N° 5": the degree sign would otherwise fold to "deg" and glue to the N.
    let folded = fold(&name.replace('°', " ")).replace('`', "'");
    let mut words = Vec::new();
    for chunk in folded.split(|c: char| !(c.is_ascii_alphanumeric() || c == '\'' || c == '.')) {
        let word = strip_elisions(chunk.trim_start_matches('\'')).replace('\'', "");
        push_dotted_parts(&word, &mut words);
    }
    words.retain(|w| !is_dropped(w));
    words.sort();
    words.dedup();
    words
}

/// The word that stands for a word and its plural when counting and comparing words: a final `s`
/// or `x` is removed from words of four letters or more without digits (`jardins` → `jardin`).
pub(crate) fn singular(word: &str) -> &str {
    let plural = word.len() >= 4 && (word.ends_with('s') || word.ends_with('x'));
    if plural && !has_digit(word) { &word[..word.len() - 1] } else { word }
}

/// True for words with a digit: numbers such as `59` or `2000`, or codes such as `13e`.
pub(crate) fn has_digit(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit())
}

/// Removes leading elided words: `l'atelier` → `atelier`, `qu'l'x` → `x`.
fn strip_elisions(mut word: &str) -> &str {
    while let Some((head, rest)) = word.split_once('\'') {
        if !ELIDED_WORDS.contains(&head) {
            break;
        }
        word = rest;
    }
    word
}

/// Splits a word on its dots, joining runs of single letters into one acronym
/// (`e.s.a.t.` → `esat`, `st.jean` → `st`, `jean`).
fn push_dotted_parts(word: &str, words: &mut Vec<String>) {
    let mut acronym = String::new();
    for part in word.split('.').filter(|p| !p.is_empty()) {
        if part.len() == 1 && part.bytes().all(|b| b.is_ascii_alphabetic()) {
            acronym.push_str(part);
            continue;
        }
        if !acronym.is_empty() {
            words.push(std::mem::take(&mut acronym));
        }
        words.push(part.to_string());
    }
    if !acronym.is_empty() {
        words.push(acronym);
    }
}

fn is_dropped(word: &str) -> bool {
    LEGAL_FORMS.contains(&word) || STRUCTURE_LABELS.contains(&word) || STOP_WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_duplicates_share_their_key() {
        for (a, b, key) in [
            ("SARL ENVIE ANJOU", "Envie Anjou", "anjou envie"),
            ("Association Les Ateliers du Bocage", "ATELIERS DU BOCAGE (LES)", "ateliers bocage"),
            ("SCIC SA Enercoop", "Enercoop", "enercoop"),
            ("Groupe ARES SAS", "ARES", "ares"),
        ] {
            assert_eq!(normalise_name(a), key, "{a}");
            assert_eq!(normalise_name(b), key, "{b}");
        }
    }

    #[test]
    fn plural_and_article_differences_remain_visible() {
        assert_eq!(normalise_name("Jardins de Cocagne de Lyon"), "cocagne jardins lyon");
        assert_eq!(normalise_name("Jardin de Cocagne Lyon"), "cocagne jardin lyon");
    }

    #[test]
    fn elisions_are_removed_and_inner_apostrophes_dropped() {
        assert_eq!(normalise_name("L'Atelier"), normalise_name("Atelier"));
        assert_eq!(normalise_name("L’Atelier d’Anjou"), "anjou atelier");
        assert_eq!(normalise_name("ID'EES Intérim"), "idees interim");
        assert_eq!(normalise_name("Qu'importe l'Envie"), "envie importe");
        assert_eq!(normalise_name("'Envie' (L')"), "envie");
        assert_eq!(normalise_name("Aujourd'hui"), "aujourdhui");
    }

    #[test]
    fn dotted_acronyms_are_joined() {
        assert_eq!(normalise_name("E.S.A.T."), "");
        assert_eq!(normalise_name("E.S.A.T. Les Iris"), "iris");
        assert_eq!(normalise_name("A.P.F. Entreprises 59"), "59 apf entreprises");
        assert_eq!(normalise_name("S.A.R.L. Envie"), "envie");
        assert_eq!(normalise_name("St.Jean"), "jean st");
        assert_eq!(normalise_name("Version 1.5"), "1 5 version");
    }

    #[test]
    fn accents_case_and_punctuation_are_folded() {
        assert_eq!(normalise_name("Régie de Quartier Nord"), "nord quartier regie");
        assert_eq!(normalise_name("RÉGIE-DE-QUARTIER / nord"), "nord quartier regie");
        assert_eq!(normalise_name("Œuvre & Cie"), "cie oeuvre");
        assert_eq!(normalise_name("Envie N° 44"), "44 envie n");
    }

    #[test]
    fn word_order_and_repeats_do_not_matter() {
        assert_eq!(normalise_name("RELAIS METROPOLE (LE)"), normalise_name("Le Relais Métropole"));
        assert_eq!(normalise_name("Envie Envie Anjou"), "anjou envie");
    }

    #[test]
    fn names_made_of_dropped_words_normalise_to_nothing() {
        assert_eq!(normalise_name("Association SARL et Cie"), "cie");
        assert_eq!(normalise_name("SAS La Société des EA"), "");
        assert_eq!(normalise_name("  "), "");
    }

    #[test]
    fn singular_strips_one_plural_letter() {
        assert_eq!(singular("jardins"), "jardin");
        assert_eq!(singular("travaux"), "travau");
        assert_eq!(singular("bus"), "bus");
        assert_eq!(singular("1000s"), "1000s");
        assert_eq!(singular("nord"), "nord");
    }
}
