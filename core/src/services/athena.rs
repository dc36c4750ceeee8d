//! `athena.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/athena/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::ResourceTypeIam;

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "athena.amazonaws.com",
    "CreateWorkGroup",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "athena:workgroup",
        locators: &[at(
            "requestParameters.name",
            "arn:{partition}:athena:{region}:{account}:workgroup/{id}",
        )],
    }],
)
.proven_by("athena/CreateWorkGroup-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "athena:workgroup",
    arn_pattern: "arn:*:athena:*:*:workgroup/*",
    read_actions: &[],
    tag_actions: &["athena:TagResource"],
    untag_actions: &["athena:UntagResource"],
    tag_keys_condition: true,
}];
