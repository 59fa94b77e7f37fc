//! The value types of a request, one file each. Each has one constructor (`new` or `parse`)
//! that `FromStr`, `TryFrom` and `Deserialize` all call, and a `Display` that the constructor
//! reads back to the same value.

mod action;
mod compact;
mod decimal;
mod description;
pub(crate) mod field;
mod group_name;
mod load_balancer_id;
mod port;
mod region_id;
mod server_id;
mod server_ip;
mod server_role;
mod server_type;
mod vserver_group_id;
mod weight;

pub use action::{Action, UnknownAction};
pub use decimal::DecimalError;
pub use description::{Description, DescriptionError};
pub use field::List;
pub use group_name::{GroupName, GroupNameError};
pub use load_balancer_id::{LoadBalancerId, LoadBalancerIdError};
pub use port::{Port, PortError};
pub use region_id::{RegionId, RegionIdError};
pub use server_id::{ServerId, ServerIdError};
pub use server_ip::{ServerIp, ServerIpError};
pub use server_role::{ServerRole, ServerRoleError};
pub use server_type::{ServerType, ServerTypeError};
pub use vserver_group_id::{VServerGroupId, VServerGroupIdError};
pub use weight::{Weight, WeightError};

/// A value type built from text, and for the numeric ones from a JSON integer too: what the
/// serde [`Visitor`] calls.
pub(crate) trait FromText: Sized {
    type Error: std::fmt::Display;
    fn from_text(text: &str) -> Result<Self, Self::Error>;
    /// `None` for a type that takes no integers.
    fn from_number(value: u64) -> Option<Result<Self, Self::Error>>;
}

/// The one serde visitor of the value types: strings through `parse`, integers through `new`.
pub(crate) struct Visitor<T> {
    expecting: &'static str,
    marker: std::marker::PhantomData<T>,
}

impl<T> Visitor<T> {
    pub(crate) const fn new(expecting: &'static str) -> Visitor<T> {
        Visitor {
            expecting,
            marker: std::marker::PhantomData,
        }
    }
}

impl<T: FromText> serde::de::Visitor<'_> for Visitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        T::from_text(text).map_err(E::custom)
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<T, E> {
        match T::from_number(value) {
            Some(result) => result.map_err(E::custom),
            None => Err(E::invalid_type(
                serde::de::Unexpected::Unsigned(value),
                &self,
            )),
        }
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<T, E> {
        match u64::try_from(value) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::invalid_type(serde::de::Unexpected::Signed(value), &self)),
        }
    }
}

/// A value's text (its `Display`), handed to `with` without the formatting machinery: the
/// text types lend theirs, the numbers and addresses write theirs into a [`crate::text::Short`] on the stack.
/// Serializing goes through this (a report writes many of these values).
pub(crate) trait AsText {
    fn with_text<R>(&self, with: impl FnOnce(&str) -> R) -> R;
}

/// `FromStr`, `TryFrom<&str>`, `Serialize` (as the `Display` text) and `Deserialize` (from a
/// string), all through `$ty::parse`; with `number`, also `TryFrom<u64>` and JSON integers,
/// through `$ty::new`, and [`AsText`] from `$ty::get`.
macro_rules! text_traits {
    ($ty:ident, $err:ident, $expecting:literal) => {
        $crate::types::text_traits!(@common $ty, $err, $expecting);
        impl $crate::types::FromText for $ty {
            type Error = $err;
            fn from_text(text: &str) -> Result<$ty, $err> {
                $ty::parse(text)
            }
            fn from_number(_: u64) -> Option<Result<$ty, $err>> {
                None
            }
        }
    };
    ($ty:ident, $err:ident, $expecting:literal, number) => {
        $crate::types::text_traits!(@common $ty, $err, $expecting);
        impl $crate::types::FromText for $ty {
            type Error = $err;
            fn from_text(text: &str) -> Result<$ty, $err> {
                $ty::parse(text)
            }
            fn from_number(value: u64) -> Option<Result<$ty, $err>> {
                Some($ty::new(value))
            }
        }
        impl TryFrom<u64> for $ty {
            type Error = $err;
            fn try_from(value: u64) -> Result<$ty, $err> {
                $ty::new(value)
            }
        }
        impl $crate::types::AsText for $ty {
            fn with_text<R>(&self, with: impl FnOnce(&str) -> R) -> R {
                with($crate::text::Short::<5>::new().number(self.get().into()).as_str())
            }
        }
    };
    (@common $ty:ident, $err:ident, $expecting:literal) => {
        impl ::std::str::FromStr for $ty {
            type Err = $err;
            fn from_str(text: &str) -> Result<$ty, $err> {
                $ty::parse(text)
            }
        }

        impl TryFrom<&str> for $ty {
            type Error = $err;
            fn try_from(text: &str) -> Result<$ty, $err> {
                $ty::parse(text)
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::types::AsText::with_text(self, |text| serializer.serialize_str(text))
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                deserializer.deserialize_any($crate::types::Visitor::<$ty>::new($expecting))
            }
        }
    };
}

