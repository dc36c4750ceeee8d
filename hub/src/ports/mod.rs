//! Ports: what the processing logic needs from the outside world, in domain words.
//!
//! Real adapters live in `aws/`; tests use in-memory fakes. No SDK type crosses these traits.

pub mod memory;

use std::fmt;

use std::collections::BTreeMap;

use async_trait::async_trait;
use autotag_core::admission::decide::{Facts, RepositoryKey};
use autotag_core::arn::Region;
use autotag_core::inherit::{ParentRef, ParentStamp, PrincipalRef};
use autotag_core::plan::TagPlan;
use autotag_core::session::IssuedSession;
use serde::{Deserialize, Serialize};

/// An error from an adapter, with its cause chain kept.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What happened to one resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum ResourceStatus {
    /// These tag keys were written.
    Tagged {
        /// The keys written.
        keys: Vec<String>,
    },
    /// Every planned key was already present; nothing was written.
    AlreadyStamped,
    /// The resource no longer exists; nothing can be written.
    Gone {
        /// What AWS said.
        reason: String,
    },
}

/// One resource's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResourceReport {
    /// The resource.
    pub arn: String,
    /// Its result.
    #[serde(flatten)]
    pub status: ResourceStatus,
}

/// How a failure should be treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// Throttling, a 5xx, a timeout: trying again later should work.
    Transient,
    /// Access denied: needs a fix to the spoke role or an SCP, then a replay.
    Denied,
    /// Anything else.
    Other,
}

/// A resource that could not be tagged.
#[derive(Debug)]
pub struct ResourceFailure {
    /// The resource, or the account/region target when the whole plan failed.
    pub arn: String,
    /// The AWS operation that failed, e.g. `ec2:CreateTags`.
    pub operation: &'static str,
    /// How to treat it.
    pub kind: FailureKind,
    /// The cause.
    pub source: BoxError,
}

