//! `ecs.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/ecs/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "ecs.amazonaws.com",
        "CreateCapacityProvider",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ecs:capacity-provider",
            locators: &[
                at(
                    "responseElements.capacityProvider.capacityProviderArn",
                    "{id}",
                ),
                at(
                    "requestParameters.name",
                    "arn:{partition}:ecs:{region}:{account}:capacity-provider/{id}",
                ),
            ],
        }],
    )
    .proven_by("ecs/CreateCapacityProvider-constructed-1.json"),
    row(
        "ecs.amazonaws.com",
        "CreateCluster",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ecs:cluster",
            locators: &[
                at("responseElements.cluster.clusterArn", "{id}"),
                at(
                    "requestParameters.clusterName",
                    "arn:{partition}:ecs:{region}:{account}:cluster/{id}",
                ),
            ],
        }],
    )
    .proven_by("ecs/CreateCluster-awsdocs-amazon-ecs-developer-guide-1.json"),
    row(
        "ecs.amazonaws.com",
        "CreateService",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ecs:service",
            locators: &[Locator {
                path: "responseElements.service.serviceArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("ecs/CreateService-constructed-1.json"),
    row(
        "ecs.amazonaws.com",
        "CreateTaskSet",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ecs:task-set",
            locators: &[at("responseElements.taskSet.taskSetArn", "{id}")],
        }],
    )
    .proven_by("ecs/CreateTaskSet-constructed-1.json"),
    row(
        "ecs.amazonaws.com",
        "RunTask",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ecs:task",
            locators: &[at("responseElements.tasks[].taskArn", "{id}")],
        }],
    )
    .proven_by("ecs/RunTask-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "ecs:service",
        arn_pattern: "arn:*:ecs:*:*:service/*/*",
        read_actions: &[],
        tag_actions: &["ecs:TagResource"],
        untag_actions: &["ecs:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "ecs:cluster",
        arn_pattern: "arn:*:ecs:*:*:cluster/*",
        read_actions: &[],
        tag_actions: &["ecs:TagResource"],
        untag_actions: &["ecs:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "ecs:capacity-provider",
        arn_pattern: "arn:*:ecs:*:*:capacity-provider/*",
        read_actions: &[],
        tag_actions: &["ecs:TagResource"],
        untag_actions: &["ecs:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "ecs:task-set",
        arn_pattern: "arn:*:ecs:*:*:task-set/*",
        read_actions: &[],
        tag_actions: &["ecs:TagResource"],
        untag_actions: &["ecs:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "ecs:task",
        arn_pattern: "arn:*:ecs:*:*:task/*",
        read_actions: &[],
        tag_actions: &["ecs:TagResource"],
        untag_actions: &["ecs:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("ecs.amazonaws.com", "TagResource"),
    untag("ecs.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("ecs:UntagResource", Keyless::KeysRequired("tagKeys"))];
