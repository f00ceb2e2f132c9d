//! The ESS legal units of the SIRENE stock (`StockUniteLegale.csv`, INSEE, Licence Ouverte): those
//! flagged `economieSocialeSolidaireUniteLegale = O`, and those whose legal category is an ESS status by
//! law (loi 2014-856 art. 1: associations 92xx, foundations 93xx, mutuals 82xx and 83xx). The national
//! stock is read as a stream and only those units are kept, in a small file of the data folder.

use std::io::{BufRead, Write};

use serde::Serialize;

use super::error::SpaserError;

/// The file of the data folder holding the ESS units of SIRENE.
pub const SIRENE_ESS_FILE: &str = "sirene-ess.csv";

/// Why SIRENE says a unit belongs to the ESS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SireneBasis {
    /// `economieSocialeSolidaireUniteLegale = O`.
    EssFlag,
    /// Its legal category is an ESS status (association, foundation, mutual).
    LegalCategory,
}

/// One ESS unit of SIRENE.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SireneUnit {
    /// SIREN.
    pub siren: String,
    /// `categorieJuridiqueUniteLegale`.
    pub legal_category: String,
    /// `denominationUniteLegale`.
    pub name: String,
    /// Why it is ESS.
    pub basis: SireneBasis,
}

/// True for the legal categories that are ESS by status: 82xx, 83xx (mutuals), 92xx (associations),
/// 93xx (foundations).
pub fn ess_legal_category(code: &str) -> bool {
    ["82", "83", "92", "93"].iter().any(|p| code.starts_with(p))
}

/// Reads the SIRENE stock and writes its ESS units (`siren,categorie,basis,denomination`) to `out`;
/// returns (units read, units kept). A file without the four columns is refused, naming them.
pub fn extract_ess_units<R: BufRead, W: Write>(input: R, mut out: W) -> Result<(usize, usize), SpaserError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let header = reader.headers().map_err(|e| SpaserError::NotDecp(e.to_string()))?.clone();
    let column = |name: &str| header.iter().position(|h| h.trim_start_matches('\u{feff}') == name);
    let names =
        ["siren", "economieSocialeSolidaireUniteLegale", "categorieJuridiqueUniteLegale", "denominationUniteLegale"];
    let found: Vec<Option<usize>> = names.iter().map(|n| column(n)).collect();
    let missing: Vec<&str> = names.iter().zip(&found).filter(|(_, f)| f.is_none()).map(|(n, _)| *n).collect();
    if !missing.is_empty() {
        return Err(SpaserError::Selection {
            field: "FICHIER".into(),
            message: format!(
                "ce n'est pas le stock SIRENE des unités légales : colonne(s) absente(s) {}",
                missing.join(", ")
            ),
        });
    }
    let [Some(siren), Some(flag), Some(category), Some(name)] = found[..] else {
        return Ok((0, 0));
    };
    let mut writer = csv::Writer::from_writer(&mut out);
    let (mut read, mut kept) = (0, 0);
    for row in reader.records() {
        let Ok(row) = row else { continue };
        read += 1;
        let get = |i: usize| row.get(i).unwrap_or("").trim();
        let basis = if get(flag) == "O" {
            SireneBasis::EssFlag
        } else if ess_legal_category(get(category)) {
            SireneBasis::LegalCategory
        } else {
            continue;
        };
        let code = match basis {
            SireneBasis::EssFlag => "O",
            SireneBasis::LegalCategory => "categorie",
        };
        writer.write_record([get(siren), get(category), code, get(name)]).map_err(|e| SpaserError::Io(e.into()))?;
        kept += 1;
    }
    writer.flush().map_err(SpaserError::Io)?;
    Ok((read, kept))
}

/// Reads the file written by [`extract_ess_units`].
pub fn read_ess_units<R: BufRead>(input: R) -> Vec<SireneUnit> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(input);
    reader
        .records()
        .filter_map(Result::ok)
        .filter_map(|r| {
            Some(SireneUnit {
                siren: r.get(0)?.to_string(),
                legal_category: r.get(1)?.to_string(),
                basis: if r.get(2)? == "O" { SireneBasis::EssFlag } else { SireneBasis::LegalCategory },
                name: r.get(3).unwrap_or("").to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_ess_units_only() {
        let stock = "siren,statutDiffusionUniteLegale,denominationUniteLegale,categorieJuridiqueUniteLegale,economieSocialeSolidaireUniteLegale\n\
                     775222222,O,ESAT DU CANAL,9220,O\n\
                     775111111,O,BTP DUPONT,5710,N\n\
                     775333333,O,SCOP BOIS,5458,O\n\
                     775444444,O,ASSOCIATION SANS DRAPEAU,9220,\n";
        let mut out = Vec::new();
        let (read, kept) = extract_ess_units(stock.as_bytes(), &mut out).expect("a stock");
        assert_eq!((read, kept), (4, 3));
        let units = read_ess_units(out.as_slice());
        assert_eq!(units.iter().map(|u| u.siren.as_str()).collect::<Vec<_>>(), ["775222222", "775333333", "775444444"]);
        assert_eq!(units[2].basis, SireneBasis::LegalCategory);
        let e = extract_ess_units("siren,nom\n1,x\n".as_bytes(), Vec::new()).expect_err("not SIRENE");
        assert!(e.to_string().contains("economieSocialeSolidaireUniteLegale"), "{e}");
    }
}
