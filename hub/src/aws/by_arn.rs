//! Tagging one resource at a time through a service's own API, by ARN: read its tag keys, then
//! write only the planned tags it lacks. Shared by the routes whose service the Resource Groups
//! Tagging API does not serve (DAX, IAM Roles Anywhere), and ECR and Organizations.

use std::future::Future;

use autotag_core::plan::{RouteBatch, TagPlan};
use autotag_core::tags::TagSet;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::{ErrorClass, classify, describe, failure, missing_tags, record_write};
use crate::ports::{ApplyReport, ResourceReport, ResourceStatus};

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
