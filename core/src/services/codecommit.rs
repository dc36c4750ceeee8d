//! `codecommit.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/codecommit/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "codecommit.amazonaws.com",
    "CreateRepository",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "codecommit:repository",
        locators: &[
            at("responseElements.repositoryMetadata.arn", "{id}"),
            at(
                "requestParameters.repositoryName",
                "arn:{partition}:codecommit:{region}:{account}:{id}",
            ),
        ],
    }],
)
.proven_by("codecommit/CreateRepository-awsdocs-aws-codecommit-user-guide-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "codecommit:repository",
    arn_pattern: "arn:*:codecommit:*:*:*",
    read_actions: &[],
    tag_actions: &["codecommit:TagResource"],
    untag_actions: &["codecommit:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("codecommit.amazonaws.com", "TagResource"),
    untag("codecommit.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("codecommit:UntagResource", Keyless::KeysRequired("tagKeys"))];
