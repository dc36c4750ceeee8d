//! `aoss.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/aoss/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::{ResourceTypeIam, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "aoss.amazonaws.com",
    "CreateCollection",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "aoss:collection",
        locators: &[at("responseElements.createCollectionDetail.arn", "{id}")],
    }],
)
.proven_by("aoss/CreateCollection-constructed-1.json")
.when_available()];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[tagged_by(
    "aoss:collection",
    "arn:*:aoss:*:*:collection/*",
    &["aoss:TagResource"],
    &["aoss:UntagResource"],
)];
