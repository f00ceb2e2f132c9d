//! The sector taxonomy: families of sectors, each sector tied to CPV prefixes, NAF codes and
//! French keywords, so that a supplier known only by its NAF code or its description still gets
//! sectors, and a buyer's need written in words maps to the same sectors.
//!
//! The data lives in `fixtures/reference/sectors.tsv` (compiled in), one sector per line:
//! `family_key  family_label  sector_key  sector_label  cpv_prefixes  naf_codes  keywords`,
//! lists separated by `|`. Keywords are folded word prefixes ("nettoy", "espace vert").
//!
//! The built-in taxonomy carries the thesaurus of the trade ([`Thesaurus`]): a need written
//! « jardinage » is read as « espaces verts » too, after its own words.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use serde::Serialize;

use super::cpv::Cpv;
use super::synonyms::Thesaurus;
use super::text::words;

const SECTORS_TSV: &str = include_str!("../../fixtures/reference/sectors.tsv");

/// A family of sectors (e.g. `proprete`, "Propreté et services aux bâtiments").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectorFamily {
    /// Stable key.
    pub key: String,
    /// French label.
    pub label: String,
}

/// A sector of activity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sector {
    /// Stable key, used in files, URLs and facets (e.g. `nettoyage-locaux`).
    pub key: String,
    /// French label.
    pub label: String,
    /// Key of its family.
    pub family: String,
    /// CPV prefixes (2 to 8 digits) whose codes belong to the sector.
    pub cpv_prefixes: Vec<String>,
    /// NAF rév. 2 codes or prefixes (`8121Z`, `812`) whose activity belongs to the sector.
    pub naf_prefixes: Vec<String>,
    /// Keywords: each a sequence of folded word prefixes.
    pub keywords: Vec<Vec<String>>,
}

/// The whole taxonomy.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    families: Vec<SectorFamily>,
    sectors: Vec<Sector>,
    /// Position of the first sector with each key.
    sector_at: HashMap<String, usize>,
    /// Position of each family key.
    family_at: HashMap<String, usize>,
    /// Terms meaning the same work, read in texts after their own words.
    thesaurus: Thesaurus,
}

static BUILTIN: LazyLock<Taxonomy> =
    LazyLock::new(|| Taxonomy::parse(SECTORS_TSV).with_thesaurus(Thesaurus::builtin().clone()));

fn split_list(s: Option<&&str>) -> Vec<String> {
    s.map(|s| s.split('|').map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()).unwrap_or_default()
}

impl Sector {
    /// The CPV code words naming this sector point to: its first CPV prefix, completed with zeros.
    pub fn inferred_cpv(&self) -> Option<Cpv> {
        let prefix = self.cpv_prefixes.first()?;
        Cpv::parse(&format!("{prefix:0<8}")).ok()
    }
}

