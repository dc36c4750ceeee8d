//! `codepipeline.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/codepipeline/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "codepipeline.amazonaws.com",
    "CreatePipeline",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "codepipeline:pipeline",
        locators: &[
            Locator {
                path: "responseElements.pipeline.name",
                transform: Transform::AsIs,
                arn: "arn:{partition}:codepipeline:{region}:{account}:{id}",
            },
            Locator {
                path: "requestParameters.pipeline.name",
                transform: Transform::AsIs,
                arn: "arn:{partition}:codepipeline:{region}:{account}:{id}",
            },
        ],
    }],
)
.proven_by("codepipeline/CreatePipeline-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "codepipeline:pipeline",
    arn_pattern: "arn:*:codepipeline:*:*:*",
    read_actions: &[],
    tag_actions: &["codepipeline:TagResource"],
    untag_actions: &["codepipeline:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("codepipeline.amazonaws.com", "TagResource"),
    untag("codepipeline.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "codepipeline:UntagResource",
    Keyless::KeysRequired("tagKeys"),
)];
