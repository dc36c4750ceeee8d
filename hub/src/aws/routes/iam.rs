//! IAM tagging: roles, users, customer managed policies, instance profiles and virtual MFA
//! devices, each through its own `Tag*` call, after listing its tags so that existing keys are
//! left alone. IAM is global: the calls go to the spoke's IAM whatever the plan's region.

use autotag_core::plan::{RouteBatch, TagPlan};
use autotag_core::registry::Route;
use aws_sdk_iam::Client;
use aws_sdk_iam::types::Tag;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::aws::{
    ErrorClass, PageCap, TooManyPages, classify, describe, missing_tags, other_failure,
};
use crate::ports::{
    ApplyReport, BoxError, FailureKind, ResourceFailure, ResourceReport, ResourceStatus,
};

/// The IAM entity kinds autotag tags, with the identifier each API takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IamKind {
    /// A role, by name.
    Role,
    /// A user, by name.
    User,
    /// A customer managed policy, by ARN.
    Policy,
    /// An instance profile, by name.
    InstanceProfile,
    /// A virtual MFA device, by serial number (its ARN).
    MfaDevice,
}

impl IamKind {
    fn of(route: Route) -> Option<Self> {
        match route {
            Route::IamRole => Some(Self::Role),
            Route::IamUser => Some(Self::User),
            Route::IamPolicy => Some(Self::Policy),
            Route::IamInstanceProfile => Some(Self::InstanceProfile),
            Route::IamMfaDevice => Some(Self::MfaDevice),
            _ => None,
        }
    }

    fn operations(self) -> (&'static str, &'static str) {
        match self {
            Self::Role => ("iam:ListRoleTags", "iam:TagRole"),
            Self::User => ("iam:ListUserTags", "iam:TagUser"),
            Self::Policy => ("iam:ListPolicyTags", "iam:TagPolicy"),
            Self::InstanceProfile => ("iam:ListInstanceProfileTags", "iam:TagInstanceProfile"),
            Self::MfaDevice => ("iam:ListMFADeviceTags", "iam:TagMFADevice"),
        }
    }

    /// What the API identifies the entity by: the last path segment for names, the ARN
    /// itself for policies and MFA devices.
    fn identifier(self, arn: &autotag_core::arn::Arn) -> &str {
        match self {
            Self::Role | Self::User | Self::InstanceProfile => arn.resource_id(),
            Self::Policy | Self::MfaDevice => arn.as_str(),
        }
    }
}

/// An IAM call's failure, classified once so that every kind shares one handling.
pub(crate) struct IamCallError {
    class: ErrorClass,
    summary: String,
    source: BoxError,
}

impl IamCallError {
    fn capture<E, R>(err: SdkError<E, R>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + Send + Sync + 'static,
    {
        Self {
            class: classify(&err),
            summary: describe(&err),
            source: Box::new(err),
        }
    }

    /// A listing that did not end within the page cap.
    fn too_many_pages(err: TooManyPages) -> Self {
        Self {
            class: ErrorClass::Other,
            summary: err.to_string(),
            source: Box::new(err),
        }
    }

    /// Whether the entity does not exist.
    pub(crate) fn is_gone(&self) -> bool {
        matches!(self.class, ErrorClass::Gone)
    }

    /// The failure record for `arn`.
    pub(crate) fn into_failure(self, arn: &str, operation: &'static str) -> ResourceFailure {
        ResourceFailure {
            arn: arn.to_owned(),
            operation,
            kind: self.class.failure_kind(),
            source: self.source,
        }
    }
}

/// Tags the batch's IAM entities.
pub async fn tag(client: &Client, plan: &TagPlan, batch: &RouteBatch) -> ApplyReport {
    let mut report = ApplyReport::default();
    let Some(kind) = IamKind::of(batch.route) else {
        return report;
    };
    let (list_op, tag_op) = kind.operations();
    for resource in &batch.resources {
        let arn = resource.arn.as_str();
        let id = kind.identifier(&resource.arn);
        let existing = match list_tags(client, kind, id).await {
            Ok(tags) => tags,
            Err(err) if err.is_gone() => {
                report.resources.push(ResourceReport {
                    arn: arn.to_owned(),
                    status: ResourceStatus::Gone {
                        reason: err.summary,
                    },
                });
                continue;
            }
            Err(err) => {
                report.failures.push(err.into_failure(arn, list_op));
                continue;
            }
        };
        let Some(missing) = missing_tags(
            plan,
            arn,
            existing.iter().map(|(k, _)| k.as_str()),
            tag_op,
            &mut report,
        ) else {
            continue;
        };
        let tags = match missing
            .iter()
            .map(|(k, v)| Tag::builder().key(k.as_str()).value(v.as_str()).build())
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(tags) => tags,
            Err(err) => {
                report.failures.push(ResourceFailure {
                    arn: arn.to_owned(),
                    operation: tag_op,
                    kind: FailureKind::Other,
                    source: Box::new(err),
                });
                continue;
            }
        };
        match write_tags(client, kind, id, tags).await {
            Ok(()) => report.resources.push(ResourceReport {
                arn: arn.to_owned(),
                status: ResourceStatus::Tagged {
                    keys: missing.iter().map(|(k, _)| k.to_string()).collect(),
                },
            }),
            Err(err) if err.is_gone() => report.resources.push(ResourceReport {
                arn: arn.to_owned(),
                status: ResourceStatus::Gone {
                    reason: err.summary,
                },
            }),
            Err(err) => report.failures.push(err.into_failure(arn, tag_op)),
        }
    }
    report
}

