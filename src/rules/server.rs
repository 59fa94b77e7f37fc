//! One backend server (path `BackendServers[i].Field`): R5 for its keys, R6 to R10 and R14 to
//! R16 for its values, and R11 to R13 across its fields.

use std::fmt::Display;

use super::fields::Schema;
use super::request::not_a_string;
use super::Findings;
use crate::finding::{Code, Finding, Path};
use crate::request::BackendServer;
use crate::text::Shown;
use crate::types::{
    Description, Port, ServerId, ServerIdError, ServerIp, ServerIpError, ServerType, Weight,
};
use crate::wire::json::{self, FieldValue, Items};
use crate::wire::{Value, ITEM_FIELDS};

const ITEM: Schema = Schema {
    fields: ITEM_FIELDS,
    ignored: &[],
};
const SERVER_ID: usize = 0;
const WEIGHT: usize = 1;
const DESCRIPTION: usize = 2;
const TYPE: usize = 3;
const SERVER_IP: usize = 4;
const PORT: usize = 5;

/// An item whose `ServerId` could be read: the server as the API would take it (defaults
/// applied, fields with errors left out), and where it came from. The cross-item rules work on
/// these.
#[derive(Debug)]
pub(super) struct Owner<'k> {
    pub(super) index: usize,
    /// The `ServerIp` key as written, for paths.
    pub(super) server_ip_key: &'k str,
    /// Whether the item had no error of its own.
    pub(super) ok: bool,
}

/// A field's outcome.
enum Field<T> {
    Absent,
    Valid(T),
    Invalid,
}

impl<T> Field<T> {
    fn ok(self) -> Option<T> {
        match self {
            Field::Valid(v) => Some(v),
            _ => None,
        }
    }
}

/// Checks item `index`, whose fields are `fields` in the order sent: the server it names, when
/// its `ServerId` could be read.
pub(super) fn check<'k>(
    index: usize,
    fields: &'k [json::Field<'k>],
    items: &'k Items<'k>,
    out: &mut Findings,
) -> Option<(BackendServer, Owner<'k>)> {
    let errors_before = out.error_count();
    let slots = ITEM.sort::<_, 6>(
        fields
            .iter()
            .map(|f| (items.key(f.key), f.key.known(), f.value)),
        |key| Path::field(index, key),
        out,
    );
    let key_of = |n: usize, name: &'static str| slots.get(n).map_or(name, |(k, _)| *k);
    let read = |n: usize| {
        slots
            .get(n)
            .map(|&(key, raw)| (key, raw))
            .filter(|(_, v)| !v.is_null())
    };

    // R6
    let server_id = match read(SERVER_ID) {
        None => {
            out.push(Finding::new(
                Code::MissingServerId,
                Path::field(index, "ServerId"),
                "server id is missing",
            ));
            Field::Invalid
        }
        Some((key, value)) => text(
            index,
            key,
            value,
            "server id",
            Code::InvalidServerId,
            ServerId::parse,
            |e| match e {
                ServerIdError::Empty => Code::MissingServerId,
                _ => Code::InvalidServerId,
            },
            out,
        ),
    };
    let server_id = server_id.ok();
    if let Some(id) = &server_id {
        if id.kind().is_none() {
            out.push(Finding::new(
                Code::UnrecognizedServerId,
                Path::field(index, key_of(SERVER_ID, "ServerId")),
                format!(
                    "server id {} does not start with \"i-\", \"eni-\" or \"eci-\"; its type cannot be checked",
                    Shown(id.as_str())
                ),
            ));
        }
    }

    // R7, R8
    let weight = read(WEIGHT).map_or(Field::Absent, |(key, value)| {
        number(
            index,
            key,
            value,
            "weight",
            Weight::parse,
            Code::InvalidWeight,
            out,
        )
    });
    if let Field::Valid(w) = &weight {
        if w.is_zero() {
            out.push(Finding::new(
                Code::ZeroWeight,
                Path::field(index, key_of(WEIGHT, "Weight")),
                "weight 0 means the server receives no requests",
            ));
        }
    }

    // R9
    let description = read(DESCRIPTION).map_or(Field::Absent, |(key, value)| {
        let c = Code::InvalidDescription;
        text(
            index,
            key,
            value,
            "description",
            c,
            Description::parse,
            |_| Code::InvalidDescription,
            out,
        )
    });

    // R10
    let type_field = read(TYPE).map_or(Field::Absent, |(key, value)| {
        text(
            index,
            key,
            value,
            "type",
            Code::InvalidType,
            ServerType::parse,
            |_| Code::InvalidType,
            out,
        )
    });

    // R14, R15
    let server_ip = read(SERVER_IP).map_or(Field::Absent, |(key, value)| {
        let c = Code::InvalidServerIp;
        text(
            index,
            key,
            value,
            "server ip",
            c,
            ServerIp::parse,
            |e| match e {
                ServerIpError::Ipv6 { .. } => Code::Ipv6Backend,
                _ => Code::InvalidServerIp,
            },
            out,
        )
    });

    // R16
    let port = read(PORT).map_or(Field::Absent, |(key, value)| {
        number(
            index,
            key,
            value,
            "port",
            Port::parse,
            Code::InvalidPort,
            out,
        )
    });

    // R11, R12, R13
    let kind = server_id.as_ref().and_then(ServerId::kind);
    let type_key = key_of(TYPE, "Type");
    let server_type = match (&type_field, kind) {
        (Field::Absent, Some(k)) if k.keyed_by_ip() => {
            if let Some(id) = &server_id {
                out.push(Finding::new(
                    Code::MissingType,
                    Path::field(index, type_key),
                    format!(
                        "type is missing; server id {} names {}, which needs \"Type\": {}",
                        Shown(id.as_str()),
                        k.describe(),
                        Shown(k.as_str())
                    ),
                ));
            }
            k
        }
        (Field::Valid(t), Some(k)) if *t != k => {
            if let Some(id) = &server_id {
                out.push(Finding::new(
                    Code::TypeMismatch,
                    Path::field(index, type_key),
                    format!(
                        "type {} does not match server id {}, which names {} ({})",
                        Shown(t.as_str()),
                        Shown(id.as_str()),
                        k.describe(),
                        Shown(k.as_str())
                    ),
                ));
            }
            *t
        }
        (Field::Valid(t), _) => *t,
        (_, Some(k)) => k,
        (_, None) => ServerType::default(),
    };
    if server_type.keyed_by_ip() && matches!(server_ip, Field::Absent) {
        out.push(Finding::new(
            Code::MissingServerIp,
            Path::field(index, key_of(SERVER_IP, "ServerIp")),
            format!(
                "server ip is missing; a server of type {} needs one",
                Shown(server_type.as_str())
            ),
        ));
    }

    let owner = Owner {
        index,
        server_ip_key: key_of(SERVER_IP, "ServerIp"),
        ok: out.error_count() == errors_before,
    };
    let server = BackendServer::from_checked(
        server_id?,
        server_type,
        weight.ok().unwrap_or_default(),
        server_ip.ok(),
        port.ok(),
        description.ok(),
    );
    Some((server, owner))
}

