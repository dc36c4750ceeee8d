//! `batch.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/batch/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "batch.amazonaws.com",
    "CreateComputeEnvironment",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "batch:compute-environment",
        locators: &[
            at("responseElements.computeEnvironmentArn", "{id}"),
            at(
                "requestParameters.computeEnvironmentName",
                "arn:{partition}:batch:{region}:{account}:compute-environment/{id}",
            ),
        ],
    }],
)
.proven_by("batch/CreateComputeEnvironment-awsdocs-aws-batch-user-guide-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "batch:compute-environment",
    arn_pattern: "arn:*:batch:*:*:compute-environment/*",
    read_actions: &[],
    tag_actions: &["batch:TagResource"],
    untag_actions: &["batch:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("batch.amazonaws.com", "TagResource"),
    untag("batch.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("batch:UntagResource", Keyless::KeysRequired("tagKeys"))];
