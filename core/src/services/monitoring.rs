//! `monitoring.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/monitoring/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "monitoring.amazonaws.com",
        "PutDashboard",
        Route::CloudWatch,
        &[ResourceSpec {
            resource_type: "cloudwatch:dashboard",
            locators: &[at(
                "requestParameters.dashboardName",
                "arn:{partition}:cloudwatch::{account}:dashboard/{id}",
            )],
        }],
    )
    .proven_by("monitoring/PutDashboard-constructed-1.json"),
    row(
        "monitoring.amazonaws.com",
        "PutMetricAlarm",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "cloudwatch:alarm",
            locators: &[Locator {
                path: "requestParameters.alarmName",
                transform: Transform::AsIs,
                arn: "arn:{partition}:cloudwatch:{region}:{account}:alarm:{id}",
            }],
        }],
    )
    .proven_by("monitoring/PutMetricAlarm-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "cloudwatch:alarm",
        arn_pattern: "arn:*:cloudwatch:*:*:alarm:*",
        read_actions: &[],
        tag_actions: &["cloudwatch:TagResource"],
        untag_actions: &["cloudwatch:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "cloudwatch:dashboard",
        arn_pattern: "arn:*:cloudwatch::*:dashboard/*",
        read_actions: &["cloudwatch:ListTagsForResource"],
        tag_actions: &["cloudwatch:TagResource"],
        untag_actions: &["cloudwatch:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("monitoring.amazonaws.com", "TagResource"),
    untag("monitoring.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("cloudwatch:UntagResource", Keyless::KeysRequired("TagKeys"))];
