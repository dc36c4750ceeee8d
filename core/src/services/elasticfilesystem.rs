//! `elasticfilesystem.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/elasticfilesystem/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, row, untaggable};
use crate::services::ResourceTypeIam;

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "elasticfilesystem.amazonaws.com",
        "CreateFileSystem",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticfilesystem:file-system",
            locators: &[
                Locator {
                    path: "responseElements.fileSystemArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "responseElements.fileSystemId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:elasticfilesystem:{region}:{account}:file-system/{id}",
                },
            ],
        }],
    )
    .proven_by("elasticfilesystem/CreateFileSystem-constructed-1.json"),
    untaggable(
        "elasticfilesystem.amazonaws.com",
        "CreateMountTarget",
        "efs mount targets have no arn and cannot carry tags; only file systems and access points can.",
    )
    .proven_by("elasticfilesystem/CreateMountTarget-cloud-custodian-1.json"),
    untaggable(
        "elasticfilesystem.amazonaws.com",
        "CreateTags",
        "createtags only adds tags to an existing file system; it creates nothing.",
    )
    .proven_by("elasticfilesystem/CreateTags-awsdocs-amazon-efs-user-guide-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "elasticfilesystem:file-system",
    arn_pattern: "arn:*:elasticfilesystem:*:*:file-system/*",
    read_actions: &[],
    tag_actions: &["elasticfilesystem:TagResource"],
    untag_actions: &["elasticfilesystem:UntagResource"],
    tag_keys_condition: true,
}];
