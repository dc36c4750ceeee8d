//! `appsync.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/appsync/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

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

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("appsync.amazonaws.com", "TagResource"),
    untag("appsync.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("appsync:UntagResource", Keyless::KeysRequired("tagKeys"))];
