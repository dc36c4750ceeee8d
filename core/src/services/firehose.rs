//! `firehose.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/firehose/`.

use crate::services::row::{EventRow, Locator, ResourceSpec, Route, Transform, row};
use crate::services::ResourceTypeIam;

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[row(
    "firehose.amazonaws.com",
    "CreateDeliveryStream",
    Route::TaggingApi,
    &[ResourceSpec {
        resource_type: "firehose:deliverystream",
        locators: &[
            Locator {
                path: "responseElements.deliveryStreamARN",
                transform: Transform::AsIs,
                arn: "{id}",
            },
            Locator {
                path: "requestParameters.deliveryStreamName",
                transform: Transform::AsIs,
                arn: "arn:{partition}:firehose:{region}:{account}:deliverystream/{id}",
            },
        ],
    }],
)
.proven_by("firehose/CreateDeliveryStream-constructed-1.json")];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[ResourceTypeIam {
    resource_type: "firehose:deliverystream",
    arn_pattern: "arn:*:firehose:*:*:deliverystream/*",
    read_actions: &[],
    tag_actions: &["firehose:TagDeliveryStream"],
    untag_actions: &["firehose:UntagDeliveryStream"],
    tag_keys_condition: true,
}];
