//! [`Limits`]: the bounds that keep a hostile request cheap, checked before the expensive work,
//! and [`MAX_BACKEND_SERVERS`], the API's own cap on items (R4).

/// The most backend servers one request may carry (R4): the API's own limit, not a setting.
pub const MAX_BACKEND_SERVERS: usize = 20;

/// Bounds on what one check reads and reports. The defaults fit every real request with room to
/// spare; a caller can set others through [`crate::Checker::with_limits`].
///
/// ```
/// use clb_preflight::{Checker, Limits};
/// let tight = Limits { max_findings: 10, ..Limits::default() };
/// let report = Checker::new().with_limits(tight).check("{}")?;
/// assert!(!report.is_valid());
/// # Ok::<(), clb_preflight::ContextError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limits {
    /// The largest request document, in bytes, before it is read at all (`RequestTooLarge`).
    pub max_document_bytes: usize,
    /// The largest `BackendServers` text, in bytes once decoded from its JSON string or
    /// percent-encoding, before it is parsed (`InvalidParameter.BackendServers`).
    pub max_backend_servers_bytes: usize,
    /// The most findings one report lists; past it, one `TooManyFindings` warning says how many
    /// were left out.
    pub max_findings: usize,
}

impl Limits {
    /// The defaults: 256 KiB for the document, 64 KiB for `BackendServers`, 100 findings.
    ///
    /// Twenty items with every field fill about 3 KiB; written as a JSON string or
    /// percent-encoded they grow by at most three times.
    pub const DEFAULT: Limits = Limits {
        max_document_bytes: 256 * 1024,
        max_backend_servers_bytes: 64 * 1024,
        max_findings: 100,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}
