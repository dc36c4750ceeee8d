//! `logs.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/logs/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row, untaggable};
use crate::services::{ResourceTypeIam, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    untaggable(
        "logs.amazonaws.com",
        "CreateExportTask",
        "cloudwatch logs export tasks cannot carry tags.",
    )
    .proven_by("logs/CreateExportTask-awsdocs-amazon-cloudwatch-user-guide-1.json"),
    row(
        "logs.amazonaws.com",
        "CreateLogGroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "logs:log-group",
            locators: &[at(
                "requestParameters.logGroupName",
                "arn:{partition}:logs:{region}:{account}:log-group:{id}",
            )],
        }],
    )
    .proven_by("logs/CreateLogGroup-invictus-aws_dataset-1.json"),
    untaggable(
        "logs.amazonaws.com",
        "PutQueryDefinition",
        "a CloudWatch Logs Insights query definition cannot carry tags",
    )
    .proven_by("logs/PutQueryDefinition-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[tagged_by(
    "logs:log-group",
    "arn:*:logs:*:*:log-group:*",
    &["logs:TagResource", "logs:TagLogGroup"],
    &["logs:UntagResource", "logs:UntagLogGroup"],
)];
