//! `connect.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/connect/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::ResourceTypeIam;

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "connect.amazonaws.com",
    "CreateInstance",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "connect:instance",
        locators: &[at("responseElements.arn", "{id}")],
    }],
)
.proven_by("connect/CreateInstance-constructed-1.json")
.when_available()];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "connect:instance",
    arn_pattern: "arn:*:connect:*:*:instance/*",
    read_actions: &[],
    tag_actions: &["connect:TagResource"],
    untag_actions: &["connect:UntagResource"],
    tag_keys_condition: true,
}];
