//! `kinesisvideo.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/kinesisvideo/`.

use crate::services::row::{
    EventRow, ID, ResourceSpec, Route, TagChangeRow, Target, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "kinesisvideo.amazonaws.com",
    "CreateStream",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "kinesisvideo:stream",
        locators: &[at("responseElements.streamARN", "{id}")],
    }],
)
.proven_by("kinesisvideo/CreateStream-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "kinesisvideo:stream",
    arn_pattern: "arn:*:kinesisvideo:*:*:stream/*",
    read_actions: &[],
    tag_actions: &["kinesisvideo:TagStream"],
    untag_actions: &["kinesisvideo:UntagStream"],
    tag_keys_condition: true,
}];

const KINESIS_VIDEO: &[Target] = &[
    Target::at("requestParameters.streamARN", ID),
    Target::at("requestParameters.resourceARN", ID),
    Target::at(
        "requestParameters.streamName",
        "arn:{partition}:kinesisvideo:{region}:{account}:stream/{id}",
    ),
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("kinesisvideo.amazonaws.com", "TagResource"),
    tag("kinesisvideo.amazonaws.com", "TagStream").on(KINESIS_VIDEO),
    untag("kinesisvideo.amazonaws.com", "UntagResource"),
    untag("kinesisvideo.amazonaws.com", "UntagStream").on(KINESIS_VIDEO),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "kinesisvideo:UntagStream",
    Keyless::KeysRequired("TagKeyList"),
)];
