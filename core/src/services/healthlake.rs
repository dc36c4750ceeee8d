//! `healthlake.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/healthlake/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

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

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("healthlake.amazonaws.com", "TagResource"),
    untag("healthlake.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("healthlake:UntagResource", Keyless::KeysRequired("TagKeys"))];
