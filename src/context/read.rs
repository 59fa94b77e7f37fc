//! Reading facts from the API's own Describe responses into a [`Context`], each told apart by
//! its shape (`describe.rs`), every value through the value types' constructors.

use serde_json::Value;

use super::describe;
use super::{
    Context, ContextError, LoadBalancerFacts, Member, Network, ServerFacts, VServerGroupFacts,
};
use crate::call::BackendServer;
use crate::text::Shown;
use crate::types::{Port, ServerId, ServerIp, ServerType, Weight};

const LOAD_BALANCER_SHAPE: &str = "DescribeLoadBalancerAttribute";
const VSERVER_GROUP_SHAPE: &str = "DescribeVServerGroupAttribute";
const SERVER_SHAPES: &str =
    "DescribeInstances, DescribeNetworkInterfaces or DescribeContainerGroups";
const ANY_SHAPE: &str =
    "DescribeLoadBalancerAttribute, DescribeVServerGroupAttribute, DescribeInstances, DescribeNetworkInterfaces or DescribeContainerGroups";

/// Whether `value` is a vServer group's response: it names the group (and its load balancer).
fn is_vserver_group_shape(value: &Value) -> bool {
    value.get("VServerGroupId").is_some()
}

impl Context {
    /// Reads any of the four Describe responses, told apart by shape.
    ///
    /// # Errors
    /// [`ContextError`] when the text is not JSON, is none of the four shapes, holds a value
    /// that cannot be read, or contradicts facts already held.
    pub fn add_document(&mut self, text: &str) -> Result<(), ContextError> {
        self.add_document_value(parse(text)?)
    }

    /// As [`Context::add_document`], for a response the caller holds as a JSON value already.
    ///
    /// # Errors
    /// As [`Context::add_document`].
    pub fn add_document_value(&mut self, value: Value) -> Result<(), ContextError> {
        if is_server_shape(&value) {
            self.read_servers(value)
        } else if is_vserver_group_shape(&value) {
            self.read_vserver_group(value)
        } else if value.get("LoadBalancerId").is_some() {
            self.read_load_balancer(value)
        } else {
            Err(ContextError::UnrecognizedShape {
                expected: ANY_SHAPE,
            })
        }
    }

    /// Reads a `DescribeLoadBalancerAttribute` response.
    ///
    /// # Errors
    /// As [`Context::add_document`]; also when the text is another Describe response.
    pub fn add_load_balancer(&mut self, text: &str) -> Result<(), ContextError> {
        self.add_load_balancer_value(parse(text)?)
    }

    /// As [`Context::add_load_balancer`], for a response held as a JSON value.
    ///
    /// # Errors
    /// As [`Context::add_load_balancer`].
    pub fn add_load_balancer_value(&mut self, value: Value) -> Result<(), ContextError> {
        if is_server_shape(&value)
            || is_vserver_group_shape(&value)
            || value.get("LoadBalancerId").is_none()
        {
            return Err(ContextError::UnrecognizedShape {
                expected: LOAD_BALANCER_SHAPE,
            });
        }
        self.read_load_balancer(value)
    }

    /// Reads a `DescribeVServerGroupAttribute` response: the group whose members a group call
    /// changes.
    ///
    /// # Errors
    /// As [`Context::add_document`]; also when the text is another Describe response, a member
    /// has no `Port`, or the group belongs to another load balancer than the one whose facts
    /// the context holds.
    pub fn add_vserver_group(&mut self, text: &str) -> Result<(), ContextError> {
        self.add_vserver_group_value(parse(text)?)
    }

    /// As [`Context::add_vserver_group`], for a response held as a JSON value.
    ///
    /// # Errors
    /// As [`Context::add_vserver_group`].
    pub fn add_vserver_group_value(&mut self, value: Value) -> Result<(), ContextError> {
        if is_server_shape(&value) || !is_vserver_group_shape(&value) {
            return Err(ContextError::UnrecognizedShape {
                expected: VSERVER_GROUP_SHAPE,
            });
        }
        self.read_vserver_group(value)
    }

    /// Reads another vServer group's `DescribeVServerGroupAttribute` response: its members count
    /// toward the load balancer's quota ([`Context::add_other_group_facts`]).
    ///
    /// # Errors
    /// As [`Context::add_vserver_group`]; as [`Context::add_other_group_facts`].
    pub fn add_other_group(&mut self, text: &str) -> Result<(), ContextError> {
        let value = parse(text)?;
        if is_server_shape(&value) || !is_vserver_group_shape(&value) {
            return Err(ContextError::UnrecognizedShape {
                expected: VSERVER_GROUP_SHAPE,
            });
        }
        let facts = vserver_group_facts(value)?;
        self.add_other_group_facts(facts)
    }

