//! `payment-cryptography.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/payment-cryptography/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "payment-cryptography.amazonaws.com",
    "CreateKey",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "payment-cryptography:key",
        locators: &[Locator {
            path: "responseElements.key.keyArn",
            transform: Transform::AsIs,
            arn: "{id}",
        }],
    }],
)
.proven_by("payment-cryptography/CreateKey-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "payment-cryptography:key",
    arn_pattern: "arn:*:payment-cryptography:*:*:key/*",
    read_actions: &[],
    tag_actions: &["payment-cryptography:TagResource"],
    untag_actions: &["payment-cryptography:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("payment-cryptography.amazonaws.com", "TagResource"),
    untag("payment-cryptography.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "payment-cryptography:UntagResource",
    Keyless::KeysRequired("TagKeys"),
)];
