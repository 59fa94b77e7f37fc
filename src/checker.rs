//! [`Checker`]: the one path from input to [`Report`]: the limits gate, then reading, the rules,
//! the diff and the report, in that order. Every public way to check a request goes through it.

use crate::call::{MemberCall, MemberCallBuilder};
use std::sync::Arc;

use crate::context::{Context, ContextError, Member, Scope};
use crate::diff::Diff;
use crate::finding::{Code, Finding, Path, RuleSet};
use crate::limits::Limits;
use crate::report::place_findings;
use crate::report::Report;
use crate::rules::{self, Outcome};
use crate::types::Action;
use crate::wire::{self, Places, RawRequest, Reader};

/// A configured check: the limits, and optionally facts about the load balancer.
/// [`crate::check`] and [`crate::check_with`] are this with the default limits.
///
/// Without facts a check cannot fail: [`Checker::check`] gives a [`Report`]. With facts
/// ([`Checker::with_context`]) it gives `Result<Report, ContextError>`, since the facts may be
/// about another load balancer than the request's.
///
/// ```
/// use clb_preflight::limits::Limits;
/// use clb_preflight::{Checker, Context};
/// let checker = Checker::new().with_limits(Limits::default().with_max_findings(20));
/// let text = r#"{"LoadBalancerId":"lb-1","BackendServers":"[{\"ServerId\":\"i-1\"}]"}"#;
/// assert!(checker.check(text).is_valid());
///
/// let context = Context::new();
/// let report = checker.with_context(&context).check(text)?;
/// assert!(report.is_valid());
/// # Ok::<(), clb_preflight::ContextError>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Checker<F = NoFacts> {
    limits: Limits,
    reader: Reader,
    facts: F,
}

/// A [`Checker`] without facts: its checks cannot fail.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFacts;

/// A [`Checker`] with facts about the load balancer and the servers.
#[derive(Debug, Clone, Copy)]
pub struct WithFacts<'c>(&'c Context);

impl Checker {
    /// A checker with the default limits and no facts.
    pub fn new() -> Checker {
        Checker::default()
    }

    /// The same checker with these facts.
    pub fn with_context(self, context: &Context) -> Checker<WithFacts<'_>> {
        Checker {
            limits: self.limits,
            reader: self.reader,
            facts: WithFacts(context),
        }
    }

    /// Checks a request given as text.
    pub fn check(&self, text: &str) -> Report {
        without_facts(&self.read_text(text), &self.limits)
    }

    /// Checks a request given as bytes (which must be UTF-8 to be a request).
    pub fn check_bytes(&self, bytes: &[u8]) -> Report {
        without_facts(&self.read_bytes(bytes), &self.limits)
    }
}

impl Checker<WithFacts<'_>> {
    /// Checks a request given as text.
    ///
    /// # Errors
    /// [`ContextError::LoadBalancerMismatch`] when the load balancer's facts are about another
    /// load balancer than the request's.
    pub fn check(&self, text: &str) -> Result<Report, ContextError> {
        self.judge(&self.read_text(text))
    }

    /// Checks a request given as bytes (which must be UTF-8 to be a request).
    ///
    /// # Errors
    /// As [`Checker::check`].
    pub fn check_bytes(&self, bytes: &[u8]) -> Result<Report, ContextError> {
        self.judge(&self.read_bytes(bytes))
    }

    /// The report on a request as read (or on why it could not be).
    pub(crate) fn judge(&self, read: &Read<'_>) -> Result<Report, ContextError> {
        let context = self.facts.0;
        if context.is_empty() {
            return Ok(without_facts(read, &self.limits));
        }
        let outcome = match read {
            Ok(raw) => rules::validate_in(raw, context, &self.limits)?,
            Err((finding, bom)) => rules::malformed(finding.clone(), *bom, Some(context)),
        };
        Ok(report(outcome, Some(context)))
    }
}

impl<F: Facts> Checker<F> {
    /// The same checker with these limits.
    #[must_use]
    pub fn with_limits(self, limits: Limits) -> Checker<F> {
        Checker { limits, ..self }
    }

