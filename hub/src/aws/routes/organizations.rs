//! Organizations tagging (`TagResource` by account, OU or policy id) in the management account.
//!
//! An account being created has no id yet: its event names the create-account request
//! (`car-…`). The route asks Organizations for the request's status: while it is in progress
//! the resource fails as not ready (the row waits, within its bound), once it has succeeded the
//! new account is tagged, and if it failed there is no account and the resource is reported gone.

use autotag_core::plan::{RouteBatch, TagPlan};
use aws_sdk_organizations::Client;
use aws_sdk_organizations::types::CreateAccountState;

use super::by_arn::{Resolution, settle, tag_resource_api};
use crate::aws::failure;
use crate::ports::{ApplyReport, ResourceFailure};

/// Why an account being created cannot be tagged yet.
#[derive(Debug, thiserror::Error)]
pub enum AccountNotReady {
    /// Organizations is still creating it.
    #[error("account creation `{request}` is still `{state}`")]
    InProgress {
        /// The create-account request id.
        request: String,
        /// Its state.
        state: String,
    },
    /// The status names no account.
    #[error("account creation `{request}` succeeded but names no account id")]
    NoAccountId {
        /// The create-account request id.
        request: String,
    },
}

/// Tags the batch's accounts and organizational units.
pub async fn tag(client: &Client, plan: &TagPlan, batch: &RouteBatch) -> ApplyReport {
    let tagging = tag_resource_api!(client, aws_sdk_organizations, "organizations", resource_id);
    let mut report = ApplyReport::default();
    for resource in &batch.resources {
        let arn = resource.arn.as_str();
        // Organizations' TagResource takes the id, the ARN's last segment.
        let id = arn.rsplit('/').next().unwrap_or(arn);
        let target = if id.starts_with("car-") {
            let resolution = created_account(client, arn, id).await;
            let Some(account) = settle(
                &mut report,
                arn,
                "organizations:DescribeCreateAccountStatus",
                resolution,
            ) else {
                continue;
            };
            account
        } else {
            id.to_owned()
        };
        tagging.tag_one(plan, arn, &target, &mut report).await;
    }
    report
}

/// Writes `tags` on account, OU, root or policy `arn` over existing values (`autotag retag`,
/// enforcement marks). The ARN names a resource that exists, never a create-account request.
pub async fn overwrite(
    client: &Client,
    arn: &str,
    tags: &std::collections::BTreeMap<String, String>,
) -> Result<(), ResourceFailure> {
    let id = arn.rsplit('/').next().unwrap_or(arn);
    tag_resource_api!(client, aws_sdk_organizations, "organizations", resource_id)
        .overwrite(arn, id, tags)
        .await
}

async fn created_account(client: &Client, arn: &str, request: &str) -> Resolution {
    let output = match client
        .describe_create_account_status()
        .create_account_request_id(request)
        .send()
        .await
    {
        Ok(output) => output,
        Err(err) => {
            return Resolution::LookupFailed(failure(
                arn,
                "organizations:DescribeCreateAccountStatus",
                err,
            ));
        }
    };
    let status = output.create_account_status();
    match status.and_then(|s| s.state()) {
        Some(CreateAccountState::Succeeded) => match status.and_then(|s| s.account_id()) {
            Some(account) => Resolution::Created(account.to_owned()),
            None => Resolution::NotReady(Box::new(AccountNotReady::NoAccountId {
                request: request.to_owned(),
            })),
        },
        Some(CreateAccountState::Failed) => Resolution::Failed(format!(
            "account creation `{request}` failed: `{}`",
            status
                .and_then(|s| s.failure_reason())
                .map_or("no reason given", |r| r.as_str())
        )),
        state => Resolution::NotReady(Box::new(AccountNotReady::InProgress {
            request: request.to_owned(),
            state: state.map_or("unknown", |s| s.as_str()).to_owned(),
        })),
    }
}

/// Removes `keys` from account, OU, root or policy `arn` (enforcement removing a mark).
pub async fn untag(client: &Client, arn: &str, keys: &[String]) -> Result<(), ResourceFailure> {
    let id = arn.rsplit('/').next().unwrap_or(arn);
    super::by_arn::untag_resource_api!(
        client,
        "organizations:UntagResource",
        resource_id,
        arn,
        id,
        keys
    )
}
