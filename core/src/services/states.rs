//! `states.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/states/`.

use crate::services::row::{
    EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag, untaggable,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "states.amazonaws.com",
        "CreateActivity",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "states:activity",
            locators: &[
                at("responseElements.activityArn", "{id}"),
                at(
                    "requestParameters.name",
                    "arn:{partition}:states:{region}:{account}:activity:{id}",
                ),
            ],
        }],
    )
    .proven_by("states/CreateActivity-awsdocs-aws-step-functions-developer-guide-1.json"),
    row(
        "states.amazonaws.com",
        "CreateStateMachine",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "states:stateMachine",
            locators: &[
                at("responseElements.stateMachineArn", "{id}"),
                at(
                    "requestParameters.name",
                    "arn:{partition}:states:{region}:{account}:stateMachine:{id}",
                ),
            ],
        }],
    )
    .proven_by("states/CreateStateMachine-awsdocs-aws-step-functions-developer-guide-1.json"),
    untaggable(
        "states.amazonaws.com",
        "StartExecution",
        "a Step Functions execution cannot carry tags; its state machine can",
    )
    .proven_by("states/StartExecution-awsdocs-aws-step-functions-developer-guide-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "states:stateMachine",
        arn_pattern: "arn:*:states:*:*:stateMachine:*",
        read_actions: &[],
        tag_actions: &["states:TagResource"],
        untag_actions: &["states:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "states:activity",
        arn_pattern: "arn:*:states:*:*:activity:*",
        read_actions: &[],
        tag_actions: &["states:TagResource"],
        untag_actions: &["states:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("states.amazonaws.com", "TagResource"),
    untag("states.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("states:UntagResource", Keyless::KeysRequired("tagKeys"))];
