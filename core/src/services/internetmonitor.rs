//! `internetmonitor.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/internetmonitor/`.

use crate::services::row::{EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "internetmonitor.amazonaws.com",
    "CreateMonitor",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "internetmonitor:monitor",
        locators: &[
            at("responseElements.Arn", "{id}"),
            at(
                "requestParameters.MonitorName",
                "arn:{partition}:internetmonitor:{region}:{account}:monitor/{id}",
            ),
        ],
    }],
)
.proven_by("internetmonitor/CreateMonitor-adapted-awsdocs-amazon-cloudwatch-user-guide-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "internetmonitor:monitor",
    arn_pattern: "arn:*:internetmonitor:*:*:monitor/*",
    read_actions: &[],
    tag_actions: &["internetmonitor:TagResource"],
    untag_actions: &["internetmonitor:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("internetmonitor.amazonaws.com", "TagResource"),
    untag("internetmonitor.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "internetmonitor:UntagResource",
    Keyless::KeysRequired("TagKeys"),
)];
