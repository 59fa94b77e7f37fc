//! Single-quoted strings in a `BackendServers` text (R30): the shape terraform-provider-alicloud,
//! `CommonRequest` scripts and the old `aliyuncli` send (`[{'ServerId':'i-…','Weight':'100'}]`),
//! which the API reads. [`normalize`] rewrites such a text into standard JSON, which both readers
//! then read as they read any other; a text without a single-quoted string is left alone (`None`),
//! so it is read exactly as before.
//!
//! # What is rewritten
//!
//! The text is split into tokens as JSON splits it: a double-quoted string runs from its `"` to
//! the next `"` that no backslash escapes, and is copied as it stands (serde_json judges it
//! later). Outside any string, a `'` opens a single-quoted string, which runs to the next `'`
//! that no backslash escapes. It is written back double-quoted:
//!
//! - `\'` becomes `'`, and a raw `"` becomes `\"`;
//! - every other escape (`\"`, `\\`, `\n`, `\u0041` …) is copied, so JSON's rules judge it; a
//!   raw control character is copied too, and serde_json refuses it as in a double-quoted string.
//!
//! Nothing else is rewritten: an unquoted key, a trailing comma or a comment stays what it is,
//! and serde_json reports it. Every byte the rewrite adds or drops is ASCII, so the rewritten
//! text is UTF-8 when the input is.
//!
//! # Positions
//!
//! serde_json's syntax messages end in `at line L column C`, counted in the text it read. The
//! rewrite keeps every newline and moves bytes only by the escapes it changes, so
//! [`Normalized::syntax`] maps a position in the rewritten text back to the one in the text as
//! sent, and the message names the place the caller wrote.

/// A `BackendServers` text with its single-quoted strings rewritten double-quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Normalized {
    /// The rewritten text: standard JSON wherever the input was, but for its quotes.
    pub(crate) text: String,
    /// Where the rewritten text and the input fall out of step: after each change, the index
    /// in the rewritten text and the index in the input, both increasing.
    marks: Vec<(usize, usize)>,
    /// The input's length in bytes.
    input_len: usize,
}

/// Rewrites the single-quoted strings of `text` double-quoted; `None` when it holds none.
pub(crate) fn normalize(text: &str) -> Option<Normalized> {
    let bytes = text.as_bytes();
    // No single quote at all: the common case, decided by one search.
    if !bytes.contains(&b'\'') {
        return None;
    }
    let mut out: Vec<u8> = Vec::with_capacity(text.len() + 16);
    let mut marks = Vec::new();
    let mut quoted = false;
    let mut i = 0;
    // Copies input bytes `from..to` as they stand.
    let copy = |out: &mut Vec<u8>, from: usize, to: usize| {
        out.extend_from_slice(bytes.get(from..to).unwrap_or_default());
    };
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                // A double-quoted string, copied to its closing quote (or the end).
                let end = double_quoted_end(bytes, i + 1);
                copy(&mut out, i, end);
                i = end;
            }
            b'\'' => {
                quoted = true;
                out.push(b'"');
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => break,
                        Some(b'\'') => {
                            out.push(b'"');
                            i += 1;
                            break;
                        }
                        Some(b'\\') => match bytes.get(i + 1) {
                            Some(b'\'') => {
                                out.push(b'\'');
                                i += 2;
                                marks.push((out.len(), i));
                            }
                            Some(&next) => {
                                out.extend_from_slice(&[b'\\', next]);
                                i += 2;
                            }
                            None => {
                                out.push(b'\\');
                                i += 1;
                            }
                        },
                        Some(b'"') => {
                            out.extend_from_slice(b"\\\"");
                            i += 1;
                            marks.push((out.len(), i));
                        }
                        Some(&other) => {
                            out.push(other);
                            i += 1;
                        }
                    }
                }
            }
            _ => {
                // A run outside strings, up to the next quote of either kind.
                let run = bytes
                    .get(i..)
                    .and_then(|rest| rest.iter().position(|c| matches!(c, b'"' | b'\'')))
                    .map_or(bytes.len(), |n| i + n);
                copy(&mut out, i, run.max(i + 1));
                i = run.max(i + 1);
            }
        }
    }
    if !quoted {
        return None;
    }
    // Only ASCII bytes were added or removed, each outside a multi-byte character.
    let text = String::from_utf8(out).ok()?;
    Some(Normalized {
        text,
        marks,
        input_len: bytes.len(),
    })
}

/// The index just past the double-quoted string whose body starts at `from` (its closing
/// quote included), or the end of the text.
fn double_quoted_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => return i + 1,
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    bytes.len()
}

impl Normalized {
    /// The input index of rewritten index `at`.
    fn input_index(&self, at: usize) -> usize {
        let n = self.marks.partition_point(|&(out, _)| out <= at);
        let (out, input) = match n.checked_sub(1).and_then(|k| self.marks.get(k)) {
            Some(&mark) => mark,
            None => (0, 0),
        };
        (input + at.saturating_sub(out)).min(self.input_len)
    }

