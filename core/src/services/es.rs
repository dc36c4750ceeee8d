//! `es.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/es/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam, tagged_by};

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

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("es.amazonaws.com", "AddTags"),
    untag("es.amazonaws.com", "RemoveTags"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("es:RemoveTags", Keyless::KeysRequired("TagKeys"))];
