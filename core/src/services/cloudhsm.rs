//! `cloudhsm.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/cloudhsm/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Target, Transform, by, row, tag, untag,
    untaggable,
};
use crate::services::{Keyless, ResourceTypeIam};

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

const CLOUDHSM: &[Target] = &by(
    "requestParameters.resourceId",
    "arn:{partition}:cloudhsm:{region}:{account}:cluster/{id}",
);

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("cloudhsm.amazonaws.com", "TagResource").on(CLOUDHSM),
    untag("cloudhsm.amazonaws.com", "UntagResource").on(CLOUDHSM),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "cloudhsm:UntagResource",
    Keyless::KeysRequired("TagKeyList"),
)];
