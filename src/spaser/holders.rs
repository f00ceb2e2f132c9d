//! Recognising the holders that belong to the ESS or to inclusive employment (indicator I1): first in
//! the catalogue, on the SIRET then on the SIREN; then among the ESS units of SIRENE; failing that, by the evidence of the published name
//! (« ESAT », « entreprise adaptée », association, SCOP, SCIC…), which only presumes it.

use std::collections::HashMap;

use serde::Serialize;

use super::contract::{Party, fold};
use super::sirene::{SireneBasis, SireneUnit};
use crate::domain::kind::Kind;
use crate::domain::supplier::Supplier;

/// The ESS structures known to the catalogue, by SIRET and by SIREN.
#[derive(Debug, Default, Clone)]
pub struct EssDirectory {
    by_siret: HashMap<String, Vec<Kind>>,
    by_siren: HashMap<String, Vec<Kind>>,
    sirene: HashMap<String, (SireneBasis, String)>,
}

impl EssDirectory {
    /// The directory of the catalogue's suppliers (every one of them is an ESS structure).
    pub fn from_suppliers(suppliers: &[Supplier]) -> EssDirectory {
        let mut directory = EssDirectory::default();
        for s in suppliers {
            directory.add(s.siret.as_str(), &s.kinds);
        }
        directory
    }

    /// Adds one establishment (a SIRET, or a SIREN for a whole legal unit) and its kinds.
    pub fn add(&mut self, id: &str, kinds: &[Kind]) {
        if id.len() == 14 {
            self.by_siret.insert(id.to_string(), kinds.to_vec());
        }
        if let Some(siren) = id.get(..9) {
            let entry = self.by_siren.entry(siren.to_string()).or_default();
            for k in kinds {
                if !entry.contains(k) {
                    entry.push(*k);
                }
            }
        }
    }

    /// Adds the ESS units of SIRENE (see [`super::sirene`]).
    pub fn add_sirene(&mut self, units: Vec<SireneUnit>) {
        for u in units {
            self.sirene.insert(u.siren, (u.basis, u.legal_category));
        }
    }

    /// How many legal units (SIREN) it knows, from the catalogue and from SIRENE.
    pub fn len(&self) -> usize {
        self.by_siren.len() + self.sirene.len()
    }

    /// True when it knows none.
    pub fn is_empty(&self) -> bool {
        self.by_siren.is_empty() && self.sirene.is_empty()
    }
}

/// What the name or legal form of a holder says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameEvidence {
    /// « ESAT », « établissement et service d'aide par le travail ».
    Esat,
    /// « entreprise adaptée » (formerly « atelier protégé »).
    EntrepriseAdaptee,
    /// An insertion structure (« chantier d'insertion », « entreprise d'insertion », « régie de quartier »,
    /// GEIQ, ETTI…).
    Insertion,
    /// « SCIC », « société coopérative d'intérêt collectif ».
    Scic,
    /// « SCOP », « société coopérative et participative / ouvrière de production ».
    Scop,
    /// « association » or a well-known association network running ESAT (ADAPEI, APAJH).
    Association,
    /// « coopérative ».
    Cooperative,
    /// « mutuelle ».
    Mutuelle,
    /// « fondation ».
    Fondation,
}

/// How a holder was recognised as an ESS structure.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "how", rename_all = "snake_case")]
pub enum Recognition {
    /// Its SIRET is in the catalogue.
    CatalogueSiret {
        /// The catalogue's kinds.
        kinds: Vec<Kind>,
    },
    /// Another establishment of its SIREN is in the catalogue.
    CatalogueSiren {
        /// The catalogue's kinds.
        kinds: Vec<Kind>,
    },
    /// Its SIREN is an ESS unit of SIRENE.
    Sirene {
        /// Flagged ESS, or ESS by its legal category.
        basis: SireneBasis,
        /// `categorieJuridiqueUniteLegale`.
        legal_category: String,
    },
    /// Presumed from its name or legal form only.
    PresumedByName {
        /// What the name says.
        evidence: NameEvidence,
    },
}

impl Recognition {
    /// True when only presumed.
    pub fn presumed(&self) -> bool {
        matches!(self, Recognition::PresumedByName { .. })
    }
}

