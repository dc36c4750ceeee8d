//! Organizations tagging (`TagResource` by account, OU or policy id) in the management account.
//!
//! An account being created has no id yet: its event names the create-account request
//! (`car-…`). The route asks Organizations for the request's status: while it is in progress
//! the resource fails as not ready (the row waits, within its bound), once it has succeeded the
//! new account is tagged, and if it failed there is no account and the resource is reported gone.

use autotag_core::plan::{RouteBatch, TagPlan};
use aws_sdk_organizations::Client;
use aws_sdk_organizations::types::{CreateAccountState, Tag};
use aws_smithy_runtime_api::client::result::SdkError;

use super::by_arn::NativeTagging;
use super::failure;
use crate::ports::{ApplyReport, FailureKind, ResourceFailure, ResourceReport, ResourceStatus};

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
    let tagging = NativeTagging {
        read_operation: "organizations:ListTagsForResource",
        write_operation: "organizations:TagResource",
        read: |id: String| async move {
            let output = client
                .list_tags_for_resource()
                .resource_id(id)
                .send()
                .await?;
            Ok(output.tags().iter().map(|t| t.key().to_owned()).collect())
        },
        write: |id: String, tags: autotag_core::tags::TagSet| async move {
            let tags = tags
                .iter()
                .map(|(k, v)| Tag::builder().key(k.as_str()).value(v.as_str()).build())
                .collect::<Result<Vec<_>, _>>()
                .map_err(SdkError::construction_failure)?;
            client
                .tag_resource()
                .resource_id(id)
                .set_tags(Some(tags))
                .send()
                .await
                .map(|_| ())
        },
    };
    let mut report = ApplyReport::default();
    for resource in &batch.resources {
        let arn = resource.arn.as_str();
        // Organizations' TagResource takes the id, the ARN's last segment.
        let id = arn.rsplit('/').next().unwrap_or(arn);
        let target = if id.starts_with("car-") {
            match created_account(client, id).await {
                Ok(Created::Account(account)) => account,
                Ok(Created::Failed(reason)) => {
                    report.resources.push(ResourceReport {
                        arn: arn.to_owned(),
                        status: ResourceStatus::Gone { reason },
                    });
                    continue;
                }
                Err(Lookup::NotReady(err)) => {
                    report.failures.push(ResourceFailure {
                        arn: arn.to_owned(),
                        operation: "organizations:DescribeCreateAccountStatus",
                        kind: FailureKind::Other,
                        source: Box::new(err),
                    });
                    continue;
                }
                Err(Lookup::Call(err)) => {
                    report.failures.push(failure(
                        arn,
                        "organizations:DescribeCreateAccountStatus",
                        *err,
                    ));
                    continue;
                }
            }
        } else {
            id.to_owned()
        };
        tagging.tag_one(plan, arn, &target, &mut report).await;
    }
    report
}

enum Created {
    Account(String),
    Failed(String),
}

enum Lookup {
    NotReady(AccountNotReady),
    Call(
        Box<
            SdkError<
                aws_sdk_organizations::operation::describe_create_account_status::DescribeCreateAccountStatusError,
                aws_smithy_runtime_api::client::orchestrator::HttpResponse,
            >,
        >,
    ),
}

async fn created_account(client: &Client, request: &str) -> Result<Created, Lookup> {
    let output = client
        .describe_create_account_status()
        .create_account_request_id(request)
        .send()
        .await
        .map_err(|err| Lookup::Call(Box::new(err)))?;
    let status = output.create_account_status();
    match status.and_then(|s| s.state()) {
        Some(CreateAccountState::Succeeded) => status
            .and_then(|s| s.account_id())
            .map(|account| Created::Account(account.to_owned()))
            .ok_or_else(|| {
                Lookup::NotReady(AccountNotReady::NoAccountId {
                    request: request.to_owned(),
                })
            }),
        Some(CreateAccountState::Failed) => Ok(Created::Failed(format!(
            "account creation `{request}` failed: `{}`",
            status
                .and_then(|s| s.failure_reason())
                .map_or("no reason given", |r| r.as_str())
        ))),
        state => Err(Lookup::NotReady(AccountNotReady::InProgress {
            request: request.to_owned(),
            state: state.map_or("unknown", |s| s.as_str()).to_owned(),
        })),
    }
}
