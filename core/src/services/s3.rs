//! `s3.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/s3/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::ResourceTypeIam;

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "s3.amazonaws.com",
    "CreateBucket",
    Route::S3Bucket,
    &[ResourceSpec {
        resource_type: "s3:bucket",
        locators: &[at(
            "requestParameters.bucketName",
            "arn:{partition}:s3:::{id}",
        )],
    }],
)
.proven_by("s3/CreateBucket-cloud-custodian-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    // PutBucketTagging replaces a bucket's whole tag set and has no `aws:TagKeys` key, so no SCP
    // can tell "adds a tag" from "drops the owner tag" for buckets without ABAC.
    ResourceTypeIam {
        resource_type: "s3:bucket",
        arn_pattern: "arn:*:s3:::*",
        read_actions: &["s3:GetBucketTagging"],
        tag_actions: &["s3:PutBucketTagging"],
        untag_actions: &["s3:PutBucketTagging", "s3:DeleteBucketTagging"],
        tag_keys_condition: false,
    },
];
