//! The in-memory feature table: what the scoring needs of every supplier, computed once from the
//! catalogue, so that a lot is scored without touching the database.

use std::collections::HashMap;

use smallvec::SmallVec;

use super::grid::RadiusGrid;
use crate::domain::cpv::CpvKey;
use crate::domain::geo::UnitVector;
use crate::domain::need::Reservation;
pub use crate::domain::reach::{Reachable, WorkZone, Zone};
use crate::domain::trade::STAFF_PROVISION_FAMILY;
use crate::domain::{Cpv, Gazetteer, Kind, Supplier, Taxonomy};
use crate::law::{LawConfig, eligible_regimes};

/// What the scoring needs of one supplier.
#[derive(Debug, Clone)]
pub struct SupplierFeatures {
    /// The supplier itself, for the output, without what the features already say of it and no
    /// output shows (description, NAF label, e-mail): a catalogue's texts stay in the index.
    pub supplier: Box<Supplier>,
    /// Indices of its effective sectors in the taxonomy (declared, else inferred from CPV, NAF, text).
    pub sectors: SmallVec<[u16; 6]>,
    /// Its sectors' family keys.
    pub families: Vec<String>,
    /// The same families as bits ([`super::lot::family_bits`]).
    pub family_bits: u64,
    /// Its sectors as bits ([`super::lot::sector_bits`]).
    pub sector_bits: u128,
    /// Its kinds as bits ([`super::lot::kind_bits`]).
    pub kind_bits: u16,
    /// True when the record says little: no description, no declared sector nor CPV code (its
    /// sectors, if any, come from its name or NAF code).
    pub thin: bool,
    /// True when its record states what it does (declared sectors, CPV codes, or sectors read from
    /// its words or a NAF code of a trade), not only its social mission.
    pub trade_known: bool,
    /// True when its record says little and its kind runs workshops of several trades
    /// ([`crate::domain::trade::runs_several_workshops`]): the trade its name or NAF code gives is
    /// the carrying body's, and what its kind typically does stays possible.
    pub several_workshops: bool,
    /// True when one of its sectors is staff provision (`domain::trade::STAFF_PROVISION_FAMILY`).
    pub staff_provision: bool,
    /// True when it works for its members only (a GEIQ, [`crate::domain::trade::works_for_members_only`]):
    /// never the contractor of a lot, shown apart.
    pub members_only: bool,
    /// True when it can take insertion-clause hours ([`takes_clause_hours`]).
    pub takes_hours: bool,
    /// Where it works ([`WorkZone`]: the reach rule's view of it).
    pub work: WorkZone,
    /// The CPV divisions of its declared codes, one bit per division (see [`cpv_divisions`]): a lot
    /// sharing none of them shares no CPV level with it, which spares comparing code by code.
    pub cpv_divisions: u128,
    /// Its declared CPV codes packed for comparison, in the order of `supplier.cpv`.
    pub cpv_keys: SmallVec<[CpvKey; 3]>,
    /// Reserved-market regimes it qualifies for (bit `i` = `ALL_RESERVATIONS[i]`).
    pub regimes: u8,
    /// The network or group it belongs to, for the diversity cap: its first network (folded), else its
    /// SIREN (the establishments of one legal unit form a group).
    pub group: String,
}

impl SupplierFeatures {
    /// True when it qualifies for the regime.
    pub fn eligible_to(&self, regime: Reservation) -> bool {
        self.regimes & regime_bit(regime) != 0
    }
}

/// The bit of a regime in [`SupplierFeatures::regimes`].
pub fn regime_bit(regime: Reservation) -> u8 {
    match regime {
        Reservation::Handicap => 1,
        Reservation::Insertion => 2,
        Reservation::Inclusive => 4,
        Reservation::Ess => 8,
        Reservation::Prison => 16,
    }
}

