//! The pure half of `autotag doctor` (issue 15): a preflight and health check of a deployment.
//!
//! The hub gathers [`Facts`] (the organization, its trails, the hub stack, the StackSets and
//! their instances, the management account's own spoke role and rules, one `AssumeRole` per
//! account) and the CLI reads the rendered files from
//! disk; [`evaluate`] turns them into [`Check`]s, one line each, and [`render_checks`] writes
//! them as a table, JSON lines or CSV. A failed gather is a fact too ([`CallFailure`]): it
//! becomes a failing line with the SDK's error text, never an aborted run.
//!
//! Every failing line carries a fix hint: a concrete command or console step.

mod agreement;
mod assume;
mod facts;
mod management;
mod organization;
mod render;
mod stacks;
mod trail;

#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::policy::TagPolicy;

pub use facts::{
    AdvancedSelector, AssumeOutcome, AssumeResult, CallAs, CallFailure, ClassicSelector,
    EventSelectors, Facts, FieldSelector, Gathered, HubStackFacts, InstanceInfo, ManagementFacts,
    OrganizationFacts, OrganizationInfo, RoleInfo, RootInfo, ScpInfo, StackInfo, StackSetFacts,
    StackSetInfo, TrailInfo,
};
pub use render::{render_checks, write_checks};

/// The service principal of CloudFormation StackSets' trusted access.
pub const STACKSETS_PRINCIPAL: &str = "member.org.stacksets.cloudformation.amazonaws.com";

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// As it should be.
    Pass,
    /// Works, but worth a look.
    Warn,
    /// Broken: autotag will miss or mis-stamp resources until it is fixed.
    Fail,
}

impl Status {
    /// `pass`, `warn` or `fail`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Warn => "warn",
            Self::Fail => "fail",
        }
    }
}

/// What part of the deployment a check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    /// Who runs the doctor.
    Caller,
    /// Organizations: feature set, trusted access, SCPs.
    Organization,
    /// CloudTrail: the organization trail.
    Trail,
    /// The hub stack.
    HubStack,
    /// The spoke StackSets and their instances.
    #[serde(rename = "stackset")]
    StackSet,
    /// Agreement of the config, the stacks and the rendered files.
    Config,
    /// The test `AssumeRole` into each account.
    AssumeRole,
}

impl Area {
    /// The area's name as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Caller => "caller",
            Self::Organization => "organization",
            Self::Trail => "trail",
            Self::HubStack => "hub-stack",
            Self::StackSet => "stackset",
            Self::Config => "config",
            Self::AssumeRole => "assume-role",
        }
    }
}

/// One line of the doctor's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// What part of the deployment.
    pub area: Area,
    /// What exactly: an account and region, a trail's name, a stack's name.
    pub subject: String,
    /// How it came out.
    pub status: Status,
    /// What was found.
    pub detail: String,
    /// How to fix it; always present on a failing line.
    pub hint: Option<String>,
}

impl Check {
    /// A passing line.
    pub fn pass(area: Area, subject: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            area,
            subject: subject.into(),
            status: Status::Pass,
            detail: detail.into(),
            hint: None,
        }
    }

    /// A warning, with what to do about it.
    pub fn warn(
        area: Area,
        subject: impl Into<String>,
        detail: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self::with_hint(
            area,
            subject.into(),
            Status::Warn,
            detail.into(),
            hint.into(),
        )
    }

    /// A failure, with its fix.
    pub fn fail(
        area: Area,
        subject: impl Into<String>,
        detail: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self::with_hint(
            area,
            subject.into(),
            Status::Fail,
            detail.into(),
            hint.into(),
        )
    }

    fn with_hint(
        area: Area,
        subject: String,
        status: Status,
        detail: String,
        hint: String,
    ) -> Self {
        Self {
            area,
            subject,
            status,
            detail,
            hint: Some(hint),
        }
    }

    /// The failing line for a call that could not be made: its error text, and a hint by the
    /// error's kind (denied, throttled, anything else).
    pub fn call_failed(area: Area, subject: impl Into<String>, failure: &CallFailure) -> Self {
        Self::fail(area, subject, failure.to_string(), failure.hint())
    }
}

/// Whether any check failed: the doctor's exit status.
pub fn any_failed(checks: &[Check]) -> bool {
    checks.iter().any(|c| c.status == Status::Fail)
}

/// Every check of a deployment: the gathered `facts`, and `on_disk`, the text of each file
/// [`crate::render::render_all`] lists, read under the CLI's `--root` (`None`: not there).
pub fn evaluate(
    policy: &TagPolicy,
    facts: &Facts,
    on_disk: &std::collections::BTreeMap<String, Option<String>>,
) -> Vec<Check> {
    let mut checks = Vec::new();
    checks.push(assume::caller(facts));
    let targets = stacks::expected_scp_targets(facts);
    checks.extend(organization::evaluate(
        policy,
        &facts.organization,
        &targets,
    ));
    checks.extend(trail::evaluate(&facts.trails));
    checks.extend(stacks::hub_stack(policy, &facts.hub_stack, facts));
    checks.extend(stacks::stack_sets(policy, facts));
    checks.extend(management::evaluate(policy, facts));
    checks.extend(agreement::rendered_files(policy, on_disk));
    checks.extend(agreement::deployed(policy, facts));
    checks.extend(assume::assume_roles(policy, facts));
    checks
}
