//! A match in French: the reasons a supplier is proposed, the advice block, and the view of a lot
//! that `essor match --format json|jsonl`, `POST /api/match` and the tables print.

use serde::Serialize;

use super::obligation::{ObligationView, deciding_value_text, obligation_view};
use super::{decimal, eur, percent};
use crate::domain::trade::Affinity;
use crate::domain::{CpvCatalogue, CpvLevel, Taxonomy};
use crate::law::Procedure;
use crate::matching::{
    ClauseAdvice, Excluded, Exclusion, InferredCpv, InferredCpvCheck, LotAdvice, LotMatch, MatchResult, PartnersNeed,
    Reason, Relevance,
};

/// One supplier proposed for a lot, as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultView {
    /// SIRET.
    pub siret: String,
    /// The name a person knows it by.
    pub name: String,
    /// Its statuses (`AI`, `EA`…).
    pub kinds: Vec<&'static str>,
    /// Town of its site.
    pub city: String,
    /// Département of its site.
    pub department: String,
    /// Ranking score, rounded to 3 decimals.
    pub score: f64,
    /// How sure it is that it does the lot's work: `stated`, `presumed` or `nearby`.
    pub relevance: &'static str,
    /// Articles of the reserved-market regimes it qualifies for (`L2113-13`…).
    pub eligible: Vec<&'static str>,
    /// Distance to the lot's place, in kilometres (one decimal), when both are known.
    pub distance_km: Option<f64>,
    /// Why it is proposed, strongest reason first.
    pub why: Vec<String>,
    /// True when its turnover is far below what the buyer may require: to propose in a groupement.
    pub needs_partners: bool,
    /// Why it needs partners.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partners_reason: Option<String>,
    /// The network or group it belongs to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
}

/// A supplier a reservation excludes, as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExcludedView {
    /// SIRET.
    pub siret: String,
    /// Name.
    pub name: String,
    /// Its statuses.
    pub kinds: Vec<&'static str>,
    /// Why, with the article.
    pub reason: String,
}

/// The count of eligible suppliers within reach for one regime, as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegimeCountView {
    /// The keyword (`handicap`, `insertion`…).
    pub reservation: &'static str,
    /// Its article.
    pub article: &'static str,
    /// The number of eligible suppliers within reach able to do the work.
    pub count: usize,
    /// Of them, those only presumed able from their kind.
    pub presumed: usize,
    /// True when that is at least the competition wanted.
    pub keeps_competition: bool,
}

/// The procedure, as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcedureView {
    /// The procedure's name, `None` when it cannot be decided.
    pub procedure: Option<&'static str>,
    /// The publicity's name.
    pub publicity: Option<&'static str>,
    /// True when no publicity nor competition is required (R2122-8).
    pub without_publicity: bool,
    /// Articles.
    pub articles: Vec<&'static str>,
    /// The value compared with the thresholds and which lots make it (R2121-1, R2121-5, R2121-6).
    pub value_basis: Option<String>,
    /// When the contract is formalised and this lot may follow a MAPA as a small lot (R2123-1 2°).
    pub small_lot: Option<String>,
    /// The reasoning.
    pub explanation: String,
}

/// The insertion clause, as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClauseView {
    /// Insertion hours, rounded.
    pub hours: u64,
    /// The computation and the social condition.
    pub explanation: String,
    /// SIAE, GEIQ, EA, EATT and ESAT within reach that can take these hours.
    pub takers_within_reach: usize,
}

/// The advice block, as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdviceView {
    /// Eligible suppliers within reach, per regime.
    pub eligible_within_reach: Vec<RegimeCountView>,
    /// What that means for a reservation.
    pub reservation: String,
    /// For a lot reserved under L2113-15 without a CPV code: the code inferred from its words and
    /// whether the reservation was checked on it.
    pub reservation_cpv: Option<String>,
    /// The procedure.
    pub procedure: Option<ProcedureView>,
    /// For a purchase without publicity: the suppliers to ask for a quote (« SIRET nom »).
    pub suppliers_to_consult: Vec<String>,
    /// The insertion clause.
    pub insertion_clause: Option<ClauseView>,
    /// The clauses and criteria the law makes mandatory or leaves optional (L2112-2-1, L2112-2, L2152-7).
    pub obligations: Vec<ObligationView>,
}

