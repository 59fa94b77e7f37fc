//! The shapes of the Describe responses this crate reads, as the API returns them (JSON). Only
//! the fields the rules use are named; every other field is ignored.
//!
//! Relied on (public API docs and SDK models of 2014-05-15 SLB and ECS/ECI):
//! - `DescribeLoadBalancerAttribute`: `LoadBalancerId`, `LoadBalancerStatus`
//!   (`active`/`inactive`/`locked`), `AddressType` (`internet`/`intranet`), `NetworkType`
//!   (`vpc`/`classic`), `VpcId`, `LoadBalancerSpec`, `InstanceChargeType`, `TunnelType`, and
//!   `BackendServers.BackendServer[]` with `ServerId`, `Weight` (an integer), `Type`, `ServerIp`,
//!   `Description`.
//! - `DescribeInstances`: `Instances.Instance[]` with `InstanceId`, `Status`,
//!   `InstanceNetworkType`, `VpcAttributes.VpcId`, `VpcAttributes.PrivateIpAddress.IpAddress[]`,
//!   `InnerIpAddress.IpAddress[]` and `NetworkInterfaces.NetworkInterface[]` (`PrimaryIpAddress`,
//!   `PrivateIpSets.PrivateIpSet[].PrivateIpAddress`).
//! - `DescribeNetworkInterfaces`: `NetworkInterfaceSets.NetworkInterfaceSet[]` with
//!   `NetworkInterfaceId`, `Status`, `VpcId`, `PrivateIpAddress`,
//!   `PrivateIpSets.PrivateIpSet[].PrivateIpAddress`.
//! - `DescribeContainerGroups`: `ContainerGroups[]` with `ContainerGroupId`, `Status`, `VpcId`,
//!   `IntranetIp`.
//! - `DescribeVServerGroupAttribute`: `VServerGroupId`, `LoadBalancerId`,
//!   and `BackendServers.BackendServer[]` with `ServerId`, `Port` and `Weight` (integers, or
//!   strings as a 2021 doc example writes them), `Type`, `ServerIp`, `Description` (absent when
//!   unset).

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct LoadBalancerAttribute {
    pub(super) load_balancer_id: String,
    pub(super) region_id: Option<String>,
    pub(super) load_balancer_status: Option<String>,
    pub(super) address_type: Option<String>,
    pub(super) network_type: Option<String>,
    pub(super) vpc_id: Option<String>,
    pub(super) load_balancer_spec: Option<String>,
    pub(super) instance_charge_type: Option<String>,
    pub(super) tunnel_type: Option<String>,
    pub(super) backend_servers: Option<Members>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct Members {
    #[serde(default)]
    pub(super) backend_server: Vec<Member>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct VServerGroupAttribute {
    #[serde(rename = "VServerGroupId")]
    pub(super) vserver_group_id: String,
    pub(super) load_balancer_id: Option<String>,
    pub(super) backend_servers: Option<Members>,
}

/// A member as listed; its values are checked by the value types when the facts are read.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct Member {
    pub(super) server_id: Option<String>,
    pub(super) weight: Option<Value>,
    /// A vServer group's member's port.
    pub(super) port: Option<Value>,
    #[serde(rename = "Type")]
    pub(super) server_type: Option<String>,
    pub(super) server_ip: Option<String>,
    pub(super) description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct Instances {
    pub(super) instances: InstanceList,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct InstanceList {
    #[serde(default)]
    pub(super) instance: Vec<Instance>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct Instance {
    pub(super) instance_id: Option<String>,
    pub(super) status: Option<String>,
    pub(super) instance_network_type: Option<String>,
    #[serde(default)]
    pub(super) vpc_attributes: VpcAttributes,
    #[serde(default)]
    pub(super) inner_ip_address: IpAddresses,
    #[serde(default)]
    pub(super) network_interfaces: InstanceInterfaces,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct VpcAttributes {
    pub(super) vpc_id: Option<String>,
    #[serde(default)]
    pub(super) private_ip_address: IpAddresses,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct IpAddresses {
    #[serde(default)]
    pub(super) ip_address: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct InstanceInterfaces {
    #[serde(default)]
    pub(super) network_interface: Vec<InstanceInterface>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct InstanceInterface {
    pub(super) primary_ip_address: Option<String>,
    #[serde(default)]
    pub(super) private_ip_sets: PrivateIpSets,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct PrivateIpSets {
    #[serde(default)]
    pub(super) private_ip_set: Vec<PrivateIpSet>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct PrivateIpSet {
    pub(super) private_ip_address: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct NetworkInterfaces {
    pub(super) network_interface_sets: NetworkInterfaceList,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct NetworkInterfaceList {
    #[serde(default)]
    pub(super) network_interface_set: Vec<NetworkInterface>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct NetworkInterface {
    pub(super) network_interface_id: Option<String>,
    pub(super) status: Option<String>,
    pub(super) vpc_id: Option<String>,
    pub(super) private_ip_address: Option<String>,
    #[serde(default)]
    pub(super) private_ip_sets: PrivateIpSets,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ContainerGroups {
    #[serde(default)]
    pub(super) container_groups: Vec<ContainerGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ContainerGroup {
    pub(super) container_group_id: Option<String>,
    pub(super) status: Option<String>,
    pub(super) vpc_id: Option<String>,
    pub(super) intranet_ip: Option<String>,
}
