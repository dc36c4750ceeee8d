//! `s3.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/s3/`.

use crate::services::ResourceTypeIam;
use crate::services::row::{
    ChangeKind, EventRow, ResourceSpec, Route, TagChangeRow, TagsAt, Target, at, row, tag, untag,
};

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

const S3_BUCKET: &[Target] = &[Target::at(
    "requestParameters.bucketName",
    "arn:{partition}:s3:::{id}",
)];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    // `DeleteBucketTagging` removes the whole set; `PutBucketTagging` replaces it.
    TagChangeRow {
        kind: ChangeKind::RemoveAll,
        ..untag("s3.amazonaws.com", "DeleteBucketTagging")
    }
    .on(S3_BUCKET),
    TagChangeRow {
        kind: ChangeKind::Replace,
        tags: &[TagsAt::List("requestParameters.Tagging.TagSet.Tag")],
        ..tag("s3.amazonaws.com", "PutBucketTagging")
    }
    .on(S3_BUCKET),
];
