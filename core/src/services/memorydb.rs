//! `memorydb.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/memorydb/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, at, row};
use crate::services::ResourceTypeIam;

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
