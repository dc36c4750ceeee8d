//! `mediapackage.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/mediapackage/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "mediapackage.amazonaws.com",
    "CreateChannel",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "mediapackage:channels",
        locators: &[Locator {
            path: "responseElements.arn",
            transform: Transform::AsIs,
            arn: "{id}",
        }],
    }],
)
.proven_by("mediapackage/CreateChannel-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "mediapackage:channels",
    arn_pattern: "arn:*:mediapackage:*:*:channels/*",
    read_actions: &[],
    tag_actions: &["mediapackage:TagResource"],
    untag_actions: &["mediapackage:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("mediapackage.amazonaws.com", "TagResource"),
    untag("mediapackage.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "mediapackage:UntagResource",
    Keyless::KeysRequired("TagKeys"),
)];
