//! ECR repository tagging (`TagResource`), after listing the repository's tags so that
//! existing keys are left alone.

use autotag_core::plan::{RouteBatch, TagPlan};
use aws_sdk_ecr::Client;
use aws_sdk_ecr::types::Tag;
use aws_smithy_runtime_api::client::result::SdkError;

use super::by_arn::NativeTagging;
use crate::ports::ApplyReport;

/// Tags the batch's repositories.
pub async fn tag(client: &Client, plan: &TagPlan, batch: &RouteBatch) -> ApplyReport {
    NativeTagging {
        read_operation: "ecr:ListTagsForResource",
        write_operation: "ecr:TagResource",
        read: |arn: String| async move {
            let output = client
                .list_tags_for_resource()
                .resource_arn(arn)
                .send()
                .await?;
            Ok(output.tags().iter().map(|t| t.key().to_owned()).collect())
        },
        write: |arn: String, tags: autotag_core::tags::TagSet| async move {
            let tags = tags
                .iter()
                .map(|(k, v)| Tag::builder().key(k.as_str()).value(v.as_str()).build())
                .collect::<Result<Vec<_>, _>>()
                .map_err(SdkError::construction_failure)?;
            client
                .tag_resource()
                .resource_arn(arn)
                .set_tags(Some(tags))
                .send()
                .await
                .map(|_| ())
        },
    }
    .tag(plan, batch)
    .await
}
