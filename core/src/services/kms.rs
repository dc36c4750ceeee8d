//! `kms.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/kms/`.

use crate::services::row::{
    EventRow, ResourceSpec, Route, TagChangeRow, Target, at, by, row, tag, untag, untaggable,
};
use crate::services::{Keyless, ResourceTypeIam, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    untaggable(
        "kms.amazonaws.com",
        "CreateAlias",
        "kms aliases cannot carry tags; only kms keys can.",
    )
    .proven_by("kms/CreateAlias-awsdocs-aws-kms-developer-guide-1.json"),
    untaggable(
        "kms.amazonaws.com",
        "CreateCustomKeyStore",
        "kms custom key stores have no arn and cannot carry tags.",
    )
    .proven_by("kms/CreateCustomKeyStore-awsdocs-aws-kms-developer-guide-1.json"),
    untaggable(
        "kms.amazonaws.com",
        "CreateGrant",
        "kms grants are permissions on a key and cannot carry tags.",
    )
    .proven_by("kms/CreateGrant-awsdocs-amazon-dynamodb-developer-guide-1.json"),
    row(
        "kms.amazonaws.com",
        "CreateKey",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "kms:key",
            locators: &[
                at("responseElements.keyMetadata.arn", "{id}"),
                at(
                    "responseElements.keyMetadata.keyId",
                    "arn:{partition}:kms:{region}:{account}:key/{id}",
                ),
            ],
        }],
    )
    .proven_by("kms/CreateKey-awsdocs-aws-kms-developer-guide-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[tagged_by(
    "kms:key",
    "arn:*:kms:*:*:key/*",
    &["kms:TagResource"],
    &["kms:UntagResource"],
)];

const KMS: &[Target] = &by(
    "requestParameters.keyId",
    "arn:{partition}:kms:{region}:{account}:key/{id}",
);

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("kms.amazonaws.com", "TagResource").on(KMS),
    untag("kms.amazonaws.com", "UntagResource").on(KMS),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("kms:UntagResource", Keyless::KeysRequired("TagKeys"))];
