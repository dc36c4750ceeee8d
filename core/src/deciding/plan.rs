//! The plan: from an event and a policy to a decision — tag these resources with these tags,
//! skip the event for a stated reason, or reject it as malformed.
//!
//! Pure: the current time is passed in, and only used to refuse records dated in the future
//! (`dateCreated` itself is always the record's `eventTime`).

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use crate::arn::{AccountId, Arn, Region};
use crate::event::{Event, Origin, Record};
use crate::inherit::{Context, Lookups, ParentRef, PrincipalRef, Resolution, Stamps, resolve};
use crate::json_path::{str_at, strings_at, value_at};
use crate::policy::{TagPolicy, TemplatePart};
use crate::principal::{Principal, PrincipalType};
use crate::registry::{self, ArnContext, CreatedResource, Readiness, Route};
use crate::session::{IssuedSession, is_temporary_key};
use crate::tag_change::{self, TagChange, TagChangeRow};
use crate::tags::{TagKey, TagSet, TagValue};
use crate::trust;

/// How far in the future a record's `eventTime` may be before the record is refused: CloudTrail
/// and the hub's clocks agree to well within this, so anything later is forged or broken.
pub const MAX_CLOCK_SKEW: Duration = Duration::minutes(15);

/// No record is older than CloudTrail, which AWS launched on 13 November 2013: an earlier
/// `eventTime` is forged or broken, and would backdate a stamp.
pub const CLOUDTRAIL_EPOCH: OffsetDateTime = time::macros::datetime!(2013-11-13 00:00 UTC);

/// What to do with one event.
#[derive(Debug, Clone)]
pub struct Decision {
    /// The event's id (EventBridge id, or the record's `eventID`).
    pub id: String,
    /// The principal, when the record names one.
    pub principal: Option<Principal>,
    /// The outcome.
    pub outcome: Outcome,
}

/// The outcomes.
#[derive(Debug, Clone)]
#[allow(
    clippy::large_enum_variant,
    reason = "one decision per event, moved rarely and never stored in bulk"
)]
pub enum Outcome {
    /// Tag the resources.
    Tag(TagPlan),
    /// Remember the temporary credentials an STS call issued, for later events to join.
    Session(Box<IssuedSession>),
    /// Tags of existing resources were added, overwritten or removed: the hub compares the
    /// change with the stamps its ledger holds, and puts back what was removed or overwritten.
    TagChange(Box<TagChange>),
    /// Nothing to do, for a normal reason.
    Skip(SkipReason),
    /// The event is malformed; retrying will not help.
    Reject(String),
}

/// Why an event needs no tagging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// The call failed, so nothing was created.
    FailedCall {
        /// The record's `errorCode`.
        error_code: String,
    },
    /// The record is not an API call (a service event, a console sign-in).
    NotApiCall {
        /// What it is instead.
        kind: String,
    },
    /// autotag has no registry row for the event.
    Unsupported {
        /// `eventSource`.
        event_source: String,
        /// `eventName`.
        event_name: String,
    },
    /// The account is not in the policy's scope.
    OutOfScope {
        /// The account.
        account: AccountId,
    },
    /// The registry lists the event as creating nothing taggable.
    Untaggable {
        /// `eventSource`.
        event_source: String,
        /// `eventName`.
        event_name: String,
        /// Why.
        because: &'static str,
    },
    /// The call updated an existing resource: it does both, and its creation mark says update.
    Updated {
        /// `eventSource`.
        event_source: String,
        /// `eventName`.
        event_name: String,
        /// The mark's path.
        path: &'static str,
        /// What the record holds there.
        found: String,
    },
    /// autotag's own spoke role changed the tags: its writes are the stamps it puts back, and
    /// answering them would loop.
    OwnTagging {
        /// The role's ARN.
        role_arn: String,
    },
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::FailedCall { error_code } => write!(f, "the call failed with `{error_code}`"),
            Self::NotApiCall { kind } => write!(f, "not an API call: `{kind}`"),
            Self::Unsupported {
                event_source,
                event_name,
            } => {
                write!(f, "unsupported event `{event_source}` `{event_name}`")
            }
            Self::OutOfScope { account } => write!(f, "account `{account}` is out of scope"),
            Self::Untaggable {
                event_source,
                event_name,
                because,
            } => write!(
                f,
                "`{event_source}` `{event_name}` is untaggable: {because}"
            ),
            Self::Updated {
                event_source,
                event_name,
                path,
                found,
            } => write!(
                f,
                "`{event_source}` `{event_name}` updated an existing resource (`{path}` is `{found}`)"
            ),
            Self::OwnTagging { role_arn } => {
                write!(
                    f,
                    "the tags were changed by autotag's own role `{role_arn}`"
                )
            }
        }
    }
}

/// The resources of one event that one API family tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteBatch {
    /// The API family.
    pub route: Route,
    /// The resources.
    pub resources: Vec<CreatedResource>,
}

/// A resource autotag knows outside any event (from the ledger, or from listing an account):
/// where it is and how it is tagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownResource {
    /// The account it lives in.
    pub account: AccountId,
    /// Its region (`us-east-1` for global services).
    pub region: Region,
    /// The API family that tags it.
    pub route: Route,
    /// The resource.
    pub resource: CreatedResource,
}

/// Tags to write: where, on what, which.
#[derive(Debug, Clone)]
pub struct TagPlan {
    /// The account the resources live in.
    pub account: AccountId,
    /// The region the call was made in (`us-east-1` for IAM).
    pub region: Region,
    /// The partition, from the region.
    pub partition: &'static str,
    /// Resources grouped by tagging route.
    pub batches: Vec<RouteBatch>,
    /// Whether to also tag the EBS volumes attached to created instances.
    pub tag_attached_volumes: bool,
    /// Whether the resources accept tags at once (the hub retries `when-available` ones).
    pub readiness: Readiness,
    /// The tags to write, stamps first; final once [`TagPlan::resolve`] has merged what the
    /// [`TagPlan::lookups`] found.
    pub tags: TagSet,
    /// The source record's `eventTime`, normalised.
    pub event_time: String,
    /// autotag's own tags before inheritance.
    pub stamps: Stamps,
    /// What to look up before the tags are final.
    pub lookups: Lookups,
    /// What was inherited from where, and what was given up on.
    pub notes: Vec<String>,
    /// Whether to write every tag even over a present key with another value: only plans
    /// that restore a stamp the ledger holds ([`TagPlan::for_resource`]) do; plans from
    /// events never overwrite.
    pub overwrite: bool,
}

