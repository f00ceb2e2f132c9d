//! Tests of the supplier index on an in-memory catalogue of about thirty suppliers, with a small
//! taxonomy, towns and CPV labels of their own (independent of the reference data files).

mod filters;
mod lifecycle;
mod relevance;

use std::sync::LazyLock;

use super::{IndexContext, SearchQuery, SearchResults, SupplierIndex};
use crate::domain::siret::with_luhn_digit;
use crate::domain::{Commune, Cpv, CpvCatalogue, Gazetteer, GeoPoint, Intervention, Kind, Siret, Supplier, Taxonomy};

const SECTORS: &str = "family_key\tfamily_label\tsector_key\tsector_label\tcpv_prefixes\tnaf_codes\tkeywords
proprete\tPropreté et services aux bâtiments\tnettoyage-locaux\tNettoyage de locaux\t90911|90919\t8121Z\tnettoy|entretien locaux
proprete\tPropreté et services aux bâtiments\tvitrerie\tNettoyage de vitres\t909113\t\tvitre|vitrerie
nature\tEspaces verts et nature\tespaces-verts\tEntretien d'espaces verts\t7731\t8130Z\tespace vert|tonte|elagage
restauration\tRestauration\trestauration-collective\tRestauration collective\t5552|1589\t5629A|5621Z\trepas|restauration collect|traiteur
dechets\tDéchets et recyclage\tcollecte-cartons\tCollecte de cartons et papiers\t90511|90512\t3811Z\tcarton|papier
textile\tTextile et habillement\tconfection\tConfection textile\t18|1940\t1413Z\tconfection|couture|tee shirt
";

static TAXONOMY: LazyLock<Taxonomy> = LazyLock::new(|| Taxonomy::parse(SECTORS));

fn commune(insee: &str, name: &str, post_codes: &[&str], department: &str, lat: f64, lon: f64) -> Commune {
    Commune {
        insee: insee.into(),
        name: name.into(),
        post_codes: post_codes.iter().map(|p| p.to_string()).collect(),
        department: department.into(),
        centre: GeoPoint { lat, lon },
    }
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    Gazetteer::with_communes(vec![
        commune("91228", "Évry-Courcouronnes", &["91000", "91080"], "91", 48.629, 2.441),
        commune("91174", "Corbeil-Essonnes", &["91100"], "91", 48.614, 2.482),
        commune("91521", "Ris-Orangis", &["91130"], "91", 48.653, 2.414),
        commune("91286", "Grigny", &["91350"], "91", 48.654, 2.393),
        commune("91377", "Massy", &["91300"], "91", 48.731, 2.271),
        commune("91200", "Dourdan", &["91410"], "91", 48.529, 2.011),
        commune("75056", "Paris", &["75011", "75020"], "75", 48.857, 2.352),
        commune("93048", "Montreuil", &["93100"], "93", 48.864, 2.443),
        commune("92050", "Nanterre", &["92000"], "92", 48.892, 2.207),
        commune("69123", "Lyon", &["69003", "69007"], "69", 45.764, 4.836),
        commune("59350", "Lille", &["59000"], "59", 50.630, 3.063),
        commune("31555", "Toulouse", &["31000"], "31", 43.604, 1.444),
        commune("08105", "Charleville-Mézières", &["08000"], "08", 49.773, 4.720),
    ])
});

static CPV: LazyLock<CpvCatalogue> = LazyLock::new(|| {
    let codes = [
        ("90911200", "Services de nettoyage de bâtiments"),
        ("90911300", "Services de nettoyage de vitres"),
        ("77311000", "Services d'entretien des jardins d'agrément"),
        ("55524000", "Services de traiteur pour écoles"),
        ("90511000", "Services de collecte des ordures ménagères"),
        ("18330000", "T-shirts et chemises"),
        ("79620000", "Services de mise à disposition de personnel"),
    ];
    CpvCatalogue::with_codes(codes.into_iter().filter_map(|(c, l)| Some((Cpv::parse(c).ok()?, l.to_string()))))
});

/// The test reference data.
/// A hit's reasons in French, as the edges print them.
fn why(hit: &super::SearchHit) -> Vec<String> {
    crate::wording::search::why(&hit.reasons)
}

