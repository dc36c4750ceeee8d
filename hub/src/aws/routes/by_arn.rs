//! Tagging one resource at a time through a service's own API: read its tag keys, then write
//! only the planned tags it lacks. Shared by every native route that names a resource by ARN or
//! id (ECR, Organizations, DAX, IAM Roles Anywhere, Cloud Map, CloudWatch, API Gateway), with
//! [`settle`] for resources an asynchronous step creates.

use std::future::Future;

use autotag_core::plan::{RouteBatch, TagPlan};
use autotag_core::tags::TagSet;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::aws::{ErrorClass, classify, describe, failure, missing_tags, record_write};
use crate::ports::{ApplyReport, FailureKind, ResourceFailure, ResourceReport, ResourceStatus};

/// [`NativeTagging`] for a service whose API has the common shape: `ListTagsForResource` and
/// `TagResource`, both naming the resource with the request field `$target` (`resource_arn`,
/// `resource_id`), tags as `$sdk::types::Tag` with required key and value.
macro_rules! tag_resource_api {
    ($client:expr, $sdk:ident, $prefix:literal, $target:ident) => {
        $crate::aws::by_arn::NativeTagging {
            read_operation: concat!($prefix, ":ListTagsForResource"),
            write_operation: concat!($prefix, ":TagResource"),
            read: |target: String| async move {
                let output = $client
                    .list_tags_for_resource()
                    .$target(target)
                    .send()
                    .await?;
                Ok(output.tags().iter().map(|t| t.key().to_owned()).collect())
            },
            write: |target: String, tags: autotag_core::tags::TagSet| async move {
                let tags = tags
                    .iter()
                    .map(|(k, v)| {
                        $sdk::types::Tag::builder()
                            .key(k.as_str())
                            .value(v.as_str())
                            .build()
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(
                        aws_smithy_runtime_api::client::result::SdkError::construction_failure,
                    )?;
                $client
                    .tag_resource()
                    .$target(target)
                    .set_tags(Some(tags))
                    .send()
                    .await
                    .map(|_| ())
            },
        }
    };
}
pub(crate) use tag_resource_api;

/// The service calls of one route: how to read a resource's tag keys and write tags to it.
pub(crate) struct NativeTagging<Read, Write> {
    /// The IAM action reading tags, for reports.
    pub read_operation: &'static str,
    /// The IAM action writing tags, for reports.
    pub write_operation: &'static str,
    /// The resource's tag keys.
    pub read: Read,
    /// Writes the tags.
    pub write: Write,
}

impl<Read, Write> NativeTagging<Read, Write> {
    /// Tags each resource of `batch`, named by its ARN, with what `plan` says it lacks.
    pub(crate) async fn tag<ReadFuture, WriteFuture, RE, RR, WE, WR>(
        &self,
        plan: &TagPlan,
        batch: &RouteBatch,
    ) -> ApplyReport
    where
        Read: Fn(String) -> ReadFuture,
        Write: Fn(String, TagSet) -> WriteFuture,
        ReadFuture: Future<Output = Result<Vec<String>, SdkError<RE, RR>>>,
        WriteFuture: Future<Output = Result<(), SdkError<WE, WR>>>,
        RE: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        RR: std::fmt::Debug + Send + Sync + 'static,
        WE: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        WR: std::fmt::Debug + Send + Sync + 'static,
    {
        let mut report = ApplyReport::default();
        for resource in &batch.resources {
            let arn = resource.arn.as_str();
            self.tag_one(plan, arn, arn, &mut report).await;
        }
        report
    }

    /// Tags one resource, which the service calls `target` and reports name `arn`, with what
    /// `plan` says it lacks.
    pub(crate) async fn tag_one<ReadFuture, WriteFuture, RE, RR, WE, WR>(
        &self,
        plan: &TagPlan,
        arn: &str,
        target: &str,
        report: &mut ApplyReport,
    ) where
        Read: Fn(String) -> ReadFuture,
        Write: Fn(String, TagSet) -> WriteFuture,
        ReadFuture: Future<Output = Result<Vec<String>, SdkError<RE, RR>>>,
        WriteFuture: Future<Output = Result<(), SdkError<WE, WR>>>,
        RE: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        RR: std::fmt::Debug + Send + Sync + 'static,
        WE: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        WR: std::fmt::Debug + Send + Sync + 'static,
    {
        let existing = match (self.read)(target.to_owned()).await {
            Ok(keys) => keys,
            Err(err) if matches!(classify(&err), ErrorClass::Gone) => {
                report.resources.push(ResourceReport {
                    arn: arn.to_owned(),
                    status: ResourceStatus::Gone {
                        reason: describe(&err),
                    },
                });
                return;
            }
            Err(err) => {
                report.failures.push(failure(arn, self.read_operation, err));
                return;
            }
        };
        let Some(missing) = missing_tags(
            plan,
            arn,
            existing.iter().map(String::as_str),
            self.write_operation,
            report,
        ) else {
            return;
        };
        let written = (self.write)(target.to_owned(), missing.clone()).await;
        record_write(report, arn, self.write_operation, &missing, written);
    }
}

/// What became of a resource that an asynchronous step creates (an account, a namespace): the
/// id it was given, or why there is none, or not yet.
pub(crate) enum Resolution {
    /// Created, with this id.
    Created(String),
    /// The step failed: there is nothing to tag, and there never will be.
    Failed(String),
    /// The step has not ended; the row's readiness decides how long to wait.
    NotReady(Box<dyn std::error::Error + Send + Sync>),
    /// Asking failed.
    LookupFailed(ResourceFailure),
}

/// The id `resolution` gives `arn`, or `None` once `report` says why there is none (reported
/// gone, or failed under `operation`: not ready yet, or the lookup's own error).
pub(crate) fn settle(
    report: &mut ApplyReport,
    arn: &str,
    operation: &'static str,
    resolution: Resolution,
) -> Option<String> {
    match resolution {
        Resolution::Created(id) => return Some(id),
        Resolution::Failed(reason) => report.resources.push(ResourceReport {
            arn: arn.to_owned(),
            status: ResourceStatus::Gone { reason },
        }),
        Resolution::NotReady(source) => report.failures.push(ResourceFailure {
            arn: arn.to_owned(),
            operation,
            kind: FailureKind::Other,
            source,
        }),
        Resolution::LookupFailed(failure) => report.failures.push(failure),
    }
    None
}
