//! The indicators, score and legal compliance of one buyer for one calendar year (domain-law §6.4).

use jiff::civil::{Date, date};
use serde::{Serialize, Serializer};

use super::contract::Contract;
use super::holders::{EssDirectory, Recognition, recognise};
use super::targets::{Code, Targets};
use crate::domain::cpv::{ContractType, Cpv};
use crate::domain::need::BuyerKind;
use crate::law::thresholds::{Threshold, threshold};

/// First day of the 2026 obligations of loi Climat et Résilience art. 35 (L2112-2, L2152-7): every
/// contract has an environmental condition and criterion. DECP gives no consultation date, so the
/// notification date stands for it (see [`Caveat::ConsultationDateUnknown`]).
pub const CLIMATE_LAW_START: Date = date(2026, 8, 22);

/// A number written as an integer when it is one (counts, whole euros).
fn whole<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < 9.0e15 { s.serialize_i64(*value as i64) } else { s.serialize_f64(*value) }
}

/// What an indicator counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Numbers of contracts.
    Contracts,
    /// Euros HT.
    Euros,
}

/// One indicator of §6.4.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// Its code.
    pub code: Code,
    /// numerator ÷ denominator, between 0 and 1; `None` when the denominator is 0.
    pub observed: Option<f64>,
    /// The target share.
    pub target: f64,
    /// min(1, observed ÷ target); `None` when nothing was observed.
    pub attainment: Option<f64>,
    /// Its weight in the score.
    pub weight: f64,
    /// Contracts or euros meeting it.
    #[serde(serialize_with = "whole")]
    pub numerator: f64,
    /// All contracts or euros of the year.
    #[serde(serialize_with = "whole")]
    pub denominator: f64,
    /// What numerator and denominator count.
    pub unit: Unit,
}

impl Indicator {
    fn new(code: Code, numerator: f64, denominator: f64, unit: Unit, targets: &Targets) -> Indicator {
        let target = targets.target(code);
        let observed = (denominator > 0.0).then(|| numerator / denominator);
        let attainment = observed.map(|o| (o / target).min(1.0));
        Indicator { code, observed, target, attainment, weight: targets.weight(code), numerator, denominator, unit }
    }
}

/// The six indicators, written as one JSON object keyed by code.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(non_snake_case)]
pub struct Indicators {
    /// Social, by count.
    pub S1: Indicator,
    /// Social, by value.
    pub S2: Indicator,
    /// Environmental, by count.
    pub E1: Indicator,
    /// Environmental, by value.
    pub E2: Indicator,
    /// Reserved, by value.
    pub R1: Indicator,
    /// Inclusive and ESS spend, by value.
    pub I1: Indicator,
}

impl Indicators {
    /// Every indicator in the order of §6.4.
    pub fn all(&self) -> [&Indicator; 6] {
        [&self.S1, &self.S2, &self.E1, &self.E2, &self.R1, &self.I1]
    }
}

/// The governance gate G of §6.4.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Governance {
    /// Declared in the targets file (DECP cannot tell).
    pub declared: bool,
    /// 1 when declared, else 0.
    pub attainment: f64,
    /// Its weight.
    pub weight: f64,
}

/// A legal-compliance share, reported apart from the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplianceShare {
    /// Share of `contracts` meeting the rule; `None` when no contract is concerned.
    pub observed: Option<f64>,
    /// Contracts the rule applies to.
    pub contracts: usize,
    /// Those meeting it.
    pub compliant: usize,
    /// Ids of those failing it.
    pub failing: Vec<String>,
}

impl ComplianceShare {
    fn new(concerned: &[&Contract], ok: impl Fn(&Contract) -> bool) -> ComplianceShare {
        let compliant = concerned.iter().filter(|c| ok(c)).count();
        let failing = concerned.iter().filter(|c| !ok(c)).map(|c| c.id.clone()).collect();
        let observed = (!concerned.is_empty()).then(|| compliant as f64 / concerned.len() as f64);
        ComplianceShare { observed, contracts: concerned.len(), compliant, failing }
    }
}

/// C1 and C2 of §6.4, never averaged into the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(non_snake_case)]
pub struct Compliance {
    /// Contracts notified from 22 Aug 2026 with an environmental condition and an environmental
    /// criterion (L2112-2, L2152-7).
    pub C1: ComplianceShare,
    /// Those at or above the EU threshold with a social condition (L2112-2-1).
    pub C2: ComplianceShare,
}

/// How one holder or subcontractor counted in I1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EssHolder {
    /// The contract.
    pub contract_id: String,
    /// Holder or subcontractor.
    pub role: Role,
    /// Its identifier as published.
    pub id: String,
    /// Its name as published.
    pub name: Option<String>,
    /// How it was recognised.
    pub recognition: Recognition,
    /// The value counted for it in I1.
    #[serde(serialize_with = "whole")]
    pub value_eur: f64,
}

