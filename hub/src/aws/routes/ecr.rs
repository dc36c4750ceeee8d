//! ECR repository tagging (`TagResource`), after listing the repository's tags so that
//! existing keys are left alone.

use autotag_core::plan::{RouteBatch, TagPlan};
use aws_sdk_ecr::Client;

use super::by_arn::tag_resource_api;
use crate::ports::ApplyReport;

/// Tags the batch's repositories.
pub async fn tag(client: &Client, plan: &TagPlan, batch: &RouteBatch) -> ApplyReport {
    tag_resource_api!(client, aws_sdk_ecr, "ecr", resource_arn)
        .tag(plan, batch)
        .await
}
