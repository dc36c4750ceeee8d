//! `globalaccelerator.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/globalaccelerator/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::ResourceTypeIam;

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "globalaccelerator.amazonaws.com",
    "CreateAccelerator",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "globalaccelerator:accelerator",
        locators: &[at("responseElements.accelerator.acceleratorArn", "{id}")],
    }],
)
.proven_by("globalaccelerator/CreateAccelerator-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "globalaccelerator:accelerator",
    arn_pattern: "arn:*:globalaccelerator::*:accelerator/*",
    read_actions: &[],
    tag_actions: &["globalaccelerator:TagResource"],
    untag_actions: &["globalaccelerator:UntagResource"],
    tag_keys_condition: true,
}];
