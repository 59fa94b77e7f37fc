//! [`Path`]: where in the request a finding points.

use std::borrow::Cow;
use std::fmt;

use crate::text::write_safe;
use crate::types::field::{ItemField, Param};

/// Where in the request a finding points.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Path {
    /// The whole document: printed as `""`.
    Root,
    /// A request parameter, as written: `LoadBalancerId`, `BackendServers`.
    Param(Cow<'static, str>),
    /// One backend server, by its 0-based index as sent: `BackendServers[3]`.
    Item(usize),
    /// A field of one backend server, with the key as written: `BackendServers[3].Weight`.
    Field(usize, Cow<'static, str>),
}

impl Path {
    /// The path's text (its `Display`), handed to `with`: built on the stack when its names are
    /// the known ones (the usual case), else written out.
    pub(crate) fn with_text<R>(&self, with: impl FnOnce(&str) -> R) -> R {
        let mut text = crate::text::Short::<64>::new();
        match self {
            Path::Root => {}
            Path::Param(Cow::Borrowed(name)) => {
                text.push(name);
            }
            Path::Item(i) => {
                text.push("BackendServers[").number(*i as u64).byte(b']');
            }
            Path::Field(i, Cow::Borrowed(name)) => {
                text.push("BackendServers[")
                    .number(*i as u64)
                    .push("].")
                    .push(name);
            }
            // A name as shown, which may hold other than ASCII.
            Path::Param(Cow::Owned(_)) | Path::Field(_, Cow::Owned(_)) => {
                return with(&self.to_string())
            }
        }
        if text.overflowed() {
            return with(&self.to_string());
        }
        with(text.as_str())
    }
}

/// A name as written, as it is shown: one of the known field names without an allocation, any
/// other escaped and cut as request text in messages is (so that a path's text is safe to print
/// and reads back to the same path).
fn name(text: &str) -> Cow<'static, str> {
    let known = ItemField::NAMES.iter().chain(&Param::NAMES);
    match known.copied().find(|known| *known == text) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(crate::text::escaped(text)),
    }
}

impl Path {
    /// The path of a request parameter. The name is kept as it is shown: escaped and cut after
    /// 40 characters as request text in messages is.
    pub fn param(name_as_written: &str) -> Path {
        Path::Param(name(name_as_written))
    }

    /// The path of a field of backend server `index`.
    pub fn field(index: usize, name_as_written: &str) -> Path {
        Path::Field(index, name(name_as_written))
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            // Names are kept as shown; one built by hand is made safe here.
            Path::Param(name) => write_safe(f, name),
            Path::Item(i) => write!(f, "BackendServers[{i}]"),
            Path::Field(i, name) => {
                write!(f, "BackendServers[{i}].")?;
                write_safe(f, name)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_print_as_documented() {
        assert_eq!(Path::Root.to_string(), "");
        assert_eq!(Path::param("LoadBalancerId").to_string(), "LoadBalancerId");
        assert_eq!(Path::Item(3).to_string(), "BackendServers[3]");
        assert_eq!(
            Path::field(3, "Wieght").to_string(),
            "BackendServers[3].Wieght"
        );
        assert_eq!(
            Path::field(0, "a\nb").to_string(),
            "BackendServers[0].a\\nb"
        );
    }

    #[test]
    fn path_text_is_its_display() {
        let long = "x".repeat(70);
        let mut paths = vec![
            Path::Root,
            Path::Item(0),
            Path::Item(usize::MAX),
            Path::param("Weight"),
            Path::param("a\u{202e}b"),
            Path::field(usize::MAX, "Description"),
            Path::field(7, &long),
        ];
        for name in ItemField::NAMES.iter().chain(&Param::NAMES) {
            paths.push(Path::param(name));
            paths.push(Path::field(19, name));
        }
        for path in paths {
            assert_eq!(path.with_text(str::to_owned), path.to_string(), "{path:?}");
        }
    }
}
