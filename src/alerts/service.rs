//! The alert use cases the command line and the web server share: a supplier's profile, changing its
//! preferences, what it would receive now, and computing and recording the new alerts of all suppliers.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use super::compute::{AlertConfig, compute, recipients};
use super::model::Alert;
use super::preferences::{Preferences, PreferencesChange, PreferencesError, RecordProfile};
use crate::catalogue::{Catalogue, CatalogueError};
use crate::domain::siret::SiretError;
use crate::domain::{Siret, Supplier};
use crate::error::{Blame, Classified};
use crate::law::LawConfig;
use crate::matching::{Engine, MatchError};

/// Why an alert use case failed.
#[derive(Debug, thiserror::Error)]
pub enum AlertError {
    /// The SIRET given is not one.
    #[error("SIRET invalide : {0}")]
    Siret(#[from] SiretError),
    /// No supplier has this SIRET.
    #[error("aucun fournisseur de SIRET {0} dans le catalogue")]
    UnknownSupplier(String),
    /// A preference is wrong.
    #[error(transparent)]
    Preferences(#[from] PreferencesError),
    /// The catalogue failed.
    #[error(transparent)]
    Catalogue(#[from] CatalogueError),
    /// The matching engine failed.
    #[error(transparent)]
    Matching(#[from] MatchError),
}

impl Classified for AlertError {
    fn blame(&self) -> Blame {
        match self {
            AlertError::Siret(_) | AlertError::UnknownSupplier(_) => Blame::user("siret"),
            AlertError::Preferences(e) => e.blame(),
            AlertError::Catalogue(e) => e.blame(),
            AlertError::Matching(e) => e.blame(),
        }
    }
}

/// A supplier's alert profile: its preferences and what its record brings. Never its e-mail address.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertProfile {
    /// SIRET.
    pub siret: String,
    /// Name.
    pub name: String,
    /// True when its record has an e-mail address (alerts can be sent).
    pub email_on_record: bool,
    /// True when the preferences were changed (false: the default profile).
    pub customised: bool,
    /// The preferences.
    pub preferences: Preferences,
    /// What its record brings: zone, trades, reservations it is eligible to.
    pub record: RecordProfile,
}

async fn supplier(catalogue: &Catalogue, siret: &str) -> Result<Supplier, AlertError> {
    let siret = Siret::parse(siret)?;
    catalogue.supplier(&siret).await?.ok_or_else(|| AlertError::UnknownSupplier(siret.as_str().to_string()))
}

/// A supplier's alert profile (the default one when it never changed it).
pub async fn profile(catalogue: &Catalogue, siret: &str, law: &LawConfig) -> Result<AlertProfile, AlertError> {
    let supplier = supplier(catalogue, siret).await?;
    let stored = catalogue.alert_preferences(&supplier.siret).await?;
    Ok(profile_of(&supplier, stored, law))
}

fn profile_of(supplier: &Supplier, stored: Option<Preferences>, law: &LawConfig) -> AlertProfile {
    AlertProfile {
        siret: supplier.siret.as_str().to_string(),
        name: supplier.display_name().to_string(),
        email_on_record: supplier.email.as_deref().is_some_and(|e| !e.trim().is_empty()),
        customised: stored.is_some(),
        preferences: stored.unwrap_or_default(),
        record: RecordProfile::of(supplier, law),
    }
}

/// Applies changes to a supplier's preferences (all checked before anything is stored) and returns the
/// new profile.
pub async fn change_preferences(
    catalogue: &Catalogue,
    siret: &str,
    change: &PreferencesChange,
    law: &LawConfig,
) -> Result<AlertProfile, AlertError> {
    let supplier = supplier(catalogue, siret).await?;
    let current = catalogue.alert_preferences(&supplier.siret).await?.unwrap_or_default();
    let next = change.apply(&current, catalogue.gazetteer())?;
    catalogue.put_alert_preferences(&supplier.siret, &next).await?;
    Ok(profile_of(&supplier, Some(next), law))
}

/// What a supplier would receive now: the alerts not recorded yet, nothing recorded.
pub async fn preview(
    catalogue: &Catalogue,
    engine: &Engine,
    siret: &str,
    today: Date,
    config: &AlertConfig,
) -> Result<Vec<Alert>, AlertError> {
    let one = vec![supplier(catalogue, siret).await?];
    let stored: HashMap<String, Preferences> = catalogue
        .alert_preferences(&one[0].siret)
        .await?
        .map(|p| (one[0].siret.as_str().to_string(), p))
        .into_iter()
        .collect();
    let procedures = catalogue.open_procedures(today).await?;
    let recorded = catalogue.alert_keys().await?;
    let already = |s: &str, p: &str, l: &str| recorded.contains(&(s.to_string(), p.to_string(), l.to_string()));
    Ok(compute(engine, &procedures, today, &recipients(&one, &stored), config, &already)?)
}

/// What computing the alerts did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ComputeOutcome {
    /// Open procedures looked at.
    pub procedures: usize,
    /// Open lots among them.
    pub open_lots: usize,
    /// Suppliers that can receive alerts (an e-mail address).
    pub recipients: usize,
    /// Alerts recorded now.
    pub recorded: usize,
    /// Suppliers with at least one new alert.
    pub suppliers_alerted: usize,
    /// Alerts recorded in all.
    pub total_recorded: u64,
}

/// Computes the new alerts of every supplier and records them (in one transaction); running it again
/// records nothing new.
pub async fn compute_and_record(
    catalogue: &Catalogue,
    engine: &Engine,
    today: Date,
    config: &AlertConfig,
) -> Result<ComputeOutcome, AlertError> {
    let suppliers = catalogue.suppliers().await?;
    let stored = catalogue.all_alert_preferences().await?;
    let procedures = catalogue.open_procedures(today).await?;
    let recorded = catalogue.alert_keys().await?;
    let already = |s: &str, p: &str, l: &str| recorded.contains(&(s.to_string(), p.to_string(), l.to_string()));
    let who = recipients(&suppliers, &stored);
    let alerts = compute(engine, &procedures, today, &who, config, &already)?;
    let written = catalogue.record_alerts(&alerts).await?;
    let mut alerted: Vec<&str> = alerts.iter().map(|a| a.siret.as_str()).collect();
    alerted.sort_unstable();
    alerted.dedup();
    Ok(ComputeOutcome {
        procedures: procedures.len(),
        open_lots: procedures.iter().map(|p| super::compute::open_lots(p, today).len()).sum(),
        recipients: who.len(),
        recorded: written,
        suppliers_alerted: alerted.len(),
        total_recorded: catalogue.count_alerts().await?,
    })
}

/// Where the alerts stand: recorded, waiting for an e-mail, carried by one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertStatus {
    /// Alerts recorded in all.
    pub recorded: u64,
    /// Of them, waiting for an e-mail.
    pub waiting: u64,
    /// Of them, carried by an e-mail in the outbox.
    pub queued: u64,
    /// The outbox: e-mails queued, being sent, sent, failed (with the reasons).
    pub mail: crate::store::outbox::OutboxSummary,
}

/// Where the alerts and their e-mails stand.
pub async fn status(catalogue: &Catalogue) -> Result<AlertStatus, AlertError> {
    let recorded = catalogue.count_alerts().await?;
    let waiting = catalogue.unsent_alerts().await?.len() as u64;
    Ok(AlertStatus {
        recorded,
        waiting,
        queued: recorded.saturating_sub(waiting),
        mail: catalogue.outbox_summary().await?,
    })
}
