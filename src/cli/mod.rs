//! The command line's printing and reading, used by `main.rs` only (not part of the library).

pub(crate) mod batch;
pub(crate) mod check;
pub(crate) mod explain;
pub(crate) mod facts;
pub(crate) mod human;
pub(crate) mod plan;
