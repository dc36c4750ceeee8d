//! `rolesanywhere.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/rolesanywhere/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "rolesanywhere.amazonaws.com",
        "CreateProfile",
        Route::RolesAnywhere,
        &[ResourceSpec {
            resource_type: "rolesanywhere:profile",
            locators: &[at("responseElements.profile.profileArn", "{id}")],
        }],
    )
    .proven_by("rolesanywhere/CreateProfile-invictus-aws_dataset-1.json"),
    row(
        "rolesanywhere.amazonaws.com",
        "CreateTrustAnchor",
        Route::RolesAnywhere,
        &[ResourceSpec {
            resource_type: "rolesanywhere:trust-anchor",
            locators: &[at("responseElements.trustAnchor.trustAnchorArn", "{id}")],
        }],
    )
    .proven_by("rolesanywhere/CreateTrustAnchor-invictus-aws_dataset-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    tagged_by(
        "rolesanywhere:profile",
        "arn:*:rolesanywhere:*:*:profile/*",
        &["rolesanywhere:TagResource"],
        &["rolesanywhere:UntagResource"],
    ),
    tagged_by(
        "rolesanywhere:trust-anchor",
        "arn:*:rolesanywhere:*:*:trust-anchor/*",
        &["rolesanywhere:TagResource"],
        &["rolesanywhere:UntagResource"],
    ),
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("rolesanywhere.amazonaws.com", "TagResource"),
    untag("rolesanywhere.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "rolesanywhere:UntagResource",
    Keyless::KeysRequired("tagKeys"),
)];