/// Phrases of a folded name (lower case, no accents, words separated by single spaces) and what they say.
const NAME_EVIDENCE: [(&str, NameEvidence); 30] = [
    ("esat", NameEvidence::Esat),
    ("e s a t", NameEvidence::Esat),
    ("aide par le travail", NameEvidence::Esat),
    ("entreprise adaptee", NameEvidence::EntrepriseAdaptee),
    ("entreprises adaptees", NameEvidence::EntrepriseAdaptee),
    ("atelier protege", NameEvidence::EntrepriseAdaptee),
    ("apf entreprises", NameEvidence::EntrepriseAdaptee),
    ("chantier d insertion", NameEvidence::Insertion),
    ("chantiers d insertion", NameEvidence::Insertion),
    ("entreprise d insertion", NameEvidence::Insertion),
    ("association intermediaire", NameEvidence::Insertion),
    ("regie de quartier", NameEvidence::Insertion),
    ("regie de quartiers", NameEvidence::Insertion),
    ("chantier ecole", NameEvidence::Insertion),
    ("geiq", NameEvidence::Insertion),
    ("etti", NameEvidence::Insertion),
    ("siae", NameEvidence::Insertion),
    ("scic", NameEvidence::Scic),
    ("cooperative d interet collectif", NameEvidence::Scic),
    ("scop", NameEvidence::Scop),
    ("cooperative et participative", NameEvidence::Scop),
    ("cooperative ouvriere", NameEvidence::Scop),
    ("association", NameEvidence::Association),
    ("asso", NameEvidence::Association),
    ("adapei", NameEvidence::Association),
    ("apajh", NameEvidence::Association),
    ("cooperative", NameEvidence::Cooperative),
    ("coop", NameEvidence::Cooperative),
    ("mutuelle", NameEvidence::Mutuelle),
    ("fondation", NameEvidence::Fondation),
];

/// What a name says, if anything: the first phrase of [`NAME_EVIDENCE`] found as whole words.
pub fn name_evidence(name: &str) -> Option<NameEvidence> {
    let words: String = fold(name).chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let padded = format!(" {} ", words.split_whitespace().collect::<Vec<_>>().join(" "));
    NAME_EVIDENCE.iter().find(|(phrase, _)| padded.contains(&format!(" {phrase} "))).map(|(_, e)| *e)
}

/// How a holder is recognised as ESS, if it is: catalogue SIRET, catalogue SIREN, then its name.
pub fn recognise(party: &Party, directory: Option<&EssDirectory>) -> Option<Recognition> {
    if let Some(d) = directory {
        if let Some(kinds) = d.by_siret.get(&party.id) {
            return Some(Recognition::CatalogueSiret { kinds: kinds.clone() });
        }
        if let Some(kinds) = party.siren().and_then(|s| d.by_siren.get(s)) {
            return Some(Recognition::CatalogueSiren { kinds: kinds.clone() });
        }
        if let Some((basis, legal_category)) = party.siren().and_then(|s| d.sirene.get(s)) {
            return Some(Recognition::Sirene { basis: *basis, legal_category: legal_category.clone() });
        }
    }
    party.name.as_deref().and_then(name_evidence).map(|evidence| Recognition::PresumedByName { evidence })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_what_they_are() {
        assert_eq!(name_evidence("ESAT Les Ateliers du Lauragais"), Some(NameEvidence::Esat));
        assert_eq!(name_evidence("Entreprise Adaptée Occitane"), Some(NameEvidence::EntrepriseAdaptee));
        assert_eq!(name_evidence("SCOP SA TERRASSEMENTS"), Some(NameEvidence::Scop));
        assert_eq!(name_evidence("ASSOCIATION ARIANE"), Some(NameEvidence::Association));
        assert_eq!(name_evidence("GEIQ BTP 31"), Some(NameEvidence::Insertion));
        assert_eq!(name_evidence("APF Entreprises 31"), Some(NameEvidence::EntrepriseAdaptee));
        assert_eq!(name_evidence("KEMIRA CHIMIE"), None);
        assert_eq!(name_evidence("PETTIT SAS"), None);
        assert_eq!(name_evidence("DESATURATION SARL"), None);
    }
}
