//! `dsql.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/dsql/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "dsql.amazonaws.com",
    "CreateCluster",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "dsql:cluster",
        locators: &[at("responseElements.arn", "{id}")],
    }],
)
.proven_by("dsql/CreateCluster-constructed-1.json")
.when_available()];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "dsql:cluster",
    arn_pattern: "arn:*:dsql:*:*:cluster/*",
    read_actions: &[],
    tag_actions: &["dsql:TagResource"],
    untag_actions: &["dsql:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("dsql.amazonaws.com", "TagResource"),
    untag("dsql.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("dsql:UntagResource", Keyless::KeysRequired("tagKeys"))];
