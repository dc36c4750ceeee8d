//! `glacier.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/glacier/`.

use crate::services::ResourceTypeIam;
use crate::services::row::{
    EventRow, ResourceSpec, Route, TagChangeRow, Target, at, by, row, tag, untag,
};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "glacier.amazonaws.com",
    "CreateVault",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "glacier:vault",
        locators: &[at(
            "requestParameters.vaultName",
            "arn:{partition}:glacier:{region}:{account}:vaults/{id}",
        )],
    }],
)
.proven_by("glacier/CreateVault-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "glacier:vault",
    arn_pattern: "arn:*:glacier:*:*:vaults/*",
    read_actions: &[],
    tag_actions: &["glacier:AddTagsToVault"],
    untag_actions: &["glacier:RemoveTagsFromVault"],
    tag_keys_condition: false,
}];

const GLACIER: &[Target] = &by(
    "requestParameters.vaultName",
    "arn:{partition}:glacier:{region}:{account}:vaults/{id}",
);

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("glacier.amazonaws.com", "AddTagsToVault").on(GLACIER),
    untag("glacier.amazonaws.com", "RemoveTagsFromVault").on(GLACIER),
];
