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

/// A file-system error in French, for the kinds a user can fix (a missing file, a folder given for a
/// file, a permission, a full disk, text that is not UTF-8); the system's own words otherwise.
pub fn io_error(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "fichier ou dossier introuvable".to_string(),
        ErrorKind::PermissionDenied => "accès refusé".to_string(),
        ErrorKind::IsADirectory => "c'est un dossier, pas un fichier".to_string(),
        ErrorKind::NotADirectory => "un élément du chemin n'est pas un dossier".to_string(),
        ErrorKind::StorageFull => "disque plein".to_string(),
        ErrorKind::ReadOnlyFilesystem => "système de fichiers en lecture seule".to_string(),
        ErrorKind::AddrInUse => "adresse déjà utilisée par un autre programme".to_string(),
        ErrorKind::InvalidData => "le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8".to_string(),
        _ => error.to_string(),
    }
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

    #[test]
    fn system_errors_are_said_in_french() {
        let missing = std::fs::read_to_string("/no/such/essor/file").unwrap_err();
        assert_eq!(io_error(&missing), "fichier ou dossier introuvable");
        let folder = std::fs::read_to_string(std::env::temp_dir()).unwrap_err();
        assert_eq!(io_error(&folder), "c'est un dossier, pas un fichier");
        let other = std::io::Error::other("panne");
        assert_eq!(io_error(&other), "panne");
    }
}
