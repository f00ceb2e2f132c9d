//! SIRET and SIREN identifiers: 14 and 9 digits, checked with the Luhn algorithm.
//!
//! La Poste is the one known exception: its establishments (SIREN `356000000`) carry SIRETs whose
//! digit sum is a multiple of 5 rather than Luhn-valid numbers.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// SIREN of La Poste, whose establishments follow the sum-of-digits rule.
const LA_POSTE_SIREN: &str = "356000000";

/// Why a string is not a valid SIRET.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SiretError {
    /// Not exactly 14 digits (spaces are tolerated and removed).
    #[error("« {0} » n'est pas un SIRET : 14 chiffres attendus")]
    Format(String),
    /// 14 digits, but the check digit is wrong.
    #[error("SIRET « {0} » invalide : la clé de contrôle (Luhn) est fausse")]
    Checksum(String),
}

/// A validated SIRET (establishment identifier).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Siret(String);

impl Siret {
    /// Parses a SIRET, tolerating inner spaces ("807 469 317 00018").
    pub fn parse(input: &str) -> Result<Self, SiretError> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 14 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SiretError::Format(input.trim().to_string()));
        }
        let valid = if digits.starts_with(LA_POSTE_SIREN) {
            digit_sum(&digits).is_multiple_of(5) || luhn_valid(&digits)
        } else {
            luhn_valid(&digits)
        };
        if valid { Ok(Siret(digits)) } else { Err(SiretError::Checksum(digits)) }
    }

    /// The 14 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The SIREN: the legal unit the establishment belongs to (first 9 digits).
    pub fn siren(&self) -> &str {
        &self.0[..9]
    }
}

impl fmt::Display for Siret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Siret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Siret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Siret::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// True when the string of digits passes the Luhn check.
pub fn luhn_valid(digits: &str) -> bool {
    luhn_sum(digits, 1).is_multiple_of(10)
}

/// The Luhn sum of the digits, doubling every second digit from the right starting at position
/// `first_doubled` (0 = the rightmost digit).
fn luhn_sum(digits: &str, first_doubled: usize) -> u32 {
    digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == first_doubled {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum()
}

fn digit_sum(digits: &str) -> u32 {
    digits.bytes().map(|b| u32::from(b - b'0')).sum()
}

/// Completes digits with their Luhn check digit: 13 digits give a SIRET, 8 a SIREN (used by the
/// fixture generator).
pub fn with_luhn_digit(prefix13: &str) -> String {
    // Once the check digit is appended, the prefix's last digit becomes the first doubled one.
    let check = (10 - luhn_sum(prefix13, 0) % 10) % 10;
    let mut full = String::with_capacity(prefix13.len() + 1);
    full.push_str(prefix13);
    full.push(char::from_digit(check, 10).unwrap_or('0'));
    full
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_siret_and_gives_siren() {
        let s = Siret::parse("807 469 317 00018").unwrap();
        assert_eq!(s.as_str(), "80746931700018");
        assert_eq!(s.siren(), "807469317");
    }

    #[test]
    fn rejects_bad_checksum_and_format() {
        assert!(matches!(Siret::parse("80746931700019"), Err(SiretError::Checksum(_))));
        assert!(matches!(Siret::parse("1234"), Err(SiretError::Format(_))));
        assert!(matches!(Siret::parse("8074693170001A"), Err(SiretError::Format(_))));
    }

    #[test]
    fn la_poste_uses_digit_sum_rule() {
        // Digit sum 25 (a multiple of 5) but not Luhn-valid: valid only because it is La Poste.
        let la_poste = "35600000012341";
        assert!(!luhn_valid(la_poste));
        assert!(Siret::parse(la_poste).is_ok());
        // Under another SIREN only the Luhn rule counts.
        let other = "35700000012341";
        assert_eq!(Siret::parse(other).is_ok(), luhn_valid(other));
        // Digit sum 26 and not Luhn-valid: rejected even for La Poste.
        let bad = "35600000012342";
        assert!(!luhn_valid(bad));
        assert!(Siret::parse(bad).is_err());
    }

    #[test]
    fn completes_check_digit() {
        let full = with_luhn_digit("8074693170001");
        assert_eq!(full, "80746931700018");
        assert_eq!(with_luhn_digit("80746931"), "807469317");
        for prefix in ["0", "12345678", "9999999999999", "3560000001234"] {
            let full = with_luhn_digit(prefix);
            assert!(luhn_valid(&full), "{full}");
            assert_eq!(full.len(), prefix.len() + 1);
        }
    }
}
