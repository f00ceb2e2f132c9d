//! Small French formatting helpers shared by the CLI and the pages.

/// A distance the French way: "3,2 km".
pub fn km(distance: f64) -> String {
    format!("{distance:.1} km").replace('.', ",")
}

/// The text cut at `max` characters on a word boundary, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let end = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_km_and_shortens() {
        assert_eq!(km(3.24), "3,2 km");
        assert_eq!(shorten("un deux trois", 8), "un deux…");
        assert_eq!(shorten("court", 8), "court");
    }
}
