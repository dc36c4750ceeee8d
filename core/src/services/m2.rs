//! `m2.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/m2/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "m2.amazonaws.com",
        "CreateApplication",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "m2:app",
            locators: &[at("responseElements.applicationArn", "{id}")],
        }],
    )
    .proven_by("m2/CreateApplication-constructed-1.json"),
    row(
        "m2.amazonaws.com",
        "CreateEnvironment",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "m2:env",
            locators: &[at(
                "responseElements.environmentId",
                "arn:{partition}:m2:{region}:{account}:env/{id}",
            )],
        }],
    )
    .proven_by("m2/CreateEnvironment-constructed-1.json")
    .when_available(),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "m2:app",
        arn_pattern: "arn:*:m2:*:*:app/*",
        read_actions: &[],
        tag_actions: &["m2:TagResource"],
        untag_actions: &["m2:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "m2:env",
        arn_pattern: "arn:*:m2:*:*:env/*",
        read_actions: &[],
        tag_actions: &["m2:TagResource"],
        untag_actions: &["m2:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("m2.amazonaws.com", "TagResource"),
    untag("m2.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("m2:UntagResource", Keyless::KeysRequired("tagKeys"))];
