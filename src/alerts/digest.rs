//! Which recorded alerts are due to be sent, and in which e-mails: one e-mail per procedure for a
//! supplier that wants each notice, one digest of every waiting lot a day or a week for the others, and
//! nothing for a paused supplier (its alerts wait).

use std::collections::HashMap;

use super::model::Alert;
use super::preferences::{Frequency, Preferences};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// One e-mail to send: a supplier's alerts gathered.
#[derive(Debug, Clone, PartialEq)]
pub struct Digest {
    /// The supplier's SIRET.
    pub siret: String,
    /// Its name.
    pub name: String,
    /// The address to write to.
    pub email: String,
    /// The frequency it chose (the e-mail says so).
    pub frequency: Frequency,
    /// The lots, oldest alert first.
    pub alerts: Vec<Alert>,
}

/// Who a digest is addressed to: name and e-mail address of a supplier, by SIRET.
pub type Addresses = HashMap<String, (String, String)>;

/// The e-mails due at `now` (Unix seconds) from the `unsent` alerts (oldest first per supplier).
/// A daily digest is due when the supplier got no alert e-mail in the last 24 hours (`last_sent`), a
/// weekly one in the last 7 days. Suppliers without an address (it was removed since) get none.
pub fn due(
    unsent: Vec<Alert>,
    addresses: &Addresses,
    preferences: &HashMap<String, Preferences>,
    last_sent: &HashMap<String, i64>,
    now: i64,
) -> Vec<Digest> {
    let mut by_supplier: Vec<(String, Vec<Alert>)> = Vec::new();
    for alert in unsent {
        match by_supplier.last_mut() {
            Some((siret, alerts)) if *siret == alert.siret => alerts.push(alert),
            _ => by_supplier.push((alert.siret.clone(), vec![alert])),
        }
    }
    let mut digests = Vec::new();
    for (siret, alerts) in by_supplier {
        let Some((name, email)) = addresses.get(&siret) else {
            continue;
        };
        let frequency = preferences.get(&siret).map(|p| p.frequency).unwrap_or_default();
        let quiet_for = |days: i64| last_sent.get(&siret).is_none_or(|&at| now - at >= days * DAY);
        let digest = |alerts: Vec<Alert>| Digest {
            siret: siret.clone(),
            name: name.clone(),
            email: email.clone(),
            frequency,
            alerts,
        };
        match frequency {
            Frequency::Paused => {}
            Frequency::Each => {
                let mut by_procedure: Vec<Vec<Alert>> = Vec::new();
                for alert in alerts {
                    match by_procedure.iter_mut().find(|group| group[0].procedure_id == alert.procedure_id) {
                        Some(group) => group.push(alert),
                        None => by_procedure.push(vec![alert]),
                    }
                }
                digests.extend(by_procedure.into_iter().map(digest));
            }
            Frequency::Daily if quiet_for(1) => digests.push(digest(alerts)),
            Frequency::Weekly if quiet_for(7) => digests.push(digest(alerts)),
            Frequency::Daily | Frequency::Weekly => {}
        }
    }
    digests
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alerts::model::AlertRelevance;

    fn alert(siret: &str, procedure: &str, lot: &str) -> Alert {
        Alert {
            siret: siret.into(),
            supplier_name: "Régie".into(),
            procedure_id: procedure.into(),
            notice_id: format!("{procedure}-1"),
            lot_id: lot.into(),
            title: format!("Lot {lot}"),
            notice_title: None,
            buyer: "Ville".into(),
            departments: vec!["91".into()],
            value_eur: None,
            deadline: None,
            reservation: None,
            eligible_under: None,
            relevance: AlertRelevance::Stated,
            rank: 1,
            why: Vec::new(),
            link: None,
            too_large_alone: None,
            partners: Vec::new(),
        }
    }

    fn preferences(frequency: Frequency) -> Preferences {
        Preferences { frequency, ..Preferences::default() }
    }

    #[test]
    fn each_notice_is_one_mail_and_a_weekly_digest_gathers_every_lot_once_a_week() {
        let addresses: Addresses = [("A", "a@x.fr"), ("B", "b@x.fr"), ("C", "c@x.fr")]
            .into_iter()
            .map(|(s, e)| (s.to_string(), (format!("Structure {s}"), e.to_string())))
            .collect();
        let unsent = vec![
            alert("A", "p1", "1"),
            alert("A", "p1", "2"),
            alert("A", "p2", "1"),
            alert("B", "p1", "1"),
            alert("B", "p2", "1"),
            alert("B", "p3", "1"),
            alert("C", "p1", "1"),
        ];
        let prefs: HashMap<String, Preferences> =
            [("B".to_string(), preferences(Frequency::Weekly)), ("C".to_string(), preferences(Frequency::Paused))]
                .into_iter()
                .collect();
        let now = 100 * DAY;
        let digests = due(unsent.clone(), &addresses, &prefs, &HashMap::new(), now);
        let shape: Vec<(&str, usize)> = digests.iter().map(|d| (d.siret.as_str(), d.alerts.len())).collect();
        assert_eq!(shape, vec![("A", 2), ("A", 1), ("B", 3)], "one mail per procedure for A, one digest for B");
        let recent: HashMap<String, i64> = [("B".to_string(), now - 6 * DAY)].into_iter().collect();
        let digests = due(unsent.clone(), &addresses, &prefs, &recent, now);
        assert!(digests.iter().all(|d| d.siret != "B"), "a weekly digest waits for the week to pass");
        let digests = due(unsent, &HashMap::new(), &prefs, &HashMap::new(), now);
        assert!(digests.is_empty(), "no address, no mail");
    }
}