impl Taxonomy {
    /// The taxonomy the project carries.
    pub fn builtin() -> &'static Taxonomy {
        &BUILTIN
    }

    /// Reads a taxonomy in the `sectors.tsv` format (header line first); incomplete lines are skipped.
    pub fn parse(tsv: &str) -> Taxonomy {
        let mut families: Vec<SectorFamily> = Vec::new();
        let mut sectors = Vec::new();
        for line in tsv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (Some(fk), Some(fl), Some(sk), Some(sl)) = (cols.first(), cols.get(1), cols.get(2), cols.get(3)) else {
                continue;
            };
            if !families.iter().any(|f| f.key == *fk) {
                families.push(SectorFamily { key: fk.to_string(), label: fl.to_string() });
            }
            sectors.push(Sector {
                key: sk.to_string(),
                label: sl.to_string(),
                family: fk.to_string(),
                cpv_prefixes: split_list(cols.get(4)),
                naf_prefixes: split_list(cols.get(5)).into_iter().map(|n| n.to_ascii_uppercase()).collect(),
                keywords: split_list(cols.get(6)).iter().map(|k| words(k)).filter(|k| !k.is_empty()).collect(),
            });
        }
        let mut sector_at = HashMap::with_capacity(sectors.len());
        for (i, s) in sectors.iter().enumerate() {
            sector_at.entry(s.key.clone()).or_insert(i);
        }
        let family_at = families.iter().enumerate().map(|(i, f)| (f.key.clone(), i)).collect();
        Taxonomy { families, sectors, sector_at, family_at, thesaurus: Thesaurus::default() }
    }

    /// The same taxonomy reading texts with this thesaurus ([`Taxonomy::parse`] gives none).
    pub fn with_thesaurus(self, thesaurus: Thesaurus) -> Taxonomy {
        Taxonomy { thesaurus, ..self }
    }

    /// The thesaurus texts are read with.
    pub fn thesaurus(&self) -> &Thesaurus {
        &self.thesaurus
    }

    /// All families, in file order.
    pub fn families(&self) -> &[SectorFamily] {
        &self.families
    }

    /// All sectors, in file order.
    pub fn sectors(&self) -> &[Sector] {
        &self.sectors
    }

    /// The sector with this key.
    pub fn sector(&self, key: &str) -> Option<&Sector> {
        self.sector_at.get(key).and_then(|&i| self.sectors.get(i))
    }

    /// The family with this key.
    pub fn family(&self, key: &str) -> Option<&SectorFamily> {
        self.family_at.get(key).and_then(|&i| self.families.get(i))
    }

    /// Sectors whose CPV prefixes cover the code (the longest matching prefix wins ties).
    pub fn sectors_for_cpv(&self, code: &Cpv) -> Vec<&Sector> {
        let best = self
            .sectors
            .iter()
            .filter_map(|s| {
                s.cpv_prefixes
                    .iter()
                    .filter(|p| code.as_str().starts_with(p.as_str()))
                    .map(|p| p.len())
                    .max()
                    .map(|l| (s, l))
            })
            .collect::<Vec<_>>();
        let top = best.iter().map(|(_, l)| *l).max().unwrap_or(0);
        best.into_iter().filter(|(_, l)| *l == top).map(|(s, _)| s).collect()
    }

    /// Sectors whose NAF codes or prefixes cover this NAF code (`56.21Z` and `5621Z` are the same).
    pub fn sectors_for_naf(&self, naf: &str) -> Vec<&Sector> {
        let naf: String = naf.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase();
        if naf.is_empty() {
            return Vec::new();
        }
        self.sectors.iter().filter(|s| s.naf_prefixes.iter().any(|p| naf.starts_with(p.as_str()))).collect()
    }

    /// Sectors whose keywords occur in the text, with how many keyword hits each has, most first.
    /// Between sectors with as many hits, the one whose longest matched keyword has the most words
    /// comes first ("vêtements de travail" beats "vêtement"), then file order. The synonyms of the
    /// thesaurus the text holds (« ménage » → « nettoyage ») are read after the text: their hits
    /// order the sectors the text's own words cannot tell apart, and name the sectors of a text
    /// whose own words name none (a need's trades are not widened beyond what it says).
    pub fn sectors_for_text(&self, text: &str) -> Vec<(&Sector, usize)> {
        let synonyms: Vec<Vec<String>> = self.thesaurus.synonyms_in(text).iter().map(|s| words(&s.term)).collect();
        self.sectors_matching(&words(text), &synonyms)
    }

    /// Sectors whose keywords occur in the text's own words only (no synonyms), as
    /// [`Taxonomy::sectors_for_text`] ranks them.
    fn sectors_for_own_words(&self, text: &str) -> Vec<(&Sector, usize)> {
        self.sectors_matching(&words(text), &[])
    }

    /// Sectors by keyword hits in the tokens, then in the synonyms (each a text of its own).
    fn sectors_matching(&self, tokens: &[String], synonyms: &[Vec<String>]) -> Vec<(&Sector, usize)> {
        let mut hits: Vec<(&Sector, usize, usize, usize)> = self
            .sectors
            .iter()
            .map(|s| {
                let matched = s.keywords.iter().filter(|k| contains_keyword(tokens, k));
                let (count, longest) = matched.fold((0, 0), |(n, len), k| (n + 1, len.max(k.len())));
                let by_synonym =
                    s.keywords.iter().filter(|k| synonyms.iter().any(|syn| contains_keyword(syn, k))).count();
                (s, count, by_synonym, longest)
            })
            .filter(|(_, count, by_synonym, _)| count + by_synonym > 0)
            .collect();
        if hits.iter().any(|&(_, count, _, _)| count > 0) {
            hits.retain(|&(_, count, _, _)| count > 0);
        }
        hits.sort_by_key(|&(_, count, by_synonym, longest)| std::cmp::Reverse((count, longest, by_synonym)));
        hits.into_iter().map(|(s, count, by_synonym, _)| (s, count + by_synonym)).collect()
    }

    /// The CPV code the words of a lot point to, with the sector that gives it: the first CPV prefix
    /// of the sector the words name best, completed with zeros. Matching and the law read the same code.
    pub fn cpv_for_text(&self, text: &str) -> Option<(Cpv, &Sector)> {
        let (sector, _) = self.sectors_for_text(text).into_iter().next()?;
        Some((sector.inferred_cpv()?, sector))
    }

    /// The sectors of a supplier: those it declares, else those its CPV codes, NAF code and text imply.
    pub fn infer(&self, declared: &[String], cpv: &[Cpv], naf: Option<&str>, text: &str) -> Vec<String> {
        if !declared.is_empty() {
            return declared.to_vec();
        }
        let mut found: BTreeMap<&str, ()> = BTreeMap::new();
        for code in cpv {
            for s in self.sectors_for_cpv(code) {
                found.insert(&s.key, ());
            }
        }
        if let Some(naf) = naf {
            for s in self.sectors_for_naf(naf) {
                found.insert(&s.key, ());
            }
        }
        // A supplier's own words only: the thesaurus widens needs and searches, not what a supplier
        // says it does.
        for (s, _) in self.sectors_for_own_words(text) {
            found.insert(&s.key, ());
        }
        // Keep file order for a stable result.
        self.sectors.iter().filter(|s| found.contains_key(s.key.as_str())).map(|s| s.key.clone()).collect()
    }
}