impl TagPlan {
    /// A plan that writes `tags`, as autotag's own, on one known resource: a stamp restored
    /// from the ledger (`overwrite`), or backfill's marker on a resource with no creation
    /// record left (write-once). Nothing is looked up or inherited.
    pub fn for_resource(
        known: KnownResource,
        tags: TagSet,
        owner_key: TagKey,
        event_time: OffsetDateTime,
        overwrite: bool,
    ) -> Self {
        let partition = known.region.partition();
        Self {
            account: known.account,
            region: known.region,
            partition,
            batches: vec![RouteBatch {
                route: known.route,
                resources: vec![known.resource],
            }],
            tag_attached_volumes: false,
            readiness: Readiness::Immediate,
            event_time: format_time(event_time),
            stamps: Stamps {
                own: tags.clone(),
                owner_key,
                source_identity: None,
                event_time,
            },
            tags,
            lookups: Lookups::default(),
            notes: Vec::new(),
            overwrite,
        }
    }

    /// Merges the looked-up `context` into the tags (see [`crate::inherit`]); `Err` says what
    /// has not arrived yet, and that the event should be tried again later.
    pub fn resolve(
        &mut self,
        policy: &TagPolicy,
        context: &Context,
        now: OffsetDateTime,
    ) -> Result<(), String> {
        match resolve(&self.stamps, policy, context, now) {
            Resolution::Ready { tags, notes } => {
                self.tags = tags;
                self.notes = notes;
                Ok(())
            }
            Resolution::Wait(reason) => Err(reason),
        }
    }

    /// The planned tags a resource carrying `existing_keys` lacks, fitted under the 50-tag
    /// limit by leaving out inherited and static tags, lowest precedence first: autotag's own
    /// tags are never left out (see [`TagSet::missing_from`]).
    pub fn missing_from<'a>(
        &self,
        existing_keys: impl IntoIterator<Item = &'a str> + Clone,
    ) -> Result<TagSet, crate::tags::TagLimitExceeded> {
        let protected = |key: &TagKey| self.stamps.own.get(key).is_some();
        if self.overwrite {
            // Every key is written, so only the keys the resource lacks take room.
            let lacking = self.tags.missing_from(existing_keys, protected)?;
            return Ok(self
                .tags
                .filtered(|key| lacking.get(key).is_some() || protected(key)));
        }
        self.tags.missing_from(existing_keys, protected)
    }

    /// Every resource ARN in the plan.
    pub fn arns(&self) -> impl Iterator<Item = &Arn> {
        self.batches
            .iter()
            .flat_map(|b| b.resources.iter().map(|r| &r.arn))
    }
}

/// Decides what to do with `event` under `policy`, at time `now`.
pub fn plan(event: &Event, policy: &TagPolicy, now: OffsetDateTime) -> Decision {
    let record = &event.record;
    let principal = record.user_identity().map(Principal::from_user_identity);
    let outcome = decide(event, policy, now, principal.as_ref());
    Decision {
        id: event.id.clone(),
        principal,
        outcome,
    }
}

