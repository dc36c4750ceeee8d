//! The registry of supported events: for each `(eventSource, eventName)`, where the created
//! resources' ids sit in the record, how their ARNs are built, and which API tags them.
//!
//! Rows are data. Adding support for an event is adding a [`EventRow`] to [`ROWS`] and a fixture
//! record to `core/tests/fixtures/`; the parser, the spoke rule patterns and the auto-tag role's
//! permissions all follow from this table. Rows are keyed by source *and* name, never by name
//! alone: `CreateRepository` is both ECR's and CodeCommit's.

use serde::Serialize;
use serde_json::Value;

use crate::arn::{AccountId, Arn, Region};
use crate::event::Record;
use crate::json_path::strings_at;

/// The API family that tags a resource.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Route {
    /// EC2 `CreateTags`: up to 1000 ids in one call.
    Ec2,
    /// S3 `PutBucketTagging`, merged with the bucket's existing tag set.
    S3Bucket,
    /// IAM `TagRole`.
    IamRole,
    /// IAM `TagUser`.
    IamUser,
    /// IAM `TagPolicy`, by policy ARN.
    IamPolicy,
    /// IAM `TagInstanceProfile`.
    IamInstanceProfile,
    /// IAM `TagMFADevice`, by serial number.
    IamMfaDevice,
    /// ECR `TagResource`.
    Ecr,
    /// The Resource Groups Tagging API `TagResources`: 20 ARNs a call.
    TaggingApi,
    /// Auto Scaling `CreateOrUpdateTags`, by group name, not propagated at launch: instances
    /// the group launches are stamped by autotag with the group's owner.
    AutoScaling,
    /// Organizations `TagResource`, by account, OU or policy id, in the management account.
    /// An account being created is named by its create-account request (`car-…`): the hub asks
    /// Organizations for the request's status and tags the account once it exists.
    Organizations,
    /// DAX `TagResource`, by cluster ARN: DAX is not served by the tagging API.
    Dax,
    /// IAM Roles Anywhere `TagResource`, by ARN: not served by the tagging API.
    RolesAnywhere,
    /// Cloud Map `TagResource`, by ARN. A namespace is created by an operation that ends later:
    /// its event names the operation, which the hub asks for the namespace's id once it has
    /// succeeded.
    CloudMap,
    /// CloudWatch `TagResource`, by ARN, for dashboards: the tagging API serves alarms only.
    CloudWatch,
    /// API Gateway `TagResource`, by ARN, for API keys: the tagging API rejects their ARNs.
    ApiGateway,
    /// Nothing is written on the resource; its stamp is kept in the hub's ledger table. For
    /// CloudFormation stacks, whose tags change only through `UpdateStack`, which updates every
    /// resource of the stack: the ledger is where the stack's resources find their owner.
    Ledger,
    /// The event creates nothing that can carry tags (an access key, a route, a grant) or
    /// creates nothing at all (`CreateTags`). Listed so that it is a decision, not a gap; its
    /// events are not forwarded to the hub.
    Untaggable,
}

/// Whether a created resource accepts tags at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Readiness {
    /// Tags can be written as soon as the create call returns.
    Immediate,
    /// The service refuses tags (or does not find the resource) until it has finished
    /// creating it: the hub retries with a delay, within a bound, before reporting it.
    WhenAvailable,
}

impl Readiness {
    /// The name as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Immediate => "immediate",
            Self::WhenAvailable => "when-available",
        }
    }
}

impl Route {
    /// The route's name as printed and configured.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ec2 => "ec2",
            Self::S3Bucket => "s3-bucket",
            Self::IamRole => "iam-role",
            Self::IamUser => "iam-user",
            Self::IamPolicy => "iam-policy",
            Self::IamInstanceProfile => "iam-instance-profile",
            Self::IamMfaDevice => "iam-mfa-device",
            Self::Ecr => "ecr",
            Self::TaggingApi => "tagging-api",
            Self::AutoScaling => "autoscaling",
            Self::Organizations => "organizations",
            Self::Dax => "dax",
            Self::RolesAnywhere => "rolesanywhere",
            Self::CloudMap => "cloudmap",
            Self::CloudWatch => "cloudwatch",
            Self::ApiGateway => "apigateway",
            Self::Ledger => "ledger",
            Self::Untaggable => "untaggable",
        }
    }
}

/// How a found value becomes the id put into the ARN template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transform {
    /// The value as found.
    AsIs,
    /// The last `/`-separated segment, e.g. a queue name out of an SQS queue URL.
    LastPathSegment,
    /// Without a leading `/`: SSM parameter names may start with one, their ARNs never
    /// repeat it (`/app/db` is `parameter/app/db`).
    WithoutLeadingSlash,
}

/// One place a resource id may be found, and the ARN template it fills.
///
/// Templates use `{partition}`, `{region}`, `{account}` (all from the record) and `{id}`. A
/// template of just `{id}` means the value found is already the ARN. `{@path}` is the string at
/// another path of the record, for ARNs built from two fields (an API Gateway stage is
/// `/restapis/{@requestParameters.restApiId}/stages/{id}`).
#[derive(Debug, Clone, Copy)]
pub struct Locator {
    /// A [`crate::json_path`] path into the record, e.g. `responseElements.volumeId`.
    pub path: &'static str,
    /// How the value becomes `{id}`.
    pub transform: Transform,
    /// The ARN template.
    pub arn: &'static str,
}

/// One kind of resource an event creates. Its locators are tried in order; the first that
/// finds anything wins, so later ones are fallbacks (e.g. `requestParameters` when
/// `responseElements` is `null`).
#[derive(Debug, Clone, Copy)]
pub struct ResourceSpec {
    /// The resource type, as `service:type`.
    pub resource_type: &'static str,
    /// Where to look, in order.
    pub locators: &'static [Locator],
}

/// One supported event.
#[derive(Debug, Clone, Copy)]
pub struct EventRow {
    /// `eventSource`, e.g. `ec2.amazonaws.com`.
    pub event_source: &'static str,
    /// `eventName`, e.g. `RunInstances`.
    pub event_name: &'static str,
    /// What the event creates.
    pub resources: &'static [ResourceSpec],
    /// The API that tags them.
    pub route: Route,
    /// Whether the hub must also find and tag what AWS attached without naming it in the
    /// event (an instance's EBS volumes).
    pub tag_attached_volumes: bool,
    /// Whether the resources accept tags at once.
    pub readiness: Readiness,
    /// The fixture that proves the row, under `core/tests/fixtures/`: a real record from the
    /// shared corpus, or one built from the AWS documentation (`-constructed-` in its name,
    /// provenance in `PROVENANCE.md`).
    pub fixture: &'static str,
    /// Why the event is untaggable, for [`Route::Untaggable`] rows.
    pub untaggable_because: &'static str,
    /// For calls that create or update (`PutParameter`): the field that tells which one a record
    /// is. A record where it holds another value updated an existing resource and is skipped,
    /// so an overwrite never stamps the overwriter as the owner.
    pub creation_mark: Option<CreationMark>,
}

/// A response field and the value it holds when the call created its resource.
#[derive(Debug, Clone, Copy)]
pub struct CreationMark {
    /// A [`crate::json_path`] path into the record, e.g. `responseElements.version`.
    pub path: &'static str,
    /// The value, as JSON text (`1`, or `"CREATED"` for a string).
    pub created: &'static str,
}

impl CreationMark {
    /// What the record holds at the mark when it did not create the resource; `None` for a
    /// creation, and when the field is absent (a record without its response is not taken
    /// for an update).
    pub fn update_seen(&self, record: &Value) -> Option<String> {
        let found = crate::json_path::value_at(record, self.path)?;
        let text = found.to_string();
        (text != self.created).then_some(text)
    }
}

impl EventRow {
    /// The row, proven by `fixture`.
    pub const fn proven_by(self, fixture: &'static str) -> Self {
        Self { fixture, ..self }
    }

    /// The row, whose resources accept tags only once available.
    pub const fn when_available(self) -> Self {
        Self {
            readiness: Readiness::WhenAvailable,
            ..self
        }
    }

    /// The row, which creates only when `path` holds `created` (JSON text).
    pub const fn created_when(self, path: &'static str, created: &'static str) -> Self {
        Self {
            creation_mark: Some(CreationMark { path, created }),
            ..self
        }
    }

    /// Where the row's fixture comes from.
    pub fn provenance(&self) -> &'static str {
        if self.fixture.contains("-constructed-") {
            "constructed from AWS documentation"
        } else {
            "real record (shared corpus)"
        }
    }
}

const fn at(path: &'static str, arn: &'static str) -> Locator {
    Locator {
        path,
        transform: Transform::AsIs,
        arn,
    }
}

