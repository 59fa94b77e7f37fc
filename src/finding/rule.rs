//! [`Rule`]: a rule of the rule book, by number, and the sets of rules a report lists.

use std::fmt;

/// Declares the rules from one table: each rule's constant (`Rule::R7`) and its name (`"R7"`),
/// so the two cannot drift apart (as http's `status_codes!` does for status codes).
macro_rules! rules {
    ($($number:literal => $name:ident,)*) => {
        /// The rules by name, as the rule book numbers them: `Rule::R7` is weight's range.
        impl Rule {
            $(
                #[doc = concat!("Rule ", stringify!($name), " of the rule book.")]
                pub const $name: Rule = Rule($number);
            )*

            /// `"R0"` … `"R42"`.
            pub fn as_str(self) -> &'static str {
                match self.0 {
                    $($number => stringify!($name),)*
                    _ => "R?",
                }
            }
        }
    };
}

rules! {
    0 => R0, 1 => R1, 2 => R2, 3 => R3, 4 => R4, 5 => R5, 6 => R6, 7 => R7, 8 => R8, 9 => R9,
    10 => R10, 11 => R11, 12 => R12, 13 => R13, 14 => R14, 15 => R15, 16 => R16, 17 => R17,
    18 => R18, 19 => R19, 20 => R20, 21 => R21, 22 => R22, 23 => R23, 24 => R24, 25 => R25,
    26 => R26, 27 => R27, 28 => R28, 29 => R29, 30 => R30, 31 => R31, 32 => R32, 33 => R33,
    34 => R34, 35 => R35, 36 => R36, 37 => R37, 38 => R38, 39 => R39, 40 => R40, 41 => R41,
    42 => R42,
}

/// A rule of the [rule book](crate::rule_book): `R1` … `R42`, and `R0` for the request envelope.
///
/// ```
/// use clb_preflight::Rule;
/// let rule: Rule = "R7".parse()?;
/// assert_eq!(rule, Rule::R7);
/// assert_eq!((rule.number(), rule.to_string()), (7, "R7".to_owned()));
/// # Ok::<(), clb_preflight::finding::UnknownRule>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rule(u8);

impl Rule {
    /// The request envelope: the document is a request at all (a JSON object of API parameters
    /// or a query string) and its `Action`, when present, names a call this crate checks.
    pub const ENVELOPE: Rule = Rule(0);
    /// The highest rule number of the rule book.
    pub const LAST: u8 = 42;

    /// The rule with this number, if the rule book has it.
    pub const fn new(number: u8) -> Option<Rule> {
        if number <= Self::LAST {
            Some(Rule(number))
        } else {
            None
        }
    }

    /// The rule's number: 7 for `R7`.
    pub const fn number(self) -> u8 {
        self.0
    }

    /// Rule `n`, for the crate's own fixed rule numbers (all at most [`Rule::LAST`]).
    pub(crate) const fn r(n: u8) -> Rule {
        Rule(n)
    }
}

/// A set of rules, one bit each (rule `n` is bit `n`, up to 63): no allocation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) struct RuleSet(u64);

impl RuleSet {
    /// Adds `rule`.
    pub(crate) fn insert(&mut self, rule: Rule) {
        self.0 |= 1u64.checked_shl(u32::from(rule.0)).unwrap_or(0);
    }

    /// Removes every rule of `rules`.
    pub(crate) fn remove_all(&mut self, rules: impl IntoIterator<Item = Rule>) {
        for rule in rules {
            self.0 &= !1u64.checked_shl(u32::from(rule.0)).unwrap_or(0);
        }
    }

    /// Adds every rule of `rules`.
    pub(crate) fn extend(&mut self, rules: impl IntoIterator<Item = Rule>) {
        for rule in rules {
            self.insert(rule);
        }
    }

    /// The rules, by number.
    pub(crate) fn iter(self) -> impl Iterator<Item = Rule> {
        (0..=Rule::LAST)
            .filter(move |n| self.0 & (1u64 << n) != 0)
            .map(Rule)
    }
}

impl FromIterator<Rule> for RuleSet {
    fn from_iter<I: IntoIterator<Item = Rule>>(rules: I) -> RuleSet {
        let mut set = RuleSet::default();
        set.extend(rules);
        set
    }
}

/// The rules that need facts about the load balancer or the servers (R20 to R28): a check
/// without facts lists them as unchecked.
pub const CONTEXT_RULES: std::ops::RangeInclusive<u8> = 20..=28;

/// The rules of an `AddBackendServers` request that need the load balancer's facts (its
/// `DescribeLoadBalancerAttribute`). (R32, a Set's or Remove's, needs them too.)
pub(crate) const NEEDS_LOAD_BALANCER: [Rule; 7] = [
    Rule::R20,
    Rule::R21,
    Rule::R23,
    Rule::R24,
    Rule::R25,
    Rule::R26,
    Rule::R27,
];

/// The rules that need the servers' facts (their `DescribeInstances`,
/// `DescribeNetworkInterfaces` or `DescribeContainerGroups`).
pub(crate) const NEEDS_SERVERS: [Rule; 4] = [Rule::R22, Rule::R23, Rule::R24, Rule::R28];

impl Rule {
    /// Whether the rule needs the load balancer's facts (a `DescribeLoadBalancerAttribute`
    /// response): without them it is unchecked.
    ///
    /// ```
    /// use clb_preflight::Rule;
    /// assert!(Rule::R26.needs_load_balancer() && !Rule::R26.needs_servers());
    /// assert!(Rule::R22.needs_servers() && !Rule::R22.needs_load_balancer());
    /// assert!(Rule::R23.needs_load_balancer() && Rule::R23.needs_servers());
    /// ```
    pub fn needs_load_balancer(self) -> bool {
        NEEDS_LOAD_BALANCER.contains(&self) || self == Rule::R32
    }

    /// Whether the rule needs the servers' facts (their Describe responses): without them it
    /// is unchecked.
    pub fn needs_servers(self) -> bool {
        NEEDS_SERVERS.contains(&self)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that is no rule of the rule book (`Rule`'s `FromStr` error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} is not a rule of the rule book; expected R0 to R{}", crate::text::Shown(.0), Rule::LAST)]
pub struct UnknownRule(String);

impl std::str::FromStr for Rule {
    type Err = UnknownRule;

    /// `"R7"` is rule 7; the number is plain decimal (no sign, no leading zero).
    fn from_str(text: &str) -> Result<Rule, UnknownRule> {
        let unknown = || UnknownRule(text.to_owned());
        let digits = text.strip_prefix('R').ok_or_else(unknown)?;
        let plain = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits == "0" || !digits.starts_with('0'));
        if !plain {
            return Err(unknown());
        }
        digits.parse().ok().and_then(Rule::new).ok_or_else(unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_read_back_from_their_text() {
        for n in 0..=Rule::LAST {
            let rule = Rule::new(n).unwrap_or(Rule::R0);
            assert_eq!(rule.number(), n);
            assert_eq!(rule.as_str(), format!("R{n}"));
            assert_eq!(rule.as_str().parse::<Rule>(), Ok(rule));
        }
        assert_eq!(Rule(Rule::LAST + 1).as_str(), "R?");
        for bad in ["", "R", "r7", "R07", "R99", "R-1", "R+1", "7", "R1 "] {
            assert!(bad.parse::<Rule>().is_err(), "{bad:?}");
        }
        assert_eq!(
            "R99".parse::<Rule>().map_err(|e| e.to_string()),
            Err(format!(
                "\"R99\" is not a rule of the rule book; expected R0 to R{}",
                Rule::LAST
            ))
        );
    }
}
