//! One backend server (path `BackendServers[i].Field`): R5 for its keys, R6 to R10 and R14 to
//! R16 for its values, and R11 to R13 across its fields.
//!
//! ```text
//! {"ServerId":"eni-2ze3ykcbqm8kdaqv0l3q","Weight":"101"}
//!   R7   BackendServers[0].Weight    weight 101 is above the maximum 100
//!   R11  BackendServers[0].Type      type is missing; … needs "Type": "eni"
//!   R13  BackendServers[0].ServerIp  server ip is missing; a server of type "eni" needs one
//! ```

use std::borrow::Cow;
use std::fmt::Write as _;

use super::fields::{Schema, Slots};
use super::{not_a_string, Findings};
use crate::call::BackendServer;
use crate::finding::{Code, Finding, Path};
use crate::text::{message_with, write_shown, WriteAbout, WriteMessage};
use crate::types::field::ItemField;
use crate::types::{
    Action, Description, List, Port, ServerId, ServerIdError, ServerIp, ServerIpError, ServerRole,
    ServerType, Weight,
};
use crate::wire::{Field, FieldValue, Items, Value};

/// The fields of an item of every list but a master-slave group's.
const ITEM: Schema = Schema {
    fields: &ItemField::MEMBER_NAMES,
    ignored: &[],
};

/// The fields of a master-slave group's item: with `ServerType` (R40).
const MASTER_SLAVE_ITEM: Schema = Schema {
    fields: &ItemField::NAMES,
    ignored: &[],
};

/// Where an item is: its list and its index there, in a call of `action`.
#[derive(Debug, Clone, Copy)]
pub(super) struct At {
    pub(super) list: List,
    pub(super) index: usize,
    pub(super) action: Action,
}

impl At {
    /// The path of the item's field `key`.
    fn field(self, key: &str) -> Path {
        Path::field_in(self.list, self.index, key)
    }
}

/// An item whose `ServerId` could be read: where it came from. The cross-item rules work on
/// these, beside the server the item names.
#[derive(Debug)]
pub(super) struct Owner<'k> {
    pub(super) index: usize,
    /// The `ServerIp` key as written, for paths.
    pub(super) server_ip_key: &'k str,
    /// Whether the item had no error of its own.
    pub(super) ok: bool,
    /// Whether its identity (R18) could be read: not so for an `eni` or `eci` item whose
    /// `ServerIp` is invalid (the IP is part of its identity).
    pub(super) identified: bool,
}

/// A field's outcome.
enum Judged<T> {
    Absent,
    Valid(T),
    Invalid,
}

impl<T> Judged<T> {
    fn ok(self) -> Option<T> {
        match self {
            Judged::Valid(v) => Some(v),
            Judged::Absent | Judged::Invalid => None,
        }
    }
}

