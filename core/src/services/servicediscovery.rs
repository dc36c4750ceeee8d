//! `servicediscovery.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/servicediscovery/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "servicediscovery.amazonaws.com",
        "CreateHttpNamespace",
        Route::CloudMap,
        &[ResourceSpec {
            resource_type: "servicediscovery:namespace",
            locators: &[at(
                "responseElements.operationId",
                "arn:{partition}:servicediscovery:{region}:{account}:namespace/{id}",
            )],
        }],
    )
    .proven_by("servicediscovery/CreateHttpNamespace-constructed-1.json")
    .when_available(),
    row(
        "servicediscovery.amazonaws.com",
        "CreatePrivateDnsNamespace",
        Route::CloudMap,
        &[ResourceSpec {
            resource_type: "servicediscovery:namespace",
            locators: &[at(
                "responseElements.operationId",
                "arn:{partition}:servicediscovery:{region}:{account}:namespace/{id}",
            )],
        }],
    )
    .proven_by("servicediscovery/CreatePrivateDnsNamespace-constructed-1.json")
    .when_available(),
    row(
        "servicediscovery.amazonaws.com",
        "CreatePublicDnsNamespace",
        Route::CloudMap,
        &[ResourceSpec {
            resource_type: "servicediscovery:namespace",
            locators: &[at(
                "responseElements.operationId",
                "arn:{partition}:servicediscovery:{region}:{account}:namespace/{id}",
            )],
        }],
    )
    .proven_by("servicediscovery/CreatePublicDnsNamespace-constructed-1.json")
    .when_available(),
    row(
        "servicediscovery.amazonaws.com",
        "CreateService",
        Route::CloudMap,
        &[ResourceSpec {
            resource_type: "servicediscovery:service",
            locators: &[at("responseElements.service.arn", "{id}")],
        }],
    )
    .proven_by("servicediscovery/CreateService-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "servicediscovery:namespace",
        arn_pattern: "arn:*:servicediscovery:*:*:namespace/*",
        read_actions: &[],
        tag_actions: &["servicediscovery:TagResource"],
        untag_actions: &["servicediscovery:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "servicediscovery:service",
        arn_pattern: "arn:*:servicediscovery:*:*:service/*",
        read_actions: &[],
        tag_actions: &["servicediscovery:TagResource"],
        untag_actions: &["servicediscovery:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("servicediscovery.amazonaws.com", "TagResource"),
    untag("servicediscovery.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "servicediscovery:UntagResource",
    Keyless::KeysRequired("TagKeys"),
)];
