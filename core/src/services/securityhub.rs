//! `securityhub.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/securityhub/`.

use crate::services::ResourceTypeIam;
use crate::services::row::{
    EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag, untaggable,
};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    untaggable(
        "securityhub.amazonaws.com",
        "CreateInsight",
        "Security Hub insights cannot carry tags; only the hub, automation rules and configuration policies can",
    )
    .proven_by("securityhub/CreateInsight-panther-analysis-1.json"),
    row(
        "securityhub.amazonaws.com",
        "EnableSecurityHub",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "securityhub:hub",
            // The response is empty and the hub has no id of its own: one `hub/default` per
            // account and region. The locator only has to find the record's account.
            locators: &[at(
                "recipientAccountId",
                "arn:{partition}:securityhub:{region}:{account}:hub/default",
            )],
        }],
    )
    .proven_by("securityhub/EnableSecurityHub-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "securityhub:hub",
    arn_pattern: "arn:*:securityhub:*:*:hub/default",
    read_actions: &[],
    tag_actions: &["securityhub:TagResource"],
    untag_actions: &["securityhub:UntagResource"],
    tag_keys_condition: false,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("securityhub.amazonaws.com", "TagResource"),
    untag("securityhub.amazonaws.com", "UntagResource"),
];
