//! The place of a lot from what a notice publishes: NUTS codes, post codes, INSEE codes, words.

use super::model::{LotPlace, NoticeWarning};
use super::nuts::{self, NutsPlace};
use super::values::{department_of_post_code, push_unique, push_warning};

/// What a format found about a lot's place, before it is turned into territories.
#[derive(Debug, Default)]
pub struct PlaceParts {
    /// NUTS codes as published.
    pub nuts: Vec<String>,
    /// Post codes of the place of performance (not of the buyer).
    pub post_codes: Vec<String>,
    /// INSEE commune codes.
    pub communes: Vec<String>,
    /// The place in words.
    pub description: Option<String>,
}

impl PlaceParts {
    /// The lot's place: départements from the French NUTS codes (NUTS 1 and 2 expanded), else from the French
    /// post codes; a warning for a French NUTS code the NUTS 2021 table does not hold.
    pub fn into_place(self, warnings: &mut Vec<NoticeWarning>) -> LotPlace {
        let mut place = LotPlace { description: self.description, ..LotPlace::default() };
        for code in self.nuts {
            let code = code.trim().to_ascii_uppercase();
            match nuts::departments(&code) {
                NutsPlace::Departments(deps) => deps.into_iter().for_each(|d| push_unique(&mut place.departments, d)),
                NutsPlace::Unknown if code != "FRZZZ" => {
                    push_warning(warnings, NoticeWarning::UnknownNuts { code: code.clone() })
                }
                _ => {}
            }
            push_unique(&mut place.nuts, code);
        }
        for code in self.post_codes {
            let code = code.trim().to_string();
            if code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit()) {
                if (place.departments.is_empty() || place.nuts.is_empty())
                    && let Some(dep) = department_of_post_code(&code)
                {
                    push_unique(&mut place.departments, dep);
                }
                push_unique(&mut place.post_codes, code);
            }
        }
        for code in self.communes {
            let code = code.trim().to_ascii_uppercase();
            if code.len() == 5 {
                push_unique(&mut place.communes, code);
            }
        }
        place
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nuts_then_post_codes_give_departments() {
        let mut w = Vec::new();
        let parts = PlaceParts { nuts: vec!["FRK2".into(), "FR211".into()], ..PlaceParts::default() };
        let place = parts.into_place(&mut w);
        assert_eq!(place.departments.len(), 8);
        assert_eq!(w, [NoticeWarning::UnknownNuts { code: "FR211".into() }]);
        let parts = PlaceParts { post_codes: vec!["91100".into(), "B-1000".into()], ..PlaceParts::default() };
        let place = parts.into_place(&mut w);
        assert_eq!((place.departments, place.post_codes), (vec!["91".to_string()], vec!["91100".to_string()]));
    }
}
