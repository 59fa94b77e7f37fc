//! [`Limits`]: the bounds that keep a hostile request cheap, checked before the expensive work,
//! and [`MAX_BACKEND_SERVERS`], the API's own cap on items (R4).

/// The most backend servers one request may carry (R4): the API's own limit, not a setting.
pub const MAX_BACKEND_SERVERS: usize = 20;

/// Bounds on what one check reads and reports. The defaults fit every real request with room to
/// spare; a caller can set others with the `with_*` methods and
/// [`crate::Checker::with_limits`].
///
/// ```
/// use clb_preflight::limits::Limits;
/// use clb_preflight::Checker;
/// let tight = Limits::default().with_max_findings(10);
/// assert_eq!(tight.max_findings(), 10);
/// let report = Checker::new().with_limits(tight).check("{}");
/// assert!(!report.is_valid());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Limits {
    max_document_bytes: usize,
    max_backend_servers_bytes: usize,
    max_findings: usize,
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

    /// The largest request document, in bytes, before it is read at all (`RequestTooLarge`).
    pub const fn max_document_bytes(&self) -> usize {
        self.max_document_bytes
    }

    /// The largest `BackendServers` text, in bytes once decoded from its JSON string or
    /// percent-encoding, before it is parsed (`InvalidParameter.BackendServers`).
    pub const fn max_backend_servers_bytes(&self) -> usize {
        self.max_backend_servers_bytes
    }

    /// The most findings one report lists; past it, one `TooManyFindings` warning says how many
    /// were left out.
    pub const fn max_findings(&self) -> usize {
        self.max_findings
    }

    /// The same limits with this largest document, in bytes.
    #[must_use]
    pub const fn with_max_document_bytes(self, bytes: usize) -> Limits {
        Limits {
            max_document_bytes: bytes,
            ..self
        }
    }

    /// The same limits with this largest `BackendServers` text, in bytes.
    #[must_use]
    pub const fn with_max_backend_servers_bytes(self, bytes: usize) -> Limits {
        Limits {
            max_backend_servers_bytes: bytes,
            ..self
        }
    }

    /// The same limits with at most this many findings in a report.
    #[must_use]
    pub const fn with_max_findings(self, findings: usize) -> Limits {
        Limits {
            max_findings: findings,
            ..self
        }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}
