//! `autoscaling.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/autoscaling/`.

use crate::services::row::{
    ChangeKind, EventRow, ResourceSpec, Route, TagChangeRow, Target, at, row, tag, untag,
    untaggable,
};
use crate::services::{Keyless, ResourceTypeIam, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "autoscaling.amazonaws.com",
        "CreateAutoScalingGroup",
        Route::AutoScaling,
        &[ResourceSpec {
            resource_type: "autoscaling:autoScalingGroup",
            // The group's id is in no record; the name is what its tag API takes.
            locators: &[at(
                "requestParameters.autoScalingGroupName",
                "arn:{partition}:autoscaling:{region}:{account}:autoScalingGroup:*:autoScalingGroupName/{id}",
            )],
        }],
    )
    .proven_by("autoscaling/CreateAutoScalingGroup-constructed-1.json"),
    untaggable(
        "autoscaling.amazonaws.com",
        "CreateLaunchConfiguration",
        "launch configurations cannot carry tags; launch templates and groups can",
    )
    .proven_by("autoscaling/CreateLaunchConfiguration-awsdocs-amazon-ec2-auto-scaling-user-guide-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[tagged_by(
    "autoscaling:autoScalingGroup",
    "arn:*:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/*",
    &["autoscaling:CreateOrUpdateTags"],
    &["autoscaling:DeleteTags"],
)];

const AUTO_SCALING_GROUPS: &[Target] = &[Target::at(
    "requestParameters.tags[].resourceId",
    "arn:{partition}:autoscaling:{region}:{account}:autoScalingGroup:*:autoScalingGroupName/{id}",
)];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    TagChangeRow {
        kind: ChangeKind::Set,
        ..tag("autoscaling.amazonaws.com", "CreateOrUpdateTags")
    }
    .on(AUTO_SCALING_GROUPS),
    untag("autoscaling.amazonaws.com", "DeleteTags").on(AUTO_SCALING_GROUPS),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("autoscaling:DeleteTags", Keyless::KeysRequired("Tags"))];
