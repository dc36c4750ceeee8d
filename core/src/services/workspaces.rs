//! `workspaces.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/workspaces/`.

use crate::services::row::{
    EventRow, ResourceSpec, Route, TagChangeRow, Target, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "workspaces.amazonaws.com",
    "CreateWorkspaces",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "workspaces:workspace",
        locators: &[at(
            "responseElements.pendingRequests[].workspaceId",
            "arn:{partition}:workspaces:{region}:{account}:workspace/{id}",
        )],
    }],
)
.proven_by("workspaces/CreateWorkspaces-constructed-1.json")
.when_available()];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "workspaces:workspace",
    arn_pattern: "arn:*:workspaces:*:*:workspace/*",
    read_actions: &[],
    tag_actions: &["workspaces:CreateTags"],
    untag_actions: &["workspaces:DeleteTags"],
    tag_keys_condition: true,
}];

const WORKSPACES: &[Target] = &[Target::ByPrefix {
    path: "requestParameters.resourceId",
    prefixes: &[(
        "ws-",
        "arn:{partition}:workspaces:{region}:{account}:workspace/{id}",
    )],
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("workspaces.amazonaws.com", "CreateTags").on(WORKSPACES),
    untag("workspaces.amazonaws.com", "DeleteTags").on(WORKSPACES),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("workspaces:DeleteTags", Keyless::KeysRequired("TagKeys"))];