/// One page of an IAM tag listing: the tags, and the marker of the next page.
type Page = (Vec<Tag>, Option<String>);

fn page(tags: &[Tag], truncated: bool, marker: Option<&str>) -> Page {
    (
        tags.to_vec(),
        marker.filter(|_| truncated).map(str::to_owned),
    )
}

/// The entity's tags, as (key, value), all pages.
pub(crate) async fn list_tags(
    client: &Client,
    kind: IamKind,
    id: &str,
) -> Result<Vec<(String, String)>, IamCallError> {
    let mut pairs = Vec::new();
    let mut marker: Option<String> = None;
    let mut cap = PageCap::new(kind.operations().0);
    loop {
        let (tags, next) = match kind {
            IamKind::Role => client
                .list_role_tags()
                .role_name(id)
                .set_marker(marker)
                .send()
                .await
                .map(|o| page(o.tags(), o.is_truncated(), o.marker()))
                .map_err(IamCallError::capture)?,
            IamKind::User => client
                .list_user_tags()
                .user_name(id)
                .set_marker(marker)
                .send()
                .await
                .map(|o| page(o.tags(), o.is_truncated(), o.marker()))
                .map_err(IamCallError::capture)?,
            IamKind::Policy => client
                .list_policy_tags()
                .policy_arn(id)
                .set_marker(marker)
                .send()
                .await
                .map(|o| page(o.tags(), o.is_truncated(), o.marker()))
                .map_err(IamCallError::capture)?,
            IamKind::InstanceProfile => client
                .list_instance_profile_tags()
                .instance_profile_name(id)
                .set_marker(marker)
                .send()
                .await
                .map(|o| page(o.tags(), o.is_truncated(), o.marker()))
                .map_err(IamCallError::capture)?,
            IamKind::MfaDevice => client
                .list_mfa_device_tags()
                .serial_number(id)
                .set_marker(marker)
                .send()
                .await
                .map(|o| page(o.tags(), o.is_truncated(), o.marker()))
                .map_err(IamCallError::capture)?,
        };
        pairs.extend(
            tags.into_iter()
                .map(|t| (t.key().to_owned(), t.value().to_owned())),
        );
        match next {
            Some(next) => {
                cap.next_page().map_err(IamCallError::too_many_pages)?;
                marker = Some(next);
            }
            None => return Ok(pairs),
        }
    }
}

