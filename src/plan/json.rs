//! The plan's JSON (`plan --format json`), a contract other programs rely on:
//!
//! ```text
//! {"valid", "errors", "warnings", "unchecked", "vserver_group_id"?, "load_balancer_id"?, "own"?,
//!  "calls": [{"action", "parameters": {"RegionId"?, "LoadBalancerId" | "VServerGroupId",
//!                                      "BackendServers"},
//!             "backend_servers": [...], "members_after": N}
//!            | {"action": "Wait", "reason": "drain", "seconds": N}],
//!  "summary": {"add", "set", "remove", "unchanged", "calls"},
//!  "members_after": [...]}
//! ```
//!
//! `BackendServers` is the JSON string as sent; `backend_servers` and `members_after` entries
//! are shaped as a report's (every value a string).

use serde::de::{self, Deserializer};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use super::{Plan, Step, Summary};
use crate::call::{BackendServer, CheckedParts, MemberCall};
use crate::context::Member;
use crate::finding::{Finding, Rule, Severity};
use crate::text::Shown;
use crate::types::{Action, LoadBalancerId, RegionId, VServerGroupId};
use crate::wire::{write_server, ServerFields};

impl Plan {
    /// The plan as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl Serialize for Plan {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(8))?;
        map.serialize_entry("valid", &self.is_valid())?;
        map.serialize_entry("errors", &self.errors)?;
        map.serialize_entry("warnings", &self.warnings)?;
        let unchecked: Vec<&str> = self.unchecked().map(Rule::as_str).collect();
        map.serialize_entry("unchecked", &unchecked)?;
        if let Some(id) = &self.vserver_group_id {
            map.serialize_entry("vserver_group_id", id)?;
        }
        if let Some(id) = &self.load_balancer_id {
            map.serialize_entry("load_balancer_id", id)?;
        }
        if let Some(owner) = &self.owner {
            map.serialize_entry("own", owner)?;
        }
        map.serialize_entry("calls", &self.steps)?;
        map.serialize_entry("summary", &self.summary)?;
        let members: Vec<MemberJson<'_>> = self.members_after.iter().map(MemberJson).collect();
        map.serialize_entry("members_after", &members)?;
        map.end()
    }
}

impl Serialize for Step {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Step::Wait { seconds } => {
                let mut map = s.serialize_map(Some(3))?;
                map.serialize_entry("action", "Wait")?;
                map.serialize_entry("reason", "drain")?;
                map.serialize_entry("seconds", seconds)?;
                map.end()
            }
            Step::Call(call) => {
                let request = call.member_call();
                let mut map = s.serialize_map(Some(4))?;
                map.serialize_entry("action", request.action().as_str())?;
                map.serialize_entry("parameters", &Parameters(request))?;
                map.serialize_entry("backend_servers", request.backend_servers())?;
                map.serialize_entry("members_after", &call.members_after())?;
                if let Some(serving) = call.serving_after() {
                    map.serialize_entry("serving_after", &serving)?;
                }
                map.end()
            }
        }
    }
}

/// `{"RegionId"?, "LoadBalancerId", "BackendServers"}` (a group's calls: `{"RegionId",
/// "VServerGroupId", "BackendServers"}`): the call's parameters as sent.
struct Parameters<'a>(&'a MemberCall);

impl Serialize for Parameters<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (key, value) in self.0.parameters() {
            map.serialize_entry(key, &value)?;
        }
        map.end()
    }
}

impl Serialize for Summary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("add", &self.add)?;
        map.serialize_entry("set", &self.set)?;
        map.serialize_entry("remove", &self.remove)?;
        map.serialize_entry("unchanged", &self.unchanged)?;
        map.serialize_entry("calls", &self.calls)?;
        if let Some(foreign) = self.foreign {
            map.serialize_entry("foreign", &foreign)?;
        }
        map.end()
    }
}

/// A member, shaped as a `BackendServers` item, its description as listed.
struct MemberJson<'a>(&'a Member);

impl Serialize for MemberJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        write_server(
            s,
            ServerFields {
                description: self.0.description(),
                ..ServerFields::of(self.0.server())
            },
        )
    }
}

