//! `cloudformation.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/cloudformation/`.

use crate::services::ResourceTypeIam;
use crate::services::row::{EventRow, ResourceSpec, Route, at, row};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "cloudformation.amazonaws.com",
        "CreateStack",
        Route::Ledger,
        &[ResourceSpec {
            resource_type: "cloudformation:stack",
            locators: &[at("responseElements.stackId", "{id}")],
        }],
    )
    .proven_by("cloudformation/CreateStack-constructed-1.json"),
    row(
        "cloudformation.amazonaws.com",
        "CreateStackSet",
        Route::Ledger,
        &[ResourceSpec {
            resource_type: "cloudformation:stackset",
            locators: &[at(
                "responseElements.stackSetId",
                "arn:{partition}:cloudformation:{region}:{account}:stackset/{id}",
            )],
        }],
    )
    .proven_by("cloudformation/CreateStackSet-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    // Stamped in the hub's ledger, never tagged: no spoke permission, nothing for the SCP.
    ResourceTypeIam {
        resource_type: "cloudformation:stack",
        arn_pattern: "arn:*:cloudformation:*:*:stack/*",
        read_actions: &[],
        tag_actions: &[],
        untag_actions: &[],
        tag_keys_condition: false,
    },
    ResourceTypeIam {
        resource_type: "cloudformation:stackset",
        arn_pattern: "arn:*:cloudformation:*:*:stackset/*",
        read_actions: &[],
        tag_actions: &[],
        untag_actions: &[],
        tag_keys_condition: false,
    },
];
