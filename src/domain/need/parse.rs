//! Validation of one need of a needs file: format rules, then the legal conditions of its reservation.

use std::collections::HashMap;

use jiff::civil::Date;
use serde_json::Value;

use super::json::{JsonObject, join_path};
use super::{Buyer, BuyerKind, Lot, Need, NeedError, Place, Reservation};
use crate::domain::cpv::{Cpv, CpvCatalogue};
use crate::domain::siret::Siret;
use crate::domain::territory::Gazetteer;
use crate::law::reservation::{ReservationError, check_lot_reservation, check_reservation_in_force};
use crate::law::{LawConfig, PastAward};

/// A catalogue with more codes than this holds the full CPV nomenclature (about 9 450 codes), so a code
/// missing from it does not exist; smaller catalogues only check the division.
pub const FULL_NOMENCLATURE_MIN_CODES: usize = 5_000;

const PLACE_EXAMPLE: &str = "{\"department\": \"91\"}";
const ONE_RESERVATION: &str = "une seule réservation par besoin ou par lot : pour handicap et insertion ensemble, utiliser « inclusive » (L2113-14) ; la réservation prison (L2113-13-1) ne se combine avec aucune autre (L2113-14)";
const LOT_EXAMPLE: &str = "{\"id\": \"1\", \"title\": \"…\"}";

/// The fields a need and a lot share, read with their paths so that law errors can name them.
struct Common {
    title: String,
    description: Option<String>,
    cpv: Vec<(String, Cpv)>,
    place: Option<Place>,
    estimated_value_eur: Option<f64>,
    duration_months: Option<u32>,
    reservation: Option<Reservation>,
}

impl Need {
    /// Validates one need of a needs file with the default [`LawConfig`].
    pub fn from_json(value: &Value, gazetteer: &Gazetteer, cpv: &CpvCatalogue) -> Result<Need, NeedError> {
        Need::from_json_with_config(value, gazetteer, cpv, &LawConfig::default())
    }

    /// Validates one need; `config` sets the uncertain legal parameters (L2113-15 maximum duration…).
    /// Unknown fields are ignored.
    pub fn from_json_with_config(
        value: &Value,
        gazetteer: &Gazetteer,
        cpv: &CpvCatalogue,
        config: &LawConfig,
    ) -> Result<Need, NeedError> {
        let root = JsonObject::new(value, "", "{\"id\": \"n1\", \"title\": \"…\"}")?;
        let id = root.req_str("id")?;
        let common = read_common(&root, gazetteer, cpv)?;
        let buyer = read_buyer(&root)?;
        let consultation_date = read_date(&root, "consultation_date")?;
        let lot_objects = root.objects("lots", LOT_EXAMPLE)?;
        let mut lots = Vec::with_capacity(lot_objects.len());
        let mut seen: HashMap<String, String> = HashMap::new();
        for obj in &lot_objects {
            let lot_id = obj.req_str("id")?;
            if let Some(first) = seen.insert(lot_id.clone(), obj.path_of("id")) {
                return Err(NeedError::new(
                    obj.path_of("id"),
                    format!("identifiant de lot « {lot_id} » en double (déjà utilisé en {first})"),
                ));
            }
            lots.push((obj.own_path().to_string(), lot_id, read_common(obj, gazetteer, cpv)?));
        }
        let buyer_kind = buyer.as_ref().map(|b| b.kind).unwrap_or_default();
        let date = consultation_date.unwrap_or_else(super::today_in_france);
        if lots.is_empty() {
            check_law("", &common, None, buyer_kind, date, config)?;
        }
        for (path, _, lot) in &lots {
            check_law(path, lot, Some(&common), buyer_kind, date, config)?;
        }
        Ok(Need {
            id,
            title: common.title,
            description: common.description,
            cpv: common.cpv.into_iter().map(|(_, c)| c).collect(),
            place: common.place,
            estimated_value_eur: common.estimated_value_eur,
            duration_months: common.duration_months,
            reservation: common.reservation,
            buyer,
            consultation_date,
            lots: lots
                .into_iter()
                .map(|(_, id, c)| Lot {
                    id: Some(id),
                    title: c.title,
                    description: c.description,
                    cpv: c.cpv.into_iter().map(|(_, c)| c).collect(),
                    place: c.place,
                    estimated_value_eur: c.estimated_value_eur,
                    duration_months: c.duration_months,
                    reservation: c.reservation,
                })
                .collect(),
        })
    }
}

fn read_common(obj: &JsonObject<'_>, gazetteer: &Gazetteer, catalogue: &CpvCatalogue) -> Result<Common, NeedError> {
    let title = obj.req_str("title")?;
    let mut cpv = Vec::new();
    for (path, text) in obj.str_list("cpv")?.unwrap_or_default() {
        let code = read_cpv(&path, &text, catalogue)?;
        cpv.push((path, code));
    }
    let place = match obj.object("place", PLACE_EXAMPLE)? {
        Some(p) => Some(Place::from_json(&p, gazetteer)?),
        None => None,
    };
    if obj.is_array("reservation") {
        return Err(NeedError::new(obj.path_of("reservation"), ONE_RESERVATION));
    }
    let reservation = match obj.opt_str("reservation")? {
        Some(text) => {
            Some(text.parse::<Reservation>().map_err(|e| NeedError::new(obj.path_of("reservation"), e.to_string()))?)
        }
        None => None,
    };
    Ok(Common {
        title,
        description: obj.opt_str("description")?,
        cpv,
        place,
        estimated_value_eur: obj.opt_non_negative("estimated_value_eur", "le montant estimé")?,
        duration_months: obj.opt_positive_u32("duration_months", "la durée en mois")?,
        reservation,
    })
}

