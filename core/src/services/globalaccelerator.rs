//! `globalaccelerator.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/globalaccelerator/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "globalaccelerator.amazonaws.com",
    "CreateAccelerator",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "globalaccelerator:accelerator",
        locators: &[at("responseElements.accelerator.acceleratorArn", "{id}")],
    }],
)
.proven_by("globalaccelerator/CreateAccelerator-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "globalaccelerator:accelerator",
    arn_pattern: "arn:*:globalaccelerator::*:accelerator/*",
    read_actions: &[],
    tag_actions: &["globalaccelerator:TagResource"],
    untag_actions: &["globalaccelerator:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("globalaccelerator.amazonaws.com", "TagResource"),
    untag("globalaccelerator.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "globalaccelerator:UntagResource",
    Keyless::KeysRequired("TagKeys"),
)];