fn decide(
    event: &Event,
    policy: &TagPolicy,
    now: OffsetDateTime,
    principal: Option<&Principal>,
) -> Outcome {
    let record = &event.record;
    // Only what AWS vouches for chooses the account; an envelope that does not hold up is
    // refused before anything else in the record is read.
    let account = match trust::vouch(event) {
        Ok(voucher) => Ok(voucher.account().clone()),
        Err(distrust) if event.origin == Origin::EventBridge => {
            return Outcome::Reject(distrust.to_string());
        }
        // An operator's record: its account matters only once there is something to do.
        Err(distrust) => Err(distrust.to_string()),
    };
    match (record.event_type(), event.detail_type.as_deref()) {
        (Some("AwsApiCall"), _) => {}
        (Some(other), _) => {
            return Outcome::Skip(SkipReason::NotApiCall {
                kind: other.to_owned(),
            });
        }
        (None, Some(detail_type)) if detail_type != trust::API_CALL_DETAIL_TYPE => {
            return Outcome::Skip(SkipReason::NotApiCall {
                kind: detail_type.to_owned(),
            });
        }
        (None, _) => {}
    }
    let (Some(event_source), Some(event_name)) = (record.event_source(), record.event_name())
    else {
        return Outcome::Reject("record has no `eventSource` or no `eventName`".to_owned());
    };
    if let Some(error_code) = record.error_code() {
        return Outcome::Skip(SkipReason::FailedCall {
            error_code: error_code.to_owned(),
        });
    }
    match IssuedSession::from_record(record) {
        Ok(Some(mut session)) => {
            let account = match in_scope(account, policy) {
                Ok(account) => account,
                Err(outcome) => return *outcome,
            };
            if let Err(reason) = event_time(record, now) {
                return Outcome::Reject(reason);
            }
            session.account = account.to_string();
            return Outcome::Session(Box::new(session));
        }
        Ok(None) => {}
        Err(err) => return Outcome::Reject(err.to_string()),
    }
    let row = registry::lookup(event_source, event_name);
    // A registry row that stamps wins: its event creates. An untaggable one (EC2 `CreateTags`)
    // creates nothing, but changes tags.
    if let Some(change_row) = tag_change::lookup(event_source, event_name)
        && row.is_none_or(|row| row.route == Route::Untaggable)
    {
        return decide_tag_change(event, change_row, policy, now, principal, account);
    }
    let Some(row) = row else {
        return Outcome::Skip(SkipReason::Unsupported {
            event_source: event_source.to_owned(),
            event_name: event_name.to_owned(),
        });
    };
    if row.route == Route::Untaggable {
        return Outcome::Skip(SkipReason::Untaggable {
            event_source: event_source.to_owned(),
            event_name: event_name.to_owned(),
            because: row.untaggable_because,
        });
    }
    if let Some(mark) = row.creation_mark
        && let Some(found) = mark.update_seen(record.json())
    {
        return Outcome::Skip(SkipReason::Updated {
            event_source: event_source.to_owned(),
            event_name: event_name.to_owned(),
            path: mark.path,
            found,
        });
    }
    let account = match in_scope(account, policy) {
        Ok(account) => account,
        Err(outcome) => return *outcome,
    };
    let region = match record.aws_region().map(Region::parse) {
        Some(Ok(region)) => region,
        Some(Err(err)) => return Outcome::Reject(format!("`awsRegion`: {err}")),
        None => return Outcome::Reject("record has no `awsRegion`".to_owned()),
    };
    let event_time = match event_time(record, now) {
        Ok(time) => time,
        Err(reason) => return Outcome::Reject(reason),
    };
    let Some(principal) = principal else {
        return Outcome::Reject("record has no `userIdentity`".to_owned());
    };
    let partition = region.partition();
    let context = ArnContext {
        partition,
        region: &region,
        account: &account,
    };
    let resources = match row.extract(record, context) {
        Ok(resources) if resources.is_empty() => {
            return Outcome::Reject(format!(
                "`{event_name}` succeeded but the record names no created resource"
            ));
        }
        Ok(resources) => resources,
        Err(err) => return Outcome::Reject(err.to_string()),
    };
    // Global services are tagged in their control-plane region, whatever the record says.
    let region = match registry::global_region(event_source, partition).map(Region::parse) {
        Some(Ok(global)) => global,
        _ => region,
    };
    let event_time_text = format_time(event_time);
    let stamps = Stamps {
        own: own_tags(policy, event, principal, &event_time_text),
        owner_key: policy.keys.owner.clone(),
        source_identity: principal.source_identity.clone(),
        event_time,
    };
    let lookups = lookups(policy, record, principal, &account, &resources);
    let mut plan = TagPlan {
        account,
        region,
        partition,
        batches: vec![RouteBatch {
            route: row.route,
            resources,
        }],
        tag_attached_volumes: row.tag_attached_volumes,
        readiness: row.readiness,
        tags: TagSet::new(),
        event_time: event_time_text,
        stamps,
        lookups,
        notes: Vec::new(),
        overwrite: false,
    };
    // Nothing looked up yet: the tags are the event's own, ready for offline planning.
    match plan.resolve(policy, &Context::empty(), now) {
        Ok(()) => Outcome::Tag(plan),
        Err(reason) => Outcome::Reject(reason),
    }
}

/// The tag change a record of `row` made, after the checks every plan makes (scope, region,
/// `eventTime`); a change by autotag's own role is skipped.
fn decide_tag_change(
    event: &Event,
    row: &TagChangeRow,
    policy: &TagPolicy,
    now: OffsetDateTime,
    principal: Option<&Principal>,
    account: Result<AccountId, String>,
) -> Outcome {
    let record = &event.record;
    let account = match in_scope(account, policy) {
        Ok(account) => account,
        Err(outcome) => return *outcome,
    };
    let region = match record.aws_region().map(Region::parse) {
        Some(Ok(region)) => region,
        Some(Err(err)) => return Outcome::Reject(format!("`awsRegion`: {err}")),
        None => return Outcome::Reject("record has no `awsRegion`".to_owned()),
    };
    let event_time = match event_time(record, now) {
        Ok(time) => time,
        Err(reason) => return Outcome::Reject(reason),
    };
    let partition = region.partition();
    let own_role = format!(
        "arn:{partition}:iam::{}:role/{}",
        account.as_str(),
        policy.role_name
    );
    if principal.is_some_and(|p| is_session_of(p, &own_role)) {
        return Outcome::Skip(SkipReason::OwnTagging { role_arn: own_role });
    }
    let context = ArnContext {
        partition,
        region: &region,
        account: &account,
    };
    let (resources, change) = match row.read(record, context) {
        Ok(read) => read,
        Err(err) => return Outcome::Reject(err.to_string()),
    };
    let region = match registry::global_region(row.event_source, partition).map(Region::parse) {
        Some(Ok(global)) => global,
        _ => region,
    };
    Outcome::TagChange(Box::new(TagChange {
        account,
        region,
        partition,
        resources,
        change,
        case_insensitive_keys: row.case_insensitive,
        actor: principal.and_then(|p| p.arn.clone()),
        event_time: format_time(event_time),
    }))
}

/// Whether `principal` is a session of the role `role_arn`: the issuer CloudTrail names, or,
/// when it names none, the session's own ARN (`arn:…:sts::…:assumed-role/<role>/<session>`).
fn is_session_of(principal: &Principal, role_arn: &str) -> bool {
    if principal.kind != PrincipalType::AssumedRole {
        return false;
    }
    if let Some(issuer) = principal.issuer_arn.as_deref() {
        return issuer == role_arn;
    }
    let Some((prefix, role)) = role_arn.split_once(":role/") else {
        return false;
    };
    let session_prefix = format!(
        "{}:assumed-role/{role}/",
        prefix.replacen(":iam:", ":sts:", 1)
    );
    principal
        .arn
        .as_deref()
        .is_some_and(|arn| arn.starts_with(&session_prefix))
}

