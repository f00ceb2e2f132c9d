use super::*;
use crate::domain::kind::ALL_KINDS;

const H: Regime = Regime::Handicap;
const I: Regime = Regime::Insertion;
const B: Regime = Regime::Inclusive;
const E: Regime = Regime::Ess;
const P: Regime = Regime::Prison;

fn eligible_to(kinds: &[Kind], legal_form: Option<&str>, config: &LawConfig) -> Vec<Regime> {
    eligible_regimes(kinds, legal_form, config).into_iter().filter(|e| e.eligible).map(|e| e.regime).collect()
}

/// Each kind alone, without legal form, default configuration: the regimes it qualifies for, and a
/// word its reason for each regime must contain.
#[test]
fn every_kind_for_every_regime() {
    #[rustfmt::skip]
    let expected: [(Kind, &[Regime], [&str; 5]); 14] = [
        (Kind::Aci, &[I, B], ["ni EA", "L5132-4", "L2113-13", "forme juridique", "pénitentiaire"]),
        (Kind::Ei, &[I, B], ["ni EA", "L5132-4", "L2113-13", "forme juridique", "pénitentiaire"]),
        (Kind::Ai, &[I, B], ["ni EA", "L5132-4", "L2113-13", "forme juridique", "pénitentiaire"]),
        (Kind::Etti, &[I, B], ["ni EA", "L5132-4", "L2113-13", "forme juridique", "pénitentiaire"]),
        (Kind::Eiti, &[], ["ni EA", "expérimental", "ni EA/ESAT ni SIAE", "forme juridique", "pénitentiaire"]),
        (Kind::Geiq, &[], ["GEIQ", "n'est pas une SIAE", "ni EA/ESAT ni SIAE", "aucun statut", "pénitentiaire"]),
        (Kind::Ea, &[H, B], ["L5213-13", "pas une SIAE", "L2113-12", "forme juridique", "pénitentiaire"]),
        (Kind::Eatt, &[H, B], ["L5213-13-3", "pas une SIAE", "L2113-12", "forme juridique", "pénitentiaire"]),
        (Kind::Esat, &[H, B], ["L344-2", "pas une SIAE", "L2113-12", "forme juridique", "pénitentiaire"]),
        (Kind::Scic, &[E], ["ni EA", "pas une SIAE", "ni EA/ESAT", "coopérative", "pénitentiaire"]),
        (Kind::Scop, &[E], ["ni EA", "pas une SIAE", "ni EA/ESAT", "coopérative", "pénitentiaire"]),
        (Kind::Esus, &[E], ["ni EA", "pas une SIAE", "ni EA/ESAT", "L3332-17-1", "pénitentiaire"]),
        (Kind::Sep, &[P], ["ni EA", "pas une SIAE", "ni EA/ESAT", "aucun statut", "L2113-13-1"]),
        (Kind::Ess, &[E], ["ni EA", "pas une SIAE", "ni EA/ESAT", "art. 1", "pénitentiaire"]),
    ];
    assert_eq!(expected.len(), ALL_KINDS.len());
    let config = LawConfig::default();
    for (kind, regimes, words) in expected {
        let all = eligible_regimes(&[kind], None, &config);
        assert_eq!(all.iter().map(|e| e.regime).collect::<Vec<_>>(), ALL_RESERVATIONS.to_vec());
        for (e, word) in all.iter().zip(words) {
            let reason = text(e);
            assert_eq!(e.eligible, regimes.contains(&e.regime), "{kind} / {}: {reason}", e.regime);
            assert!(reason.contains(word), "{kind} / {}: « {reason} » lacks « {word} »", e.regime);
        }
    }
}

#[test]
fn ess_eligibility_reminds_the_l2113_16_conditions() {
    let e = &eligible_regimes(&[Kind::Scic], None, &LawConfig::default())[3];
    assert!(e.eligible && e.grounds.contains(&Ground::EssConditions), "{e:?}");
    assert!(text(e).contains("L2113-16") && text(e).contains("3 ans"), "{}", text(e));
}

#[test]
fn siae_and_ea_that_are_associations_qualify_for_ess() {
    let config = LawConfig::default();
    assert_eq!(eligible_to(&[Kind::Aci], Some("Association loi 1901"), &config), vec![I, B, E]);
    assert_eq!(eligible_to(&[Kind::Ea], Some("association"), &config), vec![H, B, E]);
    assert_eq!(eligible_to(&[Kind::Ei], Some("SAS"), &config), vec![I, B]);
    assert_eq!(eligible_to(&[], Some("SA coopérative à capital variable"), &config), vec![E]);
    assert_eq!(eligible_to(&[], Some("Mutuelle"), &config), vec![E]);
    assert_eq!(eligible_to(&[], Some("Fondation reconnue d'utilité publique"), &config), vec![E]);
    let sas = &eligible_regimes(&[Kind::Ei], Some("SAS"), &config)[3];
    assert_eq!(sas.grounds, vec![Ground::NotEssForm("SAS".to_string())]);
    assert!(text(sas).contains("« SAS »"), "{}", text(sas));
}

#[test]
fn uncertain_statuses_follow_the_configuration() {
    let strict = LawConfig { eatt_counts_for_handicap: false, ..LawConfig::default() };
    assert_eq!(eligible_to(&[Kind::Eatt], None, &strict), Vec::<Regime>::new());
    assert_eq!(eligible_regimes(&[Kind::Eatt], None, &strict)[0].grounds, vec![Ground::EattExcludedByConfig]);
    let open = LawConfig { eiti_counts_as_siae: true, ..LawConfig::default() };
    assert_eq!(eligible_to(&[Kind::Eiti], None, &open), vec![I, B]);
}

#[test]
fn both_families_qualify_for_inclusive_with_both_reasons() {
    let all = eligible_regimes(&[Kind::Esat, Kind::Aci], None, &LawConfig::default());
    let inclusive = &all[2];
    assert!(inclusive.eligible);
    assert_eq!(inclusive.grounds, vec![Ground::Status(Kind::Esat), Ground::Status(Kind::Aci)]);
    assert!(text(inclusive).contains("ESAT") && text(inclusive).contains("ACI"), "{}", text(inclusive));
    assert_eq!(eligible_articles(&all), vec!["L2113-12", "L2113-13", "L2113-14"]);
}

#[test]
fn allowed_only_under_an_eligible_regime() {
    let config = LawConfig::default();
    let aci = eligible_regimes(&[Kind::Aci], None, &config);
    assert!(supplier_allowed(None, &aci));
    assert!(supplier_allowed(Some(Reservation::Insertion), &aci));
    assert!(supplier_allowed(Some(Reservation::Inclusive), &aci));
    assert!(!supplier_allowed(Some(Reservation::Handicap), &aci));
    assert!(!supplier_allowed(Some(Reservation::Ess), &aci));
    let geiq = eligible_regimes(&[Kind::Geiq], None, &config);
    assert!(!supplier_allowed(Some(Reservation::Insertion), &geiq));
}

fn text(e: &Eligibility) -> String {
    crate::wording::law::eligibility_text(e)
}
