//! `healthlake.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/healthlake/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::ResourceTypeIam;

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "healthlake.amazonaws.com",
    "CreateFHIRDatastore",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "healthlake:datastore",
        locators: &[at("responseElements.datastoreArn", "{id}")],
    }],
)
.proven_by("healthlake/CreateFHIRDatastore-constructed-1.json")
.when_available()];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "healthlake:datastore",
    arn_pattern: "arn:*:healthlake:*:*:datastore/fhir/*",
    read_actions: &[],
    tag_actions: &["healthlake:TagResource"],
    untag_actions: &["healthlake:UntagResource"],
    tag_keys_condition: true,
}];
