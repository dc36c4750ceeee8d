//! `rds.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/rds/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "rds.amazonaws.com",
        "CopyDBClusterSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:cluster-snapshot",
            locators: &[
                at("responseElements.dBClusterSnapshotArn", "{id}"),
                at(
                    "responseElements.dBClusterSnapshotIdentifier",
                    "arn:{partition}:rds:{region}:{account}:cluster-snapshot:{id}",
                ),
                at(
                    "requestParameters.targetDBClusterSnapshotIdentifier",
                    "arn:{partition}:rds:{region}:{account}:cluster-snapshot:{id}",
                ),
            ],
        }],
    )
    .proven_by("rds/CopyDBClusterSnapshot-panther-analysis-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "CopyDBSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:snapshot",
            locators: &[
                at("responseElements.dBSnapshotArn", "{id}"),
                at(
                    "responseElements.dBSnapshotIdentifier",
                    "arn:{partition}:rds:{region}:{account}:snapshot:{id}",
                ),
                at(
                    "requestParameters.targetDBSnapshotIdentifier",
                    "arn:{partition}:rds:{region}:{account}:snapshot:{id}",
                ),
                at(
                    "requestParameters.dBSnapshotIdentifier",
                    "arn:{partition}:rds:{region}:{account}:snapshot:{id}",
                ),
            ],
        }],
    )
    .proven_by("rds/CopyDBSnapshot-panther-analysis-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "CreateDBCluster",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:cluster",
            locators: &[
                Locator {
                    path: "responseElements.dBClusterArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.dBClusterIdentifier",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:rds:{region}:{account}:cluster:{id}",
                },
            ],
        }],
    )
    .proven_by("rds/CreateDBCluster-constructed-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "CreateDBClusterSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:cluster-snapshot",
            locators: &[
                Locator {
                    path: "responseElements.dBClusterSnapshotArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.dBClusterSnapshotIdentifier",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:rds:{region}:{account}:cluster-snapshot:{id}",
                },
            ],
        }],
    )
    .proven_by("rds/CreateDBClusterSnapshot-constructed-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "CreateDBInstance",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:db",
            locators: &[
                at("responseElements.dBInstanceArn", "{id}"),
                at(
                    "requestParameters.dBInstanceIdentifier",
                    "arn:{partition}:rds:{region}:{account}:db:{id}",
                ),
            ],
        }],
    )
    .proven_by("rds/CreateDBInstance-awsdocs-amazon-rds-user-guide-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "CreateDBInstanceReadReplica",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:db",
            locators: &[
                at("responseElements.dBInstanceArn", "{id}"),
                at(
                    "requestParameters.dBInstanceIdentifier",
                    "arn:{partition}:rds:{region}:{account}:db:{id}",
                ),
            ],
        }],
    )
    .proven_by("rds/CreateDBInstanceReadReplica-panther-analysis-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "CreateDBProxy",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:proxy",
            locators: &[Locator {
                path: "responseElements.dBProxy.dBProxyArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("rds/CreateDBProxy-constructed-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "CreateDBSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:snapshot",
            locators: &[
                at("responseElements.dBSnapshotArn", "{id}"),
                at(
                    "responseElements.dBSnapshotIdentifier",
                    "arn:{partition}:rds:{region}:{account}:snapshot:{id}",
                ),
                at(
                    "requestParameters.targetDBSnapshotIdentifier",
                    "arn:{partition}:rds:{region}:{account}:snapshot:{id}",
                ),
                at(
                    "requestParameters.dBSnapshotIdentifier",
                    "arn:{partition}:rds:{region}:{account}:snapshot:{id}",
                ),
            ],
        }],
    )
    .proven_by("rds/CreateDBSnapshot-invictus-aws_dataset-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "CreateDBSubnetGroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:subgrp",
            locators: &[
                at("responseElements.dBSubnetGroupArn", "{id}"),
                at(
                    "requestParameters.dBSubnetGroupName",
                    "arn:{partition}:rds:{region}:{account}:subgrp:{id}",
                ),
            ],
        }],
    )
    .proven_by("rds/CreateDBSubnetGroup-invictus-aws_dataset-1.json"),
    row(
        "rds.amazonaws.com",
        "CreateGlobalCluster",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:global-cluster",
            locators: &[
                at("responseElements.globalClusterArn", "{id}"),
                at(
                    "requestParameters.globalClusterIdentifier",
                    "arn:{partition}:rds::{account}:global-cluster:{id}",
                ),
            ],
        }],
    )
    .proven_by("rds/CreateGlobalCluster-constructed-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "RestoreDBClusterFromSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:cluster",
            locators: &[
                Locator {
                    path: "responseElements.dBClusterArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.dBClusterIdentifier",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:rds:{region}:{account}:cluster:{id}",
                },
            ],
        }],
    )
    .proven_by("rds/RestoreDBClusterFromSnapshot-constructed-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "RestoreDBClusterToPointInTime",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:cluster",
            locators: &[
                Locator {
                    path: "responseElements.dBClusterArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.dBClusterIdentifier",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:rds:{region}:{account}:cluster:{id}",
                },
            ],
        }],
    )
    .proven_by("rds/RestoreDBClusterToPointInTime-constructed-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "RestoreDBInstanceFromDBSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:db",
            locators: &[
                at("responseElements.dBInstanceArn", "{id}"),
                at(
                    "requestParameters.dBInstanceIdentifier",
                    "arn:{partition}:rds:{region}:{account}:db:{id}",
                ),
            ],
        }],
    )
    .proven_by("rds/RestoreDBInstanceFromDBSnapshot-panther-analysis-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "RestoreDBInstanceToPointInTime",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:db",
            locators: &[
                Locator {
                    path: "responseElements.dBInstanceArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.targetDBInstanceIdentifier",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:rds:{region}:{account}:db:{id}",
                },
            ],
        }],
    )
    .proven_by("rds/RestoreDBInstanceToPointInTime-constructed-1.json")
    .when_available(),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "rds:cluster",
        arn_pattern: "arn:*:rds:*:*:cluster:*",
        read_actions: &[],
        tag_actions: &["rds:AddTagsToResource"],
        untag_actions: &["rds:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "rds:cluster-snapshot",
        arn_pattern: "arn:*:rds:*:*:cluster-snapshot:*",
        read_actions: &[],
        tag_actions: &["rds:AddTagsToResource"],
        untag_actions: &["rds:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "rds:proxy",
        arn_pattern: "arn:*:rds:*:*:db-proxy:*",
        read_actions: &[],
        tag_actions: &["rds:AddTagsToResource"],
        untag_actions: &["rds:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "rds:snapshot",
        arn_pattern: "arn:*:rds:*:*:snapshot:*",
        read_actions: &[],
        tag_actions: &["rds:AddTagsToResource"],
        untag_actions: &["rds:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "rds:subgrp",
        arn_pattern: "arn:*:rds:*:*:subgrp:*",
        read_actions: &[],
        tag_actions: &["rds:AddTagsToResource"],
        untag_actions: &["rds:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    tagged_by(
        "rds:db",
        "arn:*:rds:*:*:db:*",
        &["rds:AddTagsToResource"],
        &["rds:RemoveTagsFromResource"],
    ),
    ResourceTypeIam {
        resource_type: "rds:global-cluster",
        arn_pattern: "arn:*:rds::*:global-cluster:*",
        read_actions: &[],
        tag_actions: &["rds:AddTagsToResource"],
        untag_actions: &["rds:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("rds.amazonaws.com", "AddTagsToResource"),
    untag("rds.amazonaws.com", "RemoveTagsFromResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "rds:RemoveTagsFromResource",
    Keyless::KeysRequired("TagKeys"),
)];
