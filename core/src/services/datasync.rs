//! `datasync.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/datasync/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::ResourceTypeIam;

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "datasync.amazonaws.com",
    "CreateTask",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "datasync:task",
        locators: &[at("responseElements.taskArn", "{id}")],
    }],
)
.proven_by("datasync/CreateTask-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "datasync:task",
    arn_pattern: "arn:*:datasync:*:*:task/*",
    read_actions: &[],
    tag_actions: &["datasync:TagResource"],
    untag_actions: &["datasync:UntagResource"],
    tag_keys_condition: true,
}];
