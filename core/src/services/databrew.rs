//! `databrew.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/databrew/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "databrew.amazonaws.com",
        "CreateDataset",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "databrew:dataset",
            locators: &[
                at(
                    "responseElements.name",
                    "arn:{partition}:databrew:{region}:{account}:dataset/{id}",
                ),
                at(
                    "requestParameters.name",
                    "arn:{partition}:databrew:{region}:{account}:dataset/{id}",
                ),
            ],
        }],
    )
    .proven_by("databrew/CreateDataset-constructed-1.json"),
    row(
        "databrew.amazonaws.com",
        "CreateRecipe",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "databrew:recipe",
            locators: &[
                at(
                    "responseElements.name",
                    "arn:{partition}:databrew:{region}:{account}:recipe/{id}",
                ),
                at(
                    "requestParameters.name",
                    "arn:{partition}:databrew:{region}:{account}:recipe/{id}",
                ),
            ],
        }],
    )
    .proven_by("databrew/CreateRecipe-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "databrew:dataset",
        arn_pattern: "arn:*:databrew:*:*:dataset/*",
        read_actions: &[],
        tag_actions: &["databrew:TagResource"],
        untag_actions: &["databrew:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "databrew:recipe",
        arn_pattern: "arn:*:databrew:*:*:recipe/*",
        read_actions: &[],
        tag_actions: &["databrew:TagResource"],
        untag_actions: &["databrew:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("databrew.amazonaws.com", "TagResource"),
    untag("databrew.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("databrew:UntagResource", Keyless::KeysRequired("TagKeys"))];
