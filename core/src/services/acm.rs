//! `acm.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/acm/`.

use crate::services::row::{
    EventRow, ID, ResourceSpec, Route, TagChangeRow, Target, at, by, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

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

const ACM: &[Target] = &by("requestParameters.certificateArn", ID);

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("acm.amazonaws.com", "AddTagsToCertificate").on(ACM),
    untag("acm.amazonaws.com", "RemoveTagsFromCertificate").on(ACM),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "acm:RemoveTagsFromCertificate",
    Keyless::KeysRequired("Tags"),
)];
