//! Where a lot's own words say the work is: « nettoyage des collèges du secteur Noyon-Compiègne »,
//! « exploitation de la déchèterie de Daoulas », « prestations de traiteur pour le site de
//! Saint-Étienne ».
//!
//! Buyers often give their seat or their whole département as the place: the `lieuExecution` of a
//! published contract is frequently the buyer's commune, and a département council allots its
//! collèges by sector from its seat. When a lot's title or description names communes of that
//! département, the work is there, and distances are measured to them. The département, and so the
//! suppliers that reach it, stay the same.
//!
//! Reading a name is careful, because many commune names are also words: a name of one word is read
//! only after a word that introduces a place (« de Gravelines », « secteur Noyon », « à Creil »), or
//! right after another name read (« Noyon-Compiègne », « Daoulas et Plouédern »), and never when it
//! is a word of the official CPV or NAF labels or a frequent word of contract titles (« Bois »,
//! « Place », « Ville »). A name of several words (« Pont-Sainte-Maxence ») is read anywhere, except
//! a saint's name of two words (« église Saint-Pierre »), read as one word is. A name two communes
//! of the département share is not read.
//!
//! A word read after such an introduction that is no commune's name may name an area — a pays or a
//! valley — that commune names carry (« secteur Valois Halatte » for Crépy-en-Valois,
//! Verneuil-en-Halatte…; « secteur Sambre » for Pont-sur-Sambre…): then it names those communes of
//! the département. The names of départements and régions are not read so (« Oise » is the whole
//! département, not only the communes « sur-Oise »).

use std::collections::HashSet;
use std::sync::LazyLock;

use super::place::Place;
use crate::domain::territory::{Commune, Gazetteer, name_key};
use crate::domain::{CpvCatalogue, naf};

/// Words that introduce a place in French titles: after them a one-word commune name is read.
const PLACE_INTRODUCERS: [&str; 16] = [
    "de", "du", "des", "d", "a", "au", "aux", "sur", "secteur", "secteurs", "commune", "communes", "ville", "canton",
    "site", "sites",
];

/// Frequent words of contract titles that are also the name of a commune (« mise en place », « rue »,
/// « espaces verts »), on top of the words of the CPV and NAF labels: never read as a place alone.
const TITLE_WORDS: [&str; 40] = [
    "ville",
    "place",
    "salles",
    "ecole",
    "rue",
    "bourg",
    "plaine",
    "bois",
    "port",
    "pont",
    "chateau",
    "mont",
    "vaux",
    "routes",
    "chemin",
    "maisons",
    "aire",
    "riviere",
    "mer",
    "campagne",
    "montagne",
    "vignes",
    "portes",
    "granges",
    "fontaine",
    "fontaines",
    "pin",
    "ormes",
    "saules",
    "houx",
    "landes",
    "champs",
    "buisson",
    "fosse",
    "fosses",
    "puits",
    "grand",
    "vieux",
    "vert",
    "rouge",
];

/// Articles a commune name may start with (« Le Havre »): a name that is an article and one word
/// is read as one word.
const ARTICLES: [&str; 4] = ["le", "la", "les", "l"];

/// Longest commune name looked for, in words (« Saint-Rémy-en-Bouzemont-Saint-Genest-et-Isson »
/// has 7).
const MAX_NAME_WORDS: usize = 8;

/// The words of the official CPV and NAF labels and of [`TITLE_WORDS`].
static COMMON_WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let cpv = CpvCatalogue::builtin().labels();
    let naf = naf::labels();
    let words = cpv.chain(naf).flat_map(|label| name_key(label).split(' ').map(str::to_string).collect::<Vec<_>>());
    words.chain(TITLE_WORDS.iter().map(|w| w.to_string())).collect()
});

/// Common nouns that commune names carry as their area after « en », « sur », « les »…
/// (« Aix-les-Bains »), and that the CPV and NAF labels do not hold: in a title they name a building
/// or a landscape (« salles de bains », « des marais »), not an area, and are never read as one.
const AREA_NOUNS: [&str; 11] =
    ["bains", "mines", "marais", "moulins", "monts", "forges", "cotes", "pins", "val", "haye", "serre"];

/// The words of the names of the départements and régions.
static TERRITORY_WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let g = Gazetteer::builtin();
    let names = g.departments().iter().map(|d| d.name.as_str()).chain(g.regions().iter().map(|r| r.name.as_str()));
    names.flat_map(|name| name_key(name).split(' ').map(str::to_string).collect::<Vec<_>>()).collect()
});

