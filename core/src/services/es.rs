//! `es.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/es/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::{ResourceTypeIam, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "es.amazonaws.com",
    "CreateDomain",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "es:domain",
        locators: &[
            at("responseElements.domainStatus.aRN", "{id}"),
            at(
                "requestParameters.domainName",
                "arn:{partition}:es:{region}:{account}:domain/{id}",
            ),
        ],
    }],
)
.proven_by("es/CreateDomain-awsdocs-amazon-opensearch-service-developer-guide-1.json")
.when_available()];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[tagged_by(
    "es:domain",
    "arn:*:es:*:*:domain/*",
    &["es:AddTags"],
    &["es:RemoveTags"],
)];
