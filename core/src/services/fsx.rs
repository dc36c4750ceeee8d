//! `fsx.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/fsx/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "fsx.amazonaws.com",
        "CreateBackup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "fsx:backup",
            locators: &[at("responseElements.backup.resourceARN", "{id}")],
        }],
    )
    .proven_by("fsx/CreateBackup-constructed-1.json")
    .when_available(),
    row(
        "fsx.amazonaws.com",
        "CreateFileSystem",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "fsx:file-system",
            locators: &[Locator {
                path: "responseElements.fileSystem.resourceARN",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("fsx/CreateFileSystem-constructed-1.json"),
    row(
        "fsx.amazonaws.com",
        "CreateFileSystemFromBackup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "fsx:file-system",
            locators: &[at("responseElements.fileSystem.resourceARN", "{id}")],
        }],
    )
    .proven_by("fsx/CreateFileSystemFromBackup-constructed-1.json")
    .when_available(),
    row(
        "fsx.amazonaws.com",
        "CreateSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "fsx:snapshot",
            locators: &[at("responseElements.snapshot.resourceARN", "{id}")],
        }],
    )
    .proven_by("fsx/CreateSnapshot-constructed-1.json")
    .when_available(),
    row(
        "fsx.amazonaws.com",
        "CreateStorageVirtualMachine",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "fsx:storage-virtual-machine",
            locators: &[Locator {
                path: "responseElements.storageVirtualMachine.resourceARN",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("fsx/CreateStorageVirtualMachine-constructed-1.json"),
    row(
        "fsx.amazonaws.com",
        "CreateVolume",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "fsx:volume",
            locators: &[Locator {
                path: "responseElements.volume.resourceARN",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("fsx/CreateVolume-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "fsx:file-system",
        arn_pattern: "arn:*:fsx:*:*:file-system/*",
        read_actions: &[],
        tag_actions: &["fsx:TagResource"],
        untag_actions: &["fsx:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "fsx:volume",
        arn_pattern: "arn:*:fsx:*:*:volume/*/*",
        read_actions: &[],
        tag_actions: &["fsx:TagResource"],
        untag_actions: &["fsx:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "fsx:storage-virtual-machine",
        arn_pattern: "arn:*:fsx:*:*:storage-virtual-machine/*/*",
        read_actions: &[],
        tag_actions: &["fsx:TagResource"],
        untag_actions: &["fsx:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "fsx:backup",
        arn_pattern: "arn:*:fsx:*:*:backup/*",
        read_actions: &[],
        tag_actions: &["fsx:TagResource"],
        untag_actions: &["fsx:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "fsx:snapshot",
        arn_pattern: "arn:*:fsx:*:*:snapshot/*",
        read_actions: &[],
        tag_actions: &["fsx:TagResource"],
        untag_actions: &["fsx:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("fsx.amazonaws.com", "TagResource"),
    untag("fsx.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("fsx:UntagResource", Keyless::KeysRequired("TagKeys"))];
