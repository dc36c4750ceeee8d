//! `glue.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/glue/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
    untaggable,
};
use crate::services::{Keyless, ResourceTypeIam, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "glue.amazonaws.com",
        "CreateConnection",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "glue:connection",
            locators: &[at(
                "requestParameters.connectionInput.name",
                "arn:{partition}:glue:{region}:{account}:connection/{id}",
            )],
        }],
    )
    .proven_by("glue/CreateConnection-awsdocs-aws-glue-developer-guide-1.json"),
    row(
        "glue.amazonaws.com",
        "CreateCrawler",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "glue:crawler",
            locators: &[
                Locator {
                    path: "requestParameters.name",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:glue:{region}:{account}:crawler/{id}",
                },
            ],
        }],
    )
    .proven_by("glue/CreateCrawler-constructed-1.json"),
    row(
        "glue.amazonaws.com",
        "CreateDatabase",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "glue:database",
            locators: &[
                Locator {
                    path: "requestParameters.databaseInput.name",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:glue:{region}:{account}:database/{id}",
                },
            ],
        }],
    )
    .proven_by("glue/CreateDatabase-constructed-1.json"),
    row(
        "glue.amazonaws.com",
        "CreateJob",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "glue:job",
            locators: &[
                Locator {
                    path: "requestParameters.name",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:glue:{region}:{account}:job/{id}",
                },
            ],
        }],
    )
    .proven_by("glue/CreateJob-constructed-1.json"),
    untaggable(
        "glue.amazonaws.com",
        "CreateTable",
        "Glue's TagResource takes no table ARN; a table's tags are not a Glue feature (its database, crawler and jobs carry them)",
    )
    .proven_by("glue/CreateTable-constructed-1.json"),
    row(
        "glue.amazonaws.com",
        "CreateTrigger",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "glue:trigger",
            locators: &[
                Locator {
                    path: "requestParameters.name",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:glue:{region}:{account}:trigger/{id}",
                },
            ],
        }],
    )
    .proven_by("glue/CreateTrigger-constructed-1.json"),
    row(
        "glue.amazonaws.com",
        "CreateWorkflow",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "glue:workflow",
            locators: &[
                Locator {
                    path: "requestParameters.name",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:glue:{region}:{account}:workflow/{id}",
                },
            ],
        }],
    )
    .proven_by("glue/CreateWorkflow-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "glue:job",
        arn_pattern: "arn:*:glue:*:*:job/*",
        read_actions: &[],
        tag_actions: &["glue:TagResource"],
        untag_actions: &["glue:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "glue:crawler",
        arn_pattern: "arn:*:glue:*:*:crawler/*",
        read_actions: &[],
        tag_actions: &["glue:TagResource"],
        untag_actions: &["glue:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "glue:database",
        arn_pattern: "arn:*:glue:*:*:database/*",
        read_actions: &[],
        tag_actions: &["glue:TagResource"],
        untag_actions: &["glue:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "glue:workflow",
        arn_pattern: "arn:*:glue:*:*:workflow/*",
        read_actions: &[],
        tag_actions: &["glue:TagResource"],
        untag_actions: &["glue:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "glue:trigger",
        arn_pattern: "arn:*:glue:*:*:trigger/*",
        read_actions: &[],
        tag_actions: &["glue:TagResource"],
        untag_actions: &["glue:UntagResource"],
        tag_keys_condition: true,
    },
    tagged_by(
        "glue:connection",
        "arn:*:glue:*:*:connection/*",
        &["glue:TagResource"],
        &["glue:UntagResource"],
    ),
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("glue.amazonaws.com", "TagResource"),
    untag("glue.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("glue:UntagResource", Keyless::KeysRequired("TagsToRemove"))];
