//! S3 bucket tagging. `PutBucketTagging` replaces a bucket's whole tag set, so the existing set
//! is read first and the stamps are merged into it: nothing already on the bucket is lost or
//! changed.

use autotag_core::plan::{RouteBatch, TagPlan};
use aws_sdk_s3::Client;
use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_sdk_s3::types::{Tag, Tagging};

use super::{ErrorClass, classify, describe, failure, missing_tags, record_write};
use crate::ports::{ApplyReport, FailureKind, ResourceFailure, ResourceReport, ResourceStatus};

/// Tags the batch's buckets, one read and at most one write each.
pub async fn tag(client: &Client, plan: &TagPlan, batch: &RouteBatch) -> ApplyReport {
    let mut report = ApplyReport::default();
    for resource in &batch.resources {
        let arn = resource.arn.as_str();
        let bucket = resource.arn.resource();
        let existing: Vec<(String, String)> =
            match client.get_bucket_tagging().bucket(bucket).send().await {
                Ok(output) => output
                    .tag_set()
                    .iter()
                    .map(|t| (t.key().to_owned(), t.value().to_owned()))
                    .collect(),
                Err(err) if err.code() == Some("NoSuchTagSet") => Vec::new(),
                Err(err) if matches!(classify(&err), ErrorClass::Gone) => {
                    report.resources.push(ResourceReport {
                        arn: arn.to_owned(),
                        status: ResourceStatus::Gone {
                            reason: describe(&err),
                        },
                    });
                    continue;
                }
                Err(err) => {
                    report
                        .failures
                        .push(failure(arn, "s3:GetBucketTagging", err));
                    continue;
                }
            };
        let Some(missing) = missing_tags(
            plan,
            arn,
            existing.iter().map(|(k, _)| k.as_str()),
            "s3:PutBucketTagging",
            &mut report,
        ) else {
            continue;
        };
        let merged = existing
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .chain(missing.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .map(|(k, v)| Tag::builder().key(k).value(v).build())
            .collect::<Result<Vec<_>, _>>()
            .and_then(|tags| Tagging::builder().set_tag_set(Some(tags)).build());
        let tagging = match merged {
            Ok(tagging) => tagging,
            Err(err) => {
                report.failures.push(ResourceFailure {
                    arn: arn.to_owned(),
                    operation: "s3:PutBucketTagging",
                    kind: FailureKind::Other,
                    source: Box::new(err),
                });
                continue;
            }
        };
        let written = client
            .put_bucket_tagging()
            .bucket(bucket)
            .tagging(tagging)
            .send()
            .await
            .map(|_| ());
        record_write(&mut report, arn, "s3:PutBucketTagging", &missing, written);
    }
    report
}