    /// The same checker, reading through serde_json alone: the reference path that the fast
    /// path is tested against (differential tests and fuzzing). Same reports, slower.
    #[doc(hidden)]
    #[must_use]
    pub fn reference_path(self) -> Checker<F> {
        Checker {
            reader: Reader::Reference,
            ..self
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The report for a document of `len` bytes that is over the size limit, for a streaming
    /// reader that counted it rather than keep it (the same report `check_bytes` gives for such
    /// a document).
    pub fn oversized(&self, len: usize) -> Report {
        let facts = self.facts.context().filter(|c| !c.is_empty());
        let outcome = rules::malformed(too_large(len, &self.limits), false, facts);
        report(outcome, facts)
    }

    /// Bytes as a request: within the size limit (checked first, so that a huge input costs
    /// nothing more), then UTF-8, then as [`Checker::read_text`].
    fn read_bytes<'a>(&self, bytes: &'a [u8]) -> Read<'a> {
        if bytes.len() > self.limits.max_document_bytes() {
            return Err((too_large(bytes.len(), &self.limits), false));
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let finding = Finding::new(
                Code::MalformedRequest,
                Path::Root,
                format!(
                    "the request is not valid UTF-8 (invalid byte at offset {}); expected UTF-8 text",
                    e.valid_up_to()
                ),
            );
            (finding, false)
        })?;
        self.read_text(text)
    }

    /// Text as a request: within the size limit, a leading byte-order mark set aside (R0 warns
    /// of it), then read.
    pub(crate) fn read_text<'a>(&self, text: &'a str) -> Read<'a> {
        if text.len() > self.limits.max_document_bytes() {
            return Err((too_large(text.len(), &self.limits), false));
        }
        let (text, bom) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (rest, true),
            None => (text, false),
        };
        let mut raw = wire::read(text, self.reader).map_err(|finding| (finding, bom))?;
        raw.byte_order_mark = bom;
        Ok(raw)
    }
}

/// What the planner's check of one call found: the findings, the rules left unchecked, and
/// the checked request when there was no error.
pub(crate) struct CallCheck {
    pub(crate) errors: Vec<Finding>,
    pub(crate) warnings: Vec<Finding>,
    pub(crate) unchecked: RuleSet,
    pub(crate) request: Option<MemberCall>,
}

/// The planner's check of one call against a simulated state: the same reading and rules as
/// [`Checker::check`], without the diff (the planner keeps its own state).
pub(crate) fn check_call(text: &str, context: &Context) -> Result<CallCheck, ContextError> {
    let checker = Checker::new().with_context(context);
    let outcome = match checker.read_text(text) {
        Ok(raw) => rules::validate_in(&raw, context, &checker.limits)?,
        Err((finding, bom)) => rules::malformed(finding, bom, Some(context)),
    };
    let request = if outcome.errors.is_empty() {
        outcome.checked.into_call()
    } else {
        None
    };
    Ok(CallCheck {
        errors: outcome.errors,
        warnings: outcome.warnings,
        unchecked: outcome.unchecked,
        request,
    })
}

/// A request as read, or why it could not be read (and whether it began with a byte-order mark).
pub(crate) type Read<'a> = Result<RawRequest<'a>, (Finding, bool)>;

/// What a [`Checker`] knows beside the request: nothing, or a [`Context`].
pub trait Facts: sealed::Sealed {
    /// The facts, if any.
    #[doc(hidden)]
    fn context(&self) -> Option<&Context>;
}

impl Facts for NoFacts {
    fn context(&self) -> Option<&Context> {
        None
    }
}

impl Facts for WithFacts<'_> {
    fn context(&self) -> Option<&Context> {
        Some(self.0)
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::NoFacts {}
    impl Sealed for super::WithFacts<'_> {}
}

