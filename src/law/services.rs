//! The two CPV lists of "social and other specific services": the narrow art. 77 list, open to the
//! ESS reservation (L2113-15), and the wider Annex XIV list of the light regime (R2123-1 3°).

use crate::domain::cpv::Cpv;

/// The CPV codes open to the ESS reservation (L2113-15; dir. 2014/24 art. 77; eForms rule BR-0075-0001
/// for `res-pub-ser`), outside division 85. Every code of division 85 (health and social work services,
/// 85000000 to 85323000) is on the list too: see [`ART77_DIVISION`].
pub const ART77_CODES: [(&str, &str); 17] = [
    ("75121000", "Services administratifs de l'enseignement"),
    ("75122000", "Services administratifs de la santé"),
    ("75123000", "Services administratifs du logement"),
    ("79622000", "Mise à disposition de personnel d'aide à domicile"),
    ("79624000", "Mise à disposition de personnel infirmier"),
    ("79625000", "Mise à disposition de personnel médical"),
    ("80110000", "Enseignement préscolaire"),
    ("80300000", "Enseignement supérieur"),
    ("80420000", "Enseignement par voie électronique"),
    ("80430000", "Enseignement de niveau universitaire pour adultes"),
    ("80511000", "Formation du personnel"),
    ("80520000", "Installations de formation"),
    ("80590000", "Aide pédagogique"),
    ("92500000", "Bibliothèques, archives, musées et autres services culturels"),
    ("92600000", "Services sportifs"),
    ("98133000", "Services d'organisations sociales"),
    ("98133110", "Services d'associations de jeunes"),
];

/// The division whose every code is on the art. 77 list: health and social work services.
pub const ART77_DIVISION: &str = "85";

/// True when `cpv` may be reserved under L2113-15 (art. 77 list, exact code or division 85).
pub fn is_art77_service(cpv: &Cpv) -> bool {
    cpv.division() == ART77_DIVISION || ART77_CODES.iter().any(|(code, _)| *code == cpv.as_str())
}

/// An approximation of Annex XIV of dir. 2014/24 (social and other specific services), by CPV prefix.
///
/// The annex lists exact codes and ranges ("from 79995000 to 79995200"); here each range is widened to
/// the prefix its bounds share, so some neighbouring codes outside the annex are taken in (all of
/// division 75, all of group 797). It is an approximation from the annex's structure, not the official
/// code list: prefer an imported eForms code list when there is one.
pub const ANNEX_XIV_PREFIXES: [(&str, &str); 23] = [
    ("75", "administration, défense et sécurité sociale (services à la collectivité, prestations sociales)"),
    ("79611", "services de recherche d'emploi"),
    ("79622", "mise à disposition de personnel d'aide à domicile"),
    ("79624", "mise à disposition de personnel infirmier"),
    ("79625", "mise à disposition de personnel médical"),
    ("791", "services juridiques"),
    ("7943", "services de gestion de crise"),
    ("797", "services d'enquête et de sécurité"),
    ("7995", "organisation d'expositions, de séminaires et d'événements"),
    ("79995", "gestion de bibliothèques"),
    ("80", "services d'enseignement et de formation"),
    ("85", "services de santé et services sociaux"),
    ("92", "services récréatifs, culturels et sportifs"),
    ("9812", "services fournis par les syndicats"),
    ("9813", "services d'organisations associatives, religieuses et sociales"),
    ("982", "services de conseil en matière d'égalité des chances"),
    ("985", "ménages privés employant du personnel"),
    ("989", "services prestés par des organisations extraterritoriales"),
    ("551", "services hôteliers"),
    ("552", "hébergement de courte durée et camping"),
    ("553", "services de restauration"),
    ("554", "services de débits de boissons"),
    ("555", "services de cantine et de traiteur"),
];

/// The Annex XIV codes taken one by one: postal services (not the whole division 64), other community
/// services (98000000) and the two "miscellaneous services" (tyre remoulding, blacksmith services).
pub const ANNEX_XIV_CODES: [&str; 13] = [
    "64000000", "64100000", "64110000", "64111000", "64112000", "64113000", "64114000", "64115000", "64116000",
    "64122000", "98000000", "50116510", "71550000",
];

/// True when `cpv` belongs to the social and other specific services of Annex XIV (light regime,
/// R2123-1 3°), by the approximation of [`ANNEX_XIV_PREFIXES`] and [`ANNEX_XIV_CODES`]. Every art. 77
/// code is included.
pub fn is_social_or_specific_service(cpv: &Cpv) -> bool {
    is_art77_service(cpv)
        || ANNEX_XIV_PREFIXES.iter().any(|(prefix, _)| cpv.as_str().starts_with(prefix))
        || ANNEX_XIV_CODES.contains(&cpv.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cpv(code: &str) -> Cpv {
        Cpv::parse(code).unwrap()
    }

    #[test]
    fn art77_list_holds_its_codes_and_division_85_only() {
        assert!(is_art77_service(&cpv("79625000")));
        assert!(is_art77_service(&cpv("85311000")));
        assert!(is_art77_service(&cpv("85000000")));
        assert!(is_art77_service(&cpv("98133110")));
        assert!(!is_art77_service(&cpv("90911200")), "cleaning is not an art. 77 service");
        assert!(!is_art77_service(&cpv("79620000")), "only the three listed staffing codes");
        assert!(!is_art77_service(&cpv("55523100")), "school meals are Annex XIV, not art. 77");
        assert!(!is_art77_service(&cpv("98133100")));
    }

    #[test]
    fn annex_xiv_is_wider_than_art77() {
        for (code, _) in ART77_CODES {
            assert!(is_social_or_specific_service(&cpv(code)), "{code}");
        }
        assert!(is_social_or_specific_service(&cpv("55523100")), "school-meal services");
        assert!(is_social_or_specific_service(&cpv("80000000")), "education and training");
        assert!(is_social_or_specific_service(&cpv("79713000")), "guard services");
        assert!(is_social_or_specific_service(&cpv("64112000")), "postal services");
        assert!(!is_social_or_specific_service(&cpv("64200000")), "telecommunications");
        assert!(!is_social_or_specific_service(&cpv("90911200")), "cleaning");
        assert!(!is_social_or_specific_service(&cpv("45000000")), "works");
        assert!(!is_social_or_specific_service(&cpv("77310000")), "green spaces");
    }
}
