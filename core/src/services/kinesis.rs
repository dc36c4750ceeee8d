//! `kinesis.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/kinesis/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::ResourceTypeIam;

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
