//! `network-firewall.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/network-firewall/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "network-firewall.amazonaws.com",
        "CreateFirewall",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "network-firewall:Firewall",
            locators: &[
                Locator {
                    path: "responseElements.firewall.firewallArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at(
                    "requestParameters.firewallName",
                    "arn:{partition}:network-firewall:{region}:{account}:firewall/{id}",
                ),
            ],
        }],
    )
    .proven_by("network-firewall/CreateFirewall-constructed-1.json"),
    row(
        "network-firewall.amazonaws.com",
        "CreateFirewallPolicy",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "network-firewall:FirewallPolicy",
            locators: &[
                Locator {
                    path: "responseElements.firewallPolicyResponse.firewallPolicyArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at(
                    "requestParameters.firewallPolicyName",
                    "arn:{partition}:network-firewall:{region}:{account}:firewall-policy/{id}",
                ),
            ],
        }],
    )
    .proven_by("network-firewall/CreateFirewallPolicy-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "network-firewall:Firewall",
        arn_pattern: "arn:*:network-firewall:*:*:firewall/*",
        read_actions: &[],
        tag_actions: &["network-firewall:TagResource"],
        untag_actions: &["network-firewall:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "network-firewall:FirewallPolicy",
        arn_pattern: "arn:*:network-firewall:*:*:firewall-policy/*",
        read_actions: &[],
        tag_actions: &["network-firewall:TagResource"],
        untag_actions: &["network-firewall:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("network-firewall.amazonaws.com", "TagResource"),
    untag("network-firewall.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "network-firewall:UntagResource",
    Keyless::KeysRequired("TagKeys"),
)];