/// Checks item `index`, whose fields are `fields` in the order sent: the server it names, when
/// its `ServerId` could be read (defaults applied, fields with errors left out).
pub(super) fn check<'k>(
    at: At,
    fields: &'k [Field<'k>],
    items: &'k Items<'k>,
    out: &mut Findings,
) -> Option<(BackendServer, Owner<'k>)> {
    let (index, action) = (at.index, at.action);
    let errors_before = out.error_count();
    let master_slave = at.list == List::MasterSlaveBackendServers;
    let schema = if master_slave {
        &MASTER_SLAVE_ITEM
    } else {
        &ITEM
    };
    // R5
    let slots = schema.sort::<_, { ItemField::ALL.len() }>(
        fields
            .iter()
            .map(|f| (items.key(f.key), f.key.known().map(|k| k as usize), f.value)),
        |key| at.field(key),
        // The same field twice in one item is always a duplicate.
        None::<fn(usize, &FieldValue<'_>, &FieldValue<'_>) -> bool>,
        out,
    );
    let mut item = ItemCheck { at, slots, out };
    // What RemoveBackendServers does not read is not judged (R31): a warning says it is ignored.
    let remove = action == Action::RemoveBackendServers;
    let (server_id, named) = item.server_id();
    let weight = item.weight(action);
    // R9
    let description = if remove {
        Judged::Absent
    } else {
        item.text(
            ItemField::Description,
            "description",
            Code::InvalidParameterDescription,
            Description::judge,
            |_| Code::InvalidParameterDescription,
        )
    };
    // R10
    let type_field = item.text(
        ItemField::Type,
        "type",
        Code::BackendServerInvalidType,
        ServerType::judge,
        |_| Code::BackendServerInvalidType,
    );
    // R14, R15: a Remove reads the IP only of a server known by it. An `ecs` item's empty IP
    // is no IP (the Kubernetes controller sends one with every ECS member).
    let keyed_by_ip = kind(named.as_ref(), &type_field).keyed_by_ip();
    let ip_read = !remove || keyed_by_ip;
    let empty_ip = !keyed_by_ip && item.empty_server_ip();
    let server_ip = if empty_ip {
        Judged::Absent
    } else if ip_read {
        item.text(
            ItemField::ServerIp,
            "server ip",
            Code::InvalidParameterServerIp,
            ServerIp::judge,
            |e| match e {
                ServerIpError::Ipv6 { .. } => Code::LbNotSupportIpv6Backend,
                _ => Code::InvalidParameterServerIp,
            },
        )
    } else {
        Judged::Absent
    };
    // R16, R38
    let port = if remove {
        Judged::Absent
    } else {
        item.number(
            ItemField::Port,
            "port",
            Port::judge,
            Code::InvalidParameterPort,
        )
    };
    if action.is_group_call() && matches!(port, Judged::Absent) {
        let code = if master_slave {
            Code::BackendServerPortCanNotEmpty
        } else {
            Code::MissingParameterPort
        };
        item.out.push(Finding::fixed(
            code,
            at.field("Port"),
            "port is missing; expected the port the server listens on, 1 to 65535, which a server group's member needs",
        ));
    }
    // R40
    let role = if master_slave {
        item.text(
            ItemField::ServerType,
            "server type",
            Code::InvalidServerType,
            ServerRole::judge,
            |_| Code::InvalidServerType,
        )
    } else {
        Judged::Absent
    };
    let server_type = item.server_type(named, &type_field, &server_ip, action);
    item.read_by(action, &weight, ip_read);

    let owner = Owner {
        index,
        server_ip_key: item.key(ItemField::ServerIp),
        ok: item.out.error_count() == errors_before,
        identified: !(server_type.keyed_by_ip() && matches!(server_ip, Judged::Invalid)),
    };
    // Defaults applied, but for a Set's weight (R31: it may keep the member's).
    let weight = match weight {
        Judged::Valid(weight) => Some(weight),
        _ if action.is_set() => None,
        _ => Some(Weight::default()),
    };
    // A master-slave item without `ServerType` is a `Master` (the API's default).
    let role = match role {
        Judged::Valid(role) => Some(role),
        _ if master_slave => Some(ServerRole::Master),
        _ => None,
    };
    let server = BackendServer::from_checked(
        server_id?,
        server_type,
        weight,
        server_ip.ok(),
        port.ok(),
        description.ok(),
    )
    .with_role(role);
    Some((server, owner))
}

/// A server id as sent, with the kind of server its prefix names (R11 to R13).
struct Named<'t> {
    kind: ServerType,
    text: Cow<'t, str>,
}

/// The kind the API will use (R11 to R13): the valid `Type`, else the kind the id's prefix
/// names, else `ecs`.
fn kind(named: Option<&Named<'_>>, type_field: &Judged<ServerType>) -> ServerType {
    match (type_field, named) {
        (Judged::Valid(t), _) => *t,
        (_, Some(named)) => named.kind,
        (_, None) => ServerType::default(),
    }
}

/// One item being checked: where it is, its fields by [`ItemField`], and where findings go.
struct ItemCheck<'k, 'o> {
    at: At,
    slots: Slots<'k, FieldValue<'k>, { ItemField::ALL.len() }>,
    out: &'o mut Findings,
}

