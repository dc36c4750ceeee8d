//! `dms.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/dms/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "dms.amazonaws.com",
        "CreateDataProvider",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "dms:data-provider",
            locators: &[at("responseElements.dataProvider.dataProviderArn", "{id}")],
        }],
    )
    .proven_by("dms/CreateDataProvider-constructed-1.json"),
    row(
        "dms.amazonaws.com",
        "CreateMigrationProject",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "dms:migration-project",
            locators: &[at(
                "responseElements.migrationProject.migrationProjectArn",
                "{id}",
            )],
        }],
    )
    .proven_by("dms/CreateMigrationProject-constructed-1.json"),
    row(
        "dms.amazonaws.com",
        "CreateReplicationConfig",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "dms:replication-config",
            locators: &[at(
                "responseElements.replicationConfig.replicationConfigArn",
                "{id}",
            )],
        }],
    )
    .proven_by("dms/CreateReplicationConfig-constructed-1.json"),
    row(
        "dms.amazonaws.com",
        "CreateReplicationInstance",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "dms:ReplicationInstance",
            locators: &[Locator {
                path: "responseElements.replicationInstance.replicationInstanceArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("dms/CreateReplicationInstance-constructed-1.json"),
    row(
        "dms.amazonaws.com",
        "CreateReplicationTask",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "dms:ReplicationTask",
            locators: &[Locator {
                path: "responseElements.replicationTask.replicationTaskArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("dms/CreateReplicationTask-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "dms:ReplicationInstance",
        arn_pattern: "arn:*:dms:*:*:rep:*",
        read_actions: &[],
        tag_actions: &["dms:AddTagsToResource"],
        untag_actions: &["dms:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "dms:ReplicationTask",
        arn_pattern: "arn:*:dms:*:*:task:*",
        read_actions: &[],
        tag_actions: &["dms:AddTagsToResource"],
        untag_actions: &["dms:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "dms:data-provider",
        arn_pattern: "arn:*:dms:*:*:data-provider:*",
        read_actions: &[],
        tag_actions: &["dms:AddTagsToResource"],
        untag_actions: &["dms:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "dms:migration-project",
        arn_pattern: "arn:*:dms:*:*:migration-project:*",
        read_actions: &[],
        tag_actions: &["dms:AddTagsToResource"],
        untag_actions: &["dms:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "dms:replication-config",
        arn_pattern: "arn:*:dms:*:*:replication-config:*",
        read_actions: &[],
        tag_actions: &["dms:AddTagsToResource"],
        untag_actions: &["dms:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("dms.amazonaws.com", "AddTagsToResource"),
    untag("dms.amazonaws.com", "RemoveTagsFromResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "dms:RemoveTagsFromResource",
    Keyless::KeysRequired("TagKeys"),
)];
