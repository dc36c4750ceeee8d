//! Auto Scaling: stamping groups through Auto Scaling's own tag API (`CreateOrUpdateTags`, by
//! group name, not propagated at launch), and reading a group's owner back for the instances it
//! launches.
//!
//! Stamps are not propagated at launch on purpose: a launched instance is stamped by autotag
//! from its own `RunInstances` event, with the group's owner and the launch's own time and ARN.

use autotag_core::inherit::ParentStamp;
use autotag_core::plan::{RouteBatch, TagPlan};
use aws_sdk_autoscaling::Client;
use aws_sdk_autoscaling::types::{Filter, Tag};
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::aws::{
    ErrorClass, PageCap, PagedError, classify, describe, failure, missing_tags, paged_failure,
};
use crate::ports::{ApplyReport, ResourceFailure, ResourceReport, ResourceStatus};

const GROUP_RESOURCE_TYPE: &str = "auto-scaling-group";

/// The group name out of a registry ARN (`…:autoScalingGroupName/NAME`).
fn group_name(arn: &str) -> &str {
    arn.split_once("autoScalingGroupName/")
        .map_or(arn, |(_, name)| name)
}

/// Auto Scaling reports a missing group as a `ValidationError` whose message says so.
fn is_missing_group<E: ProvideErrorMetadata>(err: &E) -> bool {
    err.code() == Some("ValidationError")
        && err
            .message()
            .is_some_and(|m| m.to_ascii_lowercase().contains("not found"))
}

/// One tag of a group, as Auto Scaling describes it.
struct GroupTag {
    key: String,
    value: String,
    propagate_at_launch: bool,
}

/// The tags a group carries.
async fn group_tags(
    client: &Client,
    name: &str,
) -> Result<
    Vec<GroupTag>,
    PagedError<
        aws_sdk_autoscaling::error::SdkError<
            aws_sdk_autoscaling::operation::describe_tags::DescribeTagsError,
            aws_smithy_runtime_api::http::Response,
        >,
    >,
> {
    let mut tags = Vec::new();
    let mut token = None;
    let mut cap = PageCap::new("autoscaling:DescribeTags");
    loop {
        let output = client
            .describe_tags()
            .filters(
                Filter::builder()
                    .name(GROUP_RESOURCE_TYPE)
                    .values(name)
                    .build(),
            )
            .set_next_token(token)
            .send()
            .await?;
        tags.extend(output.tags().iter().filter_map(|t| {
            Some(GroupTag {
                key: t.key()?.to_owned(),
                value: t.value().unwrap_or_default().to_owned(),
                propagate_at_launch: t.propagate_at_launch().unwrap_or(false),
            })
        }));
        token = output.next_token().map(str::to_owned);
        if token.is_none() {
            return Ok(tags);
        }
        cap.next_page()?;
    }
}

/// Stamps the batch's groups, writing only the keys each lacks.
pub async fn tag(client: &Client, plan: &TagPlan, batch: &RouteBatch) -> ApplyReport {
    let mut report = ApplyReport::default();
    for resource in &batch.resources {
        let arn = resource.arn.as_str();
        let name = group_name(arn);
        let existing = match group_tags(client, name).await {
            Ok(tags) => tags,
            Err(err) => {
                report
                    .failures
                    .push(paged_failure(arn, "autoscaling:DescribeTags", err));
                continue;
            }
        };
        let Some(missing) = missing_tags(
            plan,
            arn,
            existing.iter().map(|t| t.key.as_str()),
            "autoscaling:CreateOrUpdateTags",
            &mut report,
        ) else {
            continue;
        };
        let tags = missing
            .iter()
            .map(|(k, v)| {
                Tag::builder()
                    .resource_id(name)
                    .resource_type(GROUP_RESOURCE_TYPE)
                    .key(k.as_str())
                    .value(v.as_str())
                    .propagate_at_launch(false)
                    .build()
            })
            .collect();
        match client
            .create_or_update_tags()
            .set_tags(Some(tags))
            .send()
            .await
        {
            Ok(_) => report.resources.push(ResourceReport {
                arn: arn.to_owned(),
                status: ResourceStatus::Tagged {
                    keys: missing.iter().map(|(k, _)| k.to_string()).collect(),
                },
            }),
            Err(err) if matches!(classify(&err), ErrorClass::Gone) || is_missing_group(&err) => {
                report.resources.push(ResourceReport {
                    arn: arn.to_owned(),
                    status: ResourceStatus::Gone {
                        reason: describe(&err),
                    },
                });
            }
            Err(err) => report
                .failures
                .push(failure(arn, "autoscaling:CreateOrUpdateTags", err)),
        }
    }
    report
}

