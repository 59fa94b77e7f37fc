//! Checks an Alibaba Cloud Classic Load Balancer `AddBackendServers` request (API version
//! 2014-05-15) before it is sent.
//!
//! The live API rejects a bad request only after a round trip, with terse codes, and silently
//! drops some mistakes. This crate answers first: is the request valid, what exactly will the API
//! act on, and why not. It is pure: no I/O, no network, no global state.
//!
//! Data flows one way: text → [`RawRequest`] (the parameters as sent) → the rules → [`Report`]
//! (every [`Finding`], errors and warnings apart, and the checked
//! [`AddBackendServersRequest`] when there is no error).
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
//! into a [`Context`]), [`check_with`] also applies the context rules and gives a [`Diff`] of what
//! the call will change. A [`Checker`] sets the [`Limits`] that keep hostile input cheap.
//!
//! The rules and their codes are in the README's rule table (ids R1 … R29 of the rule book).

#![forbid(unsafe_code)]

mod checker;
pub mod context;
mod finding;
mod limits;
mod report;
mod request;
pub mod rule_book;
mod rules;
mod text;
pub mod types;
pub mod wire;

pub use checker::Checker;
pub use context::{Context, ContextError, Diff, Member};
pub use finding::{Code, Finding, Path, Rule, Severity};
pub use limits::Limits;
pub use report::Report;
pub use request::{drop_duplicates, AddBackendServersRequest, BackendServer, Identity};
pub use rules::{CONTEXT_RULES, MAX_BACKEND_SERVERS};
pub use text::Shown;
pub use types::{
    DecimalError, Description, DescriptionError, LoadBalancerId, LoadBalancerIdError, Port,
    PortError, RegionId, RegionIdError, ServerId, ServerIdError, ServerIp, ServerIpError,
    ServerType, ServerTypeError, Weight, WeightError,
};
pub use wire::RawRequest;

/// Checks a request given as text, in either form: a JSON object of API parameters or an RPC
/// query string (told apart by content), with the default [`Limits`].
///
/// A text that is neither gives a report with one `MalformedRequest` error.
pub fn check(text: &str) -> Report {
    Checker::new().check_without_facts(text)
}

/// Checks a request given as bytes: as [`check`], after making sure they are UTF-8.
pub fn check_bytes(bytes: &[u8]) -> Report {
    Checker::new().check_bytes_without_facts(bytes)
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
