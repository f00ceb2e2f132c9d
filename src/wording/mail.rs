//! The e-mail outbox in French: counts by state, the mails in trouble, and a sending round.

use crate::mail::SendReport;
use crate::store::outbox::{MailState, OutboxEntry, OutboxSummary};

/// A moment of the outbox (Unix milliseconds) in Paris time: `07/12/2026 à 14:05`.
pub fn moment(unix_ms: i64) -> String {
    match jiff::Timestamp::from_millisecond(unix_ms) {
        Ok(t) => {
            let zoned = t.in_tz("Europe/Paris").unwrap_or_else(|_| t.to_zoned(jiff::tz::TimeZone::UTC));
            zoned.strftime("%d/%m/%Y à %H:%M").to_string()
        }
        Err(_) => "date inconnue".to_string(),
    }
}

/// The outbox state, several lines.
pub fn summary_text(summary: &OutboxSummary) -> String {
    let mut text = format!(
        "Courriels : {} en attente, {} en cours d'envoi, {} envoyé(s), {} en échec.\n",
        summary.queued, summary.sending, summary.sent, summary.failed
    );
    if !summary.problems.is_empty() {
        text.push_str("\nCourriels en difficulté :\n");
        for entry in &summary.problems {
            text.push_str(&format!("  {}\n", problem_line(entry)));
        }
    }
    text
}

/// One failed mail, or a queued one whose last attempt failed.
pub fn problem_line(entry: &OutboxEntry) -> String {
    let reason = entry.last_error.as_deref().unwrap_or("raison inconnue");
    let state = match entry.state {
        MailState::Failed => "abandonné".to_string(),
        MailState::Queued => format!("nouvel essai le {}", moment(entry.next_attempt_at_ms)),
        MailState::Sending => "en cours d'envoi".to_string(),
        MailState::Sent => "envoyé".to_string(),
    };
    format!(
        "n° {} à {} « {} » : {} après {} tentative(s) — {}",
        entry.id,
        entry.recipient,
        super::shorten(&entry.subject, 60),
        state,
        entry.attempts,
        reason
    )
}

/// What one sending round did, one line.
pub fn report_text(report: &SendReport) -> String {
    let mut text = format!(
        "Envoi terminé : {} envoyé(s), {} à réessayer plus tard, {} en échec",
        report.sent, report.retried, report.failed
    );
    if report.skipped > 0 {
        text.push_str(&format!(", {} laissé(s) pour un prochain passage", report.skipped));
    }
    if report.lost > 0 {
        text.push_str(&format!(", {} repris par un autre serveur", report.lost));
    }
    text.push('.');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_each_problem_with_its_reason() {
        let entry = OutboxEntry {
            id: 7,
            recipient: "achats@ville.fr".into(),
            subject: "Nouvel avis".into(),
            message_id: "<1@essor.fr>".into(),
            state: MailState::Failed,
            attempts: 1,
            last_error: Some("permanent error (550): no such mailbox".into()),
            next_attempt_at_ms: 0,
            sent_at_ms: None,
        };
        let summary = OutboxSummary { queued: 2, sending: 0, sent: 5, failed: 1, problems: vec![entry] };
        let text = summary_text(&summary);
        assert!(text.starts_with("Courriels : 2 en attente, 0 en cours d'envoi, 5 envoyé(s), 1 en échec."), "{text}");
        assert!(
            text.contains(
                "n° 7 à achats@ville.fr « Nouvel avis » : abandonné après 1 tentative(s) — permanent error (550)"
            ),
            "{text}"
        );
        assert!(moment(0).starts_with("01/01/1970 à "), "{}", moment(0));
    }
}
