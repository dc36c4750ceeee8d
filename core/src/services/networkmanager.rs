//! `networkmanager.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/networkmanager/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "networkmanager.amazonaws.com",
        "CreateCoreNetwork",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "networkmanager:core-network",
            locators: &[at("responseElements.coreNetwork.coreNetworkArn", "{id}")],
        }],
    )
    .proven_by("networkmanager/CreateCoreNetwork-constructed-1.json")
    .when_available(),
    row(
        "networkmanager.amazonaws.com",
        "CreateGlobalNetwork",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "networkmanager:global-network",
            locators: &[at(
                "responseElements.globalNetwork.globalNetworkArn",
                "{id}",
            )],
        }],
    )
    .proven_by("networkmanager/CreateGlobalNetwork-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "networkmanager:global-network",
        arn_pattern: "arn:*:networkmanager::*:global-network/*",
        read_actions: &[],
        tag_actions: &["networkmanager:TagResource"],
        untag_actions: &["networkmanager:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "networkmanager:core-network",
        arn_pattern: "arn:*:networkmanager::*:core-network/*",
        read_actions: &[],
        tag_actions: &["networkmanager:TagResource"],
        untag_actions: &["networkmanager:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("networkmanager.amazonaws.com", "TagResource"),
    untag("networkmanager.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "networkmanager:UntagResource",
    Keyless::KeysRequired("TagKeys"),
)];
