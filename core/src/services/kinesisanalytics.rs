//! `kinesisanalytics.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/kinesisanalytics/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "kinesisanalytics.amazonaws.com",
    "CreateApplication",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "kinesisanalytics:application",
        locators: &[
            Locator {
                path: "responseElements.applicationDetail.applicationARN",
                transform: Transform::AsIs,
                arn: "{id}",
            },
            at(
                "requestParameters.applicationName",
                "arn:{partition}:kinesisanalytics:{region}:{account}:application/{id}",
            ),
        ],
    }],
)
.proven_by("kinesisanalytics/CreateApplication-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "kinesisanalytics:application",
    arn_pattern: "arn:*:kinesisanalytics:*:*:application/*",
    read_actions: &[],
    tag_actions: &["kinesisanalytics:TagResource"],
    untag_actions: &["kinesisanalytics:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("kinesisanalytics.amazonaws.com", "TagResource"),
    untag("kinesisanalytics.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "kinesisanalytics:UntagResource",
    Keyless::KeysRequired("TagKeys"),
)];
