//! `sns.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/sns/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "sns.amazonaws.com",
    "CreateTopic",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "sns:topic",
        locators: &[
            at("responseElements.topicArn", "{id}"),
            at(
                "requestParameters.name",
                "arn:{partition}:sns:{region}:{account}:{id}",
            ),
        ],
    }],
)
.proven_by("sns/CreateTopic-vikyol-aws-tags-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[tagged_by(
    "sns:topic",
    "arn:*:sns:*:*:*",
    &["sns:TagResource"],
    &["sns:UntagResource"],
)];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("sns.amazonaws.com", "TagResource"),
    untag("sns.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("sns:UntagResource", Keyless::KeysRequired("TagKeys"))];
