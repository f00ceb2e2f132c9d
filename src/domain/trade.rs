//! What each kind of structure typically does, for records that say little, and the NAF codes that
//! say nothing about a trade.
//!
//! Most real records of SIAE, EA and ESAT give only a name, a kind, a NAF code and a place, and that
//! NAF code is usually the association's social-action code (8810C « Aide par le travail », 8899B,
//! 9499Z…), which describes its mission, not what it produces. A record with such a code is of
//! unknown trade; what its kind typically does (`fixtures/reference/kind-trades.tsv`, each row with
//! its source: the legal definitions of C. trav. L5132-4 to L5132-15 for the SIAE, L5213-13 for the
//! EA, CASF L344-2 for the ESAT, and the work the federations present, see `docs/domain.md` of the
//! project's founding documents) then stands in for it. A record that says what it does always wins.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::kind::Kind;

const KIND_TRADES_TSV: &str = include_str!("../../fixtures/reference/kind-trades.tsv");

/// NAF rév. 2 codes that describe a structure's social mission, status or administrative role
/// rather than a trade: the codes most SIAE, EA and ESAT declare (`docs/domain.md`), those of
/// associations and public bodies, and head-office or catch-all codes.
pub const GENERIC_NAF: [&str; 20] = [
    "8810B", // accueil ou accompagnement sans hébergement d'adultes handicapés ou de personnes âgées
    "8810C", // aide par le travail
    "8891B", // accueil ou accompagnement sans hébergement d'enfants handicapés
    "8899A", // autre accueil ou accompagnement sans hébergement d'enfants et d'adolescents
    "8899B", // action sociale sans hébergement n.c.a.
    "8790A", // hébergement social pour enfants en difficultés
    "8790B", // hébergement social pour adultes et familles en difficultés et autre hébergement social
    "9411Z", // activités des organisations patronales et consulaires
    "9412Z", // activités des organisations professionnelles
    "9420Z", // activités des syndicats de salariés
    "9499Z", // autres organisations fonctionnant par adhésion volontaire
    "8411Z", // administration publique générale
    "8412Z", // administration publique (tutelle) de la santé, de la formation, de la culture…
    "8413Z", // administration publique (tutelle) des activités économiques
    "8532Z", // enseignement secondaire technique ou professionnel
    "8559A", // formation continue d'adultes
    "7010Z", // activités des sièges sociaux
    "6420Z", // activités des sociétés holding
    "8299Z", // autres activités de soutien aux entreprises n.c.a.
    "9609Z", // autres services personnels n.c.a.
];

/// True when a NAF code says nothing about what the structure produces ([`GENERIC_NAF`]).
pub fn is_generic_naf(naf: &str) -> bool {
    let code: String = naf.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase();
    GENERIC_NAF.contains(&code.as_str())
}

/// True when a structure of these kinds works for its members only: a groupement d'employeurs
/// (GEIQ) employs its people to place them with the companies that belong to it (C. trav. L1253-1),
/// so it does not carry out a buyer's lot itself; it takes the hours of an insertion clause through
/// a member that won it. A GEIQ also registered under another kind (an EI) works for buyers too.
pub fn works_for_members_only(kinds: &[Kind]) -> bool {
    !kinds.is_empty() && kinds.iter().all(|k| *k == Kind::Geiq)
}

/// True when a structure of these kinds is one activity of a larger body whose record speaks for
/// the body: an ACI is run by an association or a public body (a CCAS, an agricultural lycée, a
/// mutual…), an ESAT by an association of the medico-social sector (`docs/domain.md`), and such a
/// body commonly runs workshops of several trades. The name and NAF code of its record then say what
/// the body mostly does (« … Services Soins », a training or second-hand trade code), not everything
/// its workshops do, so a record that says no more does not rule out what its kind typically does.
pub fn runs_several_workshops(kinds: &[Kind]) -> bool {
    kinds.iter().any(|k| WORKSHOP_KINDS.contains(k))
}

/// The kinds of [`runs_several_workshops`].
pub const WORKSHOP_KINDS: [Kind; 2] = [Kind::Aci, Kind::Esat];

/// How typical a trade is of a kind of structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Affinity {
    /// Seen in public contracts, though not what the kind is best known for.
    Possible,
    /// What structures of this kind most often do in public contracts.
    Typical,
}

impl Affinity {
    /// The weight of the presumption: 1 for a typical trade, ½ for a possible one.
    pub fn weight(self) -> f64 {
        match self {
            Affinity::Typical => 1.0,
            Affinity::Possible => 0.5,
        }
    }
}