/// The vouched account, if the policy covers it; else the outcome that says why not.
fn in_scope(
    account: Result<AccountId, String>,
    policy: &TagPolicy,
) -> Result<AccountId, Box<Outcome>> {
    let account = account.map_err(|reason| Box::new(Outcome::Reject(reason)))?;
    if policy.scope.contains(&account) {
        Ok(account)
    } else {
        Err(Box::new(Outcome::Skip(SkipReason::OutOfScope { account })))
    }
}

/// The record's `eventTime`, if it is a time CloudTrail could have written: RFC 3339, not
/// before CloudTrail existed, and not more than [`MAX_CLOCK_SKEW`] after `now`.
fn event_time(record: &Record, now: OffsetDateTime) -> Result<OffsetDateTime, String> {
    let text = record.event_time().unwrap_or_default();
    let time = match record
        .event_time()
        .map(|t| OffsetDateTime::parse(t, &Rfc3339))
    {
        Some(Ok(time)) => time,
        Some(Err(_)) => return Err(format!("`eventTime` `{text}` is not an RFC 3339 time")),
        None => return Err("record has no `eventTime`".to_owned()),
    };
    if time < CLOUDTRAIL_EPOCH {
        return Err(format!(
            "`eventTime` `{text}` is before CloudTrail existed ({})",
            format_time(CLOUDTRAIL_EPOCH)
        ));
    }
    if time > now + MAX_CLOCK_SKEW {
        return Err(format!("`eventTime` `{text}` is in the future"));
    }
    Ok(time)
}

/// The service principal Auto Scaling launches instances as.
const AUTO_SCALING: &str = "autoscaling.amazonaws.com";
/// The tag Auto Scaling puts on the instances it launches.
const AUTO_SCALING_GROUP_TAG: &str = "aws:autoscaling:groupName";
/// The service principal CloudFormation creates stack resources as.
const CLOUDFORMATION: &str = "cloudformation.amazonaws.com";
/// The tag CloudFormation puts on the resources of a stack.
const STACK_ID_TAG: &str = "aws:cloudformation:stack-id";

/// What the plan's tags depend on beyond the record. Sessions and IAM principals are looked
/// up only in `account`, the one EventBridge vouches for: a caller from another account is
/// named by the record alone, so nothing is read on its word.
fn lookups(
    policy: &TagPolicy,
    record: &Record,
    principal: &Principal,
    account: &AccountId,
    resources: &[CreatedResource],
) -> Lookups {
    if let Some(parent) = launching_parent(record, principal, resources) {
        // The service's own session and role say nothing about the human; the parent does.
        return Lookups {
            parent: Some(parent),
            ..Lookups::default()
        };
    }
    let is_session = matches!(
        principal.kind,
        PrincipalType::AssumedRole | PrincipalType::FederatedUser
    );
    let caller_is_local = principal.account_id.as_deref() == Some(account.as_str());
    let session = principal
        .access_key_id
        .clone()
        .filter(|key| is_session && caller_is_local && is_temporary_key(key));
    let principal_ref = policy
        .inherit
        .principal_tags
        .then(|| principal_ref(principal))
        .flatten()
        .filter(|found| found.account() == account);
    Lookups {
        session,
        principal: principal_ref,
        parent: None,
    }
}

/// The IAM user or role whose tags the principal carries.
fn principal_ref(principal: &Principal) -> Option<PrincipalRef> {
    let account_of = |arn: &str| arn.split(':').nth(4).and_then(|a| AccountId::parse(a).ok());
    match principal.kind {
        PrincipalType::IAMUser => {
            let account = principal
                .account_id
                .as_deref()
                .and_then(|a| AccountId::parse(a).ok())
                .or_else(|| principal.arn.as_deref().and_then(account_of))?;
            let name = principal.user_name.clone().or_else(|| {
                principal
                    .arn
                    .as_deref()?
                    .rsplit('/')
                    .next()
                    .map(str::to_owned)
            })?;
            Some(PrincipalRef::User { account, name })
        }
        PrincipalType::AssumedRole => {
            let issuer = principal.issuer_arn.as_deref()?;
            if !issuer.contains(":role/") {
                return None;
            }
            let account = account_of(issuer)?;
            let name = issuer.rsplit('/').next()?.to_owned();
            // Service-linked roles carry no tags anyone set.
            if issuer.contains(":role/aws-service-role/") {
                return None;
            }
            Some(PrincipalRef::Role { account, name })
        }
        _ => None,
    }
}

/// The value of tag `key` in the record's EC2 tag specifications, if any.
fn specified_tag<'a>(record: &'a Record, key: &str) -> Option<&'a str> {
    value_at(record.json(), "requestParameters.tagSpecificationSet.items")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|spec| {
            value_at(spec, "tags")
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
        })
        .find(|tag| str_at(tag, "key") == Some(key))
        .and_then(|tag| str_at(tag, "value"))
}

/// The Auto Scaling group or CloudFormation stack that made the call on a human's behalf.
fn launching_parent(
    record: &Record,
    principal: &Principal,
    resources: &[CreatedResource],
) -> Option<ParentRef> {
    let by = |service: &str| {
        principal.invoked_by.as_deref() == Some(service)
            || record.source_ip_address() == Some(service)
    };
    if by(CLOUDFORMATION) && record.event_name() != Some("CreateStack") {
        if let Some(stack_id) = specified_tag(record, STACK_ID_TAG) {
            return Some(ParentRef::Stack {
                stack_id: stack_id.to_owned(),
            });
        }
        return resources.first().map(|r| ParentRef::StackOfResource {
            arn: r.arn.as_str().to_owned(),
        });
    }
    if record.event_source() != Some("ec2.amazonaws.com")
        || record.event_name() != Some("RunInstances")
    {
        return None;
    }
    let by_auto_scaling =
        by(AUTO_SCALING) || principal.role_name.as_deref() == Some("AWSServiceRoleForAutoScaling");
    if !by_auto_scaling {
        return None;
    }
    let json = record.json();
    if let Some(name) = specified_tag(record, AUTO_SCALING_GROUP_TAG) {
        return Some(ParentRef::AutoScalingGroup {
            name: name.to_owned(),
        });
    }
    let instance_id = resources
        .iter()
        .find(|r| r.resource_type == "ec2:instance")
        .and_then(|r| r.arn.as_str().rsplit('/').next())
        .map(str::to_owned)
        .or_else(|| {
            strings_at(json, "responseElements.instancesSet.items.instanceId")
                .into_iter()
                .next()
                .map(str::to_owned)
        })?;
    Some(ParentRef::AutoScalingInstance { instance_id })
}

