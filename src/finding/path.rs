//! [`Path`]: where in the request a finding points.

use std::borrow::Cow;
use std::fmt;

use crate::text::write_safe;
use crate::types::field::{ItemField, Param};
use crate::types::List;

/// Where in the request a finding points.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Path {
    /// The whole document: printed as `""`.
    Root,
    /// A request parameter, as written: `LoadBalancerId`, `BackendServers`.
    Param(Cow<'static, str>),
    /// One backend server of a list, by its 0-based index as sent: `BackendServers[3]`,
    /// `OldBackendServers[0]`.
    Item(List, usize),
    /// A field of one backend server, with the key as written: `BackendServers[3].Weight`,
    /// `MasterSlaveBackendServers[1].ServerType`.
    Field(List, usize, Cow<'static, str>),
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
            Path::Item(list, i) => {
                text.push(list.name())
                    .byte(b'[')
                    .number(*i as u64)
                    .byte(b']');
            }
            Path::Field(list, i, Cow::Borrowed(name)) => {
                text.push(list.name())
                    .byte(b'[')
                    .number(*i as u64)
                    .push("].")
                    .push(name);
            }
            // A name as shown, which may hold other than ASCII.
            Path::Param(Cow::Owned(_)) | Path::Field(_, _, Cow::Owned(_)) => {
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

    /// The path of a field of backend server `index` of `BackendServers`.
    pub fn field(index: usize, name_as_written: &str) -> Path {
        Path::Field(List::BackendServers, index, name(name_as_written))
    }

    /// The path of a field of backend server `index` of `list`.
    pub fn field_in(list: List, index: usize, name_as_written: &str) -> Path {
        Path::Field(list, index, name(name_as_written))
    }

    /// The path of backend server `index` of `BackendServers`.
    pub const fn item(index: usize) -> Path {
        Path::Item(List::BackendServers, index)
    }

    /// The list and the index of the backend server the path is in, if it is in one.
    pub fn in_item(&self) -> Option<(List, usize)> {
        match self {
            Path::Root | Path::Param(_) => None,
            Path::Item(list, i) | Path::Field(list, i, _) => Some((*list, *i)),
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            // Names are kept as shown; one built by hand is made safe here.
            Path::Param(name) => write_safe(f, name),
            Path::Item(list, i) => write!(f, "{list}[{i}]"),
            Path::Field(list, i, name) => {
                write!(f, "{list}[{i}].")?;
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
        assert_eq!(Path::item(3).to_string(), "BackendServers[3]");
        assert_eq!(
            Path::field_in(List::MasterSlaveBackendServers, 1, "ServerType").to_string(),
            "MasterSlaveBackendServers[1].ServerType"
        );
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
            Path::item(0),
            Path::Item(List::OldBackendServers, usize::MAX),
            Path::field_in(List::MasterSlaveBackendServers, usize::MAX, "ServerType"),
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