/// True when the consecutive tokens start with the keyword's prefixes, in order.
fn contains_keyword(tokens: &[String], keyword: &[String]) -> bool {
    if keyword.is_empty() || tokens.len() < keyword.len() {
        return false;
    }
    tokens.windows(keyword.len()).any(|w| w.iter().zip(keyword).all(|(t, k)| t.starts_with(k.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_prefixes_match_consecutive_words() {
        let tokens = words("Entretien des espaces verts communaux");
        assert!(contains_keyword(&tokens, &words("espace vert")));
        assert!(!contains_keyword(&tokens, &words("vert espace")));
    }

    /// Acronyms accepted as keywords although shorter than 4 letters.
    const SHORT_ACRONYMS: [&str; 15] =
        ["ash", "btp", "cvc", "d3e", "dpe", "ged", "lsf", "mug", "pmr", "rsa", "sst", "tlc", "vmc", "vrd", "web"];

    fn taxonomy() -> &'static Taxonomy {
        Taxonomy::builtin()
    }

    /// The sector ranked first for a text.
    fn best(text: &str) -> Option<&'static str> {
        taxonomy().sectors_for_text(text).first().map(|(s, _)| s.key.as_str())
    }

    fn found(text: &str) -> Vec<&'static str> {
        taxonomy().sectors_for_text(text).iter().map(|(s, _)| s.key.as_str()).collect()
    }

    fn naf(code: &str) -> Vec<&'static str> {
        taxonomy().sectors_for_naf(code).iter().map(|s| s.key.as_str()).collect()
    }

    fn cpv(code: &str) -> Vec<&'static str> {
        let code = Cpv::parse(code).unwrap_or_else(|e| panic!("{e}"));
        taxonomy().sectors_for_cpv(&code).iter().map(|s| s.key.as_str()).collect()
    }

    #[test]
    fn every_line_of_the_file_is_a_sector() {
        let lines = SECTORS_TSV.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
        assert_eq!(taxonomy().sectors().len(), lines);
        assert!(taxonomy().sectors().len() >= 100, "{} secteurs", taxonomy().sectors().len());
        assert!((18..=25).contains(&taxonomy().families().len()), "{} familles", taxonomy().families().len());
        assert!(taxonomy().family("proprete").is_some());
        assert_eq!(taxonomy().sector("nettoyage-locaux").map(|s| s.family.as_str()), Some("proprete"));
    }

    #[test]
    fn keys_are_unique_slugs_and_families_exist() {
        let is_slug = |k: &str| {
            !k.is_empty()
                && !k.starts_with('-')
                && !k.ends_with('-')
                && k.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        let mut keys = std::collections::HashSet::new();
        for f in taxonomy().families() {
            assert!(is_slug(&f.key) && !f.label.is_empty(), "famille {}", f.key);
        }
        for s in taxonomy().sectors() {
            assert!(is_slug(&s.key) && !s.label.is_empty(), "secteur {}", s.key);
            assert!(keys.insert(s.key.as_str()), "secteur {} en double", s.key);
            assert!(taxonomy().family(&s.family).is_some(), "{} : famille {} inconnue", s.key, s.family);
        }
    }

    #[test]
    fn every_sector_has_cpv_naf_and_keywords() {
        for s in taxonomy().sectors() {
            assert!(!s.cpv_prefixes.is_empty(), "{} sans CPV", s.key);
            for p in &s.cpv_prefixes {
                assert!((2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()), "{} : CPV {p}", s.key);
            }
            assert!(!s.naf_prefixes.is_empty(), "{} sans NAF", s.key);
            for n in &s.naf_prefixes {
                let (digits, rest) = n.split_at(n.len().min(4));
                let ok = digits.len() >= 2
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && (rest.is_empty()
                        || (digits.len() == 4 && rest.len() == 1 && rest.bytes().all(|b| b.is_ascii_uppercase())));
                assert!(ok, "{} : NAF {n}", s.key);
            }
            assert!((5..=15).contains(&s.keywords.len()), "{} : {} mots-clés", s.key, s.keywords.len());
        }
    }

    #[test]
    fn keywords_are_folded_and_written_once() {
        let raw = SECTORS_TSV.lines().skip(1).filter_map(|l| l.split('\t').nth(6));
        for list in raw {
            let mut seen = std::collections::HashSet::new();
            for k in list.split('|') {
                assert_eq!(words(k).join(" "), k, "mot-clé non normalisé : « {k} »");
                assert!(seen.insert(k), "mot-clé en double : « {k} »");
                // A one-word prefix shorter than 4 letters would match unrelated words: acronyms only.
                assert!(k.contains(' ') || k.len() >= 4 || SHORT_ACRONYMS.contains(&k), "préfixe trop court : « {k} »");
            }
        }
    }

    #[test]
    fn need_titles_map_to_the_right_sector() {
        for (title, expected) in [
            ("Nettoyage des locaux de la mairie", "nettoyage-locaux"),
            ("Entretien des espaces verts", "entretien-espaces-verts"),
            ("Entretien des espaces verts de la commune", "entretien-espaces-verts"),
            ("Collecte des cartons", "cartons-papiers"),
            ("Collecte et valorisation des cartons", "cartons-papiers"),
            ("Fourniture de repas pour la cantine", "restauration-collective"),
            ("Fourniture et livraison de repas en liaison froide", "restauration-collective"),
            ("Confection de tee-shirts", "confection-textile"),
            ("Collecte des ordures ménagères", "collecte-dechets"),
            ("Blanchisserie du linge des résidents de l'EHPAD", "blanchisserie"),
            ("Déménagement des services municipaux", "demenagement"),
            ("Travaux de peinture des écoles", "peinture-vitrerie"),
            ("Reconditionnement de 200 ordinateurs portables", "reconditionnement-informatique"),
            ("Impression du bulletin municipal", "imprimerie"),
            ("Élagage des arbres d'alignement", "elagage-arbres"),
            ("Mise sous pli et routage des courriers", "courrier-routage"),
            ("Prestation de traiteur pour les vœux du maire", "traiteur"),
            ("Formation au secourisme des agents", "formation-securite"),
            ("Collecte et recyclage des DEEE", "deee"),
            ("Prestations d'accueil téléphonique et de standard", "accueil-standard"),
            ("Fourniture de vêtements de travail", "vetements-professionnels"),
            ("Aide à domicile pour les personnes âgées", "aide-domicile"),
            ("Numérisation des archives municipales", "saisie-numerisation"),
            ("Nettoyage des vitres de l'hôtel de ville", "nettoyage-vitres"),
            ("Nettoyage des rues et des marchés", "proprete-urbaine"),
            ("Collecte et valorisation des textiles professionnels", "collecte-textiles"),
            ("Collecte des biodéchets des restaurants scolaires", "biodechets-compost"),
            ("Réemploi de matériaux de construction", "reemploi-materiaux"),
            ("Travaux de rénovation énergétique des logements", "eco-construction"),
            ("Accès à la fabrication numérique et impression 3D", "fablab"),
            ("Accompagnement socioprofessionnel des bénéficiaires du RSA", "accompagnement-professionnel"),
            ("Dératisation et désinsectisation des bâtiments communaux", "desinfection-nuisibles"),
            ("Surveillance et gardiennage des équipements", "gardiennage-surveillance"),
        ] {
            assert_eq!(best(title), Some(expected), "« {title} » → {:?}", found(title));
        }
    }

    #[test]
    fn synonyms_of_the_trade_name_sectors_after_the_text_s_own_words() {
        let plain = Taxonomy::parse(SECTORS_TSV);
        for (title, expected) in [
            ("Ménage de la mairie", "nettoyage-locaux"),
            ("Nettoiement du centre-ville", "proprete-urbaine"),
            ("Recours à un plaquiste", "platrerie-isolation"),
            ("Travaux de façonnage", "sous-traitance-conditionnement"),
            ("Réparation automobile des véhicules de service", "garage-solidaire"),
        ] {
            // Without the thesaurus, the same taxonomy does not read them.
            assert!(plain.sectors_for_text(title).is_empty(), "« {title} »");
            assert_eq!(best(title), Some(expected), "« {title} » → {:?}", found(title));
        }
        // The text's own words come first, and alone when they name a sector.
        assert_eq!(found("Jardinage et ménage")[0], "entretien-espaces-verts");
        assert!(!found("Collecte et réemploi des cartons").contains(&"tri-recyclage"));
        // Suppliers are read from their own words only.
        assert!(taxonomy().infer(&[], &[], None, "Ménage").is_empty());
    }

    #[test]
    fn a_need_can_span_several_sectors() {
        let sectors = found("Remplacement des agents d'entretien des collèges");
        assert!(
            sectors.contains(&"mise-a-disposition-personnel") && sectors.contains(&"nettoyage-locaux"),
            "{sectors:?}"
        );
        let sectors = found("Travaux de second œuvre : plâtrerie, peinture, revêtements de sols");
        for key in ["platrerie-isolation", "peinture-vitrerie", "revetements-sols-murs"] {
            assert!(sectors.contains(&key), "{key} absent de {sectors:?}");
        }
    }

    /// Sectors whose keywords once matched everyday words of procurement texts.
    const UNRELATED: [&str; 10] = [
        "objets-bois",
        "consigne-emballages",
        "saisie-numerisation",
        "soutien-scolaire",
        "spectacle-vivant",
        "menuiserie-charpente",
        "mobilier-urbain",
        "proprete-urbaine",
        "electronique-assemblage",
        "collecte-dechets",
    ];

    #[test]
    fn common_words_do_not_trigger_unrelated_sectors() {
        for text in [
            "Fourniture de boissons",
            "Caisse des écoles",
            "Classement des offres et indexation des prix",
            "À l'occasion de la fête des consignes de sécurité",
            "Concertation avec les habitants",
            "Le volet insertion du marché",
            "Services bancaires",
            "Rueil-Malmaison",
            "Signature électronique",
            "Ramassage scolaire",
        ] {
            let sectors = found(text);
            for key in UNRELATED {
                assert!(!sectors.contains(&key), "« {text} » → {key}");
            }
        }
        assert!(!found("Nettoyage de l'hôtel de ville").contains(&"tourisme"));
        assert!(!found("Panneaux solaires").contains(&"signaletique"));
        assert!(!found("Confection des repas").contains(&"confection-textile"));
    }

    #[test]
    fn naf_codes_map_to_what_they_mean() {
        assert_eq!(naf("8121Z"), vec!["nettoyage-locaux"]);
        assert_eq!(naf("81.21Z"), vec!["nettoyage-locaux"]);
        assert!(naf("8130Z").contains(&"entretien-espaces-verts"));
        assert!(naf("5621Z").contains(&"traiteur"));
        assert_eq!(naf("5629A"), vec!["restauration-collective"]);
        assert_eq!(naf("3811Z"), vec!["collecte-dechets", "encombrants"]);
        assert!(naf("9601B").contains(&"blanchisserie"));
        assert!(naf("").is_empty() && naf("0000Z").is_empty());
        // Generic codes of insertion structures map only to what they really say.
        for code in ["7830Z", "7820Z"] {
            let sectors = taxonomy().sectors_for_naf(code);
            assert!(sectors.iter().any(|s| s.key == "mise-a-disposition-personnel"), "{code}");
            assert!(sectors.iter().all(|s| s.family == "mise-a-disposition"), "{code} → {:?}", naf(code));
        }
        let social = taxonomy().sectors_for_naf("8899B");
        assert!(social.iter().any(|s| s.key == "accompagnement-social"));
        assert!(social.iter().all(|s| s.family != "proprete" && s.family != "espaces-verts"), "{:?}", naf("8899B"));
        assert_eq!(naf("8810C"), vec!["accompagnement-professionnel"]);
        assert!(naf("9499Z").is_empty(), "le code générique des associations ne dit rien du métier");
    }

    #[test]
    fn cpv_codes_map_to_the_deepest_sector() {
        assert_eq!(cpv("90911200"), vec!["nettoyage-locaux"]);
        assert_eq!(cpv("90911300"), vec!["nettoyage-vitres"]);
        assert_eq!(cpv("77310000"), vec!["entretien-espaces-verts"]);
        assert_eq!(cpv("90511400"), vec!["cartons-papiers"]);
        assert_eq!(cpv("55524000"), vec!["restauration-collective"]);
        assert_eq!(cpv("18331000"), vec!["confection-textile"]);
        assert_eq!(cpv("79620000"), vec!["mise-a-disposition-personnel"]);
        assert_eq!(cpv("98311000"), vec!["blanchisserie"]);
        assert_eq!(cpv("45442100"), vec!["peinture-vitrerie"]);
        assert!(cpv("99999999").is_empty());
    }

    #[test]
    fn every_specific_builtin_cpv_code_has_a_sector() {
        let catalogue = crate::domain::CpvCatalogue::builtin();
        for (code, label) in catalogue.iter() {
            let code = Cpv::parse(code).unwrap_or_else(|e| panic!("{e}"));
            if code.significant().len() >= 5 {
                assert!(!taxonomy().sectors_for_cpv(&code).is_empty(), "{code} {label} sans secteur");
            }
        }
    }

    #[test]
    fn inference_combines_cpv_naf_and_text_in_file_order() {
        let codes = [Cpv::parse("77310000").unwrap_or_else(|e| panic!("{e}"))];
        let inferred = taxonomy().infer(&[], &codes, Some("8121Z"), "Atelier de confection");
        assert_eq!(inferred, vec!["nettoyage-locaux", "entretien-espaces-verts", "confection-textile"]);
        let declared = vec!["sport".to_string()];
        assert_eq!(taxonomy().infer(&declared, &codes, Some("8121Z"), "Atelier de confection"), declared);
    }
}