/// The families whose work is the mission itself of the kinds it is typical of, whatever trade
/// their records name: a contract of insertion and professional qualification buys the insertion
/// pathway of the supplier's employees on some work, and that pathway is what every SIAE does by
/// law (C. trav. L5132-1), whatever its support activity.
pub const MISSION_FAMILIES: [&str; 1] = ["insertion-professionnelle"];

/// The families of trades that hire people a structure of staff provision can place: its agents
/// clean, serve meals, help on green spaces, building sites and waste rounds, handle goods and help
/// at home (`docs/domain.md`: AI and ETTI). A supplier whose stated trade is staff provision is
/// presumed able to work in these.
pub const LABOUR_FAMILIES: [&str; 8] = [
    "proprete",
    "restauration",
    "espaces-verts",
    "btp",
    "dechets",
    "logistique",
    "services-personne",
    "services-administratifs",
];

/// The sector a kind of structure exercises by its legal definition, whatever its NAF code: an AI
/// puts people at the disposal of others (C. trav. L5132-7), an ETTI does temporary work (L5132-6),
/// an EATT too (L5213-13-3).
pub fn defining_sector(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Ai | Kind::Etti | Kind::Eatt => Some("mise-a-disposition-personnel"),
        _ => None,
    }
}

/// The family of sectors of staff provision.
pub const STAFF_PROVISION_FAMILY: &str = "mise-a-disposition";

static KIND_TRADES: LazyLock<HashMap<(String, Kind), Affinity>> = LazyLock::new(|| parse(KIND_TRADES_TSV));

fn parse(tsv: &str) -> HashMap<(String, Kind), Affinity> {
    let mut table = HashMap::new();
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(family), Some(kind), Some(affinity)) = (cols.first(), cols.get(1), cols.get(2)) else {
            continue;
        };
        let Ok(kind) = kind.parse::<Kind>() else {
            continue;
        };
        let affinity = match *affinity {
            "typical" => Affinity::Typical,
            "possible" => Affinity::Possible,
            _ => continue,
        };
        table.insert((family.to_string(), kind), affinity);
    }
    table
}

/// How typical the trades of `family` are of the best of these kinds, if at all.
pub fn kind_affinity(kinds: &[Kind], family: &str) -> Option<Affinity> {
    kinds.iter().filter_map(|k| KIND_TRADES.get(&(family.to_string(), *k)).copied()).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn social_action_codes_say_nothing_about_the_trade() {
        assert!(is_generic_naf("8810C") && is_generic_naf("88.99B") && is_generic_naf("9499z"));
        assert!(!is_generic_naf("8121Z") && !is_generic_naf("7830Z") && !is_generic_naf(""));
    }

    #[test]
    fn the_table_is_read_whole_and_says_what_kinds_typically_do() {
        let rows = KIND_TRADES_TSV.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
        assert_eq!(KIND_TRADES.len(), rows, "every row names a known kind and affinity");
        assert_eq!(kind_affinity(&[Kind::Ai], "mise-a-disposition"), Some(Affinity::Typical));
        assert_eq!(kind_affinity(&[Kind::Aci], "espaces-verts"), Some(Affinity::Typical));
        assert_eq!(kind_affinity(&[Kind::Ai], "espaces-verts"), Some(Affinity::Possible));
        assert_eq!(kind_affinity(&[Kind::Ai, Kind::Aci], "espaces-verts"), Some(Affinity::Typical));
        assert_eq!(kind_affinity(&[Kind::Geiq], "espaces-verts"), None);
        let families = crate::domain::Taxonomy::builtin();
        for (family, _) in KIND_TRADES.keys() {
            assert!(families.family(family).is_some(), "{family} is a family of the taxonomy");
        }
    }

    #[test]
    fn chantiers_and_esat_run_workshops_of_several_trades() {
        assert!(runs_several_workshops(&[Kind::Aci]) && runs_several_workshops(&[Kind::Ei, Kind::Esat]));
        assert!(!runs_several_workshops(&[Kind::Ei]) && !runs_several_workshops(&[Kind::Ai]));
    }

    #[test]
    fn a_geiq_works_for_its_members_only() {
        assert!(works_for_members_only(&[Kind::Geiq]));
        assert!(!works_for_members_only(&[Kind::Geiq, Kind::Ei]));
        assert!(!works_for_members_only(&[Kind::Ai]));
        assert!(!works_for_members_only(&[]));
    }
}