/// Every supported event. Kept sorted by source, then name; a test checks that no key repeats.
pub static ROWS: &[EventRow] = &[
    row(
        "acm-pca.amazonaws.com",
        "CreateCertificateAuthority",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "acm-pca:certificate-authority",
            locators: &[
                Locator {
                    path: "responseElements.certificateAuthorityArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("acm-pca/CreateCertificateAuthority-constructed-1.json"),
    row(
        "acm.amazonaws.com",
        "RequestCertificate",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "acm:certificate",
            locators: &[
                at("responseElements.certificateArn", "{id}"),
            ],
        }],
    )
    .proven_by("acm/RequestCertificate-awsdocs-aws-certificate-user-guide-1.json"),
    row(
        "aoss.amazonaws.com",
        "CreateCollection",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "aoss:collection",
            locators: &[at("responseElements.createCollectionDetail.arn", "{id}")],
        }],
    )
    .proven_by("aoss/CreateCollection-constructed-1.json")
    .when_available(),
    row(
        "apigateway.amazonaws.com",
        "CreateApi",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "apigateway:api",
            locators: &[at("responseElements.apiId", "arn:{partition}:apigateway:{region}::/apis/{id}")],
        }],
    )
    .proven_by("apigateway/CreateApi-constructed-1.json"),
    row(
        "apigateway.amazonaws.com",
        "CreateApiKey",
        Route::ApiGateway,
        &[ResourceSpec {
            resource_type: "apigateway:apikey",
            locators: &[at("responseElements.id", "arn:{partition}:apigateway:{region}::/apikeys/{id}")],
        }],
    )
    .proven_by("apigateway/CreateApiKey-constructed-1.json"),
    row(
        "apigateway.amazonaws.com",
        "CreateRestApi",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "apigateway:restapi",
            locators: &[
                at("responseElements.id", "arn:{partition}:apigateway:{region}::/restapis/{id}"),
                at("responseElements.self.restApiId", "arn:{partition}:apigateway:{region}::/restapis/{id}"),
            ],
        }],
    )
    .proven_by("apigateway/CreateRestApi-constructed-1.json"),
    row(
        "apigateway.amazonaws.com",
        "CreateStage",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "apigateway:stage",
            locators: &[
                at(
                    "responseElements.stageName",
                    "arn:{partition}:apigateway:{region}::/restapis/{@requestParameters.restApiId}/stages/{id}",
                ),
                at(
                    "requestParameters.createStageInput.stageName",
                    "arn:{partition}:apigateway:{region}::/restapis/{@requestParameters.restApiId}/stages/{id}",
                ),
            ],
        }],
    )
    .proven_by("apigateway/CreateStage-cloud-custodian-1.json"),
    row(
        "apigateway.amazonaws.com",
        "CreateVpcLink",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "apigateway:vpclink",
            locators: &[at("responseElements.id", "arn:{partition}:apigateway:{region}::/vpclinks/{id}")],
        }],
    )
    .proven_by("apigateway/CreateVpcLink-constructed-1.json")
    .when_available(),
    row(
        "appconfig.amazonaws.com",
        "CreateConfigurationProfile",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "appconfig:configurationprofile",
            locators: &[at("responseElements.id", "arn:{partition}:appconfig:{region}:{account}:application/{@responseElements.applicationId}/configurationprofile/{id}")],
        }],
    )
    .proven_by("appconfig/CreateConfigurationProfile-constructed-1.json"),
    row(
        "appmesh.amazonaws.com",
        "CreateMesh",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "appmesh:mesh",
            locators: &[
                at("responseElements.mesh.metadata.arn", "{id}"),
                at("requestParameters.meshName", "arn:{partition}:appmesh:{region}:{account}:mesh/{id}"),
            ],
        }],
    )
    .proven_by("appmesh/CreateMesh-adapted-cloud-custodian-1.json"),
    row(
        "appmesh.amazonaws.com",
        "CreateVirtualGateway",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "appmesh:virtualGateway",
            locators: &[
                at("responseElements.virtualGateway.metadata.arn", "{id}"),
                at(
                    "requestParameters.virtualGatewayName",
                    "arn:{partition}:appmesh:{region}:{account}:mesh/{@requestParameters.meshName}/virtualGateway/{id}",
                ),
            ],
        }],
    )
    .proven_by("appmesh/CreateVirtualGateway-adapted-cloud-custodian-1.json"),
    row(
        "appmesh.amazonaws.com",
        "CreateVirtualNode",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "appmesh:virtualNode",
            locators: &[
                Locator {
                    path: "responseElements.virtualNode.metadata.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at("requestParameters.virtualNodeName", "arn:{partition}:appmesh:{region}:{account}:mesh/{@requestParameters.meshName}/virtualNode/{id}"),
            ],
        }],
    )
    .proven_by("appmesh/CreateVirtualNode-cloud-custodian-1.json"),
    row(
        "appstream.amazonaws.com",
        "CreateFleet",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "appstream:fleet",
            locators: &[
                Locator {
                    path: "responseElements.fleet.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at("requestParameters.name", "arn:{partition}:appstream:{region}:{account}:fleet/{id}"),
            ],
        }],
    )
    .proven_by("appstream/CreateFleet-constructed-1.json"),
    row(
        "appstream.amazonaws.com",
        "CreateImageBuilder",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "appstream:image-builder",
            locators: &[
                Locator {
                    path: "responseElements.imageBuilder.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at("requestParameters.name", "arn:{partition}:appstream:{region}:{account}:image-builder/{id}"),
            ],
        }],
    )
    .proven_by("appstream/CreateImageBuilder-constructed-1.json"),
    row(
        "appsync.amazonaws.com",
        "CreateGraphqlApi",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "appsync:graphqlapi",
            locators: &[
                Locator {
                    path: "responseElements.graphqlApi.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("appsync/CreateGraphqlApi-constructed-1.json"),
    row(
        "athena.amazonaws.com",
        "CreateWorkGroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "athena:workgroup",
            locators: &[at("requestParameters.name", "arn:{partition}:athena:{region}:{account}:workgroup/{id}")],
        }],
    )
    .proven_by("athena/CreateWorkGroup-constructed-1.json"),
    row(
        "autoscaling.amazonaws.com",
        "CreateAutoScalingGroup",
        Route::AutoScaling,
        &[ResourceSpec {
            resource_type: "autoscaling:autoScalingGroup",
            // The group's id is in no record; the name is what its tag API takes.
            locators: &[at(
                "requestParameters.autoScalingGroupName",
                "arn:{partition}:autoscaling:{region}:{account}:autoScalingGroup:*:autoScalingGroupName/{id}",
            )],
        }],
    )
    .proven_by("autoscaling/CreateAutoScalingGroup-constructed-1.json"),
    untaggable(
        "autoscaling.amazonaws.com",
        "CreateLaunchConfiguration",
        "launch configurations cannot carry tags; launch templates and groups can",
    )
    .proven_by("autoscaling/CreateLaunchConfiguration-awsdocs-amazon-ec2-auto-scaling-user-guide-1.json"),
    row(
        "backup.amazonaws.com",
        "CreateBackupPlan",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "backup:backupPlan",
            locators: &[
                Locator {
                    path: "responseElements.backupPlanArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("backup/CreateBackupPlan-constructed-1.json"),
    row(
        "backup.amazonaws.com",
        "CreateBackupVault",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "backup:backupVault",
            locators: &[
                Locator {
                    path: "responseElements.backupVaultArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.backupVaultName",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:backup:{region}:{account}:backup-vault:{id}",
                },
            ],
        }],
    )
    .proven_by("backup/CreateBackupVault-constructed-1.json"),
    row(
        "batch.amazonaws.com",
        "CreateComputeEnvironment",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "batch:compute-environment",
            locators: &[
                at("responseElements.computeEnvironmentArn", "{id}"),
                at("requestParameters.computeEnvironmentName", "arn:{partition}:batch:{region}:{account}:compute-environment/{id}"),
            ],
        }],
    )
    .proven_by("batch/CreateComputeEnvironment-awsdocs-aws-batch-user-guide-1.json"),
    row(
        "bedrock-agentcore.amazonaws.com",
        "CreateAgentRuntime",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "bedrock-agentcore:runtime",
            locators: &[at("responseElements.agentRuntimeArn", "{id}")],
        }],
    )
    .proven_by("bedrock-agentcore/CreateAgentRuntime-constructed-1.json")
    .when_available(),
    row(
        "bedrock-agentcore.amazonaws.com",
        "CreateMemory",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "bedrock-agentcore:memory",
            locators: &[at("responseElements.memory.arn", "{id}")],
        }],
    )
    .proven_by("bedrock-agentcore/CreateMemory-constructed-1.json")
    .when_available(),
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
    row(
        "cassandra.amazonaws.com",
        "CreateKeyspace",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "cassandra:keyspace",
            // A keyspace made with CQL (`CREATE KEYSPACE`) is logged with an empty response and
            // its ARN in `resources`.
            locators: &[
                at("responseElements.resourceArn", "{id}"),
                at("resources[].ARN", "{id}"),
                at(
                    "requestParameters.keyspaceName",
                    "arn:{partition}:cassandra:{region}:{account}:/keyspace/{id}/",
                ),
            ],
        }],
    )
    .proven_by("cassandra/CreateKeyspace-constructed-1.json"),
    row(
        "cloudformation.amazonaws.com",
        "CreateStack",
        Route::Ledger,
        &[ResourceSpec {
            resource_type: "cloudformation:stack",
            locators: &[at("responseElements.stackId", "{id}")],
        }],
    )
    .proven_by("cloudformation/CreateStack-constructed-1.json"),
    row(
        "cloudformation.amazonaws.com",
        "CreateStackSet",
        Route::Ledger,
        &[ResourceSpec {
            resource_type: "cloudformation:stackset",
            locators: &[at("responseElements.stackSetId", "arn:{partition}:cloudformation:{region}:{account}:stackset/{id}")],
        }],
    )
    .proven_by("cloudformation/CreateStackSet-constructed-1.json"),
    row(
        "cloudfront.amazonaws.com",
        "CreateDistribution",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "cloudfront:distribution",
            locators: &[
                Locator {
                    path: "responseElements.distribution.aRN",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "responseElements.distribution.id",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:cloudfront::{account}:distribution/{id}",
                },
            ],
        }],
    )
    .proven_by("cloudfront/CreateDistribution-cloud-custodian-1.json"),
    row(
        "cloudhsm.amazonaws.com",
        "CreateCluster",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "cloudhsm:cluster",
            locators: &[
                Locator {
                    path: "responseElements.cluster.clusterId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:cloudhsm:{region}:{account}:cluster/{id}",
                },
            ],
        }],
    )
    .proven_by("cloudhsm/CreateCluster-cloud-custodian-1.json")
    .when_available(),
    untaggable(
        "cloudhsm.amazonaws.com",
        "CreateHsm",
        "an HSM cannot carry tags; its cluster can",
    )
    .proven_by("cloudhsm/CreateHsm-constructed-1.json"),
    untaggable(
        "cloudsearch.amazonaws.com",
        "CreateDomain",
        "CloudSearch has no tagging API (its 2013-01-01 API has no tag operation) and the Resource Groups Tagging API does not serve it",
    )
    .proven_by("cloudsearch/CreateDomain-cloud-custodian-1.json"),
    row(
        "cloudtrail.amazonaws.com",
        "CreateTrail",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "cloudtrail:trail",
            locators: &[
                at("responseElements.trailARN", "{id}"),
                at("requestParameters.name", "arn:{partition}:cloudtrail:{region}:{account}:trail/{id}"),
            ],
        }],
    )
    .proven_by("cloudtrail/CreateTrail-invictus-aws_dataset-1.json"),
    untaggable(
        "codebuild.amazonaws.com",
        "CreateProject",
        "CodeBuild has no tag-only action: a project's tags change only through `UpdateProject`, which can also rewrite its build commands and role, a power the auto-tag role is not given",
    )
    .proven_by("codebuild/CreateProject-panther-analysis-1.json"),
    row(
        "codecommit.amazonaws.com",
        "CreateRepository",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "codecommit:repository",
            locators: &[
                at("responseElements.repositoryMetadata.arn", "{id}"),
                at("requestParameters.repositoryName", "arn:{partition}:codecommit:{region}:{account}:{id}"),
            ],
        }],
    )
    .proven_by("codecommit/CreateRepository-awsdocs-aws-codecommit-user-guide-1.json"),
    row(
        "codedeploy.amazonaws.com",
        "CreateApplication",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "codedeploy:application",
            locators: &[at("requestParameters.applicationName", "arn:{partition}:codedeploy:{region}:{account}:application:{id}")],
        }],
    )
    .proven_by("codedeploy/CreateApplication-constructed-1.json"),
    row(
        "codedeploy.amazonaws.com",
        "CreateDeploymentGroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "codedeploy:deploymentgroup",
            locators: &[
                Locator {
                    path: "requestParameters.deploymentGroupName",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:codedeploy:{region}:{account}:deploymentgroup:{@requestParameters.applicationName}/{id}",
                },
            ],
        }],
    )
    .proven_by("codedeploy/CreateDeploymentGroup-constructed-1.json"),
    row(
        "codepipeline.amazonaws.com",
        "CreatePipeline",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "codepipeline:pipeline",
            locators: &[
                Locator {
                    path: "responseElements.pipeline.name",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:codepipeline:{region}:{account}:{id}",
                },
                Locator {
                    path: "requestParameters.pipeline.name",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:codepipeline:{region}:{account}:{id}",
                },
            ],
        }],
    )
    .proven_by("codepipeline/CreatePipeline-constructed-1.json"),
    row(
        "cognito-identity.amazonaws.com",
        "CreateIdentityPool",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "cognito-identity:identitypool",
            locators: &[
                Locator {
                    path: "responseElements.identityPoolId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:cognito-identity:{region}:{account}:identitypool/{id}",
                },
            ],
        }],
    )
    .proven_by("cognito-identity/CreateIdentityPool-awsdocs-amazon-cognito-developer-guide-1.json"),
    row(
        "cognito-idp.amazonaws.com",
        "CreateUserPool",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "cognito-idp:userpool",
            locators: &[
                Locator {
                    path: "responseElements.userPool.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("cognito-idp/CreateUserPool-constructed-1.json"),
    row(
        "comprehend.amazonaws.com",
        "CreateDocumentClassifier",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "comprehend:document-classifier",
            locators: &[
                Locator {
                    path: "responseElements.documentClassifierArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("comprehend/CreateDocumentClassifier-constructed-1.json"),
    row(
        "comprehend.amazonaws.com",
        "CreateEntityRecognizer",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "comprehend:entity-recognizer",
            locators: &[
                Locator {
                    path: "responseElements.entityRecognizerArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("comprehend/CreateEntityRecognizer-constructed-1.json"),
    row(
        "connect.amazonaws.com",
        "CreateInstance",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "connect:instance",
            locators: &[at("responseElements.arn", "{id}")],
        }],
    )
    .proven_by("connect/CreateInstance-constructed-1.json")
    .when_available(),
    untaggable(
        "controltower.amazonaws.com",
        "CreateManagedAccount",
        "the record names no account; the account is created by the Organizations `CreateAccount` call Control Tower makes, and stamped from that event",
    )
    .proven_by("controltower/CreateManagedAccount-aws-lambda-rust-runtime-1.json"),
    row(
        "databrew.amazonaws.com",
        "CreateDataset",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "databrew:dataset",
            locators: &[
                at("responseElements.name", "arn:{partition}:databrew:{region}:{account}:dataset/{id}"),
                at("requestParameters.name", "arn:{partition}:databrew:{region}:{account}:dataset/{id}"),
            ],
        }],
    )
    .proven_by("databrew/CreateDataset-constructed-1.json"),
    row(
        "databrew.amazonaws.com",
        "CreateRecipe",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "databrew:recipe",
            locators: &[
                at("responseElements.name", "arn:{partition}:databrew:{region}:{account}:recipe/{id}"),
                at("requestParameters.name", "arn:{partition}:databrew:{region}:{account}:recipe/{id}"),
            ],
        }],
    )
    .proven_by("databrew/CreateRecipe-constructed-1.json"),
    row(
        "datapipeline.amazonaws.com",
        "CreatePipeline",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "datapipeline:pipeline",
            locators: &[at("responseElements.pipelineId", "arn:{partition}:datapipeline:{region}:{account}:pipeline/{id}")],
        }],
    )
    .proven_by("datapipeline/CreatePipeline-constructed-1.json"),
    row(
        "datasync.amazonaws.com",
        "CreateTask",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "datasync:task",
            locators: &[at("responseElements.taskArn", "{id}")],
        }],
    )
    .proven_by("datasync/CreateTask-constructed-1.json"),
    row(
        "dax.amazonaws.com",
        "CreateCluster",
        Route::Dax,
        &[ResourceSpec {
            resource_type: "dax:cache",
            locators: &[
                at("responseElements.cluster.clusterArn", "{id}"),
                at("requestParameters.clusterName", "arn:{partition}:dax:{region}:{account}:cache/{id}"),
            ],
        }],
    )
    .proven_by("dax/CreateCluster-awsdocs-amazon-dynamodb-developer-guide-1.json")
    .when_available(),
    row(
        "deadline.amazonaws.com",
        "CreateFarm",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "deadline:farm",
            locators: &[at("responseElements.farmId", "arn:{partition}:deadline:{region}:{account}:farm/{id}")],
        }],
    )
    .proven_by("deadline/CreateFarm-constructed-1.json"),
    row(
        "deadline.amazonaws.com",
        "CreateFleet",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "deadline:fleet",
            locators: &[at("responseElements.fleetId", "arn:{partition}:deadline:{region}:{account}:farm/{@requestParameters.farmId}/fleet/{id}")],
        }],
    )
    .proven_by("deadline/CreateFleet-constructed-1.json"),
    row(
        "deadline.amazonaws.com",
        "CreateQueue",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "deadline:queue",
            locators: &[at("responseElements.queueId", "arn:{partition}:deadline:{region}:{account}:farm/{@requestParameters.farmId}/queue/{id}")],
        }],
    )
    .proven_by("deadline/CreateQueue-constructed-1.json"),
    row(
        "directconnect.amazonaws.com",
        "CreateConnection",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "directconnect:dxcon",
            locators: &[
                Locator {
                    path: "responseElements.connectionId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:directconnect:{region}:{account}:dxcon/{id}",
                },
            ],
        }],
    )
    .proven_by("directconnect/CreateConnection-constructed-1.json"),
    row(
        "directconnect.amazonaws.com",
        "CreateDirectConnectGateway",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "directconnect:dx-gateway",
            locators: &[at("responseElements.directConnectGateway.directConnectGatewayId", "arn:{partition}:directconnect::{account}:dx-gateway/{id}")],
        }],
    )
    .proven_by("directconnect/CreateDirectConnectGateway-constructed-1.json"),
    row(
        "directconnect.amazonaws.com",
        "CreateLag",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "directconnect:dxlag",
            locators: &[
                Locator {
                    path: "responseElements.lagId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:directconnect:{region}:{account}:dxlag/{id}",
                },
            ],
        }],
    )
    .proven_by("directconnect/CreateLag-constructed-1.json"),
    row(
        "dms.amazonaws.com",
        "CreateDataProvider",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "dms:data-provider",
            locators: &[at("responseElements.dataProvider.dataProviderArn", "{id}")],
        }],
    )
    .proven_by("dms/CreateDataProvider-constructed-1.json"),
    row(
        "dms.amazonaws.com",
        "CreateMigrationProject",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "dms:migration-project",
            locators: &[at("responseElements.migrationProject.migrationProjectArn", "{id}")],
        }],
    )
    .proven_by("dms/CreateMigrationProject-constructed-1.json"),
    row(
        "dms.amazonaws.com",
        "CreateReplicationConfig",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "dms:replication-config",
            locators: &[at("responseElements.replicationConfig.replicationConfigArn", "{id}")],
        }],
    )
    .proven_by("dms/CreateReplicationConfig-constructed-1.json"),
    row(
        "dms.amazonaws.com",
        "CreateReplicationInstance",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "dms:ReplicationInstance",
            locators: &[
                Locator {
                    path: "responseElements.replicationInstance.replicationInstanceArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("dms/CreateReplicationInstance-constructed-1.json"),
    row(
        "dms.amazonaws.com",
        "CreateReplicationTask",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "dms:ReplicationTask",
            locators: &[
                Locator {
                    path: "responseElements.replicationTask.replicationTaskArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("dms/CreateReplicationTask-constructed-1.json"),
    row(
        "ds.amazonaws.com",
        "ConnectDirectory",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ds:directory",
            locators: &[
                Locator {
                    path: "responseElements.directoryId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ds:{region}:{account}:directory/{id}",
                },
            ],
        }],
    )
    .proven_by("ds/ConnectDirectory-constructed-1.json")
    .when_available(),
    row(
        "ds.amazonaws.com",
        "CreateDirectory",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ds:directory",
            locators: &[
                Locator {
                    path: "responseElements.directoryId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ds:{region}:{account}:directory/{id}",
                },
            ],
        }],
    )
    .proven_by("ds/CreateDirectory-constructed-1.json")
    .when_available(),
    row(
        "ds.amazonaws.com",
        "CreateMicrosoftAD",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ds:directory",
            locators: &[
                Locator {
                    path: "responseElements.directoryId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ds:{region}:{account}:directory/{id}",
                },
            ],
        }],
    )
    .proven_by("ds/CreateMicrosoftAD-constructed-1.json")
    .when_available(),
    row(
        "dsql.amazonaws.com",
        "CreateCluster",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "dsql:cluster",
            locators: &[at("responseElements.arn", "{id}")],
        }],
    )
    .proven_by("dsql/CreateCluster-constructed-1.json")
    .when_available(),
    untaggable(
        "dynamodb.amazonaws.com",
        "CreateBackup",
        "DynamoDB tags tables only; an on-demand backup takes no tags (AWS Backup's backups do)",
    )
    .proven_by("dynamodb/CreateBackup-constructed-1.json"),
    untaggable(
        "dynamodb.amazonaws.com",
        "CreateGlobalTable",
        "a global table of version 2017.11.29 groups regional tables, which carry the tags; DynamoDB tags no global-table ARN",
    )
    .proven_by("dynamodb/CreateGlobalTable-constructed-1.json"),
    row(
        "dynamodb.amazonaws.com",
        "CreateTable",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "dynamodb:table",
            locators: &[
                at("responseElements.tableDescription.tableArn", "{id}"),
                at(
                    "requestParameters.tableName",
                    "arn:{partition}:dynamodb:{region}:{account}:table/{id}",
                ),
            ],
        }],
    )
    .proven_by("dynamodb/CreateTable-vikyol-aws-tags-1.json")
    .when_available(),
    row(
        "dynamodb.amazonaws.com",
        "RestoreTableFromBackup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "dynamodb:table",
            locators: &[
                Locator {
                    path: "responseElements.tableDescription.tableArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.targetTableName",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:dynamodb:{region}:{account}:table/{id}",
                },
            ],
        }],
    )
    .proven_by("dynamodb/RestoreTableFromBackup-constructed-1.json")
    .when_available(),
    row(
        "dynamodb.amazonaws.com",
        "RestoreTableToPointInTime",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "dynamodb:table",
            locators: &[
                Locator {
                    path: "responseElements.tableDescription.tableArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.targetTableName",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:dynamodb:{region}:{account}:table/{id}",
                },
            ],
        }],
    )
    .proven_by("dynamodb/RestoreTableToPointInTime-constructed-1.json")
    .when_available(),
    row(
        "ec2.amazonaws.com",
        "AllocateAddress",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:elastic-ip",
            locators: &[at(
                "responseElements.allocationId",
                "arn:{partition}:ec2:{region}:{account}:elastic-ip/{id}",
            )],
        }],
    )
    .proven_by("ec2/AllocateAddress-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CopyImage",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:image",
            locators: &[
                Locator {
                    path: "responseElements.imageId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}::image/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CopyImage-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CopySnapshot",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:snapshot",
            locators: &[
                Locator {
                    path: "responseElements.snapshotId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}::snapshot/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CopySnapshot-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateCapacityReservation",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:capacity-reservation",
            locators: &[
                Locator {
                    path: "responseElements.capacityReservation.capacityReservationId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:capacity-reservation/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateCapacityReservation-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateCarrierGateway",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:carrier-gateway",
            locators: &[
                Locator {
                    path: "responseElements.carrierGateway.carrierGatewayId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:carrier-gateway/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateCarrierGateway-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateClientVpnEndpoint",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:client-vpn-endpoint",
            locators: &[
                Locator {
                    path: "responseElements.clientVpnEndpointId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:client-vpn-endpoint/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateClientVpnEndpoint-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateCustomerGateway",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:customer-gateway",
            locators: &[
                Locator {
                    path: "responseElements.customerGateway.customerGatewayId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:customer-gateway/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateCustomerGateway-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateDefaultSubnet",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:subnet",
            locators: &[
                Locator {
                    path: "responseElements.subnet.subnetId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:subnet/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateDefaultSubnet-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateDhcpOptions",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:dhcp-options",
            locators: &[
                Locator {
                    path: "responseElements.dhcpOptions.dhcpOptionsId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:dhcp-options/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateDhcpOptions-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateEgressOnlyInternetGateway",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:egress-only-internet-gateway",
            locators: &[
                Locator {
                    path: "responseElements.egressOnlyInternetGateway.egressOnlyInternetGatewayId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:egress-only-internet-gateway/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateEgressOnlyInternetGateway-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateFleet",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:fleet",
            locators: &[
                Locator {
                    path: "responseElements.fleetId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:fleet/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateFleet-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateFlowLogs",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:vpc-flow-log",
            locators: &[
                at("responseElements.flowLogIdSet.item", "arn:{partition}:ec2:{region}:{account}:vpc-flow-log/{id}"),
                at("responseElements.flowLogIdSet.item[]", "arn:{partition}:ec2:{region}:{account}:vpc-flow-log/{id}"),
            ],
        }],
    )
    .proven_by("ec2/CreateFlowLogs-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateImage",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:image",
            locators: &[at(
                "responseElements.imageId",
                "arn:{partition}:ec2:{region}::image/{id}",
            )],
        }],
    )
    .proven_by("ec2/CreateImage-streamalert-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateInstanceEventWindow",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:instance-event-window",
            locators: &[
                Locator {
                    path: "responseElements.instanceEventWindow.instanceEventWindowId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:instance-event-window/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateInstanceEventWindow-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateInternetGateway",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:internet-gateway",
            locators: &[
                at("responseElements.internetGateway.internetGatewayId", "arn:{partition}:ec2:{region}:{account}:internet-gateway/{id}"),
            ],
        }],
    )
    .proven_by("ec2/CreateInternetGateway-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateIpam",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:ipam",
            locators: &[
                Locator {
                    path: "responseElements.ipam.ipamId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:ipam/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateIpam-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateIpamPool",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:ipam-pool",
            locators: &[
                Locator {
                    path: "responseElements.ipamPool.ipamPoolId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:ipam-pool/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateIpamPool-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateKeyPair",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:key-pair",
            locators: &[at("responseElements.keyPairId", "arn:{partition}:ec2:{region}:{account}:key-pair/{id}")],
        }],
    )
    .proven_by("ec2/CreateKeyPair-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateLaunchTemplate",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:launch-template",
            locators: &[
                Locator {
                    path: "responseElements.CreateLaunchTemplateResponse.launchTemplate.launchTemplateId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:launch-template/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateLaunchTemplate-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateManagedPrefixList",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:prefix-list",
            locators: &[
                Locator {
                    path: "responseElements.prefixList.prefixListId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:prefix-list/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateManagedPrefixList-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateNatGateway",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:natgateway",
            locators: &[
                at("responseElements.natGateway.natGatewayId", "arn:{partition}:ec2:{region}:{account}:natgateway/{id}"),
            ],
        }],
    )
    .proven_by("ec2/CreateNatGateway-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateNetworkAcl",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:network-acl",
            locators: &[
                Locator {
                    path: "responseElements.networkAcl.networkAclId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:network-acl/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateNetworkAcl-constructed-1.json"),
    untaggable(
        "ec2.amazonaws.com",
        "CreateNetworkAclEntry",
        "a network ACL entry is a rule of a network ACL and cannot carry tags; the ACL can",
    )
    .proven_by("ec2/CreateNetworkAclEntry-panther-analysis-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateNetworkInsightsPath",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:network-insights-path",
            locators: &[
                Locator {
                    path: "responseElements.networkInsightsPath.networkInsightsPathId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:network-insights-path/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateNetworkInsightsPath-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateNetworkInterface",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:network-interface",
            locators: &[
                at("responseElements.networkInterface.networkInterfaceId", "arn:{partition}:ec2:{region}:{account}:network-interface/{id}"),
            ],
        }],
    )
    .proven_by("ec2/CreateNetworkInterface-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreatePlacementGroup",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:placement-group",
            locators: &[at("responseElements.placementGroup.groupId", "arn:{partition}:ec2:{region}:{account}:placement-group/{id}")],
        }],
    )
    .proven_by("ec2/CreatePlacementGroup-constructed-1.json"),
    untaggable(
        "ec2.amazonaws.com",
        "CreateRoute",
        "a route is an entry of a route table and cannot carry tags; the route table can",
    )
    .proven_by("ec2/CreateRoute-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateRouteTable",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:route-table",
            locators: &[
                at("responseElements.routeTable.routeTableId", "arn:{partition}:ec2:{region}:{account}:route-table/{id}"),
            ],
        }],
    )
    .proven_by("ec2/CreateRouteTable-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateSecurityGroup",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:security-group",
            locators: &[at(
                "responseElements.groupId",
                "arn:{partition}:ec2:{region}:{account}:security-group/{id}",
            )],
        }],
    )
    .proven_by("ec2/CreateSecurityGroup-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateSnapshot",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:snapshot",
            locators: &[at(
                "responseElements.snapshotId",
                "arn:{partition}:ec2:{region}::snapshot/{id}",
            )],
        }],
    )
    .proven_by("ec2/CreateSnapshot-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateSnapshots",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:snapshot",
            locators: &[
                Locator {
                    path: "responseElements.snapshotSet.items[].snapshotId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}::snapshot/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateSnapshots-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateSubnet",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:subnet",
            locators: &[at(
                "responseElements.subnet.subnetId",
                "arn:{partition}:ec2:{region}:{account}:subnet/{id}",
            )],
        }],
    )
    .proven_by("ec2/CreateSubnet-invictus-aws_dataset-1.json"),
    untaggable(
        "ec2.amazonaws.com",
        "CreateTags",
        "it adds tags to resources that already exist and creates nothing",
    )
    .proven_by("ec2/CreateTags-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateTrafficMirrorFilter",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:traffic-mirror-filter",
            locators: &[
                Locator {
                    path: "responseElements.trafficMirrorFilter.trafficMirrorFilterId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:traffic-mirror-filter/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateTrafficMirrorFilter-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateTrafficMirrorSession",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:traffic-mirror-session",
            locators: &[
                Locator {
                    path: "responseElements.trafficMirrorSession.trafficMirrorSessionId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:traffic-mirror-session/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateTrafficMirrorSession-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateTrafficMirrorTarget",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:traffic-mirror-target",
            locators: &[
                Locator {
                    path: "responseElements.trafficMirrorTarget.trafficMirrorTargetId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:traffic-mirror-target/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateTrafficMirrorTarget-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateTransitGateway",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:transit-gateway",
            locators: &[
                Locator {
                    path: "responseElements.transitGateway.transitGatewayId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:transit-gateway/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateTransitGateway-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateTransitGatewayMulticastDomain",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:transit-gateway-multicast-domain",
            locators: &[
                Locator {
                    path: "responseElements.transitGatewayMulticastDomain.transitGatewayMulticastDomainId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:transit-gateway-multicast-domain/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateTransitGatewayMulticastDomain-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateTransitGatewayPeeringAttachment",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:transit-gateway-attachment",
            locators: &[
                Locator {
                    path: "responseElements.transitGatewayPeeringAttachment.transitGatewayAttachmentId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:transit-gateway-attachment/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateTransitGatewayPeeringAttachment-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateTransitGatewayRouteTable",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:transit-gateway-route-table",
            locators: &[
                Locator {
                    path: "responseElements.transitGatewayRouteTable.transitGatewayRouteTableId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:transit-gateway-route-table/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateTransitGatewayRouteTable-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateTransitGatewayVpcAttachment",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:transit-gateway-attachment",
            locators: &[
                Locator {
                    path: "responseElements.transitGatewayVpcAttachment.transitGatewayAttachmentId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:transit-gateway-attachment/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateTransitGatewayVpcAttachment-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateVerifiedAccessInstance",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:verified-access-instance",
            locators: &[
                Locator {
                    path: "responseElements.verifiedAccessInstance.verifiedAccessInstanceId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:verified-access-instance/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateVerifiedAccessInstance-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateVolume",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:volume",
            locators: &[at(
                "responseElements.volumeId",
                "arn:{partition}:ec2:{region}:{account}:volume/{id}",
            )],
        }],
    )
    .proven_by("ec2/CreateVolume-awsdocs-aws-kms-developer-guide-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateVpc",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:vpc",
            locators: &[at(
                "responseElements.vpc.vpcId",
                "arn:{partition}:ec2:{region}:{account}:vpc/{id}",
            )],
        }],
    )
    .proven_by("ec2/CreateVpc-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateVpcEndpoint",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:vpc-endpoint",
            locators: &[
                Locator {
                    path: "responseElements.vpcEndpoint.vpcEndpointId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:vpc-endpoint/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateVpcEndpoint-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateVpcPeeringConnection",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:vpc-peering-connection",
            locators: &[
                Locator {
                    path: "responseElements.vpcPeeringConnection.vpcPeeringConnectionId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:vpc-peering-connection/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateVpcPeeringConnection-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateVpnConnection",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:vpn-connection",
            locators: &[
                Locator {
                    path: "responseElements.vpnConnection.vpnConnectionId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:vpn-connection/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateVpnConnection-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "CreateVpnGateway",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:vpn-gateway",
            locators: &[
                Locator {
                    path: "responseElements.vpnGateway.vpnGatewayId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:vpn-gateway/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/CreateVpnGateway-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "ImportImage",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:import-image-task",
            locators: &[
                Locator {
                    path: "responseElements.importTaskId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:import-image-task/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/ImportImage-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "ImportSnapshot",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:import-snapshot-task",
            locators: &[
                Locator {
                    path: "responseElements.importTaskId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:import-snapshot-task/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/ImportSnapshot-constructed-1.json"),
    row(
        "ec2.amazonaws.com",
        "RegisterImage",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:image",
            locators: &[
                at("responseElements.imageId", "arn:{partition}:ec2:{region}::image/{id}"),
            ],
        }],
    )
    .proven_by("ec2/RegisterImage-invictus-aws_dataset-1.json"),
    row(
        "ec2.amazonaws.com",
        "RequestSpotInstances",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:spot-instances-request",
            locators: &[
                Locator {
                    path: "responseElements.spotInstanceRequestSet.items[].spotInstanceRequestId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ec2:{region}:{account}:spot-instances-request/{id}",
                },
            ],
        }],
    )
    .proven_by("ec2/RequestSpotInstances-constructed-1.json"),
    EventRow {
        tag_attached_volumes: true,
        ..row(
            "ec2.amazonaws.com",
            "RunInstances",
            Route::Ec2,
            &[
                ResourceSpec {
                    resource_type: "ec2:instance",
                    locators: &[at(
                        "responseElements.instancesSet.items[].instanceId",
                        "arn:{partition}:ec2:{region}:{account}:instance/{id}",
                    )],
                },
                ResourceSpec {
                    resource_type: "ec2:network-interface",
                    locators: &[at(
                        "responseElements.instancesSet.items[].networkInterfaceSet.items[].networkInterfaceId",
                        "arn:{partition}:ec2:{region}:{account}:network-interface/{id}",
                    )],
                },
            ],
        )
    }
    .proven_by("ec2/RunInstances-awsdocs-aws-kms-developer-guide-1.json"),
    row(
        "ec2.amazonaws.com",
        "RunScheduledInstances",
        Route::Ec2,
        &[ResourceSpec {
            resource_type: "ec2:instance",
            locators: &[at("responseElements.instanceIdSet.items[].instanceId", "arn:{partition}:ec2:{region}:{account}:instance/{id}"), at("responseElements.instanceIdSet.items[]", "arn:{partition}:ec2:{region}:{account}:instance/{id}")],
        }],
    )
    .proven_by("ec2/RunScheduledInstances-constructed-1.json"),
    row(
        "ecr.amazonaws.com",
        "CreateRepository",
        Route::Ecr,
        &[ResourceSpec {
            resource_type: "ecr:repository",
            locators: &[
                at("responseElements.repository.repositoryArn", "{id}"),
                at(
                    "requestParameters.repositoryName",
                    "arn:{partition}:ecr:{region}:{account}:repository/{id}",
                ),
            ],
        }],
    )
    .proven_by("ecr/CreateRepository-constructed-1.json"),
    row(
        "ecs.amazonaws.com",
        "CreateCapacityProvider",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ecs:capacity-provider",
            locators: &[
                at("responseElements.capacityProvider.capacityProviderArn", "{id}"),
                at("requestParameters.name", "arn:{partition}:ecs:{region}:{account}:capacity-provider/{id}"),
            ],
        }],
    )
    .proven_by("ecs/CreateCapacityProvider-constructed-1.json"),
    row(
        "ecs.amazonaws.com",
        "CreateCluster",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ecs:cluster",
            locators: &[
                at("responseElements.cluster.clusterArn", "{id}"),
                at("requestParameters.clusterName", "arn:{partition}:ecs:{region}:{account}:cluster/{id}"),
            ],
        }],
    )
    .proven_by("ecs/CreateCluster-awsdocs-amazon-ecs-developer-guide-1.json"),
    row(
        "ecs.amazonaws.com",
        "CreateService",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ecs:service",
            locators: &[
                Locator {
                    path: "responseElements.service.serviceArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("ecs/CreateService-constructed-1.json"),
    row(
        "ecs.amazonaws.com",
        "CreateTaskSet",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ecs:task-set",
            locators: &[at("responseElements.taskSet.taskSetArn", "{id}")],
        }],
    )
    .proven_by("ecs/CreateTaskSet-constructed-1.json"),
    row(
        "ecs.amazonaws.com",
        "RunTask",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ecs:task",
            locators: &[at("responseElements.tasks[].taskArn", "{id}")],
        }],
    )
    .proven_by("ecs/RunTask-constructed-1.json"),
    row(
        "eks.amazonaws.com",
        "CreateAddon",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "eks:addon",
            locators: &[
                Locator {
                    path: "responseElements.addon.addonArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("eks/CreateAddon-constructed-1.json"),
    row(
        "eks.amazonaws.com",
        "CreateCluster",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "eks:cluster",
            locators: &[
                at("responseElements.cluster.arn", "{id}"),
                at("requestParameters.name", "arn:{partition}:eks:{region}:{account}:cluster/{id}"),
            ],
        }],
    )
    .proven_by("eks/CreateCluster-vikyol-aws-tags-1.json"),
    row(
        "eks.amazonaws.com",
        "CreateFargateProfile",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "eks:fargateprofile",
            locators: &[
                Locator {
                    path: "responseElements.fargateProfile.fargateProfileArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("eks/CreateFargateProfile-constructed-1.json"),
    row(
        "eks.amazonaws.com",
        "CreateNodegroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "eks:nodegroup",
            locators: &[
                Locator {
                    path: "responseElements.nodegroup.nodegroupArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("eks/CreateNodegroup-constructed-1.json"),
    row(
        "elasticache.amazonaws.com",
        "CopySnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticache:snapshot",
            locators: &[
                at("responseElements.aRN", "{id}"),
                at("responseElements.snapshotName", "arn:{partition}:elasticache:{region}:{account}:snapshot:{id}"),
                at("requestParameters.targetSnapshotName", "arn:{partition}:elasticache:{region}:{account}:snapshot:{id}"),
            ],
        }],
    )
    .proven_by("elasticache/CopySnapshot-constructed-1.json")
    .when_available(),
    row(
        "elasticache.amazonaws.com",
        "CreateCacheCluster",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticache:cluster",
            locators: &[
                Locator {
                    path: "responseElements.aRN",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.cacheClusterId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:elasticache:{region}:{account}:cluster:{id}",
                },
            ],
        }],
    )
    .proven_by("elasticache/CreateCacheCluster-constructed-1.json")
    .when_available(),
    row(
        "elasticache.amazonaws.com",
        "CreateReplicationGroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticache:replicationgroup",
            locators: &[
                Locator {
                    path: "responseElements.aRN",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.replicationGroupId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:elasticache:{region}:{account}:replicationgroup:{id}",
                },
            ],
        }],
    )
    .proven_by("elasticache/CreateReplicationGroup-constructed-1.json")
    .when_available(),
    row(
        "elasticache.amazonaws.com",
        "CreateServerlessCache",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticache:serverlesscache",
            locators: &[
                Locator {
                    path: "responseElements.serverlessCache.aRN",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at("requestParameters.serverlessCacheName", "arn:{partition}:elasticache:{region}:{account}:serverlesscache:{id}"),
            ],
        }],
    )
    .proven_by("elasticache/CreateServerlessCache-constructed-1.json")
    .when_available(),
    row(
        "elasticache.amazonaws.com",
        "CreateSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticache:snapshot",
            locators: &[
                at("responseElements.aRN", "{id}"),
                at("responseElements.snapshotName", "arn:{partition}:elasticache:{region}:{account}:snapshot:{id}"),
                at("requestParameters.snapshotName", "arn:{partition}:elasticache:{region}:{account}:snapshot:{id}"),
            ],
        }],
    )
    .proven_by("elasticache/CreateSnapshot-constructed-1.json")
    .when_available(),
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
    row(
        "elasticfilesystem.amazonaws.com",
        "CreateFileSystem",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticfilesystem:file-system",
            locators: &[
                Locator {
                    path: "responseElements.fileSystemArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "responseElements.fileSystemId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:elasticfilesystem:{region}:{account}:file-system/{id}",
                },
            ],
        }],
    )
    .proven_by("elasticfilesystem/CreateFileSystem-constructed-1.json"),
    untaggable(
        "elasticfilesystem.amazonaws.com",
        "CreateMountTarget",
        "efs mount targets have no arn and cannot carry tags; only file systems and access points can.",
    )
    .proven_by("elasticfilesystem/CreateMountTarget-cloud-custodian-1.json"),
    untaggable(
        "elasticfilesystem.amazonaws.com",
        "CreateTags",
        "createtags only adds tags to an existing file system; it creates nothing.",
    )
    .proven_by("elasticfilesystem/CreateTags-awsdocs-amazon-efs-user-guide-1.json"),
    row(
        "elasticloadbalancing.amazonaws.com",
        "CreateLoadBalancer",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticloadbalancing:loadbalancer",
            locators: &[
                at("responseElements.loadBalancers[].loadBalancerArn", "{id}"),
                at("requestParameters.loadBalancerName", "arn:{partition}:elasticloadbalancing:{region}:{account}:loadbalancer/{id}"),
            ],
        }],
    )
    .proven_by("elasticloadbalancing/CreateLoadBalancer-vikyol-aws-tags-1.json"),
    untaggable(
        "elasticloadbalancing.amazonaws.com",
        "CreateLoadBalancerPolicy",
        "classic elb policies are sub-objects of a load balancer and cannot carry tags.",
    )
    .proven_by("elasticloadbalancing/CreateLoadBalancerPolicy-cloud-custodian-1.json"),
    row(
        "elasticloadbalancing.amazonaws.com",
        "CreateTargetGroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticloadbalancing:targetgroup",
            locators: &[
                Locator {
                    path: "responseElements.targetGroups[].targetGroupArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("elasticloadbalancing/CreateTargetGroup-constructed-1.json"),
    row(
        "elasticmapreduce.amazonaws.com",
        "RunJobFlow",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "elasticmapreduce:cluster",
            locators: &[
                Locator {
                    path: "responseElements.jobFlowId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:elasticmapreduce:{region}:{account}:cluster/{id}",
                },
            ],
        }],
    )
    .proven_by("elasticmapreduce/RunJobFlow-constructed-1.json"),
    row(
        "emr-serverless.amazonaws.com",
        "CreateApplication",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "emr-serverless:application",
            locators: &[at("responseElements.arn", "{id}")],
        }],
    )
    .proven_by("emr-serverless/CreateApplication-constructed-1.json"),
    row(
        "es.amazonaws.com",
        "CreateDomain",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "es:domain",
            locators: &[
                at("responseElements.domainStatus.aRN", "{id}"),
                at("requestParameters.domainName", "arn:{partition}:es:{region}:{account}:domain/{id}"),
            ],
        }],
    )
    .proven_by("es/CreateDomain-awsdocs-amazon-opensearch-service-developer-guide-1.json")
    .when_available(),
    row(
        "events.amazonaws.com",
        "CreateEventBus",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "events:event-bus",
            locators: &[
                Locator {
                    path: "responseElements.eventBusArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at("requestParameters.name", "arn:{partition}:events:{region}:{account}:event-bus/{id}"),
            ],
        }],
    )
    .proven_by("events/CreateEventBus-constructed-1.json"),
    row(
        "events.amazonaws.com",
        "PutRule",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "events:rule",
            locators: &[
                at("responseElements.ruleArn", "{id}"),
                at("requestParameters.name", "arn:{partition}:events:{region}:{account}:rule/{id}"),
            ],
        }],
    )
    .proven_by("events/PutRule-awsdocs-amazon-cloudwatch-user-guide-1.json"),
    untaggable(
        "finspace.amazonaws.com",
        "CreateEnvironment",
        "Amazon FinSpace reached end of support on 7 October 2026 (no new customers since 7 October 2025): no environment can be created",
    )
    .proven_by("finspace/CreateEnvironment-constructed-1.json"),
    row(
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
    .proven_by("firehose/CreateDeliveryStream-constructed-1.json"),
    row(
        "fsx.amazonaws.com",
        "CreateBackup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "fsx:backup",
            locators: &[at("responseElements.backup.resourceARN", "{id}")],
        }],
    )
    .proven_by("fsx/CreateBackup-constructed-1.json")
    .when_available(),
    row(
        "fsx.amazonaws.com",
        "CreateFileSystem",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "fsx:file-system",
            locators: &[
                Locator {
                    path: "responseElements.fileSystem.resourceARN",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("fsx/CreateFileSystem-constructed-1.json"),
    row(
        "fsx.amazonaws.com",
        "CreateFileSystemFromBackup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "fsx:file-system",
            locators: &[at("responseElements.fileSystem.resourceARN", "{id}")],
        }],
    )
    .proven_by("fsx/CreateFileSystemFromBackup-constructed-1.json")
    .when_available(),
    row(
        "fsx.amazonaws.com",
        "CreateSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "fsx:snapshot",
            locators: &[at("responseElements.snapshot.resourceARN", "{id}")],
        }],
    )
    .proven_by("fsx/CreateSnapshot-constructed-1.json")
    .when_available(),
    row(
        "fsx.amazonaws.com",
        "CreateStorageVirtualMachine",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "fsx:storage-virtual-machine",
            locators: &[
                Locator {
                    path: "responseElements.storageVirtualMachine.resourceARN",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("fsx/CreateStorageVirtualMachine-constructed-1.json"),
    row(
        "fsx.amazonaws.com",
        "CreateVolume",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "fsx:volume",
            locators: &[
                Locator {
                    path: "responseElements.volume.resourceARN",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("fsx/CreateVolume-constructed-1.json"),
    row(
        "gamelift.amazonaws.com",
        "CreateBuild",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "gamelift:build",
            locators: &[
                Locator {
                    path: "responseElements.build.buildArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("gamelift/CreateBuild-constructed-1.json"),
    row(
        "gamelift.amazonaws.com",
        "CreateFleet",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "gamelift:fleet",
            locators: &[
                Locator {
                    path: "responseElements.fleetAttributes.fleetArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("gamelift/CreateFleet-constructed-1.json"),
    row(
        "gamelift.amazonaws.com",
        "CreateScript",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "gamelift:script",
            locators: &[
                Locator {
                    path: "responseElements.script.scriptArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("gamelift/CreateScript-constructed-1.json"),
    row(
        "glacier.amazonaws.com",
        "CreateVault",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "glacier:vault",
            locators: &[at("requestParameters.vaultName", "arn:{partition}:glacier:{region}:{account}:vaults/{id}")],
        }],
    )
    .proven_by("glacier/CreateVault-constructed-1.json"),
    row(
        "globalaccelerator.amazonaws.com",
        "CreateAccelerator",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "globalaccelerator:accelerator",
            locators: &[at("responseElements.accelerator.acceleratorArn", "{id}")],
        }],
    )
    .proven_by("globalaccelerator/CreateAccelerator-constructed-1.json"),
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
    row(
        "guardduty.amazonaws.com",
        "CreateThreatIntelSet",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "guardduty:threatintelset",
            locators: &[
                Locator {
                    path: "responseElements.threatIntelSetId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:guardduty:{region}:{account}:detector/{@requestParameters.detectorId}/threatintelset/{id}",
                },
            ],
        }],
    )
    .proven_by("guardduty/CreateThreatIntelSet-awsdocs-amazon-guardduty-user-guide-1.json"),
    row(
        "healthlake.amazonaws.com",
        "CreateFHIRDatastore",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "healthlake:datastore",
            locators: &[at("responseElements.datastoreArn", "{id}")],
        }],
    )
    .proven_by("healthlake/CreateFHIRDatastore-constructed-1.json")
    .when_available(),
    untaggable(
        "iam.amazonaws.com",
        "CreateAccessKey",
        "IAM access keys cannot carry tags; the key's user can",
    )
    .proven_by("iam/CreateAccessKey-invictus-aws_dataset-1.json"),
    row(
        "iam.amazonaws.com",
        "CreateInstanceProfile",
        Route::IamInstanceProfile,
        &[ResourceSpec {
            resource_type: "iam:instance-profile",
            locators: &[
                Locator {
                    path: "responseElements.instanceProfile.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.instanceProfileName",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:iam::{account}:instance-profile/{id}",
                },
            ],
        }],
    )
    .proven_by("iam/CreateInstanceProfile-invictus-aws_dataset-1.json"),
    untaggable(
        "iam.amazonaws.com",
        "CreateLoginProfile",
        "a login profile is a console password on a user and cannot carry tags.",
    )
    .proven_by("iam/CreateLoginProfile-invictus-aws_dataset-1.json"),
    row(
        "iam.amazonaws.com",
        "CreatePolicy",
        Route::IamPolicy,
        &[ResourceSpec {
            resource_type: "iam:policy",
            locators: &[
                Locator {
                    path: "responseElements.policy.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.policyName",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:iam::{account}:policy/{id}",
                },
            ],
        }],
    )
    .proven_by("iam/CreatePolicy-invictus-aws_dataset-1.json"),
    row(
        "iam.amazonaws.com",
        "CreateRole",
        Route::IamRole,
        &[ResourceSpec {
            resource_type: "iam:role",
            locators: &[
                at("responseElements.role.arn", "{id}"),
                at(
                    "requestParameters.roleName",
                    "arn:{partition}:iam::{account}:role/{id}",
                ),
            ],
        }],
    )
    .proven_by("iam/CreateRole-invictus-aws_dataset-1.json"),
    row(
        "iam.amazonaws.com",
        "CreateServiceLinkedRole",
        Route::IamRole,
        &[ResourceSpec {
            resource_type: "iam:role",
            // TagRole takes service-linked roles too; their name is the service's to choose.
            locators: &[at("responseElements.role.arn", "{id}")],
        }],
    )
    .proven_by("iam/CreateServiceLinkedRole-constructed-1.json"),
    row(
        "iam.amazonaws.com",
        "CreateUser",
        Route::IamUser,
        &[ResourceSpec {
            resource_type: "iam:user",
            locators: &[
                at("responseElements.user.arn", "{id}"),
                at(
                    "requestParameters.userName",
                    "arn:{partition}:iam::{account}:user/{id}",
                ),
            ],
        }],
    )
    .proven_by("iam/CreateUser-invictus-aws_dataset-1.json"),
    row(
        "iam.amazonaws.com",
        "CreateVirtualMFADevice",
        Route::IamMfaDevice,
        &[ResourceSpec {
            resource_type: "iam:mfa",
            locators: &[
                at("responseElements.virtualMFADevice.serialNumber", "{id}"),
                at("requestParameters.virtualMFADeviceName", "arn:{partition}:iam::{account}:mfa/{id}"),
            ],
        }],
    )
    .proven_by("iam/CreateVirtualMFADevice-constructed-1.json"),
    row(
        "internetmonitor.amazonaws.com",
        "CreateMonitor",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "internetmonitor:monitor",
            locators: &[
                at("responseElements.Arn", "{id}"),
                at("requestParameters.MonitorName", "arn:{partition}:internetmonitor:{region}:{account}:monitor/{id}"),
            ],
        }],
    )
    .proven_by("internetmonitor/CreateMonitor-adapted-awsdocs-amazon-cloudwatch-user-guide-1.json"),
    row(
        "iot.amazonaws.com",
        "CreateTopicRule",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "iot:rule",
            locators: &[
                Locator {
                    path: "requestParameters.ruleName",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:iot:{region}:{account}:rule/{id}",
                },
            ],
        }],
    )
    .proven_by("iot/CreateTopicRule-constructed-1.json"),
    row(
        "iotsitewise.amazonaws.com",
        "CreateAsset",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "iotsitewise:asset",
            locators: &[
                Locator {
                    path: "responseElements.assetArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("iotsitewise/CreateAsset-constructed-1.json"),
    row(
        "iotsitewise.amazonaws.com",
        "CreateAssetModel",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "iotsitewise:asset-model",
            locators: &[
                Locator {
                    path: "responseElements.assetModelArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("iotsitewise/CreateAssetModel-constructed-1.json"),
    row(
        "iotsitewise.amazonaws.com",
        "CreateGateway",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "iotsitewise:gateway",
            locators: &[
                Locator {
                    path: "responseElements.gatewayArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("iotsitewise/CreateGateway-constructed-1.json"),
    row(
        "iotsitewise.amazonaws.com",
        "CreatePortal",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "iotsitewise:portal",
            locators: &[
                Locator {
                    path: "responseElements.portalArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("iotsitewise/CreatePortal-constructed-1.json"),
    row(
        "kafka.amazonaws.com",
        "CreateCluster",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "kafka:cluster",
            locators: &[
                Locator {
                    path: "responseElements.clusterArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("kafka/CreateCluster-constructed-1.json"),
    row(
        "kafka.amazonaws.com",
        "CreateClusterV2",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "kafka:cluster",
            locators: &[
                Locator {
                    path: "responseElements.clusterArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("kafka/CreateClusterV2-constructed-1.json"),
    row(
        "kendra.amazonaws.com",
        "CreateDataSource",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "kendra:data-source",
            locators: &[at("responseElements.id", "arn:{partition}:kendra:{region}:{account}:index/{@requestParameters.indexId}/data-source/{id}")],
        }],
    )
    .proven_by("kendra/CreateDataSource-constructed-1.json")
    .when_available(),
    row(
        "kendra.amazonaws.com",
        "CreateIndex",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "kendra:index",
            locators: &[
                Locator {
                    path: "responseElements.id",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:kendra:{region}:{account}:index/{id}",
                },
            ],
        }],
    )
    .proven_by("kendra/CreateIndex-constructed-1.json"),
    row(
        "kinesis.amazonaws.com",
        "CreateStream",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "kinesis:stream",
            locators: &[at("requestParameters.streamName", "arn:{partition}:kinesis:{region}:{account}:stream/{id}")],
        }],
    )
    .proven_by("kinesis/CreateStream-constructed-1.json")
    .when_available(),
    row(
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
                at("requestParameters.applicationName", "arn:{partition}:kinesisanalytics:{region}:{account}:application/{id}"),
            ],
        }],
    )
    .proven_by("kinesisanalytics/CreateApplication-constructed-1.json"),
    row(
        "kinesisvideo.amazonaws.com",
        "CreateStream",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "kinesisvideo:stream",
            locators: &[at("responseElements.streamARN", "{id}")],
        }],
    )
    .proven_by("kinesisvideo/CreateStream-constructed-1.json"),
    untaggable(
        "kms.amazonaws.com",
        "CreateAlias",
        "kms aliases cannot carry tags; only kms keys can.",
    )
    .proven_by("kms/CreateAlias-awsdocs-aws-kms-developer-guide-1.json"),
    untaggable(
        "kms.amazonaws.com",
        "CreateCustomKeyStore",
        "kms custom key stores have no arn and cannot carry tags.",
    )
    .proven_by("kms/CreateCustomKeyStore-awsdocs-aws-kms-developer-guide-1.json"),
    untaggable(
        "kms.amazonaws.com",
        "CreateGrant",
        "kms grants are permissions on a key and cannot carry tags.",
    )
    .proven_by("kms/CreateGrant-awsdocs-amazon-dynamodb-developer-guide-1.json"),
    row(
        "kms.amazonaws.com",
        "CreateKey",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "kms:key",
            locators: &[
                at("responseElements.keyMetadata.arn", "{id}"),
                at(
                    "responseElements.keyMetadata.keyId",
                    "arn:{partition}:kms:{region}:{account}:key/{id}",
                ),
            ],
        }],
    )
    .proven_by("kms/CreateKey-awsdocs-aws-kms-developer-guide-1.json"),
    untaggable(
        "lambda.amazonaws.com",
        "CreateAlias20150331",
        "lambda aliases cannot carry tags; their function does",
    )
    .proven_by("lambda/CreateAlias20150331-constructed-1.json"),
    row(
        "lambda.amazonaws.com",
        "CreateFunction20150331",
        Route::TaggingApi,
        LAMBDA_FUNCTION,
    )
    .proven_by("lambda/CreateFunction20150331-invictus-aws_dataset-1.json"),
    untaggable(
        "lambda.amazonaws.com",
        "PublishLayerVersion20181031",
        "lambda layers and layer versions cannot carry tags",
    )
    .proven_by("lambda/PublishLayerVersion20181031-constructed-1.json"),
    untaggable(
        "logs.amazonaws.com",
        "CreateExportTask",
        "cloudwatch logs export tasks cannot carry tags.",
    )
    .proven_by("logs/CreateExportTask-awsdocs-amazon-cloudwatch-user-guide-1.json"),
    row(
        "logs.amazonaws.com",
        "CreateLogGroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "logs:log-group",
            locators: &[at(
                "requestParameters.logGroupName",
                "arn:{partition}:logs:{region}:{account}:log-group:{id}",
            )],
        }],
    )
    .proven_by("logs/CreateLogGroup-invictus-aws_dataset-1.json"),
    untaggable(
        "logs.amazonaws.com",
        "PutQueryDefinition",
        "a CloudWatch Logs Insights query definition cannot carry tags",
    )
    .proven_by("logs/PutQueryDefinition-constructed-1.json"),
    row(
        "m2.amazonaws.com",
        "CreateApplication",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "m2:app",
            locators: &[at("responseElements.applicationArn", "{id}")],
        }],
    )
    .proven_by("m2/CreateApplication-constructed-1.json"),
    row(
        "m2.amazonaws.com",
        "CreateEnvironment",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "m2:env",
            locators: &[at("responseElements.environmentId", "arn:{partition}:m2:{region}:{account}:env/{id}")],
        }],
    )
    .proven_by("m2/CreateEnvironment-constructed-1.json")
    .when_available(),
    untaggable(
        "mediaconvert.amazonaws.com",
        "CreateJob",
        "a MediaConvert job takes tags only in its CreateJob request; TagResource accepts queues, presets and job templates",
    )
    .proven_by("mediaconvert/CreateJob-constructed-1.json"),
    row(
        "medialive.amazonaws.com",
        "CreateChannel",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "medialive:channel",
            locators: &[
                Locator {
                    path: "responseElements.channel.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("medialive/CreateChannel-constructed-1.json"),
    row(
        "medialive.amazonaws.com",
        "CreateInput",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "medialive:input",
            locators: &[
                Locator {
                    path: "responseElements.input.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("medialive/CreateInput-constructed-1.json"),
    row(
        "mediapackage.amazonaws.com",
        "CreateChannel",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "mediapackage:channels",
            locators: &[
                Locator {
                    path: "responseElements.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("mediapackage/CreateChannel-constructed-1.json"),
    row(
        "medical-imaging.amazonaws.com",
        "CreateDatastore",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "medical-imaging:datastore",
            locators: &[at("responseElements.datastoreId", "arn:{partition}:medical-imaging:{region}:{account}:datastore/{id}")],
        }],
    )
    .proven_by("medical-imaging/CreateDatastore-constructed-1.json")
    .when_available(),
    row(
        "memorydb.amazonaws.com",
        "CreateCluster",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "memorydb:cluster",
            locators: &[
                Locator {
                    path: "responseElements.cluster.aRN",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at("requestParameters.clusterName", "arn:{partition}:memorydb:{region}:{account}:cluster/{id}"),
            ],
        }],
    )
    .proven_by("memorydb/CreateCluster-constructed-1.json")
    .when_available(),
    row(
        "monitoring.amazonaws.com",
        "PutDashboard",
        Route::CloudWatch,
        &[ResourceSpec {
            resource_type: "cloudwatch:dashboard",
            locators: &[at("requestParameters.dashboardName", "arn:{partition}:cloudwatch::{account}:dashboard/{id}")],
        }],
    )
    .proven_by("monitoring/PutDashboard-constructed-1.json"),
    row(
        "monitoring.amazonaws.com",
        "PutMetricAlarm",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "cloudwatch:alarm",
            locators: &[
                Locator {
                    path: "requestParameters.alarmName",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:cloudwatch:{region}:{account}:alarm:{id}",
                },
            ],
        }],
    )
    .proven_by("monitoring/PutMetricAlarm-constructed-1.json"),
    row(
        "mq.amazonaws.com",
        "CreateBroker",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "mq:brokers",
            locators: &[
                Locator {
                    path: "responseElements.brokerArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("mq/CreateBroker-constructed-1.json"),
    row(
        "network-firewall.amazonaws.com",
        "CreateFirewall",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "network-firewall:Firewall",
            locators: &[
                Locator {
                    path: "responseElements.firewall.firewallArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at("requestParameters.firewallName", "arn:{partition}:network-firewall:{region}:{account}:firewall/{id}"),
            ],
        }],
    )
    .proven_by("network-firewall/CreateFirewall-constructed-1.json"),
    row(
        "network-firewall.amazonaws.com",
        "CreateFirewallPolicy",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "network-firewall:FirewallPolicy",
            locators: &[
                Locator {
                    path: "responseElements.firewallPolicyResponse.firewallPolicyArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at("requestParameters.firewallPolicyName", "arn:{partition}:network-firewall:{region}:{account}:firewall-policy/{id}"),
            ],
        }],
    )
    .proven_by("network-firewall/CreateFirewallPolicy-constructed-1.json"),
    row(
        "networkmanager.amazonaws.com",
        "CreateCoreNetwork",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "networkmanager:core-network",
            locators: &[at("responseElements.coreNetwork.coreNetworkArn", "{id}")],
        }],
    )
    .proven_by("networkmanager/CreateCoreNetwork-constructed-1.json")
    .when_available(),
    row(
        "networkmanager.amazonaws.com",
        "CreateGlobalNetwork",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "networkmanager:global-network",
            locators: &[at("responseElements.globalNetwork.globalNetworkArn", "{id}")],
        }],
    )
    .proven_by("networkmanager/CreateGlobalNetwork-constructed-1.json"),
    row(
        "omics.amazonaws.com",
        "CreateRunGroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "omics:runGroup",
            locators: &[
                Locator {
                    path: "responseElements.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("omics/CreateRunGroup-constructed-1.json"),
    row(
        "omics.amazonaws.com",
        "CreateSequenceStore",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "omics:sequenceStore",
            locators: &[
                Locator {
                    path: "responseElements.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("omics/CreateSequenceStore-constructed-1.json"),
    untaggable(
        "opsworks.amazonaws.com",
        "CloneStack",
        "AWS OpsWorks Stacks reached end of life on 26 May 2024: no stack can be created any more",
    )
    .proven_by("opsworks/CloneStack-constructed-1.json"),
    untaggable(
        "opsworks.amazonaws.com",
        "CreateStack",
        "AWS OpsWorks Stacks reached end of life on 26 May 2024: no stack can be created any more",
    )
    .proven_by("opsworks/CreateStack-constructed-1.json"),
    row(
        "organizations.amazonaws.com",
        "CreateAccount",
        Route::Organizations,
        &[ResourceSpec {
            resource_type: "organizations:account",
            // The account has no id until Organizations has created it: the record names the
            // create-account request, which the organizations route resolves to the account.
            locators: &[at(
                "responseElements.createAccountStatus.id",
                "arn:{partition}:organizations::{account}:account/{id}",
            )],
        }],
    )
    .proven_by("organizations/CreateAccount-awsdocs-aws-organizations-docs-1.json")
    .when_available(),
    row(
        "organizations.amazonaws.com",
        "CreateOrganizationalUnit",
        Route::Organizations,
        &[ResourceSpec {
            resource_type: "organizations:organizationalunit",
            locators: &[at("responseElements.organizationalUnit.arn", "{id}")],
        }],
    )
    .proven_by("organizations/CreateOrganizationalUnit-awsdocs-aws-organizations-docs-1.json"),
    row(
        "payment-cryptography.amazonaws.com",
        "CreateKey",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "payment-cryptography:key",
            locators: &[
                Locator {
                    path: "responseElements.key.keyArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("payment-cryptography/CreateKey-constructed-1.json"),
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
    row(
        "ram.amazonaws.com",
        "CreateResourceShare",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ram:resource-share",
            locators: &[
                Locator {
                    path: "responseElements.resourceShare.resourceShareArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("ram/CreateResourceShare-constructed-1.json"),
    row(
        "rds.amazonaws.com",
        "CopyDBClusterSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:cluster-snapshot",
            locators: &[
                at("responseElements.dBClusterSnapshotArn", "{id}"),
                at("responseElements.dBClusterSnapshotIdentifier", "arn:{partition}:rds:{region}:{account}:cluster-snapshot:{id}"),
                at("requestParameters.targetDBClusterSnapshotIdentifier", "arn:{partition}:rds:{region}:{account}:cluster-snapshot:{id}"),
            ],
        }],
    )
    .proven_by("rds/CopyDBClusterSnapshot-panther-analysis-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "CopyDBSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:snapshot",
            locators: &[
                at("responseElements.dBSnapshotArn", "{id}"),
                at("responseElements.dBSnapshotIdentifier", "arn:{partition}:rds:{region}:{account}:snapshot:{id}"),
                at("requestParameters.targetDBSnapshotIdentifier", "arn:{partition}:rds:{region}:{account}:snapshot:{id}"),
                at("requestParameters.dBSnapshotIdentifier", "arn:{partition}:rds:{region}:{account}:snapshot:{id}"),
            ],
        }],
    )
    .proven_by("rds/CopyDBSnapshot-panther-analysis-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "CreateDBCluster",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:cluster",
            locators: &[
                Locator {
                    path: "responseElements.dBClusterArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.dBClusterIdentifier",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:rds:{region}:{account}:cluster:{id}",
                },
            ],
        }],
    )
    .proven_by("rds/CreateDBCluster-constructed-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "CreateDBClusterSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:cluster-snapshot",
            locators: &[
                Locator {
                    path: "responseElements.dBClusterSnapshotArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.dBClusterSnapshotIdentifier",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:rds:{region}:{account}:cluster-snapshot:{id}",
                },
            ],
        }],
    )
    .proven_by("rds/CreateDBClusterSnapshot-constructed-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "CreateDBInstance",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:db",
            locators: &[
                at("responseElements.dBInstanceArn", "{id}"),
                at(
                    "requestParameters.dBInstanceIdentifier",
                    "arn:{partition}:rds:{region}:{account}:db:{id}",
                ),
            ],
        }],
    )
    .proven_by("rds/CreateDBInstance-awsdocs-amazon-rds-user-guide-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "CreateDBInstanceReadReplica",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:db",
            locators: &[
                at("responseElements.dBInstanceArn", "{id}"),
                at("requestParameters.dBInstanceIdentifier", "arn:{partition}:rds:{region}:{account}:db:{id}"),
            ],
        }],
    )
    .proven_by("rds/CreateDBInstanceReadReplica-panther-analysis-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "CreateDBProxy",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:proxy",
            locators: &[
                Locator {
                    path: "responseElements.dBProxy.dBProxyArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("rds/CreateDBProxy-constructed-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "CreateDBSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:snapshot",
            locators: &[
                at("responseElements.dBSnapshotArn", "{id}"),
                at("responseElements.dBSnapshotIdentifier", "arn:{partition}:rds:{region}:{account}:snapshot:{id}"),
                at("requestParameters.targetDBSnapshotIdentifier", "arn:{partition}:rds:{region}:{account}:snapshot:{id}"),
                at("requestParameters.dBSnapshotIdentifier", "arn:{partition}:rds:{region}:{account}:snapshot:{id}"),
            ],
        }],
    )
    .proven_by("rds/CreateDBSnapshot-invictus-aws_dataset-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "CreateDBSubnetGroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:subgrp",
            locators: &[
                at("responseElements.dBSubnetGroupArn", "{id}"),
                at("requestParameters.dBSubnetGroupName", "arn:{partition}:rds:{region}:{account}:subgrp:{id}"),
            ],
        }],
    )
    .proven_by("rds/CreateDBSubnetGroup-invictus-aws_dataset-1.json"),
    row(
        "rds.amazonaws.com",
        "CreateGlobalCluster",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:global-cluster",
            locators: &[at("responseElements.globalClusterArn", "{id}"), at("requestParameters.globalClusterIdentifier", "arn:{partition}:rds::{account}:global-cluster:{id}")],
        }],
    )
    .proven_by("rds/CreateGlobalCluster-constructed-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "RestoreDBClusterFromSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:cluster",
            locators: &[
                Locator {
                    path: "responseElements.dBClusterArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.dBClusterIdentifier",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:rds:{region}:{account}:cluster:{id}",
                },
            ],
        }],
    )
    .proven_by("rds/RestoreDBClusterFromSnapshot-constructed-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "RestoreDBClusterToPointInTime",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:cluster",
            locators: &[
                Locator {
                    path: "responseElements.dBClusterArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.dBClusterIdentifier",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:rds:{region}:{account}:cluster:{id}",
                },
            ],
        }],
    )
    .proven_by("rds/RestoreDBClusterToPointInTime-constructed-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "RestoreDBInstanceFromDBSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:db",
            locators: &[
                at("responseElements.dBInstanceArn", "{id}"),
                at("requestParameters.dBInstanceIdentifier", "arn:{partition}:rds:{region}:{account}:db:{id}"),
            ],
        }],
    )
    .proven_by("rds/RestoreDBInstanceFromDBSnapshot-panther-analysis-1.json")
    .when_available(),
    row(
        "rds.amazonaws.com",
        "RestoreDBInstanceToPointInTime",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "rds:db",
            locators: &[
                Locator {
                    path: "responseElements.dBInstanceArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                Locator {
                    path: "requestParameters.targetDBInstanceIdentifier",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:rds:{region}:{account}:db:{id}",
                },
            ],
        }],
    )
    .proven_by("rds/RestoreDBInstanceToPointInTime-constructed-1.json")
    .when_available(),
    row(
        "redshift-serverless.amazonaws.com",
        "CreateNamespace",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "redshift-serverless:namespace",
            locators: &[
                Locator {
                    path: "responseElements.namespace.namespaceArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("redshift-serverless/CreateNamespace-constructed-1.json"),
    row(
        "redshift-serverless.amazonaws.com",
        "CreateSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "redshift-serverless:snapshot",
            locators: &[at("responseElements.snapshot.snapshotArn", "{id}")],
        }],
    )
    .proven_by("redshift-serverless/CreateSnapshot-constructed-1.json")
    .when_available(),
    row(
        "redshift-serverless.amazonaws.com",
        "CreateWorkgroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "redshift-serverless:workgroup",
            locators: &[
                Locator {
                    path: "responseElements.workgroup.workgroupArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("redshift-serverless/CreateWorkgroup-constructed-1.json")
    .when_available(),
    row(
        "redshift.amazonaws.com",
        "CreateCluster",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "redshift:cluster",
            locators: &[
                Locator {
                    path: "responseElements.clusterIdentifier",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:redshift:{region}:{account}:cluster:{id}",
                },
                Locator {
                    path: "requestParameters.clusterIdentifier",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:redshift:{region}:{account}:cluster:{id}",
                },
            ],
        }],
    )
    .proven_by("redshift/CreateCluster-constructed-1.json")
    .when_available(),
    row(
        "redshift.amazonaws.com",
        "CreateClusterSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "redshift:snapshot",
            locators: &[at("responseElements.snapshotIdentifier", "arn:{partition}:redshift:{region}:{account}:snapshot:{@requestParameters.clusterIdentifier}/{id}"), at("requestParameters.snapshotIdentifier", "arn:{partition}:redshift:{region}:{account}:snapshot:{@requestParameters.clusterIdentifier}/{id}")],
        }],
    )
    .proven_by("redshift/CreateClusterSnapshot-constructed-1.json")
    .when_available(),
    row(
        "redshift.amazonaws.com",
        "RestoreFromClusterSnapshot",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "redshift:cluster",
            locators: &[at("responseElements.clusterIdentifier", "arn:{partition}:redshift:{region}:{account}:cluster:{id}"), at("requestParameters.clusterIdentifier", "arn:{partition}:redshift:{region}:{account}:cluster:{id}")],
        }],
    )
    .proven_by("redshift/RestoreFromClusterSnapshot-constructed-1.json")
    .when_available(),
    row(
        "resiliencehub.amazonaws.com",
        "CreateApp",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "resiliencehub:application",
            locators: &[
                Locator {
                    path: "responseElements.app.appArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("resiliencehub/CreateApp-constructed-1.json"),
    row(
        "rolesanywhere.amazonaws.com",
        "CreateProfile",
        Route::RolesAnywhere,
        &[ResourceSpec {
            resource_type: "rolesanywhere:profile",
            locators: &[at("responseElements.profile.profileArn", "{id}")],
        }],
    )
    .proven_by("rolesanywhere/CreateProfile-invictus-aws_dataset-1.json"),
    row(
        "rolesanywhere.amazonaws.com",
        "CreateTrustAnchor",
        Route::RolesAnywhere,
        &[ResourceSpec {
            resource_type: "rolesanywhere:trust-anchor",
            locators: &[at("responseElements.trustAnchor.trustAnchorArn", "{id}")],
        }],
    )
    .proven_by("rolesanywhere/CreateTrustAnchor-invictus-aws_dataset-1.json"),
    row(
        "route53.amazonaws.com",
        "CreateHealthCheck",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "route53:healthcheck",
            locators: &[at("responseElements.healthCheck.id", "arn:{partition}:route53:::healthcheck/{id}")],
        }],
    )
    .proven_by("route53/CreateHealthCheck-constructed-1.json"),
    row(
        "route53.amazonaws.com",
        "CreateHostedZone",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "route53:hostedzone",
            locators: &[Locator {
                    path: "responseElements.hostedZone.id",
                    transform: Transform::LastPathSegment,
                    arn: "arn:{partition}:route53:::hostedzone/{id}",
                }],
        }],
    )
    .proven_by("route53/CreateHostedZone-constructed-1.json"),
    row(
        "s3.amazonaws.com",
        "CreateBucket",
        Route::S3Bucket,
        &[ResourceSpec {
            resource_type: "s3:bucket",
            locators: &[at(
                "requestParameters.bucketName",
                "arn:{partition}:s3:::{id}",
            )],
        }],
    )
    .proven_by("s3/CreateBucket-cloud-custodian-1.json"),
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
            locators: &[
                Locator {
                    path: "responseElements.endpointArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("sagemaker/CreateEndpoint-constructed-1.json"),
    row(
        "sagemaker.amazonaws.com",
        "CreateEndpointConfig",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "sagemaker:endpoint-config",
            locators: &[
                Locator {
                    path: "responseElements.endpointConfigArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
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
            locators: &[
                Locator {
                    path: "responseElements.modelArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("sagemaker/CreateModel-constructed-1.json"),
    row(
        "sagemaker.amazonaws.com",
        "CreateNotebookInstance",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "sagemaker:notebook-instance",
            locators: &[
                Locator {
                    path: "responseElements.notebookInstanceArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("sagemaker/CreateNotebookInstance-constructed-1.json"),
    row(
        "sagemaker.amazonaws.com",
        "CreatePipeline",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "sagemaker:pipeline",
            locators: &[
                Locator {
                    path: "responseElements.pipelineArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("sagemaker/CreatePipeline-constructed-1.json"),
    row(
        "sagemaker.amazonaws.com",
        "CreateProcessingJob",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "sagemaker:processing-job",
            locators: &[
                Locator {
                    path: "responseElements.processingJobArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("sagemaker/CreateProcessingJob-constructed-1.json"),
    row(
        "sagemaker.amazonaws.com",
        "CreateTrainingJob",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "sagemaker:training-job",
            locators: &[
                Locator {
                    path: "responseElements.trainingJobArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("sagemaker/CreateTrainingJob-constructed-1.json"),
    row(
        "sagemaker.amazonaws.com",
        "CreateTransformJob",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "sagemaker:transform-job",
            locators: &[
                Locator {
                    path: "responseElements.transformJobArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("sagemaker/CreateTransformJob-constructed-1.json"),
    untaggable(
        "scheduler.amazonaws.com",
        "CreateSchedule",
        "an EventBridge Scheduler schedule cannot carry tags; its schedule group can",
    )
    .proven_by("scheduler/CreateSchedule-constructed-1.json"),
    row(
        "scheduler.amazonaws.com",
        "CreateScheduleGroup",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "scheduler:schedule-group",
            locators: &[
                Locator {
                    path: "responseElements.scheduleGroupArn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
                at("requestParameters.name", "arn:{partition}:scheduler:{region}:{account}:schedule-group/{id}"),
            ],
        }],
    )
    .proven_by("scheduler/CreateScheduleGroup-constructed-1.json"),
    row(
        "secretsmanager.amazonaws.com",
        "CreateSecret",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "secretsmanager:secret",
            locators: &[at("responseElements.arn", "{id}")],
        }],
    )
    .proven_by("secretsmanager/CreateSecret-invictus-aws_dataset-1.json"),
    untaggable(
        "securityhub.amazonaws.com",
        "CreateInsight",
        "Security Hub insights cannot carry tags; only the hub, automation rules and configuration policies can",
    )
    .proven_by("securityhub/CreateInsight-panther-analysis-1.json"),
    row(
        "securityhub.amazonaws.com",
        "EnableSecurityHub",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "securityhub:hub",
            // The response is empty and the hub has no id of its own: one `hub/default` per
            // account and region. The locator only has to find the record's account.
            locators: &[at(
                "recipientAccountId",
                "arn:{partition}:securityhub:{region}:{account}:hub/default",
            )],
        }],
    )
    .proven_by("securityhub/EnableSecurityHub-constructed-1.json"),
    untaggable(
        "servicecatalog.amazonaws.com",
        "CreatePortfolio",
        "Service Catalog has no tag-only action for portfolios: their tags change through `UpdatePortfolio`, which can also rewrite the portfolio, a power the auto-tag role is not given",
    )
    .proven_by("servicecatalog/CreatePortfolio-constructed-1.json"),
    row(
        "servicediscovery.amazonaws.com",
        "CreateHttpNamespace",
        Route::CloudMap,
        &[ResourceSpec {
            resource_type: "servicediscovery:namespace",
            locators: &[at("responseElements.operationId", "arn:{partition}:servicediscovery:{region}:{account}:namespace/{id}")],
        }],
    )
    .proven_by("servicediscovery/CreateHttpNamespace-constructed-1.json")
    .when_available(),
    row(
        "servicediscovery.amazonaws.com",
        "CreatePrivateDnsNamespace",
        Route::CloudMap,
        &[ResourceSpec {
            resource_type: "servicediscovery:namespace",
            locators: &[at("responseElements.operationId", "arn:{partition}:servicediscovery:{region}:{account}:namespace/{id}")],
        }],
    )
    .proven_by("servicediscovery/CreatePrivateDnsNamespace-constructed-1.json")
    .when_available(),
    row(
        "servicediscovery.amazonaws.com",
        "CreatePublicDnsNamespace",
        Route::CloudMap,
        &[ResourceSpec {
            resource_type: "servicediscovery:namespace",
            locators: &[at("responseElements.operationId", "arn:{partition}:servicediscovery:{region}:{account}:namespace/{id}")],
        }],
    )
    .proven_by("servicediscovery/CreatePublicDnsNamespace-constructed-1.json")
    .when_available(),
    row(
        "servicediscovery.amazonaws.com",
        "CreateService",
        Route::CloudMap,
        &[ResourceSpec {
            resource_type: "servicediscovery:service",
            locators: &[at("responseElements.service.arn", "{id}")],
        }],
    )
    .proven_by("servicediscovery/CreateService-constructed-1.json"),
    row(
        "sns.amazonaws.com",
        "CreateTopic",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "sns:topic",
            locators: &[
                at("responseElements.topicArn", "{id}"),
                at(
                    "requestParameters.name",
                    "arn:{partition}:sns:{region}:{account}:{id}",
                ),
            ],
        }],
    )
    .proven_by("sns/CreateTopic-vikyol-aws-tags-1.json"),
    untaggable(
        "sqlworkbench.amazonaws.com",
        "CreateConnection",
        "SQL Workbench (the Redshift query editor's back end) has no public API or SDK to tag with, and it tags the connection with its owner itself (`sqlworkbench-resource-owner`)",
    )
    .proven_by("sqlworkbench/CreateConnection-awsdocs-amazon-redshift-management-guide-1.json"),
    row(
        "sqs.amazonaws.com",
        "CreateQueue",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "sqs:queue",
            locators: &[
                Locator {
                    path: "responseElements.queueUrl",
                    transform: Transform::LastPathSegment,
                    arn: "arn:{partition}:sqs:{region}:{account}:{id}",
                },
                at(
                    "requestParameters.queueName",
                    "arn:{partition}:sqs:{region}:{account}:{id}",
                ),
            ],
        }],
    )
    .proven_by("sqs/CreateQueue-awsdocs-amazon-sqs-developer-guide-1.json"),
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
            locators: &[
                Locator {
                    path: "responseElements.windowId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ssm:{region}:{account}:maintenancewindow/{id}",
                },
            ],
        }],
    )
    .proven_by("ssm/CreateMaintenanceWindow-constructed-1.json"),
    row(
        "ssm.amazonaws.com",
        "CreateOpsItem",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ssm:opsitem",
            locators: &[at("responseElements.opsItemArn", "{id}"), at("responseElements.opsItemId", "arn:{partition}:ssm:{region}:{account}:opsitem/{id}")],
        }],
    )
    .proven_by("ssm/CreateOpsItem-constructed-1.json"),
    row(
        "ssm.amazonaws.com",
        "CreatePatchBaseline",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "ssm:patchbaseline",
            locators: &[
                Locator {
                    path: "responseElements.baselineId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:ssm:{region}:{account}:patchbaseline/{id}",
                },
            ],
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
    untaggable(
        "sso.amazonaws.com",
        "CreateToken",
        "it issues an OIDC access token, which is not a resource",
    )
    .proven_by("sso/CreateToken-awsdocs-aws-single-sign-on-user-guide-1.json"),
    row(
        "states.amazonaws.com",
        "CreateActivity",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "states:activity",
            locators: &[
                at("responseElements.activityArn", "{id}"),
                at("requestParameters.name", "arn:{partition}:states:{region}:{account}:activity:{id}"),
            ],
        }],
    )
    .proven_by("states/CreateActivity-awsdocs-aws-step-functions-developer-guide-1.json"),
    row(
        "states.amazonaws.com",
        "CreateStateMachine",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "states:stateMachine",
            locators: &[
                at("responseElements.stateMachineArn", "{id}"),
                at("requestParameters.name", "arn:{partition}:states:{region}:{account}:stateMachine:{id}"),
            ],
        }],
    )
    .proven_by("states/CreateStateMachine-awsdocs-aws-step-functions-developer-guide-1.json"),
    untaggable(
        "states.amazonaws.com",
        "StartExecution",
        "a Step Functions execution cannot carry tags; its state machine can",
    )
    .proven_by("states/StartExecution-awsdocs-aws-step-functions-developer-guide-1.json"),
    row(
        "storagegateway.amazonaws.com",
        "ActivateGateway",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "storagegateway:gateway",
            locators: &[at("responseElements.gatewayARN", "{id}")],
        }],
    )
    .proven_by("storagegateway/ActivateGateway-constructed-1.json"),
    row(
        "storagegateway.amazonaws.com",
        "CreateTapePool",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "storagegateway:tapepool",
            locators: &[at("responseElements.poolARN", "{id}")],
        }],
    )
    .proven_by("storagegateway/CreateTapePool-constructed-1.json"),
    row(
        "timestream.amazonaws.com",
        "CreateDatabase",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "timestream:database",
            locators: &[
                at("responseElements.database.arn", "{id}"),
                at("requestParameters.databaseName", "arn:{partition}:timestream:{region}:{account}:database/{id}"),
            ],
        }],
    )
    .proven_by("timestream/CreateDatabase-constructed-1.json"),
    row(
        "timestream.amazonaws.com",
        "CreateTable",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "timestream:table",
            locators: &[
                at("responseElements.table.arn", "{id}"),
                at("requestParameters.tableName", "arn:{partition}:timestream:{region}:{account}:database/{@requestParameters.databaseName}/table/{id}"),
            ],
        }],
    )
    .proven_by("timestream/CreateTable-constructed-1.json"),
    row(
        "transfer.amazonaws.com",
        "CreateConnector",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "transfer:connector",
            locators: &[at("responseElements.connectorId", "arn:{partition}:transfer:{region}:{account}:connector/{id}")],
        }],
    )
    .proven_by("transfer/CreateConnector-constructed-1.json"),
    row(
        "transfer.amazonaws.com",
        "CreateServer",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "transfer:server",
            locators: &[
                Locator {
                    path: "responseElements.serverId",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:transfer:{region}:{account}:server/{id}",
                },
            ],
        }],
    )
    .proven_by("transfer/CreateServer-constructed-1.json"),
    row(
        "transfer.amazonaws.com",
        "CreateUser",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "transfer:user",
            locators: &[
                Locator {
                    path: "responseElements.userName",
                    transform: Transform::AsIs,
                    arn: "arn:{partition}:transfer:{region}:{account}:user/{@responseElements.serverId}/{id}",
                },
                at("requestParameters.userName", "arn:{partition}:transfer:{region}:{account}:user/{@requestParameters.serverId}/{id}"),
            ],
        }],
    )
    .proven_by("transfer/CreateUser-constructed-1.json"),
    row(
        "vpc-lattice.amazonaws.com",
        "CreateService",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "vpc-lattice:Service",
            locators: &[
                Locator {
                    path: "responseElements.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("vpc-lattice/CreateService-constructed-1.json"),
    row(
        "vpc-lattice.amazonaws.com",
        "CreateServiceNetwork",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "vpc-lattice:ServiceNetwork",
            locators: &[
                Locator {
                    path: "responseElements.arn",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("vpc-lattice/CreateServiceNetwork-constructed-1.json"),
    row(
        "wafv2.amazonaws.com",
        "CreateIPSet",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "wafv2:ipset",
            locators: &[
                Locator {
                    path: "responseElements.summary.aRN",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("wafv2/CreateIPSet-constructed-1.json"),
    row(
        "wafv2.amazonaws.com",
        "CreateWebACL",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "wafv2:webacl",
            locators: &[
                Locator {
                    path: "responseElements.summary.aRN",
                    transform: Transform::AsIs,
                    arn: "{id}",
                },
            ],
        }],
    )
    .proven_by("wafv2/CreateWebACL-constructed-1.json"),
    row(
        "workspaces.amazonaws.com",
        "CreateWorkspaces",
        Route::TaggingApi,
        &[ResourceSpec {
            resource_type: "workspaces:workspace",
            locators: &[at("responseElements.pendingRequests[].workspaceId", "arn:{partition}:workspaces:{region}:{account}:workspace/{id}")],
        }],
    )
    .proven_by("workspaces/CreateWorkspaces-constructed-1.json")
    .when_available(),
];

const LAMBDA_FUNCTION: &[ResourceSpec] = &[ResourceSpec {
    resource_type: "lambda:function",
    locators: &[
        at("responseElements.functionArn", "{id}"),
        at(
            "requestParameters.functionName",
            "arn:{partition}:lambda:{region}:{account}:function:{id}",
        ),
    ],
}];

const fn row(
    event_source: &'static str,
    event_name: &'static str,
    route: Route,
    resources: &'static [ResourceSpec],
) -> EventRow {
    EventRow {
        event_source,
        event_name,
        resources,
        route,
        tag_attached_volumes: false,
        readiness: Readiness::Immediate,
        fixture: "",
        untaggable_because: "",
        creation_mark: None,
    }
}

/// An event that creates nothing taggable, and why.
const fn untaggable(
    event_source: &'static str,
    event_name: &'static str,
    because: &'static str,
) -> EventRow {
    EventRow {
        untaggable_because: because,
        ..row(event_source, event_name, Route::Untaggable, &[])
    }
}

/// Where a global service's resources are tagged, in `partition`: its control-plane region.
/// Regional services are tagged in the record's own region (`None`).
pub fn global_region(event_source: &str, partition: &str) -> Option<&'static str> {
    let global = matches!(
        event_source,
        "iam.amazonaws.com"
            | "cloudfront.amazonaws.com"
            | "organizations.amazonaws.com"
            | "route53.amazonaws.com"
    );
    global.then_some(match partition {
        "aws-cn" => "cn-north-1",
        "aws-us-gov" => "us-gov-west-1",
        _ => "us-east-1",
    })
}

/// The row for `(event_source, event_name)`, if autotag supports that event.
///
/// Lambda logs its calls under versioned names (`CreateFunction20150331`) and a new API version
/// renames them (`…20150331v2`), so a row whose name carries a version matches every version of
/// the same call, and nothing else (`CreateFunctionUrlConfig20211031` is not `CreateFunction`).
pub fn lookup(event_source: &str, event_name: &str) -> Option<&'static EventRow> {
    let same_source = || {
        ROWS.iter()
            .filter(move |row| row.event_source == event_source)
    };
    same_source()
        .find(|row| row.event_name == event_name)
        .or_else(|| {
            let (base, version) = split_api_version(event_name);
            version?;
            same_source().find(|row| {
                let (row_base, row_version) = split_api_version(row.event_name);
                row_version.is_some() && row_base == base
            })
        })
}

/// Splits a versioned event name into its call and its API version:
/// `CreateFunction20150331v2` is `CreateFunction` at `20150331v2`.
pub fn split_api_version(event_name: &str) -> (&str, Option<&str>) {
    let without_revision = match event_name.rfind('v') {
        Some(at)
            if at + 1 < event_name.len()
                && event_name
                    .get(at + 1..)
                    .is_some_and(|digits| digits.bytes().all(|b| b.is_ascii_digit())) =>
        {
            event_name.get(..at).unwrap_or(event_name)
        }
        _ => event_name,
    };
    let digits = without_revision
        .bytes()
        .rev()
        .take_while(u8::is_ascii_digit)
        .count();
    if digits != 8 || digits == without_revision.len() {
        return (event_name, None);
    }
    let split = without_revision.len() - digits;
    match (event_name.get(..split), event_name.get(split..)) {
        (Some(base), Some(version)) => (base, Some(version)),
        _ => (event_name, None),
    }
}

/// A resource an event created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreatedResource {
    /// Its ARN.
    pub arn: Arn,
    /// Its type, as `service:type`.
    pub resource_type: &'static str,
}

/// What could not be made into a resource, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The value found does not make a valid ARN.
    #[error("`{path}` holds `{value}`, which does not make a valid ARN: {problem}")]
    InvalidArn {
        /// Where the value was found.
        path: &'static str,
        /// The value found.
        value: String,
        /// Why the ARN is invalid.
        problem: String,
    },
    /// A value from the record holds template syntax. Values are substituted once and never
    /// expanded, but a brace in an id is never part of a real one: the record is forged.
    #[error(
        "`{path}` holds `{value}`, which contains `{{` or `}}`: a value from the record is never expanded into an ARN template"
    )]
    TemplateSyntax {
        /// Where the value was found.
        path: &'static str,
        /// The value found.
        value: String,
    },
    /// An id with a `:` where the template ends in `:{id}`: the colon would add a qualifier and
    /// name another resource (`function:name:alias` is an alias, not the function).
    #[error(
        "`{path}` holds `{value}`, whose `:` would make `{template}` name another resource than the one created"
    )]
    Qualified {
        /// Where the value was found.
        path: &'static str,
        /// The value found.
        value: String,
        /// The ARN template.
        template: &'static str,
    },
    /// The template names a second field (`{@path}`) the record does not have.
    #[error("`{path}` names a resource, but the record has no `{reference}` for its ARN")]
    MissingReference {
        /// Where the resource's id was found.
        path: &'static str,
        /// The field the template also needs.
        reference: &'static str,
    },
    /// A registry template that does not parse; a test keeps every row's well-formed.
    #[error("the ARN template `{template}` is not well-formed")]
    BadTemplate {
        /// The template.
        template: &'static str,
    },
    /// A located ARN in another account than the one the event came from.
    #[error(
        "`{path}` names `{arn}` in account `{found}`, but the event is from account `{expected}`: autotag tags only in the account that sent the event"
    )]
    OtherAccount {
        /// Where the ARN was found.
        path: &'static str,
        /// The ARN.
        arn: String,
        /// The ARN's account.
        found: String,
        /// The event's account.
        expected: String,
    },
    /// Nothing was found, and the record has no response: CloudTrail omits large or sensitive
    /// responses, and the request of this record does not name what was created.
    #[error(
        "`{event_name}` succeeded but the record names no created resource: its `responseElements` is null (CloudTrail omits large or sensitive responses) and its request does not name the resource"
    )]
    ResponseOmitted {
        /// The event's name.
        event_name: &'static str,
    },
}

