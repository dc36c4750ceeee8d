//! `mq.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/mq/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "mq.amazonaws.com",
    "CreateBroker",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "mq:brokers",
        locators: &[Locator {
            path: "responseElements.brokerArn",
            transform: Transform::AsIs,
            arn: "{id}",
        }],
    }],
)
.proven_by("mq/CreateBroker-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "mq:brokers",
    arn_pattern: "arn:*:mq:*:*:broker:*:*",
    read_actions: &[],
    tag_actions: &["mq:CreateTags"],
    untag_actions: &["mq:DeleteTags"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("mq.amazonaws.com", "CreateTags"),
    untag("mq.amazonaws.com", "DeleteTags"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("mq:DeleteTags", Keyless::KeysRequired("TagKeys"))];
