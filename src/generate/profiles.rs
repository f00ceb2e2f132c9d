//! What a generated supplier of each kind looks like: how common the kind is, its usual legal forms,
//! size, networks and zone.

use essor::domain::{Department, Kind};

use super::names::NameStyle;
use super::rng::Rng;

/// Fédération des entreprises d'insertion.
pub const FEI: &str = "Fédération des entreprises d'insertion";
/// Federation of associations intermédiaires and other SIAE.
pub const COORACE: &str = "Coorace";
/// Network of ateliers et chantiers d'insertion.
pub const CHANTIER_ECOLE: &str = "Chantier École";
/// Union nationale des entreprises adaptées.
pub const UNEA: &str = "UNEA";
/// Comité national de liaison des régies de quartier.
pub const CNLRQ: &str = "CNLRQ";
/// Emmaüs movement.
pub const EMMAUS_FRANCE: &str = "Emmaüs France";
/// Network of ressourceries and recycleries.
pub const RESSOURCERIES: &str = "Réseau des ressourceries";

/// The profile of one generated kind.
#[derive(Debug)]
pub struct KindProfile {
    /// The main kind.
    pub kind: Kind,
    /// Share of the catalogue, in thousandths.
    pub per_mille: u64,
    /// A second kind some suppliers also hold, with the probability.
    pub second_kind: Option<(Kind, f64)>,
    /// Legal forms with relative weights.
    pub legal_forms: &'static [(&'static str, u64)],
    /// Usual headcount range (a long tail goes beyond).
    pub employees: (u32, u32),
    /// Usual turnover range in thousands of euros.
    pub revenue_keur: (u32, u32),
    /// Federations the kind joins, with the probability.
    pub networks: &'static [(&'static str, f64)],
    /// The NAF code of the kind itself (an AI is `7830Z`, an ETTI `7820Z`): its main sector is one that
    /// lists the code, when the taxonomy has one, and the code is its NAF.
    pub own_naf: Option<&'static str>,
    /// NAF codes the kind uses when its main sector lists them (`8899B` for an ACI).
    pub preferred_naf: &'static [&'static str],
    /// Usual radius of intervention in kilometres.
    pub radius_km: (u32, u32),
}

/// The legal form of associations.
pub const ASSOCIATION: &str = "Association loi 1901";

