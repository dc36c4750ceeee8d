//! `lambda.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/lambda/`.

use crate::services::row::{
    EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag, untaggable,
};
use crate::services::{Keyless, ResourceTypeIam, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    untaggable(
        "lambda.amazonaws.com",
        "CreateAlias20150331",
        "lambda aliases cannot carry tags; their function does",
    )
    .proven_by("lambda/CreateAlias20150331-constructed-1.json"),
    row(
        "lambda.amazonaws.com",
        "CreateFunction20150331",
        Route::TaggingApi,
        LAMBDA_FUNCTION,
    )
    .proven_by("lambda/CreateFunction20150331-invictus-aws_dataset-1.json"),
    untaggable(
        "lambda.amazonaws.com",
        "PublishLayerVersion20181031",
        "lambda layers and layer versions cannot carry tags",
    )
    .proven_by("lambda/PublishLayerVersion20181031-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[tagged_by(
    "lambda:function",
    "arn:*:lambda:*:*:function:*",
    &["lambda:TagResource"],
    &["lambda:UntagResource"],
)];

const LAMBDA_FUNCTION: &[ResourceSpec] = &[ResourceSpec {
    resource_type: "lambda:function",
    locators: &[
        at("responseElements.functionArn", "{id}"),
        at(
            "requestParameters.functionName",
            "arn:{partition}:lambda:{region}:{account}:function:{id}",
        ),
    ],
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("lambda.amazonaws.com", "TagResource20170331v2"),
    untag("lambda.amazonaws.com", "UntagResource20170331v2"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("lambda:UntagResource", Keyless::KeysRequired("TagKeys"))];
