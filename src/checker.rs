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
        self.judge(read_text(text, &self.reading))
    }

    /// Checks a request given as bytes (which must be UTF-8 to be a request).
    ///
    /// # Errors
    /// As [`Checker::check`].
    pub fn check_bytes(&self, bytes: &[u8]) -> Result<Report, ContextError> {
        self.judge(read_bytes(bytes, &self.reading))
    }

    /// Checks text with no facts: nothing can contradict them, so no error is possible.
    pub(crate) fn check_without_facts(&self, text: &str) -> Report {
        without_facts(read_text(text, &self.reading), &self.reading)
    }

    /// As [`Checker::check_without_facts`], for bytes.
    pub(crate) fn check_bytes_without_facts(&self, bytes: &[u8]) -> Report {
        without_facts(read_bytes(bytes, &self.reading), &self.reading)
    }

    /// The report on a request as read (or on why it could not be).
    fn judge(&self, read: Result<RawRequest<'_>, Finding>) -> Result<Report, ContextError> {
        let Some(context) = self.context.filter(|c| !c.is_empty()) else {
            return Ok(without_facts(read, &self.reading));
        };
        match read {
            Ok(raw) => rules::validate_in(&raw, context, &self.reading),
            Err(finding) => Ok(rules::malformed_in(finding, context)),
        }
    }
}

fn without_facts(read: Result<RawRequest<'_>, Finding>, reading: &Reading) -> Report {
    match read {
        Ok(raw) => rules::validate(&raw, reading),
        Err(finding) => rules::malformed(finding),
    }
}

/// Bytes as a request: within the size limit (checked first, so that a huge input costs
/// nothing more), then UTF-8, then as [`read_text`].
fn read_bytes<'a>(bytes: &'a [u8], reading: &Reading) -> Result<RawRequest<'a>, Finding> {
    if bytes.len() > reading.limits.max_document_bytes {
        return Err(too_large(bytes.len(), &reading.limits));
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
    read_text(text, reading)
}

/// Text as a request: within the size limit, without a byte-order mark, then read.
fn read_text<'a>(text: &'a str, reading: &Reading) -> Result<RawRequest<'a>, Finding> {
    let limits = &reading.limits;
    if text.len() > limits.max_document_bytes {
        return Err(too_large(text.len(), limits));
    }
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