/// The kinds the generator draws, with their profiles. Shares: 45 % ACI, 25 % EI, 15 % AI, 7 % ETTI,
/// the remaining 8 % shared by EA, ESAT, GEIQ, SCIC, SCOP and ESUS.
pub const PROFILES: [KindProfile; 10] = [
    KindProfile {
        kind: Kind::Aci,
        per_mille: 450,
        second_kind: Some((Kind::Ai, 0.03)),
        legal_forms: &[(ASSOCIATION, 92), ("SCIC SAS", 3), ("Établissement public", 5)],
        employees: (5, 60),
        revenue_keur: (100, 2_000),
        networks: &[(CHANTIER_ECOLE, 0.35), (COORACE, 0.15)],
        own_naf: None,
        preferred_naf: &["8899B"],
        radius_km: (15, 40),
    },
    KindProfile {
        kind: Kind::Ei,
        per_mille: 250,
        second_kind: Some((Kind::Etti, 0.04)),
        legal_forms: &[("SAS", 45), ("SARL", 35), ("SASU", 5), (ASSOCIATION, 10), ("SCOP SARL", 5)],
        employees: (8, 80),
        revenue_keur: (300, 5_000),
        networks: &[(FEI, 0.5), (COORACE, 0.1)],
        own_naf: None,
        preferred_naf: &[],
        radius_km: (20, 80),
    },
    KindProfile {
        kind: Kind::Ai,
        per_mille: 150,
        second_kind: None,
        legal_forms: &[(ASSOCIATION, 1)],
        employees: (5, 60),
        revenue_keur: (100, 2_000),
        networks: &[(COORACE, 0.6)],
        own_naf: Some("7830Z"),
        preferred_naf: &[],
        radius_km: (15, 35),
    },
    KindProfile {
        kind: Kind::Etti,
        per_mille: 70,
        second_kind: None,
        legal_forms: &[("SAS", 55), ("SARL", 40), ("SCIC SAS", 5)],
        employees: (10, 120),
        revenue_keur: (300, 5_000),
        networks: &[(FEI, 0.35), (COORACE, 0.3)],
        own_naf: Some("7820Z"),
        preferred_naf: &[],
        radius_km: (25, 80),
    },
    KindProfile {
        kind: Kind::Ea,
        per_mille: 22,
        second_kind: None,
        legal_forms: &[("SAS", 35), ("SARL", 25), (ASSOCIATION, 35), ("SCOP SA", 5)],
        employees: (20, 150),
        revenue_keur: (1_000, 8_000),
        networks: &[(UNEA, 0.6)],
        own_naf: None,
        preferred_naf: &[],
        radius_km: (30, 80),
    },
    KindProfile {
        kind: Kind::Esat,
        per_mille: 20,
        second_kind: None,
        legal_forms: &[(ASSOCIATION, 85), ("Établissement public", 15)],
        employees: (20, 150),
        revenue_keur: (1_000, 8_000),
        networks: &[],
        own_naf: None,
        preferred_naf: &["8810C"],
        radius_km: (25, 70),
    },
    KindProfile {
        kind: Kind::Geiq,
        per_mille: 8,
        second_kind: None,
        legal_forms: &[(ASSOCIATION, 1)],
        employees: (5, 60),
        revenue_keur: (300, 3_000),
        networks: &[],
        own_naf: Some("7830Z"),
        preferred_naf: &[],
        radius_km: (40, 100),
    },
    KindProfile {
        kind: Kind::Scic,
        per_mille: 11,
        second_kind: Some((Kind::Esus, 0.25)),
        legal_forms: &[("SCIC SA", 30), ("SCIC SAS", 50), ("SCIC SARL", 20)],
        employees: (3, 50),
        revenue_keur: (100, 3_000),
        networks: &[],
        own_naf: None,
        preferred_naf: &[],
        radius_km: (20, 80),
    },
    KindProfile {
        kind: Kind::Scop,
        per_mille: 11,
        second_kind: None,
        legal_forms: &[("SCOP SARL", 60), ("SCOP SA", 25), ("SCOP SAS", 15)],
        employees: (3, 80),
        revenue_keur: (200, 6_000),
        networks: &[],
        own_naf: None,
        preferred_naf: &[],
        radius_km: (20, 80),
    },
    KindProfile {
        kind: Kind::Esus,
        per_mille: 8,
        second_kind: None,
        legal_forms: &[("SAS", 45), ("SARL", 20), (ASSOCIATION, 35)],
        employees: (2, 40),
        revenue_keur: (50, 2_000),
        networks: &[],
        own_naf: None,
        preferred_naf: &[],
        radius_km: (15, 60),
    },
];

/// Share of suppliers far larger than their kind's usual range.
const LONG_TAIL_SHARE: f64 = 0.03;
/// Share of suppliers whose headcount is not known.
const MISSING_EMPLOYEES_SHARE: f64 = 0.04;
/// Share of suppliers whose turnover is not known.
const MISSING_REVENUE_SHARE: f64 = 0.08;

/// The index in [`PROFILES`] of a profile drawn by its share.
pub fn draw_profile(rng: &mut Rng) -> usize {
    rng.index_weighted(&PROFILES, |p| p.per_mille)
}

