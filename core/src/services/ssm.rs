//! `ssm.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/ssm/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Target, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam, tagged_by};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "ssm.amazonaws.com",
        "CreateDocument",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ssm:document",
            locators: &[
                Locator {
                    path: "responseElements.documentDescription.name",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ssm:{region}:{account}:document/{id}",
                },
                Locator {
                    path: "requestParameters.name",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ssm:{region}:{account}:document/{id}",
                },
            ],
        }],
    )
    .proven_by("ssm/CreateDocument-vikyol-aws-tags-1.json"),
    row(
        "ssm.amazonaws.com",
        "CreateMaintenanceWindow",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ssm:maintenancewindow",
            locators: &[Locator {
                path: "responseElements.windowId",
                transform: Transform::AsIs,
                arn: "arn:{partition}:ssm:{region}:{account}:maintenancewindow/{id}",
            }],
        }],
    )
    .proven_by("ssm/CreateMaintenanceWindow-constructed-1.json"),
    row(
        "ssm.amazonaws.com",
        "CreateOpsItem",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ssm:opsitem",
            locators: &[
                at("responseElements.opsItemArn", "{id}"),
                at(
                    "responseElements.opsItemId",
                    "arn:{partition}:ssm:{region}:{account}:opsitem/{id}",
                ),
            ],
        }],
    )
    .proven_by("ssm/CreateOpsItem-constructed-1.json"),
    row(
        "ssm.amazonaws.com",
        "CreatePatchBaseline",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ssm:patchbaseline",
            locators: &[Locator {
                path: "responseElements.baselineId",
                transform: Transform::AsIs,
                arn: "arn:{partition}:ssm:{region}:{account}:patchbaseline/{id}",
            }],
        }],
    )
    .proven_by("ssm/CreatePatchBaseline-constructed-1.json"),
    row(
        "ssm.amazonaws.com",
        "PutParameter",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ssm:parameter",
            locators: &[Locator {
                path: "requestParameters.name",
                transform: Transform::WithoutLeadingSlash,
                arn: "arn:{partition}:ssm:{region}:{account}:parameter/{id}",
            }],
        }],
    )
    .proven_by("ssm/PutParameter-invictus-aws_dataset-1.json")
    // PutParameter also overwrites: only version 1 is a new parameter.
    .created_when("responseElements.version", "1"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "ssm:maintenancewindow",
        arn_pattern: "arn:*:ssm:*:*:maintenancewindow/*",
        read_actions: &[],
        tag_actions: &["ssm:AddTagsToResource"],
        untag_actions: &["ssm:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "ssm:patchbaseline",
        arn_pattern: "arn:*:ssm:*:*:patchbaseline/*",
        read_actions: &[],
        tag_actions: &["ssm:AddTagsToResource"],
        untag_actions: &["ssm:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "ssm:document",
        arn_pattern: "arn:*:ssm:*:*:document/*",
        read_actions: &[],
        tag_actions: &["ssm:AddTagsToResource"],
        untag_actions: &["ssm:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
    tagged_by(
        "ssm:parameter",
        "arn:*:ssm:*:*:parameter/*",
        &["ssm:AddTagsToResource"],
        &["ssm:RemoveTagsFromResource"],
    ),
    ResourceTypeIam {
        resource_type: "ssm:opsitem",
        arn_pattern: "arn:*:ssm:*:*:opsitem/*",
        read_actions: &[],
        tag_actions: &["ssm:AddTagsToResource"],
        untag_actions: &["ssm:RemoveTagsFromResource"],
        tag_keys_condition: true,
    },
];

/// SSM names documents and parameters by name, which says nothing of the type; those by id
/// carry their type in the prefix.
const SSM: &[Target] = &[Target::ByPrefix {
    path: "requestParameters.resourceId",
    prefixes: &[
        (
            "mw-",
            "arn:{partition}:ssm:{region}:{account}:maintenancewindow/{id}",
        ),
        ("oi-", "arn:{partition}:ssm:{region}:{account}:opsitem/{id}"),
        (
            "pb-",
            "arn:{partition}:ssm:{region}:{account}:patchbaseline/{id}",
        ),
    ],
}];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("ssm.amazonaws.com", "AddTagsToResource").on(SSM),
    untag("ssm.amazonaws.com", "RemoveTagsFromResource").on(SSM),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] = &[(
    "ssm:RemoveTagsFromResource",
    Keyless::KeysRequired("TagKeys"),
)];