impl<'k> ItemCheck<'k, '_> {
    /// The key of `field` as written, or its name when the item has none or it is `null`
    /// (an absent field is named canonically by every rule).
    fn key(&self, field: ItemField) -> &'k str {
        self.read(field).map_or(field.name(), |(k, _)| k)
    }

    /// The key and value of `field`, unless it is absent or `null`.
    fn read(&self, field: ItemField) -> Option<(&'k str, FieldValue<'k>)> {
        self.slots
            .get(field as usize)
            .copied()
            .filter(|(_, v)| !v.is_null())
    }

    fn push(&mut self, code: Code, path: Path, message: impl Into<String>) {
        self.out.push(Finding::new(code, path, message));
    }

    /// R6: the server id, when it could be read; and, when it is text, the kind its prefix
    /// names with that text, for R11 to R13 (even when the id itself is invalid).
    fn server_id(&mut self) -> (Option<ServerId>, Option<Named<'k>>) {
        let at = self.at;
        // A master-slave group's call has its own code for a missing id.
        let missing = if at.list == List::MasterSlaveBackendServers {
            Code::BackendServerIdCanNotEmpty
        } else {
            Code::MissingParameterServerId
        };
        let Some((key, value)) = self.read(ItemField::ServerId) else {
            self.out.push(Finding::fixed(
                missing,
                at.field("ServerId"),
                "server id is missing",
            ));
            return (None, None);
        };
        let text = match value.value() {
            Value::Str(text) => text,
            other => {
                let path = at.field(key);
                let finding =
                    not_a_string(Code::InvalidParameterServerId, path, "server id", &other);
                self.out.push(finding);
                return (None, None);
            }
        };
        let code = |e: &ServerIdError| match e {
            ServerIdError::Empty => missing,
            _ => Code::InvalidParameterServerId,
        };
        let id = self.judged(ServerId::parse(&text), code, key).ok();
        if let Some(id) = id.as_ref().filter(|id| id.kind().is_none()) {
            self.push(
                Code::UnrecognizedServerId,
                at.field(key),
                message_with(|m| {
                    m.push_str("server id ");
                    write_shown(m, id.as_str())?;
                    m.write_str(
                        " does not start with \"i-\", \"eni-\" or \"eci-\"; its type cannot be checked",
                    )
                }),
            );
        }
        let named = ServerId::kind_of(&text).map(|kind| Named { kind, text });
        (id, named)
    }

    /// R14: whether `ServerIp` is the empty string, which an `ecs` item's is taken as absent
    /// with a warning.
    fn empty_server_ip(&mut self) -> bool {
        let Some((key, value)) = self.read(ItemField::ServerIp) else {
            return false;
        };
        let empty = matches!(value.value(), Value::Str(text) if text.is_empty());
        if empty {
            let path = self.at.field(key);
            self.out.push(Finding::fixed(
                Code::ServerIpEmptyIgnored,
                path,
                "server ip is empty and is ignored: an ecs server is known by its id; expected the field left out",
            ));
        }
        empty
    }

    /// R31: what `SetBackendServers` and `RemoveBackendServers` read of an item. A Set without
    /// `Weight` may reset the weight to 100 (the docs do not say); a Remove reads no `Port`, no
    /// `Description`, and no `ServerIp` of a server not known by its IP (`ip_read`).
    fn read_by(&mut self, action: Action, weight: &Judged<Weight>, ip_read: bool) {
        let at = self.at;
        match action {
            _ if action.is_set() && matches!(weight, Judged::Absent) => self.push(
                Code::SetBackendServersWeightMissing,
                at.field("Weight"),
                format!("weight is missing; {action} may keep the weight or set it to the default 100 (the docs do not say), expected the weight the server is to have"),
            ),
            Action::RemoveBackendServers => {
                let ip = (!ip_read).then_some(ItemField::ServerIp);
                for field in [ItemField::Port, ItemField::Description].into_iter().chain(ip) {
                    if let Some((key, _)) = self.read(field) {
                        self.push(
                            Code::RemoveBackendServersFieldIgnored,
                            at.field(key),
                            message_with(|m| {
                                m.push_str("field ");
                                write_shown(m, key)?;
                                m.write_str(
                                    " is ignored by RemoveBackendServers, which reads ServerId, Type, Weight, and ServerIp of an eni or eci server; expected it left out",
                                )
                            }),
                        );
                    }
                }
            }
            _ => {}
        }
    }

    /// R7 and R8: the weight (R8 is no warning for a Remove, which takes the server away).
    fn weight(&mut self, action: Action) -> Judged<Weight> {
        let weight = self.number(
            ItemField::Weight,
            "weight",
            Weight::judge,
            Code::InvalidWeightMalformed,
        );
        let zero = matches!(&weight, Judged::Valid(w) if w.is_zero());
        if zero && !action.is_remove() {
            let path = self.at.field(self.key(ItemField::Weight));
            self.out.push(Finding::fixed(
                Code::ZeroWeight,
                path,
                "weight 0 means the server receives no requests",
            ));
        }
        weight
    }

    /// R11, R12 and R13: the type the API will use, from `Type` or else the id's prefix, and
    /// whether the server's kind has what it needs.
    fn server_type(
        &mut self,
        named: Option<Named<'_>>,
        type_field: &Judged<ServerType>,
        server_ip: &Judged<ServerIp>,
        action: Action,
    ) -> ServerType {
        let server_type = kind(named.as_ref(), type_field);
        // The path is made only for a finding (a valid item makes none).
        let (at, type_key) = (self.at, self.key(ItemField::Type));
        let type_path = || at.field(type_key);
        match (type_field, named) {
            (Judged::Absent, Some(Named { kind: k, text: id })) if k.keyed_by_ip() => {
                self.push(
                    Code::MissingParameterType,
                    type_path(),
                    message_with(|m| {
                        m.push_str("type is missing; server id ");
                        write_shown(m, &id)?;
                        m.push_str(" names ");
                        m.push_str(k.describe());
                        m.push_str(", which needs \"Type\": ");
                        write_shown(m, k.as_str())
                    }),
                );
            }
            (Judged::Valid(t), Some(Named { kind: k, text: id })) if *t != k => {
                self.push(
                    Code::InvalidParameterTypeMismatch,
                    type_path(),
                    message_with(|m| {
                        m.push_str("type ");
                        write_shown(m, t.as_str())?;
                        m.push_str(" does not match server id ");
                        write_shown(m, &id)?;
                        m.push_str(", which names ");
                        m.push_str(k.describe());
                        m.push_str(" (");
                        write_shown(m, k.as_str())?;
                        m.write_str(")")
                    }),
                );
            }
            _ => {}
        }
        if server_type.keyed_by_ip() && matches!(server_ip, Judged::Absent) {
            let path = self.at.field(self.key(ItemField::ServerIp));
            if action == Action::RemoveBackendServers {
                // R31: the call may still take the server away; which of its IPs is meant
                // cannot be told.
                self.push(
                    Code::RemoveBackendServersServerIpMissing,
                    path,
                    message_with(|m| {
                        m.push_str("server ip is missing; a server of type ");
                        write_shown(m, server_type.as_str())?;
                        m.write_str(
                            " is known by its id and IP, so which of its IPs RemoveBackendServers removes cannot be told; expected the IP of the member to remove",
                        )
                    }),
                );
            } else {
                self.push(
                    Code::MissingParameterServerIp,
                    path,
                    message_with(|m| {
                        m.push_str("server ip is missing; a server of type ");
                        write_shown(m, server_type.as_str())?;
                        m.write_str(" needs one")
                    }),
                );
            }
        }
        server_type
    }

    /// A field that must be a JSON string: `invalid` is its code for a value of another kind,
    /// `code` picks the code for a string its type refuses (judged in place: `judge`'s error
    /// keeps no copy of the text).
    fn text<T, E: WriteMessage + WriteAbout>(
        &mut self,
        field: ItemField,
        what: &str,
        invalid: Code,
        parse: impl Fn(&str) -> Result<T, E>,
        code: impl Fn(&E) -> Code,
    ) -> Judged<T> {
        let Some((key, value)) = self.read(field) else {
            return Judged::Absent;
        };
        match value.value() {
            Value::Str(s) => self.judged_in_place(parse(&s), &s, code, key),
            other => {
                let finding = not_a_string(invalid, self.at.field(key), what, &other);
                self.out.push(finding);
                Judged::Invalid
            }
        }
    }

    /// A field that may be a JSON string or a JSON integer, both read by the same plain-decimal
    /// grammar (R7, R16).
    fn number<T, E: WriteMessage + WriteAbout>(
        &mut self,
        field: ItemField,
        what: &str,
        parse: impl Fn(&str) -> Result<T, E>,
        code: Code,
    ) -> Judged<T> {
        let Some((key, value)) = self.read(field) else {
            return Judged::Absent;
        };
        let path = || self.at.field(key);
        let value = value.value();
        let text = match &value {
            Value::Str(s) => s.as_ref(),
            Value::Number(n) => n,
            Value::BadString => {
                self.out.push(not_a_string(code, path(), what, &value));
                return Judged::Invalid;
            }
            other => {
                let message = format!(
                    "{what} must be a string or an integer, found {}",
                    other.kind().with_article()
                );
                self.push(code, path(), message);
                return Judged::Invalid;
            }
        };
        self.judged_in_place(parse(text), text, |_| code, key)
    }

    /// As [`ItemCheck::judged`], for an error judged in place: its message is about `text`.
    fn judged_in_place<T, E: WriteMessage + WriteAbout>(
        &mut self,
        parsed: Result<T, E>,
        text: &str,
        code: impl Fn(&E) -> Code,
        key: &str,
    ) -> Judged<T> {
        match parsed {
            Ok(v) => Judged::Valid(v),
            Err(e) => {
                let path = self.at.field(key);
                self.out
                    .push(Finding::of_error_about(code(&e), path, &e, text));
                Judged::Invalid
            }
        }
    }

    /// A field's parsed value, or the finding (with the code `code` picks) for its error.
    fn judged<T, E: WriteMessage>(
        &mut self,
        parsed: Result<T, E>,
        code: impl Fn(&E) -> Code,
        key: &str,
    ) -> Judged<T> {
        match parsed {
            Ok(v) => Judged::Valid(v),
            Err(e) => {
                let path = self.at.field(key);
                self.out.push(Finding::of_error(code(&e), path, &e));
                Judged::Invalid
            }
        }
    }
}
