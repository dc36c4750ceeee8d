//! `elasticloadbalancing.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/elasticloadbalancing/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
    untaggable,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "elasticloadbalancing.amazonaws.com",
        "CreateLoadBalancer",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticloadbalancing:loadbalancer",
            locators: &[
                at("responseElements.loadBalancers[].loadBalancerArn", "{id}"),
                at(
                    "requestParameters.loadBalancerName",
                    "arn:{partition}:elasticloadbalancing:{region}:{account}:loadbalancer/{id}",
                ),
            ],
        }],
    )
    .proven_by("elasticloadbalancing/CreateLoadBalancer-vikyol-aws-tags-1.json"),
    untaggable(
        "elasticloadbalancing.amazonaws.com",
        "CreateLoadBalancerPolicy",
        "classic elb policies are sub-objects of a load balancer and cannot carry tags.",
    )
    .proven_by("elasticloadbalancing/CreateLoadBalancerPolicy-cloud-custodian-1.json"),
    row(
        "elasticloadbalancing.amazonaws.com",
        "CreateTargetGroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticloadbalancing:targetgroup",
            locators: &[Locator {
                path: "responseElements.targetGroups[].targetGroupArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("elasticloadbalancing/CreateTargetGroup-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "elasticloadbalancing:targetgroup",
        arn_pattern: "arn:*:elasticloadbalancing:*:*:targetgroup/*/*",
        read_actions: &[],
        tag_actions: &["elasticloadbalancing:AddTags"],
        untag_actions: &["elasticloadbalancing:RemoveTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "elasticloadbalancing:loadbalancer",
        arn_pattern: "arn:*:elasticloadbalancing:*:*:loadbalancer/*",
        read_actions: &[],
        tag_actions: &["elasticloadbalancing:AddTags"],
        untag_actions: &["elasticloadbalancing:RemoveTags"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("elasticloadbalancing.amazonaws.com", "AddTags"),
    untag("elasticloadbalancing.amazonaws.com", "RemoveTags"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "elasticloadbalancing:RemoveTags",
    Keyless::KeysRequired("Tags (Classic), TagKeys (v2)"),
)];
