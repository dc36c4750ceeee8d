//! `guardduty.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/guardduty/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "guardduty.amazonaws.com",
        "CreateThreatIntelSet",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "guardduty:threatintelset",
            locators: &[
                Locator {
                    path: "responseElements.threatIntelSetId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:guardduty:{region}:{account}:detector/{@requestParameters.detectorId}/threatintelset/{id}",
                },
            ],
        }],
    )
    .proven_by("guardduty/CreateThreatIntelSet-awsdocs-amazon-guardduty-user-guide-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "guardduty:threatintelset",
    arn_pattern: "arn:*:guardduty:*:*:detector/*/threatintelset/*",
    read_actions: &[],
    tag_actions: &["guardduty:TagResource"],
    untag_actions: &["guardduty:UntagResource"],
    tag_keys_condition: true,
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("guardduty.amazonaws.com", "TagResource"),
    untag("guardduty.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("guardduty:UntagResource", Keyless::KeysRequired("TagKeys"))];
