//! Every tagged registry row against the shapes real CloudTrail records take: lists of one
//! written as their element (EC2's XML-derived responses), single objects met as lists of one,
//! and responses CloudTrail left out (`null`).
//!
//! Each row's fixture is rewritten into each shape and planned again. The ARNs must not change;
//! a row whose resource only the response names is listed in [`RESPONSE_ONLY`] with why, and
//! must then be rejected with a reason, never tagged with a wrong ARN.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a broken expectation should stop the test loudly"
)]

use std::collections::BTreeSet;
use std::path::Path;

use autotag_core::event::{Event, Record, parse_document};
use autotag_core::plan::{Outcome, plan};
use autotag_core::policy::TagPolicy;
use autotag_core::registry::{EventRow, Route, rows};
use serde_json::Value;
use time::macros::datetime;

const NOW: time::OffsetDateTime = datetime!(2026-11-22 00:00 UTC);

/// The service generates the id: the ARN carries it alone (`vol-…`, a UUID) or after the
/// requested name (`stack/<name>/<uuid>`, a secret's random suffix), so no request names it.
const GENERATED: &str = "the ARN carries an id the service generates at creation";
/// SageMaker lowercases names in some ARNs and not in others, so an ARN built from the
/// requested name might name nothing.
const SAGEMAKER_CASE: &str =
    "SageMaker's ARNs do not keep the requested name's case for every type";
/// `VersionName` in the request adds `/version/<name>` to the ARN.
const COMPREHEND_VERSION: &str = "a versioned model's ARN has a `/version/` part the name lacks";
/// A service's ARN has its cluster's name in it or not, by the account's ARN format setting,
/// and the request may name the cluster by ARN or not at all.
const ECS_SERVICE: &str = "the service ARN's format depends on the account's long-ARN setting";
/// The service, not the request, names its role (`AWSServiceRoleFor…`, per service).
const SERVICE_NAMES_IT: &str = "the service chooses the role's name and path";