/// The identity parts an ARN template is filled from.
#[derive(Debug, Clone, Copy)]
pub struct ArnContext<'a> {
    /// The record's partition.
    pub partition: &'a str,
    /// The record's region.
    pub region: &'a Region,
    /// The account the resource was created in.
    pub account: &'a AccountId,
}

impl EventRow {
    /// Every resource the record names, deduplicated, in the order found.
    ///
    /// Every ARN is in the context's account or in none (S3 buckets): the hub tags only in the
    /// account the event came from, so a record naming another account's resource is refused.
    pub fn extract(
        &self,
        record: &Record,
        context: ArnContext<'_>,
    ) -> Result<Vec<CreatedResource>, ExtractError> {
        let mut created: Vec<CreatedResource> = Vec::new();
        for spec in self.resources {
            for locator in spec.locators {
                let values = locate(record, self.event_name, locator.path);
                if values.is_empty() {
                    continue;
                }
                for value in values {
                    let arn = build_arn(locator, value, context, record.json())?;
                    if !arn.account().is_empty() && arn.account() != context.account.as_str() {
                        return Err(ExtractError::OtherAccount {
                            path: locator.path,
                            arn: arn.as_str().to_owned(),
                            found: arn.account().to_owned(),
                            expected: context.account.as_str().to_owned(),
                        });
                    }
                    if !created.iter().any(|known| known.arn == arn) {
                        created.push(CreatedResource {
                            arn,
                            resource_type: spec.resource_type,
                        });
                    }
                }
                break;
            }
        }
        let response_omitted = record
            .json()
            .get("responseElements")
            .is_none_or(Value::is_null);
        if created.is_empty() && !self.resources.is_empty() && response_omitted {
            return Err(ExtractError::ResponseOmitted {
                event_name: self.event_name,
            });
        }
        Ok(created)
    }
}

