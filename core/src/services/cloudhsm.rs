//! `cloudhsm.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/cloudhsm/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, row, untaggable};
use crate::services::ResourceTypeIam;

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "cloudhsm.amazonaws.com",
        "CreateCluster",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "cloudhsm:cluster",
            locators: &[Locator {
                path: "responseElements.cluster.clusterId",
                transform: Transform::AsIs,
                arn: "arn:{partition}:cloudhsm:{region}:{account}:cluster/{id}",
            }],
        }],
    )
    .proven_by("cloudhsm/CreateCluster-cloud-custodian-1.json")
    .when_available(),
    untaggable(
        "cloudhsm.amazonaws.com",
        "CreateHsm",
        "an HSM cannot carry tags; its cluster can",
    )
    .proven_by("cloudhsm/CreateHsm-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "cloudhsm:cluster",
    arn_pattern: "arn:*:cloudhsm:*:*:cluster/*",
    read_actions: &[],
    tag_actions: &["cloudhsm:TagResource"],
    untag_actions: &["cloudhsm:UntagResource"],
    tag_keys_condition: true,
}];
