//! `omics.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/omics/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "omics.amazonaws.com",
        "CreateRunGroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "omics:runGroup",
            locators: &[Locator {
                path: "responseElements.arn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("omics/CreateRunGroup-constructed-1.json"),
    row(
        "omics.amazonaws.com",
        "CreateSequenceStore",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "omics:sequenceStore",
            locators: &[Locator {
                path: "responseElements.arn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("omics/CreateSequenceStore-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "omics:sequenceStore",
        arn_pattern: "arn:*:omics:*:*:sequenceStore/*",
        read_actions: &[],
        tag_actions: &["omics:TagResource"],
        untag_actions: &["omics:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "omics:runGroup",
        arn_pattern: "arn:*:omics:*:*:runGroup/*",
        read_actions: &[],
        tag_actions: &["omics:TagResource"],
        untag_actions: &["omics:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("omics.amazonaws.com", "TagResource"),
    untag("omics.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("omics:UntagResource", Keyless::KeysRequired("tagKeys"))];