fn ctx() -> IndexContext<'static> {
    IndexContext { gazetteer: &GAZETTEER, taxonomy: &TAXONOMY, cpv: &CPV }
}

/// A valid SIRET numbered `n`.
fn siret(n: u64) -> Siret {
    Siret::parse(&with_luhn_digit(&format!("{:013}", 4_400_000_000_000 + n * 10))).unwrap()
}

/// A supplier in a commune of the test gazetteer, without coordinates (placed at the commune).
fn supplier(n: u64, name: &str, kinds: &[Kind], insee: &str, description: &str, sectors: &[&str]) -> Supplier {
    let c = GAZETTEER.commune(insee).unwrap();
    Supplier {
        siret: siret(n),
        name: name.into(),
        kinds: kinds.to_vec(),
        brand: None,
        legal_form: None,
        naf: None,
        naf_label: None,
        description: Some(description.into()),
        sectors: sectors.iter().map(|s| s.to_string()).collect(),
        cpv: Vec::new(),
        post_code: c.post_codes[0].clone(),
        city: c.name.clone(),
        department: c.department.clone(),
        commune_insee: Some(insee.into()),
        location: None,
        intervention: Intervention::Default,
        employees: Some(10 + n as u32),
        revenue_eur: Some(100_000.0 * n as f64),
        networks: Vec::new(),
        email: None,
    }
}

/// Moves a supplier to its own site `km_east` kilometres east of its commune centre.
fn at(mut s: Supplier, km_east: f64) -> Supplier {
    let c = GAZETTEER.commune(s.commune_insee.as_deref().unwrap()).unwrap().centre;
    s.location = GeoPoint::new(c.lat, c.lon + km_east / (111.195 * c.lat.to_radians().cos()));
    s
}

fn with_cpv(mut s: Supplier, codes: &[&str]) -> Supplier {
    s.cpv = codes.iter().map(|c| Cpv::parse(c).unwrap()).collect();
    s
}

use Kind::{Aci, Ai, Ea, Ei, Esat, Etti, Scic, Scop};

/// The Essonne cleaning suppliers within 30 km of Évry.
const ESSONNE_CLEANERS: [u64; 5] = [1, 2, 3, 4, 5];

