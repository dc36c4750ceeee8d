//! `scheduler.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/scheduler/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, at, row, untaggable};
use crate::services::ResourceTypeIam;

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
