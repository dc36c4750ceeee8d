//! `storagegateway.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/storagegateway/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "storagegateway.amazonaws.com",
        "ActivateGateway",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "storagegateway:gateway",
            locators: &[at("responseElements.gatewayARN", "{id}")],
        }],
    )
    .proven_by("storagegateway/ActivateGateway-constructed-1.json"),
    row(
        "storagegateway.amazonaws.com",
        "CreateTapePool",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "storagegateway:tapepool",
            locators: &[at("responseElements.poolARN", "{id}")],
        }],
    )
    .proven_by("storagegateway/CreateTapePool-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "storagegateway:gateway",
        arn_pattern: "arn:*:storagegateway:*:*:gateway/*",
        read_actions: &[],
        tag_actions: &["storagegateway:AddTagsToResource"],
        untag_actions: &["storagegateway:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "storagegateway:tapepool",
        arn_pattern: "arn:*:storagegateway:*:*:tapepool/*",
        read_actions: &[],
        tag_actions: &["storagegateway:AddTagsToResource"],
        untag_actions: &["storagegateway:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("storagegateway.amazonaws.com", "AddTagsToResource"),
    untag("storagegateway.amazonaws.com", "RemoveTagsFromResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "storagegateway:RemoveTagsFromResource",
    Keyless::KeysRequired("TagKeys"),
)];
