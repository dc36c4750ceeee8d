//! `elasticfilesystem.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/elasticfilesystem/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Target, Transform, row, tag, untag,
    untaggable,
};
use crate::services::{Keyless, ResourceTypeIam};

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

const EFS: &[Target] = &[
    Target::at(
        "requestParameters.fileSystemId",
        "arn:{partition}:elasticfilesystem:{region}:{account}:file-system/{id}",
    ),
    Target::ByPrefix {
        path: "requestParameters.resourceId",
        prefixes: &[
            (
                "fs-",
                "arn:{partition}:elasticfilesystem:{region}:{account}:file-system/{id}",
            ),
            (
                "fsap-",
                "arn:{partition}:elasticfilesystem:{region}:{account}:access-point/{id}",
            ),
        ],
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    // EFS's older calls name the file system; the newer ones take its id or ARN.
    tag("elasticfilesystem.amazonaws.com", "CreateTags").on(EFS),
    untag("elasticfilesystem.amazonaws.com", "DeleteTags").on(EFS),
    tag("elasticfilesystem.amazonaws.com", "TagResource").on(EFS),
    untag("elasticfilesystem.amazonaws.com", "UntagResource").on(EFS),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "elasticfilesystem:UntagResource",
    Keyless::KeysRequired("TagKeys"),
)];
