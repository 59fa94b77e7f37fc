//! Checks an Alibaba Cloud Classic Load Balancer `AddBackendServers` request (API version
//! 2014-05-15) before it is sent.
//!
//! The live API rejects a bad request only after a round trip, with terse codes, and silently
//! drops some mistakes. This crate answers first: is the request valid, what exactly will the API
//! act on, and why not. It is pure: no I/O, no network, no global state.
//!
//! Data flows one way: text → the limits → a reader (the parameters as sent) → the rules →
//! the diff → [`Report`] (every [`Finding`], errors and warnings apart, and the checked
//! [`MemberCall`] when there is no error). [`Checker`] is that path; every function below is a
//! [`Checker`] with its defaults.
//!
//! ```
//! let report = clb_preflight::check(r#"{
//!     "LoadBalancerId": "lb-2ze7o5h52g02kkzze7lru",
//!     "BackendServers": "[{\"ServerId\":\"i-2zej4lxhjoq1icuo9x1z\",\"Weight\":\"101\"}]"
//! }"#);
//! assert!(!report.is_valid());
//! let error = &report.errors()[0];
//! assert_eq!(error.code().as_str(), "InvalidWeight.Malformed");
//! assert_eq!(error.path().to_string(), "BackendServers[0].Weight");
//! assert_eq!(error.message(), "weight 101 is above the maximum 100");
//! ```
//!
//! With facts about the load balancer and the servers (the API's own Describe responses, read
//! into a [`Context`]), [`check_with`] also applies the context rules and gives a
//! [`Diff`](diff::Diff) of what the call will change. A [`Checker`] sets the
//! [`Limits`](limits::Limits) that keep hostile input cheap. [`plan()`] takes the members from
//! what they are to what they should be.
//!
//! The root holds the headline; the rest lives in modules named for their concept:
//! [`types`] (the value types and their errors), [`finding`] (locations, the code and rule
//! errors), [`context`] (facts), [`diff`], [`plan`](mod@plan) (the planner's options and steps), [`live`]
//! (the live API's error codes), [`limits`], [`identity`], [`call`], [`checker`].
//!
//! The rules and their codes, with the decision and the evidence behind each, are in the rule
//! book: [`rule_book`] (`RULEBOOK.md` in the repository and the package).

#![forbid(unsafe_code)]

// The layers, lowest first, one group each: a file uses only the layers above its own (checked
// by `tests/layers.rs`).

// Leaves: bounds, word-at-a-time search, safe text.
pub mod limits;
mod swar;
mod text;

// The value types, and the names of the fields.
pub mod types;

// The report's vocabulary: codes, rules, paths, findings.
pub mod finding;

// The live API's error codes, by what to do about them.
pub mod live;

// Which servers count as the same.
pub mod identity;

// The checked call: data only.
pub mod call;

// Reading the wire forms into the read model; writing them; where a value lies in the text.
mod wire;

// Facts about the load balancer and the servers.
pub mod context;

// The rules: read model and facts in, findings out.
mod rules;

// What the call will change.
pub mod diff;

// The report and its JSON contract.
pub mod report;

// The one path: limits, read, rules, diff, report.
pub mod checker;

// The planner: desired members to the fewest valid calls.
pub mod plan;

// The one renderer of human text: reports and plans, from their data.
pub mod render;

// The rule book: documentation only.
pub mod rule_book;

pub use call::{BackendServer, BackendServerBuilder, MemberCall, MemberCallBuilder};
pub use checker::Checker;
pub use context::{Context, ContextError};
pub use finding::{Code, Finding, Path, Rule, Severity};
pub use plan::{plan, Plan};
pub use report::Report;
pub use types::{
    Action, Description, LoadBalancerId, Port, RegionId, ServerId, ServerIp, ServerType, Weight,
};

/// Checks a request given as text, in either form: a JSON object of API parameters or an RPC
/// query string (told apart by content), with the default [`Limits`](limits::Limits).
///
/// A text that is neither gives a report with one `MalformedRequest` error.
pub fn check(text: &str) -> Report {
    Checker::new().check(text)
}

/// Checks a request given as bytes: as [`check`], after making sure they are UTF-8.
pub fn check_bytes(bytes: &[u8]) -> Report {
    Checker::new().check_bytes(bytes)
}

/// Checks a request against what the caller knows of the load balancer and the servers: every
/// rule whose facts `context` holds (R19 to R29), and the diff when it holds the load balancer's.
/// An empty context gives the context-free report.
///
/// # Errors
/// [`ContextError::LoadBalancerMismatch`] when the load balancer's facts are about another one.
pub fn check_with(text: &str, context: &Context) -> Result<Report, ContextError> {
    Checker::new().with_context(context).check(text)
}

/// As [`check_with`], for bytes.
///
/// # Errors
/// As [`check_with`].
pub fn check_bytes_with(bytes: &[u8], context: &Context) -> Result<Report, ContextError> {
    Checker::new().with_context(context).check_bytes(bytes)
}

/// The README's Rust examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The library guide's Rust examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/library.md")]
pub struct LibraryGuideDoctests;
