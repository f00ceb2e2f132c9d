//! Tests of the commune and CPV readers on small files written here.

use std::io::Write;

use super::*;

fn communes(text: &str) -> Result<CommuneImport, ReferenceError> {
    read_communes(text.as_bytes(), "communes.csv")
}

fn error(text: &str) -> String {
    communes(text).err().map(|e| e.to_string()).unwrap_or_else(|| "aucune erreur".to_string())
}

fn cpv(text: &str) -> Result<Vec<(Cpv, String)>, ReferenceError> {
    read_cpv(text.as_bytes(), "cpv.csv")
}

const HEADER: &str = "insee;nom;codes_postaux;departement;lat;lon\n";

#[test]
fn reads_a_tab_separated_list_with_french_headers() {
    let text = "Code_INSEE\tNom_commune\tCodes postaux\tDépartement\tLatitude\tLongitude\n\
                91228\tÉvry-Courcouronnes\t91000|91080\t91\t48.629\t2.441\n\
                1053\tBourg-en-Bresse\t01000\t1\t46.2052\t5.2255\n\
                2A004\tAjaccio\t20000 20090\t2a\t41.9192\t8.7386\n";
    let import = communes(text).unwrap_or_else(|e| panic!("{e}"));
    assert!(import.skipped.is_empty());
    let rows: Vec<(&str, &str, &str)> =
        import.communes.iter().map(|c| (c.insee.as_str(), c.department.as_str(), c.name.as_str())).collect();
    assert_eq!(
        rows,
        vec![("91228", "91", "Évry-Courcouronnes"), ("01053", "01", "Bourg-en-Bresse"), ("2A004", "2A", "Ajaccio")]
    );
    assert_eq!(import.communes[0].post_codes, vec!["91000", "91080"]);
    assert_eq!(import.communes[2].post_codes, vec!["20000", "20090"]);
    assert!((import.communes[0].centre.lat - 48.629).abs() < 1e-9);
}

#[test]
fn reads_semicolon_and_comma_files_with_quoted_lists() {
    let semicolon = format!("{HEADER}91228;Évry-Courcouronnes;\"91000,91080\";91;48,629;2,441\n");
    let import = communes(&semicolon).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(import.communes[0].post_codes, vec!["91000", "91080"]);
    assert!((import.communes[0].centre.lon - 2.441).abs() < 1e-9);
    let comma = "code_commune_insee,nom_de_la_commune,code_postal,lat,lng\n93048,Montreuil,\"93100\",48.8617,2.4417\n";
    let import = communes(comma).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(import.communes[0].department, "93", "département déduit du code INSEE");
    assert_eq!(import.communes[0].post_codes, vec!["93100"]);
}

