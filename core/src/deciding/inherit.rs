//! Inheritance: the identity context a plan's tags take from outside the record — the creating
//! session's STS session tags and human, the creating user's or role's IAM tags, and the owner
//! of the Auto Scaling group or CloudFormation stack that created the resource.
//!
//! [`crate::plan::plan`] says what to look up ([`Lookups`]); the hub looks it up; [`resolve`]
//! merges what was found, or says to wait for what is not there yet. Precedence, highest first:
//! autotag's own keys (`owner`, `dateCreated`, `createdBy`, the optional stamps, templated
//! tags) — never overridden — then session tags, then principal IAM tags, then static tags.

use std::collections::BTreeMap;

use serde::Serialize;
use time::OffsetDateTime;

use crate::arn::AccountId;
use crate::policy::TagPolicy;
use crate::session::IssuedSession;
use crate::tags::{MAX_TAGS_PER_RESOURCE, TagKey, TagSet, TagValue};

pub use crate::policy::Inheritance;

/// The IAM principal whose own tags are inherited.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PrincipalRef {
    /// An IAM user (`iam:ListUserTags`).
    User {
        /// The account it lives in.
        account: AccountId,
        /// Its name.
        name: String,
    },
    /// An IAM role (`iam:ListRoleTags`).
    Role {
        /// The account it lives in.
        account: AccountId,
        /// Its name, without path.
        name: String,
    },
}

impl PrincipalRef {
    /// The account the principal lives in.
    pub fn account(&self) -> &AccountId {
        match self {
            Self::User { account, .. } | Self::Role { account, .. } => account,
        }
    }
}

/// The thing that launched a resource on a human's behalf, whose owner the resource takes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ParentRef {
    /// An Auto Scaling group, named in the record.
    AutoScalingGroup {
        /// The group's name.
        name: String,
    },
    /// An instance Auto Scaling launched, whose group the record does not name: the group is
    /// on the instance's `aws:autoscaling:groupName` tag.
    AutoScalingInstance {
        /// The instance.
        instance_id: String,
    },
    /// A CloudFormation stack, named in the record (`aws:cloudformation:stack-id` in its tag
    /// specifications).
    Stack {
        /// The stack's ARN.
        stack_id: String,
    },
    /// A resource CloudFormation created, whose stack the record does not name: the stack is
    /// on the resource's `aws:cloudformation:stack-id` tag.
    StackOfResource {
        /// The resource.
        arn: String,
    },
}

impl std::fmt::Display for ParentRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::AutoScalingGroup { name } => write!(f, "Auto Scaling group `{name}`"),
            Self::AutoScalingInstance { instance_id } => {
                write!(f, "the Auto Scaling group of instance `{instance_id}`")
            }
            Self::Stack { stack_id } => write!(f, "CloudFormation stack `{stack_id}`"),
            Self::StackOfResource { arn } => write!(f, "the CloudFormation stack of `{arn}`"),
        }
    }
}

/// What a plan needs looked up before its tags are final.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Lookups {
    /// The creating session's temporary access key id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The creating IAM principal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<PrincipalRef>,
    /// The launching parent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<ParentRef>,
}

impl Lookups {
    /// Whether nothing needs looking up.
    pub fn is_empty(&self) -> bool {
        self.session.is_none() && self.principal.is_none() && self.parent.is_none()
    }
}

/// The parent's stamp, as read from its tags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParentStamp {
    /// The parent's name for messages (`web-asg`).
    pub name: String,
    /// Its owner tag, if it has been stamped.
    pub owner: Option<String>,
}

/// The result of one lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<T> {
    /// Not asked for.
    NotNeeded,
    /// Found.
    Found(T),
    /// Not there (yet), with why.
    Absent(String),
}

impl<T> Lookup<T> {
    fn found(&self) -> Option<&T> {
        match self {
            Self::Found(value) => Some(value),
            Self::NotNeeded | Self::Absent(_) => None,
        }
    }
}

