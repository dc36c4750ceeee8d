//! `acm-pca.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/acm-pca/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, row};
use crate::services::ResourceTypeIam;

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "acm-pca.amazonaws.com",
    "CreateCertificateAuthority",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "acm-pca:certificate-authority",
        locators: &[Locator {
            path: "responseElements.certificateAuthorityArn",
            transform: Transform::AsIs,
            arn: "{id}",
        }],
    }],
)
.proven_by("acm-pca/CreateCertificateAuthority-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "acm-pca:certificate-authority",
    arn_pattern: "arn:*:acm-pca:*:*:certificate-authority/*",
    read_actions: &[],
    tag_actions: &["acm-pca:TagCertificateAuthority"],
    untag_actions: &["acm-pca:UntagCertificateAuthority"],
    tag_keys_condition: true,
}];
