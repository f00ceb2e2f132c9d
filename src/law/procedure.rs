//! Which procedure and which publicity a purchase needs, from its value, type, buyer and date.
//!
//! The value to compare is that of the whole need, all lots together (R2121-1 and following); the
//! thresholds come from the dated table of [`crate::law::thresholds`].

use jiff::civil::Date;

pub use super::services::is_social_or_specific_service;
use super::thresholds::{Threshold, ThresholdRow, threshold};
use crate::domain::cpv::ContractType;
use crate::domain::need::{BuyerKind, Need};

/// The procedure a purchase may follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Procedure {
    /// Marché sans publicité ni mise en concurrence préalables (R2122-8).
    NoPublicity,
    /// Procédure adaptée (MAPA, R2123-1 1°).
    Mapa,
    /// Procédure adaptée for social and other specific services, whatever the value (R2123-1 3°).
    MapaSocialServices,
    /// Procédure formalisée: appel d'offres, or negotiation / competitive dialogue where allowed (R2124-1).
    Formalised,
}

impl Procedure {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Procedure::NoPublicity => "marché sans publicité ni mise en concurrence préalables",
            Procedure::Mapa => "procédure adaptée (MAPA)",
            Procedure::MapaSocialServices => "procédure adaptée pour services sociaux et autres services spécifiques",
            Procedure::Formalised => {
                "procédure formalisée (appel d'offres, ou procédure avec négociation ou dialogue compétitif dans les cas prévus)"
            }
        }
    }

    /// The article that allows it.
    pub fn article(self) -> &'static str {
        match self {
            Procedure::NoPublicity => "R2122-8",
            Procedure::Mapa => "R2123-1 1°",
            Procedure::MapaSocialServices => "R2123-1 3°",
            Procedure::Formalised => "R2124-1",
        }
    }
}

/// The publicity the procedure requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Publicity {
    /// None required (R2122-8).
    None,
    /// Free, adapted publicity chosen by the buyer (R2131-12, below 90 000 €).
    Adapted,
    /// A notice in the BOAMP or a journal d'annonces légales (R2131-12, from 90 000 €).
    BoampOrJal,
    /// A notice in the BOAMP and the Official Journal of the EU (R2131-16; for social services above
    /// their threshold, dir. 2014/24 art. 75).
    Eu,
}

impl Publicity {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Publicity::None => "aucune publicité obligatoire",
            Publicity::Adapted => "publicité adaptée, librement choisie (profil d'acheteur, presse…)",
            Publicity::BoampOrJal => "avis au BOAMP ou dans un journal d'annonces légales (JAL)",
            Publicity::Eu => "avis au BOAMP et au Journal officiel de l'Union européenne (JOUE)",
        }
    }

    /// The article that sets it.
    pub fn article(self) -> &'static str {
        match self {
            Publicity::None => "R2122-8",
            Publicity::Adapted | Publicity::BoampOrJal => "R2131-12",
            Publicity::Eu => "R2131-16",
        }
    }
}

/// What the procedure advice is judged on: the purchase as the buyer describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Purchase {
    /// Works, supplies or services.
    pub contract_type: ContractType,
    /// Pouvoir adjudicateur or entité adjudicatrice, State or local.
    pub buyer_kind: BuyerKind,
    /// The consultation date: the thresholds in force that day apply.
    pub date: Date,
}

/// Why the advice says what it says, with the amounts compared.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ProcedureBasis {
    /// The threshold table does not cover the date: nothing can be decided.
    NoThresholdKnown,
    /// The value is unknown: the thresholds that would decide (`no_publicity`, R2122-8; `upper`, the
    /// EU threshold, or for social services the threshold of their EU notice).
    ValueUnknown {
        /// Below it, no publicity nor competition (R2122-8).
        no_publicity: f64,
        /// The EU threshold (R2124-1), or for social services that of their EU notice.
        upper: f64,
        /// True for social and other specific services (R2123-1 3°).
        social_services: bool,
    },
    /// `value` is below the threshold of R2122-8.
    BelowNoPublicity {
        /// The value compared.
        value: f64,
        /// The threshold.
        threshold: f64,
    },
    /// Social and other specific services: adapted procedure whatever the value.
    SocialServices {
        /// The value compared.
        value: f64,
    },
    /// `value` reaches the EU threshold set by `article`.
    AtLeastEu {
        /// The value compared.
        value: f64,
        /// The EU threshold.
        threshold: f64,
        /// The article that sets it.
        article: &'static str,
    },
    /// `value` lies between the two thresholds.
    Between {
        /// The value compared.
        value: f64,
        /// The threshold of R2122-8.
        no_publicity: f64,
        /// The EU threshold.
        upper: f64,
    },
}

