//! `transfer.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/transfer/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "transfer.amazonaws.com",
        "CreateConnector",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "transfer:connector",
            locators: &[at("responseElements.connectorId", "arn:{partition}:transfer:{region}:{account}:connector/{id}")],
        }],
    )
    .proven_by("transfer/CreateConnector-constructed-1.json"),
    row(
        "transfer.amazonaws.com",
        "CreateServer",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "transfer:server",
            locators: &[
                Locator {
                    path: "responseElements.serverId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:transfer:{region}:{account}:server/{id}",
                },
            ],
        }],
    )
    .proven_by("transfer/CreateServer-constructed-1.json"),
    row(
        "transfer.amazonaws.com",
        "CreateUser",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "transfer:user",
            locators: &[
                Locator {
                    path: "responseElements.userName",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:transfer:{region}:{account}:user/{@responseElements.serverId}/{id}",
                },
                at("requestParameters.userName", "arn:{partition}:transfer:{region}:{account}:user/{@requestParameters.serverId}/{id}"),
            ],
        }],
    )
    .proven_by("transfer/CreateUser-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "transfer:user",
        arn_pattern: "arn:*:transfer:*:*:user/*/*",
        read_actions: &[],
        tag_actions: &["transfer:TagResource"],
        untag_actions: &["transfer:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "transfer:server",
        arn_pattern: "arn:*:transfer:*:*:server/*",
        read_actions: &[],
        tag_actions: &["transfer:TagResource"],
        untag_actions: &["transfer:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "transfer:connector",
        arn_pattern: "arn:*:transfer:*:*:connector/*",
        read_actions: &[],
        tag_actions: &["transfer:TagResource"],
        untag_actions: &["transfer:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("transfer.amazonaws.com", "TagResource"),
    untag("transfer.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("transfer:UntagResource", Keyless::KeysRequired("TagKeys"))];