/// Rows whose created resource only the response names, and why the request cannot: with a
/// `null` response their records are rejected (and parked by the hub) with the reason.
const RESPONSE_ONLY: &[(&str, &str, &str)] = &[
    (
        "acm-pca.amazonaws.com",
        "CreateCertificateAuthority",
        GENERATED,
    ),
    ("acm.amazonaws.com", "RequestCertificate", GENERATED),
    ("aoss.amazonaws.com", "CreateCollection", GENERATED),
    ("apigateway.amazonaws.com", "CreateApi", GENERATED),
    ("apigateway.amazonaws.com", "CreateApiKey", GENERATED),
    ("apigateway.amazonaws.com", "CreateRestApi", GENERATED),
    ("apigateway.amazonaws.com", "CreateVpcLink", GENERATED),
    (
        "appconfig.amazonaws.com",
        "CreateConfigurationProfile",
        GENERATED,
    ),
    ("appsync.amazonaws.com", "CreateGraphqlApi", GENERATED),
    ("backup.amazonaws.com", "CreateBackupPlan", GENERATED),
    (
        "bedrock-agentcore.amazonaws.com",
        "CreateAgentRuntime",
        GENERATED,
    ),
    ("bedrock-agentcore.amazonaws.com", "CreateMemory", GENERATED),
    ("bedrock.amazonaws.com", "CreateAgent", GENERATED),
    ("bedrock.amazonaws.com", "CreateAgentAlias", GENERATED),
    ("bedrock.amazonaws.com", "CreateEvaluationJob", GENERATED),
    ("bedrock.amazonaws.com", "CreateFlow", GENERATED),
    ("bedrock.amazonaws.com", "CreateGuardrail", GENERATED),
    ("bedrock.amazonaws.com", "CreateInferenceProfile", GENERATED),
    ("bedrock.amazonaws.com", "CreateKnowledgeBase", GENERATED),
    (
        "bedrock.amazonaws.com",
        "CreateModelCustomizationJob",
        GENERATED,
    ),
    ("bedrock.amazonaws.com", "CreateModelImportJob", GENERATED),
    (
        "bedrock.amazonaws.com",
        "CreateModelInvocationJob",
        GENERATED,
    ),
    ("bedrock.amazonaws.com", "CreatePrompt", GENERATED),
    ("bedrock.amazonaws.com", "CreatePromptRouter", GENERATED),
    (
        "bedrock.amazonaws.com",
        "CreateProvisionedModelThroughput",
        GENERATED,
    ),
    ("cloudformation.amazonaws.com", "CreateStack", GENERATED),
    ("cloudformation.amazonaws.com", "CreateStackSet", GENERATED),
    ("cloudfront.amazonaws.com", "CreateDistribution", GENERATED),
    ("cloudhsm.amazonaws.com", "CreateCluster", GENERATED),
    (
        "cognito-identity.amazonaws.com",
        "CreateIdentityPool",
        GENERATED,
    ),
    ("cognito-idp.amazonaws.com", "CreateUserPool", GENERATED),
    (
        "comprehend.amazonaws.com",
        "CreateDocumentClassifier",
        COMPREHEND_VERSION,
    ),
    (
        "comprehend.amazonaws.com",
        "CreateEntityRecognizer",
        COMPREHEND_VERSION,
    ),
    ("connect.amazonaws.com", "CreateInstance", GENERATED),
    ("datapipeline.amazonaws.com", "CreatePipeline", GENERATED),
    ("datasync.amazonaws.com", "CreateTask", GENERATED),
    ("deadline.amazonaws.com", "CreateFarm", GENERATED),
    ("deadline.amazonaws.com", "CreateFleet", GENERATED),
    ("deadline.amazonaws.com", "CreateQueue", GENERATED),
    ("directconnect.amazonaws.com", "CreateConnection", GENERATED),
    (
        "directconnect.amazonaws.com",
        "CreateDirectConnectGateway",
        GENERATED,
    ),
    ("directconnect.amazonaws.com", "CreateLag", GENERATED),
    ("dms.amazonaws.com", "CreateDataProvider", GENERATED),
    ("dms.amazonaws.com", "CreateMigrationProject", GENERATED),
    ("dms.amazonaws.com", "CreateReplicationConfig", GENERATED),
    ("dms.amazonaws.com", "CreateReplicationInstance", GENERATED),
    ("dms.amazonaws.com", "CreateReplicationTask", GENERATED),
    ("ds.amazonaws.com", "ConnectDirectory", GENERATED),
    ("ds.amazonaws.com", "CreateDirectory", GENERATED),
    ("ds.amazonaws.com", "CreateMicrosoftAD", GENERATED),
    ("dsql.amazonaws.com", "CreateCluster", GENERATED),
    ("ec2.amazonaws.com", "AllocateAddress", GENERATED),
    ("ec2.amazonaws.com", "CopyImage", GENERATED),
    ("ec2.amazonaws.com", "CopySnapshot", GENERATED),
    ("ec2.amazonaws.com", "CreateCapacityReservation", GENERATED),
    ("ec2.amazonaws.com", "CreateCarrierGateway", GENERATED),
    ("ec2.amazonaws.com", "CreateClientVpnEndpoint", GENERATED),
    ("ec2.amazonaws.com", "CreateCustomerGateway", GENERATED),
    ("ec2.amazonaws.com", "CreateDefaultSubnet", GENERATED),
    ("ec2.amazonaws.com", "CreateDhcpOptions", GENERATED),
    (
        "ec2.amazonaws.com",
        "CreateEgressOnlyInternetGateway",
        GENERATED,
    ),
    ("ec2.amazonaws.com", "CreateFleet", GENERATED),
    ("ec2.amazonaws.com", "CreateFlowLogs", GENERATED),
    ("ec2.amazonaws.com", "CreateImage", GENERATED),
    ("ec2.amazonaws.com", "CreateInstanceEventWindow", GENERATED),
    ("ec2.amazonaws.com", "CreateInternetGateway", GENERATED),
    ("ec2.amazonaws.com", "CreateIpam", GENERATED),
    ("ec2.amazonaws.com", "CreateIpamPool", GENERATED),
    ("ec2.amazonaws.com", "CreateKeyPair", GENERATED),
    ("ec2.amazonaws.com", "CreateLaunchTemplate", GENERATED),
    ("ec2.amazonaws.com", "CreateManagedPrefixList", GENERATED),
    ("ec2.amazonaws.com", "CreateNatGateway", GENERATED),
    ("ec2.amazonaws.com", "CreateNetworkAcl", GENERATED),
    ("ec2.amazonaws.com", "CreateNetworkInsightsPath", GENERATED),
    ("ec2.amazonaws.com", "CreateNetworkInterface", GENERATED),
    ("ec2.amazonaws.com", "CreatePlacementGroup", GENERATED),
    ("ec2.amazonaws.com", "CreateRouteTable", GENERATED),
    ("ec2.amazonaws.com", "CreateSecurityGroup", GENERATED),
    ("ec2.amazonaws.com", "CreateSnapshot", GENERATED),
    ("ec2.amazonaws.com", "CreateSnapshots", GENERATED),
    ("ec2.amazonaws.com", "CreateSubnet", GENERATED),
    ("ec2.amazonaws.com", "CreateTrafficMirrorFilter", GENERATED),
    ("ec2.amazonaws.com", "CreateTrafficMirrorSession", GENERATED),
    ("ec2.amazonaws.com", "CreateTrafficMirrorTarget", GENERATED),
    ("ec2.amazonaws.com", "CreateTransitGateway", GENERATED),
    (
        "ec2.amazonaws.com",
        "CreateTransitGatewayMulticastDomain",
        GENERATED,
    ),
    (
        "ec2.amazonaws.com",
        "CreateTransitGatewayPeeringAttachment",
        GENERATED,
    ),
    (
        "ec2.amazonaws.com",
        "CreateTransitGatewayRouteTable",
        GENERATED,
    ),
    (
        "ec2.amazonaws.com",
        "CreateTransitGatewayVpcAttachment",
        GENERATED,
    ),
    (
        "ec2.amazonaws.com",
        "CreateVerifiedAccessInstance",
        GENERATED,
    ),
    ("ec2.amazonaws.com", "CreateVolume", GENERATED),
    ("ec2.amazonaws.com", "CreateVpc", GENERATED),
    ("ec2.amazonaws.com", "CreateVpcEndpoint", GENERATED),
    ("ec2.amazonaws.com", "CreateVpcPeeringConnection", GENERATED),
    ("ec2.amazonaws.com", "CreateVpnConnection", GENERATED),
    ("ec2.amazonaws.com", "CreateVpnGateway", GENERATED),
    ("ec2.amazonaws.com", "ImportImage", GENERATED),
    ("ec2.amazonaws.com", "ImportSnapshot", GENERATED),
    ("ec2.amazonaws.com", "RegisterImage", GENERATED),
    ("ec2.amazonaws.com", "RequestSpotInstances", GENERATED),
    ("ec2.amazonaws.com", "RunInstances", GENERATED),
    ("ec2.amazonaws.com", "RunScheduledInstances", GENERATED),
    ("ecs.amazonaws.com", "CreateService", ECS_SERVICE),
    ("ecs.amazonaws.com", "CreateTaskSet", GENERATED),
    ("ecs.amazonaws.com", "RunTask", GENERATED),
    ("eks.amazonaws.com", "CreateAddon", GENERATED),
    ("eks.amazonaws.com", "CreateFargateProfile", GENERATED),
    ("eks.amazonaws.com", "CreateNodegroup", GENERATED),
    (
        "elasticfilesystem.amazonaws.com",
        "CreateFileSystem",
        GENERATED,
    ),
    (
        "elasticloadbalancing.amazonaws.com",
        "CreateLoadBalancer",
        GENERATED,
    ),
    (
        "elasticloadbalancing.amazonaws.com",
        "CreateTargetGroup",
        GENERATED,
    ),
    ("elasticmapreduce.amazonaws.com", "RunJobFlow", GENERATED),
    (
        "emr-serverless.amazonaws.com",
        "CreateApplication",
        GENERATED,
    ),
    ("fsx.amazonaws.com", "CreateBackup", GENERATED),
    ("fsx.amazonaws.com", "CreateFileSystem", GENERATED),
    ("fsx.amazonaws.com", "CreateFileSystemFromBackup", GENERATED),
    ("fsx.amazonaws.com", "CreateSnapshot", GENERATED),
    (
        "fsx.amazonaws.com",
        "CreateStorageVirtualMachine",
        GENERATED,
    ),
    ("fsx.amazonaws.com", "CreateVolume", GENERATED),
    ("gamelift.amazonaws.com", "CreateBuild", GENERATED),
    ("gamelift.amazonaws.com", "CreateFleet", GENERATED),
    ("gamelift.amazonaws.com", "CreateScript", GENERATED),
    (
        "globalaccelerator.amazonaws.com",
        "CreateAccelerator",
        GENERATED,
    ),
    ("guardduty.amazonaws.com", "CreateThreatIntelSet", GENERATED),
    ("healthlake.amazonaws.com", "CreateFHIRDatastore", GENERATED),
    (
        "iam.amazonaws.com",
        "CreateServiceLinkedRole",
        SERVICE_NAMES_IT,
    ),
    ("iotsitewise.amazonaws.com", "CreateAsset", GENERATED),
    ("iotsitewise.amazonaws.com", "CreateAssetModel", GENERATED),
    ("iotsitewise.amazonaws.com", "CreateGateway", GENERATED),
    ("iotsitewise.amazonaws.com", "CreatePortal", GENERATED),
    ("kafka.amazonaws.com", "CreateCluster", GENERATED),
    ("kafka.amazonaws.com", "CreateClusterV2", GENERATED),
    ("kendra.amazonaws.com", "CreateDataSource", GENERATED),
    ("kendra.amazonaws.com", "CreateIndex", GENERATED),
    ("kinesisvideo.amazonaws.com", "CreateStream", GENERATED),
    ("kms.amazonaws.com", "CreateKey", GENERATED),
    ("m2.amazonaws.com", "CreateApplication", GENERATED),
    ("m2.amazonaws.com", "CreateEnvironment", GENERATED),
    ("medialive.amazonaws.com", "CreateChannel", GENERATED),
    ("medialive.amazonaws.com", "CreateInput", GENERATED),
    ("mediapackage.amazonaws.com", "CreateChannel", GENERATED),
    (
        "medical-imaging.amazonaws.com",
        "CreateDatastore",
        GENERATED,
    ),
    ("mq.amazonaws.com", "CreateBroker", GENERATED),
    (
        "networkmanager.amazonaws.com",
        "CreateCoreNetwork",
        GENERATED,
    ),
    (
        "networkmanager.amazonaws.com",
        "CreateGlobalNetwork",
        GENERATED,
    ),
    ("omics.amazonaws.com", "CreateRunGroup", GENERATED),
    ("omics.amazonaws.com", "CreateSequenceStore", GENERATED),
    ("organizations.amazonaws.com", "CreateAccount", GENERATED),
    (
        "organizations.amazonaws.com",
        "CreateOrganizationalUnit",
        GENERATED,
    ),
    ("payment-cryptography.amazonaws.com", "CreateKey", GENERATED),
    ("ram.amazonaws.com", "CreateResourceShare", GENERATED),
    ("rds.amazonaws.com", "CreateDBProxy", GENERATED),
    (
        "redshift-serverless.amazonaws.com",
        "CreateNamespace",
        GENERATED,
    ),
    (
        "redshift-serverless.amazonaws.com",
        "CreateSnapshot",
        GENERATED,
    ),
    (
        "redshift-serverless.amazonaws.com",
        "CreateWorkgroup",
        GENERATED,
    ),
    ("resiliencehub.amazonaws.com", "CreateApp", GENERATED),
    ("rolesanywhere.amazonaws.com", "CreateProfile", GENERATED),
    (
        "rolesanywhere.amazonaws.com",
        "CreateTrustAnchor",
        GENERATED,
    ),
    ("route53.amazonaws.com", "CreateHealthCheck", GENERATED),
    ("route53.amazonaws.com", "CreateHostedZone", GENERATED),
    ("sagemaker.amazonaws.com", "CreateDomain", GENERATED),
    ("sagemaker.amazonaws.com", "CreateEndpoint", SAGEMAKER_CASE),
    (
        "sagemaker.amazonaws.com",
        "CreateEndpointConfig",
        SAGEMAKER_CASE,
    ),
    (
        "sagemaker.amazonaws.com",
        "CreateFeatureGroup",
        SAGEMAKER_CASE,
    ),
    ("sagemaker.amazonaws.com", "CreateModel", SAGEMAKER_CASE),
    (
        "sagemaker.amazonaws.com",
        "CreateNotebookInstance",
        SAGEMAKER_CASE,
    ),
    ("sagemaker.amazonaws.com", "CreatePipeline", SAGEMAKER_CASE),
    (
        "sagemaker.amazonaws.com",
        "CreateProcessingJob",
        SAGEMAKER_CASE,
    ),
    (
        "sagemaker.amazonaws.com",
        "CreateTrainingJob",
        SAGEMAKER_CASE,
    ),
    (
        "sagemaker.amazonaws.com",
        "CreateTransformJob",
        SAGEMAKER_CASE,
    ),
    ("secretsmanager.amazonaws.com", "CreateSecret", GENERATED),
    (
        "servicediscovery.amazonaws.com",
        "CreateHttpNamespace",
        GENERATED,
    ),
    (
        "servicediscovery.amazonaws.com",
        "CreatePrivateDnsNamespace",
        GENERATED,
    ),
    (
        "servicediscovery.amazonaws.com",
        "CreatePublicDnsNamespace",
        GENERATED,
    ),
    ("servicediscovery.amazonaws.com", "CreateService", GENERATED),
    ("ssm.amazonaws.com", "CreateMaintenanceWindow", GENERATED),
    ("ssm.amazonaws.com", "CreateOpsItem", GENERATED),
    ("ssm.amazonaws.com", "CreatePatchBaseline", GENERATED),
    ("storagegateway.amazonaws.com", "ActivateGateway", GENERATED),
    ("storagegateway.amazonaws.com", "CreateTapePool", GENERATED),
    ("transfer.amazonaws.com", "CreateConnector", GENERATED),
    ("transfer.amazonaws.com", "CreateServer", GENERATED),
    ("vpc-lattice.amazonaws.com", "CreateService", GENERATED),
    (
        "vpc-lattice.amazonaws.com",
        "CreateServiceNetwork",
        GENERATED,
    ),
    ("wafv2.amazonaws.com", "CreateIPSet", GENERATED),
    ("wafv2.amazonaws.com", "CreateWebACL", GENERATED),
    ("workspaces.amazonaws.com", "CreateWorkspaces", GENERATED),
];

