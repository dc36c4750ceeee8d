//! `kendra.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/kendra/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

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

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("kendra.amazonaws.com", "TagResource"),
    untag("kendra.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("kendra:UntagResource", Keyless::KeysRequired("TagKeys"))];
