//! `sqs.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/sqs/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Target, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "sqs.amazonaws.com",
    "CreateQueue",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "sqs:queue",
        locators: &[
            Locator {
                path: "responseElements.queueUrl",
                transform: Transform::LastPathSegment,
                arn: "arn:{partition}:sqs:{region}:{account}:{id}",
            },
            at(
                "requestParameters.queueName",
                "arn:{partition}:sqs:{region}:{account}:{id}",
            ),
        ],
    }],
)
.proven_by("sqs/CreateQueue-awsdocs-amazon-sqs-developer-guide-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[tagged_by(
    "sqs:queue",
    "arn:*:sqs:*:*:*",
    &["sqs:TagQueue"],
    &["sqs:UntagQueue"],
)];

const SQS_QUEUE: &[Target] = &[Target::At(Locator {
    path: "requestParameters.queueUrl",
    transform: Transform::LastPathSegment,
    arn: "arn:{partition}:sqs:{region}:{account}:{id}",
})];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("sqs.amazonaws.com", "TagQueue").on(SQS_QUEUE),
    untag("sqs.amazonaws.com", "UntagQueue").on(SQS_QUEUE),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("sqs:UntagQueue", Keyless::KeysRequired("TagKeys"))];