/// A field's parsed value, or the finding (with the code `code` picks) for its error.
fn judged<T, E: Display>(
    parsed: Result<T, E>,
    code: impl Fn(&E) -> Code,
    index: usize,
    key: &str,
    out: &mut Findings,
) -> Field<T> {
    match parsed {
        Ok(v) => Field::Valid(v),
        Err(e) => {
            out.push(Finding::new(
                code(&e),
                Path::field(index, key),
                crate::text::message(&e),
            ));
            Field::Invalid
        }
    }
}

/// A field that must be a JSON string: `invalid` is its code for a value of another kind,
/// `code` picks the code for a string its type refuses.
#[allow(clippy::too_many_arguments)]
fn text<T, E: Display>(
    index: usize,
    key: &str,
    value: FieldValue<'_>,
    what: &str,
    invalid: Code,
    parse: impl Fn(&str) -> Result<T, E>,
    code: impl Fn(&E) -> Code,
    out: &mut Findings,
) -> Field<T> {
    let judge = |s: &str, out: &mut Findings| judged(parse(s), &code, index, key, out);
    // A string read in place (the usual case) needs no classifying.
    let value = match value {
        FieldValue::Text(s) => return judge(s, out),
        FieldValue::Json(raw) => json::classify(raw),
    };
    match value {
        Value::Str(s) => judge(&s, out),
        other => {
            out.push(not_a_string(invalid, Path::field(index, key), what, &other));
            Field::Invalid
        }
    }
}

/// A field that may be a JSON string or a JSON integer, both read by the same plain-decimal
/// grammar (R7, R16).
fn number<T, E: Display>(
    index: usize,
    key: &str,
    value: FieldValue<'_>,
    what: &str,
    parse: impl Fn(&str) -> Result<T, E>,
    code: Code,
    out: &mut Findings,
) -> Field<T> {
    let judge = |text: &str, out: &mut Findings| judged(parse(text), |_| code, index, key, out);
    // A string read in place (the usual case) needs no classifying.
    let value = match value {
        FieldValue::Text(s) => return judge(s, out),
        FieldValue::Json(raw) => json::classify(raw),
    };
    let text = match &value {
        Value::Str(s) => s.as_ref(),
        Value::Number(n) => n,
        Value::BadString => {
            out.push(not_a_string(code, Path::field(index, key), what, &value));
            return Field::Invalid;
        }
        other => {
            out.push(Finding::new(
                code,
                Path::field(index, key),
                format!(
                    "{what} must be a string or an integer, found {}",
                    other.kind().with_article()
                ),
            ));
            return Field::Invalid;
        }
    };
    judge(text, out)
}
