//! `secretsmanager.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/secretsmanager/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::{ResourceTypeIam, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "secretsmanager.amazonaws.com",
    "CreateSecret",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "secretsmanager:secret",
        locators: &[at("responseElements.arn", "{id}")],
    }],
)
.proven_by("secretsmanager/CreateSecret-invictus-aws_dataset-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[tagged_by(
    "secretsmanager:secret",
    "arn:*:secretsmanager:*:*:secret:*",
    &["secretsmanager:TagResource"],
    &["secretsmanager:UntagResource"],
)];
