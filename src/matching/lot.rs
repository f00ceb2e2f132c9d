//! A lot as the scoring sees it: its words, CPV codes (given or inferred from the text), sectors and
//! place resolved once.

use std::collections::HashSet;

use super::report::InferredCpv;
use crate::domain::cpv::CpvKey;
use crate::domain::kind::ALL_KINDS;
use crate::domain::need::{EffectiveLot, PlaceInWords, Reservation, ResolvedPlace, read_place};
use crate::domain::reach::{Area, Reachable, Spot};
use crate::domain::territory::name_key;
use crate::domain::trade::{Affinity, LABOUR_FAMILIES, MISSION_FAMILIES, kind_affinity};
use crate::domain::{ContractType, Cpv, CpvCatalogue, Gazetteer, GeoPoint, Kind, Taxonomy};

/// The lot's place resolved for the geographic filter.
#[derive(Debug, Clone, PartialEq)]
pub struct LotPlace {
    /// Centre points (départements, communes, circle).
    pub points: Vec<GeoPoint>,
    /// Départements covered.
    pub departments: Vec<String>,
    /// Their régions.
    pub regions: Vec<String>,
    /// The place for the reach rule: one area per spot.
    pub reachable: Reachable,
    /// Radius of a circle place, added to the suppliers' reach.
    pub radius_km: f64,
    /// French label.
    pub label: String,
    /// The label of the place the buyer gave, when the lot's words named communes of it and
    /// distances are measured to them instead (`domain::need::read_place`).
    pub given: Option<String>,
}

impl LotPlace {
    /// One area a supplier must reach whole (a part of a perimeter the planner drew), lying in
    /// these départements, with its French label.
    pub fn of_area(area: Area, departments: Vec<String>, label: String, gazetteer: &Gazetteer) -> LotPlace {
        let regions = regions_of(&departments, gazetteer);
        let radius_km = area.iter().map(|s| s.slack_km).fold(0.0, f64::max);
        LotPlace {
            points: area.iter().map(|s| s.point).collect(),
            reachable: Reachable::new(vec![area]),
            departments,
            regions,
            radius_km,
            label,
            given: None,
        }
    }

    /// From a resolved place.
    pub fn new(resolved: ResolvedPlace, gazetteer: &Gazetteer) -> LotPlace {
        let regions = regions_of(&resolved.departments, gazetteer);
        let spots = resolved
            .spots
            .iter()
            .map(|s| Spot::new(s.point, s.departments.iter().map(String::as_str), s.slack_km, gazetteer))
            .collect();
        LotPlace {
            reachable: Reachable::of_spots(spots),
            points: resolved.points,
            departments: resolved.departments,
            regions,
            radius_km: resolved.radius_km.unwrap_or(0.0),
            label: resolved.label,
            given: None,
        }
    }
}

/// The régions of these départements, each once.
fn regions_of(departments: &[String], gazetteer: &Gazetteer) -> Vec<String> {
    let mut regions: Vec<String> = Vec::new();
    for d in departments {
        if let Some(r) = gazetteer.department(d).map(|d| d.region.clone())
            && !regions.contains(&r)
        {
            regions.push(r);
        }
    }
    regions
}

