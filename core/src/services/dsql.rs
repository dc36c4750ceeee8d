//! `dsql.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/dsql/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::ResourceTypeIam;

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "dsql.amazonaws.com",
    "CreateCluster",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "dsql:cluster",
        locators: &[at("responseElements.arn", "{id}")],
    }],
)
.proven_by("dsql/CreateCluster-constructed-1.json")
.when_available()];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "dsql:cluster",
    arn_pattern: "arn:*:dsql:*:*:cluster/*",
    read_actions: &[],
    tag_actions: &["dsql:TagResource"],
    untag_actions: &["dsql:UntagResource"],
    tag_keys_condition: true,
}];
