//! `datasync.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/datasync/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

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

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("datasync.amazonaws.com", "TagResource"),
    untag("datasync.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("datasync:UntagResource", Keyless::KeysRequired("Keys"))];
