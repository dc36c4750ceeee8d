//! `appsync.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/appsync/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, row};
use crate::services::ResourceTypeIam;

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "appsync.amazonaws.com",
    "CreateGraphqlApi",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "appsync:graphqlapi",
        locators: &[Locator {
            path: "responseElements.graphqlApi.arn",
            transform: Transform::AsIs,
            arn: "{id}",
        }],
    }],
)
.proven_by("appsync/CreateGraphqlApi-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "appsync:graphqlapi",
    arn_pattern: "arn:*:appsync:*:*:apis/*",
    read_actions: &[],
    tag_actions: &["appsync:TagResource"],
    untag_actions: &["appsync:UntagResource"],
    tag_keys_condition: true,
}];
