//! `iot.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/iot/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "iot.amazonaws.com",
    "CreateTopicRule",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "iot:rule",
        locators: &[Locator {
            path: "requestParameters.ruleName",
            transform: Transform::AsIs,
            arn: "arn:{partition}:iot:{region}:{account}:rule/{id}",
        }],
    }],
)
.proven_by("iot/CreateTopicRule-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "iot:rule",
    arn_pattern: "arn:*:iot:*:*:rule/*",
    read_actions: &[],
    tag_actions: &["iot:TagResource"],
    untag_actions: &["iot:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("iot.amazonaws.com", "TagResource"),
    untag("iot.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("iot:UntagResource", Keyless::KeysRequired("tagKeys"))];
