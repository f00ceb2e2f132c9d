//! Alert e-mails in French: the subject, the plain-text body and the HTML body
//! (`templates/mail/alerts.html`) of a [`Digest`].

use std::sync::LazyLock;

use minijinja::value::Serde;
use minijinja::{Environment, Value, context};
use serde::Serialize;

use super::alerts::{alert_text, frequency};
use crate::alerts::Frequency;
use crate::alerts::digest::Digest;

/// An alert e-mail, ready to be queued.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertMail {
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body.
    pub html: String,
}

/// The signed links of one supplier's e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailLinks {
    /// The one-click unsubscription link.
    pub unsubscribe: String,
    /// The link to the page of its alert preferences.
    pub preferences: String,
}

/// One lot in the HTML body: its heading and its lines.
#[derive(Serialize)]
struct Item {
    heading: String,
    lines: Vec<String>,
}

/// The subject of a digest.
pub fn subject(digest: &Digest) -> String {
    let n = digest.alerts.len();
    let lots = if n == 1 { "1 lot".to_string() } else { format!("{n} lots") };
    match digest.frequency {
        Frequency::Daily => format!("Vos alertes du jour : {lots} pour vous"),
        Frequency::Weekly => format!("Vos alertes de la semaine : {lots} pour vous"),
        Frequency::Each | Frequency::Paused => match digest.alerts.first() {
            Some(a) if n == 1 => format!("Nouvel avis pour vous : {}", a.title),
            Some(a) => format!("Nouvel avis pour vous : {} ({lots})", a.notice_title.as_deref().unwrap_or(&a.title)),
            None => "Alertes".to_string(),
        },
    }
}

fn intro(digest: &Digest) -> String {
    match digest.alerts.len() {
        1 => "Un lot d'un marché public publié correspond à votre structure :".to_string(),
        n => format!("{n} lots de marchés publics publiés correspondent à votre structure :"),
    }
}

fn footer(digest: &Digest) -> String {
    format!(
        "Vous recevez ce courriel parce que {} (SIRET {}) figure dans le catalogue essor des structures de \
         l'économie sociale et solidaire. Fréquence choisie : {}.",
        digest.name,
        digest.siret,
        frequency(digest.frequency)
    )
}

/// The e-mail templates, compiled once.
static TEMPLATES: LazyLock<Result<Environment<'static>, minijinja::Error>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.add_template("alerts.html", include_str!("../../templates/mail/alerts.html"))?;
    Ok(env)
});

const UNSUBSCRIBE: &str = "Ne plus recevoir d'alertes";
const PREFERENCES: &str = "Choisir mes alertes (fréquence, zones, métiers, montant)";

/// The e-mail of a digest, with its supplier's signed links.
pub fn alert_mail(digest: &Digest, links: &MailLinks) -> Result<AlertMail, minijinja::Error> {
    let subject = subject(digest);
    let greeting = format!("Bonjour {},", digest.name);
    let blocks: Vec<String> = digest.alerts.iter().map(alert_text).collect();
    let mut text = format!("{greeting}\n\n{}\n\n", intro(digest));
    for block in &blocks {
        text.push_str(block);
        text.push('\n');
    }
    text.push_str(&format!(
        "-- \n{}\n{PREFERENCES} : {}\n{UNSUBSCRIBE} : {}\n",
        footer(digest),
        links.preferences,
        links.unsubscribe
    ));
    let items: Vec<Item> = blocks
        .iter()
        .map(|block| {
            let mut lines = block.lines().map(|l| l.trim().trim_start_matches(['•', '-']).trim().to_string());
            let heading = lines.next().unwrap_or_default();
            Item { heading, lines: lines.filter(|l| !l.is_empty()).collect() }
        })
        .collect();
    let env =
        TEMPLATES.as_ref().map_err(|e| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e.to_string()))?;
    let html = env.get_template("alerts.html")?.render(context! {
        subject => &subject,
        greeting => greeting,
        intro => intro(digest),
        items => Value::from(Serde(&items)),
        footer => footer(digest),
        unsubscribe_url => &links.unsubscribe,
        unsubscribe_label => UNSUBSCRIBE,
        preferences_url => &links.preferences,
        preferences_label => PREFERENCES,
    })?;
    Ok(AlertMail { subject, text, html })
}

