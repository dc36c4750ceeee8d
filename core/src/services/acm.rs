//! `acm.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/acm/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::ResourceTypeIam;

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "acm.amazonaws.com",
    "RequestCertificate",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "acm:certificate",
        locators: &[at("responseElements.certificateArn", "{id}")],
    }],
)
.proven_by("acm/RequestCertificate-awsdocs-aws-certificate-user-guide-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "acm:certificate",
    arn_pattern: "arn:*:acm:*:*:certificate/*",
    read_actions: &[],
    tag_actions: &["acm:AddTagsToCertificate"],
    untag_actions: &["acm:RemoveTagsFromCertificate"],
    tag_keys_condition: true,
}];