impl fmt::Display for ResourceFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` failed for `{}`: ", self.operation, self.arn)?;
        // Print the whole cause chain: SDK errors say only "service error" at the top.
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(self.source.as_ref());
        let mut first = true;
        while let Some(err) = cause {
            if !first {
                f.write_str(": ")?;
            }
            write!(f, "{err}")?;
            first = false;
            cause = err.source();
        }
        Ok(())
    }
}

/// The result of applying one plan: per-resource successes and failures.
#[derive(Debug, Default)]
pub struct ApplyReport {
    /// Resources handled, tagged or not.
    pub resources: Vec<ResourceReport>,
    /// Resources that could not be handled.
    pub failures: Vec<ResourceFailure>,
}

impl ApplyReport {
    /// Adds another report's results.
    pub fn absorb(&mut self, other: ApplyReport) {
        self.resources.extend(other.resources);
        self.failures.extend(other.failures);
    }

    /// A report in which every resource of `arns` failed the same way.
    pub fn all_failed(
        arns: impl IntoIterator<Item = String>,
        operation: &'static str,
        kind: FailureKind,
        message: &str,
    ) -> Self {
        Self {
            resources: Vec::new(),
            failures: arns
                .into_iter()
                .map(|arn| ResourceFailure {
                    arn,
                    operation,
                    kind,
                    source: message.to_owned().into(),
                })
                .collect(),
        }
    }
}

/// Writes a plan's tags in its spoke account.
#[async_trait]
pub trait ResourceTagger: Send + Sync + fmt::Debug {
    /// Applies `plan`: for each resource, writes the planned tags whose keys it lacks. Never
    /// overwrites. Partial failure is reported per resource, never dropped.
    async fn apply(&self, plan: &TagPlan) -> ApplyReport;

    /// Applies the plans of one batch, a report per plan in their order. An adapter that can
    /// serve several plans with one call (one read for all their resources, one write per
    /// distinct tag set) does; this default applies them one by one. No two plans name the
    /// same resource: the processor hands plans that do to separate calls, in order, so the
    /// first stamp written stands.
    async fn apply_all(&self, plans: &[&TagPlan]) -> Vec<ApplyReport> {
        let mut reports = Vec::with_capacity(plans.len());
        for plan in plans {
            reports.push(self.apply(plan).await);
        }
        reports
    }
}

/// Where events that cannot be processed go, with their reason.
#[async_trait]
pub trait DeadLetters: Send + Sync + fmt::Debug {
    /// Stores `body` with `reason`; an error means it was not stored and must not be dropped.
    async fn park(&self, body: &str, reason: &str) -> Result<(), BoxError>;
}

/// Where issued STS sessions are kept until their credentials expire, keyed by access key id
/// and the account whose CloudTrail recorded them.
#[async_trait]
pub trait SessionStore: Send + Sync + fmt::Debug {
    /// Keeps `session` once: `Ok(false)` when a session with the same access key id and
    /// account is already kept (a redelivery), which stays as it was: a record is never
    /// overwritten, so a later event cannot rewrite whose session it was.
    async fn remember(&self, session: &IssuedSession) -> Result<bool, BoxError>;
    /// The session whose temporary access key id is `access_key_id`, recorded in `account`.
    async fn find(
        &self,
        access_key_id: &str,
        account: &str,
    ) -> Result<Option<IssuedSession>, BoxError>;
}

/// Identity facts read in the spoke accounts: principals' IAM tags and launching parents'
/// stamps.
#[async_trait]
pub trait Directory: Send + Sync + fmt::Debug {
    /// The IAM user's or role's tags; `None` when it no longer exists.
    async fn principal_tags(
        &self,
        principal: &PrincipalRef,
        region: &Region,
        partition: &str,
    ) -> Result<Option<BTreeMap<String, String>>, ResourceFailure>;

    /// The stack id on a resource's `aws:cloudformation:stack-id` tag, if it carries one.
    async fn stack_of_resource(
        &self,
        account: &autotag_core::arn::AccountId,
        region: &Region,
        partition: &str,
        arn: &str,
    ) -> Result<Option<String>, ResourceFailure>;

    /// An Auto Scaling parent's name and owner tag (`owner_key`); `None` when it cannot be
    /// found (yet). Stacks are not in the spokes but in the hub's [`StampLedger`].
    async fn parent_stamp(
        &self,
        account: &autotag_core::arn::AccountId,
        region: &Region,
        partition: &str,
        parent: &ParentRef,
        owner_key: &str,
    ) -> Result<Option<ParentStamp>, ResourceFailure>;
}

/// A stamp as the hub's ledger keeps it: written once, when autotag first stamped the resource
/// (or, for the `ledger` route, instead of writing it on the resource).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerStamp {
    /// The account the resource lives in.
    pub account: String,
    /// Its region (`us-east-1` for global services).
    pub region: String,
    /// The API family that tags it, so the stamp can be restored without the event.
    pub route: autotag_core::registry::Route,
    /// Its type, as the registry names it (`ec2:instance`).
    pub resource_type: String,
    /// The tags autotag wrote (or keeps), key to value.
    pub tags: BTreeMap<String, String>,
    /// The CloudTrail event (or EventBridge event) the stamp came from.
    pub event_id: String,
    /// When the stamp was recorded, RFC 3339.
    pub recorded_at: String,
}

/// The hub's ledger of stamps, keyed by resource ARN.
#[async_trait]
pub trait StampLedger: Send + Sync + fmt::Debug {
    /// Records `stamp` for `arn` unless one is recorded; says whether this call wrote it.
    async fn record(&self, arn: &str, stamp: &LedgerStamp) -> Result<bool, BoxError>;
    /// Records each `(arn, stamp)` unless one is recorded, a result per entry in their order:
    /// what [`StampLedger::record`] says for each. An adapter that can write several records
    /// in one call does; this default records them one by one.
    async fn record_all(&self, stamps: &[(String, LedgerStamp)]) -> Vec<Result<bool, BoxError>> {
        let mut results = Vec::with_capacity(stamps.len());
        for (arn, stamp) in stamps {
            results.push(self.record(arn, stamp).await);
        }
        results
    }
    /// The stamp recorded for `arn`.
    async fn find(&self, arn: &str) -> Result<Option<LedgerStamp>, BoxError>;
    /// Every recorded stamp, by ARN (the auditor's comparison with live tags).
    async fn all(&self) -> Result<BTreeMap<String, LedgerStamp>, BoxError>;
}

/// What the hub reads about a pushed ECR image and its repository, as the spoke's auto-tag
/// role: the image's config blob (whose `config.Labels` are compared with the repository's
/// tags) and the repository's tags. Never writes: ECR images carry no tags.
///
/// A failure names the repository and says by its [`FailureKind`] whether trying again may
/// help: `Transient` (throttling, 5xx, timeouts, the network) and `Denied` are retried through
/// the push's queue message; `Other` (the image or repository gone, no config blob) is final.
#[async_trait]
pub trait ImageFacts: Send + Sync + fmt::Debug {
    /// The raw config blob of the pushed image.
    async fn config_blob(
        &self,
        push: &autotag_core::ecr::push::ImagePush,
    ) -> Result<Vec<u8>, ResourceFailure>;
    /// The repository's tags now.
    async fn repository_tags(
        &self,
        push: &autotag_core::ecr::push::ImagePush,
    ) -> Result<BTreeMap<String, String>, ResourceFailure>;
}

/// What recording a label check did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelRecord {
    /// Kept as the repository's latest, in place of `previous` (none: the first kept).
    Kept {
        /// The check it replaced.
        previous: Option<autotag_core::ecr::check::LabelCheck>,
    },
    /// Not kept: a later push's check is.
    Superseded,
}

/// The hub's record of image pushes' label checks, beside the stamps in the same ledger: the
/// latest check per repository ARN, for `autotag audit`'s `labels` column. Stamp and
/// enforcement records are untouched by it.
#[async_trait]
pub trait LabelLedger: Send + Sync + fmt::Debug {
    /// Keeps `check` as its repository's latest unless a check of a later push is kept
    /// (by [`autotag_core::ecr::check::LabelCheck::order_time`]); says which.
    async fn record_label_check(
        &self,
        check: &autotag_core::ecr::check::LabelCheck,
    ) -> Result<LabelRecord, BoxError>;
    /// The latest check of each of `repository_arns` that has one, by repository ARN: read by
    /// key, so an audit's cost follows the repositories it shows, not the ledger's size.
    async fn label_checks(
        &self,
        repository_arns: &[String],
    ) -> Result<BTreeMap<String, autotag_core::ecr::check::LabelCheck>, BoxError>;
}

/// Where the hub tells the security team what it saw and did (an SNS topic).
#[async_trait]
pub trait Alerts: Send + Sync + fmt::Debug {
    /// Publishes one alert; an error means it was not sent.
    async fn publish(&self, subject: &str, message: &str) -> Result<(), BoxError>;
}

/// Puts a queue message back to be delivered again after a delay of our choosing, where the
/// consumer (Lambda) would otherwise wait for the queue's whole visibility timeout.
#[async_trait]
pub trait Redelivery: Send + Sync + fmt::Debug {
    /// Makes the message `receipt_handle` of the queue `queue_arn` visible again in `seconds`.
    async fn redeliver_after(
        &self,
        queue_arn: &str,
        receipt_handle: &str,
        seconds: i32,
    ) -> Result<(), BoxError>;
    /// Sends `body` to the queue `queue_arn` again as a new message, delivered in `seconds`
    /// (at most 900): its receive count starts again from zero.
    async fn requeue(&self, queue_arn: &str, body: &str, seconds: i32) -> Result<(), BoxError>;
}

/// A version of the policy file as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPolicy {
    /// The TOML text.
    pub text: String,
    /// The store's version of it; a new version means the text may have changed.
    pub version: String,
}

/// Where the hub's policy is kept outside its code (an SSM parameter), so one package serves
/// every organization and a policy change needs no deployment.
#[async_trait]
pub trait PolicyStore: Send + Sync + fmt::Debug {
    /// The policy's current version.
    async fn fetch(&self) -> Result<StoredPolicy, BoxError>;
}

/// Where enforcement's messages go: the owner (SES, when the owner stamp is an email address)
/// and the security team (SNS topic, chat webhook). Delivering never blocks tagging.
#[async_trait]
pub trait Notifier: Send + Sync + fmt::Debug {
    /// Delivers one message; an error means it was not delivered (after the adapter's own
    /// retries), and the caller records that.
    async fn deliver(
        &self,
        notification: &autotag_core::enforce::notify::Notification,
    ) -> Result<(), BoxError>;
}

/// The hub's record of enforcement, beside the stamps in the same ledger: per resource ARN and
/// rule, the last step of the rule's ladder reached and when (core's
/// [`autotag_core::enforce::LastAction`]), so due dates survive between runs without a server.
/// Stamp records are untouched by it.
#[async_trait]
pub trait EnforcementLedger: Send + Sync + fmt::Debug {
    /// The last step recorded for `arn` under each of `rules` that has one.
    async fn last_actions(
        &self,
        arn: &str,
        rules: &[&str],
    ) -> Result<BTreeMap<String, autotag_core::enforce::LastAction>, BoxError>;
    /// Records that `rule`'s ladder reached `last.action` on `arn` at `last.at`, replacing what
    /// was recorded.
    async fn reached(
        &self,
        arn: &str,
        rule: &str,
        last: autotag_core::enforce::LastAction,
    ) -> Result<(), BoxError>;
    /// Forgets `rule`'s ladder state on `arn` (it complies again, is exempt or out of scope), so
    /// that a later breach starts from the first step.
    async fn forget(&self, arn: &str, rule: &str) -> Result<(), BoxError>;
}

/// Where a resource is, for the enforcement actions that change it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnforceTarget {
    /// The resource's ARN.
    pub arn: String,
    /// Its registry type (`ec2:instance`), which picks the API.
    pub resource_type: String,
    /// Its account.
    pub account: autotag_core::arn::AccountId,
    /// Its region (the bucket's region for S3).
    pub region: Region,
}

/// What enforcement does to a resource in its spoke account. Unlike [`ResourceTagger`], which
/// never overwrites, these write the given values over what is there: only the mark keys are
/// ever passed, and only they are ever removed.
#[async_trait]
pub trait EnforcementActions: Send + Sync + fmt::Debug {
    /// Writes `tags` on the resource, replacing the values of keys it already has.
    async fn set_tags(
        &self,
        target: &EnforceTarget,
        tags: &BTreeMap<String, String>,
    ) -> Result<(), ResourceFailure>;
    /// Removes `keys` from the resource (absent keys are no error).
    async fn remove_tags(
        &self,
        target: &EnforceTarget,
        keys: &[String],
    ) -> Result<(), ResourceFailure>;
    /// Stops the resource (EC2 `StopInstances`).
    async fn stop(&self, target: &EnforceTarget) -> Result<(), ResourceFailure>;
    /// Terminates the resource (EC2 `TerminateInstances`).
    async fn terminate(&self, target: &EnforceTarget) -> Result<(), ResourceFailure>;
    /// Reads the resource as it is now: its tags, and for an instance its state and details.
    async fn observe(&self, target: &EnforceTarget) -> Result<Observed, ResourceFailure>;
}

/// One resource as [`EnforcementActions::observe`] read it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observed {
    /// Its tags.
    pub tags: BTreeMap<String, String>,
    /// Its life state (`NotApplicable` for types without one).
    pub state: autotag_core::enforce::ResourceState,
    /// What messages show about it.
    pub details: autotag_core::enforce::Details,
}

/// The settings of the ECR repositories a Kubernetes workload's images come from, which the
/// admission webhook holds to the `[admission]` rules.
#[async_trait]
pub trait RepositoryFacts: Send + Sync + fmt::Debug {
    /// What the repository `key` names is: found with its settings, not found, or unknown
    /// with why (throttled, no permission). Never an error: a repository whose settings
    /// cannot be read is [`Facts::Unknown`], and the `[admission]` settings say what that
    /// means for the image.
    async fn facts(&self, key: &RepositoryKey) -> Facts;
}
