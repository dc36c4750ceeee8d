//! `elasticmapreduce.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/elasticmapreduce/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Target, Transform, by, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "elasticmapreduce.amazonaws.com",
    "RunJobFlow",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "elasticmapreduce:cluster",
        locators: &[Locator {
            path: "responseElements.jobFlowId",
            transform: Transform::AsIs,
            arn: "arn:{partition}:elasticmapreduce:{region}:{account}:cluster/{id}",
        }],
    }],
)
.proven_by("elasticmapreduce/RunJobFlow-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "elasticmapreduce:cluster",
    arn_pattern: "arn:*:elasticmapreduce:*:*:cluster/*",
    read_actions: &[],
    tag_actions: &["elasticmapreduce:AddTags"],
    untag_actions: &["elasticmapreduce:RemoveTags"],
    tag_keys_condition: true,
}];

const EMR: &[Target] = &by(
    "requestParameters.resourceId",
    "arn:{partition}:elasticmapreduce:{region}:{account}:cluster/{id}",
);

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("elasticmapreduce.amazonaws.com", "AddTags").on(EMR),
    untag("elasticmapreduce.amazonaws.com", "RemoveTags").on(EMR),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "elasticmapreduce:RemoveTags",
    Keyless::KeysRequired("TagKeys"),
)];