/// The answer for one lot, as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LotView {
    /// The need's identifier.
    pub need: String,
    /// The lot's identifier; `null` for a need without lots.
    pub lot: Option<String>,
    /// The lot's title.
    pub title: String,
    /// The reservation keyword of the lot, if reserved.
    pub reservation: Option<&'static str>,
    /// The CPV codes used.
    pub cpv: Vec<String>,
    /// How the CPV code was inferred, when the lot gave none.
    pub cpv_inferred: Option<String>,
    /// The place, saying when it was read in the lot's words.
    pub place: Option<String>,
    /// The place the buyer gave, when the lot's words named communes of it that were used instead.
    pub place_given: Option<String>,
    /// Ranked suppliers able to do the work, best first.
    pub results: Vec<ResultView>,
    /// Suppliers within reach whose records say they do other work: « proches mais hors métier ».
    pub nearby: Vec<ResultView>,
    /// A sample of suppliers the reservation excludes, with the reason.
    pub excluded: Vec<ExcludedView>,
    /// The advice block.
    pub advice: AdviceView,
}

/// The view of one lot; `cpv` gives the labels of CPV codes.
pub fn lot_view(lot: &LotMatch, cpv: &CpvCatalogue) -> LotView {
    LotView {
        need: lot.need.clone(),
        lot: lot.lot.clone(),
        title: lot.title.clone(),
        reservation: lot.reservation.map(|r| r.keyword()),
        cpv: lot.cpv.iter().map(|c| c.as_str().to_string()).collect(),
        cpv_inferred: lot.cpv_inferred.as_ref().map(|i| inferred_cpv(i, cpv)),
        place: lot.place.as_ref().map(|place| match &lot.place_given {
            Some(given) => format!("{place}, d'après l'intitulé du lot (lieu indiqué : {given})"),
            None => place.clone(),
        }),
        place_given: lot.place_given.clone(),
        results: lot.results.iter().map(|r| result_view(r, cpv)).collect(),
        nearby: lot.nearby.iter().map(|r| result_view(r, cpv)).collect(),
        excluded: lot.excluded.iter().map(excluded_view).collect(),
        advice: advice_view(&lot.advice, lot.reservation),
    }
}

fn result_view(r: &MatchResult, cpv: &CpvCatalogue) -> ResultView {
    ResultView {
        siret: r.siret.clone(),
        name: r.name.clone(),
        kinds: r.kinds.iter().map(|k| k.code()).collect(),
        city: r.city.clone(),
        department: r.department.clone(),
        score: (r.score * 1000.0).round() / 1000.0,
        relevance: match r.relevance {
            Relevance::Stated => "stated",
            Relevance::Presumed => "presumed",
            Relevance::Nearby => "nearby",
        },
        eligible: r.eligible.iter().map(|e| e.article()).collect(),
        distance_km: r.distance_km.map(|d| (d * 10.0).round() / 10.0),
        why: r.reasons.iter().map(|reason| reason_text(reason, cpv)).collect(),
        needs_partners: r.needs_partners.is_some(),
        partners_reason: r.needs_partners.as_ref().map(partners_text),
        network: r.network.clone(),
    }
}

