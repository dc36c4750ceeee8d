//! API Gateway tagging (`TagResource` by ARN) of API keys, whose ARNs the Resource Groups
//! Tagging API rejects.

use autotag_core::plan::{RouteBatch, TagPlan};
use aws_sdk_apigateway::Client;

use super::by_arn::NativeTagging;
use crate::ports::{ApplyReport, ResourceFailure};

/// The route's calls, as one expression both paths use (closure types cannot be named in a
/// function's return type).
macro_rules! tagging {
    ($client:ident) => {
        NativeTagging {
            read_operation: "apigateway:GET",
            write_operation: "apigateway:PUT",
            read: |arn: String| async move {
                let output = $client.get_tags().resource_arn(arn).send().await?;
                Ok(output
                    .tags()
                    .map(|tags| tags.keys().cloned().collect())
                    .unwrap_or_default())
            },
            write: |arn: String, tags: autotag_core::tags::TagSet| async move {
                let tags = tags
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
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

/// Tags the batch's API keys.
pub async fn tag(client: &Client, plan: &TagPlan, batch: &RouteBatch) -> ApplyReport {
    tagging!(client).tag(plan, batch).await
}

/// Writes `tags` on API key `arn` over existing values (`autotag retag`, enforcement marks).
pub async fn overwrite(
    client: &Client,
    arn: &str,
    tags: &std::collections::BTreeMap<String, String>,
) -> Result<(), ResourceFailure> {
    tagging!(client).overwrite(arn, arn, tags).await
}

/// Removes `keys` from API key `arn` (enforcement removing a mark).
pub async fn untag(client: &Client, arn: &str, keys: &[String]) -> Result<(), ResourceFailure> {
    super::by_arn::untag_resource_api!(client, "apigateway:DELETE", resource_arn, arn, arn, keys)
}
