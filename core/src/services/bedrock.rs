//! `bedrock.amazonaws.com`: its supported events and the IAM facts of the resource types they create.
//!
//! Its fixtures are under `core/tests/fixtures/bedrock/`.

use crate::services::row::{
    EventRow, ResourceSpec, Route, TagChangeRow, at, row, tag, untag, untaggable,
};
use crate::services::{Keyless, ResourceTypeIam};

/// The supported events of the service, sorted by name.
pub static ROWS: &[EventRow] = &[
    row(
        "bedrock.amazonaws.com",
        "CreateAgent",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "bedrock:agent",
            locators: &[at("responseElements.agent.agentArn", "{id}")],
        }],
    )
    .proven_by("bedrock/CreateAgent-constructed-1.json"),
    untaggable(
        "bedrock.amazonaws.com",
        "CreateAgentActionGroup",
        "an action group is part of its agent and has no ARN; the agent carries the tags",
    )
    .proven_by("bedrock/CreateAgentActionGroup-constructed-1.json"),
    row(
        "bedrock.amazonaws.com",
        "CreateAgentAlias",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "bedrock:agent-alias",
            locators: &[at("responseElements.agentAlias.agentAliasArn", "{id}")],
        }],
    )
    .proven_by("bedrock/CreateAgentAlias-constructed-1.json"),
    untaggable(
        "bedrock.amazonaws.com",
        "CreateDataSource",
        "a knowledge base's data source has no ARN and takes no tags; its knowledge base carries them",
    )
    .proven_by("bedrock/CreateDataSource-constructed-1.json"),
    row(
        "bedrock.amazonaws.com",
        "CreateEvaluationJob",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "bedrock:evaluation-job",
            locators: &[at("responseElements.jobArn", "{id}")],
        }],
    )
    .proven_by("bedrock/CreateEvaluationJob-constructed-1.json"),
    row(
        "bedrock.amazonaws.com",
        "CreateFlow",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "bedrock:flow",
            locators: &[at("responseElements.arn", "{id}")],
        }],
    )
    .proven_by("bedrock/CreateFlow-constructed-1.json"),
    untaggable(
        "bedrock.amazonaws.com",
        "CreateFoundationModelAgreement",
        "it accepts a model's offer terms; the agreement is not a resource that carries tags",
    )
    .proven_by("bedrock/CreateFoundationModelAgreement-stratus-red-team-1.json"),
    row(
        "bedrock.amazonaws.com",
        "CreateGuardrail",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "bedrock:guardrail",
            locators: &[at("responseElements.guardrailArn", "{id}")],
        }],
    )
    .proven_by("bedrock/CreateGuardrail-constructed-1.json"),
    row(
        "bedrock.amazonaws.com",
        "CreateInferenceProfile",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "bedrock:application-inference-profile",
            locators: &[at("responseElements.inferenceProfileArn", "{id}")],
        }],
    )
    .proven_by("bedrock/CreateInferenceProfile-constructed-1.json"),
    row(
        "bedrock.amazonaws.com",
        "CreateKnowledgeBase",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "bedrock:knowledge-base",
            locators: &[at("responseElements.knowledgeBase.knowledgeBaseArn", "{id}")],
        }],
    )
    .proven_by("bedrock/CreateKnowledgeBase-constructed-1.json"),
    row(
        "bedrock.amazonaws.com",
        "CreateModelCustomizationJob",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "bedrock:model-customization-job",
            locators: &[at("responseElements.jobArn", "{id}")],
        }],
    )
    .proven_by("bedrock/CreateModelCustomizationJob-constructed-1.json"),
    row(
        "bedrock.amazonaws.com",
        "CreateModelImportJob",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "bedrock:model-import-job",
            locators: &[at("responseElements.jobArn", "{id}")],
        }],
    )
    .proven_by("bedrock/CreateModelImportJob-constructed-1.json"),
    row(
        "bedrock.amazonaws.com",
        "CreateModelInvocationJob",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "bedrock:model-invocation-job",
            locators: &[at("responseElements.jobArn", "{id}")],
        }],
    )
    .proven_by("bedrock/CreateModelInvocationJob-constructed-1.json"),
    row(
        "bedrock.amazonaws.com",
        "CreatePrompt",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "bedrock:prompt",
            locators: &[at("responseElements.arn", "{id}")],
        }],
    )
    .proven_by("bedrock/CreatePrompt-constructed-1.json"),
    row(
        "bedrock.amazonaws.com",
        "CreatePromptRouter",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "bedrock:prompt-router",
            locators: &[at("responseElements.promptRouterArn", "{id}")],
        }],
    )
    .proven_by("bedrock/CreatePromptRouter-constructed-1.json"),
    row(
        "bedrock.amazonaws.com",
        "CreateProvisionedModelThroughput",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "bedrock:provisioned-model",
            locators: &[at("responseElements.provisionedModelArn", "{id}")],
        }],
    )
    .proven_by("bedrock/CreateProvisionedModelThroughput-constructed-1.json")
    .when_available(),
];

/// The IAM facts of every resource type [`ROWS`] create.
pub static RESOURCE_TYPES: &[ResourceTypeIam] = &[
    ResourceTypeIam {
        resource_type: "bedrock:agent",
        arn_pattern: "arn:*:bedrock:*:*:agent/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:agent-alias",
        arn_pattern: "arn:*:bedrock:*:*:agent-alias/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:evaluation-job",
        arn_pattern: "arn:*:bedrock:*:*:evaluation-job/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:model-customization-job",
        arn_pattern: "arn:*:bedrock:*:*:model-customization-job/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:model-import-job",
        arn_pattern: "arn:*:bedrock:*:*:model-import-job/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:model-invocation-job",
        arn_pattern: "arn:*:bedrock:*:*:model-invocation-job/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:guardrail",
        arn_pattern: "arn:*:bedrock:*:*:guardrail/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:application-inference-profile",
        arn_pattern: "arn:*:bedrock:*:*:application-inference-profile/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:prompt-router",
        arn_pattern: "arn:*:bedrock:*:*:prompt-router/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:provisioned-model",
        arn_pattern: "arn:*:bedrock:*:*:provisioned-model/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:flow",
        arn_pattern: "arn:*:bedrock:*:*:flow/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:knowledge-base",
        arn_pattern: "arn:*:bedrock:*:*:knowledge-base/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
    ResourceTypeIam {
        resource_type: "bedrock:prompt",
        arn_pattern: "arn:*:bedrock:*:*:prompt/*",
        read_actions: &[],
        tag_actions: &["bedrock:TagResource"],
        untag_actions: &["bedrock:UntagResource"],
        tag_keys_condition: true,
    },
];

/// Its calls that change the tags of existing resources, sorted by name: read by
/// [`crate::tag_change`], so the hub can put back a stamp they remove or overwrite.
pub static TAG_CHANGES: &[TagChangeRow] = &[
    tag("bedrock.amazonaws.com", "TagResource"),
    untag("bedrock.amazonaws.com", "UntagResource"),
];

/// What its untag actions do given a request that names no tag key (see [`Keyless`]).
pub static UNTAG_WITHOUT_KEYS: &[(&str, Keyless)] =
    &[("bedrock:UntagResource", Keyless::KeysRequired("tagKeys"))];
