//! ECR repository tagging (`TagResource`), after listing the repository's tags so that
//! existing keys are left alone.

use autotag_core::plan::{RouteBatch, TagPlan};
use aws_sdk_ecr::Client;
use aws_sdk_ecr::types::Tag;

use super::{ErrorClass, classify, describe, failure, missing_tags, record_write};
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
        let Some(missing) = missing_tags(
            plan,
            arn,
            existing.iter().map(String::as_str),
            "ecr:TagResource",
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
                    operation: "ecr:TagResource",
                    kind: FailureKind::Other,
                    source: Box::new(err),
                });
                continue;
            }
        };
        let written = client
            .tag_resource()
            .resource_arn(arn)
            .set_tags(Some(tags))
            .send()
            .await
            .map(|_| ());
        record_write(&mut report, arn, "ecr:TagResource", &missing, written);
    }
    report
}
