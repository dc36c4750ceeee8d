//! `sns.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/sns/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::{ResourceTypeIam, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "sns.amazonaws.com",
    "CreateTopic",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "sns:topic",
        locators: &[
            at("responseElements.topicArn", "{id}"),
            at(
                "requestParameters.name",
                "arn:{partition}:sns:{region}:{account}:{id}",
            ),
        ],
    }],
)
.proven_by("sns/CreateTopic-vikyol-aws-tags-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[tagged_by(
    "sns:topic",
    "arn:*:sns:*:*:*",
    &["sns:TagResource"],
    &["sns:UntagResource"],
)];
