//! The pages in a real browser: headless Chromium driven through ChromeDriver (WebDriver) against
//! `essor serve` on a free loopback port, as a person would use them. Skipped when the browser is not
//! installed (`apt-get install chromium chromium-driver`), unless `ESSOR_BROWSER_SUITE=1` asks for it:
//! `.ci/run` installs the browser and runs this suite.

// Tests may unwrap: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;
mod support;

use std::sync::{Mutex, MutexGuard};

use common::{LINK_SECRET, Sandbox, alert_suppliers, assert_contains, signed_path};
use essor::alerts::links::LinkPurpose;
use support::webdriver::Browser;

/// Petit Ménage Palaiseau: cleaning ACI of Palaiseau (91).
const ACI: &str = "99400000000004";

/// One browser at a time: each is a heavy process, and the machine may have two cores.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A browser, held alone, or `None` (the suite skipped) when none is installed and the suite was not
/// asked for.
fn browser() -> Option<(MutexGuard<'static, ()>, Browser)> {
    if Browser::available() {
        let alone = ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        return Some((alone, Browser::start()));
    }
    assert!(
        std::env::var_os("ESSOR_BROWSER_SUITE").is_none(),
        "ESSOR_BROWSER_SUITE is set but chromium or chromedriver is missing"
    );
    eprintln!("browser suite skipped: chromium and chromedriver are not installed");
    None
}

/// A data folder with the cleaning suppliers of the Essonne, served with alert links.
fn served() -> (Sandbox, common::Server) {
    let sb = alert_suppliers();
    let server = sb.serve(&["--no-example", "--link-secret", LINK_SECRET]);
    (sb, server)
}

/// The address of a link of the e-mails of the supplier, valid for an hour.
fn link(server: &common::Server, page: &str, purpose: LinkPurpose) -> String {
    let expires = jiff::Timestamp::now().as_second() + 3600;
    format!("http://127.0.0.1:{}{}", server.port, signed_path(page, ACI, purpose, expires))
}

fn stored(sb: &Sandbox) -> String {
    sb.essor_ok(&["alerts", "preferences", ACI, "--format", "json"])
}

#[test]
fn a_buyer_searches_the_catalogue_from_the_home_page() {
    let Some((_alone, browser)) = browser() else { return };
    let (_sb, server) = served();
    browser.goto(&format!("http://127.0.0.1:{}/", server.port));
    browser.fill("#q", "nettoyage");
    browser.click("form.search button");
    let page = browser.wait_for_text("Petit Ménage Palaiseau");
    assert_contains(&page, "Propreté Solidaire Massy");
    assert!(!page.contains("Les Cuisines du Vercors"), "a catering ESAT is no cleaner:\n{page}");
    assert!(!page.contains('@'), "no e-mail address on a public page:\n{page}");
    assert!(browser.url().contains("q=nettoyage"), "{}", browser.url());
    assert_eq!(browser.value("#q"), "nettoyage", "the search stays in its field");
}

#[test]
fn a_supplier_changes_its_alerts_from_the_link_of_its_e_mails() {
    let Some((_alone, browser)) = browser() else { return };
    let (sb, server) = served();
    browser.goto(&link(&server, "alertes", LinkPurpose::Preferences));
    browser.wait_for_text("Vos alertes d'appels d'offres");
    assert!(browser.selected("#frequency option[value=\"each\"]"));

    // A wrong département: said, kept as typed, nothing recorded.
    browser.fill("#departments", "91, 999");
    browser.click("form.preferences button");
    browser.wait_for_text("département inconnu");
    assert_eq!(browser.value("#departments"), "91, 999");
    assert_contains(&stored(&sb), "\"departments\":[]");

    browser.click("#frequency option[value=\"weekly\"]");
    browser.fill("#departments", "91, 94");
    browser.fill("#min_value", "20 000");
    browser.click("#reserved_only");
    browser.click("form.preferences button");
    browser.wait_for_text("Vos préférences sont enregistrées");
    assert!(browser.selected("#frequency option[value=\"weekly\"]"));
    assert!(browser.selected("#reserved_only"));
    assert_eq!(browser.value("#departments"), "91, 94");
    let now = stored(&sb);
    for expected in ["\"frequency\":\"weekly\"", "\"departments\":[\"91\",\"94\"]", "\"min_value_eur\":20000.0"] {
        assert_contains(&now, expected);
    }
    assert_contains(&now, "\"reserved_only\":true");
}

#[test]
fn a_supplier_stops_its_alerts_from_the_unsubscription_link() {
    let Some((_alone, browser)) = browser() else { return };
    let (sb, server) = served();
    browser.goto(&link(&server, "desinscription", LinkPurpose::Unsubscribe));
    browser.wait_for_text("Confirmez");
    assert_contains(&stored(&sb), "\"frequency\":\"each\"");
    browser.click("form button");
    browser.wait_for_text("Alertes arrêtées");
    assert_contains(&stored(&sb), "\"frequency\":\"paused\"");
}