/// Writes `tags` on group `arn` over existing values (`autotag retag`, enforcement marks):
/// `CreateOrUpdateTags` "overwrites the previous tag definition" of a key that exists
/// (<https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateOrUpdateTags.html>). A key
/// the group has keeps its own propagate-at-launch setting; a new key is not propagated, as
/// stamps are not.
pub async fn overwrite(
    client: &Client,
    arn: &str,
    tags: &std::collections::BTreeMap<String, String>,
) -> Result<(), ResourceFailure> {
    const OPERATION: &str = "autoscaling:CreateOrUpdateTags";
    let name = group_name(arn);
    let existing = group_tags(client, name)
        .await
        .map_err(|err| paged_failure(arn, "autoscaling:DescribeTags", err))?;
    let tags = tags
        .iter()
        .map(|(key, value)| {
            let propagate = existing
                .iter()
                .any(|t| t.key == *key && t.propagate_at_launch);
            Tag::builder()
                .resource_id(name)
                .resource_type(GROUP_RESOURCE_TYPE)
                .key(key)
                .value(value)
                .propagate_at_launch(propagate)
                .build()
        })
        .collect();
    client
        .create_or_update_tags()
        .set_tags(Some(tags))
        .send()
        .await
        .map(drop)
        .map_err(|err| failure(arn, OPERATION, err))
}

/// The group's stamp: its name and its `owner_key` tag, if stamped.
pub async fn group_stamp(
    client: &Client,
    name: &str,
    owner_key: &str,
) -> Result<ParentStamp, ResourceFailure> {
    let tags = group_tags(client, name)
        .await
        .map_err(|err| paged_failure(name, "autoscaling:DescribeTags", err))?;
    Ok(ParentStamp {
        name: format!("Auto Scaling group `{name}`"),
        owner: tags
            .into_iter()
            .find(|t| t.key == owner_key)
            .map(|t| t.value),
    })
}

/// The group that launched `instance_id`, if Auto Scaling knows the instance.
pub async fn group_of_instance(
    client: &Client,
    instance_id: &str,
) -> Result<Option<String>, ResourceFailure> {
    let output = client
        .describe_auto_scaling_instances()
        .instance_ids(instance_id)
        .send()
        .await
        .map_err(|err| failure(instance_id, "autoscaling:DescribeAutoScalingInstances", err))?;
    Ok(output
        .auto_scaling_instances()
        .iter()
        .find_map(|i| i.auto_scaling_group_name().map(str::to_owned)))
}

/// Removes `keys` from group `arn` (enforcement removing a mark): `DeleteTags` names each key
/// with the group.
pub async fn untag(client: &Client, arn: &str, keys: &[String]) -> Result<(), ResourceFailure> {
    let name = group_name(arn);
    let tags = keys
        .iter()
        .map(|key| {
            Tag::builder()
                .resource_id(name)
                .resource_type(GROUP_RESOURCE_TYPE)
                .key(key)
                .build()
        })
        .collect();
    client
        .delete_tags()
        .set_tags(Some(tags))
        .send()
        .await
        .map(drop)
        .map_err(|err| failure(arn, "autoscaling:DeleteTags", err))
}
