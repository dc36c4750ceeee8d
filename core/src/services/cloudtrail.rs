//! `cloudtrail.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/cloudtrail/`.

use crate::services::row::{
    EventRow, ID, ResourceSpec, Route, TagChangeRow, Target, at, by, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "cloudtrail.amazonaws.com",
    "CreateTrail",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "cloudtrail:trail",
        locators: &[
            at("responseElements.trailARN", "{id}"),
            at(
                "requestParameters.name",
                "arn:{partition}:cloudtrail:{region}:{account}:trail/{id}",
            ),
        ],
    }],
)
.proven_by("cloudtrail/CreateTrail-invictus-aws_dataset-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "cloudtrail:trail",
    arn_pattern: "arn:*:cloudtrail:*:*:trail/*",
    read_actions: &[],
    tag_actions: &["cloudtrail:AddTags"],
    untag_actions: &["cloudtrail:RemoveTags"],
    tag_keys_condition: true,
}];

const CLOUDTRAIL: &[Target] = &by("requestParameters.resourceId", ID);

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("cloudtrail.amazonaws.com", "AddTags").on(CLOUDTRAIL),
    untag("cloudtrail.amazonaws.com", "RemoveTags").on(CLOUDTRAIL),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("cloudtrail:RemoveTags", Keyless::KeysRequired("TagsList"))];
