//! `kinesisanalytics.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/kinesisanalytics/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, at, row};
use crate::services::ResourceTypeIam;

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "kinesisanalytics.amazonaws.com",
    "CreateApplication",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "kinesisanalytics:application",
        locators: &[
            Locator {
                path: "responseElements.applicationDetail.applicationARN",
                transform: Transform::AsIs,
                arn: "{id}",
            },
            at(
                "requestParameters.applicationName",
                "arn:{partition}:kinesisanalytics:{region}:{account}:application/{id}",
            ),
        ],
    }],
)
.proven_by("kinesisanalytics/CreateApplication-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "kinesisanalytics:application",
    arn_pattern: "arn:*:kinesisanalytics:*:*:application/*",
    read_actions: &[],
    tag_actions: &["kinesisanalytics:TagResource"],
    untag_actions: &["kinesisanalytics:UntagResource"],
    tag_keys_condition: true,
}];
