//! `medical-imaging.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/medical-imaging/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

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

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("medical-imaging.amazonaws.com", "TagResource"),
    untag("medical-imaging.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "medical-imaging:UntagResource",
    Keyless::KeysRequired("tagKeys"),
)];
