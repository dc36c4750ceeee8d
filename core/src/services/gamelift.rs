//! `gamelift.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/gamelift/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "gamelift.amazonaws.com",
        "CreateBuild",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "gamelift:build",
            locators: &[Locator {
                path: "responseElements.build.buildArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("gamelift/CreateBuild-constructed-1.json"),
    row(
        "gamelift.amazonaws.com",
        "CreateFleet",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "gamelift:fleet",
            locators: &[Locator {
                path: "responseElements.fleetAttributes.fleetArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("gamelift/CreateFleet-constructed-1.json"),
    row(
        "gamelift.amazonaws.com",
        "CreateScript",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "gamelift:script",
            locators: &[Locator {
                path: "responseElements.script.scriptArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("gamelift/CreateScript-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "gamelift:build",
        arn_pattern: "arn:*:gamelift:*:*:build/*",
        read_actions: &[],
        tag_actions: &["gamelift:TagResource"],
        untag_actions: &["gamelift:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "gamelift:script",
        arn_pattern: "arn:*:gamelift:*:*:script/*",
        read_actions: &[],
        tag_actions: &["gamelift:TagResource"],
        untag_actions: &["gamelift:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "gamelift:fleet",
        arn_pattern: "arn:*:gamelift:*:*:fleet/*",
        read_actions: &[],
        tag_actions: &["gamelift:TagResource"],
        untag_actions: &["gamelift:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("gamelift.amazonaws.com", "TagResource"),
    untag("gamelift.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("gamelift:UntagResource", Keyless::KeysRequired("TagKeys"))];
