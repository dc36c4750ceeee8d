//! `redshift.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/redshift/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "redshift.amazonaws.com",
        "CreateCluster",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "redshift:cluster",
            locators: &[
                Locator {
                    path: "responseElements.clusterIdentifier",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:redshift:{region}:{account}:cluster:{id}",
                },
                Locator {
                    path: "requestParameters.clusterIdentifier",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:redshift:{region}:{account}:cluster:{id}",
                },
            ],
        }],
    )
    .proven_by("redshift/CreateCluster-constructed-1.json")
    .when_available(),
    row(
        "redshift.amazonaws.com",
        "CreateClusterSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "redshift:snapshot",
            locators: &[at("responseElements.snapshotIdentifier", "arn:{partition}:redshift:{region}:{account}:snapshot:{@requestParameters.clusterIdentifier}/{id}"), at("requestParameters.snapshotIdentifier", "arn:{partition}:redshift:{region}:{account}:snapshot:{@requestParameters.clusterIdentifier}/{id}")],
        }],
    )
    .proven_by("redshift/CreateClusterSnapshot-constructed-1.json")
    .when_available(),
    row(
        "redshift.amazonaws.com",
        "RestoreFromClusterSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "redshift:cluster",
            locators: &[at("responseElements.clusterIdentifier", "arn:{partition}:redshift:{region}:{account}:cluster:{id}"), at("requestParameters.clusterIdentifier", "arn:{partition}:redshift:{region}:{account}:cluster:{id}")],
        }],
    )
    .proven_by("redshift/RestoreFromClusterSnapshot-constructed-1.json")
    .when_available(),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "redshift:cluster",
        arn_pattern: "arn:*:redshift:*:*:cluster:*",
        read_actions: &[],
        tag_actions: &["redshift:CreateTags"],
        untag_actions: &["redshift:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "redshift:snapshot",
        arn_pattern: "arn:*:redshift:*:*:snapshot:*/*",
        read_actions: &[],
        tag_actions: &["redshift:CreateTags"],
        untag_actions: &["redshift:DeleteTags"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("redshift.amazonaws.com", "CreateTags"),
    untag("redshift.amazonaws.com", "DeleteTags"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("redshift:DeleteTags", Keyless::KeysRequired("TagKeys"))];
