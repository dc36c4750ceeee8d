//! `wafv2.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/wafv2/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "wafv2.amazonaws.com",
        "CreateIPSet",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "wafv2:ipset",
            locators: &[Locator {
                path: "responseElements.summary.aRN",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("wafv2/CreateIPSet-constructed-1.json"),
    row(
        "wafv2.amazonaws.com",
        "CreateWebACL",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "wafv2:webacl",
            locators: &[Locator {
                path: "responseElements.summary.aRN",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("wafv2/CreateWebACL-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "wafv2:webacl",
        arn_pattern: "arn:*:wafv2:*:*:*/webacl/*/*",
        read_actions: &[],
        tag_actions: &["wafv2:TagResource"],
        untag_actions: &["wafv2:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "wafv2:ipset",
        arn_pattern: "arn:*:wafv2:*:*:*/ipset/*/*",
        read_actions: &[],
        tag_actions: &["wafv2:TagResource"],
        untag_actions: &["wafv2:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("wafv2.amazonaws.com", "TagResource"),
    untag("wafv2.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("wafv2:UntagResource", Keyless::KeysRequired("TagKeys"))];
