//! `essor spaser FILE --buyers`: every buyer of a file with its main indicators, in bounded memory.
//!
//! A national file holds millions of contracts; a buyer's copies must be found among its own
//! contracts before it is measured. The contracts are therefore spread by buyer over temporary files
//! (all of a buyer's contracts in the same one), then each file is read back, deduplicated and
//! measured buyer by buyer: memory follows the largest of these files, not the whole input.

use std::collections::BTreeMap;
use std::collections::hash_map::DefaultHasher;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, BufWriter, Write};

use serde::Serialize;

use super::contract::{Contract, Defect, Read};
use super::dedup::deduplicate;
use super::error::SpaserError;
use super::holders::EssDirectory;
use super::measure::{Measurement, measure};
use super::read::read_decp_of;
use super::report::{SPASER_OBLIGATION_EUR, Sample, by_year, sample};
use super::targets::Targets;

/// Temporary files the contracts are spread over: about 16 000 contracts each for a national file
/// of a million.
const SHARES: usize = 64;

/// One line of the list of buyers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BuyerLine {
    /// Buyer SIRET.
    pub buyer: String,
    /// Contracts counted over the years listed.
    pub contracts: usize,
    /// Their value.
    pub value_eur: f64,
    /// S1 observed over those years.
    pub s1: Option<f64>,
    /// E1 observed.
    pub e1: Option<f64>,
    /// I1 observed.
    pub i1: Option<f64>,
    /// Years whose notified value exceeds the 50 M€ of D2111-3.
    pub above_obligation: Vec<i16>,
    /// Completeness of the file for this buyer, when known.
    pub sample: Option<Sample>,
}

/// Every buyer of the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BuyersList {
    /// Buyers, most contracts first.
    pub buyers: Vec<BuyerLine>,
    /// Records that no buyer can take (no buyer SIRET) or that cannot be read.
    pub unattributed: Vec<Defect>,
    /// How many defects in all.
    pub defects: usize,
}

/// Reads a DECP file and lists every buyer with its main indicators over `years` (all years when
/// empty). Each buyer's contracts are counted once, as in a one-buyer report.
///
/// # Errors
/// [`SpaserError::NotDecp`] or [`SpaserError::NoContract`] for a file that is not usable DECP;
/// [`SpaserError::Io`] when the input cannot be read, [`SpaserError::Scratch`] when the temporary
/// files cannot be written or read back.
pub fn buyers_list<R: BufRead>(
    input: R,
    years: &[i16],
    targets: &Targets,
    directory: Option<&EssDirectory>,
) -> Result<BuyersList, SpaserError> {
    let mut spill = Spill::new()?;
    let (mut records, mut contracts, mut defects) = (0, 0, 0);
    let mut unattributed = Vec::new();
    let mut failure = None;
    read_decp_of(input, None, &mut |read| {
        records += 1;
        match read {
            Read::Contract(c) => {
                contracts += 1;
                if failure.is_none()
                    && let Err(e) = spill.write(*c)
                {
                    failure = Some(e);
                }
            }
            Read::OtherBuyer => {}
            Read::Rejected(d) => {
                defects += 1;
                if d.buyer.is_none() {
                    unattributed.push(d);
                }
            }
        }
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    if records > 0 && contracts == 0 {
        return Err(SpaserError::NoContract { records });
    }
    let mut buyers = Vec::new();
    for share in spill.shares()? {
        let (kept, dropped) = deduplicate(share?);
        defects += dropped.len() + kept.iter().map(|c| c.defects.len()).sum::<usize>();
        let mut groups: BTreeMap<String, Vec<Contract>> = BTreeMap::new();
        for c in kept {
            groups.entry(c.buyer.clone()).or_default().push(c);
        }
        buyers.extend(groups.into_iter().filter_map(|(buyer, cs)| buyer_line(buyer, &cs, years, targets, directory)));
    }
    buyers.sort_by(|a, b| b.contracts.cmp(&a.contracts).then(a.buyer.cmp(&b.buyer)));
    unattributed.sort_by_key(|d| d.record);
    Ok(BuyersList { buyers, unattributed, defects })
}

/// The line of one buyer, from its contracts counted once; `None` when none falls in `years`.
fn buyer_line(
    buyer: String,
    contracts: &[Contract],
    years: &[i16],
    targets: &Targets,
    directory: Option<&EssDirectory>,
) -> Option<BuyerLine> {
    let totals = by_year(contracts);
    let chosen: Vec<i16> = if years.is_empty() { totals.iter().map(|t| t.year).collect() } else { years.to_vec() };
    let ms: Vec<Measurement> = chosen.iter().map(|y| measure(&buyer, *y, contracts, targets, directory)).collect();
    let sum = |f: fn(&Measurement) -> (f64, f64)| {
        let (n, d) = ms.iter().map(f).fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
        (d > 0.0).then(|| n / d)
    };
    let line = BuyerLine {
        contracts: ms.iter().map(|m| m.contracts).sum(),
        value_eur: ms.iter().map(|m| m.value_eur).sum(),
        s1: sum(|m| (m.indicators.S1.numerator, m.indicators.S1.denominator)),
        e1: sum(|m| (m.indicators.E1.numerator, m.indicators.E1.denominator)),
        i1: sum(|m| (m.indicators.I1.numerator, m.indicators.I1.denominator)),
        above_obligation: totals
            .iter()
            .filter(|t| t.value_eur > SPASER_OBLIGATION_EUR && chosen.contains(&t.year))
            .map(|t| t.year)
            .collect(),
        sample: sample(contracts),
        buyer,
    };
    (line.contracts > 0).then_some(line)
}

/// The temporary files, one JSON line per contract, removed when dropped.
struct Spill {
    dir: tempfile::TempDir,
    writers: Vec<BufWriter<File>>,
}

impl Spill {
    fn new() -> Result<Spill, SpaserError> {
        let dir = tempfile::Builder::new().prefix("essor-spaser-").tempdir().map_err(SpaserError::Scratch)?;
        let writers = (0..SHARES)
            .map(|i| File::create(dir.path().join(i.to_string())).map(BufWriter::new))
            .collect::<Result<Vec<_>, _>>()
            .map_err(SpaserError::Scratch)?;
        Ok(Spill { dir, writers })
    }

    /// Writes a contract to its buyer's file, without its object (the indicators do not read it).
    fn write(&mut self, mut contract: Contract) -> Result<(), SpaserError> {
        contract.object = None;
        let mut hasher = DefaultHasher::new();
        contract.buyer.hash(&mut hasher);
        let share = (hasher.finish() % SHARES as u64) as usize;
        let out = &mut self.writers[share];
        serde_json::to_writer(&mut *out, &contract).map_err(|e| SpaserError::Scratch(e.into()))?;
        out.write_all(b"\n").map_err(SpaserError::Scratch)
    }

    /// The contracts of each file, one file at a time.
    fn shares(mut self) -> Result<impl Iterator<Item = Result<Vec<Contract>, SpaserError>>, SpaserError> {
        for w in &mut self.writers {
            w.flush().map_err(SpaserError::Scratch)?;
        }
        let Spill { dir, writers } = self;
        drop(writers);
        Ok((0..SHARES).map(move |i| {
            let file = File::open(dir.path().join(i.to_string())).map_err(SpaserError::Scratch)?;
            BufReader::new(file)
                .lines()
                .map(|line| {
                    let line = line.map_err(SpaserError::Scratch)?;
                    serde_json::from_str(&line).map_err(|e| SpaserError::Scratch(e.into()))
                })
                .collect()
        }))
    }
}
