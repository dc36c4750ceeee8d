//! `connect.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/connect/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

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

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("connect.amazonaws.com", "TagResource"),
    untag("connect.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("connect:UntagResource", Keyless::KeysRequired("tagKeys"))];
