//! `iotsitewise.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/iotsitewise/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "iotsitewise.amazonaws.com",
        "CreateAsset",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "iotsitewise:asset",
            locators: &[Locator {
                path: "responseElements.assetArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("iotsitewise/CreateAsset-constructed-1.json"),
    row(
        "iotsitewise.amazonaws.com",
        "CreateAssetModel",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "iotsitewise:asset-model",
            locators: &[Locator {
                path: "responseElements.assetModelArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("iotsitewise/CreateAssetModel-constructed-1.json"),
    row(
        "iotsitewise.amazonaws.com",
        "CreateGateway",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "iotsitewise:gateway",
            locators: &[Locator {
                path: "responseElements.gatewayArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("iotsitewise/CreateGateway-constructed-1.json"),
    row(
        "iotsitewise.amazonaws.com",
        "CreatePortal",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "iotsitewise:portal",
            locators: &[Locator {
                path: "responseElements.portalArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("iotsitewise/CreatePortal-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "iotsitewise:asset",
        arn_pattern: "arn:*:iotsitewise:*:*:asset/*",
        read_actions: &[],
        tag_actions: &["iotsitewise:TagResource"],
        untag_actions: &["iotsitewise:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "iotsitewise:asset-model",
        arn_pattern: "arn:*:iotsitewise:*:*:asset-model/*",
        read_actions: &[],
        tag_actions: &["iotsitewise:TagResource"],
        untag_actions: &["iotsitewise:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "iotsitewise:gateway",
        arn_pattern: "arn:*:iotsitewise:*:*:gateway/*",
        read_actions: &[],
        tag_actions: &["iotsitewise:TagResource"],
        untag_actions: &["iotsitewise:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "iotsitewise:portal",
        arn_pattern: "arn:*:iotsitewise:*:*:portal/*",
        read_actions: &[],
        tag_actions: &["iotsitewise:TagResource"],
        untag_actions: &["iotsitewise:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("iotsitewise.amazonaws.com", "TagResource"),
    untag("iotsitewise.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "iotsitewise:UntagResource",
    Keyless::KeysRequired("tagKeys"),
)];