/// One reason in French.
pub fn reason_text(reason: &Reason, cpv: &CpvCatalogue) -> String {
    let taxonomy = Taxonomy::builtin();
    let sector_label = |key: &str| taxonomy.sector(key).map_or_else(|| key.to_string(), |s| s.label.clone());
    match reason {
        Reason::Eligible(e) => format!("éligible {} : {}", e.regime.article(), super::law::eligibility_text(e)),
        Reason::Text { share } => format!("texte proche du lot ({:.0} %)", share * 100.0),
        Reason::PlaceWords { share } => format!(
            "{} par le nom du lieu seulement, pas par le métier",
            reason_text(&Reason::Text { share: *share }, cpv)
        ),
        Reason::DeclaredCpv { level, theirs, ours } => {
            let label = cpv.nearest_label(theirs).unwrap_or("");
            if *level == CpvLevel::Code {
                format!("cpv {theirs} ({label}) : même code que le lot")
            } else {
                format!("cpv {theirs} ({label}) : même {} que le lot ({ours})", cpv_level(*level))
            }
        }
        Reason::SectorCpv { level, prefix, sector } => {
            format!("cpv {prefix} ({}) : même {} que le lot", sector_label(sector), cpv_level(*level))
        }
        Reason::Sector { sector } => format!("secteur : {}", sector_label(sector)),
        Reason::Family { family } => {
            let label = taxonomy.family(family).map_or(family.as_str(), |f| f.label.as_str());
            format!("même famille de secteurs : {label}")
        }
        Reason::Distance { km } => format!("à {} km du lieu d'exécution", decimal(*km)),
        Reason::DistanceUnknown => "distance inconnue (adresse non localisée)".to_string(),
        Reason::SameDepartment { department } => format!("implanté dans le département du lot ({department})"),
        Reason::WorksNationally => "intervient dans toute la France".to_string(),
        Reason::WorksInRegion => "intervient dans la région du lot".to_string(),
        Reason::WorksInDepartment => "intervient dans le département du lot".to_string(),
        Reason::TypicalOfKind { kind, family, affinity } => {
            let how = match affinity {
                Affinity::Typical => "font souvent",
                Affinity::Possible => "font parfois",
            };
            format!(
                "métier non précisé dans sa fiche ; les structures de type {} {how} ce travail ({})",
                kind.code(),
                family_label(family)
            )
        }
        Reason::MissionOfKind { kind, family, affinity } => format!(
            "{} : {} des structures de type {}, quel que soit leur métier",
            family_label(family),
            if *affinity == Affinity::Typical { "la mission même" } else { "proche de la mission" },
            kind.code()
        ),
        Reason::OtherWorkshop { kind, family } => format!(
            "sa fiche indique un autre métier, mais un {} mène souvent des activités de plusieurs métiers, \
             parfois celui-ci ({})",
            kind.code(),
            family_label(family)
        ),
        Reason::ProvidesStaffFor { family } => {
            format!("met à disposition du personnel pour ce type de travaux ({})", family_label(family))
        }
        Reason::MembersOnly => "groupement d'employeurs : met ses salariés à disposition de ses seules entreprises \
             adhérentes (C. trav. L1253-1), partenaire d'une clause d'insertion plutôt que titulaire"
            .to_string(),
        Reason::CpvInferred(inferred) => inferred_cpv(inferred, cpv),
        Reason::NeedsPartners(need) => partners_text(need),
    }
}

/// The French label of a family of sectors (its key when unknown).
fn family_label(key: &str) -> String {
    Taxonomy::builtin().family(key).map_or_else(|| key.to_string(), |f| f.label.to_lowercase())
}

/// A level of the CPV hierarchy: `division`, `groupe`, `classe`, `catégorie`, `code`.
pub fn cpv_level(level: CpvLevel) -> &'static str {
    match level {
        CpvLevel::Division => "division",
        CpvLevel::Group => "groupe",
        CpvLevel::Class => "classe",
        CpvLevel::Category => "catégorie",
        CpvLevel::Code => "code",
    }
}

fn inferred_cpv(inferred: &InferredCpv, cpv: &CpvCatalogue) -> String {
    let sector = Taxonomy::builtin().sector(&inferred.sector).map_or(inferred.sector.as_str(), |s| s.label.as_str());
    let label = cpv.nearest_label(&inferred.code).unwrap_or(sector);
    format!("cpv déduit du texte : {} ({label}), secteur « {sector} »", inferred.code)
}

fn partners_text(need: &PartnersNeed) -> String {
    format!(
        "à proposer en groupement : chiffre d'affaires de {} bien inférieur aux {} que l'acheteur peut exiger pour un lot de {} ({} × la valeur, {})",
        eur(need.revenue_eur),
        eur(need.cap_eur),
        eur(need.value_eur),
        need.rule.value,
        need.rule.article
    )
}

fn excluded_view(e: &Excluded) -> ExcludedView {
    let reason = match &e.why {
        Exclusion::NotEligible(eligibility) => {
            format!("exclu du lot réservé {} : {}", e.regime.article(), super::law::eligibility_text(eligibility))
        }
        Exclusion::RecentAward(why) => format!("exclu du lot réservé {} : {why}", e.regime.article()),
    };
    ExcludedView {
        siret: e.siret.clone(),
        name: e.name.clone(),
        kinds: e.kinds.iter().map(|k| k.code()).collect(),
        reason,
    }
}

