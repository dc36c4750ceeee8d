//! `datapipeline.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/datapipeline/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::ResourceTypeIam;

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
