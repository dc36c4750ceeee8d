//! CloudWatch dashboard tagging (`TagResource` by ARN): the Resource Groups Tagging API tags
//! CloudWatch alarms only.

use autotag_core::plan::{RouteBatch, TagPlan};
use aws_sdk_cloudwatch::Client;
use aws_sdk_cloudwatch::types::Tag;

use super::by_arn::NativeTagging;
use crate::ports::{ApplyReport, ResourceFailure};

/// The route's calls, as one expression both paths use (closure types cannot be named in a
/// function's return type).
macro_rules! tagging {
    ($client:ident) => {
        NativeTagging {
            read_operation: "cloudwatch:ListTagsForResource",
            write_operation: "cloudwatch:TagResource",
            read: |arn: String| async move {
                let output = $client
                    .list_tags_for_resource()
                    .resource_arn(arn)
                    .send()
                    .await?;
                Ok(output
                    .tags()
                    .iter()
                    .filter_map(|t| t.key().map(str::to_owned))
                    .collect())
            },
            write: |arn: String, tags: autotag_core::tags::TagSet| async move {
                let tags = tags
                    .iter()
                    .map(|(k, v)| Tag::builder().key(k.as_str()).value(v.as_str()).build())
                    .collect();
                $client
                    .tag_resource()
                    .resource_arn(arn)
                    .set_tags(Some(tags))
                    .send()
                    .await
                    .map(|_| ())
            },
        }
    };
}

/// Tags the batch's dashboards.
pub async fn tag(client: &Client, plan: &TagPlan, batch: &RouteBatch) -> ApplyReport {
    tagging!(client).tag(plan, batch).await
}

/// Writes `tags` on dashboard `arn` over existing values (`autotag retag`, enforcement marks).
pub async fn overwrite(
    client: &Client,
    arn: &str,
    tags: &std::collections::BTreeMap<String, String>,
) -> Result<(), ResourceFailure> {
    tagging!(client).overwrite(arn, arn, tags).await
}

/// Removes `keys` from dashboard `arn` (enforcement removing a mark).
pub async fn untag(client: &Client, arn: &str, keys: &[String]) -> Result<(), ResourceFailure> {
    super::by_arn::untag_resource_api!(
        client,
        "cloudwatch:UntagResource",
        resource_arn,
        arn,
        arn,
        keys
    )
}
