//! `dynamodb.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/dynamodb/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
    untaggable,
};
use crate::services::{Keyless, ResourceTypeIam, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    untaggable(
        "dynamodb.amazonaws.com",
        "CreateBackup",
        "DynamoDB tags tables only; an on-demand backup takes no tags (AWS Backup's backups do)",
    )
    .proven_by("dynamodb/CreateBackup-constructed-1.json"),
    untaggable(
        "dynamodb.amazonaws.com",
        "CreateGlobalTable",
        "a global table of version 2017.11.29 groups regional tables, which carry the tags; DynamoDB tags no global-table ARN",
    )
    .proven_by("dynamodb/CreateGlobalTable-constructed-1.json"),
    row(
        "dynamodb.amazonaws.com",
        "CreateTable",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "dynamodb:table",
            locators: &[
                at("responseElements.tableDescription.tableArn", "{id}"),
                at(
                    "requestParameters.tableName",
                    "arn:{partition}:dynamodb:{region}:{account}:table/{id}",
                ),
            ],
        }],
    )
    .proven_by("dynamodb/CreateTable-vikyol-aws-tags-1.json")
    .when_available(),
    row(
        "dynamodb.amazonaws.com",
        "RestoreTableFromBackup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "dynamodb:table",
            locators: &[
                Locator {
                    path: "responseElements.tableDescription.tableArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.targetTableName",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:dynamodb:{region}:{account}:table/{id}",
                },
            ],
        }],
    )
    .proven_by("dynamodb/RestoreTableFromBackup-constructed-1.json")
    .when_available(),
    row(
        "dynamodb.amazonaws.com",
        "RestoreTableToPointInTime",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "dynamodb:table",
            locators: &[
                Locator {
                    path: "responseElements.tableDescription.tableArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.targetTableName",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:dynamodb:{region}:{account}:table/{id}",
                },
            ],
        }],
    )
    .proven_by("dynamodb/RestoreTableToPointInTime-constructed-1.json")
    .when_available(),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[tagged_by(
    "dynamodb:table",
    "arn:*:dynamodb:*:*:table/*",
    &["dynamodb:TagResource"],
    &["dynamodb:UntagResource"],
)];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("dynamodb.amazonaws.com", "TagResource"),
    untag("dynamodb.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("dynamodb:UntagResource", Keyless::KeysRequired("TagKeys"))];
