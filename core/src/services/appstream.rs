//! `appstream.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/appstream/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "appstream.amazonaws.com",
        "CreateFleet",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "appstream:fleet",
            locators: &[
                Locator {
                    path: "responseElements.fleet.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at(
                    "requestParameters.name",
                    "arn:{partition}:appstream:{region}:{account}:fleet/{id}",
                ),
            ],
        }],
    )
    .proven_by("appstream/CreateFleet-constructed-1.json"),
    row(
        "appstream.amazonaws.com",
        "CreateImageBuilder",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "appstream:image-builder",
            locators: &[
                Locator {
                    path: "responseElements.imageBuilder.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at(
                    "requestParameters.name",
                    "arn:{partition}:appstream:{region}:{account}:image-builder/{id}",
                ),
            ],
        }],
    )
    .proven_by("appstream/CreateImageBuilder-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "appstream:fleet",
        arn_pattern: "arn:*:appstream:*:*:fleet/*",
        read_actions: &[],
        tag_actions: &["appstream:TagResource"],
        untag_actions: &["appstream:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "appstream:image-builder",
        arn_pattern: "arn:*:appstream:*:*:image-builder/*",
        read_actions: &[],
        tag_actions: &["appstream:TagResource"],
        untag_actions: &["appstream:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("appstream.amazonaws.com", "TagResource"),
    untag("appstream.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("appstream:UntagResource", Keyless::KeysRequired("TagKeys"))];
