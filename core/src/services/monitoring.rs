//! `monitoring.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/monitoring/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, at, row};
use crate::services::ResourceTypeIam;

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