/// Whether a party holds the contract or subcontracts part of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A holder (`titulaires`): counted for its equal share of the amount.
    Holder,
    /// A subcontractor of a notified act: counted for the act's amount.
    Subcontractor,
}

/// The limits to show with a measurement (§6.4 caveats and what the data revealed).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Caveat {
    /// DECP considerations are declarative and say nothing of intensity (hours).
    Declarative,
    /// Contracts under 40 000 € are missing unless the buyer supplies them.
    Under40k,
    /// Count-based and value-based results diverge by at least 10 points.
    CountAndValueDiverge {
        /// The indicator by count and by value.
        by_count: Code,
        /// Its value twin.
        by_value: Code,
    },
    /// Contracts giving no social or no environmental value at all: none declared or unknown.
    ConsiderationsUnstated {
        /// How many.
        contracts: usize,
    },
    /// Some ESS holders are only presumed from their names.
    PresumedHolders {
        /// How many.
        holders: usize,
    },
    /// No catalogue was available: I1 rests on names only, and misses ESS holders with plain names.
    NoCatalogue,
    /// Contracts with several holders: each is counted for an equal share (DECP gives no split).
    SharedContracts {
        /// How many.
        contracts: usize,
    },
    /// The governance gate was not declared: G counts 0.
    GovernanceUndeclared,
    /// C1, C2 use the notification date instead of the consultation date, which DECP lacks.
    ConsultationDateUnknown,
    /// CPV missing: C2 took the supplies and services threshold.
    CpvMissing {
        /// How many.
        contracts: usize,
    },
    /// The file holds only part of the buyer's contracts.
    IncompleteSample {
        /// Contracts of the buyer since 2023 in the file.
        in_file: usize,
        /// Contracts the publisher says it has since 2023.
        published: u64,
    },
}

/// One buyer, one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measurement {
    /// Buyer SIRET.
    pub buyer: String,
    /// Calendar year of notification.
    pub year: i16,
    /// Contracts counted (each once).
    pub contracts: usize,
    /// Their total amount.
    #[serde(serialize_with = "whole")]
    pub value_eur: f64,
    /// S1 … I1.
    pub indicators: Indicators,
    /// The gate G.
    pub governance: Governance,
    /// 100 × Σ wᵢ aᵢ ÷ Σ wᵢ (Σ wᵢ = 1 with the default weights), G included.
    pub score: f64,
    /// C1, C2.
    pub compliance: Compliance,
    /// The ESS holders found and how.
    pub ess_holders: Vec<EssHolder>,
    /// Limits to show.
    pub caveats: Vec<Caveat>,
}

/// The EU formalised threshold of a contract (R2124-1, table of `law::thresholds`): works by CPV
/// division 45, supplies and services otherwise; the State (SIREN starting with 1) or another pouvoir
/// adjudicateur. Entités adjudicatrices cannot be told from DECP and take the pouvoir adjudicateur value.
pub fn eu_threshold(contract: &Contract) -> Option<f64> {
    let kind = if contract.buyer.starts_with('1') { BuyerKind::State } else { BuyerKind::Local };
    let contract_type = contract
        .cpv
        .as_deref()
        .and_then(|c| Cpv::parse(c).ok())
        .map(|c| c.contract_type())
        .unwrap_or(ContractType::Services);
    threshold(Threshold::EuFormalised, contract_type, kind, contract.notified).map(|r| r.value)
}

/// The I1 value of one contract and the ESS parties behind it: each ESS holder counts for an equal
/// share of the amount, each ESS subcontractor for its act; the sum never exceeds the amount.
pub(crate) fn ess_value(contract: &Contract, directory: Option<&EssDirectory>, found: &mut Vec<EssHolder>) -> f64 {
    let n = contract.holders.len().max(1) as f64;
    let share = contract.amount_eur / n;
    let mut value = 0.0;
    for h in &contract.holders {
        if let Some(recognition) = recognise(h, directory) {
            value += share;
            found.push(EssHolder {
                contract_id: contract.id.clone(),
                role: Role::Holder,
                id: h.id.clone(),
                name: h.name.clone(),
                recognition,
                value_eur: share,
            });
        }
    }
    for s in &contract.subcontracts {
        if contract.holders.iter().any(|h| h.id == s.party.id) {
            continue;
        }
        if let Some(recognition) = recognise(&s.party, directory) {
            let act = s.amount_eur.unwrap_or(0.0).max(0.0);
            value += act;
            found.push(EssHolder {
                contract_id: contract.id.clone(),
                role: Role::Subcontractor,
                id: s.party.id.clone(),
                name: s.party.name.clone(),
                recognition,
                value_eur: act,
            });
        }
    }
    value.min(contract.amount_eur)
}

