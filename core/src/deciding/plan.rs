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
use crate::inherit::{Context, Lookups, Resolution, Stamps, resolve};
use crate::json_path::value_at;
use crate::policy::{TagPolicy, TemplatePart};
use crate::principal::{Principal, PrincipalType};
use crate::registry::{self, ArnContext, CreatedResource, Readiness, Route};
use crate::session::IssuedSession;
use crate::tag_change::{self, TagChange, TagChangeRow};
use crate::tags::{TagKey, TagSet, TagValue};
use crate::trust;

use super::lookups::lookups;

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
    /// The `[[tag_set]]` tags of each resource type of the plan that its other resources do
    /// not get (a set covering `ec2:instance` but not `ec2:network-interface`): a resource's
    /// tags are [`TagPlan::tags_for`] its type. When every resource of the plan gets the same
    /// tag-set tags (one `ecr:repository`), they are in `tags` and this is empty.
    pub type_tags: std::collections::BTreeMap<&'static str, TagSet>,
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
            type_tags: std::collections::BTreeMap::new(),
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
                self.add_type_tags(policy);
                Ok(())
            }
            Resolution::Wait(reason) => Err(reason),
        }
    }

    /// The planned tags a resource carrying `existing_keys` lacks, fitted under the 50-tag
    /// limit by leaving out inherited and static tags, lowest precedence first: autotag's own
    /// tags are never left out (see [`TagSet::missing_from`]). It holds the tags every resource
    /// of the plan gets; [`TagPlan::missing_for`] adds a resource type's own tag-set tags.
    pub fn missing_from<'a>(
        &self,
        existing_keys: impl IntoIterator<Item = &'a str> + Clone,
    ) -> Result<TagSet, crate::tags::TagLimitExceeded> {
        self.missing_of(&self.tags, existing_keys)
    }

    pub(super) fn missing_of<'a>(
        &self,
        tags: &TagSet,
        existing_keys: impl IntoIterator<Item = &'a str> + Clone,
    ) -> Result<TagSet, crate::tags::TagLimitExceeded> {
        let protected = |key: &TagKey| self.stamps.own.get(key).is_some();
        if self.overwrite {
            // Every key is written, so only the keys the resource lacks take room.
            let lacking = tags.missing_from(existing_keys, protected)?;
            return Ok(tags.filtered(|key| lacking.get(key).is_some() || protected(key)));
        }
        tags.missing_from(existing_keys, protected)
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
    if let Some(change_row) = tag_change::change_row(event_source, event_name) {
        return decide_tag_change(event, change_row, policy, now, principal, account);
    }
    let row = registry::lookup(event_source, event_name);
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
        type_tags: std::collections::BTreeMap::new(),
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
    /// A mixed plan's `[[tag_set]]` tags by resource type (see [`TagPlan::type_tags`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    type_tags: Option<&'a std::collections::BTreeMap<&'static str, TagSet>>,
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
            type_tags: plan.map(|p| &p.type_tags).filter(|t| !t.is_empty()),
            lookups: plan.map(|p| &p.lookups).filter(|l| !l.is_empty()),
            notes: plan.map(|p| p.notes.as_slice()).filter(|n| !n.is_empty()),
            session,
            change: changed.map(|c| &c.change),
        }
    }
}

mod type_tags;

#[cfg(test)]
mod tests;
