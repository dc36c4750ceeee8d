//! `datapipeline.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/datapipeline/`.

use crate::services::row::{
    EventRow, ResourceSpec, Route, TagChangeRow, Target, at, by, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "datapipeline.amazonaws.com",
    "CreatePipeline",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "datapipeline:pipeline",
        locators: &[at(
            "responseElements.pipelineId",
            "arn:{partition}:datapipeline:{region}:{account}:pipeline/{id}",
        )],
    }],
)
.proven_by("datapipeline/CreatePipeline-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "datapipeline:pipeline",
    arn_pattern: "arn:*:datapipeline:*:*:pipeline/*",
    read_actions: &[],
    tag_actions: &["datapipeline:AddTags"],
    untag_actions: &["datapipeline:RemoveTags"],
    tag_keys_condition: true,
}];

const DATAPIPELINE: &[Target] = &by(
    "requestParameters.pipelineId",
    "arn:{partition}:datapipeline:{region}:{account}:pipeline/{id}",
);

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("datapipeline.amazonaws.com", "AddTags").on(DATAPIPELINE),
    untag("datapipeline.amazonaws.com", "RemoveTags").on(DATAPIPELINE),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("datapipeline:RemoveTags", Keyless::KeysRequired("tagKeys"))];