/// Rows whose fixture's request and response name different resources (sanitized records):
/// with a `null` response, the ARN the request names.
const REQUEST_DIFFERS: &[(&str, &str, &str)] = &[(
    "appmesh.amazonaws.com",
    "CreateVirtualNode",
    "arn:aws:appmesh:us-east-1:659775036450:mesh/m1/virtualNode/vn3",
)];

fn fixture_event(row: &EventRow) -> Event {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(row.fixture);
    let text = std::fs::read_to_string(&path).unwrap();
    parse_document(&text).unwrap().remove(0).unwrap()
}

fn with_record(event: &Event, record: Value) -> Event {
    Event {
        record: Record::new(record),
        ..event.clone()
    }
}

fn outcome(event: &Event) -> Result<Vec<String>, String> {
    match plan(event, &TagPolicy::default(), NOW).outcome {
        Outcome::Tag(plan) => Ok(plan.arns().map(|a| a.as_str().to_owned()).collect()),
        Outcome::Reject(reason) => Err(reason),
        other => Err(format!("{other:?}")),
    }
}

fn tagged_rows() -> impl Iterator<Item = (&'static EventRow, Event, Vec<String>)> {
    rows()
        .iter()
        .filter(|row| row.route != Route::Untaggable)
        .map(|row| {
            let event = fixture_event(row);
            let arns = outcome(&event)
                .unwrap_or_else(|e| panic!("{} {}: {e}", row.event_source, row.event_name));
            (row, event, arns)
        })
}