impl<'de> Deserialize<'de> for Plan {
    /// The plan's JSON, as [`Plan::to_json`] writes it; what the writer guarantees is checked
    /// (`valid` is "no error", each finding in the list of its severity, no call in a plan that is
    /// not valid), so a plan read back is one this crate could have made.
    ///
    /// ```
    /// use clb_preflight::{plan, Context, Plan};
    /// use clb_preflight::plan::PlanOptions;
    /// let mut context = Context::new();
    /// context.add_load_balancer(r#"{"LoadBalancerId":"lb-1","BackendServers":{"BackendServer":[]}}"#)?;
    /// let made = plan(r#"[{"ServerId":"i-1"}]"#, &context, PlanOptions::default())?;
    /// let read: Plan = serde_json::from_str(&made.to_json())?;
    /// assert_eq!(read, made);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Plan, D::Error> {
        #[derive(Deserialize)]
        struct Json {
            valid: bool,
            errors: Vec<Finding>,
            warnings: Vec<Finding>,
            #[serde(default)]
            unchecked: Vec<Rule>,
            #[serde(default)]
            vserver_group_id: Option<String>,
            #[serde(default)]
            load_balancer_id: Option<String>,
            #[serde(default)]
            own: Option<String>,
            calls: Vec<StepJson>,
            summary: SummaryJson,
            members_after: Vec<Member>,
        }
        #[derive(Deserialize)]
        struct StepJson {
            action: String,
            #[serde(default)]
            seconds: Option<u32>,
            #[serde(default)]
            parameters: Option<ParametersJson>,
            #[serde(default)]
            backend_servers: Option<Vec<BackendServer>>,
            #[serde(default)]
            members_after: Option<usize>,
            #[serde(default)]
            serving_after: Option<usize>,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct ParametersJson {
            #[serde(default)]
            region_id: Option<RegionId>,
            #[serde(default)]
            load_balancer_id: Option<LoadBalancerId>,
            #[serde(default)]
            v_server_group_id: Option<VServerGroupId>,
        }
        #[derive(Deserialize)]
        struct SummaryJson {
            add: usize,
            set: usize,
            remove: usize,
            unchanged: usize,
            calls: usize,
            #[serde(default)]
            foreign: Option<usize>,
        }
        let json = Json::deserialize(d)?;
        if json.valid != json.errors.is_empty() {
            return Err(de::Error::custom(
                "\"valid\" must be true exactly when \"errors\" is empty",
            ));
        }
        if json.errors.iter().any(|f| f.severity() != Severity::Error)
            || json
                .warnings
                .iter()
                .any(|f| f.severity() != Severity::Warning)
        {
            return Err(de::Error::custom(
                "a finding is in the list of another severity",
            ));
        }
        if !json.valid && !json.calls.is_empty() {
            return Err(de::Error::custom("a plan that is not valid has no calls"));
        }
        let mut steps = Vec::with_capacity(json.calls.len());
        for step in json.calls {
            let parts = (
                step.seconds,
                step.parameters,
                step.backend_servers,
                step.members_after,
            );
            steps.push(match (step.action.as_str(), parts) {
                ("Wait", (Some(seconds), None, None, None)) => Step::Wait { seconds },
                (action, (None, Some(parameters), Some(servers), Some(members_after))) => {
                    let action = Action::parse(action).ok_or_else(|| {
                        de::Error::custom(format!("{} is not an action", Shown(action)))
                    })?;
                    if parameters.load_balancer_id.is_none()
                        && parameters.v_server_group_id.is_none()
                    {
                        return Err(de::Error::custom(
                            "a call's parameters name its load balancer or its vserver group",
                        ));
                    }
                    let call = MemberCall::from_checked(CheckedParts {
                        action,
                        region_id: parameters.region_id,
                        load_balancer_id: parameters.load_balancer_id,
                        vserver_group_id: parameters.v_server_group_id,
                        backend_servers: servers,
                        ..CheckedParts::default()
                    });
                    Step::Call(super::Call {
                        call,
                        members_after,
                        serving_after: step.serving_after,
                    })
                }
                _ => {
                    return Err(de::Error::custom(
                        "a step is a call (\"parameters\", \"backend_servers\", \"members_after\") or a wait (\"seconds\")",
                    ))
                }
            });
        }
        let s = json.summary;
        Ok(Plan {
            errors: json.errors,
            warnings: json.warnings,
            unchecked: json.unchecked.into_iter().collect(),
            load_balancer_id: json.load_balancer_id,
            vserver_group_id: json.vserver_group_id,
            owner: json.own,
            steps,
            summary: Summary {
                add: s.add,
                set: s.set,
                remove: s.remove,
                unchanged: s.unchanged,
                calls: s.calls,
                foreign: s.foreign,
            },
            members_after: json.members_after,
        })
    }
}
