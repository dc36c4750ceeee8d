//! IAM Roles Anywhere tagging (`TagResource` by ARN) of trust anchors and profiles: the Resource
//! Groups Tagging API does not serve Roles Anywhere.

use autotag_core::plan::{RouteBatch, TagPlan};
use aws_sdk_rolesanywhere::Client;

use super::by_arn::tag_resource_api;
use crate::ports::{ApplyReport, ResourceFailure};

/// Tags the batch's trust anchors and profiles.
pub async fn tag(client: &Client, plan: &TagPlan, batch: &RouteBatch) -> ApplyReport {
    tag_resource_api!(client, aws_sdk_rolesanywhere, "rolesanywhere", resource_arn)
        .tag(plan, batch)
        .await
}

/// Writes `tags` on trust anchor or profile `arn` over existing values (`autotag retag`,
/// enforcement marks).
pub async fn overwrite(
    client: &Client,
    arn: &str,
    tags: &std::collections::BTreeMap<String, String>,
) -> Result<(), ResourceFailure> {
    tag_resource_api!(client, aws_sdk_rolesanywhere, "rolesanywhere", resource_arn)
        .overwrite(arn, arn, tags)
        .await
}

/// Removes `keys` from trust anchor or profile `arn` (enforcement removing a mark).
pub async fn untag(client: &Client, arn: &str, keys: &[String]) -> Result<(), ResourceFailure> {
    super::by_arn::untag_resource_api!(
        client,
        "rolesanywhere:UntagResource",
        resource_arn,
        arn,
        arn,
        keys
    )
}
