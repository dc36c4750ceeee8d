//! `timestream.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/timestream/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "timestream.amazonaws.com",
        "CreateDatabase",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "timestream:database",
            locators: &[
                at("responseElements.database.arn", "{id}"),
                at("requestParameters.databaseName", "arn:{partition}:timestream:{region}:{account}:database/{id}"),
            ],
        }],
    )
    .proven_by("timestream/CreateDatabase-constructed-1.json"),
    row(
        "timestream.amazonaws.com",
        "CreateTable",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "timestream:table",
            locators: &[
                at("responseElements.table.arn", "{id}"),
                at("requestParameters.tableName", "arn:{partition}:timestream:{region}:{account}:database/{@requestParameters.databaseName}/table/{id}"),
            ],
        }],
    )
    .proven_by("timestream/CreateTable-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "timestream:database",
        arn_pattern: "arn:*:timestream:*:*:database/*",
        read_actions: &[],
        tag_actions: &["timestream:TagResource"],
        untag_actions: &["timestream:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "timestream:table",
        arn_pattern: "arn:*:timestream:*:*:database/*/table/*",
        read_actions: &[],
        tag_actions: &["timestream:TagResource"],
        untag_actions: &["timestream:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("timestream.amazonaws.com", "TagResource"),
    untag("timestream.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("timestream:UntagResource", Keyless::KeysRequired("TagKeys"))];
