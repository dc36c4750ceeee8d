//! `cognito-idp.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/cognito-idp/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, row};
use crate::services::ResourceTypeIam;

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