pub(crate) use text_traits;

pub(crate) use crate::swar::printable_ascii;

/// A character that may not stand in an id: whitespace or a control character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Spacing {
    /// A whitespace character (any Unicode whitespace).
    Whitespace,
    /// A control character.
    Control,
}

impl Spacing {
    /// The first whitespace or control character of `text`, if any.
    pub(crate) fn find(text: &str) -> Option<Spacing> {
        // Printable ASCII, the usual case, holds neither.
        if printable_ascii(text) {
            return None;
        }
        text.chars().find_map(|c| {
            if c.is_whitespace() {
                Some(Spacing::Whitespace)
            } else if c.is_control() {
                Some(Spacing::Control)
            } else {
                None
            }
        })
    }
}

impl Spacing {
    /// How a message names it: `whitespace`, `a control character`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Spacing::Whitespace => "whitespace",
            Spacing::Control => "a control character",
        }
    }
}

impl std::fmt::Display for Spacing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Port, ServerIp, Weight};

    #[test]
    fn judged_in_place_the_messages_are_those_of_parse() {
        use crate::text::WriteAbout;
        use crate::{Description, ServerType};
        fn same<T: std::fmt::Debug, E: WriteAbout + std::fmt::Display + std::fmt::Debug>(
            parse: impl Fn(&str) -> Result<T, E>,
            judge: impl Fn(&str) -> Result<T, E>,
            texts: &[&str],
        ) {
            for text in texts {
                let parsed = parse(text).map_err(|e| e.to_string());
                let judged = judge(text).map_err(|e| e.message_about(text));
                assert_eq!(format!("{parsed:?}"), format!("{judged:?}"), "{text:?}");
            }
        }
        let texts = [
            "",
            "0",
            "1",
            "100",
            "101",
            "65535",
            "65536",
            "99999999999999999999999",
            "080",
            "+1",
            "1.5",
            "1e2",
            " 1",
            "１",
            "x\n",
            "ECS",
            "ecs",
            "Eni",
            "eci",
            "web 1",
            "web-1",
            "a,b",
            "網站",
            "10.0.0.256",
            "10.0.0.1",
            "fe80::1",
            "::",
            "a\u{202e}b",
            &"x".repeat(90),
        ];
        same(Weight::parse, Weight::judge, &texts);
        same(Port::parse, Port::judge, &texts);
        same(ServerIp::parse, ServerIp::judge, &texts);
        same(ServerType::parse, ServerType::judge, &texts);
        same(Description::parse, Description::judge, &texts);
    }

    fn text(value: &impl AsText) -> String {
        value.with_text(str::to_owned)
    }

    #[test]
    fn numbers_and_addresses_are_written_as_displayed() {
        // Every weight and every port; addresses with each octet at its awkward values.
        for n in 0..=100u64 {
            let w = Weight::new(n).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(text(&w), w.to_string());
        }
        for n in 1..=65535u64 {
            let p = Port::new(n).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(text(&p), p.to_string());
        }
        let octets = [0u8, 1, 9, 10, 99, 100, 199, 200, 255];
        for a in octets {
            for b in octets {
                for c in octets {
                    for d in octets {
                        let ip = ServerIp::parse(&format!("{a}.{b}.{c}.{d}"));
                        let ip = ip.unwrap_or_else(|e| panic!("{e}"));
                        assert_eq!(text(&ip), ip.to_string());
                    }
                }
            }
        }
        for n in 0..=crate::Rule::LAST {
            if let Some(rule) = crate::Rule::new(n) {
                assert_eq!(rule.as_str(), format!("R{n}"));
            }
        }
    }
}
