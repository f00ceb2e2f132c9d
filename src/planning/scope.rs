//! What is planned: a whole need (for allotment) or one of its lots (for a consortium), with its
//! activities, its perimeter split into parts, its value and the legal context of its tender.

use jiff::civil::Date;

use super::PlanningError;
use super::activity::{Activity, activities_of_lot, activities_of_need};
use super::config::PlanningConfig;
use super::perimeter::{Perimeter, Perimeters};
use crate::domain::cpv::{ContractType, Cpv};
use crate::domain::need::{BuyerKind, Need, Place, Reservation};
use crate::domain::sector::Taxonomy;
use crate::domain::territory::Gazetteer;
use crate::law::procedure::is_social_or_specific_service;
use crate::law::{ThresholdRow, lots::max_turnover_requirement};

/// The facts of the tender that decide procedures, reservations and capacity rules.
#[derive(Debug, Clone, PartialEq)]
pub struct LegalContext {
    /// Supplies, services or works, from the main CPV code.
    pub contract_type: ContractType,
    /// The kind of buyer.
    pub buyer_kind: BuyerKind,
    /// The consultation date: dated thresholds are read at this date.
    pub date: Date,
    /// True when the main object is a social or other specific service (R2123-1 3°).
    pub social_services: bool,
    /// Duration in months, when given (L2113-15 is limited to 3 years).
    pub duration_months: Option<u32>,
}

impl LegalContext {
    /// The legal facts of a need (or one of its lots) whose main object is `main_cpv`.
    fn of(need: &Need, main_cpv: Option<&Cpv>, duration_months: Option<u32>) -> LegalContext {
        LegalContext {
            contract_type: main_cpv.map_or(ContractType::Services, |c| c.contract_type()),
            buyer_kind: need.buyer_kind(),
            date: need.consultation_date,
            social_services: main_cpv.is_some_and(is_social_or_specific_service),
            duration_months,
        }
    }
}

/// A need or a lot to plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    /// The lot identifier, `None` for a whole need.
    pub id: Option<String>,
    /// Object of the purchase.
    pub title: String,
    /// Free French text describing it, when the buyer gave one.
    pub description: Option<String>,
    /// Its activities, never empty.
    pub activities: Vec<Activity>,
    /// Its perimeter, at least one part.
    pub perimeter: Perimeter,
    /// Estimated value in euros HT.
    pub estimated_value_eur: f64,
    /// The reservation the buyer chose, if any.
    pub reservation: Option<Reservation>,
    /// The legal context.
    pub legal: LegalContext,
}

impl Scope {
    /// The whole need, to be allotted. Errors name the field: `place` for an empty perimeter,
    /// `estimated_value_eur` without a value, `cpv` when no activity can be identified.
    pub fn of_need(
        need: &Need,
        gazetteer: &Gazetteer,
        taxonomy: &Taxonomy,
        config: &PlanningConfig,
    ) -> Result<Scope, PlanningError> {
        Scope::of_need_in(need, &mut Perimeters::new(gazetteer, config.max_parts), taxonomy)
    }

    /// [`Scope::of_need`] with its perimeter taken from `perimeters` (split once per place).
    fn of_need_in(need: &Need, perimeters: &mut Perimeters<'_>, taxonomy: &Taxonomy) -> Result<Scope, PlanningError> {
        let place = need_place(need)?;
        let value = need.total_estimated_value_eur().ok_or_else(|| {
            PlanningError::field(
                "estimated_value_eur",
                "montant estimé manquant : il faut la valeur du besoin (ou de chaque lot) pour dimensionner les lots",
            )
        })?;
        let activities = activities_of_need(need, taxonomy);
        let main_cpv = need.main_cpv().or_else(|| activities.first().and_then(|a| a.cpv.first()));
        let legal = LegalContext::of(need, main_cpv, need.duration_months);
        let scope =
            Scope::build(None, need.title.clone(), activities, &place, value, need.reservation, legal, perimeters)?;
        Ok(Scope { description: need.description.clone(), ..scope })
    }

    /// One lot of the need (`lot_id`), or the need itself when it has no lots and no id is given.
    /// Errors: `lot` for an unknown or missing lot id, `lots[i].estimated_value_eur` for a lot of a
    /// need with several lots that has no value of its own, and those of [`Scope::of_need`].
    pub fn of_lot(
        need: &Need,
        lot_id: Option<&str>,
        gazetteer: &Gazetteer,
        taxonomy: &Taxonomy,
        config: &PlanningConfig,
    ) -> Result<Scope, PlanningError> {
        Scope::of_lot_in(need, lot_id, &mut Perimeters::new(gazetteer, config.max_parts), taxonomy)
    }

