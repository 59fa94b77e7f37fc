//! The report's vocabulary: [`Finding`] and [`Severity`] here; [`Rule`] in `rule.rs`,
//! [`Code`] in `code.rs`, [`Path`] in `path.rs`, [`Location`] in `location.rs`.

mod code;
mod hint;
mod location;
mod path;
mod rule;

pub use code::{Code, UnknownCode};
pub use hint::Hint;
pub(crate) use location::location_at;
pub use location::{Location, Place};
pub use path::Path;
pub use rule::{Rule, UnknownRule, CONTEXT_RULES};
pub(crate) use rule::{RuleSet, NEEDS_LOAD_BALANCER, NEEDS_SERVERS};

use std::borrow::Cow;
use std::fmt;

use crate::text::{WriteAbout, WriteMessage};

/// Whether a finding stops the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The API would reject the request.
    Error,
    /// The API accepts the request, but the caller most likely did not mean it.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// `error` or `warning`, as the human report writes it.
impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing the checker found: a code, the rule it enforces, where, and a message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Finding {
    code: Code,
    path: Path,
    /// A fixed message is kept without an allocation.
    message: Cow<'static, str>,
    /// Boxed: most findings are never located, and a finding stays small.
    place: Option<Box<Place>>,
    hint: Option<Hint>,
}

impl Finding {
    /// A finding with this code at this path.
    pub fn new(code: Code, path: Path, message: impl Into<String>) -> Finding {
        Finding {
            code,
            path,
            message: Cow::Owned(message.into()),
            place: None,
            hint: None,
        }
    }

    /// A finding whose message is fixed text: kept without an allocation.
    pub(crate) fn fixed(code: Code, path: Path, message: &'static str) -> Finding {
        Finding {
            code,
            path,
            message: Cow::Borrowed(message),
            place: None,
            hint: None,
        }
    }

    /// A finding whose message is that of `error`, judged in place, about `text`: fixed text
    /// without an allocation, any other written straight into its `String`.
    pub(crate) fn of_error_about<E: WriteMessage + WriteAbout>(
        code: Code,
        path: Path,
        error: &E,
        text: &str,
    ) -> Finding {
        match error.fixed_message() {
            Some(message) => Finding::fixed(code, path, message),
            None => Finding::new(code, path, error.message_about(text)),
        }
    }

    /// A finding whose message is `error`'s: fixed text without an allocation, any other
    /// written straight into its `String`.
    pub(crate) fn of_error(code: Code, path: Path, error: &impl WriteMessage) -> Finding {
        match error.fixed_message() {
            Some(message) => Finding::fixed(code, path, message),
            None => Finding::new(code, path, error.message()),
        }
    }

    /// The same finding, at `place` in the text that was checked.
    pub fn with_place(self, place: Option<Place>) -> Finding {
        Finding {
            place: place.map(Box::new),
            ..self
        }
    }

    /// The same finding with this hint.
    pub(crate) fn with_hint(self, hint: Hint) -> Finding {
        Finding {
            hint: Some(hint),
            ..self
        }
    }

    /// Where its value lies in the text that was checked, when it has been located.
    pub fn place(&self) -> Option<&Place> {
        self.place.as_deref()
    }

    /// Where its value starts in the text that was checked, when it has been located.
    pub fn location(&self) -> Option<Location> {
        self.place.as_deref().map(Place::start)
    }

    /// What the rule knows beside its message, for a program to act on: the field an unknown
    /// key is close to (R5), the item a repeat repeats (R17, R33), how to go on (R4).
    pub fn hint(&self) -> Option<&Hint> {
        self.hint.as_ref()
    }

    /// The stable code.
    pub fn code(&self) -> Code {
        self.code
    }

    /// The rule the finding enforces.
    pub fn rule(&self) -> Rule {
        self.code.rule()
    }

    /// Error or warning.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// Where in the request.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What was found and what was expected, lower-case, without a trailing period.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// A finding is an error value too, so that `?` can carry it into `Box<dyn Error>`.
impl std::error::Error for Finding {}

impl fmt::Display for Finding {
    /// One line, rustc-style: `error[InvalidWeight.Malformed] BackendServers[1].Weight: weight
    /// 101 is above the maximum 100 (R7)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.severity(), self.code)?;
        if self.path != Path::Root {
            write!(f, " {}", self.path)?;
        }
        write!(f, ": {} ({})", self.message, self.rule())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finding_prints_rustc_style() {
        let f = Finding::new(
            Code::InvalidWeightMalformed,
            Path::field(1, "Weight"),
            "weight 101 is above the maximum 100",
        );
        assert_eq!(
            f.to_string(),
            "error[InvalidWeight.Malformed] BackendServers[1].Weight: weight 101 is above the maximum 100 (R7)"
        );
    }
}