/// What the hub found for a plan's [`Lookups`].
#[derive(Debug, Clone)]
pub struct Context {
    /// The creating session.
    pub session: Lookup<IssuedSession>,
    /// The creating principal's IAM tags.
    pub principal_tags: Lookup<BTreeMap<String, String>>,
    /// The parent's stamp.
    pub parent: Lookup<ParentStamp>,
}

impl Context {
    /// Nothing looked up: what offline planning without preloaded sessions sees.
    pub fn empty() -> Self {
        Self {
            session: Lookup::NotNeeded,
            principal_tags: Lookup::NotNeeded,
            parent: Lookup::NotNeeded,
        }
    }
}

/// The inputs [`resolve`] merges, as [`crate::plan::plan`] left them.
#[derive(Debug, Clone)]
pub struct Stamps {
    /// autotag's own tags, owner first (the principal's owner, before inheritance).
    pub own: TagSet,
    /// The owner key, to replace the owner with a better-known human.
    pub owner_key: TagKey,
    /// The principal's `sourceIdentity`, which outranks what a session or parent says.
    pub source_identity: Option<String>,
    /// The record's `eventTime`.
    pub event_time: OffsetDateTime,
}

/// The merged tags and the notes about what could not be inherited, or a reason to wait.
#[derive(Debug, Clone)]
pub enum Resolution {
    /// Final tags.
    Ready {
        /// The tags to write.
        tags: TagSet,
        /// What was inherited from where, and what was given up on.
        notes: Vec<String>,
    },
    /// Context the tags depend on has not arrived; try again later.
    Wait(String),
}