#[test]
fn rows_that_cannot_be_used_are_set_aside_and_counted() {
    let text = format!(
        "{HEADER}97502;Saint-Pierre;97500;975;;\n98735;Papeete;98714;987;-17.535;-149.569\n93048;Montreuil;93100;93;48.86;2.44\n"
    );
    let import = communes(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(import.communes.len(), 1);
    let skipped: Vec<(u64, &str, SkipReason)> =
        import.skipped.iter().map(|s| (s.line, s.insee.as_str(), s.reason)).collect();
    assert_eq!(skipped, vec![(2, "97502", SkipReason::NoCoordinates), (3, "98735", SkipReason::OutsideDepartments)]);
    assert_eq!(SkipReason::NoCoordinates.label(), "sans coordonnées");
}

#[test]
fn rows_repeating_a_commune_add_their_post_codes() {
    let text =
        format!("{HEADER}13055;Marseille;13001;13;43.2965;5.3698\n13055;MARSEILLE;13002|13001;13;43.2965;5.3698\n");
    let import = communes(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(import.communes.len(), 1);
    assert_eq!(import.communes[0].post_codes, vec!["13001", "13002"]);
    let clash = format!("{HEADER}13055;Marseille;13001;13;43.29;5.37\n13055;Aubagne;13400;13;43.29;5.57\n");
    assert_eq!(
        error(&clash),
        "communes.csv, ligne 3, colonne « insee » : code INSEE 13055 déjà lu ligne 2 pour « Marseille »"
    );
}

#[test]
fn the_first_bad_row_names_its_line_column_and_reason() {
    let good = "91228;Évry-Courcouronnes;91000;91;48.629;2.441\n";
    for (row, expected) in [
        ("912;Évry;91000;91;48.6;2.4", "colonne « insee » : code INSEE « 912 » invalide"),
        (
            "9122;Évry;91000;91;48.6;2.4",
            "colonne « departement » : département « 91 » incohérent avec le code INSEE 09122",
        ),
        ("ABCDE;Évry;91000;91;48.6;2.4", "colonne « insee » : code INSEE « ABCDE » invalide"),
        ("91228;;91000;91;48.6;2.4", "colonne « nom » : nom de commune vide"),
        ("91228;Évry;9100;91;48.6;2.4", "colonne « codes_postaux » : code postal « 9100 » invalide"),
        (
            "91228;Évry;91000;92;48.6;2.4",
            "colonne « departement » : département « 92 » incohérent avec le code INSEE 91228",
        ),
        ("99228;Nulle part;99000;99;48.6;2.4", "colonne « departement » : département « 99 » inconnu"),
        ("91228;Évry;91000;91;nord;2.4", "colonne « lat » : « nord » n'est pas un nombre"),
        ("91228;Évry;91000;91;98.6;2.4", "colonne « lat » : 98.6 hors de l'intervalle [-90, 90]"),
        ("91228;Évry;91000;91;48.6;", "colonne « lon » : longitude vide alors que la latitude est donnée"),
        ("91228;Évry;91000;91;2.441;48.629", "colonne « lat » : le point (2.441, 48.629) est à"),
    ] {
        let message = error(&format!("{HEADER}{good}{row}\n{good}"));
        let prefix = format!("communes.csv, ligne 3, {expected}");
        assert!(message.starts_with(&prefix), "{row}\n  attendu : {prefix}\n  obtenu  : {message}");
    }
}

#[test]
fn missing_columns_are_named() {
    let message = error("insee;nom;latitude\n91228;Évry;48.6\n");
    assert_eq!(message, "communes.csv : colonne « lon » absente de l'en-tête (noms acceptés : lon, lng, longitude)");
    assert!(error("nom;lat;lon\n").contains("colonne « insee » absente"));
}

#[test]
fn imported_communes_complete_the_gazetteer() {
    let text = format!(
        "{HEADER}91999;Commune Nouvelle;91309;91;48.6297;2.2686\n91228;Évry-Courcouronnes;91000|91080;91;48.63;2.44\n"
    );
    let import = communes(&text).unwrap_or_else(|e| panic!("{e}"));
    let gazetteer = Gazetteer::with_communes(import.communes);
    // A commune created after the built-in list, and a known one replaced by the file's row.
    assert_eq!(gazetteer.locate("91309").map(|(_, c)| c.name.as_str()), Some("Commune Nouvelle"));
    assert_eq!(gazetteer.communes().len(), Gazetteer::builtin().communes().len() + 1);
    assert_eq!(gazetteer.commune("91228").map(|c| c.centre.lat), Some(48.63));
    assert_eq!(gazetteer.locate("91000").map(|(_, c)| c.insee.as_str()), Some("91228"));
}

#[test]
fn reads_a_file_from_disk() {
    let mut file = tempfile::NamedTempFile::new().unwrap_or_else(|e| panic!("{e}"));
    let written = file.write_all(b"code\tlabel\n90911200-8\tServices de nettoyage de b\xc3\xa2timents\n");
    written.unwrap_or_else(|e| panic!("{e}"));
    let path = file.path().display().to_string();
    let reopened = std::fs::File::open(file.path()).unwrap_or_else(|e| panic!("{e}"));
    let codes = read_cpv(reopened, &path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(codes.len(), 1);
    assert_eq!((codes[0].0.as_str(), codes[0].1.as_str()), ("90911200", "Services de nettoyage de bâtiments"));
}

#[test]
fn reads_cpv_lists_with_any_header_alias() {
    let codes = cpv("CPV;Libellé\n03000000-1;Produits agricoles\n77310000;Réalisation et entretien d'espaces verts\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let read: Vec<(&str, &str)> = codes.iter().map(|(c, l)| (c.as_str(), l.as_str())).collect();
    assert_eq!(
        read,
        vec![("03000000", "Produits agricoles"), ("77310000", "Réalisation et entretien d'espaces verts")]
    );
    let social = cpv("code\tlabel_fr\tlabel_en\n85311000\tServices sociaux avec hébergement\tWelfare services\n");
    assert_eq!(social.map(|c| c.len()).ok(), Some(1));
}

#[test]
fn bad_cpv_rows_are_refused_with_their_line() {
    let message = |text: &str| cpv(text).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message("code;label\n9091120;Nettoyage\n")
            .starts_with("cpv.csv, ligne 2, colonne « code » : code CPV « 9091120 » invalide")
    );
    assert_eq!(message("code;label\n90911200;\n"), "cpv.csv, ligne 2, colonne « label » : libellé vide");
    assert_eq!(
        message("code;label\n90911200;A\n90911200-8;B\n"),
        "cpv.csv, ligne 3, colonne « code » : code 90911200 déjà lu ligne 2"
    );
    assert!(message("code;description\n90911200;A\n").contains("colonne « label » absente"));
}

#[test]
fn reads_the_la_poste_file_as_published() {
    let text = include_str!("../../../fixtures/imports/laposte-communes.csv");
    let import = read_communes(text.as_bytes(), "laposte.csv").unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<(&str, &str)> = import.communes.iter().map(|c| (c.insee.as_str(), c.name.as_str())).collect();
    // Known communes keep their written names; a new one keeps La Poste's.
    assert_eq!(
        rows,
        vec![
            ("93048", "Montreuil"),
            ("94018", "Charenton-le-Pont"),
            ("91228", "Évry-Courcouronnes"),
            ("91999", "VAL D ESSOR")
        ]
    );
    // One row per post code and locality: the post codes are gathered once each.
    assert_eq!(import.communes[2].post_codes, vec!["91000", "91080"]);
    assert!(
        (import.communes[1].centre.lat - 48.8218).abs() < 1e-9 && (import.communes[1].centre.lon - 2.4133).abs() < 1e-9
    );
    let skipped: Vec<(&str, SkipReason)> = import.skipped.iter().map(|s| (s.insee.as_str(), s.reason)).collect();
    assert_eq!(skipped, vec![("97502", SkipReason::NoCoordinates), ("98735", SkipReason::OutsideDepartments)]);
    let bad = "code_commune_insee;nom_commune_postal;code_postal;coordonnees_gps\n93048;MONTREUIL;93100;48.86 2.44\n";
    let message = read_communes(bad.as_bytes(), "laposte.csv").err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.starts_with("laposte.csv, ligne 2, colonne « coordonnees_gps » :"), "{message}");
}
