//! Validation of one need of a needs file: its format rules. The legal conditions of its
//! reservations are the law's to check ([`crate::law::check_need`]).

use std::collections::HashMap;

use jiff::civil::Date;
use serde_json::Value;

use super::json::JsonObject;
use super::{Buyer, BuyerKind, Lot, Need, NeedError, PastAward, Place, Reservation};
use crate::domain::cpv::{Cpv, CpvCatalogue};
use crate::domain::siret::Siret;
use crate::domain::territory::Gazetteer;

/// A catalogue with more codes than this holds the full CPV nomenclature (about 9 450 codes), so a code
/// missing from it does not exist; smaller catalogues only check the division.
pub const FULL_NOMENCLATURE_MIN_CODES: usize = 5_000;

const PLACE_EXAMPLE: &str = "{\"department\": \"91\"}";
const ONE_RESERVATION: &str = "une seule réservation par besoin ou par lot : pour handicap et insertion ensemble, utiliser « inclusive » (L2113-14) ; la réservation prison (L2113-13-1) ne se combine avec aucune autre (L2113-14)";
const LOT_EXAMPLE: &str = "{\"id\": \"1\", \"title\": \"…\"}";

impl Need {
    /// Validates one need of a needs file against the places and CPV codes known; `today` is the
    /// consultation date when the need gives none. Unknown fields are ignored.
    pub fn from_json(value: &Value, gazetteer: &Gazetteer, cpv: &CpvCatalogue, today: Date) -> Result<Need, NeedError> {
        let root = JsonObject::new(value, "", "{\"id\": \"n1\", \"title\": \"…\"}")?;
        let id = root.req_str("id")?;
        let common = read_common(&root, gazetteer, cpv)?;
        let buyer = read_buyer(&root)?;
        let consultation_date = read_date(&root, "consultation_date")?.unwrap_or(today);
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
            lots.push(Lot { id: Some(lot_id), ..read_common(obj, gazetteer, cpv)? });
        }
        Ok(Need {
            id,
            title: common.title,
            description: common.description,
            cpv: common.cpv,
            place: common.place,
            estimated_value_eur: common.estimated_value_eur,
            duration_months: common.duration_months,
            reservation: common.reservation,
            buyer,
            consultation_date,
            lots,
        })
    }
}

/// The fields a need and a lot share, as a lot without identifier.
fn read_common(obj: &JsonObject<'_>, gazetteer: &Gazetteer, catalogue: &CpvCatalogue) -> Result<Lot, NeedError> {
    let title = obj.req_str("title")?;
    let mut cpv = Vec::new();
    for (path, text) in obj.str_list("cpv")?.unwrap_or_default() {
        cpv.push(read_cpv(&path, &text, catalogue)?);
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
    Ok(Lot {
        id: None,
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