/// `eventTime` normalised to UTC, second precision: `2023-07-10T12:05:23Z`. Backfill writes a
/// resource's own creation time the same way ([`crate::audit::unknown_marker`]), so one
/// `dateCreated` format holds whatever wrote it. The caller keeps the UTC year within 0 to 9999.
pub(crate) fn format_time(time: OffsetDateTime) -> String {
    let utc = time.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    )
}

/// autotag's own tags, in precedence order: the stamps, then optional stamps, then templated
/// tags. A key is written once, with its first value. Inherited and static tags come after, in
/// [`crate::inherit::resolve`].
fn own_tags(policy: &TagPolicy, event: &Event, principal: &Principal, event_time: &str) -> TagSet {
    let record = &event.record;
    let keys = &policy.keys;
    let mut tags = TagSet::new();
    let mut put = |key: &TagKey, value: &str| {
        tags.insert_if_absent(key.clone(), TagValue::sanitize(value));
    };
    put(&keys.owner, &principal.owner);
    put(&keys.date_created, event_time);
    let creator = principal
        .arn
        .as_deref()
        .or(principal.invoked_by.as_deref())
        .or(principal.principal_id.as_deref())
        .unwrap_or("unknown");
    put(&keys.created_by, creator);
    let optional = [
        (&keys.invoked_by, principal.invoked_by.as_deref()),
        (&keys.source_ip, record.source_ip_address()),
        (&keys.user_agent, record.user_agent()),
        (&keys.principal_type, Some(principal.kind.as_str())),
    ];
    for (key, value) in optional {
        if let (Some(key), Some(value)) = (key, value) {
            put(key, value);
        }
    }
    for (key, parts) in &policy.template_tags {
        if let Some(value) = render(parts, record.json()) {
            put(key, &value);
        }
    }
    tags
}

fn render(parts: &[TemplatePart], record: &serde_json::Value) -> Option<String> {
    let mut out = String::new();
    for part in parts {
        match part {
            TemplatePart::Literal(text) => out.push_str(text),
            TemplatePart::Field(path) => match value_at(record, path)? {
                serde_json::Value::String(text) => out.push_str(text),
                serde_json::Value::Number(n) => out.push_str(&n.to_string()),
                serde_json::Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                _ => return None,
            },
        }
    }
    Some(out)
}

/// The one-line JSON summary `autotag plan` prints for a decision.
#[derive(Debug, Serialize)]
pub struct DecisionLine<'a> {
    id: &'a str,
    outcome: &'static str,
    reason: Option<String>,
    account: Option<&'a str>,
    region: Option<&'a str>,
    principal: Option<PrincipalLine<'a>>,
    resources: Vec<&'a str>,
    tags: Option<&'a TagSet>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lookups: Option<&'a Lookups>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<SessionLine<'a>>,
    /// For a tag change: what it did (`{"kind": "removed", "keys": [...]}`, `removed_all`,
    /// `set` or `replaced` with `tags`).
    #[serde(skip_serializing_if = "Option::is_none")]
    change: Option<&'a tag_change::Change>,
}

#[derive(Debug, Serialize)]
struct SessionLine<'a> {
    access_key_id: &'a str,
    role_arn: Option<&'a str>,
    issued_to: Option<&'a str>,
    source_identity: Option<&'a str>,
    tags: &'a std::collections::BTreeMap<String, String>,
    transitive_keys: &'a std::collections::BTreeSet<String>,
}

#[derive(Debug, Serialize)]
struct PrincipalLine<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    arn: Option<&'a str>,
    owner: &'a str,
}

impl Decision {
    /// The decision as `autotag plan` prints it.
    pub fn line(&self) -> DecisionLine<'_> {
        let (outcome, reason, plan) = match &self.outcome {
            Outcome::Tag(plan) => ("tag", None, Some(plan)),
            Outcome::Session(_) => ("session", None, None),
            Outcome::TagChange(_) => ("tag_change", None, None),
            Outcome::Skip(reason) => ("skip", Some(reason.to_string()), None),
            Outcome::Reject(reason) => ("reject", Some(reason.clone()), None),
        };
        let session = match &self.outcome {
            Outcome::Session(session) => Some(SessionLine {
                access_key_id: &session.access_key_id,
                role_arn: session.role_arn.as_deref(),
                issued_to: session.issued_to.as_deref(),
                source_identity: session.source_identity.as_deref(),
                tags: &session.tags,
                transitive_keys: &session.transitive_keys,
            }),
            _ => None,
        };
        let changed = match &self.outcome {
            Outcome::TagChange(changed) => Some(changed.as_ref()),
            _ => None,
        };
        DecisionLine {
            id: &self.id,
            outcome,
            reason,
            account: plan
                .map(|p| p.account.as_str())
                .or(changed.map(|c| c.account.as_str())),
            region: plan
                .map(|p| p.region.as_str())
                .or(changed.map(|c| c.region.as_str())),
            principal: self.principal.as_ref().map(|p| PrincipalLine {
                kind: p.kind.as_str(),
                arn: p.arn.as_deref(),
                owner: &p.owner,
            }),
            resources: match (plan, changed) {
                (Some(p), _) => p.arns().map(Arn::as_str).collect(),
                (None, Some(c)) => c.resources.iter().map(Arn::as_str).collect(),
                (None, None) => Vec::new(),
            },
            tags: plan.map(|p| &p.tags),
            lookups: plan.map(|p| &p.lookups).filter(|l| !l.is_empty()),
            notes: plan.map(|p| p.notes.as_slice()).filter(|n| !n.is_empty()),
            session,
            change: changed.map(|c| &c.change),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::parse_document;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2024-01-01 00:00 UTC);

