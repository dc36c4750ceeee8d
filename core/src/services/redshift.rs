//! `redshift.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/redshift/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, at, row};
use crate::services::ResourceTypeIam;

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
