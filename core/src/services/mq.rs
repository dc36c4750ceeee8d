//! `mq.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/mq/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, row};
use crate::services::ResourceTypeIam;

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "mq.amazonaws.com",
    "CreateBroker",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "mq:brokers",
        locators: &[Locator {
            path: "responseElements.brokerArn",
            transform: Transform::AsIs,
            arn: "{id}",
        }],
    }],
)
.proven_by("mq/CreateBroker-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "mq:brokers",
    arn_pattern: "arn:*:mq:*:*:broker:*:*",
    read_actions: &[],
    tag_actions: &["mq:CreateTags"],
    untag_actions: &["mq:DeleteTags"],
    tag_keys_condition: true,
}];
