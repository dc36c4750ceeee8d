//! What the hub gathers for the doctor, as plain data: no SDK type crosses into core.

use std::collections::BTreeMap;
use std::fmt;

/// A call that could not be made, with the SDK's error: a fact like any other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallFailure {
    /// The IAM action, e.g. `organizations:ListAccounts`.
    pub call: String,
    /// The service's error code, when it gave one (`AccessDeniedException`).
    pub code: Option<String>,
    /// The error's text, with its sources.
    pub message: String,
}

impl CallFailure {
    /// A failure of `call`.
    pub fn new(call: impl Into<String>, code: Option<String>, message: impl Into<String>) -> Self {
        Self {
            call: call.into(),
            code,
            message: message.into(),
        }
    }

    fn code_has(&self, needles: &[&str]) -> bool {
        let code = self
            .code
            .as_deref()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let message = self.message.to_ascii_lowercase();
        needles
            .iter()
            .any(|needle| code.contains(needle) || message.contains(needle))
    }

    /// Whether the caller was refused (not a transient failure).
    pub fn is_denied(&self) -> bool {
        self.code_has(&[
            "accessdenied",
            "unauthorized",
            "notauthorized",
            "authorizationerror",
        ])
    }

    /// The fix, by the kind of failure.
    pub fn hint(&self) -> String {
        let call = &self.call;
        if self.code_has(&["awsorganizationsnotinuse"]) {
            return "this account is not in an organization: run `autotag doctor` with credentials of the management account or a delegated administrator".to_owned();
        }
        if self.is_denied() {
            return format!(
                "the caller may not call `{call}`: allow it in the caller's IAM policy (docs/doctor.md lists every action) and run from the management account or a delegated administrator"
            );
        }
        if self.code_has(&["throttl", "toomanyrequests", "ratelimit"]) {
            return format!("AWS throttled `{call}`: run `autotag doctor` again in a minute");
        }
        format!(
            "`{call}` failed: fix the cause above and run `autotag doctor` again (AUTOTAG_LOG=debug shows each request)"
        )
    }
}

impl fmt::Display for CallFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.code {
            Some(code) => write!(f, "{}: {code}: {}", self.call, self.message),
            None => write!(f, "{}: {}", self.call, self.message),
        }
    }
}

/// A fact, or why it could not be gathered.
pub type Gathered<T> = Result<T, CallFailure>;

/// As whom StackSets are read: the management account itself, or a delegated administrator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CallAs {
    /// The management account (`SELF`).
    #[default]
    SelfAccount,
    /// A delegated StackSets administrator (`DELEGATED_ADMIN`).
    DelegatedAdmin,
}

impl CallAs {
    /// The `--call-as` argument of the AWS CLI to add to a hint.
    pub fn cli_arg(self) -> &'static str {
        match self {
            Self::SelfAccount => "",
            Self::DelegatedAdmin => " --call-as DELEGATED_ADMIN",
        }
    }
}

/// Everything the doctor looks at.
#[derive(Debug, Clone)]
pub struct Facts {
    /// The caller's ARN (`sts:GetCallerIdentity`).
    pub caller: Gathered<String>,
    /// As whom StackSets were read.
    pub call_as: CallAs,
    /// The hub's region: where the hub stack is, and where the StackSets are administered.
    pub hub_region: String,
    /// The organization.
    pub organization: OrganizationFacts,
    /// Every trail the hub region sees, shadow trails of other regions included.
    pub trails: Gathered<Vec<TrailInfo>>,
    /// The hub stack.
    pub hub_stack: HubStackFacts,
    /// The spoke roles StackSet.
    pub roles_stack_set: StackSetFacts,
    /// The spoke rules StackSet.
    pub rules_stack_set: StackSetFacts,
    /// The management account's own spoke role and rules, read as the management account
    /// (`--call-as self`); `None` from a delegated administrator, which cannot see them.
    pub management: Option<ManagementFacts>,
    /// The organization's active accounts (`organizations:ListAccounts`).
    pub accounts: Gathered<Vec<String>>,
    /// The test `AssumeRole` per active account; `None` when skipped (`--skip-assume`).
    pub assumed: Option<Vec<AssumeResult>>,
    /// Where the SCPs must be attached, as the operator said (`--scp-target`), on top of the
    /// OUs the StackSets deploy to.
    pub scp_targets: Vec<String>,
}

impl Facts {
    /// The management account's id, as the organization names it.
    pub fn management_account(&self) -> Option<&str> {
        self.organization
            .organization
            .as_ref()
            .ok()
            .and_then(|o| o.management_account.as_deref())
    }
}

/// The organization and its policies.
#[derive(Debug, Clone)]
pub struct OrganizationFacts {
    /// `organizations:DescribeOrganization`.
    pub organization: Gathered<OrganizationInfo>,
    /// The service principals with trusted access
    /// (`organizations:ListAWSServiceAccessForOrganization`).
    pub trusted_services: Gathered<Vec<String>>,
    /// `organizations:ListRoots`.
    pub roots: Gathered<Vec<RootInfo>>,
    /// The SCPs named after the install (`<install>-protect-tags*`), with their content and
    /// targets.
    pub scps: Gathered<Vec<ScpInfo>>,
}

/// The organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationInfo {
    /// `o-...`.
    pub id: String,
    /// `ALL` or `CONSOLIDATED_BILLING`.
    pub feature_set: String,
    /// The management account's id.
    pub management_account: Option<String>,
}

