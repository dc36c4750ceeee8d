//! `deadline.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/deadline/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "deadline.amazonaws.com",
        "CreateFarm",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "deadline:farm",
            locators: &[at("responseElements.farmId", "arn:{partition}:deadline:{region}:{account}:farm/{id}")],
        }],
    )
    .proven_by("deadline/CreateFarm-constructed-1.json"),
    row(
        "deadline.amazonaws.com",
        "CreateFleet",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "deadline:fleet",
            locators: &[at("responseElements.fleetId", "arn:{partition}:deadline:{region}:{account}:farm/{@requestParameters.farmId}/fleet/{id}")],
        }],
    )
    .proven_by("deadline/CreateFleet-constructed-1.json"),
    row(
        "deadline.amazonaws.com",
        "CreateQueue",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "deadline:queue",
            locators: &[at("responseElements.queueId", "arn:{partition}:deadline:{region}:{account}:farm/{@requestParameters.farmId}/queue/{id}")],
        }],
    )
    .proven_by("deadline/CreateQueue-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "deadline:farm",
        arn_pattern: "arn:*:deadline:*:*:farm/*",
        read_actions: &[],
        tag_actions: &["deadline:TagResource"],
        untag_actions: &["deadline:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "deadline:fleet",
        arn_pattern: "arn:*:deadline:*:*:farm/*/fleet/*",
        read_actions: &[],
        tag_actions: &["deadline:TagResource"],
        untag_actions: &["deadline:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "deadline:queue",
        arn_pattern: "arn:*:deadline:*:*:farm/*/queue/*",
        read_actions: &[],
        tag_actions: &["deadline:TagResource"],
        untag_actions: &["deadline:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("deadline.amazonaws.com", "TagResource"),
    untag("deadline.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("deadline:UntagResource", Keyless::KeysRequired("tagKeys"))];
