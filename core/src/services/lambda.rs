//! `lambda.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/lambda/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row, untaggable};
use crate::services::{ResourceTypeIam, tagged_by};

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
