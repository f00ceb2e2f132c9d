//! A lot as the scoring sees it: its words, CPV codes (given or inferred from the text), sectors and
//! place resolved once.

use super::territories::Territories;
use crate::domain::geo::{Chord, UnitVector};
use crate::domain::need::{EffectiveLot, Reservation, ResolvedPlace};
use crate::domain::{ContractType, Cpv, CpvCatalogue, Gazetteer, GeoPoint, Taxonomy};

/// The lot's place resolved for the geographic filter.
#[derive(Debug, Clone, PartialEq)]
pub struct LotPlace {
    /// Centre points (départements, communes, circle).
    pub points: Vec<GeoPoint>,
    /// Départements covered.
    pub departments: Vec<String>,
    /// Their régions.
    pub regions: Vec<String>,
    /// The départements and régions as a set.
    pub territories: Territories,
    /// The centre points as unit vectors.
    pub vectors: Vec<UnitVector>,
    /// Radius of a circle place, added to the suppliers' reach.
    pub radius_km: f64,
    /// French label.
    pub label: String,
}

impl LotPlace {
    /// From a resolved place.
    pub fn new(resolved: ResolvedPlace, gazetteer: &Gazetteer) -> LotPlace {
        let mut regions: Vec<String> = Vec::new();
        for d in &resolved.departments {
            if let Some(r) = gazetteer.department(d).map(|d| d.region.clone())
                && !regions.contains(&r)
            {
                regions.push(r);
            }
        }
        let departments = resolved.departments.iter().map(String::as_str);
        let territories = Territories::new(departments, regions.iter().map(String::as_str), gazetteer);
        LotPlace {
            territories,
            vectors: resolved.points.iter().map(|p| p.unit_vector()).collect(),
            points: resolved.points,
            departments: resolved.departments,
            regions,
            radius_km: resolved.radius_km.unwrap_or(0.0),
            label: resolved.label,
        }
    }

    /// The great-circle distance from a point to the nearest centre point, `None` without one.
    pub fn nearest_km(&self, at: UnitVector) -> Option<f64> {
        self.vectors.iter().map(|v| v.chord(at)).reduce(|a, b| if b < a { b } else { a }).map(Chord::km)
    }
}

/// A lot ready to be scored.
#[derive(Debug, Clone, PartialEq)]
pub struct LotProfile {
    /// The lot as read (inherited values included).
    pub lot: EffectiveLot,
    /// Title and description: the words the lot's sectors and inferred CPV code are read from.
    pub text: String,
    /// The text matched against the suppliers in the index: title, description and the labels of the
    /// CPV codes the buyer gave (a terse title still finds suppliers whose activity has those words).
    pub query: String,
    /// The lot's CPV codes, or the one inferred from its text.
    pub cpv: Vec<Cpv>,
    /// When the CPV code was inferred: the sentence saying so, for `why`.
    pub cpv_inferred: Option<String>,
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
}

impl LotProfile {
    /// The profile of a lot.
    pub fn new(lot: EffectiveLot, gazetteer: &Gazetteer, taxonomy: &Taxonomy, catalogue: &CpvCatalogue) -> Self {
        let text = match &lot.description {
            Some(d) => format!("{} {d}", lot.title),
            None => lot.title.clone(),
        };
        let text_sectors = taxonomy.sectors_for_text(&text);
        let (cpv, cpv_inferred) = if lot.cpv.is_empty() {
            match infer_cpv(&text_sectors, catalogue) {
                Some((code, why)) => (vec![code], Some(why)),
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
        let place = lot.place.as_ref().map(|p| LotPlace::new(p.resolve(gazetteer), gazetteer));
        let contract_type = cpv.first().map(Cpv::contract_type);
        let mut query = text.clone();
        for label in lot.cpv.iter().filter_map(|c| catalogue.nearest_label(c)) {
            query.push(' ');
            query.push_str(label);
        }
        let sector_cpv = sector_cpv_depths(&cpv, taxonomy);
        LotProfile { lot, text, query, cpv, cpv_inferred, sectors, families, sector_cpv, place, contract_type }
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

/// The CPV code the words of a lot point to: the first CPV prefix of the sector its words name best,
/// completed with zeros, with the French sentence that says so.
fn infer_cpv(
    text_sectors: &[(&crate::domain::sector::Sector, usize)],
    catalogue: &CpvCatalogue,
) -> Option<(Cpv, String)> {
    let (sector, _) = text_sectors.first()?;
    let prefix = sector.cpv_prefixes.first()?;
    let code = Cpv::parse(&format!("{prefix:0<8}")).ok()?;
    let label = catalogue.nearest_label(&code).unwrap_or(&sector.label);
    let why = format!("cpv déduit du texte : {code} ({label}), secteur « {} »", sector.label);
    Some((code, why))
}
