//! `resiliencehub.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/resiliencehub/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "resiliencehub.amazonaws.com",
    "CreateApp",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "resiliencehub:application",
        locators: &[Locator {
            path: "responseElements.app.appArn",
            transform: Transform::AsIs,
            arn: "{id}",
        }],
    }],
)
.proven_by("resiliencehub/CreateApp-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "resiliencehub:application",
    arn_pattern: "arn:*:resiliencehub:*:*:app/*",
    read_actions: &[],
    tag_actions: &["resiliencehub:TagResource"],
    untag_actions: &["resiliencehub:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("resiliencehub.amazonaws.com", "TagResource"),
    untag("resiliencehub.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "resiliencehub:UntagResource",
    Keyless::KeysRequired("tagKeys"),
)];
