use jiff::civil::date;

use super::*;
use ContractType::{Services, Supplies, Works};

fn advise(value: f64, ct: ContractType, bk: BuyerKind, social: bool, day: Date) -> ProcedureAdvice {
    advise_procedure(Some(value), ct, bk, social, day)
}

#[test]
fn services_of_50_000_need_publicity_in_march_2026_but_not_in_april() {
    let march = advise(50_000.0, Services, BuyerKind::Local, false, date(2026, 3, 15));
    assert_eq!(march.procedure, Some(Procedure::Mapa));
    assert_eq!(march.publicity, Some(Publicity::Adapted));
    assert_eq!(march.basis, ProcedureBasis::Between { value: 50_000.0, no_publicity: 40_000.0, upper: 216_000.0 });
    let april = advise(50_000.0, Services, BuyerKind::Local, false, date(2026, 4, 15));
    assert_eq!(april.procedure, Some(Procedure::NoPublicity));
    assert_eq!(april.publicity, Some(Publicity::None));
    assert_eq!(april.articles, vec!["R2122-8"]);
    assert_eq!(april.basis, ProcedureBasis::BelowNoPublicity { value: 50_000.0, threshold: 60_000.0 });
}

#[test]
fn works_of_90_000_in_2026_need_no_publicity() {
    let a = advise(90_000.0, Works, BuyerKind::Local, false, date(2026, 2, 1));
    assert_eq!(a.procedure, Some(Procedure::NoPublicity));
    let b = advise(100_000.0, Works, BuyerKind::Local, false, date(2026, 2, 1));
    assert_eq!(b.procedure, Some(Procedure::Mapa));
    assert_eq!(b.publicity, Some(Publicity::BoampOrJal));
}

#[test]
fn services_of_250_000_by_a_commune_are_formalised() {
    let a = advise(250_000.0, Services, BuyerKind::Local, false, date(2026, 3, 15));
    assert_eq!(a.procedure, Some(Procedure::Formalised));
    assert_eq!(a.publicity, Some(Publicity::Eu));
    assert!(a.articles.contains(&"R2124-1"));
    assert!(a.thresholds.iter().any(|r| r.value == 216_000.0));
    // An entité adjudicatrice stays under its own EU threshold (432 000 €).
    let utility = advise(250_000.0, Services, BuyerKind::Utility, false, date(2026, 3, 15));
    assert_eq!(utility.procedure, Some(Procedure::Mapa));
    // The State's threshold is lower: 140 000 €.
    let state = advise(150_000.0, Supplies, BuyerKind::State, false, date(2026, 3, 15));
    assert_eq!(state.procedure, Some(Procedure::Formalised));
    // Before 2026, the 2024-2025 values apply: 215 000 € was under 221 000 €.
    let older = advise(218_000.0, Services, BuyerKind::Local, false, date(2025, 6, 1));
    assert_eq!(older.procedure, Some(Procedure::Mapa));
    let newer = advise(218_000.0, Services, BuyerKind::Local, false, date(2026, 6, 1));
    assert_eq!(newer.procedure, Some(Procedure::Formalised));
}

#[test]
fn social_services_of_250_000_stay_in_mapa() {
    let a = advise(250_000.0, Services, BuyerKind::Local, true, date(2026, 3, 15));
    assert_eq!(a.procedure, Some(Procedure::MapaSocialServices));
    assert_eq!(a.publicity, Some(Publicity::BoampOrJal));
    assert!(a.articles.contains(&"R2123-1 3°"));
    let big = advise(800_000.0, Services, BuyerKind::Local, true, date(2026, 3, 15));
    assert_eq!(big.procedure, Some(Procedure::MapaSocialServices));
    assert_eq!(big.publicity, Some(Publicity::Eu));
    let small = advise(30_000.0, Services, BuyerKind::Local, true, date(2026, 3, 15));
    assert_eq!(small.procedure, Some(Procedure::NoPublicity));
}

#[test]
fn without_a_value_says_what_cannot_be_decided() {
    let a = advise_procedure(None, Services, BuyerKind::Local, false, date(2026, 4, 15));
    assert_eq!(a.procedure, None);
    assert_eq!(a.publicity, None);
    assert_eq!(
        a.basis,
        ProcedureBasis::ValueUnknown { no_publicity: 60_000.0, upper: 216_000.0, social_services: false }
    );
    let text = crate::wording::law::procedure_explanation(&a);
    assert!(text.starts_with("Montant estimé inconnu"), "{text}");
    assert!(text.contains("60 000 €") && text.contains("216 000 €"), "{text}");
}

#[test]
fn dates_outside_the_table_are_not_guessed() {
    let a = advise(50_000.0, Services, BuyerKind::Local, false, date(2015, 6, 1));
    assert_eq!(a.procedure, None);
    assert_eq!(a.basis, ProcedureBasis::NoThresholdKnown);
    assert!(crate::wording::law::procedure_explanation(&a).contains("ne couvre pas"));
}

#[test]
fn works_under_100_000_need_no_publicity_from_december_2020() {
    let y2022 = advise(95_000.0, Works, BuyerKind::Local, false, date(2022, 5, 1));
    assert_eq!(y2022.procedure, Some(Procedure::NoPublicity), "{:?}", y2022.basis);
    assert_eq!(y2022.basis, ProcedureBasis::BelowNoPublicity { value: 95_000.0, threshold: 100_000.0 });
    let y2021 = advise(95_000.0, Works, BuyerKind::Local, false, date(2021, 1, 15));
    assert_eq!(y2021.procedure, Some(Procedure::NoPublicity), "{:?}", y2021.basis);
    let before = advise(95_000.0, Works, BuyerKind::Local, false, date(2020, 9, 1));
    assert_eq!(before.procedure, Some(Procedure::Mapa), "{:?}", before.basis);
}
