#![doc = include_str!("../RULEBOOK.md")]