/// A lot ready to be scored.
#[derive(Debug, Clone, PartialEq)]
pub struct LotProfile {
    /// The lot as read (inherited values included).
    pub lot: EffectiveLot,
    /// Title and description: the words the lot's sectors and inferred CPV code are read from.
    pub text: String,
    /// The text matched against the suppliers in the index: title, description and the labels of the
    /// CPV codes the buyer gave (a terse title still finds suppliers whose activity has those words),
    /// folded, without the words of procurement (« marché », « lot », « fourniture »…).
    pub query: String,
    /// The query without the words that name the lot's place, when it has such words: a supplier
    /// found only by them (its town, its département) is found for where it is, not for what it
    /// does, so the text counts as evidence of its trade only on these words ([`LotProfile::new`]).
    pub trade_query: Option<String>,
    /// The lot's CPV codes, or the one inferred from its text.
    pub cpv: Vec<Cpv>,
    /// When the CPV code was inferred from the words: which, and from which sector.
    pub cpv_inferred: Option<InferredCpv>,
    /// Indices of the taxonomy's sectors the lot relates to (from its CPV codes and its words).
    pub sectors: Vec<u16>,
    /// Family keys of those sectors.
    pub families: Vec<String>,
    /// For each sector of the taxonomy, how its CPV prefixes meet the lot's codes, when they do:
    /// see [`sector_cpv_depths`].
    pub sector_cpv: Vec<Option<SectorCpv>>,
    /// The place, when the lot has one.
    pub place: Option<LotPlace>,
    /// The contract type of the main CPV code (given or inferred).
    pub contract_type: Option<ContractType>,
    /// The divisions of its CPV codes as bits ([`super::features::cpv_divisions`]).
    pub cpv_divisions: u128,
    /// Its CPV codes packed for comparison, in the order of `cpv`.
    pub cpv_keys: Vec<CpvKey>,
    /// Its families as bits ([`family_bits`]).
    pub family_bits: u64,
    /// Its sectors as bits ([`sector_bits`]).
    pub sector_bits: u128,
    /// The sectors whose CPV prefixes meet its codes (those of `sector_cpv`), as bits.
    pub sector_cpv_bits: u128,
    /// For each of its families, in order, how typical its work is of each kind of structure.
    pub affinities: Vec<FamilyAffinities>,
}

/// How typical the work of one of a lot's families is of each kind of structure
/// ([`crate::domain::trade::kind_affinity`]), read once per lot rather than once per supplier.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyAffinities {
    /// The family key.
    pub family: String,
    /// True when the agents of a structure of staff provision do this work
    /// ([`crate::domain::trade::LABOUR_FAMILIES`]).
    pub labour: bool,
    /// True when the work is the mission of the kinds it is typical of, whatever trade their
    /// records name ([`crate::domain::trade::MISSION_FAMILIES`]).
    pub mission: bool,
    /// The kinds whose typical work it is, as bits ([`kind_bits`]).
    typical: u16,
    /// The kinds for which it is possible work, as bits.
    possible: u16,
}

/// A set of kinds as bits, each the bit of its position in [`ALL_KINDS`].
pub fn kind_bits(kinds: &[Kind]) -> u16 {
    kinds.iter().filter_map(|k| ALL_KINDS.iter().position(|known| known == k)).fold(0, |bits, i| bits | 1 << i)
}

/// A set of sectors as bits: sector `i` sets bit `i % 128`. Two sets that share a sector share a bit
/// (with 128 sectors or fewer, the converse holds too), so that most suppliers of a lot are told apart
/// without reading their lists.
pub fn sector_bits(sectors: impl IntoIterator<Item = u16>) -> u128 {
    sectors.into_iter().fold(0, |bits, i| bits | 1 << (i % 128))
}

impl FamilyAffinities {
    /// The family's affinities.
    pub fn of(family: &str) -> FamilyAffinities {
        let with = |affinity: Affinity| {
            let kinds: Vec<Kind> =
                ALL_KINDS.iter().copied().filter(|&k| kind_affinity(&[k], family) == Some(affinity)).collect();
            kind_bits(&kinds)
        };
        FamilyAffinities {
            family: family.to_string(),
            labour: LABOUR_FAMILIES.contains(&family),
            mission: MISSION_FAMILIES.contains(&family),
            typical: with(Affinity::Typical),
            possible: with(Affinity::Possible),
        }
    }

    /// The best affinity of the kinds of these bits with the family.
    pub fn best_of_bits(&self, kinds: u16) -> Option<Affinity> {
        if kinds & self.typical != 0 {
            Some(Affinity::Typical)
        } else if kinds & self.possible != 0 {
            Some(Affinity::Possible)
        } else {
            None
        }
    }