fn read_cpv(path: &str, text: &str, catalogue: &CpvCatalogue) -> Result<Cpv, NeedError> {
    let code = Cpv::parse(text).map_err(|e| NeedError::new(path, e.to_string()))?;
    if !code.has_known_division() {
        return Err(NeedError::new(
            path,
            format!(
                "code CPV « {code} » inconnu : la division {} n'existe pas dans la nomenclature CPV",
                code.division()
            ),
        ));
    }
    if catalogue.len() > FULL_NOMENCLATURE_MIN_CODES && !catalogue.contains(&code) {
        return Err(NeedError::new(path, format!("code CPV « {code} » absent de la nomenclature CPV")));
    }
    Ok(code)
}

fn read_buyer(root: &JsonObject<'_>) -> Result<Option<Buyer>, NeedError> {
    let Some(obj) = root.object("buyer", "{\"name\": \"Ville de …\", \"siret\": \"…\", \"kind\": \"local\"}")?
    else {
        return Ok(None);
    };
    let kind = match obj.opt_str("kind")? {
        Some(text) => text.parse::<BuyerKind>().map_err(|e| NeedError::new(obj.path_of("kind"), e.to_string()))?,
        None => BuyerKind::default(),
    };
    let siret = match obj.opt_str("siret")? {
        Some(text) => {
            let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            if digits.len() != 14 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(NeedError::new(
                    obj.path_of("siret"),
                    format!("« {text} » n'est pas un SIRET : 14 chiffres attendus"),
                ));
            }
            Some(digits)
        }
        None => None,
    };
    let name = obj.opt_str("name")?;
    let buyer_id = siret.clone().or_else(|| name.clone()).unwrap_or_default();
    let mut past_awards = Vec::new();
    for award in obj.objects("awards", AWARD_EXAMPLE)? {
        past_awards.push(read_award(&award, &buyer_id)?);
    }
    Ok(Some(Buyer { name, siret, kind, past_awards }))
}

const AWARD_EXAMPLE: &str = "{\"supplier\": \"80746931700018\", \"cpv\": [\"85311000\"], \"awarded_on\": \"2024-05-01\", \"reservation\": \"ess\"}";

/// One past award of the buyer (`buyer.awards[i]`).
fn read_award(obj: &JsonObject<'_>, buyer: &str) -> Result<PastAward, NeedError> {
    let text = obj.req_str("supplier")?;
    let supplier = Siret::parse(&text).map_err(|e| NeedError::new(obj.path_of("supplier"), e.to_string()))?;
    let mut cpv = Vec::new();
    for (path, code) in obj.str_list("cpv")?.unwrap_or_default() {
        cpv.push(Cpv::parse(&code).map_err(|e| NeedError::new(path, e.to_string()))?);
    }
    let awarded_on = read_date(obj, "awarded_on")?
        .ok_or_else(|| NeedError::new(obj.path_of("awarded_on"), "date d'attribution obligatoire (AAAA-MM-JJ)"))?;
    let regime = match obj.opt_str("reservation")? {
        Some(text) => {
            Some(text.parse::<Reservation>().map_err(|e| NeedError::new(obj.path_of("reservation"), e.to_string()))?)
        }
        None => None,
    };
    Ok(PastAward { buyer: buyer.to_string(), supplier, regime, cpv, awarded_on })
}

fn read_date(obj: &JsonObject<'_>, key: &str) -> Result<Option<Date>, NeedError> {
    match obj.opt_str(key)? {
        None => Ok(None),
        Some(text) => text.parse::<Date>().map(Some).map_err(|_| {
            NeedError::new(
                obj.path_of(key),
                format!("« {text} » n'est pas une date valide (format AAAA-MM-JJ, par ex. 2026-03-15)"),
            )
        }),
    }
}

/// Checks the reservation of one lot (or of a need without lots) once inherited from `need`, and names
/// the field where the offending value was written.
fn check_law(
    lot_path: &str,
    lot: &Common,
    need: Option<&Common>,
    buyer_kind: BuyerKind,
    date: Date,
    config: &LawConfig,
) -> Result<(), NeedError> {
    // Each value comes from the lot when it has one, else from the need (whose paths start at the root).
    let pick = |own: bool| if own || need.is_none() { lot_path } else { "" };
    let (reservation_path, reservation) = match (lot.reservation, need.and_then(|n| n.reservation)) {
        (Some(r), _) => (pick(true), r),
        (None, Some(r)) => (pick(false), r),
        (None, None) => return Ok(()),
    };
    let (cpv_list, cpv_own) = match need {
        Some(n) if lot.cpv.is_empty() => (&n.cpv, false),
        _ => (&lot.cpv, true),
    };
    let (duration, duration_own) = match (lot.duration_months, need.and_then(|n| n.duration_months)) {
        (Some(d), _) => (Some(d), true),
        (None, inherited) => (inherited, false),
    };
    let reservation_field = join_path(reservation_path, "reservation");
    check_reservation_in_force(reservation, date).map_err(|e| NeedError::new(&reservation_field, e.to_string()))?;
    let cpvs: Vec<Cpv> = cpv_list.iter().map(|(_, c)| c.clone()).collect();
    check_lot_reservation(reservation, &cpvs, duration, buyer_kind, config).map_err(|e| {
        let field = match &e {
            ReservationError::CpvNotListed { index, .. } => {
                cpv_list.get(*index).map(|(p, _)| p.clone()).unwrap_or_else(|| join_path(pick(cpv_own), "cpv"))
            }
            ReservationError::TooLong { .. } => join_path(pick(duration_own), "duration_months"),
            ReservationError::NotPouvoirAdjudicateur => "buyer.kind".to_string(),
            _ => reservation_field.clone(),
        };
        NeedError::new(field, e.to_string())
    })
}