fn advice_view(a: &LotAdvice, reservation: Option<crate::domain::need::Reservation>) -> AdviceView {
    let counts: Vec<RegimeCountView> = a
        .eligible_within_reach
        .iter()
        .map(|c| RegimeCountView {
            reservation: c.regime.keyword(),
            article: c.regime.article(),
            count: c.count,
            presumed: c.presumed,
            keeps_competition: c.keeps_competition,
        })
        .collect();
    let wanted = a.competitors_wanted;
    let reservation = match reservation {
        Some(regime) => {
            let (count, presumed) =
                a.eligible_within_reach.iter().find(|c| c.regime == regime).map_or((0, 0), |c| (c.count, c.presumed));
            let presumed = if presumed > 0 {
                format!(" (dont {presumed} présumé(s) : métier voisin, mise à disposition de personnel ou statut)")
            } else {
                String::new()
            };
            if count >= wanted {
                format!(
                    "lot réservé {} : {count} fournisseur(s) éligible(s) à portée capable(s) de faire ce travail{presumed}, la concurrence est préservée (objectif : au moins {wanted})",
                    regime.article()
                )
            } else {
                format!(
                    "lot réservé {} : seulement {count} fournisseur(s) éligible(s) à portée capable(s) de faire ce travail{presumed} (objectif : au moins {wanted}) ; risque de procédure infructueuse, envisager d'élargir le lieu ou de ne pas réserver",
                    regime.article()
                )
            }
        }
        None => {
            let enough: Vec<String> =
                counts.iter().filter(|c| c.keeps_competition).map(|c| format!("{} ({})", c.article, c.count)).collect();
            if enough.is_empty() {
                format!("aucune réservation ne garderait au moins {wanted} concurrents éligibles à portée")
            } else {
                format!("une réservation garderait au moins {wanted} concurrents pour : {}", enough.join(", "))
            }
        }
    };
    AdviceView {
        eligible_within_reach: counts,
        reservation,
        reservation_cpv: a.inferred_cpv_check.as_ref().map(inferred_cpv_check),
        procedure: a.procedure.as_ref().map(|p| ProcedureView {
            procedure: p.procedure.map(Procedure::label),
            publicity: p.publicity.map(|p| p.label()),
            without_publicity: p.procedure == Some(Procedure::NoPublicity),
            articles: p.articles.clone(),
            value_basis: a.deciding_value.as_ref().map(deciding_value_text),
            small_lot: a.small_lot.as_ref().map(|c| {
                format!(
                    "petit lot d'un marché formalisé : ce lot peut être passé en procédure adaptée (MAPA) au lieu de la procédure formalisée ; {}",
                    super::law::small_lot_text(c)
                )
            }),
            explanation: super::law::procedure_explanation(p),
        }),
        suppliers_to_consult: a.suppliers_to_consult.iter().map(|(siret, name)| format!("{siret} {name}")).collect(),
        insertion_clause: a.insertion_clause.as_ref().map(clause_view),
        obligations: a.obligations.iter().map(obligation_view).collect(),
    }
}

/// « code CPV déduit de l'objet : 85312100 ; réservation L2113-15 vérifiée sur ce code ».
fn inferred_cpv_check(c: &InferredCpvCheck) -> String {
    let article = c.regime.article();
    if c.allowed {
        format!("code CPV déduit de l'objet : {} ; réservation {article} vérifiée sur ce code", c.cpv)
    } else {
        format!(
            "code CPV déduit de l'objet : {} ; {article} ne s'applique pas à ce code (liste de l'art. 77) : indiquer le code CPV du lot",
            c.cpv
        )
    }
}

fn clause_view(c: &ClauseAdvice) -> ClauseView {
    let clause = &c.clause;
    let p = &clause.parameters;
    let explanation = format!(
        "{} h d'insertion (L2112-2) : {} × {} de main-d'œuvre ({}) × {} d'insertion ÷ {} de l'heure ; {}",
        clause.rounded_hours(),
        eur(clause.value_eur),
        percent(p.labour_share),
        p.labour_share_basis,
        percent(p.insertion_rate),
        eur(p.hourly_cost_eur),
        super::obligation::obligation_text(&clause.social_condition)
    );
    ClauseView { hours: clause.rounded_hours(), explanation, takers_within_reach: c.takers_within_reach }
}

#[cfg(test)]
#[path = "matching_tests.rs"]
mod tests;