/// A root of the organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootInfo {
    /// `r-...`.
    pub id: String,
    /// Policy types and their status on this root (`SERVICE_CONTROL_POLICY`, `ENABLED`).
    pub policy_types: Vec<(String, String)>,
}

/// A service control policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScpInfo {
    /// `p-...`.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its document (`organizations:DescribePolicy`).
    pub content: Gathered<String>,
    /// The roots, OUs and accounts it is attached to (`organizations:ListTargetsForPolicy`).
    pub targets: Gathered<Vec<String>>,
}

/// A trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrailInfo {
    /// Its name.
    pub name: String,
    /// Its ARN, when known.
    pub arn: Option<String>,
    /// Its home region.
    pub home_region: Option<String>,
    /// Whether it logs every account of the organization.
    pub organization: bool,
    /// Whether it logs every region.
    pub multi_region: bool,
    /// Whether it is logging (`cloudtrail:GetTrailStatus`).
    pub logging: Gathered<bool>,
    /// What it records (`cloudtrail:GetEventSelectors`).
    pub selectors: Gathered<EventSelectors>,
}

/// A trail's event selectors: classic or advanced (a trail has one kind or the other).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventSelectors {
    /// `EventSelectors`.
    Classic(Vec<ClassicSelector>),
    /// `AdvancedEventSelectors`.
    Advanced(Vec<AdvancedSelector>),
}

/// A classic event selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassicSelector {
    /// `All`, `ReadOnly` or `WriteOnly`.
    pub read_write: String,
    /// `IncludeManagementEvents`.
    pub management: bool,
}

/// An advanced event selector: every field selector must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdvancedSelector {
    /// Its name, if any.
    pub name: Option<String>,
    /// Its field selectors.
    pub fields: Vec<FieldSelector>,
}

/// One field of an advanced event selector.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldSelector {
    /// `eventCategory`, `readOnly`, `eventSource`, ...
    pub field: String,
    /// `Equals`.
    pub equals: Vec<String>,
    /// `NotEquals`.
    pub not_equals: Vec<String>,
}

/// The hub stack, looked up by name in the hub region.
#[derive(Debug, Clone)]
pub struct HubStackFacts {
    /// The name looked up.
    pub name: String,
    /// The stack, `None` when it does not exist.
    pub stack: Gathered<Option<StackInfo>>,
}

/// A stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackInfo {
    /// `CREATE_COMPLETE`, `UPDATE_ROLLBACK_COMPLETE`, ...
    pub status: String,
    /// Why it is in that status.
    pub status_reason: Option<String>,
    /// Its parameters.
    pub parameters: BTreeMap<String, String>,
    /// Its outputs.
    pub outputs: BTreeMap<String, String>,
}

/// A StackSet and its instances.
#[derive(Debug, Clone)]
pub struct StackSetFacts {
    /// The name looked up.
    pub name: String,
    /// The StackSet, `None` when it does not exist.
    pub stack_set: Gathered<Option<StackSetInfo>>,
    /// Its instances (`cloudformation:ListStackInstances`, every page).
    pub instances: Gathered<Vec<InstanceInfo>>,
}

/// What covers the management account, which service-managed StackSets never deploy to: the
/// organization stack deployed with `CallAs=SELF` creates its spoke role as a resource of its
/// own and its spoke rules through a self-managed StackSet.
#[derive(Debug, Clone)]
pub struct ManagementFacts {
    /// The self-managed StackSet `<install>-spoke-rules-management` and its instances, read
    /// with `CallAs` `SELF`.
    pub rules_stack_set: StackSetFacts,
    /// The spoke role, as the caller's account has it (`iam:GetRole`); `None` when it does
    /// not exist.
    pub role: Gathered<Option<RoleInfo>>,
}

/// An IAM role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleInfo {
    /// Its ARN.
    pub arn: String,
    /// Its path, `/` or `/a/b/`.
    pub path: String,
}

/// A StackSet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackSetInfo {
    /// `ACTIVE` or `DELETED`.
    pub status: String,
    /// Its parameters (`NoEcho` ones come back as `****`).
    pub parameters: BTreeMap<String, String>,
    /// The template it deploys.
    pub template_body: Option<String>,
    /// The OUs it deploys to (service-managed).
    pub organizational_units: Vec<String>,
}

/// One stack instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceInfo {
    /// The account.
    pub account: String,
    /// The region.
    pub region: String,
    /// `CURRENT`, `OUTDATED` or `INOPERABLE`.
    pub status: String,
    /// `SUCCEEDED`, `FAILED`, `PENDING`, ... when given.
    pub detailed_status: Option<String>,
    /// Why it is in that status.
    pub status_reason: Option<String>,
    /// The OU it was deployed through (service-managed).
    pub organizational_unit: Option<String>,
}

/// The test `AssumeRole` into one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumeResult {
    /// The account.
    pub account: String,
    /// The role assumed.
    pub role_arn: String,
    /// What happened.
    pub outcome: AssumeOutcome,
}

/// What the test `AssumeRole` gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssumeOutcome {
    /// Credentials were issued.
    Assumed,
    /// The account is outside `scope.accounts`: not tried, as the hub never assumes into it.
    OutOfScope,
    /// The call failed.
    Failed(CallFailure),
}