    /// `detail` as EventBridge delivers it from the account the record names.
    fn decide_on(detail: serde_json::Value, policy: &TagPolicy) -> Decision {
        let account = detail["recipientAccountId"].clone();
        let doc = serde_json::json!({"id": "ev-1", "source": "aws.ec2", "account": account, "detail-type": "AWS API Call via CloudTrail", "detail": detail});
        let events = parse_document(&doc.to_string()).unwrap();
        plan(events[0].as_ref().unwrap(), policy, NOW)
    }

    fn volume_record() -> serde_json::Value {
        serde_json::json!({
            "eventVersion": "1.08", "eventTime": "2023-07-10T12:05:23Z", "eventType": "AwsApiCall",
            "eventSource": "ec2.amazonaws.com", "eventName": "CreateVolume", "awsRegion": "eu-west-1",
            "recipientAccountId": "222222222222", "sourceIPAddress": "10.0.0.1", "userAgent": "aws-cli/2 (x)",
            "userIdentity": {"type": "IAMUser", "userName": "alice", "arn": "arn:aws:iam::222222222222:user/alice", "accountId": "222222222222"},
            "responseElements": {"volumeId": "vol-1"}
        })
    }

    fn restore_plan(overwrite: bool) -> TagPlan {
        let mut tags = TagSet::new();
        tags.insert_if_absent(TagKey::trusted("owner"), TagValue::sanitize("alice"));
        tags.insert_if_absent(TagKey::trusted("dateCreated"), TagValue::sanitize("2024"));
        let known = KnownResource {
            account: AccountId::parse("222222222222").unwrap(),
            region: Region::parse("eu-west-1").unwrap(),
            route: Route::Ec2,
            resource: CreatedResource {
                arn: Arn::parse("arn:aws:ec2:eu-west-1:222222222222:volume/vol-1").unwrap(),
                resource_type: "ec2:volume",
            },
        };
        TagPlan::for_resource(known, tags, TagKey::trusted("owner"), NOW, overwrite)
    }

    #[test]
    fn a_restoring_plan_writes_present_keys_and_an_event_plan_does_not() {
        let keys = |set: TagSet| set.iter().map(|(k, _)| k.to_string()).collect::<Vec<_>>();
        let present = ["owner", "team"];
        assert_eq!(
            keys(restore_plan(true).missing_from(present).unwrap()),
            ["owner", "dateCreated"]
        );
        assert_eq!(
            keys(restore_plan(false).missing_from(present).unwrap()),
            ["dateCreated"]
        );
        // Overwriting a present key takes no room; only the lacking key must fit.
        let full: Vec<String> = (0..49)
            .map(|i| format!("k{i}"))
            .chain(["owner".into()])
            .collect();
        let restored = restore_plan(true)
            .missing_from(full.iter().map(String::as_str))
            .unwrap_err();
        assert_eq!(restored.existing, 50);
        let mut lacking_one: Vec<String> = full.clone();
        lacking_one.remove(0);
        assert_eq!(
            keys(
                restore_plan(true)
                    .missing_from(lacking_one.iter().map(String::as_str))
                    .unwrap()
            ),
            ["owner", "dateCreated"]
        );
    }

    /// An IAM `UntagRole` of the stamp's owner key, by `identity`.
    fn untag_role_record(identity: serde_json::Value) -> serde_json::Value {
        let mut record = volume_record();
        record["eventSource"] = "iam.amazonaws.com".into();
        record["eventName"] = "UntagRole".into();
        record["userIdentity"] = identity;
        record["requestParameters"] = serde_json::json!({"roleName": "app", "tagKeys": ["owner"]});
        record["responseElements"] = serde_json::Value::Null;
        record
    }

    fn role_session(role: &str) -> serde_json::Value {
        serde_json::json!({
            "type": "AssumedRole",
            "arn": format!("arn:aws:sts::222222222222:assumed-role/{role}/hub"),
            "accountId": "222222222222",
            "sessionContext": {"sessionIssuer": {"type": "Role", "arn": format!("arn:aws:iam::222222222222:role/{role}"), "userName": role}}
        })
    }

    #[test]
    fn a_tag_removal_is_a_tag_change_in_the_vouched_account() {
        let decision = decide_on(
            untag_role_record(role_session("admin")),
            &TagPolicy::default(),
        );
        let Outcome::TagChange(changed) = &decision.outcome else {
            panic!("{:?}", decision.outcome)
        };
        assert_eq!(changed.account.as_str(), "222222222222");
        assert_eq!(changed.region.as_str(), "us-east-1", "iam is global");
        assert_eq!(
            changed
                .resources
                .iter()
                .map(Arn::as_str)
                .collect::<Vec<_>>(),
            ["arn:aws:iam::222222222222:role/app"]
        );
        assert_eq!(
            changed.change,
            tag_change::Change::Removed {
                keys: vec!["owner".into()]
            }
        );
        assert!(changed.case_insensitive_keys);
        assert_eq!(
            changed.actor.as_deref(),
            Some("arn:aws:sts::222222222222:assumed-role/admin/hub")
        );
        assert_eq!(changed.event_time, "2023-07-10T12:05:23Z");
        let line = serde_json::to_value(decision.line()).unwrap();
        assert_eq!(line["outcome"], "tag_change");
        assert_eq!(line["resources"][0], "arn:aws:iam::222222222222:role/app");
        assert_eq!(
            line["change"],
            serde_json::json!({"kind": "removed", "keys": ["owner"]})
        );
    }

