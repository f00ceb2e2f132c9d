//! The one table of dated thresholds of French public procurement.
//!
//! Each row says what it bounds, for which contract types and buyers, its value, the inclusive dates
//! it applies to (consultations launched or notices sent on those dates), its article and its source.
//! A new threshold (the EU values of 2028, a new décret) is a new row here, never a code change
//! elsewhere: every rule reads its values through [`threshold`].

use jiff::civil::{Date, date};

use crate::domain::cpv::ContractType;
use Threshold::*;
use ThresholdUnit::*;

use crate::domain::need::BuyerKind;

/// What a threshold bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Threshold {
    /// Below it, a contract may be awarded without publicity or competition (R2122-8).
    NoPublicity,
    /// From it up to the EU threshold, a MAPA needs a notice in the BOAMP or a JAL; below it the buyer
    /// chooses a free, adapted publicity (R2131-12).
    MapaNotice,
    /// From it, a formalised procedure with a notice in the JOUE is required (L2124-1, R2124-1; avis
    /// annexed to the CCP).
    EuFormalised,
    /// Social and other specific services (R2123-1 3°): always MAPA, but from this value an EU notice
    /// (JOUE) is required (dir. 2014/24 art. 4(d), 74-75).
    SocialServicesEu,
    /// A lot below it may follow a MAPA inside a formalised contract (R2123-1 2°, "petits lots").
    SmallLot,
    /// The cumulated value of such small lots may not exceed this share of all lots (R2123-1 2°).
    SmallLotsShare,
    /// The minimum annual turnover a buyer may require, as a multiple of the contract or lot value (R2142-7).
    TurnoverCap,
}

/// The unit of a row's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThresholdUnit {
    /// Euros excluding VAT (HT).
    EurosHt,
    /// A share of a total (0.2 = 20 %).
    Share,
    /// A multiple of the contract or lot value.
    TimesValue,
}

/// One dated threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdRow {
    /// What it bounds.
    pub what: Threshold,
    /// Contract types it applies to; empty = all.
    pub contract_types: &'static [ContractType],
    /// Buyer kinds it applies to; empty = all.
    pub buyer_kinds: &'static [BuyerKind],
    /// The value, in [`ThresholdRow::unit`].
    pub value: f64,
    /// Unit of the value.
    pub unit: ThresholdUnit,
    /// First day it applies (inclusive).
    pub valid_from: Date,
    /// Last day it applies (inclusive); `None` = until further notice.
    pub valid_until: Option<Date>,
    /// The article of the Code de la commande publique.
    pub article: &'static str,
    /// The text that sets it, and where we read it; ⚠️ marks what comes from secondary sources.
    pub source: &'static str,
}

impl ThresholdRow {
    /// True when the row applies on `day`.
    pub fn applies_on(&self, day: Date) -> bool {
        self.valid_from <= day && self.valid_until.is_none_or(|until| day <= until)
    }

    /// True when the row applies to this contract type and buyer kind.
    pub fn applies_to(&self, contract_type: ContractType, buyer_kind: BuyerKind) -> bool {
        (self.contract_types.is_empty() || self.contract_types.contains(&contract_type))
            && (self.buyer_kinds.is_empty() || self.buyer_kinds.contains(&buyer_kind))
    }
}

const SUPPLIES_SERVICES: &[ContractType] = &[ContractType::Supplies, ContractType::Services];
const WORKS: &[ContractType] = &[ContractType::Works];
const ALL_TYPES: &[ContractType] = &[];
const STATE: &[BuyerKind] = &[BuyerKind::State];
const LOCAL: &[BuyerKind] = &[BuyerKind::Local];
const UTILITY: &[BuyerKind] = &[BuyerKind::Utility];
const POUVOIRS_ADJUDICATEURS: &[BuyerKind] = &[BuyerKind::State, BuyerKind::Local];
const ALL_BUYERS: &[BuyerKind] = &[];
/// Entry into force of the Code de la commande publique (ordonnance 2018-1074, décret 2018-1075).
const CCP: Date = date(2019, 4, 1);
/// Entry into force of ordonnance 2015-899 and décret 2016-360 (transposition of dir. 2014/24).
const TRANSPOSITION_2016: Date = date(2016, 4, 1);

const fn row(
    what: Threshold,
    contract_types: &'static [ContractType],
    buyer_kinds: &'static [BuyerKind],
    (value, unit): (f64, ThresholdUnit),
    valid: (Date, Option<Date>),
    article: &'static str,
    source: &'static str,
) -> ThresholdRow {
    ThresholdRow {
        what,
        contract_types,
        buyer_kinds,
        value,
        unit,
        valid_from: valid.0,
        valid_until: valid.1,
        article,
        source,
    }
}

