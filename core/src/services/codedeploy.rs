//! `codedeploy.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/codedeploy/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "codedeploy.amazonaws.com",
        "CreateApplication",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "codedeploy:application",
            locators: &[at("requestParameters.applicationName", "arn:{partition}:codedeploy:{region}:{account}:application:{id}")],
        }],
    )
    .proven_by("codedeploy/CreateApplication-constructed-1.json"),
    row(
        "codedeploy.amazonaws.com",
        "CreateDeploymentGroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "codedeploy:deploymentgroup",
            locators: &[
                Locator {
                    path: "requestParameters.deploymentGroupName",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:codedeploy:{region}:{account}:deploymentgroup:{@requestParameters.applicationName}/{id}",
                },
            ],
        }],
    )
    .proven_by("codedeploy/CreateDeploymentGroup-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "codedeploy:deploymentgroup",
        arn_pattern: "arn:*:codedeploy:*:*:deploymentgroup:*/*",
        read_actions: &[],
        tag_actions: &["codedeploy:TagResource"],
        untag_actions: &["codedeploy:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "codedeploy:application",
        arn_pattern: "arn:*:codedeploy:*:*:application:*",
        read_actions: &[],
        tag_actions: &["codedeploy:TagResource"],
        untag_actions: &["codedeploy:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("codedeploy.amazonaws.com", "TagResource"),
    untag("codedeploy.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("codedeploy:UntagResource", Keyless::KeysRequired("TagKeys"))];