/// Values at `path`, also looking inside the `<EventName>Response` wrapper some EC2 records
/// put around their response elements.
fn locate<'a>(record: &'a Record, event_name: &str, path: &str) -> Vec<&'a str> {
    let json = record.json();
    let direct: Vec<&str> = strings_at(json, path)
        .into_iter()
        .filter(|v| !v.is_empty())
        .collect();
    if !direct.is_empty() {
        return direct;
    }
    let Some(rest) = path.strip_prefix("responseElements.") else {
        return direct;
    };
    let wrapper = format!("responseElements.{event_name}Response");
    match crate::json_path::value_at(json, &wrapper) {
        Some(inner) => strings_at(inner, rest)
            .into_iter()
            .filter(|v| !v.is_empty())
            .collect(),
        None => Vec::new(),
    }
}

/// Templates ending in `:{id}` whose resources' names may themselves hold a `:` (alarm and
/// CodeDeploy application names are free text), so a colon there adds no qualifier.
const COLON_NAMES: &[&str] = &[
    "arn:{partition}:cloudwatch:{region}:{account}:alarm:{id}",
    "arn:{partition}:codedeploy:{region}:{account}:application:{id}",
];

/// The ARN `locator` makes of `value`, refusing template syntax, a qualifying `:` and an
/// invalid result; shared with [`crate::tag_change`], whose rows name resources the same way.
pub(crate) fn build_arn(
    locator: &Locator,
    value: &str,
    context: ArnContext<'_>,
    record: &Value,
) -> Result<Arn, ExtractError> {
    let id = match locator.transform {
        Transform::AsIs => value,
        Transform::LastPathSegment => value
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(value),
        Transform::WithoutLeadingSlash => value.strip_prefix('/').unwrap_or(value),
    };
    if has_template_syntax(value) {
        return Err(ExtractError::TemplateSyntax {
            path: locator.path,
            value: value.to_owned(),
        });
    }
    if id.contains(':') && locator.arn.ends_with(":{id}") && !COLON_NAMES.contains(&locator.arn) {
        return Err(ExtractError::Qualified {
            path: locator.path,
            value: value.to_owned(),
            template: locator.arn,
        });
    }
    let text = fill(locator, id, context, record)?;
    Arn::parse(&text).map_err(|err| ExtractError::InvalidArn {
        path: locator.path,
        value: value.to_owned(),
        problem: err.to_string(),
    })
}

