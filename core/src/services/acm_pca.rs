//! `acm-pca.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/acm-pca/`.

use crate::services::row::{
    EventRow, ID, Locator, ResourceSpec, Route, TagChangeRow, Target, Transform, by, row, tag,
    untag,
};
use crate::services::{Keyless, ResourceTypeIam};

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

const ACM_PCA: &[Target] = &by("requestParameters.certificateAuthorityArn", ID);

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("acm-pca.amazonaws.com", "TagCertificateAuthority").on(ACM_PCA),
    untag("acm-pca.amazonaws.com", "UntagCertificateAuthority").on(ACM_PCA),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "acm-pca:UntagCertificateAuthority",
    Keyless::KeysRequired("Tags"),
)];