/// The advice for one purchase: values only; `crate::wording::law` writes it in French.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcedureAdvice {
    /// The procedure; `None` when it cannot be decided (no value, or no threshold known at that date).
    pub procedure: Option<Procedure>,
    /// The publicity; `None` when it cannot be decided.
    pub publicity: Option<Publicity>,
    /// The articles the advice rests on.
    pub articles: Vec<&'static str>,
    /// The purchase judged.
    pub purchase: Purchase,
    /// Why: the amounts compared.
    pub basis: ProcedureBasis,
    /// The threshold rows read.
    pub thresholds: Vec<&'static ThresholdRow>,
}

/// Advises the procedure and publicity for a purchase of `value` euros HT (all lots together) launched
/// on `date`. `social_services` is true when its main object is a social or other specific service
/// (see [`is_social_or_specific_service`]). Without a value, says which thresholds decide.
pub fn advise_procedure(
    value: Option<f64>,
    contract_type: ContractType,
    buyer_kind: BuyerKind,
    social_services: bool,
    date: Date,
) -> ProcedureAdvice {
    let no_publicity = threshold(Threshold::NoPublicity, contract_type, buyer_kind, date);
    let notice = threshold(Threshold::MapaNotice, contract_type, buyer_kind, date);
    let upper_kind = if social_services { Threshold::SocialServicesEu } else { Threshold::EuFormalised };
    let upper = threshold(upper_kind, contract_type, buyer_kind, date);
    let thresholds: Vec<&'static ThresholdRow> = [no_publicity, notice, upper].into_iter().flatten().collect();
    let purchase = Purchase { contract_type, buyer_kind, date };
    let undecided = |basis: ProcedureBasis| ProcedureAdvice {
        procedure: None,
        publicity: None,
        articles: thresholds.iter().map(|r| r.article).collect(),
        purchase,
        basis,
        thresholds: thresholds.clone(),
    };
    let (Some(np), Some(up)) = (no_publicity, upper) else {
        return undecided(ProcedureBasis::NoThresholdKnown);
    };
    let Some(v) = value else {
        return undecided(ProcedureBasis::ValueUnknown { no_publicity: np.value, upper: up.value, social_services });
    };
    let (procedure, publicity, basis) = if v < np.value {
        (
            Procedure::NoPublicity,
            Some(Publicity::None),
            ProcedureBasis::BelowNoPublicity { value: v, threshold: np.value },
        )
    } else if social_services {
        (
            Procedure::MapaSocialServices,
            mapa_publicity(v, notice, Some(up)),
            ProcedureBasis::SocialServices { value: v },
        )
    } else if v >= up.value {
        (
            Procedure::Formalised,
            Some(Publicity::Eu),
            ProcedureBasis::AtLeastEu { value: v, threshold: up.value, article: up.article },
        )
    } else {
        (
            Procedure::Mapa,
            mapa_publicity(v, notice, None),
            ProcedureBasis::Between { value: v, no_publicity: np.value, upper: up.value },
        )
    };
    let mut articles = vec![procedure.article()];
    if let Some(p) = publicity.filter(|p| !articles.contains(&p.article())) {
        articles.push(p.article());
    }
    ProcedureAdvice { procedure: Some(procedure), publicity, articles, purchase, basis, thresholds }
}

/// The publicity of a MAPA: adapted below the notice threshold, BOAMP or JAL above, and for social
/// services an EU notice from their EU threshold (`eu`).
fn mapa_publicity(value: f64, notice: Option<&ThresholdRow>, eu: Option<&ThresholdRow>) -> Option<Publicity> {
    if eu.is_some_and(|r| value >= r.value) {
        return Some(Publicity::Eu);
    }
    notice.map(|r| if value < r.value { Publicity::Adapted } else { Publicity::BoampOrJal })
}

/// Advises the procedure of a whole need: its total value, the contract type and social character of
/// its main CPV code, its buyer and its consultation date. `None` when no CPV code gives the type.
pub fn advise_for_need(need: &Need) -> Option<ProcedureAdvice> {
    let main = need.main_cpv()?;
    Some(advise_procedure(
        need.total_estimated_value_eur(),
        main.contract_type(),
        need.buyer_kind(),
        is_social_or_specific_service(main),
        need.consultation_date,
    ))
}

#[cfg(test)]
#[path = "procedure_tests.rs"]
mod tests;
