//! The Resource Groups Tagging API, for every resource without a native route: `GetResources`
//! to read existing keys (100 ARNs a call), then `TagResources` (20 ARNs a call) for the
//! resources that lack the same keys, reading the per-resource failure map it returns. Failures
//! it marks as throttling or 5xx are retried with backoff; the rest are reported.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use autotag_core::plan::{RouteBatch, TagPlan};
use aws_sdk_resourcegroupstagging::Client;

use crate::aws::{PageCap, PagedError, failures_for, paged_failures};
use crate::ports::{ApplyReport, FailureKind, ResourceFailure, ResourceReport, ResourceStatus};

/// ARNs per `GetResources` call.
const READ_BATCH: usize = 100;
/// ARNs per `TagResources` call.
const WRITE_BATCH: usize = 20;
/// Attempts for resources that `TagResources` reports as throttled or failed server-side.
const PARTIAL_ATTEMPTS: u32 = 3;
/// The first backoff between such attempts; it doubles.
const BACKOFF: Duration = Duration::from_millis(250);

/// One resource's entry in `TagResources`' `FailedResourcesMap`.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{code} (status {status}): {message}")]
pub struct PartialFailure {
    /// `ErrorCode`.
    pub code: String,
    /// `StatusCode`.
    pub status: i32,
    /// `ErrorMessage`.
    pub message: String,
}

impl PartialFailure {
    fn is_transient(&self) -> bool {
        self.status >= 500 || self.status == 429 || self.code.contains("Throttl")
    }
}

/// Tags the batch's resources through the Resource Groups Tagging API.
pub async fn tag(client: &Client, plan: &TagPlan, batch: &RouteBatch) -> ApplyReport {
    let mut report = ApplyReport::default();
    let arns: Vec<&str> = batch.resources.iter().map(|r| r.arn.as_str()).collect();
    let existing = match existing_keys(client, &arns).await {
        Ok(existing) => existing,
        Err(err) => {
            report.failures.extend(paged_failures(
                arns.iter().copied(),
                "tag:GetResources",
                err,
            ));
            return report;
        }
    };
    let groups = crate::aws::group_by_missing(
        plan,
        arns,
        &existing,
        |a: &&str| *a,
        |a: &&str| *a,
        "tag:TagResources",
        &mut report,
    );
    for (tags, members) in groups {
        for chunk in members.chunks(WRITE_BATCH) {
            report.absorb(tag_resources(client, chunk, &tags).await);
        }
    }
    report
}

type ReadError = aws_sdk_resourcegroupstagging::error::SdkError<
    aws_sdk_resourcegroupstagging::operation::get_resources::GetResourcesError,
    aws_sdk_resourcegroupstagging::config::http::HttpResponse,
>;

async fn existing_keys(
    client: &Client,
    arns: &[&str],
) -> Result<HashMap<String, Vec<String>>, PagedError<ReadError>> {
    let wanted: HashSet<&str> = arns.iter().copied().collect();
    let mut existing: HashMap<String, Vec<String>> = HashMap::new();
    for chunk in arns.chunks(READ_BATCH) {
        let list: Vec<String> = chunk.iter().map(|a| (*a).to_owned()).collect();
        let mut token: Option<String> = None;
        let mut cap = PageCap::new("tag:GetResources");
        loop {
            let output = client
                .get_resources()
                .set_resource_arn_list(Some(list.clone()))
                .set_pagination_token(token.take())
                .send()
                .await?;
            for mapping in output.resource_tag_mapping_list() {
                // Filter by ARN here too: not every implementation honours ResourceARNList.
                let Some(arn) = mapping.resource_arn().filter(|a| wanted.contains(a)) else {
                    continue;
                };
                existing
                    .entry(arn.to_owned())
                    .or_default()
                    .extend(mapping.tags().iter().map(|t| t.key().to_owned()));
            }
            token = output
                .pagination_token()
                .filter(|t| !t.is_empty())
                .map(str::to_owned);
            if token.is_none() {
                break;
            }
            cap.next_page()?;
        }
    }
    Ok(existing)
}

async fn tag_resources(client: &Client, arns: &[&str], tags: &[(String, String)]) -> ApplyReport {
    let mut report = ApplyReport::default();
    let keys: Vec<String> = tags.iter().map(|(k, _)| k.clone()).collect();
    let tag_map: HashMap<String, String> = tags.iter().cloned().collect();
    let mut pending: Vec<&str> = arns.to_vec();
    let mut backoff = BACKOFF;
    for attempt in 1..=PARTIAL_ATTEMPTS {
        let list: Vec<String> = pending.iter().map(|a| (*a).to_owned()).collect();
        let output = match client
            .tag_resources()
            .set_resource_arn_list(Some(list))
            .set_tags(Some(tag_map.clone()))
            .send()
            .await
        {
            Ok(output) => output,
            Err(err) => {
                report.failures.extend(failures_for(
                    pending.iter().copied(),
                    "tag:TagResources",
                    err,
                ));
                return report;
            }
        };
        let failed: HashMap<&str, PartialFailure> = output
            .failed_resources_map()
            .map(|map| {
                map.iter()
                    .map(|(arn, info)| {
                        (
                            arn.as_str(),
                            PartialFailure {
                                code: info
                                    .error_code()
                                    .map(|c| c.as_str().to_owned())
                                    .unwrap_or_default(),
                                status: info.status_code(),
                                message: info.error_message().unwrap_or_default().to_owned(),
                            },
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut retry = Vec::new();
        for arn in pending {
            match failed.get(arn) {
                None => report.resources.push(ResourceReport {
                    arn: arn.to_owned(),
                    status: ResourceStatus::Tagged { keys: keys.clone() },
                }),
                Some(failure) if failure.is_transient() && attempt < PARTIAL_ATTEMPTS => {
                    retry.push(arn)
                }
                Some(failure) => report.failures.push(ResourceFailure {
                    arn: arn.to_owned(),
                    operation: "tag:TagResources",
                    kind: if failure.is_transient() {
                        FailureKind::Transient
                    } else {
                        FailureKind::Other
                    },
                    source: Box::new(failure.clone()),
                }),
            }
        }
        if retry.is_empty() {
            break;
        }
        tokio::time::sleep(backoff).await;
        backoff *= 2;
        pending = retry;
    }
    report
}
