//! ECR repository tagging (`TagResource`), after listing the repository's tags so that
//! existing keys are left alone; and [`overwrite`], which writes values over existing ones
//! (`autotag retag`, enforcement marks).

use autotag_core::plan::{RouteBatch, TagPlan};
use aws_sdk_ecr::Client;
use aws_sdk_ecr::types::Tag;

use super::by_arn::tag_resource_api;
use crate::aws::{failure, other_failure};
use crate::ports::{ApplyReport, ResourceFailure};

/// Tags the batch's repositories.
pub async fn tag(client: &Client, plan: &TagPlan, batch: &RouteBatch) -> ApplyReport {
    tag_resource_api!(client, aws_sdk_ecr, "ecr", resource_arn)
        .tag(plan, batch)
        .await
}

/// Writes `tags` on repository `arn`, replacing the values of keys it already has: ECR's
/// `TagResource` "overwrites an existing tag with the same key"
/// (<https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_TagResource.html>).
pub async fn overwrite(
    client: &Client,
    arn: &str,
    tags: &std::collections::BTreeMap<String, String>,
) -> Result<(), ResourceFailure> {
    const OPERATION: &str = "ecr:TagResource";
    let tags = tags
        .iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| other_failure(arn, OPERATION, err))?;
    let request = client.tag_resource().resource_arn(arn).set_tags(Some(tags));
    request
        .send()
        .await
        .map(drop)
        .map_err(|err| failure(arn, OPERATION, err))
}

/// Removes `keys` from repository `arn` (enforcement removing a mark).
pub async fn untag(client: &Client, arn: &str, keys: &[String]) -> Result<(), ResourceFailure> {
    super::by_arn::untag_resource_api!(client, "ecr:UntagResource", resource_arn, arn, arn, keys)
}