    #[test]
    fn autotag_s_own_tag_writes_are_skipped() {
        let decision = decide_on(
            untag_role_record(role_session("autotag")),
            &TagPolicy::default(),
        );
        let Outcome::Skip(SkipReason::OwnTagging { role_arn }) = &decision.outcome else {
            panic!("{:?}", decision.outcome)
        };
        assert_eq!(role_arn, "arn:aws:iam::222222222222:role/autotag");
        // A role of the same name in another account is not autotag's role here.
        let mut foreign = role_session("autotag");
        foreign["sessionContext"]["sessionIssuer"]["arn"] =
            "arn:aws:iam::333333333333:role/autotag".into();
        let decision = decide_on(untag_role_record(foreign), &TagPolicy::default());
        assert!(matches!(decision.outcome, Outcome::TagChange(_)));
    }

    #[test]
    fn a_failed_tag_change_is_skipped_and_another_account_s_arn_refused() {
        let mut failed = untag_role_record(role_session("admin"));
        failed["errorCode"] = "AccessDenied".into();
        let decision = decide_on(failed, &TagPolicy::default());
        assert!(matches!(
            decision.outcome,
            Outcome::Skip(SkipReason::FailedCall { .. })
        ));
        let mut forged = untag_role_record(role_session("admin"));
        forged["eventName"] = "UntagPolicy".into();
        forged["requestParameters"] = serde_json::json!({
            "policyArn": "arn:aws:iam::999999999999:policy/p", "tagKeys": ["owner"]
        });
        let decision = decide_on(forged, &TagPolicy::default());
        let Outcome::Reject(reason) = &decision.outcome else {
            panic!("{:?}", decision.outcome)
        };
        assert!(reason.contains("999999999999"), "{reason}");
    }

    #[test]
    fn global_services_are_tagged_in_their_control_plane_region() {
        let mut record = volume_record();
        record["eventSource"] = "iam.amazonaws.com".into();
        record["eventName"] = "CreateRole".into();
        record["awsRegion"] = "eu-west-1".into();
        record["responseElements"] =
            serde_json::json!({"role": {"arn": "arn:aws:iam::222222222222:role/app"}});
        let Outcome::Tag(plan) = decide_on(record, &TagPolicy::default()).outcome else {
            panic!("not tagged")
        };
        assert_eq!(plan.region.as_str(), "us-east-1");
        let Outcome::Tag(plan) = decide_on(volume_record(), &TagPolicy::default()).outcome else {
            panic!("not tagged")
        };
        assert_eq!(
            plan.region.as_str(),
            "eu-west-1",
            "regional services stay put"
        );
    }

    #[test]
    fn tags_a_created_volume_with_event_time() {
        let decision = decide_on(volume_record(), &TagPolicy::default());
        let Outcome::Tag(plan) = &decision.outcome else {
            panic!("{:?}", decision.outcome)
        };
        assert_eq!(plan.account.as_str(), "222222222222");
        assert_eq!(
            plan.arns().map(Arn::as_str).collect::<Vec<_>>(),
            ["arn:aws:ec2:eu-west-1:222222222222:volume/vol-1"]
        );
        let line = serde_json::to_value(decision.line()).unwrap();
        assert_eq!(
            line["tags"],
            serde_json::json!({"owner": "alice", "dateCreated": "2023-07-10T12:05:23Z", "createdBy": "arn:aws:iam::222222222222:user/alice"})
        );
        assert_eq!(line["outcome"], "tag");
        assert_eq!(line["principal"]["type"], "IAMUser");
    }

    #[test]
    fn optional_template_and_static_tags_follow_stamps() {
        let policy = TagPolicy::from_toml(
            "[tags]\nuser_agent = \"userAgent\"\nprincipal_type = \"principalType\"\n\
             [static_tags]\nWhatIsThis = \"https://wiki/autotag\"\n\
             [template_tags]\nevent = \"{eventSource}:{eventName}\"\nmissing = \"{requestParameters.nope}\"",
        )
        .unwrap();
        let Outcome::Tag(plan) = decide_on(volume_record(), &policy).outcome else {
            panic!()
        };
        let keys: Vec<_> = plan.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(
            keys,
            [
                "owner=alice",
                "dateCreated=2023-07-10T12:05:23Z",
                "createdBy=arn:aws:iam::222222222222:user/alice",
                "userAgent=aws-cli/2 _x_",
                "principalType=IAMUser",
                "event=ec2.amazonaws.com:CreateVolume",
                "WhatIsThis=https://wiki/autotag",
            ]
        );
    }

    #[test]
    fn skips_and_rejects_with_reasons() {
        let mut failed = volume_record();
        failed["errorCode"] = "Client.VolumeLimitExceeded".into();
        assert!(matches!(
            decide_on(failed, &TagPolicy::default()).outcome,
            Outcome::Skip(SkipReason::FailedCall { .. })
        ));

        let mut unsupported = volume_record();
        unsupported["eventName"] = "DescribeVolumes".into();
        assert!(matches!(
            decide_on(unsupported, &TagPolicy::default()).outcome,
            Outcome::Skip(SkipReason::Unsupported { .. })
        ));

        let scoped = TagPolicy::from_toml("[scope]\naccounts = [\"333333333333\"]").unwrap();
        assert!(matches!(
            decide_on(volume_record(), &scoped).outcome,
            Outcome::Skip(SkipReason::OutOfScope { .. })
        ));

        let mut future = volume_record();
        future["eventTime"] = "2030-01-01T00:00:00Z".into();
        let Outcome::Reject(reason) = decide_on(future, &TagPolicy::default()).outcome else {
            panic!()
        };
        assert!(reason.contains("future"), "{reason}");

        let mut empty = volume_record();
        empty["responseElements"] = serde_json::Value::Null;
        let Outcome::Reject(reason) = decide_on(empty, &TagPolicy::default()).outcome else {
            panic!()
        };
        assert!(reason.contains("names no created resource"), "{reason}");

        let mut service_event = volume_record();
        service_event["eventType"] = "AwsServiceEvent".into();
        assert!(matches!(
            decide_on(service_event, &TagPolicy::default()).outcome,
            Outcome::Skip(SkipReason::NotApiCall { .. })
        ));
    }

