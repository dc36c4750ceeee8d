//! `redshift-serverless.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/redshift-serverless/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "redshift-serverless.amazonaws.com",
        "CreateNamespace",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "redshift-serverless:namespace",
            locators: &[Locator {
                path: "responseElements.namespace.namespaceArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("redshift-serverless/CreateNamespace-constructed-1.json"),
    row(
        "redshift-serverless.amazonaws.com",
        "CreateSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "redshift-serverless:snapshot",
            locators: &[at("responseElements.snapshot.snapshotArn", "{id}")],
        }],
    )
    .proven_by("redshift-serverless/CreateSnapshot-constructed-1.json")
    .when_available(),
    row(
        "redshift-serverless.amazonaws.com",
        "CreateWorkgroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "redshift-serverless:workgroup",
            locators: &[Locator {
                path: "responseElements.workgroup.workgroupArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("redshift-serverless/CreateWorkgroup-constructed-1.json")
    .when_available(),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "redshift-serverless:workgroup",
        arn_pattern: "arn:*:redshift-serverless:*:*:workgroup/*",
        read_actions: &[],
        tag_actions: &["redshift-serverless:TagResource"],
        untag_actions: &["redshift-serverless:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "redshift-serverless:namespace",
        arn_pattern: "arn:*:redshift-serverless:*:*:namespace/*",
        read_actions: &[],
        tag_actions: &["redshift-serverless:TagResource"],
        untag_actions: &["redshift-serverless:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "redshift-serverless:snapshot",
        arn_pattern: "arn:*:redshift-serverless:*:*:snapshot/*",
        read_actions: &[],
        tag_actions: &["redshift-serverless:TagResource"],
        untag_actions: &["redshift-serverless:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("redshift-serverless.amazonaws.com", "TagResource"),
    untag("redshift-serverless.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "redshift-serverless:UntagResource",
    Keyless::KeysRequired("tagKeys"),
)];
