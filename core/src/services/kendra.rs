//! `kendra.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/kendra/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, at, row};
use crate::services::ResourceTypeIam;

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "kendra.amazonaws.com",
        "CreateDataSource",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "kendra:data-source",
            locators: &[at("responseElements.id", "arn:{partition}:kendra:{region}:{account}:index/{@requestParameters.indexId}/data-source/{id}")],
        }],
    )
    .proven_by("kendra/CreateDataSource-constructed-1.json")
    .when_available(),
    row(
        "kendra.amazonaws.com",
        "CreateIndex",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "kendra:index",
            locators: &[
                Locator {
                    path: "responseElements.id",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:kendra:{region}:{account}:index/{id}",
                },
            ],
        }],
    )
    .proven_by("kendra/CreateIndex-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "kendra:index",
        arn_pattern: "arn:*:kendra:*:*:index/*",
        read_actions: &[],
        tag_actions: &["kendra:TagResource"],
        untag_actions: &["kendra:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "kendra:data-source",
        arn_pattern: "arn:*:kendra:*:*:index/*/data-source/*",
        read_actions: &[],
        tag_actions: &["kendra:TagResource"],
        untag_actions: &["kendra:UntagResource"],
        tag_keys_condition: true,
    },
];
