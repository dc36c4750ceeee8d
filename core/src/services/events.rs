//! `events.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/events/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, at, row};
use crate::services::ResourceTypeIam;

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