/// Where the alerts stand, as text (`essor alerts status`).
pub fn status_text(s: &crate::alerts::service::AlertStatus) -> String {
    format!(
        "Alertes : {} enregistrée(s), {} en attente d'envoi, {} portée(s) par un courriel.\n{}",
        s.recorded,
        s.waiting,
        s.queued,
        super::mail::summary_text(&s.mail)
    )
}

/// What `essor alerts send` did, as text.
pub fn send_text(o: &crate::usecase::AlertSendOutcome, dry_run: bool) -> String {
    let verb = if dry_run { "seraient mis en file (essai : rien n'est écrit)" } else { "mis en file d'envoi" };
    let mut out = format!(
        "{} courriel(s) {verb} pour {} fournisseur(s), portant {} alerte(s) ; {} alerte(s) attendaient un envoi.\n",
        o.mails, o.suppliers, o.alerts, o.waiting
    );
    if o.withdrawn > 0 {
        let verb = if dry_run { "seraient retirées" } else { "retirées" };
        out.push_str(&format!(
            "{} alerte(s) {verb} sans envoi : marché attribué, lot supprimé par un rectificatif ou date limite passée.\n",
            o.withdrawn
        ));
    }
    if !o.bad_addresses.is_empty() {
        out.push_str(&format!(
            "Adresse e-mail inutilisable dans la fiche de : {} (leurs alertes attendent).\n",
            o.bad_addresses.join(", ")
        ));
    }
    if !dry_run && o.mails > 0 {
        out.push_str("Les courriels partent avec « essor mail send » (ou « essor serve » avec --smtp-url).\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alerts::Alert;

    fn alert(procedure: &str, title: &str) -> Alert {
        serde_json::from_value(serde_json::json!({
            "siret": "99400000000004", "supplier_name": "Petit Ménage", "procedure_id": procedure,
            "notice_id": "700101-2026", "lot_id": "LOT-0001", "title": title, "notice_title": null,
            "buyer": "Commune <Massy>", "departments": ["91"], "value_eur": 400000.0, "deadline": null,
            "reservation": null, "eligible_under": null, "relevance": "stated", "rank": 2, "why": [],
            "link": null, "too_large_alone": null, "partners": []
        }))
        .unwrap()
    }

    #[test]
    fn a_digest_says_every_lot_in_both_bodies_with_the_link_and_escapes_the_html() {
        let digest = Digest {
            siret: "99400000000004".into(),
            name: "Petit Ménage".into(),
            email: "aci@x.fr".into(),
            frequency: Frequency::Weekly,
            alerts: vec![alert("p1", "Nettoyage des écoles"), alert("p2", "Vitrerie des gymnases")],
        };
        let links = MailLinks {
            unsubscribe: "https://essor.test/desinscription/t".into(),
            preferences: "https://essor.test/alertes/p".into(),
        };
        let mail = alert_mail(&digest, &links).unwrap();
        assert_eq!(mail.subject, "Vos alertes de la semaine : 2 lots pour vous");
        for body in [&mail.text, &mail.html] {
            assert!(body.contains("Nettoyage des écoles") && body.contains("Vitrerie des gymnases"), "{body}");
        }
        assert!(mail.text.contains("https://essor.test/desinscription/t"), "{}", mail.text);
        assert!(mail.text.contains("https://essor.test/alertes/p"), "{}", mail.text);
        assert!(mail.html.contains("href=\"https:&#x2f;&#x2f;essor.test&#x2f;alertes&#x2f;p\""), "{}", mail.html);
        // Attribute values are escaped whole (`/` too), which browsers and mail readers decode.
        assert!(
            mail.html.contains("href=\"https:&#x2f;&#x2f;essor.test&#x2f;desinscription&#x2f;t\""),
            "{}",
            mail.html
        );
        assert!(mail.html.contains("Commune &lt;Massy&gt;") && !mail.html.contains("<Massy>"), "{}", mail.html);
        let one = Digest { frequency: Frequency::Each, alerts: vec![alert("p1", "Nettoyage des écoles")], ..digest };
        assert_eq!(subject(&one), "Nouvel avis pour vous : Nettoyage des écoles");
    }
}
