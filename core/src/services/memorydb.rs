//! `memorydb.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/memorydb/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "memorydb.amazonaws.com",
    "CreateCluster",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "memorydb:cluster",
        locators: &[
            Locator {
                path: "responseElements.cluster.aRN",
                transform: Transform::AsIs,
                arn: "{id}",
            },
            at(
                "requestParameters.clusterName",
                "arn:{partition}:memorydb:{region}:{account}:cluster/{id}",
            ),
        ],
    }],
)
.proven_by("memorydb/CreateCluster-constructed-1.json")
.when_available()];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "memorydb:cluster",
    arn_pattern: "arn:*:memorydb:*:*:cluster/*",
    read_actions: &[],
    tag_actions: &["memorydb:TagResource"],
    untag_actions: &["memorydb:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("memorydb.amazonaws.com", "TagResource"),
    untag("memorydb.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("memorydb:UntagResource", Keyless::KeysRequired("TagKeys"))];