fn has_template_syntax(value: &str) -> bool {
    value.contains(['{', '}'])
}

/// Fills `locator`'s template in one pass over the template: each placeholder is replaced by
/// its value, and what a value holds is never read as a placeholder.
fn fill(
    locator: &Locator,
    id: &str,
    context: ArnContext<'_>,
    record: &Value,
) -> Result<String, ExtractError> {
    let template = locator.arn;
    let bad_template = || ExtractError::BadTemplate { template };
    let mut out = String::with_capacity(template.len() + id.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let (before, tail) = rest.split_at(start);
        out.push_str(before);
        let end = tail.find('}').ok_or_else(bad_template)?;
        let name = tail.get(1..end).ok_or_else(bad_template)?;
        let value = match name {
            "partition" => context.partition,
            "region" => context.region.as_str(),
            "account" => context.account.as_str(),
            "id" => id,
            _ => {
                let reference = name.strip_prefix('@').ok_or_else(bad_template)?;
                let found = crate::json_path::str_at(record, reference)
                    .filter(|v| !v.is_empty())
                    .ok_or(ExtractError::MissingReference {
                        path: locator.path,
                        reference,
                    })?;
                if has_template_syntax(found) {
                    return Err(ExtractError::TemplateSyntax {
                        path: reference,
                        value: found.to_owned(),
                    });
                }
                found
            }
        };
        out.push_str(value);
        rest = tail.get(end + 1..).ok_or_else(bad_template)?;
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn rows_are_unique_by_source_and_name() {
        let keys: BTreeSet<_> = ROWS
            .iter()
            .map(|r| (r.event_source, r.event_name))
            .collect();
        assert_eq!(keys.len(), ROWS.len());
    }

    #[test]
    fn every_template_builds_a_valid_arn() {
        let region = Region::parse("eu-west-1").unwrap();
        let account = AccountId::parse("123456789012").unwrap();
        let context = ArnContext {
            partition: "aws",
            region: &region,
            account: &account,
        };
        for row in ROWS {
            for spec in row.resources {
                for locator in spec.locators.iter().filter(|l| l.arn != "{id}") {
                    let record = record_with_fields_of(locator.arn);
                    build_arn(locator, "x-1", context, &record)
                        .unwrap_or_else(|e| panic!("{} {}: {e}", row.event_source, row.event_name));
                }
            }
        }
    }

    /// A record holding `x-2` at every `{@path}` the template names.
    fn record_with_fields_of(template: &str) -> Value {
        let mut record = serde_json::json!({});
        for reference in template.split("{@").skip(1) {
            let path = reference.split('}').next().unwrap();
            let mut node = &mut record;
            let segments: Vec<&str> = path.split('.').collect();
            for (i, segment) in segments.iter().enumerate() {
                let last = i + 1 == segments.len();
                let object = node.as_object_mut().unwrap();
                node = object.entry(segment.to_string()).or_insert_with(|| {
                    if last {
                        Value::from("x-2")
                    } else {
                        serde_json::json!({})
                    }
                });
            }
        }
        record
    }

    #[test]
    fn field_references_build_arns_from_two_fields() {
        let region = Region::parse("eu-west-1").unwrap();
        let account = AccountId::parse("123456789012").unwrap();
        let context = ArnContext {
            partition: "aws",
            region: &region,
            account: &account,
        };
        let locator = at(
            "responseElements.stageName",
            "arn:{partition}:apigateway:{region}::/restapis/{@requestParameters.restApiId}/stages/{id}",
        );
        let record = serde_json::json!({"requestParameters": {"restApiId": "a1b2c3"}});
        let arn = build_arn(&locator, "prod", context, &record).unwrap();
        assert_eq!(
            arn.as_str(),
            "arn:aws:apigateway:eu-west-1::/restapis/a1b2c3/stages/prod"
        );
        let missing = build_arn(&locator, "prod", context, &serde_json::json!({})).unwrap_err();
        assert!(
            missing
                .to_string()
                .contains("`requestParameters.restApiId`"),
            "{missing}"
        );
    }

    fn context_of<'a>(region: &'a Region, account: &'a AccountId) -> ArnContext<'a> {
        ArnContext {
            partition: "aws",
            region,
            account,
        }
    }

    #[test]
    fn an_id_holding_template_syntax_is_refused_not_expanded() {
        let region = Region::parse("eu-west-1").unwrap();
        let account = AccountId::parse("123456789012").unwrap();
        let context = context_of(&region, &account);
        let stage = at(
            "responseElements.stageName",
            "arn:{partition}:apigateway:{region}::/restapis/{@requestParameters.restApiId}/stages/{id}",
        );
        let record = serde_json::json!({
            "requestParameters": {"restApiId": "a1b2c3", "victim": "other-api"}
        });
        for forged in [
            "{@requestParameters.victim}",
            "{id}",
            "{account}",
            "prod}",
            "{",
        ] {
            let err = build_arn(&stage, forged, context, &record).unwrap_err();
            assert_eq!(
                err,
                ExtractError::TemplateSyntax {
                    path: "responseElements.stageName",
                    value: forged.to_owned()
                }
            );
            assert!(err.to_string().contains(&format!("`{forged}`")), "{err}");
        }
        // A second field holding a placeholder is not expanded either.
        let forged_field = serde_json::json!({"requestParameters": {"restApiId": "{id}"}});
        let err = build_arn(&stage, "prod", context, &forged_field).unwrap_err();
        assert_eq!(
            err,
            ExtractError::TemplateSyntax {
                path: "requestParameters.restApiId",
                value: "{id}".to_owned()
            }
        );
        // A whole ARN located as `{id}` is held to the same rule.
        let whole = at("responseElements.arn", "{id}");
        let err = build_arn(
            &whole,
            "arn:aws:sqs:eu-west-1:123456789012:{@x}",
            context,
            &record,
        )
        .unwrap_err();
        assert!(matches!(err, ExtractError::TemplateSyntax { .. }), "{err}");
    }

    #[test]
    fn placeholders_are_filled_in_one_pass() {
        let region = Region::parse("eu-west-1").unwrap();
        let account = AccountId::parse("123456789012").unwrap();
        let context = context_of(&region, &account);
        let locator = at(
            "requestParameters.name",
            "arn:{partition}:timestream:{region}:{account}:database/{@requestParameters.db}/table/{id}",
        );
        let record = serde_json::json!({"requestParameters": {"db": "metrics"}});
        let arn = build_arn(&locator, "cpu", context, &record).unwrap();
        assert_eq!(
            arn.as_str(),
            "arn:aws:timestream:eu-west-1:123456789012:database/metrics/table/cpu"
        );
        // Below the refusal of braces: what a value holds is copied, never read as a placeholder.
        let filled = fill(
            &locator,
            "{@requestParameters.db}{region}",
            context,
            &record,
        )
        .unwrap();
        assert_eq!(
            filled,
            "arn:aws:timestream:eu-west-1:123456789012:database/metrics/table/{@requestParameters.db}{region}"
        );
    }

    #[test]
    fn an_id_cannot_add_a_qualifier_to_a_template_ending_in_its_id() {
        let region = Region::parse("eu-west-1").unwrap();
        let account = AccountId::parse("123456789012").unwrap();
        let context = context_of(&region, &account);
        let record = serde_json::json!({});
        let function = at(
            "requestParameters.functionName",
            "arn:{partition}:lambda:{region}:{account}:function:{id}",
        );
        // `victim:prod` would name the alias `prod` of another function.
        let err = build_arn(&function, "victim:prod", context, &record).unwrap_err();
        assert!(matches!(err, ExtractError::Qualified { .. }), "{err}");
        assert!(err.to_string().contains("`victim:prod`"), "{err}");
        // Alarm names are free text: a colon in one is part of the name.
        let alarm = at(
            "requestParameters.alarmName",
            "arn:{partition}:cloudwatch:{region}:{account}:alarm:{id}",
        );
        let arn = build_arn(&alarm, "cpu:high", context, &record).unwrap();
        assert_eq!(
            arn.as_str(),
            "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:cpu:high"
        );
        // Where the id follows a `/`, a colon changes no field of the ARN.
        let role = at(
            "requestParameters.roleName",
            "arn:{partition}:iam::{account}:role/{id}",
        );
        assert!(build_arn(&role, "a:b", context, &record).is_ok());
    }

    fn record_of(source: &str, name: &str, request: Value, response: Value) -> Record {
        Record::new(serde_json::json!({
            "eventSource": source,
            "eventName": name,
            "requestParameters": request,
            "responseElements": response,
        }))
    }

    #[test]
    fn a_located_arn_in_another_account_is_refused() {
        let region = Region::parse("us-east-1").unwrap();
        let account = AccountId::parse("111111111111").unwrap();
        let context = context_of(&region, &account);
        let row = lookup("iam.amazonaws.com", "CreateRole").unwrap();
        let forged = record_of(
            "iam.amazonaws.com",
            "CreateRole",
            serde_json::json!({"roleName": "admin"}),
            serde_json::json!({"role": {"arn": "arn:aws:iam::222222222222:role/admin"}}),
        );
        let err = row.extract(&forged, context).unwrap_err();
        assert_eq!(
            err,
            ExtractError::OtherAccount {
                path: "responseElements.role.arn",
                arn: "arn:aws:iam::222222222222:role/admin".to_owned(),
                found: "222222222222".to_owned(),
                expected: "111111111111".to_owned(),
            }
        );
        let message = err.to_string();
        assert!(message.contains("`222222222222`"), "{message}");
        assert!(message.contains("`111111111111`"), "{message}");

        let genuine = record_of(
            "iam.amazonaws.com",
            "CreateRole",
            serde_json::json!({"roleName": "admin"}),
            serde_json::json!({"role": {"arn": "arn:aws:iam::111111111111:role/admin"}}),
        );
        assert_eq!(row.extract(&genuine, context).unwrap().len(), 1);

        // A bucket's ARN names no account: it is in the event's.
        let bucket = lookup("s3.amazonaws.com", "CreateBucket").unwrap();
        let created = bucket
            .extract(
                &record_of(
                    "s3.amazonaws.com",
                    "CreateBucket",
                    serde_json::json!({"bucketName": "logs"}),
                    Value::Null,
                ),
                context,
            )
            .unwrap();
        assert_eq!(created[0].arn.as_str(), "arn:aws:s3:::logs");
    }

    #[test]
    fn a_null_response_without_the_resource_in_the_request_is_a_reason() {
        let region = Region::parse("us-east-1").unwrap();
        let account = AccountId::parse("111111111111").unwrap();
        let context = context_of(&region, &account);
        let row = lookup("ec2.amazonaws.com", "RunInstances").unwrap();
        let record = record_of(
            "ec2.amazonaws.com",
            "RunInstances",
            serde_json::json!({"instanceType": "t3.micro"}),
            Value::Null,
        );
        let err = row.extract(&record, context).unwrap_err();
        assert_eq!(
            err,
            ExtractError::ResponseOmitted {
                event_name: "RunInstances"
            }
        );
        assert!(
            err.to_string().contains("`responseElements` is null"),
            "{err}"
        );
    }

    #[test]
    fn versioned_lambda_names_match_every_version_of_their_call_only() {
        assert_eq!(
            split_api_version("CreateFunction20150331v2"),
            ("CreateFunction", Some("20150331v2"))
        );
        assert_eq!(split_api_version("CreateBucket"), ("CreateBucket", None));
        assert_eq!(split_api_version("CreateVpcV2"), ("CreateVpcV2", None));
        let row = lookup("lambda.amazonaws.com", "CreateFunction20150331").unwrap();
        assert_eq!(row.event_name, "CreateFunction20150331");
        let newer = lookup("lambda.amazonaws.com", "CreateFunction20250101v3").unwrap();
        assert_eq!(newer.event_name, "CreateFunction20150331");
        assert!(lookup("lambda.amazonaws.com", "CreateFunctionUrlConfig20211031").is_none());
        assert!(lookup("lambda.amazonaws.com", "CreateFunction").is_none());
        assert!(lookup("s3.amazonaws.com", "CreateFunction20150331").is_none());
    }

    #[test]
    fn shared_names_are_told_apart_by_source() {
        let ecr = lookup("ecr.amazonaws.com", "CreateRepository").unwrap();
        let codecommit = lookup("codecommit.amazonaws.com", "CreateRepository").unwrap();
        assert_eq!(ecr.route, Route::Ecr);
        assert_eq!(codecommit.route, Route::TaggingApi);
        assert_eq!(
            codecommit.resources[0].resource_type,
            "codecommit:repository"
        );
    }
}
