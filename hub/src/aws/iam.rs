//! IAM role and user tagging (`TagRole`, `TagUser`), after listing the principal's tags so
//! that existing keys are left alone.

use autotag_core::plan::{RouteBatch, TagPlan};
use autotag_core::registry::Route;
use aws_sdk_iam::Client;
use aws_sdk_iam::types::Tag;

use super::{ErrorClass, classify, describe, failure, missing_tags};
use crate::ports::{ApplyReport, FailureKind, ResourceFailure, ResourceReport, ResourceStatus};

/// Tags the batch's roles or users.
pub async fn tag(client: &Client, plan: &TagPlan, batch: &RouteBatch) -> ApplyReport {
    let mut report = ApplyReport::default();
    let is_role = batch.route == Route::IamRole;
    let (list_op, tag_op) = if is_role {
        ("iam:ListRoleTags", "iam:TagRole")
    } else {
        ("iam:ListUserTags", "iam:TagUser")
    };
    for resource in &batch.resources {
        let arn = resource.arn.as_str();
        // IAM names are the last path segment: `role/path/name`.
        let name = resource.arn.resource_id();
        let existing = if is_role {
            list_role_tags(client, name).await
        } else {
            list_user_tags(client, name).await
        };
        let existing = match existing {
            Ok(keys) => keys,
            Err(Listing::Role(err)) if matches!(classify(&err), ErrorClass::Gone) => {
                report.resources.push(ResourceReport {
                    arn: arn.to_owned(),
                    status: ResourceStatus::Gone {
                        reason: describe(&err),
                    },
                });
                continue;
            }
            Err(Listing::User(err)) if matches!(classify(&err), ErrorClass::Gone) => {
                report.resources.push(ResourceReport {
                    arn: arn.to_owned(),
                    status: ResourceStatus::Gone {
                        reason: describe(&err),
                    },
                });
                continue;
            }
            Err(Listing::Role(err)) => {
                report.failures.push(failure(arn, list_op, err));
                continue;
            }
            Err(Listing::User(err)) => {
                report.failures.push(failure(arn, list_op, err));
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
        let keys: Vec<String> = missing.iter().map(|(k, _)| k.to_string()).collect();
        let written = if is_role {
            client
                .tag_role()
                .role_name(name)
                .set_tags(Some(tags))
                .send()
                .await
                .map(|_| ())
                .map_err(Writing::Role)
        } else {
            client
                .tag_user()
                .user_name(name)
                .set_tags(Some(tags))
                .send()
                .await
                .map(|_| ())
                .map_err(Writing::User)
        };
        match written {
            Ok(()) => report.resources.push(ResourceReport {
                arn: arn.to_owned(),
                status: ResourceStatus::Tagged { keys },
            }),
            Err(Writing::Role(err)) => report.failures.push(failure(arn, tag_op, err)),
            Err(Writing::User(err)) => report.failures.push(failure(arn, tag_op, err)),
        }
    }
    report
}

type IamError<E> = aws_sdk_iam::error::SdkError<E, aws_sdk_iam::config::http::HttpResponse>;

/// A failed tag listing, role or user.
pub(crate) enum Listing {
    Role(IamError<aws_sdk_iam::operation::list_role_tags::ListRoleTagsError>),
    User(IamError<aws_sdk_iam::operation::list_user_tags::ListUserTagsError>),
}

enum Writing {
    Role(IamError<aws_sdk_iam::operation::tag_role::TagRoleError>),
    User(IamError<aws_sdk_iam::operation::tag_user::TagUserError>),
}

/// The role's tags, as (key, value).
pub(crate) async fn list_role_tags(
    client: &Client,
    name: &str,
) -> Result<Vec<(String, String)>, Listing> {
    let mut keys = Vec::new();
    let mut marker = None;
    loop {
        let output = client
            .list_role_tags()
            .role_name(name)
            .set_marker(marker)
            .send()
            .await
            .map_err(Listing::Role)?;
        keys.extend(
            output
                .tags()
                .iter()
                .map(|t| (t.key().to_owned(), t.value().to_owned())),
        );
        marker = output
            .marker()
            .filter(|_| output.is_truncated())
            .map(str::to_owned);
        if marker.is_none() {
            return Ok(keys);
        }
    }
}

/// The user's tags, as (key, value).
pub(crate) async fn list_user_tags(
    client: &Client,
    name: &str,
) -> Result<Vec<(String, String)>, Listing> {
    let mut keys = Vec::new();
    let mut marker = None;
    loop {
        let output = client
            .list_user_tags()
            .user_name(name)
            .set_marker(marker)
            .send()
            .await
            .map_err(Listing::User)?;
        keys.extend(
            output
                .tags()
                .iter()
                .map(|t| (t.key().to_owned(), t.value().to_owned())),
        );
        marker = output
            .marker()
            .filter(|_| output.is_truncated())
            .map(str::to_owned);
        if marker.is_none() {
            return Ok(keys);
        }
    }
}