/// A headcount and a turnover (euros) for a supplier of this profile, each sometimes unknown.
///
/// Both follow one size drawn skewed towards small structures, with some noise, and a long tail of
/// much larger ones.
pub fn size(profile: &KindProfile, rng: &mut Rng) -> (Option<u32>, Option<f64>) {
    let base = rng.unit();
    let size = base * base;
    let factor = if rng.chance(LONG_TAIL_SHARE) { 2.0 + rng.unit() * 6.0 } else { 1.0 };
    let employees_t = (size + (rng.unit() - 0.5) * 0.2).clamp(0.0, 1.0);
    let revenue_t = (size + (rng.unit() - 0.5) * 0.3).clamp(0.0, 1.0);
    let (e_lo, e_hi) = (f64::from(profile.employees.0), f64::from(profile.employees.1));
    let (r_lo, r_hi) = (f64::from(profile.revenue_keur.0), f64::from(profile.revenue_keur.1));
    let employees = ((e_lo + (e_hi - e_lo) * employees_t) * factor).round() as u32;
    let revenue_eur = ((r_lo + (r_hi - r_lo) * revenue_t) * factor).round() * 1000.0;
    (
        (!rng.chance(MISSING_EMPLOYEES_SHARE)).then_some(employees),
        (!rng.chance(MISSING_REVENUE_SHARE)).then_some(revenue_eur),
    )
}

/// A legal form for a supplier of this profile.
pub fn legal_form(profile: &KindProfile, rng: &mut Rng) -> &'static str {
    if profile.legal_forms.is_empty() { ASSOCIATION } else { rng.pick_weighted(profile.legal_forms) }
}

/// True when the legal form is an association (its name may then carry "Association").
pub fn is_association(legal_form: &str) -> bool {
    legal_form == ASSOCIATION
}

/// Share of suppliers that belong to their département's PTCE.
const PTCE_SHARE: f64 = 0.1;
/// Words of the invented PTCE names ("PTCE Synergies Essonne").
const PTCE_WORDS: &[&str] =
    &["Synergies", "Coopérer", "Territoires Solidaires", "Alliances", "Convergences", "Ensemble"];

/// The networks of a supplier: its kind's federations, CNLRQ for régies, the ressourceries' network, and
/// sometimes the PTCE of its département (one invented PTCE per département).
pub fn networks(profile: &KindProfile, style: NameStyle, department: &Department, rng: &mut Rng) -> Vec<String> {
    let mut out = Vec::new();
    for (network, probability) in profile.networks {
        if rng.chance(*probability) {
            out.push((*network).to_string());
        }
    }
    match style {
        NameStyle::Regie if rng.chance(0.9) => out.push(CNLRQ.to_string()),
        NameStyle::Ressourcerie if rng.chance(0.6) => out.push(RESSOURCERIES.to_string()),
        NameStyle::Ressourcerie if rng.chance(0.1) => out.push(EMMAUS_FRANCE.to_string()),
        _ => {}
    }
    if rng.chance(PTCE_SHARE) {
        let word = PTCE_WORDS[department.code.bytes().map(usize::from).sum::<usize>() % PTCE_WORDS.len()];
        out.push(format!("PTCE {word} {}", department.name));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_to_a_thousand_and_match_the_brief() {
        assert_eq!(PROFILES.iter().map(|p| p.per_mille).sum::<u64>(), 1000);
        let share = |k: Kind| PROFILES.iter().find(|p| p.kind == k).map(|p| p.per_mille).unwrap_or(0);
        assert_eq!((share(Kind::Aci), share(Kind::Ei), share(Kind::Ai), share(Kind::Etti)), (450, 250, 150, 70));
    }

    #[test]
    fn sizes_stay_in_range_except_the_long_tail() {
        let mut rng = Rng::new(5);
        let aci = &PROFILES[0];
        let mut above = 0;
        for _ in 0..5000 {
            let (employees, revenue) = size(aci, &mut rng);
            if let Some(e) = employees {
                assert!(e >= 5, "{e}");
                above += usize::from(e > 60);
            }
            if let Some(r) = revenue {
                assert!(r >= 100_000.0 && r.fract() == 0.0, "{r}");
            }
        }
        assert!(above > 0 && above < 5000 / 20, "{above}");
    }
}
