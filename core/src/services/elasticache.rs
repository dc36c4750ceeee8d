//! `elasticache.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/elasticache/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "elasticache.amazonaws.com",
        "CopySnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticache:snapshot",
            locators: &[
                at("responseElements.aRN", "{id}"),
                at(
                    "responseElements.snapshotName",
                    "arn:{partition}:elasticache:{region}:{account}:snapshot:{id}",
                ),
                at(
                    "requestParameters.targetSnapshotName",
                    "arn:{partition}:elasticache:{region}:{account}:snapshot:{id}",
                ),
            ],
        }],
    )
    .proven_by("elasticache/CopySnapshot-constructed-1.json")
    .when_available(),
    row(
        "elasticache.amazonaws.com",
        "CreateCacheCluster",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticache:cluster",
            locators: &[
                Locator {
                    path: "responseElements.aRN",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.cacheClusterId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:elasticache:{region}:{account}:cluster:{id}",
                },
            ],
        }],
    )
    .proven_by("elasticache/CreateCacheCluster-constructed-1.json")
    .when_available(),
    row(
        "elasticache.amazonaws.com",
        "CreateReplicationGroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticache:replicationgroup",
            locators: &[
                Locator {
                    path: "responseElements.aRN",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.replicationGroupId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:elasticache:{region}:{account}:replicationgroup:{id}",
                },
            ],
        }],
    )
    .proven_by("elasticache/CreateReplicationGroup-constructed-1.json")
    .when_available(),
    row(
        "elasticache.amazonaws.com",
        "CreateServerlessCache",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticache:serverlesscache",
            locators: &[
                Locator {
                    path: "responseElements.serverlessCache.aRN",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at(
                    "requestParameters.serverlessCacheName",
                    "arn:{partition}:elasticache:{region}:{account}:serverlesscache:{id}",
                ),
            ],
        }],
    )
    .proven_by("elasticache/CreateServerlessCache-constructed-1.json")
    .when_available(),
    row(
        "elasticache.amazonaws.com",
        "CreateSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticache:snapshot",
            locators: &[
                at("responseElements.aRN", "{id}"),
                at(
                    "responseElements.snapshotName",
                    "arn:{partition}:elasticache:{region}:{account}:snapshot:{id}",
                ),
                at(
                    "requestParameters.snapshotName",
                    "arn:{partition}:elasticache:{region}:{account}:snapshot:{id}",
                ),
            ],
        }],
    )
    .proven_by("elasticache/CreateSnapshot-constructed-1.json")
    .when_available(),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "elasticache:cluster",
        arn_pattern: "arn:*:elasticache:*:*:cluster:*",
        read_actions: &[],
        tag_actions: &["elasticache:AddTagsToResource"],
        untag_actions: &["elasticache:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "elasticache:replicationgroup",
        arn_pattern: "arn:*:elasticache:*:*:replicationgroup:*",
        read_actions: &[],
        tag_actions: &["elasticache:AddTagsToResource"],
        untag_actions: &["elasticache:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "elasticache:serverlesscache",
        arn_pattern: "arn:*:elasticache:*:*:serverlesscache:*",
        read_actions: &[],
        tag_actions: &["elasticache:AddTagsToResource"],
        untag_actions: &["elasticache:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "elasticache:snapshot",
        arn_pattern: "arn:*:elasticache:*:*:snapshot:*",
        read_actions: &[],
        tag_actions: &["elasticache:AddTagsToResource"],
        untag_actions: &["elasticache:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("elasticache.amazonaws.com", "AddTagsToResource"),
    untag("elasticache.amazonaws.com", "RemoveTagsFromResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "elasticache:RemoveTagsFromResource",
    Keyless::KeysRequired("TagKeys"),
)];
