//! Whose an error is: every error of the engine says whether the user can fix it (bad input) or not
//! (a failing disk, database or index; a bug), so that the edges convert it once — exit status 2 or
//! HTTP 4xx naming the field for the first, exit status 1 or HTTP 500 for the second.

/// Who has to act on an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blame {
    /// Bad input, which the user can fix; nothing was changed.
    User {
        /// The field, parameter, or file line at fault, as the JSON API and the files spell it
        /// (`place.department`, `offset`, `lots[1].cpv[0]`), when one is.
        field: Option<String>,
    },
    /// Anything else: the user can only try again later.
    Internal,
}

impl Blame {
    /// Bad input at `field`.
    pub fn user(field: impl Into<String>) -> Blame {
        Blame::User { field: Some(field.into()) }
    }

    /// Bad input that no single field carries.
    pub fn user_without_field() -> Blame {
        Blame::User { field: None }
    }

    /// True for bad input.
    pub fn is_user(&self) -> bool {
        matches!(self, Blame::User { .. })
    }

    /// The field at fault, for bad input that names one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Blame::User { field } => field.as_deref(),
            Blame::Internal => None,
        }
    }
}

/// An error that knows whose it is. Its `Display` is the French message shown to the user.
pub trait Classified: std::error::Error {
    /// Whose the error is.
    fn blame(&self) -> Blame;
}
