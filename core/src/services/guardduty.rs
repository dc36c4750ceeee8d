//! `guardduty.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/guardduty/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, row};
use crate::services::ResourceTypeIam;

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
