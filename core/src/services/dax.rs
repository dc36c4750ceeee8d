//! `dax.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/dax/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "dax.amazonaws.com",
    "CreateCluster",
    Route::Dax,
    &[ResourceSpec {
        resource_type: "dax:cache",
        locators: &[
            at("responseElements.cluster.clusterArn", "{id}"),
            at(
                "requestParameters.clusterName",
                "arn:{partition}:dax:{region}:{account}:cache/{id}",
            ),
        ],
    }],
)
.proven_by("dax/CreateCluster-awsdocs-amazon-dynamodb-developer-guide-1.json")
.when_available()];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "dax:cache",
    arn_pattern: "arn:*:dax:*:*:cache/*",
    read_actions: &["dax:ListTags"],
    tag_actions: &["dax:TagResource"],
    untag_actions: &["dax:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("dax.amazonaws.com", "TagResource"),
    untag("dax.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("dax:UntagResource", Keyless::KeysRequired("TagKeys"))];
