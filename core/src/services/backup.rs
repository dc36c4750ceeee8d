//! `backup.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/backup/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "backup.amazonaws.com",
        "CreateBackupPlan",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "backup:backupPlan",
            locators: &[Locator {
                path: "responseElements.backupPlanArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("backup/CreateBackupPlan-constructed-1.json"),
    row(
        "backup.amazonaws.com",
        "CreateBackupVault",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "backup:backupVault",
            locators: &[
                Locator {
                    path: "responseElements.backupVaultArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.backupVaultName",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:backup:{region}:{account}:backup-vault:{id}",
                },
            ],
        }],
    )
    .proven_by("backup/CreateBackupVault-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "backup:backupVault",
        arn_pattern: "arn:*:backup:*:*:backup-vault:*",
        read_actions: &[],
        tag_actions: &["backup:TagResource"],
        untag_actions: &["backup:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "backup:backupPlan",
        arn_pattern: "arn:*:backup:*:*:backup-plan:*",
        read_actions: &[],
        tag_actions: &["backup:TagResource"],
        untag_actions: &["backup:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("backup.amazonaws.com", "TagResource"),
    untag("backup.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("backup:UntagResource", Keyless::KeysRequired("TagKeyList"))];
