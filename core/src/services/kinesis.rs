//! `kinesis.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/kinesis/`.

use crate::services::row::{
    EventRow, ID, ResourceSpec, Route, TagChangeRow, Target, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "kinesis.amazonaws.com",
    "CreateStream",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "kinesis:stream",
        locators: &[at(
            "requestParameters.streamName",
            "arn:{partition}:kinesis:{region}:{account}:stream/{id}",
        )],
    }],
)
.proven_by("kinesis/CreateStream-constructed-1.json")
.when_available()];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "kinesis:stream",
    arn_pattern: "arn:*:kinesis:*:*:stream/*",
    read_actions: &[],
    tag_actions: &["kinesis:AddTagsToStream"],
    untag_actions: &["kinesis:RemoveTagsFromStream"],
    tag_keys_condition: true,
}];

const KINESIS: &[Target] = &[
    Target::at("requestParameters.streamARN", ID),
    Target::at(
        "requestParameters.streamName",
        "arn:{partition}:kinesis:{region}:{account}:stream/{id}",
    ),
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("kinesis.amazonaws.com", "AddTagsToStream").on(KINESIS),
    untag("kinesis.amazonaws.com", "RemoveTagsFromStream").on(KINESIS),
    tag("kinesis.amazonaws.com", "TagResource"),
    untag("kinesis.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "kinesis:RemoveTagsFromStream",
    Keyless::KeysRequired("TagKeys"),
)];