async fn write_tags(
    client: &Client,
    kind: IamKind,
    id: &str,
    tags: Vec<Tag>,
) -> Result<(), IamCallError> {
    let tags = Some(tags);
    match kind {
        IamKind::Role => client
            .tag_role()
            .role_name(id)
            .set_tags(tags)
            .send()
            .await
            .map(|_| ())
            .map_err(IamCallError::capture),
        IamKind::User => client
            .tag_user()
            .user_name(id)
            .set_tags(tags)
            .send()
            .await
            .map(|_| ())
            .map_err(IamCallError::capture),
        IamKind::Policy => client
            .tag_policy()
            .policy_arn(id)
            .set_tags(tags)
            .send()
            .await
            .map(|_| ())
            .map_err(IamCallError::capture),
        IamKind::InstanceProfile => client
            .tag_instance_profile()
            .instance_profile_name(id)
            .set_tags(tags)
            .send()
            .await
            .map(|_| ())
            .map_err(IamCallError::capture),
        IamKind::MfaDevice => client
            .tag_mfa_device()
            .serial_number(id)
            .set_tags(tags)
            .send()
            .await
            .map(|_| ())
            .map_err(IamCallError::capture),
    }
}

/// Writes `tags` on the IAM entity `arn` of `route`, replacing the values of keys it already
/// has: "If a tag with the same key name already exists, then that tag is overwritten with the
/// new value" (<https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagRole.html>; the same
/// for users, policies, instance profiles and MFA devices).
pub(crate) async fn overwrite(
    client: &Client,
    route: Route,
    arn: &str,
    tags: &std::collections::BTreeMap<String, String>,
) -> Result<(), ResourceFailure> {
    let parsed =
        autotag_core::arn::Arn::parse(arn).map_err(|err| other_failure(arn, "iam:Tag*", err))?;
    let kind = IamKind::of(route).ok_or_else(|| ResourceFailure {
        arn: arn.to_owned(),
        operation: "iam:Tag*",
        kind: FailureKind::Other,
        source: format!("route `{route:?}` is not an iam route").into(),
    })?;
    let (_, operation) = kind.operations();
    let tags = tags
        .iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| other_failure(arn, operation, err))?;
    write_tags(client, kind, kind.identifier(&parsed), tags)
        .await
        .map_err(|err| err.into_failure(arn, operation))
}

/// Removes `keys` from the IAM entity `arn` of `route` (enforcement removing a mark).
pub(crate) async fn untag(
    client: &Client,
    route: Route,
    arn: &str,
    keys: &[String],
) -> Result<(), ResourceFailure> {
    let parsed =
        autotag_core::arn::Arn::parse(arn).map_err(|err| other_failure(arn, "iam:Untag*", err))?;
    let kind = IamKind::of(route).ok_or_else(|| ResourceFailure {
        arn: arn.to_owned(),
        operation: "iam:Untag*",
        kind: FailureKind::Other,
        source: format!("route `{route:?}` is not an iam route").into(),
    })?;
    let id = kind.identifier(&parsed);
    let keys = Some(keys.to_vec());
    let (operation, sent) = match kind {
        IamKind::Role => (
            "iam:UntagRole",
            client
                .untag_role()
                .role_name(id)
                .set_tag_keys(keys)
                .send()
                .await
                .map(drop)
                .map_err(IamCallError::capture),
        ),
        IamKind::User => (
            "iam:UntagUser",
            client
                .untag_user()
                .user_name(id)
                .set_tag_keys(keys)
                .send()
                .await
                .map(drop)
                .map_err(IamCallError::capture),
        ),
        IamKind::Policy => (
            "iam:UntagPolicy",
            client
                .untag_policy()
                .policy_arn(id)
                .set_tag_keys(keys)
                .send()
                .await
                .map(drop)
                .map_err(IamCallError::capture),
        ),
        IamKind::InstanceProfile => (
            "iam:UntagInstanceProfile",
            client
                .untag_instance_profile()
                .instance_profile_name(id)
                .set_tag_keys(keys)
                .send()
                .await
                .map(drop)
                .map_err(IamCallError::capture),
        ),
        IamKind::MfaDevice => (
            "iam:UntagMFADevice",
            client
                .untag_mfa_device()
                .serial_number(id)
                .set_tag_keys(keys)
                .send()
                .await
                .map(drop)
                .map_err(IamCallError::capture),
        ),
    };
    sent.map_err(|err| err.into_failure(arn, operation))
}