/// The report on a request as read, without facts. (A document that could not be read keeps
/// its one finding, copied into the report.)
pub(crate) fn without_facts(read: &Read<'_>, limits: &Limits) -> Report {
    let outcome = match read {
        Ok(raw) => rules::validate(raw, limits),
        Err((finding, bom)) => rules::malformed(finding.clone(), *bom, None),
    };
    report(outcome, None)
}

/// The report on what the rules found: with the diff when the load balancer's facts were given,
/// and the checked request when there was no error.
fn report(outcome: Outcome, facts: Option<&Context>) -> Report {
    let checked = &outcome.checked;
    let action = checked.action;
    // A call that creates a group starts from no members.
    let no_members: Arc<[Member]> = Arc::new([]);
    let members = match action {
        Action::CreateVServerGroup | Action::CreateMasterSlaveServerGroup => {
            facts.map(|_| &no_members)
        }
        _ => facts.and_then(|c| c.listed(Scope::of(action))),
    };
    let diff = members
        .map(|members| Diff::of_call(action, members, &checked.old_servers, &checked.servers));
    let request = if outcome.errors.is_empty() {
        outcome.checked.into_call()
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
            limits.max_document_bytes()
        ),
    )
}

impl MemberCallBuilder {
    /// Checks the request with the default limits: the report the same request sent as text
    /// gets (R0 to R19).
    pub fn check(&self) -> Report {
        Checker::new().check(&self.to_json())
    }

    /// Checks the request against what `context` holds of the load balancer and the servers.
    ///
    /// # Errors
    /// [`ContextError::LoadBalancerMismatch`] when the facts are about another load balancer.
    pub fn check_with(&self, context: &Context) -> Result<Report, ContextError> {
        Checker::new().with_context(context).check(&self.to_json())
    }
}

/// A checked request is made only by a check, also when it is read back: its JSON (the API's
/// parameters, as `to_json` writes them) goes through [`Checker::check`].
impl<'de> serde::Deserialize<'de> for MemberCall {
    /// The API's parameters, checked as [`crate::check`] checks them: only a request without an
    /// error comes out (its duplicates dropped); otherwise the first error is the reason.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<MemberCall, D::Error> {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(d)?;
        let report = Checker::new().check(&value.to_string());
        match report.errors().first() {
            Some(error) => Err(serde::de::Error::custom(format!(
                "the request is invalid: {error}"
            ))),
            None => report
                .into_call()
                .ok_or_else(|| serde::de::Error::custom("the request is invalid")),
        }
    }
}

impl Checker<NoFacts> {
    /// Checks `text` and locates the findings in it: the report `self.check(text)
    /// .located(text)` gives, the same in every part, for less: where the items and their
    /// fields lie is taken from the check's own reading of the text, not walked again (batch
    /// mode locates every finding this way).
    ///
    /// ```
    /// use clb_preflight::Checker;
    /// let text = r#"{"LoadBalancerId": "lb-1", "BackendServers": [{"ServerId": "i-1", "Weight": 101}]}"#;
    /// let checker = Checker::new();
    /// let report = checker.check_located(text);
    /// assert_eq!(report, checker.check(text).located(text));
    /// assert_eq!(report.errors()[0].location().map(|l| l.column()), Some(77));
    /// ```
    pub fn check_located(&self, text: &str) -> Report {
        let read = self.read_text(text);
        let mut report = without_facts(&read, &self.limits());
        place_findings(
            report.findings_mut(),
            Places::new(text, read.as_ref().ok(), false),
            text,
        );
        report
    }
}

impl Checker<WithFacts<'_>> {
    /// Checks `text` against the facts and locates the findings in it: as
    /// [`Checker::check`] then [`Report::located`], for less (see the checker without facts).
    ///
    /// # Errors
    /// As [`Checker::check`].
    pub fn check_located(&self, text: &str) -> Result<Report, ContextError> {
        let read = self.read_text(text);
        let mut report = self.judge(&read)?;
        place_findings(
            report.findings_mut(),
            Places::new(text, read.as_ref().ok(), false),
            text,
        );
        Ok(report)
    }
}