    /// [`Scope::of_lot`] with its perimeter taken from `perimeters` (split once per place, into at
    /// most the parts they were made for), for many lots in a row.
    pub fn of_lot_in(
        need: &Need,
        lot_id: Option<&str>,
        perimeters: &mut Perimeters<'_>,
        taxonomy: &Taxonomy,
    ) -> Result<Scope, PlanningError> {
        let known: Vec<String> = need.lots.iter().filter_map(|l| l.id.clone()).collect();
        let index = match lot_id {
            None if need.lots.is_empty() => return Scope::of_need_in(need, perimeters, taxonomy),
            None => return Err(PlanningError::UnknownLot { id: String::new(), known }),
            Some(id) => match need.lots.iter().position(|l| l.id.as_deref() == Some(id)) {
                Some(i) => i,
                None if need.lots.is_empty() && id == need.id => {
                    return Scope::of_need_in(need, perimeters, taxonomy);
                }
                None => return Err(PlanningError::UnknownLot { id: id.to_string(), known }),
            },
        };
        let lot = need.lots()[index].clone();
        let place = lot.place.clone().ok_or_else(|| {
            PlanningError::field(format!("lots[{index}].place"), "lieu manquant : le périmètre du lot est vide")
        })?;
        let own_value = need.lots[index].estimated_value_eur;
        let value =
            own_value.or(if need.lots.len() == 1 { need.estimated_value_eur } else { None }).ok_or_else(|| {
                PlanningError::field(
                    format!("lots[{index}].estimated_value_eur"),
                    "montant estimé du lot manquant : la taille du groupement se mesure à la valeur du lot",
                )
            })?;
        let activities = activities_of_lot(&lot, taxonomy);
        let main_cpv = lot.cpv.first().or_else(|| activities.first().and_then(|a| a.cpv.first()));
        let legal = LegalContext::of(need, main_cpv, lot.duration_months);
        let description = lot.description.clone();
        let scope = Scope::build(lot.id, lot.title, activities, &place, value, lot.reservation, legal, perimeters)?;
        Ok(Scope { description, ..scope })
    }

    #[allow(clippy::too_many_arguments)]
    fn build(
        id: Option<String>,
        title: String,
        activities: Vec<Activity>,
        place: &Place,
        value: f64,
        reservation: Option<Reservation>,
        legal: LegalContext,
        perimeters: &mut Perimeters<'_>,
    ) -> Result<Scope, PlanningError> {
        if activities.is_empty() {
            return Err(PlanningError::field(
                "cpv",
                "aucune activité identifiable : indiquez au moins un code CPV ou un objet plus précis",
            ));
        }
        let perimeter = perimeters.of(place).ok_or_else(|| {
            PlanningError::field("place", "périmètre vide : aucune commune ni aucun département connu dans ce lieu")
        })?;
        Ok(Scope {
            id,
            title,
            description: None,
            activities,
            perimeter,
            estimated_value_eur: value,
            reservation,
            legal,
        })
    }

    /// The highest minimum turnover a buyer may require for `value` euros (R2142-7, 1.5 × since
    /// 2026), with the row of the threshold table; `None` when the table has no row at that date.
    pub fn turnover_cap(&self, value: f64) -> Option<(f64, &'static ThresholdRow)> {
        max_turnover_requirement(value, self.legal.contract_type, self.legal.buyer_kind, self.legal.date)
    }
}

/// The need's place, or the places of its lots together when each lot has communes or départements.
fn need_place(need: &Need) -> Result<Place, PlanningError> {
    if let Some(p) = &need.place {
        return Ok(p.clone());
    }
    let empty = || PlanningError::field("place", "périmètre vide : indiquez place (département, communes ou rayon)");
    let places: Vec<&Place> = need.lots.iter().filter_map(|l| l.place.as_ref()).collect();
    if places.is_empty() || places.len() != need.lots.len() {
        return Err(empty());
    }
    let mut communes = Vec::new();
    let mut departments = Vec::new();
    for p in places {
        match p {
            Place::Commune(c) => communes.push(c.clone()),
            Place::Communes(c) => communes.extend(c.iter().cloned()),
            Place::Department(d) => departments.push(d.clone()),
            Place::Departments(d) => departments.extend(d.iter().cloned()),
            Place::PostCode(_) | Place::Circle { .. } => return Err(empty()),
        }
    }
    match (communes.is_empty(), departments.is_empty()) {
        (false, true) => Ok(Place::Communes(dedup(communes))),
        (true, false) => Ok(Place::Departments(dedup(departments))),
        _ => Err(empty()),
    }
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = Vec::new();
    v.retain(|x| {
        let new = !seen.contains(x);
        seen.push(x.clone());
        new
    });
    v
}
