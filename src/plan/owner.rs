//! The members a plan owns (R41): with an owner's prefix, those whose description starts with
//! it; the rest are left alone, and a desired member must be the plan's own.

use crate::call::BackendServer;
use crate::context::{order as identity_order, Member};
use crate::finding::{Code, Finding, Path};
use crate::text::Shown;

use super::key;

/// The members a plan manages (R41): all of them, or with an owner's prefix those whose
/// description starts with it; the others are left alone.
/// Both lists are in the members' order (by identity), borrowed from the facts.
pub(super) struct Owner<'p, 'm> {
    prefix: Option<&'p str>,
    pub(super) owned: Vec<&'m Member>,
    pub(super) foreign: Vec<&'m Member>,
}

impl<'p, 'm> Owner<'p, 'm> {
    pub(super) fn new(prefix: Option<&'p str>, members: &'m [Member]) -> Owner<'p, 'm> {
        let (owned, foreign) = members.iter().partition(|m| match prefix {
            Some(p) => m.description().is_some_and(|d| d.starts_with(p)),
            None => true,
        });
        Owner {
            prefix,
            owned,
            foreign,
        }
    }

    /// The desired members' findings of R41: an item without the owner's description, or one
    /// that is a member not owned.
    pub(super) fn desired_findings(
        &self,
        desired: &[BackendServer],
        grouped: bool,
    ) -> Vec<Finding> {
        let Some(prefix) = self.prefix else {
            return Vec::new();
        };
        let mut findings = Vec::new();
        for (j, server) in desired.iter().enumerate() {
            let foreign = self
                .foreign
                .binary_search_by(|m| identity_order(m.identity(), key(server, grouped)))
                .ok()
                .and_then(|i| self.foreign.get(i));
            if let Some(member) = foreign {
                findings.push(Finding::new(
                    Code::PlanMemberNotOwned,
                    Path::item(j),
                    format!(
                        "backend server {}{} is a member not owned by {} ({}); expected a server this plan owns: that member is someone else's",
                        Shown(server.server_id().as_str()),
                        match server.port().filter(|_| grouped) {
                            Some(port) => format!(" on port {port}"),
                            None => String::new(),
                        },
                        Shown(prefix),
                        match member.description() {
                            Some(d) => format!("its description is {}", Shown(d)),
                            None => "it has no description".to_owned(),
                        }
                    ),
                ));
                continue;
            }
            let description = server.description().map(|d| d.as_str());
            if !description.is_some_and(|d| d.starts_with(prefix)) {
                findings.push(Finding::new(
                    Code::PlanDescriptionNotOwned,
                    Path::field(j, "Description"),
                    match description {
                        Some(d) => format!(
                            "description {} does not start with the owner's prefix {}; expected it to, or the next plan could not tell the member is this plan's",
                            Shown(d),
                            Shown(prefix)
                        ),
                        None => format!(
                            "the item has no description; expected one that starts with the owner's prefix {}, or the next plan could not tell the member is this plan's",
                            Shown(prefix)
                        ),
                    },
                ));
            }
        }
        findings
    }
}