/// The communes of these départements that `text` names, in the order it names them (each once).
pub fn communes_named_in<'g>(text: &str, departments: &[String], gazetteer: &'g Gazetteer) -> Vec<&'g Commune> {
    let key = name_key(text);
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    let mut found: Vec<&Commune> = Vec::new();
    let mut name_ended_at: Option<usize> = None;
    let mut i = 0;
    while i < words.len() {
        let introduced = i > 0
            && (PLACE_INTRODUCERS.contains(&words[i - 1])
                || name_ended_at == Some(i)
                || (words[i - 1] == "et" && name_ended_at == Some(i - 1)));
        let longest = MAX_NAME_WORDS.min(words.len() - i);
        let read = (1..=longest).rev().find_map(|n| {
            let name = &words[i..i + n];
            if !introduced && !distinctive(name) || introduced && !readable(name) {
                return None;
            }
            let mut here = gazetteer.communes_by_key(&name.join(" ")).filter(|c| departments.contains(&c.department));
            match (here.next(), here.next()) {
                (Some(one), None) => Some((n, vec![one])),
                (None, _) if introduced && n == 1 => {
                    let area = communes_in_area(name[0], departments, gazetteer);
                    (!area.is_empty()).then_some((1, area))
                }
                _ => None,
            }
        });
        match read {
            Some((n, communes)) => {
                for commune in communes {
                    if !found.iter().any(|c| c.insee == commune.insee) {
                        found.push(commune);
                    }
                }
                i += n;
                name_ended_at = Some(i);
            }
            None => i += 1,
        }
    }
    found
}

/// The communes of these départements whose name places them in the area `word` names (« secteur
/// Valois » reads Crépy-en-Valois, Thury-en-Valois…), unless it is the name of a département or a
/// région (« Oise » is the whole département, not only the communes « sur-Oise »).
fn communes_in_area<'g>(word: &str, departments: &[String], gazetteer: &'g Gazetteer) -> Vec<&'g Commune> {
    if TERRITORY_WORDS.contains(word) || AREA_NOUNS.contains(&word) {
        return Vec::new();
    }
    gazetteer.communes_in_area(word).filter(|c| departments.contains(&c.department)).collect()
}

/// True for a name read anywhere: two words or more besides a leading article, and three when it
/// starts with « Saint » (« église Saint-Pierre » names a church, « Saint-Martin-d'Hères » a town).
fn distinctive(name: &[&str]) -> bool {
    let core = without_article(name);
    match core {
        [first, ..] if *first == "saint" || *first == "sainte" => core.len() >= 3,
        _ => core.len() >= 2,
    }
}

/// True for a name read after a word introducing a place: several words, or one word of three
/// letters or more that is not a common word.
fn readable(name: &[&str]) -> bool {
    match without_article(name) {
        [one] => one.len() >= 3 && !one.bytes().all(|b| b.is_ascii_digit()) && !COMMON_WORDS.contains(*one),
        _ => true,
    }
}

/// The words of a name after its leading article, if it has more than the article.
fn without_article<'a, 'w>(name: &'a [&'w str]) -> &'a [&'w str] {
    match name {
        [first, rest @ ..] if ARTICLES.contains(first) && !rest.is_empty() => rest,
        _ => name,
    }
}

/// What a lot's words say of its place ([`read_place`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceInWords {
    /// The place they give instead of the one given, if any ([`place_named_in`]).
    pub place: Option<Place>,
    /// Their words that name a place — the name of a commune they name (an area is read as the
    /// communes whose names carry it) or of the place given — folded as [`name_key`] folds them.
    /// Words of two letters and common words (those of the CPV and NAF labels, frequent words of
    /// titles) are left out: they say what the work is, even in a place's name.
    pub words: HashSet<String>,
}

/// What `text`, a lot's words, says of its place when `given` is the place given and `departments`
/// those it covers (its [`Place::resolve`]d départements): the communes it names in them, read once
/// for both answers.
pub fn read_place(given: &Place, departments: &[String], text: &str, gazetteer: &Gazetteer) -> PlaceInWords {
    let (given_commune, drawn) = match given {
        Place::Commune(c) => (Some(c.as_str()), false),
        Place::Department(_) | Place::Departments(_) | Place::PostCode(_) => (None, false),
        Place::Communes(_) | Place::Circle { .. } => (None, true),
    };
    let named = communes_named_in(text, departments, gazetteer);
    let place = match named.as_slice() {
        _ if drawn => None,
        [] => None,
        [one] if Some(one.insee.as_str()) == given_commune => None,
        _ => Some(Place::Communes(named.iter().map(|c| c.insee.clone()).collect())),
    };
    let key = name_key(text);
    let in_text: HashSet<&str> = key.split(' ').collect();
    let given_names = given.names(gazetteer);
    let names = named.iter().map(|c| name_key(&c.name)).chain(given_names.iter().map(|n| name_key(n)));
    let mut words: HashSet<String> = names.flat_map(|n| n.split(' ').map(str::to_string).collect::<Vec<_>>()).collect();
    words.retain(|w| w.len() >= 3 && !COMMON_WORDS.contains(w) && in_text.contains(w.as_str()));
    PlaceInWords { place, words }
}

