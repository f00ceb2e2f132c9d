//! Load test of `essor spaser FILE --buyers`: every buyer of a generated national DECP file measured
//! in one run, with its wall time and the process's peak resident memory.
//!
//! The file (1 000 000 contracts by default, `ESSOR_BENCH_CONTRACTS` to change) is written to a
//! temporary folder as one `{"marches": {"marche": [...]}}` document of the 2022 schema, or as JSON
//! Lines with `ESSOR_BENCH_SHAPE=jsonl`: 2 001 buyers, one of them holding a twentieth of the
//! contracts; holders named like companies, ESAT, entreprises adaptées and associations; one contract
//! in fifty published twice, one in a hundred with a zero amount, one in two hundred without a CPV.
//!
//! Needs in Cargo.toml: `[[bench]] name = "spaser_buyers" harness = false`.
//! Run: `cargo bench --bench spaser_buyers`.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::time::Instant;

use essor::domain::siret::with_luhn_digit;
use essor::spaser::{Targets, buyers_list};

/// Buyers besides the large one.
const BUYERS: u64 = 2_000;

/// Objects and CPV codes.
const TRADES: [(&str, &str); 8] = [
    ("Nettoyage des locaux administratifs", "90911200"),
    ("Entretien des espaces verts", "77310000"),
    ("Restauration collective des écoles", "55523100"),
    ("Travaux de peinture intérieure", "45442100"),
    ("Fourniture de véhicules utilitaires", "34130000"),
    ("Maintenance des ascenseurs", "50750000"),
    ("Conditionnement et mise sous pli", "79820000"),
    ("Prestations de conseil juridique", "79100000"),
];

/// Holder names: most are companies, some are ESS by their name.
const HOLDERS: [&str; 6] = [
    "ENTREPRISE GENERALE",
    "ESAT LES ATELIERS",
    "ENTREPRISE ADAPTEE DU VAL",
    "SAS PROPRE",
    "ASSOCIATION TREMPLIN",
    "SARL BATI",
];

fn siret(prefix: u64) -> String {
    with_luhn_digit(&format!("{prefix:013}"))
}

/// Record `n` of the file: its JSON text.
fn record(n: u64, contracts: u64) -> String {
    // One contract in fifty published again by a second platform: the same buyer, id, date and holder.
    let k = if n % 50 == 1 { n - 1 } else { n };
    let buyer = if k % 20 == 0 { siret(2_100_000_000_000) } else { siret(2_000_000_000_000 + k * 7_919 % BUYERS) };
    let (object, cpv) = TRADES[(k % TRADES.len() as u64) as usize];
    let holder = (k * 31) % 997;
    let name = HOLDERS[(holder % HOLDERS.len() as u64) as usize];
    let amount = if k % 100 == 7 { 0 } else { 5_000 + (k * 7_919) % 900_000 };
    let cpv = if k % 200 == 3 { String::new() } else { format!(r#", "codeCPV": "{cpv}""#) };
    let social = match k % 10 {
        0 => r#""Marché réservé""#,
        1 | 2 => r#""Clause sociale""#,
        3 => r#""Critère social""#,
        _ => r#""Pas de considération sociale""#,
    };
    let environmental =
        if k % 3 == 0 { r#""Clause environnementale""# } else { r#""Pas de considération environnementale""# };
    let year = 2024 + k % 3;
    let month = 1 + (k / 3) % 12;
    let day = 1 + k % 28;
    let id = k * 2 + contracts;
    format!(
        r#"{{"id": "{year}{id:010}", "acheteur": {{"id": "{buyer}"}}, "nature": "Marché", "objet": "{object} — marché {k}"{cpv}, "procedure": "Procédure adaptée", "montant": {amount}, "dureeMois": 24, "dateNotification": "{year}-{month:02}-{day:02}", "lieuExecution": {{"code": "{}", "typeCode": "Code département"}}, "considerationsSociales": {{"considerationSociale": [{social}]}}, "considerationsEnvironnementales": {{"considerationEnvironnementale": [{environmental}]}}, "titulaires": [{{"titulaire": {{"typeIdentifiant": "SIRET", "id": "{}", "denominationSociale": "{name} {holder}"}}}}]}}"#,
        10 + k % 80,
        siret(7_000_000_000_000 + holder),
    )
}

fn main() {
    let contracts: u64 = std::env::var("ESSOR_BENCH_CONTRACTS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let lines = std::env::var("ESSOR_BENCH_SHAPE").is_ok_and(|s| s == "jsonl");
    let dir = tempfile::tempdir().expect("dossier temporaire");
    let path = dir.path().join(if lines { "decp.jsonl" } else { "decp.json" });
    let mut out = BufWriter::new(File::create(&path).expect("fichier DECP"));
    if !lines {
        out.write_all(b"{\"marches\": {\"marche\": [\n").expect("écriture");
    }
    for n in 0..contracts {
        let separator = if lines {
            "\n"
        } else if n + 1 < contracts {
            ",\n"
        } else {
            "\n"
        };
        out.write_all(record(n, contracts).as_bytes()).expect("écriture");
        out.write_all(separator.as_bytes()).expect("écriture");
    }
    if !lines {
        out.write_all(b"]}}\n").expect("écriture");
    }
    out.flush().expect("écriture");
    drop(out);
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let before = peak_rss_mib();
    let start = Instant::now();
    let input = BufReader::with_capacity(1 << 20, File::open(&path).expect("fichier DECP"));
    let list = buyers_list(input, &[], &Targets::default(), None).expect("un fichier DECP");
    let elapsed = start.elapsed();
    println!(
        "spaser --buyers: {contracts} contracts ({} MB, {}), {} buyers, {} defects: {:.1} s, peak resident memory {} MiB (before: {} MiB)",
        bytes / 1_000_000,
        if lines { "JSON Lines" } else { "JSON document" },
        list.buyers.len(),
        list.defects,
        elapsed.as_secs_f64(),
        peak_rss_mib(),
        before
    );
}

/// The process's peak resident memory (`VmHWM`), in MiB.
fn peak_rss_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}
