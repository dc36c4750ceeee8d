//! Tagging one resource at a time through a service's own API: read its tag keys, then write
//! only the planned tags it lacks; or, for `autotag retag` and enforcement marks, write values
//! over existing ones ([`NativeTagging::overwrite`]). Shared by every native route that names a
//! resource by ARN or id (ECR, Organizations, DAX, IAM Roles Anywhere, Cloud Map, CloudWatch,
//! API Gateway), with [`settle`] for resources an asynchronous step creates.

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

/// Removes tag keys `$keys` from the resource `$arn`, which the service's `UntagResource` names
/// by the request field `$target` with `$id`, reporting a failure as IAM action `$operation`:
/// enforcement removing a mark. A key the resource lacks is no error.
macro_rules! untag_resource_api {
    ($client:expr, $operation:literal, $target:ident, $arn:expr, $id:expr, $keys:expr) => {
        $client
            .untag_resource()
            .$target($id)
            .set_tag_keys(Some($keys.to_vec()))
            .send()
            .await
            .map(drop)
            .map_err(|err| $crate::aws::failure($arn, $operation, err))
    };
}
pub(crate) use untag_resource_api;

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

impl<Read, Write> NativeTagging<Read, Write> {
    /// Writes `tags` on the resource the service calls `target` (reported as `arn`), replacing
    /// the values of keys it already has. Every service on these routes replaces a key's value
    /// on `TagResource`: AWS's tagging rule is that "if you add a tag that has the same key as an
    /// existing tag on that resource, the new value overwrites the old value"
    /// (<https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html>), and DAX, CloudWatch
    /// and API Gateway ("adds or updates a tag") say so on their own `TagResource` pages.
    ///
    /// `Read` is bound as in [`Self::tag`] though unused: the bound is what gives the read
    /// closure's error type, so that the same expression builds both.
    pub(crate) async fn overwrite<ReadFuture, WriteFuture, RE, RR, WE, WR>(
        &self,
        arn: &str,
        target: &str,
        tags: &std::collections::BTreeMap<String, String>,
    ) -> Result<(), ResourceFailure>
    where
        Read: Fn(String) -> ReadFuture,
        ReadFuture: Future<Output = Result<Vec<String>, SdkError<RE, RR>>>,
        Write: Fn(String, TagSet) -> WriteFuture,
        WriteFuture: Future<Output = Result<(), SdkError<WE, WR>>>,
        WE: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        WR: std::fmt::Debug + Send + Sync + 'static,
    {
        let set = tag_set(arn, self.write_operation, tags)?;
        (self.write)(target.to_owned(), set)
            .await
            .map_err(|err| failure(arn, self.write_operation, err))
    }
}

/// `tags` as a [`TagSet`] for a write of `operation` on `arn`; a key or value AWS would refuse
/// fails the resource here, naming it, instead of at the service.
pub(crate) fn tag_set(
    arn: &str,
    operation: &'static str,
    tags: &std::collections::BTreeMap<String, String>,
) -> Result<TagSet, ResourceFailure> {
    let mut set = TagSet::new();
    for (key, value) in tags {
        let key = autotag_core::tags::TagKey::parse(key)
            .map_err(|err| crate::aws::other_failure(arn, operation, err))?;
        if !autotag_core::tags::TagValue::is_valid(value) {
            return Err(crate::aws::other_failure(
                arn,
                operation,
                InvalidTagValue {
                    key: key.to_string(),
                },
            ));
        }
        set.insert_if_absent(key, autotag_core::tags::TagValue::sanitize(value));
    }
    Ok(set)
}

/// A value no AWS tag may have.
#[derive(Debug, thiserror::Error)]
#[error("the value of tag `{key}` is not a valid AWS tag value")]
pub(crate) struct InvalidTagValue {
    key: String,
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
