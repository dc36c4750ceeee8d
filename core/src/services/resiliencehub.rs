//! `resiliencehub.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/resiliencehub/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, row};
use crate::services::ResourceTypeIam;

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "resiliencehub.amazonaws.com",
    "CreateApp",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "resiliencehub:application",
        locators: &[Locator {
            path: "responseElements.app.appArn",
            transform: Transform::AsIs,
            arn: "{id}",
        }],
    }],
)
.proven_by("resiliencehub/CreateApp-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "resiliencehub:application",
    arn_pattern: "arn:*:resiliencehub:*:*:app/*",
    read_actions: &[],
    tag_actions: &["resiliencehub:TagResource"],
    untag_actions: &["resiliencehub:UntagResource"],
    tag_keys_condition: true,
}];