    /// The best affinity of these kinds with the family, with the first kind that has it.
    pub fn best(&self, kinds: &[Kind]) -> Option<(Affinity, Kind)> {
        let of = |kind: Kind| self.best_of_bits(kind_bits(&[kind]));
        let best = kinds.iter().filter_map(|&k| of(k)).max()?;
        let kind = kinds.iter().copied().find(|&k| of(k) == Some(best))?;
        Some((best, kind))
    }
}

/// `text` folded ([`name_key`]) without the words `left_out` picks, and whether it held any.
fn folded_without(text: &str, left_out: impl Fn(&str) -> bool) -> (String, bool) {
    let key = name_key(text);
    let all: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    let kept: Vec<&str> = all.iter().copied().filter(|w| !left_out(w)).collect();
    let any = kept.len() < all.len();
    (kept.join(" "), any)
}

/// `text` folded without `words`, when it holds any of them.
fn without_words(text: &str, words: &HashSet<String>) -> Option<String> {
    let (kept, any) = folded_without(text, |w| words.contains(w));
    any.then_some(kept)
}

/// Words of the procurement itself rather than of the work, folded: « marché », « lot »,
/// « accord-cadre », « prestations », « fourniture », « insertion ». They are in most lots' titles
/// and say nothing of the trade; in the suppliers' text they are in names and labels
/// (« Fournitures de bureau », the kind « Atelier et chantier d'insertion »), so a lot would find
/// suppliers by them. « services » stays: a structure named « … Services » sells services.
const PROCUREMENT_WORDS: [&str; 11] = [
    "marche",
    "marches",
    "lot",
    "lots",
    "accord",
    "accords",
    "prestation",
    "prestations",
    "fourniture",
    "fournitures",
    "insertion",
];

/// `text` folded without [`PROCUREMENT_WORDS`].
fn without_procurement_words(text: &str) -> String {
    folded_without(text, |w| PROCUREMENT_WORDS.contains(&w)).0
}

/// A set of families as bits, each the bit of its position in the taxonomy's families (positions past
/// 63 are left out).
pub fn family_bits<'a>(families: impl IntoIterator<Item = &'a String>, taxonomy: &Taxonomy) -> u64 {
    families
        .into_iter()
        .filter_map(|f| taxonomy.families().iter().position(|known| &known.key == f))
        .filter(|&i| i < 64)
        .fold(0, |bits, i| bits | 1 << i)
}

impl LotProfile {
    /// The profile of a lot, its place resolved against the gazetteer: the communes its words name
    /// in the place given, if any (`domain::need::read_place`), else the place given.
    pub fn new(lot: EffectiveLot, gazetteer: &Gazetteer, taxonomy: &Taxonomy, catalogue: &CpvCatalogue) -> Self {
        let read = lot.place.as_ref().map(|given| {
            let resolved = given.resolve(gazetteer);
            let read = read_place(given, &resolved.departments, &lot.text(), gazetteer);
            (resolved, read)
        });
        let (place, words) = match read {
            Some((given, PlaceInWords { place: Some(named), words })) => {
                let at = LotPlace::new(named.resolve(gazetteer), gazetteer);
                (Some(LotPlace { given: Some(given.label), ..at }), words)
            }
            Some((given, PlaceInWords { place: None, words })) => (Some(LotPlace::new(given, gazetteer)), words),
            None => (None, HashSet::new()),
        };
        let mut profile = LotProfile::with_place(lot, place, taxonomy, catalogue);
        profile.trade_query = without_words(&profile.query, &words);
        profile
    }

