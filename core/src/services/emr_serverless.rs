//! `emr-serverless.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/emr-serverless/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "emr-serverless.amazonaws.com",
    "CreateApplication",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "emr-serverless:application",
        locators: &[at("responseElements.arn", "{id}")],
    }],
)
.proven_by("emr-serverless/CreateApplication-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "emr-serverless:application",
    arn_pattern: "arn:*:emr-serverless:*:*:/applications/*",
    read_actions: &[],
    tag_actions: &["emr-serverless:TagResource"],
    untag_actions: &["emr-serverless:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("emr-serverless.amazonaws.com", "TagResource"),
    untag("emr-serverless.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "emr-serverless:UntagResource",
    Keyless::KeysRequired("tagKeys"),
)];
