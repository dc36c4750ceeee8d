//! `comprehend.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/comprehend/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "comprehend.amazonaws.com",
        "CreateDocumentClassifier",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "comprehend:document-classifier",
            locators: &[Locator {
                path: "responseElements.documentClassifierArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("comprehend/CreateDocumentClassifier-constructed-1.json"),
    row(
        "comprehend.amazonaws.com",
        "CreateEntityRecognizer",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "comprehend:entity-recognizer",
            locators: &[Locator {
                path: "responseElements.entityRecognizerArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("comprehend/CreateEntityRecognizer-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "comprehend:document-classifier",
        arn_pattern: "arn:*:comprehend:*:*:document-classifier/*",
        read_actions: &[],
        tag_actions: &["comprehend:TagResource"],
        untag_actions: &["comprehend:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "comprehend:entity-recognizer",
        arn_pattern: "arn:*:comprehend:*:*:entity-recognizer/*",
        read_actions: &[],
        tag_actions: &["comprehend:TagResource"],
        untag_actions: &["comprehend:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("comprehend.amazonaws.com", "TagResource"),
    untag("comprehend.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("comprehend:UntagResource", Keyless::KeysRequired("TagKeys"))];
