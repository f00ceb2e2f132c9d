//! A grid of the suppliers that work within a radius of their site: a lot reads only the cells whose
//! suppliers' circles may reach its place, instead of every supplier of the départements around it.

use std::collections::HashMap;

use crate::domain::GeoPoint;
use crate::domain::geo::UnitVector;

/// Side of a cell in degrees of latitude and of longitude (about 55 km by 38 km in metropolitan France).
const CELL_DEGREES: f64 = 0.5;

/// Kept off the bound so that rounding never drops a supplier the reach rule would keep.
const ROUNDING_KM: f64 = 0.001;

/// The suppliers working within a radius, filed by the cell of their site.
#[derive(Debug, Clone, Default)]
pub struct RadiusGrid {
    cells: Vec<Cell>,
}

/// The suppliers whose site lies in one cell.
#[derive(Debug, Clone)]
struct Cell {
    /// A point of reference: the first site filed in the cell.
    centre: UnitVector,
    /// The greatest distance from the reference to a site of the cell, in kilometres.
    spread_km: f64,
    /// Radius and id of each supplier, largest radius first.
    members: Vec<(f64, u32)>,
}

impl RadiusGrid {
    /// The grid of these suppliers: (id, site, radius in kilometres).
    pub fn new(suppliers: impl IntoIterator<Item = (u32, GeoPoint, f64)>) -> RadiusGrid {
        let mut cells: Vec<Cell> = Vec::new();
        let mut by_key: HashMap<(i32, i32), usize> = HashMap::new();
        for (id, site, radius_km) in suppliers {
            let key = ((site.lat / CELL_DEGREES).floor() as i32, (site.lon / CELL_DEGREES).floor() as i32);
            let at = site.unit_vector();
            let index = *by_key.entry(key).or_insert_with(|| {
                cells.push(Cell { centre: at, spread_km: 0.0, members: Vec::new() });
                cells.len() - 1
            });
            let cell = &mut cells[index];
            cell.spread_km = cell.spread_km.max(cell.centre.chord(at).km());
            cell.members.push((radius_km, id));
        }
        for cell in &mut cells {
            cell.members.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        }
        RadiusGrid { cells }
    }

    /// Calls `found` with every supplier whose circle may reach one of these spots (each a point and
    /// the kilometres its own circle adds): all those that do, and a few that come near. By the
    /// triangle inequality a site of a cell is at least `d(spot, reference) - spread` from the spot,
    /// so the suppliers whose radius is below that bound, less the spot's slack, are not read.
    pub fn reaching(&self, spots: &[(UnitVector, f64)], mut found: impl FnMut(u32)) {
        for cell in &self.cells {
            let needed = spots
                .iter()
                .map(|(at, slack)| cell.centre.chord(*at).km() - cell.spread_km - slack - ROUNDING_KM)
                .fold(f64::INFINITY, f64::min);
            for &(radius, id) in &cell.members {
                if radius < needed {
                    break;
                }
                found(id);
            }
        }
    }
}