/// Every threshold, old and current.
#[rustfmt::skip]
pub static THRESHOLDS: &[ThresholdRow] = &[
    row(NoPublicity, SUPPLIES_SERVICES, ALL_BUYERS, (40_000.0, EurosHt), (date(2020, 1, 1), Some(date(2026, 3, 31))), "R2122-8",
        "décret 2019-1344 (40 000 € from 1 Jan 2020 ⚠️ start date from memory); ended by décret 2025-1386 of 29 Dec 2025"),
    row(NoPublicity, SUPPLIES_SERVICES, ALL_BUYERS, (60_000.0, EurosHt), (date(2026, 4, 1), None), "R2122-8",
        "décret 2025-1386 of 29 Dec 2025, art. 3-4 (JO 30 Dec 2025): consultations launched from 1 Apr 2026"),
    row(NoPublicity, WORKS, ALL_BUYERS, (40_000.0, EurosHt), (date(2020, 1, 1), Some(date(2020, 7, 23))), "R2122-8",
        "décret 2019-1344 (40 000 € for every contract type from 1 Jan 2020; fntp.fr, seban-associes.avocat.fr)"),
    row(NoPublicity, WORKS, ALL_BUYERS, (70_000.0, EurosHt), (date(2020, 7, 24), Some(date(2020, 12, 8))), "R2122-8",
        "temporary: décret 2020-893 of 22 Jul 2020 (JO 23 Jul 2020), until 10 Jul 2021, overtaken by loi ASAP art. 142 \
         (ahavocats.fr, seban-associes.avocat.fr) ⚠️ entry into force taken as the day after publication"),
    row(NoPublicity, WORKS, ALL_BUYERS, (100_000.0, EurosHt), (date(2020, 12, 9), Some(date(2025, 12, 31))), "R2122-8",
        "temporary: loi ASAP n° 2020-1525 of 7 Dec 2020 art. 142 (JO 8 Dec 2020) and décret 2020-1671 of 22 Dec 2020 (⚠️ not read), \
         until 31 Dec 2022; extended by décret 2022-1683 of 28 Dec 2022 to 31 Dec 2024 and by décret 2024-1217 to \
         31 Dec 2025 (domain-law.md §5; fntp.fr, amf10.fr) ⚠️ entry into force taken as the day after the law's publication"),
    row(NoPublicity, WORKS, ALL_BUYERS, (100_000.0, EurosHt), (date(2026, 1, 1), None), "R2122-8",
        "décret 2025-1386 of 29 Dec 2025 (made permanent)"),
    row(MapaNotice, ALL_TYPES, ALL_BUYERS, (90_000.0, EurosHt), (CCP, None), "R2131-12",
        "R2131-12 (french-business-law.com); ⚠️ entités adjudicatrices may follow other publicity rules"),
    row(EuFormalised, SUPPLIES_SERVICES, STATE, (139_000.0, EurosHt), (date(2020, 1, 1), Some(date(2021, 12, 31))), "R2124-1",
        "EU thresholds 2020-2021, Reg. (EU) 2019/1827-1829 ⚠️ values and regulation numbers from memory"),
    row(EuFormalised, SUPPLIES_SERVICES, LOCAL, (214_000.0, EurosHt), (date(2020, 1, 1), Some(date(2021, 12, 31))), "R2124-1",
        "EU thresholds 2020-2021, Reg. (EU) 2019/1827-1829 ⚠️ values and regulation numbers from memory"),
    row(EuFormalised, SUPPLIES_SERVICES, UTILITY, (428_000.0, EurosHt), (date(2020, 1, 1), Some(date(2021, 12, 31))), "R2124-1",
        "EU thresholds 2020-2021, Reg. (EU) 2019/1827-1829 ⚠️ values and regulation numbers from memory"),
    row(EuFormalised, WORKS, ALL_BUYERS, (5_350_000.0, EurosHt), (date(2020, 1, 1), Some(date(2021, 12, 31))), "R2124-1",
        "EU thresholds 2020-2021, Reg. (EU) 2019/1827-1829 ⚠️ values and regulation numbers from memory"),
    row(EuFormalised, SUPPLIES_SERVICES, STATE, (140_000.0, EurosHt), (date(2022, 1, 1), Some(date(2023, 12, 31))), "R2124-1",
        "EU thresholds 2022-2023, Reg. (EU) 2021/1950-1953 ⚠️ value and regulation numbers from memory"),
    row(EuFormalised, SUPPLIES_SERVICES, LOCAL, (215_000.0, EurosHt), (date(2022, 1, 1), Some(date(2023, 12, 31))), "R2124-1",
        "EU thresholds 2022-2023 (gestionnaire03.fr: « passe de 215 000 € HT à 221 000 € HT » in 2024) ⚠️ regulation numbers from memory"),
    row(EuFormalised, SUPPLIES_SERVICES, UTILITY, (431_000.0, EurosHt), (date(2022, 1, 1), Some(date(2023, 12, 31))), "R2124-1",
        "EU thresholds 2022-2023, Reg. (EU) 2021/1950-1953 ⚠️ value and regulation numbers from memory"),
    row(EuFormalised, WORKS, ALL_BUYERS, (5_382_000.0, EurosHt), (date(2022, 1, 1), Some(date(2023, 12, 31))), "R2124-1",
        "EU thresholds 2022-2023 (gestionnaire03.fr: « de 5 382 000 € HT à 5 538 000 € HT » in 2024) ⚠️ regulation numbers from memory"),
    row(EuFormalised, SUPPLIES_SERVICES, STATE, (143_000.0, EurosHt), (date(2024, 1, 1), Some(date(2025, 12, 31))), "R2124-1",
        "EU thresholds 2024-2025, Reg. (EU) 2023/2495 ⚠️ regulation number from memory"),
    row(EuFormalised, SUPPLIES_SERVICES, LOCAL, (221_000.0, EurosHt), (date(2024, 1, 1), Some(date(2025, 12, 31))), "R2124-1",
        "EU thresholds 2024-2025, Reg. (EU) 2023/2495 ⚠️ regulation number from memory"),
    row(EuFormalised, SUPPLIES_SERVICES, UTILITY, (443_000.0, EurosHt), (date(2024, 1, 1), Some(date(2025, 12, 31))), "R2124-1",
        "EU thresholds 2024-2025, Reg. (EU) 2023/2496 ⚠️ regulation number from memory"),
    row(EuFormalised, WORKS, ALL_BUYERS, (5_538_000.0, EurosHt), (date(2024, 1, 1), Some(date(2025, 12, 31))), "R2124-1",
        "EU thresholds 2024-2025, Reg. (EU) 2023/2495-2497 ⚠️ regulation numbers from memory"),
    row(EuFormalised, SUPPLIES_SERVICES, STATE, (140_000.0, EurosHt), (date(2026, 1, 1), Some(date(2027, 12, 31))), "R2124-1",
        "Reg. (EU) 2025/2150-2152 of 22 Oct 2025 (JOUE 23 Oct 2025); avis annexed to the CCP, JORF 26 Dec 2025"),
    row(EuFormalised, SUPPLIES_SERVICES, LOCAL, (216_000.0, EurosHt), (date(2026, 1, 1), Some(date(2027, 12, 31))), "R2124-1",
        "Reg. (EU) 2025/2150-2152 of 22 Oct 2025 (JOUE 23 Oct 2025); avis annexed to the CCP, JORF 26 Dec 2025"),
    row(EuFormalised, SUPPLIES_SERVICES, UTILITY, (432_000.0, EurosHt), (date(2026, 1, 1), Some(date(2027, 12, 31))), "R2124-1",
        "Reg. (EU) 2025/2150-2152 of 22 Oct 2025 (JOUE 23 Oct 2025); avis annexed to the CCP, JORF 26 Dec 2025"),
    row(EuFormalised, WORKS, ALL_BUYERS, (5_404_000.0, EurosHt), (date(2026, 1, 1), Some(date(2027, 12, 31))), "R2124-1",
        "Reg. (EU) 2025/2150-2152 of 22 Oct 2025 (JOUE 23 Oct 2025); avis annexed to the CCP, JORF 26 Dec 2025"),
    row(SocialServicesEu, SUPPLIES_SERVICES, POUVOIRS_ADJUDICATEURS, (750_000.0, EurosHt), (TRANSPOSITION_2016, None), "R2123-1 3°",
        "dir. 2014/24 art. 4(d), fixed in euros, not revised every two years"),
    row(SocialServicesEu, SUPPLIES_SERVICES, UTILITY, (1_000_000.0, EurosHt), (TRANSPOSITION_2016, None), "R2123-1 3°",
        "dir. 2014/25 art. 15(c) ⚠️ from memory, not in domain-law.md"),
    row(SmallLot, SUPPLIES_SERVICES, ALL_BUYERS, (80_000.0, EurosHt), (CCP, None), "R2123-1 2°",
        "legifrance LEGISCTA000037730857 (version of 6 Oct 2024)"),
    row(SmallLot, WORKS, ALL_BUYERS, (1_000_000.0, EurosHt), (CCP, None), "R2123-1 2°",
        "legifrance LEGISCTA000037730857 (version of 6 Oct 2024)"),
    row(SmallLotsShare, ALL_TYPES, ALL_BUYERS, (0.20, Share), (CCP, None), "R2123-1 2°",
        "legifrance LEGISCTA000037730857 (version of 6 Oct 2024)"),
    row(TurnoverCap, ALL_TYPES, ALL_BUYERS, (2.0, TimesValue), (CCP, Some(date(2025, 12, 31))), "R2142-7",
        "R2142-7 before décret 2025-1383"),
    row(TurnoverCap, ALL_TYPES, ALL_BUYERS, (1.5, TimesValue), (date(2026, 1, 1), None), "R2142-7",
        "décret 2025-1383 (blog.landot-avocats.net, 30 Dec 2025)"),
];

/// The row of `what` for this contract type and buyer kind on `day`, if the table has one.
pub fn threshold(
    what: Threshold,
    contract_type: ContractType,
    buyer_kind: BuyerKind,
    day: Date,
) -> Option<&'static ThresholdRow> {
    THRESHOLDS.iter().find(|r| r.what == what && r.applies_to(contract_type, buyer_kind) && r.applies_on(day))
}

#[cfg(test)]
#[path = "thresholds_tests.rs"]
mod tests;
