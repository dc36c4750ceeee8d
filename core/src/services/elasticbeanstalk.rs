//! `elasticbeanstalk.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/elasticbeanstalk/`.

use crate::services::row::{EventRow, ResourceSpec, Route, at, row};
use crate::services::{Keyless, ResourceTypeIam};

/// Why its tag changes are not read: its one tag call, `UpdateTagsForResource`, adds and removes in
/// the same request, which no single `Change` describes.
pub static TAG_CHANGES_NOT_READ: &str = "its one tag call, `UpdateTagsForResource`, adds and removes in the \
     same request, which no single `Change` describes";

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "elasticbeanstalk.amazonaws.com",
        "CreateApplication",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticbeanstalk:application",
            locators: &[
                at("responseElements.application.applicationArn", "{id}"),
                at("requestParameters.applicationName", "arn:{partition}:elasticbeanstalk:{region}:{account}:application/{id}"),
            ],
        }],
    )
    .proven_by("elasticbeanstalk/CreateApplication-constructed-1.json"),
    row(
        "elasticbeanstalk.amazonaws.com",
        "CreateEnvironment",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticbeanstalk:environment",
            locators: &[
                at("responseElements.environmentArn", "{id}"),
                at("requestParameters.environmentName", "arn:{partition}:elasticbeanstalk:{region}:{account}:environment/{@requestParameters.applicationName}/{id}"),
            ],
        }],
    )
    .proven_by("elasticbeanstalk/CreateEnvironment-constructed-1.json")
    .when_available(),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "elasticbeanstalk:application",
        arn_pattern: "arn:*:elasticbeanstalk:*:*:application/*",
        read_actions: &[],
        tag_actions: &["elasticbeanstalk:AddTags"],
        untag_actions: &["elasticbeanstalk:RemoveTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "elasticbeanstalk:environment",
        arn_pattern: "arn:*:elasticbeanstalk:*:*:environment/*",
        read_actions: &[],
        tag_actions: &["elasticbeanstalk:AddTags"],
        untag_actions: &["elasticbeanstalk:RemoveTags"],
        tag_keys_condition: true,
    },
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[
    // The permission `UpdateTagsForResource` checks for its `TagsToRemove`, which only ever
    // removes the keys it lists.
    (
        "elasticbeanstalk:RemoveTags",
        Keyless::RemovesNothing("TagsToRemove"),
    ),
];