/// Merges inherited context into the tags, by the precedence in this module's docs.
pub fn resolve(
    stamps: &Stamps,
    policy: &TagPolicy,
    context: &Context,
    now: OffsetDateTime,
) -> Resolution {
    let inherit = &policy.inherit;
    let waiting_allowed = now < stamps.event_time + inherit.wait;
    let mut notes = Vec::new();
    let mut owner = None;
    match &context.parent {
        Lookup::Found(ParentStamp {
            name,
            owner: Some(parent_owner),
        }) => {
            owner = Some(parent_owner.clone());
            notes.push(format!("owner from {name}"));
        }
        Lookup::Found(ParentStamp { name, owner: None }) => {
            if waiting_allowed {
                return Resolution::Wait(format!("{name} is not stamped yet"));
            }
            notes.push(format!(
                "{name} was still not stamped after {} s; owner is the caller",
                inherit.wait.whole_seconds()
            ));
        }
        Lookup::Absent(why) => {
            if waiting_allowed {
                return Resolution::Wait(why.clone());
            }
            notes.push(format!(
                "{why} after {} s; owner is the caller",
                inherit.wait.whole_seconds()
            ));
        }
        Lookup::NotNeeded => {}
    }
    match &context.session {
        Lookup::Absent(why) => {
            if waiting_allowed {
                return Resolution::Wait(why.clone());
            }
            notes.push(format!(
                "{why} after {} s; stamped without session context",
                inherit.wait.whole_seconds()
            ));
        }
        Lookup::Found(session) if owner.is_none() => {
            owner = stamps
                .source_identity
                .clone()
                .or_else(|| session.source_identity.clone())
                .or_else(|| session.issued_to.clone());
        }
        Lookup::Found(_) | Lookup::NotNeeded => {}
    }
    if let Lookup::Absent(why) = &context.principal_tags {
        notes.push(why.clone());
    }
    let mut tags = TagSet::new();
    if let Some(owner) = owner {
        tags.insert_if_absent(stamps.owner_key.clone(), TagValue::sanitize(&owner));
    }
    for (key, value) in stamps.own.iter() {
        tags.insert_if_absent(key.clone(), value.clone());
    }
    let session_tags = context
        .session
        .found()
        .filter(|_| inherit.session_tags)
        .map(|s| &s.tags);
    let principal_tags = context
        .principal_tags
        .found()
        .filter(|_| inherit.principal_tags);
    let mut left_out = 0_usize;
    let mut add = |tags: &mut TagSet, key: TagKey, value: TagValue| {
        if tags.get(&key).is_none() && !tags.insert_if_absent(key, value) {
            left_out += 1;
        }
    };
    for inherited in [session_tags, principal_tags].into_iter().flatten() {
        for (key, value) in inherited {
            if !inherit.admits(key) {
                continue;
            }
            match TagKey::sanitize(key) {
                Ok(key) => add(&mut tags, key, TagValue::sanitize(value)),
                Err(err) => notes.push(format!("inherited tag not copied: {err}")),
            }
        }
    }
    for (key, value) in &policy.static_tags {
        add(&mut tags, key.clone(), value.clone());
    }
    if left_out > 0 {
        notes.push(format!(
            "{left_out} inherited or static tags left out: a resource holds at most {MAX_TAGS_PER_RESOURCE}"
        ));
    }
    Resolution::Ready { tags, notes }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]
    use super::*;
    use time::macros::datetime;

    fn stamps() -> Stamps {
        let mut own = TagSet::new();
        for (k, v) in [
            ("owner", "Admin/botocore-123"),
            ("dateCreated", "2024-01-01T00:00:00Z"),
            ("createdBy", "arn"),
        ] {
            own.insert_if_absent(TagKey::parse(k).unwrap(), TagValue::sanitize(v));
        }
        Stamps {
            own,
            owner_key: TagKey::parse("owner").unwrap(),
            source_identity: None,
            event_time: datetime!(2024-01-01 00:00 UTC),
        }
    }

    fn session(tags: &[(&str, &str)]) -> IssuedSession {
        IssuedSession {
            access_key_id: "ASIAEXAMPLE".into(),
            issued_by: crate::session::IssuingCall::AssumeRole,
            role_arn: None,
            session_arn: None,
            session_name: None,
            source_identity: None,
            tags: tags
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            transitive_keys: std::collections::BTreeSet::new(),
            issued_to: Some("alice".into()),
            caller_access_key_id: None,
            caller_account: None,
            account: "111111111111".into(),
            issued_at: "2024-01-01T00:00:00Z".into(),
            expires_at: 0,
        }
    }

    fn ready(resolution: Resolution) -> (BTreeMap<String, String>, Vec<String>) {
        match resolution {
            Resolution::Ready { tags, notes } => (
                tags.iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                notes,
            ),
            Resolution::Wait(why) => panic!("waits: {why}"),
        }
    }

    #[test]
    fn precedence_is_own_then_session_then_principal_then_static() {
        let policy = TagPolicy {
            static_tags: vec![
                (TagKey::parse("team").unwrap(), TagValue::sanitize("static")),
                (TagKey::parse("site").unwrap(), TagValue::sanitize("static")),
            ],
            ..TagPolicy::default()
        };
        let context = Context {
            session: Lookup::Found(session(&[
                ("team", "session"),
                ("createdBy", "forged"),
                ("aws:x", "no"),
            ])),
            principal_tags: Lookup::Found(
                [("team", "iam"), ("cost", "iam")]
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .into(),
            ),
            parent: Lookup::NotNeeded,
        };
        let (tags, notes) = ready(resolve(
            &stamps(),
            &policy,
            &context,
            datetime!(2024-01-01 00:01 UTC),
        ));
        assert_eq!(tags["owner"], "alice");
        assert_eq!(tags["createdBy"], "arn");
        assert_eq!(tags["team"], "session");
        assert_eq!(tags["cost"], "iam");
        assert_eq!(tags["site"], "static");
        assert!(!tags.contains_key("aws:x"));
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn allow_list_and_prefix_choose_inherited_keys() {
        let mut policy = TagPolicy::default();
        policy.inherit.keys = ["CostCenter".to_owned()].into();
        policy.inherit.prefixes = vec!["org:".to_owned()];
        let context = Context {
            session: Lookup::Found(session(&[
                ("CostCenter", "1"),
                ("org:unit", "2"),
                ("Email", "a@b"),
            ])),
            principal_tags: Lookup::NotNeeded,
            parent: Lookup::NotNeeded,
        };
        let (tags, _) = ready(resolve(
            &stamps(),
            &policy,
            &context,
            datetime!(2024-01-01 00:01 UTC),
        ));
        assert_eq!(tags.get("CostCenter").map(String::as_str), Some("1"));
        assert_eq!(tags.get("org:unit").map(String::as_str), Some("2"));
        assert!(!tags.contains_key("Email"));
    }

    #[test]
    fn a_missing_session_waits_then_stamps_what_is_known() {
        let policy = TagPolicy::default();
        let context = Context {
            session: Lookup::Absent("session `ASIA1` is not recorded".into()),
            principal_tags: Lookup::NotNeeded,
            parent: Lookup::NotNeeded,
        };
        assert!(matches!(
            resolve(
                &stamps(),
                &policy,
                &context,
                datetime!(2024-01-01 00:04 UTC)
            ),
            Resolution::Wait(_)
        ));
        let (tags, notes) = ready(resolve(
            &stamps(),
            &policy,
            &context,
            datetime!(2024-01-01 00:06 UTC),
        ));
        assert_eq!(tags["owner"], "Admin/botocore-123");
        assert!(notes[0].contains("ASIA1"), "{notes:?}");
    }

    #[test]
    fn a_parent_owner_wins_and_an_unstamped_parent_waits() {
        let policy = TagPolicy::default();
        let mut context = Context {
            session: Lookup::NotNeeded,
            principal_tags: Lookup::NotNeeded,
            parent: Lookup::Found(ParentStamp {
                name: "Auto Scaling group `web`".into(),
                owner: None,
            }),
        };
        let early = datetime!(2024-01-01 00:01 UTC);
        assert!(matches!(
            resolve(&stamps(), &policy, &context, early),
            Resolution::Wait(_)
        ));
        context.parent = Lookup::Found(ParentStamp {
            name: "Auto Scaling group `web`".into(),
            owner: Some("bob".into()),
        });
        let (tags, notes) = ready(resolve(&stamps(), &policy, &context, early));
        assert_eq!(tags["owner"], "bob");
        assert_eq!(notes, ["owner from Auto Scaling group `web`"]);
    }

    #[test]
    fn what_does_not_fit_in_fifty_tags_is_left_out_lowest_precedence_first_and_noted() {
        let many: Vec<(String, String)> = (0..60)
            .map(|n| (format!("k{n:02}"), "v".to_owned()))
            .collect();
        let pairs: Vec<(&str, &str)> = many.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let policy = TagPolicy {
            static_tags: vec![(
                TagKey::parse("WhatIsThis").unwrap(),
                TagValue::sanitize("url"),
            )],
            ..TagPolicy::default()
        };
        let context = Context {
            session: Lookup::Found(session(&pairs)),
            ..Context::empty()
        };
        let (tags, notes) = ready(resolve(
            &stamps(),
            &policy,
            &context,
            datetime!(2024-01-01 00:01 UTC),
        ));
        assert_eq!(tags.len(), 50);
        assert_eq!(tags["owner"], "alice");
        assert!(!tags.contains_key("WhatIsThis"));
        assert_eq!(
            notes,
            ["14 inherited or static tags left out: a resource holds at most 50"]
        );
    }

    #[test]
    fn source_identity_outranks_the_session_human() {
        let mut with_source = stamps();
        with_source.source_identity = Some("jdoe".into());
        let context = Context {
            session: Lookup::Found(session(&[])),
            principal_tags: Lookup::NotNeeded,
            parent: Lookup::NotNeeded,
        };
        let (tags, _) = ready(resolve(
            &with_source,
            &TagPolicy::default(),
            &context,
            datetime!(2024-01-01 00:01 UTC),
        ));
        assert_eq!(tags["owner"], "jdoe");
    }
}
