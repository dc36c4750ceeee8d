//! `quicksight.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/quicksight/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
    untaggable,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "quicksight.amazonaws.com",
        "CreateAnalysis",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "quicksight:analysis",
            locators: &[
                Locator {
                    path: "responseElements.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at("requestParameters.analysisId", "arn:{partition}:quicksight:{region}:{account}:analysis/{id}"),
            ],
        }],
    )
    .proven_by("quicksight/CreateAnalysis-constructed-1.json"),
    row(
        "quicksight.amazonaws.com",
        "CreateDashboard",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "quicksight:dashboard",
            locators: &[
                Locator {
                    path: "responseElements.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at("requestParameters.dashboardId", "arn:{partition}:quicksight:{region}:{account}:dashboard/{id}"),
            ],
        }],
    )
    .proven_by("quicksight/CreateDashboard-constructed-1.json"),
    row(
        "quicksight.amazonaws.com",
        "CreateDataSet",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "quicksight:dataset",
            locators: &[
                Locator {
                    path: "responseElements.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at("requestParameters.dataSetId", "arn:{partition}:quicksight:{region}:{account}:dataset/{id}"),
            ],
        }],
    )
    .proven_by("quicksight/CreateDataSet-constructed-1.json"),
    untaggable(
        "quicksight.amazonaws.com",
        "RegisterUser",
        "QuickSight users take no tags (TagResource accepts analyses, dashboards, data sets and the like, not users)",
    )
    .proven_by("quicksight/RegisterUser-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "quicksight:dashboard",
        arn_pattern: "arn:*:quicksight:*:*:dashboard/*",
        read_actions: &[],
        tag_actions: &["quicksight:TagResource"],
        untag_actions: &["quicksight:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "quicksight:analysis",
        arn_pattern: "arn:*:quicksight:*:*:analysis/*",
        read_actions: &[],
        tag_actions: &["quicksight:TagResource"],
        untag_actions: &["quicksight:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "quicksight:dataset",
        arn_pattern: "arn:*:quicksight:*:*:dataset/*",
        read_actions: &[],
        tag_actions: &["quicksight:TagResource"],
        untag_actions: &["quicksight:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("quicksight.amazonaws.com", "TagResource"),
    untag("quicksight.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("quicksight:UntagResource", Keyless::KeysRequired("TagKeys"))];
