//! `secretsmanager.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/secretsmanager/`.

use crate::services::row::{
    EventRow, ResourceSpec, Route, TagChangeRow, Target, at, by, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam, tagged_by};

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

/// A secret named by name, not ARN, gets an ARN without the suffix Secrets Manager adds: the
/// hub's ledger, which holds the full ARN, can find it only by prefix.
const SECRET: &[Target] = &by(
    "requestParameters.secretId",
    "arn:{partition}:secretsmanager:{region}:{account}:secret:{id}",
);

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("secretsmanager.amazonaws.com", "TagResource").on(SECRET),
    untag("secretsmanager.amazonaws.com", "UntagResource").on(SECRET),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "secretsmanager:UntagResource",
    Keyless::KeysRequired("TagKeys"),
)];
