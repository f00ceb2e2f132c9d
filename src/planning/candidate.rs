//! A supplier as the planner sees it against one scope: which activities it does, which parts of
//! the perimeter it reaches, which reservations it is eligible to, how much it can carry.

use super::scope::Scope;
use crate::domain::geo::GeoPoint;
use crate::domain::kind::Kind;
use crate::domain::need::Reservation;
use crate::domain::reach::WorkZone;
use crate::domain::supplier::{Supplier, is_national_federation};
use crate::domain::territory::Gazetteer;
use crate::domain::text::fold;
use crate::law::{LawConfig, eligible_regimes};

/// An ESS supplier that could take part in a lot, described against one [`Scope`].
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// SIRET of the establishment.
    pub siret: String,
    /// The name a person knows it by.
    pub name: String,
    /// Statuses and approvals.
    pub kinds: Vec<Kind>,
    /// Reserved-market regimes it is eligible to (L2113-12 to L2113-15, L2113-13-1).
    pub eligible: Vec<Reservation>,
    /// Keys of the scope's activities it does.
    pub activities: Vec<String>,
    /// Identifiers of the scope's parts its intervention zone reaches.
    pub parts: Vec<String>,
    /// Annual turnover in euros, when known. Unknown turnover carries nothing: capacity must be shown.
    pub turnover_eur: Option<f64>,
    /// PTCE, groups and local networks it belongs to, folded: what ties it to other structures.
    /// National federations are left out ([`crate::domain::supplier::is_national_federation`]).
    pub ties: Vec<String>,
    /// Its site, for proximity.
    pub location: Option<GeoPoint>,
    /// True when it is based in the perimeter (its commune is one of the perimeter's, see
    /// [`super::perimeter::Part::is_home_of`]): local anchoring of a grouping.
    pub based_in_perimeter: bool,
    /// Relevance to the lot between 0 and 1 (the matching engine's score).
    pub relevance: f64,
}

impl Candidate {
    /// Describes a supplier against a scope. `sectors` are its effective sector keys (declared, else
    /// inferred from its CPV codes, NAF code and words); `relevance` is the matching engine's score, 0 to 1.
    pub fn from_supplier(
        supplier: &Supplier,
        sectors: &[String],
        scope: &Scope,
        relevance: f64,
        law: &LawConfig,
        gazetteer: &Gazetteer,
    ) -> Candidate {
        let site = supplier.point(gazetteer);
        let activities =
            scope.activities.iter().filter(|a| a.covered_by(&supplier.cpv, sectors)).map(|a| a.key.clone()).collect();
        let zone = WorkZone::of(supplier, gazetteer);
        let parts = scope.perimeter.parts.iter().filter(|p| p.reached_by(&zone)).map(|p| p.id.clone()).collect();
        let insee = supplier.commune_insee.as_deref();
        let based_in_perimeter = scope.perimeter.parts.iter().any(|p| p.is_home_of(insee, &supplier.department));
        let eligible = eligible_regimes(&supplier.kinds, supplier.legal_form.as_deref(), law)
            .into_iter()
            .filter(|e| e.eligible)
            .map(|e| e.regime)
            .collect();
        Candidate {
            siret: supplier.siret.as_str().to_string(),
            name: supplier.display_name().to_string(),
            kinds: supplier.kinds.clone(),
            eligible,
            activities,
            parts,
            turnover_eur: supplier.revenue_eur,
            ties: Candidate::ties_of(&supplier.networks),
            location: site,
            based_in_perimeter,
            relevance: relevance.clamp(0.0, 1.0),
        }
    }

    /// The networks that tie a structure to others: its PTCE, groups and local networks, folded
    /// (case and accents), without the national federations.
    pub fn ties_of(networks: &[String]) -> Vec<String> {
        networks.iter().filter(|n| !is_national_federation(n)).map(|n| fold(n.trim())).collect()
    }

    /// Its legal unit (the SIREN, the first nine digits of its SIRET): establishments of one legal
    /// unit are one competitor.
    pub fn legal_unit(&self) -> &str {
        self.siret.get(..9).unwrap_or(&self.siret)
    }

    /// True when it may answer a lot with this reservation (always, for a lot not reserved).
    pub fn eligible_to(&self, reservation: Option<Reservation>) -> bool {
        reservation.is_none_or(|r| self.eligible.contains(&r))
    }

    /// The articles of the regimes it is eligible to (`["L2113-13", "L2113-14"]`).
    pub fn articles(&self) -> Vec<&'static str> {
        self.eligible.iter().map(|r| r.article()).collect()
    }

    /// Its turnover for capacity sums: 0 when unknown.
    pub fn capacity(&self) -> f64 {
        self.turnover_eur.unwrap_or(0.0)
    }

    /// The kinds as codes joined by `/` (`EI/ACI`).
    pub fn kind_codes(&self) -> String {
        self.kinds.iter().map(|k| k.code()).collect::<Vec<_>>().join("/")
    }
}
