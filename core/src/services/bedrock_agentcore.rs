//! `bedrock-agentcore.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/bedrock-agentcore/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "bedrock-agentcore.amazonaws.com",
        "CreateAgentRuntime",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "bedrock-agentcore:runtime",
            locators: &[at("responseElements.agentRuntimeArn", "{id}")],
        }],
    )
    .proven_by("bedrock-agentcore/CreateAgentRuntime-constructed-1.json")
    .when_available(),
    row(
        "bedrock-agentcore.amazonaws.com",
        "CreateMemory",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "bedrock-agentcore:memory",
            locators: &[at("responseElements.memory.arn", "{id}")],
        }],
    )
    .proven_by("bedrock-agentcore/CreateMemory-constructed-1.json")
    .when_available(),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "bedrock-agentcore:runtime",
        arn_pattern: "arn:*:bedrock-agentcore:*:*:runtime/*",
        read_actions: &[],
        tag_actions: &["bedrock-agentcore:TagResource"],
        untag_actions: &["bedrock-agentcore:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock-agentcore:memory",
        arn_pattern: "arn:*:bedrock-agentcore:*:*:memory/*",
        read_actions: &[],
        tag_actions: &["bedrock-agentcore:TagResource"],
        untag_actions: &["bedrock-agentcore:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("bedrock-agentcore.amazonaws.com", "TagResource"),
    untag("bedrock-agentcore.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "bedrock-agentcore:UntagResource",
    Keyless::KeysRequired("tagKeys"),
)];
