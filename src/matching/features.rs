//! The in-memory feature table: what the scoring needs of every supplier, computed once from the
//! catalogue, so that a lot is scored without touching the database.

use std::collections::HashMap;

use crate::domain::need::Reservation;
pub use crate::domain::reach::{WorkZone, Zone};
use crate::domain::trade::STAFF_PROVISION_FAMILY;
use crate::domain::{Cpv, Gazetteer, Kind, Supplier, Taxonomy};
use crate::law::{LawConfig, eligible_regimes};

/// What the scoring needs of one supplier.
#[derive(Debug, Clone)]
pub struct SupplierFeatures {
    /// The supplier itself, for the output, without what the features already say of it and no
    /// output shows (description, NAF label, e-mail): a catalogue's texts stay in the index.
    pub supplier: Supplier,
    /// Indices of its effective sectors in the taxonomy (declared, else inferred from CPV, NAF, text).
    pub sectors: Vec<u16>,
    /// Its sectors' family keys.
    pub families: Vec<String>,
    /// True when the record says little: no description, no declared sector nor CPV code (its
    /// sectors, if any, come from its name or NAF code).
    pub thin: bool,
    /// True when its record states what it does (declared sectors, CPV codes, or sectors read from
    /// its words or a NAF code of a trade), not only its social mission.
    pub trade_known: bool,
    /// True when one of its sectors is staff provision (`domain::trade::STAFF_PROVISION_FAMILY`).
    pub staff_provision: bool,
    /// Where it works ([`WorkZone`]: the reach rule's view of it).
    pub work: WorkZone,
    /// The CPV divisions of its declared codes, one bit per division (see [`cpv_divisions`]): a lot
    /// sharing none of them shares no CPV level with it, which spares comparing code by code.
    pub cpv_divisions: u128,
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

/// The features of every supplier, with look-ups by sector and by territory.
#[derive(Debug, Clone, Default)]
pub struct FeatureTable {
    rows: Vec<SupplierFeatures>,
    by_sector: Vec<Vec<u32>>,
    /// Every supplier by the département it is located in (`loc:91`), and those working in listed
    /// départements, régions or the whole country by [`zone_keys`] too.
    by_territory: HashMap<String, Vec<u32>>,
    max_radius_km: f64,
    by_siret: HashMap<String, u32>,
}

/// The keys of the territories a wide intervention zone covers: `d:91` for each listed département,
/// `r:11` for each région, `n` for the whole country; none for a radius.
pub fn zone_keys(zone: &Zone) -> Vec<String> {
    match zone {
        Zone::Radius(_) => Vec::new(),
        Zone::Departments(list) => list.iter().map(|d| format!("d:{d}")).collect(),
        Zone::Regions(list) => list.iter().map(|r| format!("r:{r}")).collect(),
        Zone::National => vec!["n".to_string()],
    }
}

impl FeatureTable {
    /// Builds the table from the catalogue's suppliers.
    pub fn build(suppliers: Vec<Supplier>, gazetteer: &Gazetteer, taxonomy: &Taxonomy, law: &LawConfig) -> Self {
        let mut table = FeatureTable { by_sector: vec![Vec::new(); taxonomy.sectors().len()], ..Self::default() };
        for supplier in suppliers {
            let id = table.rows.len() as u32;
            let row = features_of(supplier, gazetteer, taxonomy, law);
            for &s in &row.sectors {
                table.by_sector[usize::from(s)].push(id);
            }
            let located = format!("loc:{}", row.supplier.department);
            for key in zone_keys(&row.work.zone).into_iter().chain(std::iter::once(located)) {
                table.by_territory.entry(key).or_default().push(id);
            }
            if let Zone::Radius(km) = row.work.zone {
                table.max_radius_km = table.max_radius_km.max(km);
            }
            table.by_siret.insert(row.supplier.siret.as_str().to_string(), id);
            table.rows.push(row);
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

    /// Suppliers filed under the sector of this index.
    pub fn in_sector(&self, sector: u16) -> &[u32] {
        self.by_sector.get(usize::from(sector)).map_or(&[], Vec::as_slice)
    }

    /// The largest intervention radius of the table, in kilometres.
    pub fn max_radius_km(&self) -> f64 {
        self.max_radius_km
    }

    /// Suppliers located in département `code` (`key` = `loc:91`), or whose wide zone covers the
    /// territory `key` (`d:91`, `r:11`, `n`).
    pub fn in_territory(&self, key: &str) -> &[u32] {
        self.by_territory.get(key).map_or(&[], Vec::as_slice)
    }
}

fn features_of(supplier: Supplier, gazetteer: &Gazetteer, taxonomy: &Taxonomy, law: &LawConfig) -> SupplierFeatures {
    let (keys, trade_known) = crate::search::sectors_and_trade(&supplier, taxonomy);
    let sectors: Vec<u16> =
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
    let supplier = Supplier { description: None, naf_label: None, email: None, ..supplier };
    SupplierFeatures {
        work: WorkZone::of(&supplier, gazetteer),
        cpv_divisions: cpv_divisions(&supplier.cpv),
        supplier,
        sectors,
        families,
        thin,
        trade_known,
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
