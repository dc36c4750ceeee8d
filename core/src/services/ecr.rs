//! `ecr.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/ecr/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam, read_by, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "ecr.amazonaws.com",
    "CreateRepository",
    Route::Ecr,
    &[ResourceSpec {
        resource_type: "ecr:repository",
        locators: &[
            at("responseElements.repository.repositoryArn", "{id}"),
            at(
                "requestParameters.repositoryName",
                "arn:{partition}:ecr:{region}:{account}:repository/{id}",
            ),
        ],
    }],
)
.proven_by("ecr/CreateRepository-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[read_by(
    tagged_by(
        "ecr:repository",
        "arn:*:ecr:*:*:repository/*",
        &["ecr:TagResource"],
        &["ecr:UntagResource"],
    ),
    // The image pushes the hub compares with their repository's tags (`crate::ecr::push`):
    // the manifest (`BatchGetImage`), then the config blob's download URL
    // (`GetDownloadUrlForLayer`,
    // <https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetDownloadUrlForLayer.html>).
    &[
        "ecr:ListTagsForResource",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
    ],
)];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("ecr.amazonaws.com", "TagResource"),
    untag("ecr.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("ecr:UntagResource", Keyless::KeysRequired("tagKeys"))];
