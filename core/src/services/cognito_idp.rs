//! `cognito-idp.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/cognito-idp/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "cognito-idp.amazonaws.com",
    "CreateUserPool",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "cognito-idp:userpool",
        locators: &[Locator {
            path: "responseElements.userPool.arn",
            transform: Transform::AsIs,
            arn: "{id}",
        }],
    }],
)
.proven_by("cognito-idp/CreateUserPool-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "cognito-idp:userpool",
    arn_pattern: "arn:*:cognito-idp:*:*:userpool/*",
    read_actions: &[],
    tag_actions: &["cognito-idp:TagResource"],
    untag_actions: &["cognito-idp:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("cognito-idp.amazonaws.com", "TagResource"),
    untag("cognito-idp.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "cognito-idp:UntagResource",
    Keyless::KeysRequired("TagKeys"),
)];