    /// Reads a `DescribeInstances`, `DescribeNetworkInterfaces` or `DescribeContainerGroups`
    /// response.
    ///
    /// # Errors
    /// As [`Context::add_document`]; also when the text is a load balancer's response.
    pub fn add_servers(&mut self, text: &str) -> Result<(), ContextError> {
        self.add_servers_value(parse(text)?)
    }

    /// As [`Context::add_servers`], for a response held as a JSON value.
    ///
    /// # Errors
    /// As [`Context::add_servers`].
    pub fn add_servers_value(&mut self, value: Value) -> Result<(), ContextError> {
        if !is_server_shape(&value) {
            return Err(ContextError::UnrecognizedShape {
                expected: SERVER_SHAPES,
            });
        }
        self.read_servers(value)
    }

    fn read_load_balancer(&mut self, value: Value) -> Result<(), ContextError> {
        let lb: describe::LoadBalancerAttribute = from_value(value, LOAD_BALANCER_SHAPE)?;
        let mut members = Vec::new();
        for (n, m) in lb
            .backend_servers
            .unwrap_or_default()
            .backend_server
            .into_iter()
            .enumerate()
        {
            members.push(member(n, m, false)?);
        }
        let facts = LoadBalancerFacts {
            id: lb.load_balancer_id,
            region_id: lb.region_id.filter(|r| !r.is_empty()),
            // A value this crate does not know is not known: its rules are unchecked.
            status: lb.load_balancer_status.and_then(|s| s.parse().ok()),
            address_type: lb.address_type.and_then(|s| s.parse().ok()),
            network_type: lb.network_type.and_then(|s| s.parse().ok()),
            vpc_id: lb.vpc_id.filter(|v| !v.is_empty()),
            spec: lb.load_balancer_spec.filter(|s| !s.is_empty()),
            pay_by_clcu: lb.instance_charge_type.as_deref() == Some("PayByCLCU"),
            tunnel_type: lb.tunnel_type.and_then(|s| s.parse().ok()),
            members: members.into(),
            member_ips: Vec::new(),
        };
        self.set_load_balancer(facts)
    }

    fn read_vserver_group(&mut self, value: Value) -> Result<(), ContextError> {
        let facts = vserver_group_facts(value)?;
        self.set_vserver_group(facts)
    }

    fn read_servers(&mut self, value: Value) -> Result<(), ContextError> {
        let mut found: Vec<(String, ServerFacts)> = Vec::new();
        if value.get("Instances").is_some() {
            let list: describe::Instances = from_value(value, "DescribeInstances")?;
            for i in list.instances.instance {
                let id = required(i.instance_id, "Instances.Instance[].InstanceId")?;
                let mut ips = i.vpc_attributes.private_ip_address.ip_address;
                ips.extend(i.inner_ip_address.ip_address);
                for nic in i.network_interfaces.network_interface {
                    ips.extend(nic.primary_ip_address);
                    ips.extend(
                        nic.private_ip_sets
                            .private_ip_set
                            .into_iter()
                            .filter_map(|s| s.private_ip_address),
                    );
                }
                let network = match i.instance_network_type.as_deref() {
                    Some("classic") => Some(Network::Classic),
                    Some("vpc") => Some(Network::Vpc(required(
                        i.vpc_attributes.vpc_id.filter(|v| !v.is_empty()),
                        "VpcAttributes.VpcId of a VPC instance",
                    )?)),
                    _ => None,
                };
                let facts = server(&id, ServerType::Ecs, i.status, network, ips)?;
                found.push((id, facts));
            }
        } else if value.get("NetworkInterfaceSets").is_some() {
            let list: describe::NetworkInterfaces = from_value(value, "DescribeNetworkInterfaces")?;
            for e in list.network_interface_sets.network_interface_set {
                let id = required(
                    e.network_interface_id,
                    "NetworkInterfaceSet[].NetworkInterfaceId",
                )?;
                let mut ips: Vec<String> = e.private_ip_address.into_iter().collect();
                ips.extend(
                    e.private_ip_sets
                        .private_ip_set
                        .into_iter()
                        .filter_map(|s| s.private_ip_address),
                );
                let network = e.vpc_id.filter(|v| !v.is_empty()).map(Network::Vpc);
                let facts = server(&id, ServerType::Eni, e.status, network, ips)?;
                found.push((id, facts));
            }
        } else {
            let list: describe::ContainerGroups = from_value(value, "DescribeContainerGroups")?;
            for g in list.container_groups {
                let id = required(g.container_group_id, "ContainerGroups[].ContainerGroupId")?;
                let network = g.vpc_id.filter(|v| !v.is_empty()).map(Network::Vpc);
                let ips = g.intranet_ip.into_iter().collect();
                let facts = server(&id, ServerType::Eci, g.status, network, ips)?;
                found.push((id, facts));
            }
        }
        self.add_server_facts(found)
    }
}

