//! `sagemaker.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/sagemaker/`.

use crate::services::row::{
    EventRow, Locator, ResourceSpec, Route, TagChangeRow, Transform, at, row, tag, untag,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "sagemaker.amazonaws.com",
        "CreateDomain",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "sagemaker:domain",
            locators: &[at("responseElements.domainArn", "{id}")],
        }],
    )
    .proven_by("sagemaker/CreateDomain-constructed-1.json")
    .when_available(),
    row(
        "sagemaker.amazonaws.com",
        "CreateEndpoint",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "sagemaker:endpoint",
            locators: &[Locator {
                path: "responseElements.endpointArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("sagemaker/CreateEndpoint-constructed-1.json"),
    row(
        "sagemaker.amazonaws.com",
        "CreateEndpointConfig",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "sagemaker:endpoint-config",
            locators: &[Locator {
                path: "responseElements.endpointConfigArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("sagemaker/CreateEndpointConfig-constructed-1.json"),
    row(
        "sagemaker.amazonaws.com",
        "CreateFeatureGroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "sagemaker:feature-group",
            locators: &[at("responseElements.featureGroupArn", "{id}")],
        }],
    )
    .proven_by("sagemaker/CreateFeatureGroup-constructed-1.json")
    .when_available(),
    row(
        "sagemaker.amazonaws.com",
        "CreateModel",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "sagemaker:model",
            locators: &[Locator {
                path: "responseElements.modelArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("sagemaker/CreateModel-constructed-1.json"),
    row(
        "sagemaker.amazonaws.com",
        "CreateNotebookInstance",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "sagemaker:notebook-instance",
            locators: &[Locator {
                path: "responseElements.notebookInstanceArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("sagemaker/CreateNotebookInstance-constructed-1.json"),
    row(
        "sagemaker.amazonaws.com",
        "CreatePipeline",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "sagemaker:pipeline",
            locators: &[Locator {
                path: "responseElements.pipelineArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("sagemaker/CreatePipeline-constructed-1.json"),
    row(
        "sagemaker.amazonaws.com",
        "CreateProcessingJob",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "sagemaker:processing-job",
            locators: &[Locator {
                path: "responseElements.processingJobArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("sagemaker/CreateProcessingJob-constructed-1.json"),
    row(
        "sagemaker.amazonaws.com",
        "CreateTrainingJob",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "sagemaker:training-job",
            locators: &[Locator {
                path: "responseElements.trainingJobArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("sagemaker/CreateTrainingJob-constructed-1.json"),
    row(
        "sagemaker.amazonaws.com",
        "CreateTransformJob",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "sagemaker:transform-job",
            locators: &[Locator {
                path: "responseElements.transformJobArn",
                transform: Transform::AsIs,
                arn: "{id}",
            }],
        }],
    )
    .proven_by("sagemaker/CreateTransformJob-constructed-1.json"),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "sagemaker:notebook-instance",
        arn_pattern: "arn:*:sagemaker:*:*:notebook-instance/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:endpoint",
        arn_pattern: "arn:*:sagemaker:*:*:endpoint/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:endpoint-config",
        arn_pattern: "arn:*:sagemaker:*:*:endpoint-config/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:model",
        arn_pattern: "arn:*:sagemaker:*:*:model/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:training-job",
        arn_pattern: "arn:*:sagemaker:*:*:training-job/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:processing-job",
        arn_pattern: "arn:*:sagemaker:*:*:processing-job/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:transform-job",
        arn_pattern: "arn:*:sagemaker:*:*:transform-job/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:pipeline",
        arn_pattern: "arn:*:sagemaker:*:*:pipeline/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:domain",
        arn_pattern: "arn:*:sagemaker:*:*:domain/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "sagemaker:feature-group",
        arn_pattern: "arn:*:sagemaker:*:*:feature-group/*",
        read_actions: &[],
        tag_actions: &["sagemaker:AddTags"],
        untag_actions: &["sagemaker:DeleteTags"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("sagemaker.amazonaws.com", "AddTags"),
    untag("sagemaker.amazonaws.com", "DeleteTags"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("sagemaker:DeleteTags", Keyless::KeysRequired("TagKeys"))];
