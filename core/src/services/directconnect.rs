//! `directconnect.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/directconnect/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "directconnect.amazonaws.com",
        "CreateConnection",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "directconnect:dxcon",
            locators: &[Locator {
                path: "responseElements.connectionId",
                transform: Transform::AsIs,
                arn: "arn:{partition}:directconnect:{region}:{account}:dxcon/{id}",
            }],
        }],
    )
    .proven_by("directconnect/CreateConnection-constructed-1.json"),
    row(
        "directconnect.amazonaws.com",
        "CreateDirectConnectGateway",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "directconnect:dx-gateway",
            locators: &[at(
                "responseElements.directConnectGateway.directConnectGatewayId",
                "arn:{partition}:directconnect::{account}:dx-gateway/{id}",
            )],
        }],
    )
    .proven_by("directconnect/CreateDirectConnectGateway-constructed-1.json"),
    row(
        "directconnect.amazonaws.com",
        "CreateLag",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "directconnect:dxlag",
            locators: &[Locator {
                path: "responseElements.lagId",
                transform: Transform::AsIs,
                arn: "arn:{partition}:directconnect:{region}:{account}:dxlag/{id}",
            }],
        }],
    )
    .proven_by("directconnect/CreateLag-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "directconnect:dxcon",
        arn_pattern: "arn:*:directconnect:*:*:dxcon/*",
        read_actions: &[],
        tag_actions: &["directconnect:TagResource"],
        untag_actions: &["directconnect:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "directconnect:dxlag",
        arn_pattern: "arn:*:directconnect:*:*:dxlag/*",
        read_actions: &[],
        tag_actions: &["directconnect:TagResource"],
        untag_actions: &["directconnect:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "directconnect:dx-gateway",
        arn_pattern: "arn:*:directconnect::*:dx-gateway/*",
        read_actions: &[],
        tag_actions: &["directconnect:TagResource"],
        untag_actions: &["directconnect:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("directconnect.amazonaws.com", "TagResource"),
    untag("directconnect.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "directconnect:UntagResource",
    Keyless::KeysRequired("tagKeys"),
)];
