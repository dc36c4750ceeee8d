//! `rolesanywhere.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/rolesanywhere/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::{ResourceTypeIam, tagged_by};

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
