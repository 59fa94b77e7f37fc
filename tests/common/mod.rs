//! What the property-test files share.

use proptest::test_runner::{Config, FileFailurePersistence};

/// `cases` cases a property, failures kept in `file` (under `proptest-regressions/`, committed).
pub fn config(cases: u32, file: &'static str) -> Config {
    Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(file))),
        ..Config::default()
    }
}
