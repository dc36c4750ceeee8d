//! `events.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/events/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "events.amazonaws.com",
        "CreateEventBus",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "events:event-bus",
            locators: &[
                Locator {
                    path: "responseElements.eventBusArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at(
                    "requestParameters.name",
                    "arn:{partition}:events:{region}:{account}:event-bus/{id}",
                ),
            ],
        }],
    )
    .proven_by("events/CreateEventBus-constructed-1.json"),
    row(
        "events.amazonaws.com",
        "PutRule",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "events:rule",
            locators: &[
                at("responseElements.ruleArn", "{id}"),
                at(
                    "requestParameters.name",
                    "arn:{partition}:events:{region}:{account}:rule/{id}",
                ),
            ],
        }],
    )
    .proven_by("events/PutRule-awsdocs-amazon-cloudwatch-user-guide-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "events:event-bus",
        arn_pattern: "arn:*:events:*:*:event-bus/*",
        read_actions: &[],
        tag_actions: &["events:TagResource"],
        untag_actions: &["events:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "events:rule",
        arn_pattern: "arn:*:events:*:*:rule/*",
        read_actions: &[],
        tag_actions: &["events:TagResource"],
        untag_actions: &["events:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("events.amazonaws.com", "TagResource"),
    untag("events.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("events:UntagResource", Keyless::KeysRequired("TagKeys"))];