    /// serde_json's description of a syntax error in the rewritten text, its position moved
    /// to the same place in `input` (the text as sent).
    pub(crate) fn syntax(&self, e: &serde_json::Error, input: &str) -> String {
        let message = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let Some(bare) = message.strip_suffix(&suffix) else {
            return message;
        };
        // serde_json's column is the byte index within the line (see `position_of_index`).
        let Some(at) = index_of(&self.text, e.line(), e.column()) else {
            return message;
        };
        let (line, column) = position_of(input, self.input_index(at));
        format!("{bare} at line {line} column {column}")
    }

    /// What R3 says of a syntax error in a text that holds single-quoted strings: serde_json's
    /// description at the place in `input`, and that single quotes are the only syntax outside
    /// JSON that is read (an unquoted key is named as such).
    pub(crate) fn describe(&self, e: &serde_json::Error, input: &str) -> String {
        let located = self.syntax(e, input);
        match located.strip_prefix("key must be a string") {
            Some(at) => format!(
                "found an unquoted key{at}; expected a key in double quotes (or single quotes, which the API also reads)"
            ),
            None => format!(
                "{located}; single-quoted strings are read as the API reads them, but no other syntax outside JSON (unquoted keys, trailing commas, comments)"
            ),
        }
    }
}

/// The byte index of `line` (from 1) and `column` (bytes into that line) in `text`.
fn index_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = if line <= 1 {
        0
    } else {
        let (n, _) = text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .nth(line - 2)?;
        n + 1
    };
    Some(start + column)
}

/// serde_json's line and column of byte index `at` in `text`.
fn position_of(text: &str, at: usize) -> (usize, usize) {
    let before = text.as_bytes().get(..at).unwrap_or(text.as_bytes());
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |n| n + 1);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    (line, before.len() - start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(text: &str) -> Option<String> {
        normalize(text).map(|n| n.text)
    }

    #[test]
    fn rewrites_single_quoted_strings_only() {
        assert_eq!(rewritten(r#"[{"ServerId":"i-1"}]"#), None);
        assert_eq!(rewritten(r#"[{"ServerId":"it's"}]"#), None);
        assert_eq!(rewritten(""), None);
        assert_eq!(
            rewritten("[{'ServerId':'i-1','Weight':'100', 'Type': 'ecs'}]").as_deref(),
            Some(r#"[{"ServerId":"i-1","Weight":"100", "Type": "ecs"}]"#)
        );
        assert_eq!(
            rewritten(r#"[{"a":'x', 'b':"y'z"}]"#).as_deref(),
            Some(r#"[{"a":"x", "b":"y'z"}]"#)
        );
        assert_eq!(
            rewritten(r#"['it\'s', 'say "hi"', 'a\"b', 'c\\', '\u0041\n']"#).as_deref(),
            Some(r#"["it's", "say \"hi\"", "a\"b", "c\\", "\u0041\n"]"#)
        );
        // Unterminated, or a backslash last: copied, for serde_json to refuse.
        assert_eq!(rewritten("['abc").as_deref(), Some("[\"abc"));
        assert_eq!(rewritten("['a\\").as_deref(), Some("[\"a\\"));
        assert_eq!(rewritten("[\"a\\\"]'").as_deref(), None);
        // Multi-byte text passes untouched.
        assert_eq!(rewritten("['测试\"']").as_deref(), Some("[\"测试\\\"\"]"));
    }

    #[test]
    fn maps_positions_back_to_the_input() {
        let input = r#"[{'a':'x"y"z', 'b':'it\'s'},]"#;
        let n = normalize(input).unwrap_or_else(|| panic!("quoted"));
        let e = serde_json::from_str::<serde_json::Value>(&n.text)
            .err()
            .unwrap_or_else(|| panic!("a trailing comma"));
        // The same layout, byte for byte, in plain JSON: the same position.
        let plain = serde_json::from_str::<serde_json::Value>(r#"[{"a":"xxyyz", "b":"itxxs"},]"#)
            .err()
            .map(|e| e.to_string());
        assert_eq!(Some(n.syntax(&e, input)), plain);
        let multi = "[\n{'a':'\"'}\n,]";
        let n = normalize(multi).unwrap_or_else(|| panic!("quoted"));
        let e = serde_json::from_str::<serde_json::Value>(&n.text)
            .err()
            .unwrap_or_else(|| panic!("a trailing comma"));
        let plain = serde_json::from_str::<serde_json::Value>("[\n{\"a\":\"x\"}\n,]")
            .err()
            .map(|e| e.to_string());
        assert_eq!(Some(n.syntax(&e, multi)), plain);
    }
}
