//! [`Checker`]: a check with chosen [`Limits`] and, optionally, facts about the load balancer.

use crate::context::{Context, ContextError};
use crate::finding::{Code, Finding, Path};
use crate::limits::Limits;
use crate::report::Report;
use crate::rules::{self, Reading};
use crate::wire::RawRequest;

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
    reading: Reading,
    context: Option<&'c Context>,
}

impl<'c> Checker<'c> {
    /// A checker with the default limits and no facts.
    pub fn new() -> Checker<'c> {
        Checker::default()
    }

    /// The same checker with these limits.
    pub fn with_limits(self, limits: Limits) -> Checker<'c> {
        Checker {
            reading: Reading {
                limits,
                ..self.reading
            },
            ..self
        }
    }

    /// The same checker, reading through serde_json alone: the reference path that the fast
    /// path is tested against (differential tests and fuzzing). Same reports, slower.
    #[doc(hidden)]
    pub fn reference_path(self) -> Checker<'c> {
        Checker {
            reading: Reading {
                reference: true,
                ..self.reading
            },
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
        self.reading.limits
    }

    /// The report for a document of `len` bytes that is over the size limit, for a streaming
    /// reader that counted it rather than keep it (the same report [`Checker::check_bytes`]
    /// gives for such a document).
    pub fn oversized(&self, len: usize) -> Report {
        let finding = too_large(len, &self.reading.limits);
        match self.context.filter(|c| !c.is_empty()) {
            None => rules::malformed(finding),
            Some(context) => rules::malformed_in(finding, context),
        }
    }

    /// Checks a request given as text.
    ///
    /// # Errors
    /// [`ContextError::LoadBalancerMismatch`] when the load balancer's facts are about another
    /// load balancer than the request's.
    pub fn check(&self, text: &str) -> Result<Report, ContextError> {
        self.check_bytes(text.as_bytes())
    }

    /// Checks a request given as bytes (which must be UTF-8 to be a request).
    ///
    /// # Errors
    /// As [`Checker::check`].
    pub fn check_bytes(&self, bytes: &[u8]) -> Result<Report, ContextError> {
        let Some(context) = self.context.filter(|c| !c.is_empty()) else {
            return Ok(self.check_without_facts(bytes));
        };
        match read(bytes, &self.reading) {
            Ok(raw) => rules::validate_in(&raw, context, &self.reading),
            Err(finding) => Ok(rules::malformed_in(finding, context)),
        }
    }

    /// Checks a request with no facts: nothing can contradict them, so no error is possible.
    pub(crate) fn check_without_facts(&self, bytes: &[u8]) -> Report {
        match read(bytes, &self.reading) {
            Ok(raw) => rules::validate(&raw, &self.reading),
            Err(finding) => rules::malformed(finding),
        }
    }
}

/// The request as read, or the finding saying why it is not one.
fn read<'a>(bytes: &'a [u8], reading: &Reading) -> Result<RawRequest<'a>, Finding> {
    let limits = &reading.limits;
    if bytes.len() > limits.max_document_bytes {
        return Err(too_large(bytes.len(), limits));
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
    if text.starts_with('\u{feff}') {
        return Err(Finding::new(
            Code::MalformedRequest,
            Path::Root,
            "the request starts with a byte-order mark (U+FEFF); expected it without one",
        ));
    }
    if reading.reference {
        RawRequest::parse_reference(text)
    } else {
        RawRequest::parse(text)
    }
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
