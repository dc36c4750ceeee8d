//! `firehose.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/firehose/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Target, Transform, by, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

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

const FIREHOSE: &[Target] = &by(
    "requestParameters.deliveryStreamName",
    "arn:{partition}:firehose:{region}:{account}:deliverystream/{id}",
);

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("firehose.amazonaws.com", "TagDeliveryStream").on(FIREHOSE),
    untag("firehose.amazonaws.com", "UntagDeliveryStream").on(FIREHOSE),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "firehose:UntagDeliveryStream",
    Keyless::KeysRequired("TagKeys"),
)];
