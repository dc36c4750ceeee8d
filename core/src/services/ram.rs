//! `ram.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/ram/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, row};
use crate::services::ResourceTypeIam;

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