/// The place the lot's words give instead of `given`: the communes they name in its département(s),
/// when `given` is a département, a commune or a post code and the words name a commune other than
/// the given one. A perimeter of communes or a circle the buyer drew is kept as given.
pub fn place_named_in(given: &Place, text: &str, gazetteer: &Gazetteer) -> Option<Place> {
    read_place(given, &given.resolve(gazetteer).departments, text, gazetteer).place
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(text: &str, department: &str) -> Vec<String> {
        communes_named_in(text, &[department.to_string()], Gazetteer::builtin())
            .iter()
            .map(|c| c.name.clone())
            .collect()
    }

    #[test]
    fn towns_named_in_a_title_are_read_in_the_given_department() {
        let title = "Prestations de nettoyage dans les collèges publics du secteur Noyon-Compiègne Lot n°4";
        assert_eq!(named(title, "60"), ["Noyon", "Compiègne"]);
        assert_eq!(named("secteur Clermont-Creil", "60"), ["Clermont", "Creil"]);
        assert_eq!(named("NETTOYAGE REGIE COLLECTE DE GRAVELINES", "59"), ["Gravelines"]);
        assert_eq!(named("Traiteur pour le site de St-Étienne", "42"), ["Saint-Étienne"]);
        assert_eq!(named("déchèterie de Daoulas et Plouédern", "29"), ["Daoulas", "Plouédern"]);
        assert!(named("secteur Noyon-Compiègne", "93").is_empty(), "another département");
    }

    #[test]
    fn an_area_that_commune_names_carry_names_those_communes() {
        let valois = named("collèges publics du secteur Valois Halatte Lot n°5", "60");
        assert!(valois.contains(&"Crépy-en-Valois".to_string()), "{valois:?}");
        assert!(valois.contains(&"Verneuil-en-Halatte".to_string()), "{valois:?}");
        assert!(!valois.iter().any(|n| n.ends_with("Valois") && n.contains("Oigny")), "Aisne is not the département");
        let bray = named("secteur Bray-Vexin-Sablons-Thelle", "60");
        for town in ["Ons-en-Bray", "Chaumont-en-Vexin", "Villeneuve-les-Sablons", "Neuilly-en-Thelle"] {
            assert!(bray.contains(&town.to_string()), "{town} in {bray:?}");
        }
        assert!(named("secteur Beauvaisis-Oise-Picardie", "60").iter().all(|n| n.ends_with("Beauvaisis")));
        assert!(named("Entretien Valois", "60").is_empty(), "one word needs a word introducing it");
        assert!(named("Travaux sur Oise", "60").is_empty(), "a département's name is the whole département");
        assert!(named("Rénovation des salles de bains", "73").is_empty(), "Aix-les-Bains is not named");
    }

    #[test]
    fn the_words_naming_the_place_are_told_apart_from_those_of_the_work() {
        let words = |text: &str, given: Place| {
            let departments = given.resolve(Gazetteer::builtin()).departments;
            let read = read_place(&given, &departments, text, Gazetteer::builtin());
            let mut found: Vec<String> = read.words.into_iter().collect();
            found.sort();
            found
        };
        let oise = || Place::Department("60".into());
        assert_eq!(words("Nettoyage des collèges du secteur Noyon-Compiègne", oise()), ["compiegne", "noyon"]);
        assert_eq!(words("Collèges du secteur Valois Halatte", oise()), ["halatte", "valois"]);
        assert_eq!(words("Nettoyage des médiathèques de Beauvais", Place::Commune("60057".into())), ["beauvais"]);
        assert_eq!(words("Entretien des locaux de l'Oise", oise()), ["oise"]);
        assert!(words("Entretien des espaces verts et des bois", oise()).is_empty());
    }

    #[test]
    fn words_that_are_also_communes_are_not_read_as_places() {
        assert!(named("Mise en place de la collecte des déchets de la ville", "60").is_empty());
        assert!(named("Fourniture de bois de chauffage", "17").is_empty());
        assert!(named("Nettoyage de la rue et entretien des espaces verts", "80").is_empty());
        assert!(named("Entretien courant Noyon", "60").is_empty(), "one word needs a word introducing it");
        assert!(named("Restauration de l'église Saint-Pierre", "67").is_empty(), "a church, not the town");
        assert_eq!(named("Groupe scolaire de Saint-Pierre", "67"), ["Saint-Pierre"]);
        assert_eq!(named("Collèges Pont-Sainte-Maxence", "60"), ["Pont-Sainte-Maxence"]);
    }

    #[test]
    fn the_named_communes_replace_a_buyer_s_seat_or_department_but_not_a_drawn_perimeter() {
        let g = Gazetteer::builtin();
        let title = "Collèges du secteur Clermont-Creil";
        let seat = Place::Commune("60057".into());
        assert_eq!(place_named_in(&seat, title, g), Some(Place::Communes(vec!["60157".into(), "60175".into()])));
        assert!(place_named_in(&Place::Department("60".into()), title, g).is_some());
        assert_eq!(place_named_in(&Place::Communes(vec!["60057".into()]), title, g), None);
        assert_eq!(place_named_in(&Place::Commune("60175".into()), "Nettoyage à Creil", g), None, "the same town");
        assert_eq!(place_named_in(&seat, "Entretien des espaces verts", g), None);
    }
}
