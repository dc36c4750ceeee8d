//! EC2 tagging: one `CreateTags` for every id of an event that needs the same tags (up to 1000
//! ids a call), after one `DescribeTags` to leave existing keys alone. For `RunInstances`, the
//! instances' EBS volumes are found with `DescribeInstances` and tagged in the same call.

use std::collections::HashMap;

use autotag_core::plan::{RouteBatch, TagPlan};
use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{Filter, Tag};

use super::{ErrorClass, PageCap, PagedError, classify, describe, failures_for, paged_failures};
use crate::ports::{ApplyReport, ResourceReport, ResourceStatus};

/// The most resource ids `CreateTags` takes in one call.
const CREATE_TAGS_BATCH: usize = 1000;
/// Filter values per `DescribeTags` call, kept well under EC2's filter limits.
const DESCRIBE_BATCH: usize = 200;

/// One EC2 resource: its id for the API and its ARN for reports.
#[derive(Debug, Clone)]
struct Target {
    id: String,
    arn: String,
}

/// Tags the batch's EC2 resources (and, if the plan says so, the instances' volumes).
pub async fn tag(client: &Client, plan: &TagPlan, batch: &RouteBatch) -> ApplyReport {
    let mut report = ApplyReport::default();
    let mut targets: Vec<Target> = batch
        .resources
        .iter()
        .map(|r| Target {
            id: r.arn.resource_id().to_owned(),
            arn: r.arn.to_string(),
        })
        .collect();
    if plan.tag_attached_volumes {
        let instances: Vec<&str> = batch
            .resources
            .iter()
            .filter(|r| r.resource_type == "ec2:instance")
            .map(|r| r.arn.resource_id())
            .collect();
        match attached_volumes(client, &instances).await {
            Ok(volumes) => {
                for id in volumes {
                    if !targets.iter().any(|t| t.id == id) {
                        let arn = format!(
                            "arn:{}:ec2:{}:{}:volume/{id}",
                            plan.partition, plan.region, plan.account
                        );
                        targets.push(Target { id, arn });
                    }
                }
            }
            Err(err) => {
                let arns = batch.resources.iter().map(|r| r.arn.as_str());
                report
                    .failures
                    .extend(failures_for(arns, "ec2:DescribeInstances", err));
                return report;
            }
        }
    }
    let existing = match existing_keys(client, &targets, plan).await {
        Ok(existing) => existing,
        Err(err) => {
            let arns = targets.iter().map(|t| t.arn.as_str());
            report
                .failures
                .extend(paged_failures(arns, "ec2:DescribeTags", err));
            return report;
        }
    };
    // Resources that lack the same keys share one CreateTags call.
    let groups = super::group_by_missing(
        plan,
        targets,
        &existing,
        |t: &Target| t.id.as_str(),
        |t: &Target| t.arn.as_str(),
        "ec2:CreateTags",
        &mut report,
    );
    for (tags, members) in groups {
        for chunk in members.chunks(CREATE_TAGS_BATCH) {
            report.absorb(create_tags(client, chunk, &tags).await);
        }
    }
    report
}

type DescribeError<E> = aws_sdk_ec2::error::SdkError<E, aws_sdk_ec2::config::http::HttpResponse>;

async fn attached_volumes(
    client: &Client,
    instances: &[&str],
) -> Result<
    Vec<String>,
    DescribeError<aws_sdk_ec2::operation::describe_instances::DescribeInstancesError>,
> {
    let mut volumes = Vec::new();
    for chunk in instances.chunks(CREATE_TAGS_BATCH) {
        let ids: Vec<String> = chunk.iter().map(|id| (*id).to_owned()).collect();
        let output = match client
            .describe_instances()
            .set_instance_ids(Some(ids))
            .send()
            .await
        {
            Ok(output) => output,
            // An instance already terminated has nothing attached; CreateTags reports it gone.
            Err(err) if matches!(classify(&err), ErrorClass::Gone) => continue,
            Err(err) => return Err(err),
        };
        for instance in output.reservations().iter().flat_map(|r| r.instances()) {
            for mapping in instance.block_device_mappings() {
                if let Some(volume) = mapping.ebs().and_then(|ebs| ebs.volume_id()) {
                    volumes.push(volume.to_owned());
                }
            }
        }
    }
    Ok(volumes)
}

async fn existing_keys(
    client: &Client,
    targets: &[Target],
    plan: &TagPlan,
) -> Result<
    HashMap<String, Vec<String>>,
    PagedError<DescribeError<aws_sdk_ec2::operation::describe_tags::DescribeTagsError>>,
> {
    let mut existing: HashMap<String, Vec<String>> = HashMap::new();
    let keys: Vec<String> = plan.tags.iter().map(|(k, _)| k.to_string()).collect();
    for chunk in targets.chunks(DESCRIBE_BATCH) {
        let ids: Vec<String> = chunk.iter().map(|t| t.id.clone()).collect();
        let mut token = None;
        let mut cap = PageCap::new("ec2:DescribeTags");
        loop {
            let output = client
                .describe_tags()
                .filters(
                    Filter::builder()
                        .name("resource-id")
                        .set_values(Some(ids.clone()))
                        .build(),
                )
                .filters(
                    Filter::builder()
                        .name("key")
                        .set_values(Some(keys.clone()))
                        .build(),
                )
                .set_next_token(token)
                .send()
                .await?;
            for description in output.tags() {
                if let (Some(id), Some(key)) = (description.resource_id(), description.key()) {
                    existing
                        .entry(id.to_owned())
                        .or_default()
                        .push(key.to_owned());
                }
            }
            token = output.next_token().map(str::to_owned);
            if token.is_none() {
                break;
            }
            cap.next_page()?;
        }
    }
    // Only plan keys are read, so the 50-tag limit is left for EC2 to enforce on CreateTags.
    Ok(existing)
}

async fn create_tags(
    client: &Client,
    targets: &[Target],
    tags: &[(String, String)],
) -> ApplyReport {
    let ec2_tags: Vec<Tag> = tags
        .iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect();
    let keys: Vec<String> = tags.iter().map(|(k, _)| k.clone()).collect();
    let ids: Vec<String> = targets.iter().map(|t| t.id.clone()).collect();
    let mut report = ApplyReport::default();
    match client
        .create_tags()
        .set_resources(Some(ids))
        .set_tags(Some(ec2_tags.clone()))
        .send()
        .await
    {
        Ok(_) => {
            for target in targets {
                report.resources.push(ResourceReport {
                    arn: target.arn.clone(),
                    status: ResourceStatus::Tagged { keys: keys.clone() },
                });
            }
        }
        // EC2 fails the whole call when one id is gone; find which by tagging one at a time.
        Err(err) if matches!(classify(&err), ErrorClass::Gone) && targets.len() > 1 => {
            for target in targets {
                report.absorb(
                    Box::pin(create_tags(client, std::slice::from_ref(target), tags)).await,
                );
            }
        }
        Err(err) if matches!(classify(&err), ErrorClass::Gone) => {
            for target in targets {
                report.resources.push(ResourceReport {
                    arn: target.arn.clone(),
                    status: ResourceStatus::Gone {
                        reason: describe(&err),
                    },
                });
            }
        }
        Err(err) => {
            let arns = targets.iter().map(|t| t.arn.as_str());
            report
                .failures
                .extend(failures_for(arns, "ec2:CreateTags", err));
        }
    }
    report
}
