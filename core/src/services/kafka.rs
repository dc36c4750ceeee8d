//! `kafka.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/kafka/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "kafka.amazonaws.com",
        "CreateCluster",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "kafka:cluster",
            locators: &[Locator {
                path: "responseElements.clusterArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("kafka/CreateCluster-constructed-1.json"),
    row(
        "kafka.amazonaws.com",
        "CreateClusterV2",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "kafka:cluster",
            locators: &[Locator {
                path: "responseElements.clusterArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("kafka/CreateClusterV2-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "kafka:cluster",
    arn_pattern: "arn:*:kafka:*:*:cluster/*/*",
    read_actions: &[],
    tag_actions: &["kafka:TagResource"],
    untag_actions: &["kafka:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("kafka.amazonaws.com", "TagResource"),
    untag("kafka.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("kafka:UntagResource", Keyless::KeysRequired("TagKeys"))];