/// The features of every supplier, with look-ups by sector and by place.
#[derive(Debug, Clone, Default)]
pub struct FeatureTable {
    rows: Vec<SupplierFeatures>,
    by_sector: Vec<Vec<u32>>,
    /// Suppliers by the position of the département they are located in (the home-département clause
    /// of the reach rule).
    located: Vec<Vec<u32>>,
    /// Suppliers working in listed départements, under the position of each.
    listing_department: Vec<Vec<u32>>,
    /// Suppliers working in listed régions, under the position of each.
    listing_region: Vec<Vec<u32>>,
    /// Suppliers working everywhere.
    national: Vec<u32>,
    /// Suppliers working within a radius of a known site.
    radius: RadiusGrid,
    max_radius_km: f64,
    by_siret: HashMap<String, u32>,
    /// The position of each supplier's SIRET among all, to break ties without comparing strings.
    siret_order: Vec<u32>,
    /// The legal unit (SIREN) of each supplier, as a number shared by its establishments.
    legal_unit: Vec<u32>,
}

/// Files `id` under each position of `positions`.
fn file_under(lists: &mut Vec<Vec<u32>>, positions: impl Iterator<Item = usize>, id: u32) {
    for position in positions {
        if lists.len() <= position {
            lists.resize(position + 1, Vec::new());
        }
        lists[position].push(id);
    }
}

impl FeatureTable {
    /// Builds the table from the catalogue's suppliers.
    pub fn build(suppliers: Vec<Supplier>, gazetteer: &Gazetteer, taxonomy: &Taxonomy, law: &LawConfig) -> Self {
        let mut table = FeatureTable { by_sector: vec![Vec::new(); taxonomy.sectors().len()], ..Self::default() };
        let mut in_radius = Vec::new();
        let mut suppliers = suppliers;
        // Neighbours next to each other: a lot reads the suppliers of a place, and reads them faster
        // when they lie together in memory.
        suppliers.sort_by_cached_key(|s| {
            let cell = s.location.map(|p| ((p.lat * 4.0).floor() as i32, (p.lon * 4.0).floor() as i32));
            (s.department.clone(), cell)
        });
        for supplier in suppliers {
            let id = table.rows.len() as u32;
            let row = features_of(supplier, gazetteer, taxonomy, law);
            for &s in &row.sectors {
                table.by_sector[usize::from(s)].push(id);
            }
            file_under(&mut table.located, row.work.home.department_positions(), id);
            match &row.work.zone {
                Zone::Radius(km) => {
                    table.max_radius_km = table.max_radius_km.max(*km);
                    if let Some(site) = row.supplier.point(gazetteer) {
                        in_radius.push((id, site, *km));
                    }
                }
                Zone::Departments(_) => {
                    file_under(&mut table.listing_department, row.work.listed.department_positions(), id)
                }
                Zone::Regions(_) => file_under(&mut table.listing_region, row.work.listed.region_positions(), id),
                Zone::National => table.national.push(id),
            }
            table.by_siret.insert(row.supplier.siret.as_str().to_string(), id);
            table.rows.push(row);
        }
        table.radius = RadiusGrid::new(in_radius);
        let mut ids: Vec<u32> = (0..table.rows.len() as u32).collect();
        ids.sort_by(|a, b| table.row(*a).supplier.siret.as_str().cmp(table.row(*b).supplier.siret.as_str()));
        table.siret_order = vec![0; ids.len()];
        table.legal_unit = vec![0; ids.len()];
        let mut unit = 0;
        for (position, &id) in ids.iter().enumerate() {
            table.siret_order[id as usize] = position as u32;
            if position > 0
                && table.row(ids[position - 1]).supplier.siret.siren() != table.row(id).supplier.siret.siren()
            {
                unit += 1;
            }
            table.legal_unit[id as usize] = unit;
        }
        table
    }

    /// Number of suppliers.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when the table is empty.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The features of supplier `id`.
    pub fn row(&self, id: u32) -> &SupplierFeatures {
        &self.rows[id as usize]
    }

    /// The id of a supplier by SIRET.
    pub fn id_of(&self, siret: &str) -> Option<u32> {
        self.by_siret.get(siret).copied()
    }

    /// The position of supplier `id`'s SIRET among all the table's, in order.
    pub fn siret_order(&self, id: u32) -> u32 {
        self.siret_order[id as usize]
    }

    /// The legal unit of supplier `id`: a number its establishments (one SIREN) share.
    pub fn legal_unit(&self, id: u32) -> u32 {
        self.legal_unit[id as usize]
    }

