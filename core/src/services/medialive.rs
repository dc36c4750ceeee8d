//! `medialive.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/medialive/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "medialive.amazonaws.com",
        "CreateChannel",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "medialive:channel",
            locators: &[Locator {
                path: "responseElements.channel.arn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("medialive/CreateChannel-constructed-1.json"),
    row(
        "medialive.amazonaws.com",
        "CreateInput",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "medialive:input",
            locators: &[Locator {
                path: "responseElements.input.arn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("medialive/CreateInput-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "medialive:channel",
        arn_pattern: "arn:*:medialive:*:*:channel:*",
        read_actions: &[],
        tag_actions: &["medialive:CreateTags"],
        untag_actions: &["medialive:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "medialive:input",
        arn_pattern: "arn:*:medialive:*:*:input:*",
        read_actions: &[],
        tag_actions: &["medialive:CreateTags"],
        untag_actions: &["medialive:DeleteTags"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("medialive.amazonaws.com", "CreateTags"),
    untag("medialive.amazonaws.com", "DeleteTags"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("medialive:DeleteTags", Keyless::KeysRequired("TagKeys"))];
