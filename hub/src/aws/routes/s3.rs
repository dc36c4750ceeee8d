//! S3 bucket tagging. `PutBucketTagging` replaces a bucket's whole tag set, so the existing set
//! is read first and the stamps are merged into it: nothing already on the bucket is lost or
//! changed. The set is read again after the write, and merged and written again if another
//! writer replaced it meanwhile without the stamps.

use autotag_core::plan::{RouteBatch, TagPlan};
use aws_sdk_s3::Client;
use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_sdk_s3::types::{Tag, Tagging};

use crate::aws::{ErrorClass, classify, describe, failure, missing_tags, record_write};
use crate::ports::{ApplyReport, FailureKind, ResourceFailure, ResourceReport, ResourceStatus};

/// Writes of one bucket's merged tag set, each checked by reading the set back.
///
/// S3 has no conditional `PutBucketTagging`: conditional writes (`If-Match`, `If-None-Match`)
/// exist for objects only (`PutObject`, `CompleteMultipartUpload`, `CopyObject`). So a writer
/// that replaces the set between our write and our re-read is caught by the re-read, and we
/// write again; a writer whose tag lands between our read and our write is overwritten by us
/// unseen, which no reader can detect: the two calls are kept back to back to narrow that.
/// (A bucket with ABAC enabled refuses `PutBucketTagging` altogether and takes tags only through
/// S3 Control's `TagResource`, which adds tags without replacing the set; no route uses it yet.)
const WRITE_ATTEMPTS: usize = 3;

/// Why a bucket's stamps could not be made to stay.
#[derive(Debug, thiserror::Error)]
pub enum S3Error {
    /// Another writer kept replacing the tag set without the stamps.
    #[error(
        "the tag set of bucket `{bucket}` lost `{lost}` to another writer after each of {attempts} writes"
    )]
    StampsOverwritten {
        /// The bucket.
        bucket: String,
        /// The keys missing from the last read-back, comma-separated.
        lost: String,
        /// The writes made.
        attempts: usize,
    },
}

/// A tag set that could not be read: the bucket is gone, or the call failed.
enum Unread {
    Gone(String),
    Failed(ResourceFailure),
}

impl Unread {
    fn record(self, report: &mut ApplyReport, arn: &str) {
        match self {
            Self::Gone(reason) => report.resources.push(ResourceReport {
                arn: arn.to_owned(),
                status: ResourceStatus::Gone { reason },
            }),
            Self::Failed(failure) => report.failures.push(failure),
        }
    }
}

/// A bucket's tag set as pairs, empty when it has none (S3 says `NoSuchTagSet`).
pub(crate) async fn tag_set(
    client: &Client,
    bucket: &str,
) -> Result<
    Vec<(String, String)>,
    aws_sdk_s3::error::SdkError<
        aws_sdk_s3::operation::get_bucket_tagging::GetBucketTaggingError,
        aws_smithy_runtime_api::client::orchestrator::HttpResponse,
    >,
> {
    match client.get_bucket_tagging().bucket(bucket).send().await {
        Ok(output) => Ok(output
            .tag_set()
            .iter()
            .map(|t| (t.key().to_owned(), t.value().to_owned()))
            .collect()),
        Err(err) if err.code() == Some("NoSuchTagSet") => Ok(Vec::new()),
        Err(err) => Err(err),
    }
}

async fn read(client: &Client, bucket: &str, arn: &str) -> Result<Vec<(String, String)>, Unread> {
    match tag_set(client, bucket).await {
        Ok(tags) => Ok(tags),
        Err(err) if matches!(classify(&err), ErrorClass::Gone) => Err(Unread::Gone(describe(&err))),
        Err(err) => Err(Unread::Failed(failure(arn, "s3:GetBucketTagging", err))),
    }
}

/// Tags the batch's buckets: read, merge, write, read back; again while another writer drops
/// the stamps, up to three writes.
pub async fn tag(client: &Client, plan: &TagPlan, batch: &RouteBatch) -> ApplyReport {
    let mut report = ApplyReport::default();
    for resource in &batch.resources {
        let arn = resource.arn.as_str();
        let bucket = resource.arn.resource();
        let mut existing = match read(client, bucket, arn).await {
            Ok(tags) => tags,
            Err(unread) => {
                unread.record(&mut report, arn);
                continue;
            }
        };
        for attempt in 1..=WRITE_ATTEMPTS {
            // After a lost write this is computed against the other writer's set: their tags are
            // kept, and a stamp key they set is left as they set it (write-once).
            let Some(missing) = missing_tags(
                plan,
                arn,
                existing.iter().map(|(k, _)| k.as_str()),
                "s3:PutBucketTagging",
                &mut report,
            ) else {
                break;
            };
            // A key is in `missing` only when absent, or when a restoring plan overwrites it.
            let merged = existing
                .iter()
                .filter(|(k, _)| !missing.iter().any(|(key, _)| key.as_str() == k))
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
                    break;
                }
            };
            let written = client
                .put_bucket_tagging()
                .bucket(bucket)
                .tagging(tagging)
                .send()
                .await;
            if let Err(err) = written {
                record_write(&mut report, arn, "s3:PutBucketTagging", &missing, Err(err));
                break;
            }
            existing = match read(client, bucket, arn).await {
                Ok(tags) => tags,
                Err(unread) => {
                    unread.record(&mut report, arn);
                    break;
                }
            };
            let lost: Vec<String> = missing
                .iter()
                .map(|(k, _)| k.to_string())
                .filter(|k| !existing.iter().any(|(key, _)| key == k))
                .collect();
            if lost.is_empty() {
                report.resources.push(ResourceReport {
                    arn: arn.to_owned(),
                    status: ResourceStatus::Tagged {
                        keys: missing.iter().map(|(k, _)| k.to_string()).collect(),
                    },
                });
                break;
            }
            tracing::warn!(
                bucket,
                attempt,
                lost = ?lost,
                "another writer replaced the bucket's tag set without the stamps; merging again"
            );
            if attempt == WRITE_ATTEMPTS {
                // Transient: the queue delivers the event again later, when the other writer
                // may have finished.
                report.failures.push(ResourceFailure {
                    arn: arn.to_owned(),
                    operation: "s3:PutBucketTagging",
                    kind: FailureKind::Transient,
                    source: Box::new(S3Error::StampsOverwritten {
                        bucket: bucket.to_owned(),
                        lost: lost.join("`, `"),
                        attempts: attempt,
                    }),
                });
            }
        }
    }
    report
}
