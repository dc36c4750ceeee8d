//! `sqs.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/sqs/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, at, row};
use crate::services::{ResourceTypeIam, tagged_by};

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
