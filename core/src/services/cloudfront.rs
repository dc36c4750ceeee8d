//! `cloudfront.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/cloudfront/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "cloudfront.amazonaws.com",
    "CreateDistribution",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "cloudfront:distribution",
        locators: &[
            Locator {
                path: "responseElements.distribution.aRN",
                transform: Transform::AsIs,
                arn: "{id}",
            },
            Locator {
                path: "responseElements.distribution.id",
                transform: Transform::AsIs,
                arn: "arn:{partition}:cloudfront::{account}:distribution/{id}",
            },
        ],
    }],
)
.proven_by("cloudfront/CreateDistribution-cloud-custodian-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "cloudfront:distribution",
    arn_pattern: "arn:*:cloudfront::*:distribution/*",
    read_actions: &[],
    tag_actions: &["cloudfront:TagResource"],
    untag_actions: &["cloudfront:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("cloudfront.amazonaws.com", "TagResource"),
    untag("cloudfront.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("cloudfront:UntagResource", Keyless::KeysRequired("TagKeys"))];
