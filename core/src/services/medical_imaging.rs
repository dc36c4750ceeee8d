//! `medical-imaging.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/medical-imaging/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::ResourceTypeIam;

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "medical-imaging.amazonaws.com",
    "CreateDatastore",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "medical-imaging:datastore",
        locators: &[at(
            "responseElements.datastoreId",
            "arn:{partition}:medical-imaging:{region}:{account}:datastore/{id}",
        )],
    }],
)
.proven_by("medical-imaging/CreateDatastore-constructed-1.json")
.when_available()];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "medical-imaging:datastore",
    arn_pattern: "arn:*:medical-imaging:*:*:datastore/*",
    read_actions: &[],
    tag_actions: &["medical-imaging:TagResource"],
    untag_actions: &["medical-imaging:UntagResource"],
    tag_keys_condition: true,
}];
