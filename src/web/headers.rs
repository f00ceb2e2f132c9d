//! Security headers on every answer: no sniffing of content types, no framing by another site, no
//! `Referer` (the signed links of alert e-mails carry their token in the address), a content policy that
//! allows nothing but this server's own pages and their inline styles, and no caching of the pages
//! opened from a signed link.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, HeaderName, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::middleware::Next;
use axum::response::Response;

/// The content policy: pages of this server only, inline styles (the templates' one `<style>`), no
/// script, forms posted to this server only.
const CONTENT_POLICY: &str = "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'none'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

/// The paths of the pages a signed link opens.
const LINK_PAGES: [&str; 2] = ["/alertes/", "/desinscription/"];

/// Adds the security headers to the answer (those a handler set are kept).
pub async fn security_headers(request: Request, next: Next) -> Response {
    let personal = LINK_PAGES.iter().any(|prefix| request.uri().path().starts_with(prefix));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(X_FRAME_OPTIONS, "DENY");
    set(REFERRER_POLICY, "no-referrer");
    set(CONTENT_SECURITY_POLICY, CONTENT_POLICY);
    if personal {
        set(CACHE_CONTROL, "no-store");
    }
    response
}
