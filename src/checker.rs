//! [`Checker`]: the one path from input to [`Report`]: the limits gate, then reading, the rules,
//! the diff and the report, in that order. Every public way to check a request goes through it.

use crate::context::{Context, ContextError};
use crate::diff::Diff;
use crate::finding::{Code, Finding, Path};
use crate::limits::Limits;
use crate::report::Report;
use crate::rules::{self, Outcome};
use crate::wire::{self, RawRequest, Reader};

/// A configured check. [`crate::check`] and [`crate::check_with`] are this with the default
/// limits.
///
/// ```
/// use clb_preflight::{Checker, Context, Limits};
/// let context = Context::new();
/// let checker = Checker::new().with_context(&context).with_limits(Limits::default());
/// let report = checker.check(r#"{"LoadBalancerId":"lb-1","BackendServers":"[{\"ServerId\":\"i-1\"}]"}"#)?;
/// assert!(report.is_valid());
/// # Ok::<(), clb_preflight::ContextError>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Checker<'c> {
    limits: Limits,
    reader: Reader,
    context: Option<&'c Context>,
}

impl<'c> Checker<'c> {
    /// A checker with the default limits and no facts.
    pub fn new() -> Checker<'c> {
        Checker::default()
    }

    /// The same checker with these limits.
    pub fn with_limits(self, limits: Limits) -> Checker<'c> {
        Checker { limits, ..self }
    }

    /// The same checker, reading through serde_json alone: the reference path that the fast
    /// path is tested against (differential tests and fuzzing). Same reports, slower.
    #[doc(hidden)]
    pub fn reference_path(self) -> Checker<'c> {
        Checker {
            reader: Reader::Reference,
            ..self
        }
    }

    /// The same checker with these facts.
    pub fn with_context(self, context: &'c Context) -> Checker<'c> {
        Checker {
            context: Some(context),
            ..self
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The report for a document of `len` bytes that is over the size limit, for a streaming
    /// reader that counted it rather than keep it (the same report [`Checker::check_bytes`]
    /// gives for such a document).
    pub fn oversized(&self, len: usize) -> Report {
        let outcome = rules::malformed(too_large(len, &self.limits), self.facts());
        report(outcome, self.facts())
    }

    /// Checks a request given as text.
    ///
    /// # Errors
    /// [`ContextError::LoadBalancerMismatch`] when the load balancer's facts are about another
    /// load balancer than the request's.
    pub fn check(&self, text: &str) -> Result<Report, ContextError> {
        self.judge(self.read_text(text))
    }

    /// Checks a request given as bytes (which must be UTF-8 to be a request).
    ///
    /// # Errors
    /// As [`Checker::check`].
    pub fn check_bytes(&self, bytes: &[u8]) -> Result<Report, ContextError> {
        self.judge(self.read_bytes(bytes))
    }

    /// Checks text with no facts: nothing can contradict them, so no error is possible.
    pub(crate) fn check_without_facts(&self, text: &str) -> Report {
        without_facts(self.read_text(text), &self.limits)
    }

    /// As [`Checker::check_without_facts`], for bytes.
    pub(crate) fn check_bytes_without_facts(&self, bytes: &[u8]) -> Report {
        without_facts(self.read_bytes(bytes), &self.limits)
    }

    /// The facts, unless there are none.
    fn facts(&self) -> Option<&'c Context> {
        self.context.filter(|c| !c.is_empty())
    }

    /// The report on a request as read (or on why it could not be).
    fn judge(&self, read: Result<RawRequest<'_>, Finding>) -> Result<Report, ContextError> {
        let Some(context) = self.facts() else {
            return Ok(without_facts(read, &self.limits));
        };
        let outcome = match read {
            Ok(raw) => rules::validate_in(&raw, context, &self.limits)?,
            Err(finding) => rules::malformed(finding, Some(context)),
        };
        Ok(report(outcome, Some(context)))
    }

    /// Bytes as a request: within the size limit (checked first, so that a huge input costs
    /// nothing more), then UTF-8, then as [`Checker::read_text`].
    fn read_bytes<'a>(&self, bytes: &'a [u8]) -> Result<RawRequest<'a>, Finding> {
        if bytes.len() > self.limits.max_document_bytes {
            return Err(too_large(bytes.len(), &self.limits));
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            Finding::new(
                Code::MalformedRequest,
                Path::Root,
                format!(
                    "the request is not valid UTF-8 (invalid byte at offset {}); expected UTF-8 text",
                    e.valid_up_to()
                ),
            )
        })?;
        self.read_text(text)
    }

    /// Text as a request: within the size limit, without a byte-order mark, then read.
    fn read_text<'a>(&self, text: &'a str) -> Result<RawRequest<'a>, Finding> {
        if text.len() > self.limits.max_document_bytes {
            return Err(too_large(text.len(), &self.limits));
        }
        if text.starts_with('\u{feff}') {
            return Err(Finding::new(
                Code::MalformedRequest,
                Path::Root,
                "the request starts with a byte-order mark (U+FEFF); expected it without one",
            ));
        }
        wire::read(text, self.reader)
    }
}

fn without_facts(read: Result<RawRequest<'_>, Finding>, limits: &Limits) -> Report {
    let outcome = match read {
        Ok(raw) => rules::validate(&raw, limits),
        Err(finding) => rules::malformed(finding, None),
    };
    report(outcome, None)
}

/// The report on what the rules found: with the diff when the load balancer's facts were given,
/// and the checked request when there was no error.
fn report(outcome: Outcome, facts: Option<&Context>) -> Report {
    let diff = facts
        .and_then(Context::load_balancer)
        .map(|lb| Diff::new(&lb.members, &outcome.checked.servers));
    let request = if outcome.errors.is_empty() {
        outcome.checked.into_request()
    } else {
        None
    };
    Report::new(
        outcome.errors,
        outcome.warnings,
        outcome.unchecked,
        request,
        diff,
    )
}

fn too_large(len: usize, limits: &Limits) -> Finding {
    Finding::new(
        Code::RequestTooLarge,
        Path::Root,
        format!(
            "the request is {len} bytes; expected at most {}",
            limits.max_document_bytes
        ),
    )
}