    /// The profile of a lot whose place the caller has resolved (`lot.place` is not read).
    pub fn with_place(
        lot: EffectiveLot,
        place: Option<LotPlace>,
        taxonomy: &Taxonomy,
        catalogue: &CpvCatalogue,
    ) -> Self {
        let text = lot.text();
        let text_sectors = taxonomy.sectors_for_text(&text);
        let (cpv, cpv_inferred) = if lot.cpv.is_empty() {
            // The sector the words name best gives the code ([`Taxonomy::cpv_for_text`]).
            match text_sectors.first().and_then(|(sector, _)| Some((sector.inferred_cpv()?, sector))) {
                Some((code, sector)) => (vec![code.clone()], Some(InferredCpv { code, sector: sector.key.clone() })),
                None => (Vec::new(), None),
            }
        } else {
            (lot.cpv.clone(), None)
        };
        let position = |key: &str| taxonomy.sectors().iter().position(|s| s.key == key).map(|i| i as u16);
        let mut sectors: Vec<u16> = Vec::new();
        let from_cpv = cpv.iter().flat_map(|c| taxonomy.sectors_for_cpv(c));
        let from_text = text_sectors.iter().map(|(s, _)| *s);
        for sector in from_cpv.chain(from_text) {
            if let Some(i) = position(&sector.key)
                && !sectors.contains(&i)
            {
                sectors.push(i);
            }
        }
        let mut families: Vec<String> = Vec::new();
        for &i in &sectors {
            let family = &taxonomy.sectors()[usize::from(i)].family;
            if !families.contains(family) {
                families.push(family.clone());
            }
        }
        let contract_type = cpv.first().map(Cpv::contract_type);
        let mut query = without_procurement_words(&text);
        for label in lot.cpv.iter().filter_map(|c| catalogue.nearest_label(c)) {
            query.push(' ');
            query.push_str(&without_procurement_words(label));
        }
        let sector_cpv = sector_cpv_depths(&cpv, taxonomy);
        let cpv_divisions = super::features::cpv_divisions(&cpv);
        let family_bits = family_bits(&families, taxonomy);
        let affinities = families.iter().map(|f| FamilyAffinities::of(f)).collect();
        let sector_bits = sector_bits(sectors.iter().copied());
        let sector_cpv_bits = self::sector_bits(
            sector_cpv.iter().enumerate().filter(|(_, found)| found.is_some()).map(|(i, _)| i as u16),
        );
        LotProfile {
            cpv_keys: cpv.iter().map(Cpv::key).collect(),
            lot,
            text,
            query,
            trade_query: None,
            cpv,
            cpv_inferred,
            sectors,
            families,
            sector_cpv,
            place,
            contract_type,
            cpv_divisions,
            family_bits,
            sector_bits,
            sector_cpv_bits,
            affinities,
        }
    }

    /// The lot's reservation.
    pub fn reservation(&self) -> Option<Reservation> {
        self.lot.reservation
    }
}

/// Where a sector's CPV prefixes meet a lot's codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectorCpv {
    /// Digits shared (2 to 8).
    pub depth: usize,
    /// The prefix, as its position in the sector's `cpv_prefixes`.
    pub prefix: usize,
}

/// For each sector of the taxonomy, the best proximity between its CPV prefixes and the lot's codes:
/// a prefix that covers a lot's code counts at its own depth, a partial one at the depth shared
/// (at least the division); the first prefix of the greatest depth.
fn sector_cpv_depths(cpv: &[Cpv], taxonomy: &Taxonomy) -> Vec<Option<SectorCpv>> {
    let significant: Vec<&str> = cpv.iter().map(Cpv::significant).collect();
    taxonomy
        .sectors()
        .iter()
        .map(|sector| {
            let mut best: Option<SectorCpv> = None;
            for (position, prefix) in sector.cpv_prefixes.iter().enumerate() {
                for sig in &significant {
                    let common = prefix.bytes().zip(sig.bytes()).take_while(|(a, b)| a == b).count();
                    let depth = common.min(prefix.len()).min(sig.len());
                    if depth >= 2 && best.is_none_or(|b| depth > b.depth) {
                        best = Some(SectorCpv { depth, prefix: position });
                    }
                }
            }
            best
        })
        .collect()
}
