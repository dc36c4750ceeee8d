//! ECR repository tagging (`TagResource`), after listing the repository's tags so that
//! existing keys are left alone.

use autotag_core::plan::{RouteBatch, TagPlan};
use aws_sdk_ecr::Client;
use aws_sdk_ecr::types::Tag;

use super::{ErrorClass, classify, describe, failure};
use crate::ports::{ApplyReport, FailureKind, ResourceFailure, ResourceReport, ResourceStatus};

/// Tags the batch's repositories.
pub async fn tag(client: &Client, plan: &TagPlan, batch: &RouteBatch) -> ApplyReport {
    let mut report = ApplyReport::default();
    for resource in &batch.resources {
        let arn = resource.arn.as_str();
        let existing: Vec<String> = match client
            .list_tags_for_resource()
            .resource_arn(arn)
            .send()
            .await
        {
            Ok(output) => output.tags().iter().map(|t| t.key().to_owned()).collect(),
            Err(err) if matches!(classify(&err), ErrorClass::Gone) => {
                report.resources.push(ResourceReport {
                    arn: arn.to_owned(),
                    status: ResourceStatus::Gone {
                        reason: describe(&err),
                    },
                });
                continue;
            }
            Err(err) => {
                report
                    .failures
                    .push(failure(arn, "ecr:ListTagsForResource", err));
                continue;
            }
        };
        let missing = match plan.tags.missing_from(existing.iter().map(String::as_str)) {
            Ok(missing) if missing.is_empty() => {
                report.resources.push(ResourceReport {
                    arn: arn.to_owned(),
                    status: ResourceStatus::AlreadyStamped,
                });
                continue;
            }
            Ok(missing) => missing,
            Err(limit) => {
                report.failures.push(ResourceFailure {
                    arn: arn.to_owned(),
                    operation: "ecr:TagResource",
                    kind: FailureKind::Other,
                    source: Box::new(limit),
                });
                continue;
            }
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
                    operation: "ecr:TagResource",
                    kind: FailureKind::Other,
                    source: Box::new(err),
                });
                continue;
            }
        };
        match client
            .tag_resource()
            .resource_arn(arn)
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
            Err(err) if matches!(classify(&err), ErrorClass::Gone) => {
                report.resources.push(ResourceReport {
                    arn: arn.to_owned(),
                    status: ResourceStatus::Gone {
                        reason: describe(&err),
                    },
                });
            }
            Err(err) => report.failures.push(failure(arn, "ecr:TagResource", err)),
        }
    }
    report
}
