//! `emr-serverless.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/emr-serverless/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::ResourceTypeIam;

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
