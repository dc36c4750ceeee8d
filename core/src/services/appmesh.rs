//! `appmesh.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/appmesh/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "appmesh.amazonaws.com",
        "CreateMesh",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "appmesh:mesh",
            locators: &[
                at("responseElements.mesh.metadata.arn", "{id}"),
                at("requestParameters.meshName", "arn:{partition}:appmesh:{region}:{account}:mesh/{id}"),
            ],
        }],
    )
    .proven_by("appmesh/CreateMesh-adapted-cloud-custodian-1.json"),
    row(
        "appmesh.amazonaws.com",
        "CreateVirtualGateway",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "appmesh:virtualGateway",
            locators: &[
                at("responseElements.virtualGateway.metadata.arn", "{id}"),
                at(
                    "requestParameters.virtualGatewayName",
                    "arn:{partition}:appmesh:{region}:{account}:mesh/{@requestParameters.meshName}/virtualGateway/{id}",
                ),
            ],
        }],
    )
    .proven_by("appmesh/CreateVirtualGateway-adapted-cloud-custodian-1.json"),
    row(
        "appmesh.amazonaws.com",
        "CreateVirtualNode",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "appmesh:virtualNode",
            locators: &[
                Locator {
                    path: "responseElements.virtualNode.metadata.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at("requestParameters.virtualNodeName", "arn:{partition}:appmesh:{region}:{account}:mesh/{@requestParameters.meshName}/virtualNode/{id}"),
            ],
        }],
    )
    .proven_by("appmesh/CreateVirtualNode-cloud-custodian-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "appmesh:virtualNode",
        arn_pattern: "arn:*:appmesh:*:*:mesh/*/virtualNode/*",
        read_actions: &[],
        tag_actions: &["appmesh:TagResource"],
        untag_actions: &["appmesh:UntagResource"],
        tag_keys_condition: true,
    },
    tagged_by(
        "appmesh:mesh",
        "arn:*:appmesh:*:*:mesh/*",
        &["appmesh:TagResource"],
        &["appmesh:UntagResource"],
    ),
    tagged_by(
        "appmesh:virtualGateway",
        "arn:*:appmesh:*:*:mesh/*/virtualGateway/*",
        &["appmesh:TagResource"],
        &["appmesh:UntagResource"],
    ),
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("appmesh.amazonaws.com", "TagResource"),
    untag("appmesh.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("appmesh:UntagResource", Keyless::KeysRequired("tagKeys"))];
