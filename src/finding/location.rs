//! [`Location`]: where in the checked text a finding's value lies.

/// Where a finding's value starts in the text that was checked: its line (1-based) and its
/// column (1-based, in characters of that line). Only a value that is present has one; it is
/// found when a report is located against its text, never during the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    line: usize,
    column: usize,
}

impl Location {
    /// The location at `line` and `column`, both counted from 1; `None` for a 0.
    pub fn new(line: usize, column: usize) -> Option<Location> {
        (line > 0 && column > 0).then_some(Location { line, column })
    }

    /// The line, from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column, from 1, in characters of the line.
    pub fn column(&self) -> usize {
        self.column
    }
}