/// Every array of one element, anywhere, replaced by that element.
fn unwrap_lists_of_one(value: &mut Value) {
    match value {
        Value::Array(items) => {
            items.iter_mut().for_each(unwrap_lists_of_one);
            if items.len() == 1 {
                *value = items.pop().unwrap();
            }
        }
        Value::Object(fields) => fields.values_mut().for_each(unwrap_lists_of_one),
        _ => {}
    }
}

/// Every object inside the request and the response (not those two themselves) put in a list
/// of one.
fn wrap_objects(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(wrap_objects),
        Value::Object(fields) => {
            for field in fields.values_mut() {
                wrap_objects(field);
                if field.is_object() {
                    *field = Value::Array(vec![field.take()]);
                }
            }
        }
        _ => {}
    }
}

#[test]
fn lists_of_one_written_as_their_element_name_the_same_resources() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (row, event, arns) in tagged_rows() {
        let mut record = event.record.json().clone();
        unwrap_lists_of_one(&mut record);
        let found = outcome(&with_record(&event, record));
        if found != Ok(arns) {
            failures.push(format!(
                "{} {}: {found:?}",
                row.event_source, row.event_name
            ));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 250, "{checked}");
}

#[test]
fn single_objects_met_as_lists_of_one_name_the_same_resources() {
    let mut failures = Vec::new();
    for (row, event, arns) in tagged_rows() {
        let mut record = event.record.json().clone();
        for part in ["requestParameters", "responseElements"] {
            if let Some(value) = record.get_mut(part) {
                wrap_objects(value);
            }
        }
        let found = outcome(&with_record(&event, record));
        if found != Ok(arns) {
            failures.push(format!(
                "{} {}: {found:?}",
                row.event_source, row.event_name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_null_response_names_the_same_resources_or_is_rejected_with_a_reason() {
    let mut failures = Vec::new();
    let mut response_only_seen = BTreeSet::new();
    for (row, event, arns) in tagged_rows() {
        let mut record = event.record.json().clone();
        record["responseElements"] = Value::Null;
        let key = format!("{} {}", row.event_source, row.event_name);
        let listed = RESPONSE_ONLY
            .iter()
            .any(|(source, name, _)| *source == row.event_source && *name == row.event_name);
        let differs = REQUEST_DIFFERS
            .iter()
            .find(|(source, name, _)| *source == row.event_source && *name == row.event_name)
            .map(|(_, _, arn)| vec![(*arn).to_owned()]);
        let arns = differs.unwrap_or(arns);
        match (outcome(&with_record(&event, record)), listed) {
            (Ok(found), false) if found == arns => {}
            (Err(reason), true) if reason.contains("`responseElements` is null") => {
                response_only_seen.insert((row.event_source, row.event_name));
            }
            (other, listed) => failures.push(format!("{key} (listed: {listed}): {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for (source, name, why) in RESPONSE_ONLY {
        assert!(!why.is_empty(), "{source} {name}");
        assert!(
            response_only_seen.contains(&(*source, *name)),
            "{source} {name} is listed as response-only but is not a tagged row"
        );
    }
}
