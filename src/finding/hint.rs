//! [`Hint`]: what a rule knows beside a finding's message, as data.

/// What a rule knows beside a finding's message, for a program (or the report's renderer) to
/// act on, so that no one reads meaning out of the message's words.
///
/// ```
/// use clb_preflight::finding::Hint;
/// let report = clb_preflight::check(
///     r#"{"LoadBalancerId":"lb-1","BackendServers":"[{\"ServerId\":\"i-1\",\"Wieght\":\"5\"}]"}"#,
/// );
/// let hint = report.warnings()[0].hint();
/// assert_eq!(hint, Some(&Hint::DidYouMean { field: "Weight" }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Hint {
    /// R5: an unknown key close to this field (a small edit distance, or equal but for letter
    /// case and separators): probably a misspelling of it.
    DidYouMean {
        /// The field.
        field: &'static str,
    },
    /// R17 (the planner's R33): the item repeats item `index` of the same list.
    Repeats {
        /// The index of the item it repeats.
        index: usize,
    },
    /// R4: too many servers for one call: split them into calls of at most `max`, or let the
    /// planner make the calls.
    Split {
        /// The most servers one call takes.
        max: usize,
    },
}

impl Hint {
    /// How to go on, lower-case: the JSON report's `"help"`.
    pub fn help(&self) -> String {
        match self {
            Hint::DidYouMean { field } => format!("did you mean {}?", crate::text::Shown(field)),
            Hint::Repeats { index } => {
                format!("the first of them, BackendServers[{index}], is the one used")
            }
            Hint::Split { max } => format!(
                "split the servers into calls of at most {max}, or let clb-preflight plan make the calls"
            ),
        }
    }
}
