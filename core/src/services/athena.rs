//! `athena.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/athena/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

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

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("athena.amazonaws.com", "TagResource"),
    untag("athena.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("athena:UntagResource", Keyless::KeysRequired("TagKeys"))];