/// Measures the buyer's contracts notified in `year` (already counted once each).
pub fn measure(
    buyer: &str,
    year: i16,
    contracts: &[Contract],
    targets: &Targets,
    directory: Option<&EssDirectory>,
) -> Measurement {
    let year_contracts: Vec<&Contract> =
        contracts.iter().filter(|c| c.buyer == buyer && c.notified.year() == year).collect();
    let count = year_contracts.len() as f64;
    let value = year_contracts.iter().fold(0.0, |sum, c| sum + c.amount_eur);
    let by_count = |f: fn(&Contract) -> bool| year_contracts.iter().filter(|c| f(c)).count() as f64;
    let by_value =
        |f: fn(&Contract) -> bool| year_contracts.iter().filter(|c| f(c)).fold(0.0, |sum, c| sum + c.amount_eur);
    let social = |c: &Contract| c.considerations.social();
    let environmental = |c: &Contract| c.considerations.environmental();
    let reserved = |c: &Contract| c.considerations.reserved;
    let mut ess_holders = Vec::new();
    let ess = year_contracts.iter().fold(0.0, |sum, c| sum + ess_value(c, directory, &mut ess_holders));
    let indicators = Indicators {
        S1: Indicator::new(Code::S1, by_count(social), count, Unit::Contracts, targets),
        S2: Indicator::new(Code::S2, by_value(social), value, Unit::Euros, targets),
        E1: Indicator::new(Code::E1, by_count(environmental), count, Unit::Contracts, targets),
        E2: Indicator::new(Code::E2, by_value(environmental), value, Unit::Euros, targets),
        R1: Indicator::new(Code::R1, by_value(reserved), value, Unit::Euros, targets),
        I1: Indicator::new(Code::I1, ess, value, Unit::Euros, targets),
    };
    let governance = Governance {
        declared: targets.governance,
        attainment: if targets.governance { 1.0 } else { 0.0 },
        weight: targets.governance_weight,
    };
    let weighted: f64 = indicators.all().iter().map(|i| i.weight * i.attainment.unwrap_or(0.0)).sum::<f64>()
        + governance.weight * governance.attainment;
    let score = 100.0 * weighted / targets.total_weight();
    let after: Vec<&Contract> = year_contracts.iter().copied().filter(|c| c.notified >= CLIMATE_LAW_START).collect();
    let above_eu: Vec<&Contract> =
        after.iter().copied().filter(|c| eu_threshold(c).is_some_and(|t| c.amount_eur >= t)).collect();
    let compliance = Compliance {
        C1: ComplianceShare::new(&after, |c| {
            c.considerations.environmental_clause && c.considerations.environmental_criterion
        }),
        C2: ComplianceShare::new(&above_eu, |c| c.considerations.social_clause),
    };
    let caveats = caveats(&year_contracts, &indicators, &ess_holders, directory, targets, !after.is_empty());
    Measurement {
        buyer: buyer.to_string(),
        year,
        contracts: year_contracts.len(),
        value_eur: value,
        indicators,
        governance,
        score,
        compliance,
        ess_holders,
        caveats,
    }
}

fn caveats(
    contracts: &[&Contract],
    indicators: &Indicators,
    ess: &[EssHolder],
    directory: Option<&EssDirectory>,
    targets: &Targets,
    climate_law: bool,
) -> Vec<Caveat> {
    let mut out = vec![Caveat::Declarative, Caveat::Under40k];
    for (a, b) in [(&indicators.S1, &indicators.S2), (&indicators.E1, &indicators.E2)] {
        if let (Some(x), Some(y)) = (a.observed, b.observed)
            && (x - y).abs() >= 0.10
        {
            out.push(Caveat::CountAndValueDiverge { by_count: a.code, by_value: b.code });
        }
    }
    let unstated =
        contracts.iter().filter(|c| !c.considerations.social_stated || !c.considerations.environmental_stated).count();
    if unstated > 0 {
        out.push(Caveat::ConsiderationsUnstated { contracts: unstated });
    }
    let presumed = ess.iter().filter(|h| h.recognition.presumed()).count();
    if presumed > 0 {
        out.push(Caveat::PresumedHolders { holders: presumed });
    }
    if directory.is_none_or(EssDirectory::is_empty) {
        out.push(Caveat::NoCatalogue);
    }
    let shared = contracts.iter().filter(|c| c.holders.len() > 1).count();
    if shared > 0 {
        out.push(Caveat::SharedContracts { contracts: shared });
    }
    if !targets.governance && targets.governance_weight > 0.0 {
        out.push(Caveat::GovernanceUndeclared);
    }
    if climate_law {
        out.push(Caveat::ConsultationDateUnknown);
        let no_cpv = contracts.iter().filter(|c| c.notified >= CLIMATE_LAW_START && c.cpv.is_none()).count();
        if no_cpv > 0 {
            out.push(Caveat::CpvMissing { contracts: no_cpv });
        }
    }
    out
}
