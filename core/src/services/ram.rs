//! `ram.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/ram/`.

use crate::services::row::{
    EventRow, ID, Locator, ResourceSpec, Route, TagChangeRow, Target, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "ram.amazonaws.com",
    "CreateResourceShare",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "ram:resource-share",
        locators: &[Locator {
            path: "responseElements.resourceShare.resourceShareArn",
            transform: Transform::AsIs,
            arn: "{id}",
        }],
    }],
)
.proven_by("ram/CreateResourceShare-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "ram:resource-share",
    arn_pattern: "arn:*:ram:*:*:resource-share/*",
    read_actions: &[],
    tag_actions: &["ram:TagResource"],
    untag_actions: &["ram:UntagResource"],
    tag_keys_condition: true,
}];

const RAM: &[Target] = &[
    Target::at("requestParameters.resourceShareArn", ID),
    Target::at("requestParameters.resourceArn", ID),
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("ram.amazonaws.com", "TagResource").on(RAM),
    untag("ram.amazonaws.com", "UntagResource").on(RAM),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("ram:UntagResource", Keyless::KeysRequired("tagKeys"))];