fn catalogue() -> Vec<Supplier> {
    vec![
        at(
            supplier(
                1,
                "Net'Essonne",
                &[Ei],
                "91228",
                "Nettoyage de bureaux et de locaux administratifs.",
                &["nettoyage-locaux"],
            ),
            0.5,
        ),
        with_cpv(
            supplier(
                2,
                "Régie de quartier de Corbeil",
                &[Ei, Aci],
                "91174",
                "Entretien et nettoyage des locaux des bailleurs, des écoles et des gymnases.",
                &[],
            ),
            &["90911200"],
        ),
        at(
            supplier(
                3,
                "AI Val de Seine",
                &[Ai],
                "91521",
                "Mise à disposition d'agents pour le nettoyage des locaux des collèges.",
                &["nettoyage-locaux"],
            ),
            1.0,
        ),
        supplier(
            4,
            "Grigny Services Propreté",
            &[Aci],
            "91286",
            "Propreté urbaine, nettoyage de locaux et de vitres.",
            &["nettoyage-locaux", "vitrerie"],
        ),
        at(
            supplier(
                5,
                "Massy Clean",
                &[Ea],
                "91377",
                "Entreprise adaptée : nettoyage de locaux professionnels.",
                &["nettoyage-locaux"],
            ),
            0.0,
        ),
        supplier(
            6,
            "Dourdan Insertion Nettoyage",
            &[Aci],
            "91200",
            "Nettoyage des locaux municipaux du sud Essonne.",
            &["nettoyage-locaux"],
        ),
        supplier(
            7,
            "Paris Propre Solidaire",
            &[Ei],
            "75056",
            "Nettoyage de locaux et de bureaux à Paris.",
            &["nettoyage-locaux"],
        ),
        supplier(
            8,
            "Montreuil Nettoyage",
            &[Etti],
            "93048",
            "Intérim d'insertion : agents de nettoyage des locaux.",
            &["nettoyage-locaux"],
        ),
        supplier(
            9,
            "Lyon Net Insertion",
            &[Ei],
            "69123",
            "Nettoyage de locaux tertiaires à Lyon.",
            &["nettoyage-locaux"],
        ),
        supplier(
            10,
            "Lille Propreté",
            &[Esat],
            "59350",
            "Nettoyage de locaux et entretien de bureaux.",
            &["nettoyage-locaux"],
        ),
        at(
            supplier(
                11,
                "Les Jardins d'Évry",
                &[Aci],
                "91228",
                "Entretien des espaces verts, tonte et élagage.",
                &["espaces-verts"],
            ),
            1.5,
        ),
        supplier(
            12,
            "Cuisine Solidaire de l'Essonne",
            &[Ei],
            "91228",
            "Repas pour la restauration scolaire avec des produits locaux.",
            &["restauration-collective"],
        ),
        supplier(13, "Verts Horizons", &[Esat], "91377", "Création et entretien d'espaces verts.", &["espaces-verts"]),
        supplier(
            14,
            "Carton Plein 91",
            &[Aci],
            "91174",
            "Collecte des cartons et papiers de bureau.",
            &["collecte-cartons"],
        ),
        supplier(
            15,
            "Les Ateliers du Textile",
            &[Esat],
            "59350",
            "Confection de tee-shirts et de vêtements de travail.",
            &["confection"],
        ),
        supplier(16, "Couture Solidaire", &[Scic], "31555", "Atelier de couture et confection.", &["confection"]),
        supplier(17, "Bell'Récup", &[Aci], "08105", "Ressourcerie : collecte et réemploi d'objets.", &[]),
        supplier(
            18,
            "Traiteur du Parc",
            &[Ea],
            "92050",
            "Traiteur, plateaux repas et cocktails.",
            &["restauration-collective"],
        ),
        supplier(
            19,
            "Toulouse Repas",
            &[Scop],
            "31555",
            "Restauration collective en liaison froide.",
            &["restauration-collective"],
        ),
        supplier(20, "Lyon Jardins", &[Ei], "69123", "Tonte, élagage, jardins partagés.", &["espaces-verts"]),
        supplier(21, "Papiers d'Île-de-France", &[Ei], "93048", "Tri et recyclage des papiers.", &["collecte-cartons"]),
        supplier(22, "Intérim Solidaire 75", &[Etti], "75056", "Travail temporaire d'insertion.", &[]),
        supplier(23, "Toulouse Vitres", &[Ei], "31555", "Lavage de vitres et vitrines.", &["vitrerie"]),
        supplier(24, "Atelier Bois Ardennes", &[Scop], "08105", "Menuiserie et mobilier en bois.", &[]),
        supplier(
            25,
            "Nanterre Espaces Verts",
            &[Aci],
            "92050",
            "Entretien d'espaces verts communaux.",
            &["espaces-verts"],
        ),
        supplier(
            26,
            "Repas de Lille",
            &[Ei],
            "59350",
            "Fabrication de repas pour les cantines.",
            &["restauration-collective"],
        ),
        supplier(27, "ESAT de la Vallée", &[Esat], "91200", "Conditionnement, mise sous pli.", &[]),
        supplier(28, "Montreuil Couture", &[Ei], "93048", "Retouche et couture.", &["confection"]),
        supplier(
            29,
            "Recyclerie Charleville",
            &[Aci],
            "08105",
            "Collecte de cartons des commerces.",
            &["collecte-cartons"],
        ),
        supplier(30, "Paris Jardins Partagés", &[Scic], "75056", "Animation de jardins partagés.", &["espaces-verts"]),
    ]
}

/// An in-memory index of the catalogue, at checkpoint 1.
fn index() -> SupplierIndex {
    let index = SupplierIndex::in_memory().unwrap();
    index.rebuild(&catalogue(), 1, &ctx()).unwrap();
    index
}

fn search(index: &SupplierIndex, query: SearchQuery) -> SearchResults {
    index.search(&query, &ctx()).unwrap()
}

/// The numbers (`n` of [`siret`]) of the hits, in order.
fn numbers(results: &SearchResults) -> Vec<u64> {
    results.hits.iter().map(|h| (1..=40).find(|n| siret(*n) == h.supplier.siret).unwrap_or(0)).collect()
}

fn evry() -> GeoPoint {
    GAZETTEER.locate("91000").unwrap().0
}
