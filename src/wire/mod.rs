//! Reading and writing the API's request forms: a JSON object of parameters ([`json`]) and the
//! RPC query string ([`query`]). Reading gives a [`RawRequest`]: the parameters as sent, in
//! order, nothing checked yet.

use std::borrow::Cow;

pub mod json;
pub mod query;
mod scan;

/// The fields of one backend server, in the order the rules read them (R5).
pub(crate) const ITEM_FIELDS: &[&str] = &[
    "ServerId",
    "Weight",
    "Description",
    "Type",
    "ServerIp",
    "Port",
];

/// The request's own parameters (R5).
pub(crate) const PARAM_FIELDS: &[&str] =
    &["LoadBalancerId", "RegionId", "BackendServers", "Action"];

/// A request as read from the wire, before any rule: every parameter in the order sent, with its
/// key as written and its value untouched. Only [`RawRequest::validate`] turns it into something
/// usable.
#[derive(Debug, Clone)]
pub struct RawRequest<'a> {
    pub(crate) params: Vec<Param<'a>>,
}

/// One parameter as sent.
#[derive(Debug, Clone)]
pub(crate) struct Param<'a> {
    pub(crate) key: Cow<'a, str>,
    pub(crate) value: Raw<'a>,
}

/// A value as sent: raw JSON text (from the JSON form, or inside `BackendServers`) or decoded
/// text (from the query string).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Raw<'a> {
    Json(&'a str),
    Text(Cow<'a, str>),
    /// `BackendServers` as a string holding a JSON array, read in the same pass as the document
    /// (the fast path): its items, and the length of the text it decodes to.
    Items(Box<PreRead<'a>>),
}

/// Items read while reading the document, and the byte length of the text they were read from
/// once decoded (for the size limit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PreRead<'a> {
    pub(crate) items: json::Items<'a>,
    pub(crate) decoded_len: usize,
}

/// What a value turned out to be, for the rules to judge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value<'a> {
    /// A string, unescaped.
    Str(Cow<'a, str>),
    /// A JSON number, as its raw text.
    Number(&'a str),
    /// A JSON array, as its raw text.
    Array(&'a str),
    /// A string holding a JSON array, already read into items.
    Items(&'a PreRead<'a>),
    /// Another JSON value (of this kind).
    Other(Kind),
    /// A JSON string that cannot be unescaped into text (an escaped lone surrogate).
    BadString,
}

/// The kind of a JSON value, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    String,
    Number,
    Boolean,
    Null,
    Array,
    Object,
}

impl Kind {
    /// `a string`, `an array`, `null` …
    pub(crate) const fn with_article(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Number => "a number",
            Kind::Boolean => "a boolean",
            Kind::Null => "null",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

impl Raw<'_> {
    /// Classifies the value.
    pub(crate) fn value(&self) -> Value<'_> {
        match self {
            Raw::Text(text) => Value::Str(Cow::Borrowed(text)),
            Raw::Json(raw) => json::classify(raw),
            Raw::Items(pre) => Value::Items(pre),
        }
    }
}

impl<'a> Value<'a> {
    /// The kind of value.
    pub(crate) fn kind(&self) -> Kind {
        match self {
            Value::Str(_) | Value::BadString | Value::Items(_) => Kind::String,
            Value::Number(_) => Kind::Number,
            Value::Array(_) => Kind::Array,
            Value::Other(kind) => *kind,
        }
    }
}

impl<'a> RawRequest<'a> {
    /// Reads either form, told apart by content: a document whose first non-blank character is
    /// `{`, `[` or `"`, or that is a JSON scalar, is JSON; anything else is a query string.
    ///
    /// # Errors
    /// A `MalformedRequest` finding when the text is neither form.
    pub fn parse(text: &'a str) -> Result<RawRequest<'a>, crate::Finding> {
        if json::looks_like_json(text) {
            json::read_request(text)
        } else {
            query::read_request(text)
        }
    }

    /// As [`RawRequest::parse`], through serde_json alone (the reference path).
    pub(crate) fn parse_reference(text: &'a str) -> Result<RawRequest<'a>, crate::Finding> {
        if json::looks_like_json(text) {
            json::read_request_reference(text)
        } else {
            query::read_request(text)
        }
    }

    /// Applies every rule that needs nothing but the request (R0 to R19).
    pub fn validate(&self) -> crate::Report {
        crate::rules::validate(self, &crate::rules::Reading::default())
    }

    /// Applies every rule whose facts `context` holds, beside R0 to R19.
    ///
    /// # Errors
    /// [`crate::ContextError::LoadBalancerMismatch`] when the facts are about another load
    /// balancer.
    pub fn validate_in(
        &self,
        context: &crate::Context,
    ) -> Result<crate::Report, crate::ContextError> {
        crate::rules::validate_in(self, context, &crate::rules::Reading::default())
    }
}