    /// Suppliers filed under the sector of this index.
    pub fn in_sector(&self, sector: u16) -> &[u32] {
        self.by_sector.get(usize::from(sector)).map_or(&[], Vec::as_slice)
    }

    /// The largest intervention radius of the table, in kilometres.
    pub fn max_radius_km(&self) -> f64 {
        self.max_radius_km
    }

    /// Calls `found` with every supplier that may reach the place under the reach rule
    /// ([`crate::domain::reach`]), some more than once, and a few that come near without reaching
    /// it: those located in one of its départements, those listing one of its départements or
    /// régions, those working everywhere, and those whose circle may reach one of its spots.
    pub fn may_reach(&self, place: &Reachable, mut found: impl FnMut(u32)) {
        let territories = place.territories();
        let mut read = |list: Option<&Vec<u32>>| list.into_iter().flatten().for_each(|&id| found(id));
        for position in territories.department_positions() {
            read(self.located.get(position));
            read(self.listing_department.get(position));
        }
        for position in territories.region_positions() {
            read(self.listing_region.get(position));
        }
        read(Some(&self.national));
        let spots: Vec<(UnitVector, f64)> = place.areas().iter().flatten().map(|s| (s.at, s.slack_km)).collect();
        self.radius.reaching(&spots, &mut found);
    }
}

fn features_of(supplier: Supplier, gazetteer: &Gazetteer, taxonomy: &Taxonomy, law: &LawConfig) -> SupplierFeatures {
    let (keys, trade_known) = crate::search::sectors_and_trade(&supplier, taxonomy);
    let sectors: SmallVec<[u16; 6]> =
        keys.iter().filter_map(|k| taxonomy.sectors().iter().position(|s| &s.key == k)).map(|i| i as u16).collect();
    let mut families: Vec<String> = Vec::new();
    for &i in &sectors {
        let family = &taxonomy.sectors()[usize::from(i)].family;
        if !families.contains(family) {
            families.push(family.clone());
        }
    }
    let regimes = eligible_regimes(&supplier.kinds, supplier.legal_form.as_deref(), law)
        .iter()
        .filter(|e| e.eligible)
        .fold(0u8, |bits, e| bits | regime_bit(e.regime));
    let group = match supplier.networks.first() {
        Some(network) => crate::domain::text::fold(network.trim()),
        None => format!("siren {}", supplier.siret.siren()),
    };
    let thin = supplier.description.as_deref().is_none_or(|d| d.trim().is_empty())
        && supplier.sectors.is_empty()
        && supplier.cpv.is_empty();
    let staff_provision = families.iter().any(|f| f == STAFF_PROVISION_FAMILY);
    let several_workshops = thin && crate::domain::trade::runs_several_workshops(&supplier.kinds);
    let supplier = Supplier { description: None, naf_label: None, email: None, ..supplier };
    SupplierFeatures {
        work: WorkZone::of(&supplier, gazetteer),
        cpv_divisions: cpv_divisions(&supplier.cpv),
        cpv_keys: supplier.cpv.iter().map(Cpv::key).collect(),
        kind_bits: super::lot::kind_bits(&supplier.kinds),
        takes_hours: takes_clause_hours(&supplier.kinds),
        members_only: crate::domain::trade::works_for_members_only(&supplier.kinds),
        supplier: Box::new(supplier),
        family_bits: super::lot::family_bits(&families, taxonomy),
        sector_bits: super::lot::sector_bits(sectors.iter().copied()),
        sectors,
        families,
        thin,
        trade_known,
        several_workshops,
        staff_provision,
        regimes,
        group,
    }
}

/// The 2-digit divisions of `codes` as bits (division 45 is bit 45).
pub fn cpv_divisions(codes: &[Cpv]) -> u128 {
    codes
        .iter()
        .filter_map(|c| c.division().parse::<u32>().ok())
        .filter(|&d| d < 128)
        .fold(0, |bits, d| bits | (1 << d))
}

/// True when a supplier of these kinds can take insertion-clause hours (SIAE, GEIQ, EA, EATT, ESAT).
pub fn takes_clause_hours(kinds: &[Kind]) -> bool {
    kinds.iter().any(|k| crate::law::clause::can_take_insertion_hours(*k).is_some())
}

#[cfg(test)]
#[path = "features_tests.rs"]
mod tests;
