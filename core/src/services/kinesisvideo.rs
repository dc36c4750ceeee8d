//! `kinesisvideo.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/kinesisvideo/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::ResourceTypeIam;

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
