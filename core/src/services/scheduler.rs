//! `scheduler.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/scheduler/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
    untaggable,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    untaggable(
        "scheduler.amazonaws.com",
        "CreateSchedule",
        "an EventBridge Scheduler schedule cannot carry tags; its schedule group can",
    )
    .proven_by("scheduler/CreateSchedule-constructed-1.json"),
    row(
        "scheduler.amazonaws.com",
        "CreateScheduleGroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "scheduler:schedule-group",
            locators: &[
                Locator {
                    path: "responseElements.scheduleGroupArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at(
                    "requestParameters.name",
                    "arn:{partition}:scheduler:{region}:{account}:schedule-group/{id}",
                ),
            ],
        }],
    )
    .proven_by("scheduler/CreateScheduleGroup-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "scheduler:schedule-group",
    arn_pattern: "arn:*:scheduler:*:*:schedule-group/*",
    read_actions: &[],
    tag_actions: &["scheduler:TagResource"],
    untag_actions: &["scheduler:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("scheduler.amazonaws.com", "TagResource"),
    untag("scheduler.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("scheduler:UntagResource", Keyless::KeysRequired("TagKeys"))];
