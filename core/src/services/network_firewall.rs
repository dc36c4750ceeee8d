//! `network-firewall.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/network-firewall/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, at, row};
use crate::services::ResourceTypeIam;

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