/// A `DescribeVServerGroupAttribute` response's facts, its members read (not yet checked).
fn vserver_group_facts(value: Value) -> Result<VServerGroupFacts, ContextError> {
    let group: describe::VServerGroupAttribute = from_value(value, VSERVER_GROUP_SHAPE)?;
    let mut members = Vec::new();
    for (n, m) in group
        .backend_servers
        .unwrap_or_default()
        .backend_server
        .into_iter()
        .enumerate()
    {
        members.push(member(n, m, true)?);
    }
    Ok(VServerGroupFacts {
        id: required(Some(group.vserver_group_id), "VServerGroupId")?,
        load_balancer_id: group.load_balancer_id.filter(|l| !l.is_empty()),
        members: members.into(),
        member_ips: Vec::new(),
    })
}

fn parse(text: &str) -> Result<Value, ContextError> {
    serde_json::from_str(text)
        .map_err(|e| ContextError::NotJson(crate::text::escaped_message(&e.to_string())))
}

fn is_server_shape(value: &Value) -> bool {
    ["Instances", "NetworkInterfaceSets", "ContainerGroups"]
        .iter()
        .any(|k| value.get(k).is_some())
}

fn from_value<T: serde::de::DeserializeOwned>(
    value: Value,
    shape: &str,
) -> Result<T, ContextError> {
    serde_json::from_value(value).map_err(|e| {
        ContextError::Malformed(format!("{shape}: {}", crate::text::escaped(&e.to_string())))
    })
}

fn required(value: Option<String>, what: &str) -> Result<String, ContextError> {
    value
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ContextError::Malformed(format!("{what} is missing")))
}

/// A listed member; a group's (`grouped`) with its port.
fn member(n: usize, m: describe::Member, grouped: bool) -> Result<Member, ContextError> {
    let bad = |what: &str, e: &dyn std::fmt::Display| {
        ContextError::Malformed(format!("BackendServers.BackendServer[{n}].{what}: {e}"))
    };
    let server_id = ServerId::parse(&required(
        m.server_id,
        &format!("BackendServers.BackendServer[{n}].ServerId"),
    )?)
    .map_err(|e| bad("ServerId", &e))?;
    let server_type = match m.server_type.as_deref() {
        None | Some("") => ServerType::default(),
        Some(t) => ServerType::parse(t).map_err(|e| bad("Type", &e))?,
    };
    let weight = match m.weight {
        None | Some(Value::Null) => Weight::DEFAULT,
        Some(Value::Number(n)) => Weight::parse(&n.to_string()).map_err(|e| bad("Weight", &e))?,
        Some(Value::String(s)) => Weight::parse(&s).map_err(|e| bad("Weight", &e))?,
        Some(_) => return Err(bad("Weight", &"expected an integer")),
    };
    // A group's member's port (a load balancer's listing has none).
    let port = match m.port.filter(|_| grouped) {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(Port::parse(&n.to_string()).map_err(|e| bad("Port", &e))?),
        Some(Value::String(s)) => Some(Port::parse(&s).map_err(|e| bad("Port", &e))?),
        Some(_) => return Err(bad("Port", &"expected an integer")),
    };
    let server_ip = match m.server_ip.as_deref() {
        None | Some("") => None,
        Some(ip) => Some(ServerIp::parse(ip).map_err(|e| bad("ServerIp", &e))?),
    };
    let server =
        BackendServer::from_checked(server_id, server_type, Some(weight), server_ip, port, None);
    Ok(if grouped {
        Member::in_group(server, m.description)
    } else {
        Member::new(server, m.description)
    })
}

fn server(
    id: &str,
    kind: ServerType,
    status: Option<String>,
    network: Option<Network>,
    ips: Vec<String>,
) -> Result<ServerFacts, ContextError> {
    let mut parsed = Vec::with_capacity(ips.len());
    for ip in ips.iter().filter(|ip| !ip.is_empty()) {
        match ServerIp::parse(ip) {
            Ok(ip) => parsed.push(ip.get()),
            Err(e) => {
                return Err(ContextError::Malformed(format!(
                    "server {}: {e}",
                    Shown(id)
                )))
            }
        }
    }
    parsed.sort_unstable();
    parsed.dedup();
    Ok(ServerFacts {
        kind,
        status,
        network,
        ips: parsed,
    })
}
