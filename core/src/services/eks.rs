//! `eks.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/eks/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "eks.amazonaws.com",
        "CreateAddon",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "eks:addon",
            locators: &[Locator {
                path: "responseElements.addon.addonArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("eks/CreateAddon-constructed-1.json"),
    row(
        "eks.amazonaws.com",
        "CreateCluster",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "eks:cluster",
            locators: &[
                at("responseElements.cluster.arn", "{id}"),
                at(
                    "requestParameters.name",
                    "arn:{partition}:eks:{region}:{account}:cluster/{id}",
                ),
            ],
        }],
    )
    .proven_by("eks/CreateCluster-vikyol-aws-tags-1.json"),
    row(
        "eks.amazonaws.com",
        "CreateFargateProfile",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "eks:fargateprofile",
            locators: &[Locator {
                path: "responseElements.fargateProfile.fargateProfileArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("eks/CreateFargateProfile-constructed-1.json"),
    row(
        "eks.amazonaws.com",
        "CreateNodegroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "eks:nodegroup",
            locators: &[Locator {
                path: "responseElements.nodegroup.nodegroupArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("eks/CreateNodegroup-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "eks:nodegroup",
        arn_pattern: "arn:*:eks:*:*:nodegroup/*/*/*",
        read_actions: &[],
        tag_actions: &["eks:TagResource"],
        untag_actions: &["eks:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "eks:fargateprofile",
        arn_pattern: "arn:*:eks:*:*:fargateprofile/*/*/*",
        read_actions: &[],
        tag_actions: &["eks:TagResource"],
        untag_actions: &["eks:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "eks:addon",
        arn_pattern: "arn:*:eks:*:*:addon/*/*/*",
        read_actions: &[],
        tag_actions: &["eks:TagResource"],
        untag_actions: &["eks:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "eks:cluster",
        arn_pattern: "arn:*:eks:*:*:cluster/*",
        read_actions: &[],
        tag_actions: &["eks:TagResource"],
        untag_actions: &["eks:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("eks.amazonaws.com", "TagResource"),
    untag("eks.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("eks:UntagResource", Keyless::KeysRequired("tagKeys"))];
