//! `cognito-identity.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/cognito-identity/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "cognito-identity.amazonaws.com",
    "CreateIdentityPool",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "cognito-identity:identitypool",
        locators: &[Locator {
            path: "responseElements.identityPoolId",
            transform: Transform::AsIs,
            arn: "arn:{partition}:cognito-identity:{region}:{account}:identitypool/{id}",
        }],
    }],
)
.proven_by("cognito-identity/CreateIdentityPool-awsdocs-amazon-cognito-developer-guide-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "cognito-identity:identitypool",
    arn_pattern: "arn:*:cognito-identity:*:*:identitypool/*",
    read_actions: &[],
    tag_actions: &["cognito-identity:TagResource"],
    untag_actions: &["cognito-identity:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("cognito-identity.amazonaws.com", "TagResource"),
    untag("cognito-identity.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "cognito-identity:UntagResource",
    Keyless::KeysRequired("TagKeys"),
)];
