//! `logs.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/logs/`.

use crate::services::row::{
    EventRow, ResourceSpec, Route, TagChangeRow, Target, at, by, row, tag, untag, untaggable,
};
use crate::services::{Keyless, ResourceTypeIam, tagged_by};

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

const LOG_GROUP: &[Target] = &by(
    "requestParameters.logGroupName",
    "arn:{partition}:logs:{region}:{account}:log-group:{id}",
);

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    // `UntagLogGroup` lists the keys it removes under `tags`.
    tag("logs.amazonaws.com", "TagLogGroup").on(LOG_GROUP),
    tag("logs.amazonaws.com", "TagResource"),
    TagChangeRow {
        keys: &["requestParameters.tags[]"],
        ..untag("logs.amazonaws.com", "UntagLogGroup")
    }
    .on(LOG_GROUP),
    untag("logs.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[
    ("logs:UntagLogGroup", Keyless::KeysRequired("tags")),
    ("logs:UntagResource", Keyless::KeysRequired("tagKeys")),
];