    #[test]
    fn only_the_genuine_combination_of_source_and_accounts_is_tagged() {
        const HOME: &str = "222222222222";
        const OTHER: &str = "333333333333";
        let mut tagged = Vec::new();
        for source in ["aws.ec2", "custom.ec2", "aws"] {
            for envelope in [HOME, OTHER] {
                for recipient in [HOME, OTHER] {
                    for caller in [HOME, OTHER] {
                        let mut record = volume_record();
                        record["recipientAccountId"] = recipient.into();
                        record["userIdentity"]["accountId"] = caller.into();
                        record["userIdentity"]["arn"] =
                            format!("arn:aws:iam::{caller}:user/alice").into();
                        let doc = serde_json::json!({"id": "x", "source": source, "account": envelope,
                            "detail-type": "AWS API Call via CloudTrail", "detail": record});
                        let events = parse_document(&doc.to_string()).unwrap();
                        let decision =
                            plan(events[0].as_ref().unwrap(), &TagPolicy::default(), NOW);
                        match decision.outcome {
                            Outcome::Tag(plan) => {
                                assert_eq!(plan.account.as_str(), envelope);
                                assert!(plan.arns().all(|arn| arn.as_str().contains(envelope)));
                                tagged.push((source, envelope, recipient, caller));
                            }
                            Outcome::Reject(reason) => assert!(
                                reason.contains("not an AWS source")
                                    || reason.contains("vouches for"),
                                "{reason}"
                            ),
                            other => panic!("{other:?}"),
                        }
                    }
                }
            }
        }
        // A caller from another account may act in an account (a cross-account role, a
        // resource policy); the account acted in is still the one EventBridge vouches for.
        assert_eq!(
            tagged,
            [
                ("aws.ec2", HOME, HOME, HOME),
                ("aws.ec2", HOME, HOME, OTHER),
                ("aws.ec2", OTHER, OTHER, HOME),
                ("aws.ec2", OTHER, OTHER, OTHER),
            ]
        );
    }

    #[test]
    fn a_caller_from_another_account_is_never_looked_up_on_the_records_word() {
        let mut record = volume_record();
        record["userIdentity"] = serde_json::json!({
            "type": "AssumedRole", "accountId": "333333333333", "accessKeyId": "ASIAFORGED",
            "arn": "arn:aws:sts::333333333333:assumed-role/dev/alice",
            "sessionContext": {"sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::333333333333:role/dev"}}
        });
        let Outcome::Tag(plan) = decide_on(record.clone(), &TagPolicy::default()).outcome else {
            panic!()
        };
        assert_eq!(plan.lookups.session, None);
        assert_eq!(plan.lookups.principal, None);
        record["userIdentity"]["accountId"] = "222222222222".into();
        record["userIdentity"]["sessionContext"]["sessionIssuer"]["arn"] =
            "arn:aws:iam::222222222222:role/dev".into();
        let Outcome::Tag(plan) = decide_on(record, &TagPolicy::default()).outcome else {
            panic!()
        };
        assert_eq!(plan.lookups.session.as_deref(), Some("ASIAFORGED"));
        assert_eq!(
            plan.lookups.principal.map(|p| p.account().to_string()),
            Some("222222222222".to_owned())
        );
    }

    #[test]
    fn event_time_is_bounded_on_both_sides() {
        for (time, fits) in [
            ("2013-11-12T23:59:59Z", false),
            ("1970-01-01T00:00:00Z", false),
            // Year -1 in UTC, and past year 9999 in UTC: refused before they are formatted.
            ("0000-01-01T00:30:00+01:00", false),
            ("9999-12-31T23:30:00-01:00", false),
            ("2013-11-13T00:00:00Z", true),
            ("2024-01-01T00:14:59Z", true),
            ("2024-01-01T00:15:01Z", false),
        ] {
            let mut record = volume_record();
            record["eventTime"] = time.into();
            let outcome = decide_on(record, &TagPolicy::default()).outcome;
            assert_eq!(
                matches!(outcome, Outcome::Tag(_)),
                fits,
                "{time}: {outcome:?}"
            );
        }
    }

    #[test]
    fn an_sts_session_is_recorded_only_for_a_vouched_account_in_scope() {
        let record = serde_json::json!({
            "eventVersion": "1.08", "eventTime": "2023-07-10T12:05:23Z", "eventType": "AwsApiCall",
            "eventSource": "sts.amazonaws.com", "eventName": "AssumeRole", "awsRegion": "eu-west-1",
            "recipientAccountId": "222222222222",
            "userIdentity": {"type": "IAMUser", "userName": "alice", "arn": "arn:aws:iam::222222222222:user/alice", "accountId": "222222222222"},
            "requestParameters": {"roleArn": "arn:aws:iam::222222222222:role/dev", "roleSessionName": "alice"},
            "responseElements": {"credentials": {"accessKeyId": "ASIASESSION", "expiration": "Jul 10, 2023, 1:05:23 PM"}}
        });
        let Outcome::Session(session) = decide_on(record.clone(), &TagPolicy::default()).outcome
        else {
            panic!()
        };
        assert_eq!(session.account, "222222222222");
        assert_eq!(session.caller_account.as_deref(), Some("222222222222"));
        let scoped = TagPolicy::from_toml("[scope]\naccounts = [\"333333333333\"]").unwrap();
        assert!(matches!(
            decide_on(record.clone(), &scoped).outcome,
            Outcome::Skip(SkipReason::OutOfScope { .. })
        ));
        let forged = serde_json::json!({"id": "x", "source": "aws.sts", "account": "333333333333",
            "detail-type": "AWS API Call via CloudTrail", "detail": record});
        let events = parse_document(&forged.to_string()).unwrap();
        assert!(matches!(
            plan(events[0].as_ref().unwrap(), &TagPolicy::default(), NOW).outcome,
            Outcome::Reject(_)
        ));
    }
}
