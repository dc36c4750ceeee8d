//! `ds.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/ds/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Target, Transform, by, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "ds.amazonaws.com",
        "ConnectDirectory",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ds:directory",
            locators: &[Locator {
                path: "responseElements.directoryId",
                transform: Transform::AsIs,
                arn: "arn:{partition}:ds:{region}:{account}:directory/{id}",
            }],
        }],
    )
    .proven_by("ds/ConnectDirectory-constructed-1.json")
    .when_available(),
    row(
        "ds.amazonaws.com",
        "CreateDirectory",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ds:directory",
            locators: &[Locator {
                path: "responseElements.directoryId",
                transform: Transform::AsIs,
                arn: "arn:{partition}:ds:{region}:{account}:directory/{id}",
            }],
        }],
    )
    .proven_by("ds/CreateDirectory-constructed-1.json")
    .when_available(),
    row(
        "ds.amazonaws.com",
        "CreateMicrosoftAD",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ds:directory",
            locators: &[Locator {
                path: "responseElements.directoryId",
                transform: Transform::AsIs,
                arn: "arn:{partition}:ds:{region}:{account}:directory/{id}",
            }],
        }],
    )
    .proven_by("ds/CreateMicrosoftAD-constructed-1.json")
    .when_available(),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "ds:directory",
    arn_pattern: "arn:*:ds:*:*:directory/*",
    read_actions: &[],
    tag_actions: &["ds:AddTagsToResource"],
    untag_actions: &["ds:RemoveTagsFromResource"],
    tag_keys_condition: true,
}];

const DS: &[Target] = &by(
    "requestParameters.resourceId",
    "arn:{partition}:ds:{region}:{account}:directory/{id}",
);

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("ds.amazonaws.com", "AddTagsToResource").on(DS),
    untag("ds.amazonaws.com", "RemoveTagsFromResource").on(DS),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "ds:RemoveTagsFromResource",
    Keyless::KeysRequired("TagKeys"),
)];
