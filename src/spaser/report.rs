//! From a DECP file to reports: one buyer over one or several years, or every buyer of the file.

use std::collections::BTreeMap;
use std::io::BufRead;

use serde::Serialize;

use super::contract::{Contract, Defect, Read};
use super::dedup::deduplicate;
use super::error::SpaserError;
use super::holders::EssDirectory;
use super::measure::{Caveat, Measurement, measure};
use super::potential::{Potential, potential};
use super::read::{FileShape, read_decp_of};
use super::targets::Targets;
use crate::matching::{Engine, MatchError};

/// Annual purchases above which a buyer must adopt a SPASER (L2111-3, D2111-3 since 1 Jan 2023).
pub const SPASER_OBLIGATION_EUR: f64 = 50_000_000.0;

/// What was read from a file.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// How the file was read.
    pub shape: FileShape,
    /// Records read.
    pub records: usize,
    /// Contracts kept (of the buyer asked for, or all), each once.
    pub contracts: Vec<Contract>,
    /// Defects: records not measured, copies dropped, reused ids, and defects of the kept contracts.
    pub defects: Vec<Defect>,
}

/// Reads a DECP file, keeping the contracts of `buyer` (all when `None`), and counts each once.
/// Records without a buyer SIRET and unreadable records are always listed as defects.
pub fn load<R: BufRead>(input: R, buyer: Option<&str>) -> Result<Loaded, SpaserError> {
    let mut records = 0;
    let mut contracts = Vec::new();
    let mut defects = Vec::new();
    let shape = read_decp_of(input, buyer, &mut |read| {
        records += 1;
        match read {
            Read::Contract(c) if buyer.is_none_or(|b| c.buyer == b) => contracts.push(*c),
            Read::Contract(_) | Read::OtherBuyer => {}
            Read::Rejected(d) => {
                if buyer.is_none() || d.buyer.is_none() || d.buyer.as_deref() == buyer {
                    defects.push(d)
                }
            }
        }
    })?;
    if records > 0 && contracts.is_empty() && buyer.is_none() && defects.len() == records {
        return Err(SpaserError::NoContract { records });
    }
    let (contracts, dropped) = deduplicate(contracts);
    defects.extend(dropped);
    for c in &contracts {
        for kind in &c.defects {
            defects.push(Defect {
                record: c.record,
                id: Some(c.id.clone()),
                buyer: Some(c.buyer.clone()),
                kind: kind.clone(),
            });
        }
    }
    defects.sort_by_key(|d| d.record);
    Ok(Loaded { shape, records, contracts, defects })
}

/// Contracts and value of one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearTotal {
    /// The year.
    pub year: i16,
    /// Contracts counted.
    pub contracts: usize,
    /// Their value.
    pub value_eur: f64,
}

/// Whether the file holds all of a buyer's contracts, when the publisher says how many it has.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sample {
    /// Contracts of the buyer notified since 2023 in the file.
    pub in_file_since_2023: usize,
    /// Contracts the publisher says the buyer notified since 2023.
    pub published_since_2023: u64,
    /// True when the file holds them all.
    pub complete: bool,
}

/// One buyer over the years asked for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BuyerReport {
    /// Buyer SIRET.
    pub buyer: String,
    /// One measurement per year asked for.
    pub years: Vec<Measurement>,
    /// The buyer's contracts in the file, by year of notification.
    pub by_year: Vec<YearTotal>,
    /// Completeness of the file for this buyer, when known.
    pub sample: Option<Sample>,
    /// Defects of the buyer's records.
    pub defects: Vec<Defect>,
    /// Records that no buyer can take (no buyer SIRET) or that cannot be read.
    pub unattributed: Vec<Defect>,
    /// The reservable potential of each year, when a catalogue of suppliers was at hand.
    pub potential: PotentialState,
}

/// Whether the reservable potential could be measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", content = "years", rename_all = "snake_case")]
pub enum PotentialState {
    /// No catalogue of suppliers: nobody to count.
    NoCatalogue,
    /// One potential per year measured.
    Measured(Vec<Potential>),
}

pub(super) fn by_year(contracts: &[Contract]) -> Vec<YearTotal> {
    let mut years: BTreeMap<i16, (usize, f64)> = BTreeMap::new();
    for c in contracts {
        let e = years.entry(c.notified.year()).or_default();
        e.0 += 1;
        e.1 += c.amount_eur;
    }
    years.into_iter().map(|(year, (contracts, value_eur))| YearTotal { year, contracts, value_eur }).collect()
}

pub(super) fn sample(contracts: &[Contract]) -> Option<Sample> {
    let published = contracts.iter().filter_map(|c| c.buyer_total_since_2023).max()?;
    let in_file = contracts.iter().filter(|c| c.notified.year() >= 2023).count();
    Some(Sample { in_file_since_2023: in_file, published_since_2023: published, complete: in_file as u64 >= published })
}

/// Measures one buyer for each of `years`, without the reservable potential.
pub fn buyer_report(
    loaded: Loaded,
    buyer: &str,
    years: &[i16],
    targets: &Targets,
    directory: Option<&EssDirectory>,
) -> BuyerReport {
    let no_potential =
        |_: &[Measurement], _: &[Contract]| Ok::<_, std::convert::Infallible>(PotentialState::NoCatalogue);
    match report_of(loaded, buyer, years, targets, directory, no_potential) {
        Ok(report) => report,
        Err(never) => match never {},
    }
}

/// Measures one buyer for each of `years`, and with `engine` (a catalogue of suppliers) the reservable
/// potential of each year.
pub fn buyer_report_with_potential(
    loaded: Loaded,
    buyer: &str,
    years: &[i16],
    targets: &Targets,
    directory: Option<&EssDirectory>,
    engine: Option<&Engine>,
) -> Result<BuyerReport, MatchError> {
    report_of(loaded, buyer, years, targets, directory, |measurements, contracts| match engine {
        Some(engine) => Ok(PotentialState::Measured(
            measurements.iter().map(|m| potential(m, contracts, engine, directory)).collect::<Result<_, _>>()?,
        )),
        None => Ok(PotentialState::NoCatalogue),
    })
}

fn report_of<E>(
    loaded: Loaded,
    buyer: &str,
    years: &[i16],
    targets: &Targets,
    directory: Option<&EssDirectory>,
    potential: impl FnOnce(&[Measurement], &[Contract]) -> Result<PotentialState, E>,
) -> Result<BuyerReport, E> {
    let contracts: Vec<Contract> = loaded.contracts.into_iter().filter(|c| c.buyer == buyer).collect();
    let sample = sample(&contracts);
    let mut measurements: Vec<Measurement> =
        years.iter().map(|y| measure(buyer, *y, &contracts, targets, directory)).collect();
    if let Some(s) = sample.as_ref().filter(|s| !s.complete) {
        for m in &mut measurements {
            m.caveats
                .push(Caveat::IncompleteSample { in_file: s.in_file_since_2023, published: s.published_since_2023 });
        }
    }
    let potential = potential(&measurements, &contracts)?;
    let (unattributed, defects) = loaded.defects.into_iter().partition(|d| d.buyer.is_none());
    Ok(BuyerReport {
        buyer: buyer.to_string(),
        years: measurements,
        by_year: by_year(&contracts),
        sample,
        defects,
        unattributed,
        potential,
    })
}
