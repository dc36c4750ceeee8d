//! CloudFormation templates: the spoke roles, the spoke rules, the hub, and the organization's
//! StackSets. Built as JSON values and written as YAML by [`super::yaml`]. Every name comes from
//! the policy's `[install]` ([`Install`]), so that two installs can share an organization.

use serde_json::{Map, Value, json};

use super::RenderError;
use super::documents::{
    CLOUDTRAIL_DETAIL_TYPE, aws_sources, event_patterns, forwarder_policy, pattern_branches,
    spoke_role_policy,
};
use crate::metrics::{self, EventCount};
use crate::policy::TagPolicy;
use crate::policy::install::{Boundary, Install};
use std::collections::BTreeSet;

fn sub(text: &str) -> Value {
    json!({ "Fn::Sub": text })
}

fn reference(name: &str) -> Value {
    json!({ "Ref": name })
}

fn get_att(resource: &str, attribute: &str) -> Value {
    json!({ "Fn::GetAtt": [resource, attribute] })
}

/// `Fn::Sub` of the ARN of the role `name` under the install's path, in `account` (literal or a
/// `${...}` expression).
fn role_arn(install: &Install, account: &str, name: &str) -> Value {
    sub(&install.role_arn("${AWS::Partition}", account, name))
}

/// The permissions boundary as the template writes it: an ARN as given, or a managed policy's
/// name made into its ARN in the account the stack is deployed in.
fn boundary(boundary: &Boundary) -> Value {
    match boundary {
        Boundary::Arn(arn) => json!(arn),
        Boundary::Name(_) => sub(&boundary.arn("${AWS::Partition}", "${AWS::AccountId}")),
    }
}

/// An `AWS::IAM::Role` named `name`, under the install's path and with its permissions boundary,
/// then `properties`.
fn iam_role(install: &Install, name: &str, properties: Value) -> Value {
    iam_role_at(install, name, &install.role_path, properties)
}

fn iam_role_at(install: &Install, name: &str, path: &str, properties: Value) -> Value {
    let mut all = Map::new();
    all.insert("RoleName".into(), json!(name));
    all.insert("Path".into(), json!(path));
    if let Some(configured) = &install.permissions_boundary {
        all.insert("PermissionsBoundary".into(), boundary(configured));
    }
    if let Value::Object(rest) = properties {
        all.extend(rest);
    }
    json!({"Type": "AWS::IAM::Role", "Properties": all})
}

fn hub_parameters() -> Value {
    json!({
        "HubAccountId": {"Type": "String", "AllowedPattern": "^[0-9]{12}$", "Description": "The security account that runs the autotag hub."},
        "HubRegion": {"Type": "String", "Default": "us-east-1", "Description": "The region of the hub bus."},
        "OrganizationId": {"Type": "String", "AllowedPattern": "^o-[a-z0-9]{10,32}$", "Description": "Only principals of this organization may assume or forward."},
    })
}

/// The spoke roles' resources, `AutoTagRole` and `ForwarderRole`, shared by the spoke-roles
/// template and the organization template (which creates them in the management account).
fn spoke_role_resources(policy: &TagPolicy) -> Map<String, Value> {
    let install = &policy.install;
    let mut resources = Map::new();
    resources.insert(
        "AutoTagRole".into(),
        iam_role(
            install,
            &policy.role_name,
            json!({
                "Description": "Assumed by the autotag hub to read and write tags; never removes tags.",
                "MaxSessionDuration": 3600,
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{
                        "Sid": "HubFunctionAndOperatorOnly",
                        "Effect": "Allow",
                        "Principal": {"AWS": hub_principals(policy)},
                        "Action": "sts:AssumeRole",
                        "Condition": {"StringEquals": {
                            "sts:ExternalId": reference("ExternalId"),
                            "aws:PrincipalOrgID": reference("OrganizationId")
                        }}
                    }]
                },
                "Policies": [{"PolicyName": format!("{}-tagging", install.name), "PolicyDocument": spoke_role_policy(policy)}]
            }),
        ),
    );
    resources.insert(
        "ForwarderRole".into(),
        iam_role(
            install,
            &install.forwarder_role(),
            json!({
                "Description": "Used by the autotag spoke rules to put events on the hub bus.",
                "AssumeRolePolicyDocument": trusted_by_service_for_this_account("events.amazonaws.com"),
                "Policies": [{
                    "PolicyName": format!("{}-forward", install.name),
                    "PolicyDocument": forwarder_policy(hub_bus_arn(install))
                }]
            }),
        ),
    );
    resources
}

/// A trust policy admitting the AWS service `service` acting for this stack's account alone
/// (`aws:SourceAccount`), so that it cannot be made to use the role for another account's
/// rules or schedules.
fn trusted_by_service_for_this_account(service: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": service},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": reference("AWS::AccountId")}}
        }]
    })
}

/// The hub roles the auto-tag role trusts: the hub function's, the operator's and the retag
/// function's, and the enforce function's when the policy has `[[enforce]]` rules (only then
/// does it exist, and IAM refuses a trust policy naming a role that does not).
fn hub_principals(policy: &TagPolicy) -> Vec<Value> {
    let install = &policy.install;
    let mut names = vec![
        install.function_role(),
        install.operator_role(),
        install.retag_function_role(),
    ];
    if enforces(policy) {
        names.push(install.enforce_function_role());
    }
    names
        .iter()
        .map(|name| role_arn(install, "${HubAccountId}", name))
        .collect()
}

/// Whether `policy` has `[[enforce]]` rules: the scheduled sweep, its roles, and the grants
/// only it needs are rendered only then, so that a policy without rules renders every file as
/// before.
fn enforces(policy: &TagPolicy) -> bool {
    !policy.enforcement.rules.is_empty()
}

/// The hub bus's ARN, as the spokes name it.
fn hub_bus_arn(install: &Install) -> Value {
    sub(&format!(
        "arn:${{AWS::Partition}}:events:${{HubRegion}}:${{HubAccountId}}:event-bus/{}",
        install.hub_bus()
    ))
}

/// The spoke's roles: the auto-tag role the hub assumes, and the forwarder role the rules use.
pub fn spoke_roles(policy: &TagPolicy) -> Value {
    let mut parameters = hub_parameters();
    if let Some(object) = parameters.as_object_mut() {
        object.insert(
            "ExternalId".into(),
            json!({"Type": "String", "NoEcho": true, "MinLength": 2, "Description": "The sts:ExternalId the hub presents (spoke.external_id in the config)."}),
        );
    }
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "autotag spoke roles (generated by `autotag render`; do not edit): the auto-tag role, trusted only by the hub's function and operator roles from the organization with the external id, and the role spoke rules use to forward events to the hub bus. Deploy once per account (IAM is global).",
        "Parameters": parameters,
        "Resources": spoke_role_resources(policy),
        "Outputs": {
            "AutoTagRoleArn": {"Value": get_att("AutoTagRole", "Arn")},
            "ForwarderRoleArn": {"Value": get_att("ForwarderRole", "Arn")}
        }
    })
}

/// EventBridge's most persistent retry policy: a forwarded event that the hub bus cannot take
/// (throttling, a hub being redeployed) is retried for a day before it goes to the dead-letter
/// queue (<https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html>).
const FORWARD_RETRY_ATTEMPTS: u32 = 185;
const FORWARD_MAX_EVENT_AGE_SECONDS: u32 = 86_400;

/// The spoke's rules, deployed in every region: one per event pattern (several event sources
/// each, packed up to EventBridge's size limit), forwarding to the hub bus. IAM's events, and
/// STS's on the global endpoint, are delivered in us-east-1, which the every-region deployment
/// includes.
///
/// An event EventBridge fails to deliver after its retries goes to the stack's dead-letter
/// queue instead of being dropped, with EventBridge's reason in its attributes
/// (<https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html>); the queue's
/// depth and the rules' `FailedInvocations` are alarmed.
pub fn spoke_rules(policy: &TagPolicy) -> Result<Value, RenderError> {
    let install = &policy.install;
    let mut resources = Map::new();
    let mut rule_ids = Vec::new();
    for (index, pattern) in event_patterns()?.into_iter().enumerate() {
        let services: Vec<String> = pattern_branches(&pattern)
            .into_iter()
            .map(|(source, _)| source.split('.').next().unwrap_or_default().to_owned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let source = services.join(", ");
        // STS's AssumeRole* records are read-only; EventBridge hands read-only CloudTrail events
        // only to rules in this state.
        let state = if source == "sts" {
            "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
        } else {
            "ENABLED"
        };
        let id = format!("Forward{:02}", index + 1);
        resources.insert(
            id.clone(),
            json!({
                "Type": "AWS::Events::Rule",
                "Properties": {
                    "Description": format!("autotag: forward {source} create calls to the hub bus"),
                    "EventBusName": "default",
                    "State": state,
                    "EventPattern": pattern,
                    "Targets": [{
                        "Id": format!("{}-hub-bus", install.name),
                        "Arn": hub_bus_arn(install),
                        "RoleArn": role_arn(install, "${AWS::AccountId}", &install.forwarder_role()),
                        "DeadLetterConfig": {"Arn": get_att("ForwardDeadLetterQueue", "Arn")},
                        "RetryPolicy": {
                            "MaximumRetryAttempts": FORWARD_RETRY_ATTEMPTS,
                            "MaximumEventAgeInSeconds": FORWARD_MAX_EVENT_AGE_SECONDS
                        }
                    }]
                }
            }),
        );
        rule_ids.push(id);
    }
    resources.insert(
        "ForwardDeadLetterQueue".into(),
        json!({
            "Type": "AWS::SQS::Queue",
            // SQS-managed encryption: EventBridge cannot send to a queue under the AWS managed
            // key `alias/aws/sqs`, whose key policy it is not in.
            "Properties": {"QueueName": format!("{}-forward-dlq", install.name), "MessageRetentionPeriod": 1_209_600, "SqsManagedSseEnabled": true}
        }),
    );
    resources.insert(
        "ForwardDeadLetterQueuePolicy".into(),
        json!({
            "Type": "AWS::SQS::QueuePolicy",
            "Properties": {
                "Queues": [reference("ForwardDeadLetterQueue")],
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{
                        "Sid": "ThisStacksRulesOnly",
                        "Effect": "Allow",
                        "Principal": {"Service": "events.amazonaws.com"},
                        "Action": "sqs:SendMessage",
                        "Resource": get_att("ForwardDeadLetterQueue", "Arn"),
                        "Condition": {"ArnEquals": {"aws:SourceArn": rule_ids.iter().map(|id| get_att(id, "Arn")).collect::<Vec<_>>()}}
                    }]
                }
            }
        }),
    );
    // The alarms exist only with a topic to tell: an alarm is billed per metric, and these are
    // deployed in every region of every account (11 metrics each), so an organization that
    // watches the forward dead-letter queues with `autotag doctor` or its own tooling instead
    // pays for none. FailedInvocations counts only what could not be sent to the dead-letter
    // queue either (<https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html>).
    let actions = json!([reference("AlarmTopicArn")]);
    let when_told = |mut alarm: Value| {
        if let Some(object) = alarm.as_object_mut() {
            object.insert("Condition".into(), "HasAlarmTopic".into());
        }
        alarm
    };
    resources.insert(
        "ForwardDeadLetterAlarm".into(),
        when_told(alarm(
            "autotag: events this region could not forward to the hub bus (ForwardDeadLetterQueue)",
            "AWS/SQS",
            "ApproximateNumberOfMessagesVisible",
            json!([{"Name": "QueueName", "Value": get_att("ForwardDeadLetterQueue", "QueueName")}]),
            actions.clone(),
        )),
    );
    for id in &rule_ids {
        resources.insert(
            format!("{id}FailedAlarm"),
            when_told(with_statistic(
                alarm(
                    &format!("autotag: rule {id} failed to forward events to the hub bus"),
                    "AWS/Events",
                    "FailedInvocations",
                    json!([{"Name": "RuleName", "Value": reference(id)}]),
                    actions.clone(),
                ),
                "Sum",
            )),
        );
    }
    let mut parameters = hub_parameters();
    if let Some(object) = parameters.as_object_mut() {
        object.remove("OrganizationId");
        // A CloudWatch alarm's SNS action must be a topic of the alarm's own region. The
        // topic's access policy decides who may publish, and an alarm publishes as the service
        // principal `cloudwatch.amazonaws.com` with `aws:SourceArn` naming the alarm
        // (<https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger>), so a
        // topic of another account should work once its policy admits that principal; no AWS
        // page found says so in as many words, so a topic in the spoke account itself is the
        // documented case.
        object.insert(
            "AlarmTopicArn".into(),
            json!({"Type": "String", "Default": "", "Description": "SNS topic, in this stack's region, the forwarding alarms notify; empty for no alarms (they are billed per metric: 11 per region). A topic of another account must admit cloudwatch.amazonaws.com in its access policy. Deployed in many regions, set it per region (StackSets parameter overrides)."}),
        );
    }
    Ok(json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "autotag spoke rules (generated by `autotag render` from the registry; do not edit): forward the CloudTrail events of supported create calls, and STS session events, from this region's default bus to the hub bus, with retries and a dead-letter queue. Deploy in every region.",
        "Parameters": parameters,
        "Conditions": {
            "HasAlarmTopic": {"Fn::Not": [{"Fn::Equals": [reference("AlarmTopicArn"), ""]}]}
        },
        "Resources": resources
    }))
}

/// CloudWatch Logs' accepted retention periods, in days
/// (<https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html>).
const LOG_RETENTION_DAYS: &[u32] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/// The hub: bus and its archive, queue, dead-letter queue, function and its log group, tables,
/// alarms and dashboard.
pub fn hub(policy: &TagPolicy) -> Value {
    let install = &policy.install;
    let to_queue_pattern =
        json!({"source": aws_sources(), "detail-type": [CLOUDTRAIL_DETAIL_TYPE]});
    let function_dimension = json!([{"Name": "FunctionName", "Value": reference("Function")}]);
    let alert = json!([reference("AlertTopic")]);
    let mut template = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "autotag hub (generated by `autotag render`; do not edit): the organization's event bus and its archive, the hub queue and its dead-letter queue, the tagging function and its log group, its tables, alarms and dashboard. Deploy once, in the security account.",
        "Parameters": {
            "OrganizationId": {"Type": "String", "AllowedPattern": "^o-[a-z0-9]{10,32}$"},
            "SpokeRoleName": {"Type": "String", "Default": policy.role_name},
            "CodeBucket": {"Type": "String", "Description": "S3 bucket holding the bootstrap zip."},
            "CodeKey": {"Type": "String", "Description": "The content-hashed key of the bootstrap zip that `make release` prints, e.g. autotag/<sha256>-bootstrap-arm64.zip: a new build has a new key, so updating the stack with it deploys the new code."},
            "ConfigParameterName": {"Type": "String", "Default": install.config_parameter(), "AllowedPattern": "^/[a-zA-Z0-9_.\\-/]+$", "Description": "The SSM parameter (SecureString, written by `autotag config push`) holding the tag policy. A full name, starting with /."},
            "ConfigTtlSeconds": {"Type": "Number", "Default": 300, "MinValue": 0, "MaxValue": 86400, "Description": "Seconds the function trusts the policy it read before reading the parameter again."},
            "Architecture": {"Type": "String", "Default": "arm64", "AllowedValues": ["arm64", "x86_64"]},
            "MemorySize": {"Type": "Number", "Default": 256, "MinValue": 128, "MaxValue": 10240},
            "Timeout": {"Type": "Number", "Default": 60, "MinValue": 10, "MaxValue": 150, "Description": "At most 150 s: the queue's visibility timeout (900 s) must be six times the function's."},
            "BatchSize": {"Type": "Number", "Default": 100, "MinValue": 1, "MaxValue": 10000, "Description": "Messages per invocation, processed as one unit of work (one read and one write per distinct tag set per account and region). Above 10, BatchingWindowSeconds must be at least 1."},
            "BatchingWindowSeconds": {"Type": "Number", "Default": 5, "MinValue": 0, "MaxValue": 300, "Description": "Seconds Lambda gathers a batch: a stamp waits up to this long, in exchange for fewer calls per resource."},
            "MaximumConcurrency": {"Type": "Number", "Default": 10, "MinValue": 2, "MaxValue": 1000, "Description": "Batches processed at once. Set on the event source mapping, not as reserved concurrency, so a throttled function does not make Lambda receive messages it cannot invoke with."},
            "Concurrency": {"Type": "Number", "Default": 8, "MinValue": 1, "MaxValue": 256, "Description": "Account and region groups of a batch tagged at once inside one invocation."},
            "TrailBucket": {"Type": "String", "Default": "", "Description": "The organization trail's bucket, which `autotag backfill --s3` reads as the operator role (its bucket policy must admit the role too); empty for none."},
            "MaxReceives": {"Type": "Number", "Default": 5, "MinValue": 1, "MaxValue": 8, "Description": "Deliveries before the function parks a message with its reason; below the queue's own redrive (10), which stays as a backstop."},
            "LogRetentionDays": {"Type": "Number", "Default": 90, "AllowedValues": LOG_RETENTION_DAYS, "Description": "Days the function's log group keeps its events (and the EMF metrics' source documents)."},
            "ArchiveRetentionDays": {"Type": "Number", "Default": 30, "MinValue": 0, "Description": "Days the hub bus's archive keeps forwarded events for replay (0 keeps them indefinitely)."},
            "QueueAgeAlarmSeconds": {"Type": "Number", "Default": 900, "MinValue": 60, "Description": "Alarm when the oldest message in the hub queue is older than this: stamps are falling behind."}
        },
        "Conditions": {
            "HasTrailBucket": {"Fn::Not": [{"Fn::Equals": [reference("TrailBucket"), ""]}]}
        },
        "Resources": {
            "HubBus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": install.hub_bus()}},
            "HubBusPolicy": {
                "Type": "AWS::Events::EventBusPolicy",
                "Properties": {
                    "EventBusName": get_att("HubBus", "Name"),
                    "StatementId": "SpokeForwardersMayPutEvents",
                    "Statement": hub_bus_statement(install)
                }
            },
            // What the hub rule takes, kept so that a period of lost or mishandled events can be
            // replayed onto the bus (`aws events start-replay`).
            "HubBusArchive": {
                "Type": "AWS::Events::Archive",
                "Properties": {
                    "ArchiveName": install.hub_bus(),
                    "Description": "autotag: every forwarded CloudTrail event, for replay",
                    "SourceArn": get_att("HubBus", "Arn"),
                    "EventPattern": to_queue_pattern.clone(),
                    "RetentionDays": reference("ArchiveRetentionDays")
                }
            },
            "DeadLetterQueue": {
                "Type": "AWS::SQS::Queue",
                "Properties": {"QueueName": install.dead_letter_queue(), "MessageRetentionPeriod": 1_209_600, "SqsManagedSseEnabled": true}
            },
            "HubQueue": {
                "Type": "AWS::SQS::Queue",
                "Properties": {
                    "QueueName": install.hub_queue(),
                    "VisibilityTimeout": 900,
                    "SqsManagedSseEnabled": true,
                    "RedrivePolicy": {"deadLetterTargetArn": get_att("DeadLetterQueue", "Arn"), "maxReceiveCount": 10}
                }
            },
            "HubQueuePolicy": {
                "Type": "AWS::SQS::QueuePolicy",
                "Properties": {
                    "Queues": [reference("HubQueue")],
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{
                            "Effect": "Allow",
                            "Principal": {"Service": "events.amazonaws.com"},
                            "Action": "sqs:SendMessage",
                            "Resource": get_att("HubQueue", "Arn"),
                            "Condition": {"ArnEquals": {"aws:SourceArn": get_att("ToQueueRule", "Arn")}}
                        }]
                    }
                }
            },
            "ToQueueRule": {
                "Type": "AWS::Events::Rule",
                "Properties": {
                    "Description": "autotag: every forwarded CloudTrail event from an AWS service to the hub queue",
                    "EventBusName": get_att("HubBus", "Name"),
                    "EventPattern": to_queue_pattern,
                    "State": "ENABLED",
                    "Targets": [{"Id": format!("{}-hub-queue", install.name), "Arn": get_att("HubQueue", "Arn")}]
                }
            },
            "AlertTopic": {
                "Type": "AWS::SNS::Topic",
                // Not encrypted with alias/aws/sns: CloudWatch alarms cannot publish to topics
                // under that key, and the alerts carry no secrets.
                "Properties": {"TopicName": install.alert_topic()}
            },
            "OperatorRole": operator_role(install),
            "FunctionRole": iam_role(install, &install.function_role(), json!({
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
                },
                "ManagedPolicyArns": [sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")],
                "Policies": [{
                    "PolicyName": format!("{}-hub", install.name),
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            assume_the_auto_tag_role(install),
                            {
                                "Sid": "ConsumeTheHubQueue",
                                "Effect": "Allow",
                                "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
                                "Resource": get_att("HubQueue", "Arn")
                            },
                            {
                                "Sid": "DelayWaitingMessages",
                                "Effect": "Allow",
                                "Action": ["sqs:GetQueueUrl", "sqs:ChangeMessageVisibility", "sqs:SendMessage"],
                                "Resource": get_att("HubQueue", "Arn")
                            },
                            {
                                "Sid": "ParkInTheDeadLetterQueue",
                                "Effect": "Allow",
                                "Action": "sqs:SendMessage",
                                "Resource": get_att("DeadLetterQueue", "Arn")
                            },
                            {
                                "Sid": "Tables",
                                "Effect": "Allow",
                                "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
                                "Resource": [get_att("SessionTable", "Arn"), get_att("LedgerTable", "Arn")]
                            },
                            {
                                "Sid": "AlertOnRestoredStamps",
                                "Effect": "Allow",
                                "Action": "sns:Publish",
                                "Resource": reference("AlertTopic")
                            },
                            // The policy is a SecureString under the AWS managed key
                            // `alias/aws/ssm`, whose key policy lets every principal of the
                            // account decrypt through Parameter Store: no `kms:Decrypt` grant is
                            // needed here (<https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-restrict-decryption.html>:
                            // "The AWS managed key for Parameter Store (aws/ssm) grants Decrypt
                            // permission to all IAM principals in the AWS account"). A parameter
                            // under a customer managed key needs that key's policy to admit this
                            // role. The name starts with `/`, so the ARN has none of its own.
                            {
                                "Sid": "ReadThePolicy",
                                "Effect": "Allow",
                                "Action": "ssm:GetParameter",
                                "Resource": sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${ConfigParameterName}")
                            }
                        ]
                    }
                }]
            })),
            // Created by the stack rather than by Lambda on first write, so that its retention is
            // set and it goes with the stack.
            "FunctionLogGroup": {
                "Type": "AWS::Logs::LogGroup",
                "Properties": {
                    "LogGroupName": format!("/aws/lambda/{}", install.function()),
                    "RetentionInDays": reference("LogRetentionDays")
                }
            },
            "Function": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "FunctionName": install.function(),
                    "Runtime": "provided.al2023",
                    "Handler": "bootstrap",
                    "Architectures": [reference("Architecture")],
                    "Code": {"S3Bucket": reference("CodeBucket"), "S3Key": reference("CodeKey")},
                    "MemorySize": reference("MemorySize"),
                    "Timeout": reference("Timeout"),
                    "Role": get_att("FunctionRole", "Arn"),
                    "LoggingConfig": {"LogFormat": "JSON", "LogGroup": reference("FunctionLogGroup")},
                    "Environment": {"Variables": {
                        "AUTOTAG_CONFIG_PARAMETER": reference("ConfigParameterName"),
                        "AUTOTAG_CONFIG_TTL_SECONDS": reference("ConfigTtlSeconds"),
                        "AUTOTAG_INSTALL_NAME": install.name,
                        "AUTOTAG_DEAD_LETTER_QUEUE_URL": reference("DeadLetterQueue"),
                        "AUTOTAG_SESSION_TABLE": reference("SessionTable"),
                        "AUTOTAG_LEDGER_TABLE": reference("LedgerTable"),
                        "AUTOTAG_ALERT_TOPIC_ARN": reference("AlertTopic"),
                        "AUTOTAG_MAX_RECEIVES": reference("MaxReceives"),
                        "AUTOTAG_CONCURRENCY": reference("Concurrency"),
                        "AWS_NEW_RETRIES_2026": "true"
                    }}
                }
            },
            "QueueToFunction": {
                "Type": "AWS::Lambda::EventSourceMapping",
                "Properties": {
                    "EventSourceArn": get_att("HubQueue", "Arn"),
                    "FunctionName": reference("Function"),
                    "BatchSize": reference("BatchSize"),
                    "MaximumBatchingWindowInSeconds": reference("BatchingWindowSeconds"),
                    "ScalingConfig": {"MaximumConcurrency": reference("MaximumConcurrency")},
                    "FunctionResponseTypes": ["ReportBatchItemFailures"]
                }
            },
            "SessionTable": table(&install.session_table()),
            "LedgerTable": table(&install.ledger_table()),
            "DeadLetterAlarm": alarm(
                "autotag: events parked in the dead-letter queue",
                "AWS/SQS", "ApproximateNumberOfMessagesVisible",
                json!([{"Name": "QueueName", "Value": get_att("DeadLetterQueue", "QueueName")}]),
                alert.clone()),
            "QueueAgeAlarm": with_threshold(alarm(
                "autotag: the oldest message in the hub queue is older than QueueAgeAlarmSeconds (stamps are falling behind)",
                "AWS/SQS", "ApproximateAgeOfOldestMessage",
                json!([{"Name": "QueueName", "Value": get_att("HubQueue", "QueueName")}]),
                alert.clone()), reference("QueueAgeAlarmSeconds")),
            "ErrorsAlarm": alarm(
                "autotag: the hub function reports errors",
                "AWS/Lambda", "Errors",
                function_dimension.clone(),
                alert.clone()),
            "ThrottlesAlarm": alarm(
                "autotag: the hub function is throttled",
                "AWS/Lambda", "Throttles",
                function_dimension,
                alert.clone()),
            "ParkedAlarm": with_statistic(alarm(
                "autotag: the hub parked events (malformed, untrusted, or failing past MaxReceives); see the dead-letter queue",
                metrics::NAMESPACE, EventCount::Parked.metric(),
                json!([{"Name": metrics::INSTALL, "Value": install.metrics_install()}]),
                alert), "Sum"),
            "Dashboard": {
                "Type": "AWS::CloudWatch::Dashboard",
                "Properties": {
                    "DashboardName": install.name,
                    "DashboardBody": sub(&dashboard_body(install, enforces(policy)).to_string())
                }
            }
        },
        "Outputs": {
            "HubBusArn": {"Value": get_att("HubBus", "Arn")},
            "HubBusName": {"Value": get_att("HubBus", "Name")},
            "HubQueueUrl": {"Value": reference("HubQueue")},
            "DeadLetterQueueUrl": {"Value": reference("DeadLetterQueue")},
            "FunctionName": {"Value": reference("Function")},
            "FunctionRoleArn": {"Value": get_att("FunctionRole", "Arn")},
            "AlertTopicArn": {"Value": reference("AlertTopic")},
            "OperatorRoleArn": {"Value": get_att("OperatorRole", "Arn")},
            "ConfigParameterName": {"Value": reference("ConfigParameterName")},
            "DashboardName": {"Value": reference("Dashboard")},
            "ArchiveName": {"Value": reference("HubBusArchive")}
        }
    });
    // Enforcement's channels, granted on exactly the ARNs the policy names (no grant without
    // them) to both roles that may send a run's messages: the function and the operator.
    for role in ["FunctionRole", "OperatorRole"] {
        if let Some(Value::Array(statements)) = template.pointer_mut(&format!(
            "/Resources/{role}/Properties/Policies/0/PolicyDocument/Statement"
        )) {
            statements.extend(notify_statements(&policy.enforcement));
        }
    }
    if enforces(policy) {
        add_enforce_sweep(&mut template, policy);
    }
    add_retag(&mut template, policy);
    template
}

/// Lambda's longest timeout: one retag run, over every account, may take it all.
const RETAG_TIMEOUT_SECONDS: u32 = 900;
/// Lambda's own retries of a failed retag run (at most 2,
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html>): a
/// failed write or listing is often transient, and the run is idempotent.
const RETAG_RETRY_ATTEMPTS: u32 = 2;
/// How long a change notice waits for the function (throttled behind a running retag, the
/// reserved concurrency being 1) before it goes to the dead-letter queue: six hours.
const RETAG_MAX_EVENT_AGE_SECONDS: u32 = 21_600;

/// The detail type of Parameter Store's change events
/// (<https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-systems-manager-event-examples.html>).
pub const PARAMETER_STORE_CHANGE: &str = "Parameter Store Change";

/// The event pattern of the retag rule: a creation or update of the policy parameter
/// (`ConfigParameterName`), as Systems Manager puts it on the hub account's default bus.
/// EventBridge refuses a customer's `PutEvents` with an `aws.` source, so only Systems Manager
/// can match it; the function checks the event again and reads the versions from the
/// parameter itself.
pub fn retag_pattern() -> Value {
    json!({
        "source": ["aws.ssm"],
        "detail-type": [PARAMETER_STORE_CHANGE],
        "detail": {
            "name": [reference("ConfigParameterName")],
            "operation": ["Update", "Create"]
        }
    })
}

/// Adds the retag run on a policy change to the hub `template`: a rule on the hub account's
/// default bus matching the policy parameter's changes, the retag function it invokes (the
/// `bootstrap` binary in `AUTOTAG_MODE=retag`, one run at a time so that changes apply in
/// order), its role, log group, Lambda's retries with an on-failure destination queue, the
/// permission for that rule alone to invoke it, alarms and outputs. Rendered for every policy:
/// the change that brings the first `[[tag_set]]` is one the function must see.
fn add_retag(template: &mut Value, policy: &TagPolicy) {
    let install = &policy.install;
    let alert = json!([reference("AlertTopic")]);
    let parameter_arn = sub(
        "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${ConfigParameterName}",
    );
    let statements = vec![
        assume_the_auto_tag_role(install),
        // The watermark item (`retag#<parameter>`) in the ledger table.
        json!({
            "Sid": "ReadAndRecordTheWatermark",
            "Effect": "Allow",
            "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
            "Resource": get_att("LedgerTable", "Arn")
        }),
        // As the enforce role's: Organizations' list calls and DescribeRegions take no
        // resource.
        json!({
            "Sid": "ListTheEstate",
            "Effect": "Allow",
            "Action": ["organizations:ListAccounts", "ec2:DescribeRegions"],
            "Resource": "*"
        }),
        // Every version it compares is read from the history, decrypted. A SecureString under
        // `alias/aws/ssm` needs no grant of its own to decrypt
        // (<https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-restrict-decryption.html>).
        json!({
            "Sid": "ReadThePolicyHistory",
            "Effect": "Allow",
            "Action": "ssm:GetParameterHistory",
            "Resource": parameter_arn
        }),
        // Lambda sends a failed invocation's record to the on-failure destination with the
        // function's execution role
        // (<https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html>).
        json!({
            "Sid": "ParkFailedRuns",
            "Effect": "Allow",
            "Action": "sqs:SendMessage",
            "Resource": get_att("RetagDeadLetterQueue", "Arn")
        }),
    ];
    let resources = [
        (
            "RetagRole",
            lambda_role(
                install,
                &install.retag_function_role(),
                "autotag: retag on a policy change, as the auto-tag role in the organization's accounts.",
                statements,
            ),
        ),
        (
            "RetagFunctionLogGroup",
            log_group(&install.retag_function()),
        ),
        (
            "RetagFunction",
            json!({
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "FunctionName": install.retag_function(),
                    "Description": "autotag: on a change of the policy parameter, writes what it adds or changes among the fixed tags on the existing resources.",
                    "Runtime": "provided.al2023",
                    "Handler": "bootstrap",
                    "Architectures": [reference("Architecture")],
                    "Code": {"S3Bucket": reference("CodeBucket"), "S3Key": reference("CodeKey")},
                    "MemorySize": reference("MemorySize"),
                    "Timeout": RETAG_TIMEOUT_SECONDS,
                    // One run at a time, so that changes apply in order and a run never races
                    // another's watermark.
                    "ReservedConcurrentExecutions": 1,
                    "Role": get_att("RetagRole", "Arn"),
                    "LoggingConfig": {"LogFormat": "JSON", "LogGroup": reference("RetagFunctionLogGroup")},
                    "Environment": {"Variables": {
                        "AUTOTAG_MODE": "retag",
                        "AUTOTAG_CONFIG_PARAMETER": reference("ConfigParameterName"),
                        "AUTOTAG_INSTALL_NAME": install.name,
                        "AUTOTAG_LEDGER_TABLE": reference("LedgerTable"),
                        "AUTOTAG_CONCURRENCY": reference("Concurrency"),
                        "AWS_NEW_RETRIES_2026": "true"
                    }}
                }
            }),
        ),
        (
            "RetagInvokeConfig",
            json!({
                "Type": "AWS::Lambda::EventInvokeConfig",
                "Properties": {
                    "FunctionName": reference("RetagFunction"),
                    "Qualifier": "$LATEST",
                    "MaximumRetryAttempts": RETAG_RETRY_ATTEMPTS,
                    "MaximumEventAgeInSeconds": RETAG_MAX_EVENT_AGE_SECONDS,
                    "DestinationConfig": {"OnFailure": {"Destination": get_att("RetagDeadLetterQueue", "Arn")}}
                }
            }),
        ),
        // A queue of its own: its records are Lambda's (the event, the error), not hub
        // messages that `autotag replay` could move back to the hub queue.
        (
            "RetagDeadLetterQueue",
            json!({
                "Type": "AWS::SQS::Queue",
                "Properties": {"QueueName": install.retag_dead_letter_queue(), "MessageRetentionPeriod": 1_209_600, "SqsManagedSseEnabled": true}
            }),
        ),
        (
            "RetagRule",
            json!({
                "Type": "AWS::Events::Rule",
                "Properties": {
                    "Name": install.retag_rule(),
                    "Description": "autotag: a change of the policy parameter starts a retag",
                    "EventBusName": "default",
                    "EventPattern": retag_pattern(),
                    "State": "ENABLED",
                    "Targets": [{"Id": format!("{}-retag", install.name), "Arn": get_att("RetagFunction", "Arn")}]
                }
            }),
        ),
        (
            "RetagPermission",
            json!({
                "Type": "AWS::Lambda::Permission",
                "Properties": {
                    "FunctionName": get_att("RetagFunction", "Arn"),
                    "Action": "lambda:InvokeFunction",
                    "Principal": "events.amazonaws.com",
                    "SourceAccount": reference("AWS::AccountId"),
                    "SourceArn": get_att("RetagRule", "Arn")
                }
            }),
        ),
        (
            "RetagErrorsAlarm",
            alarm(
                "autotag: a retag on a policy change failed or was incomplete (see the retag function's log)",
                "AWS/Lambda",
                "Errors",
                json!([{"Name": "FunctionName", "Value": reference("RetagFunction")}]),
                alert.clone(),
            ),
        ),
        (
            "RetagDeadLetterAlarm",
            alarm(
                "autotag: a policy change was not retagged after Lambda's retries (RetagDeadLetterQueue); run `autotag retag`",
                "AWS/SQS",
                "ApproximateNumberOfMessagesVisible",
                json!([{"Name": "QueueName", "Value": get_att("RetagDeadLetterQueue", "QueueName")}]),
                alert,
            ),
        ),
    ];
    extend(
        template,
        resources,
        [
            ("RetagFunctionName", reference("RetagFunction")),
            ("RetagDeadLetterQueueUrl", reference("RetagDeadLetterQueue")),
        ],
    );
}

/// A Lambda function's execution role `name`: trusted by Lambda, with the basic execution
/// policy (its logs) and `statements`.
fn lambda_role(install: &Install, name: &str, description: &str, statements: Vec<Value>) -> Value {
    iam_role(
        install,
        name,
        json!({
            "Description": description,
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
            },
            "ManagedPolicyArns": [sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")],
            "Policies": [{
                "PolicyName": name,
                "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}
            }]
        }),
    )
}

/// The log group of the function `function`, created by the stack rather than by Lambda on
/// first write, so that its retention is set and it goes with the stack.
fn log_group(function: &str) -> Value {
    json!({
        "Type": "AWS::Logs::LogGroup",
        "Properties": {
            "LogGroupName": format!("/aws/lambda/{function}"),
            "RetentionInDays": reference("LogRetentionDays")
        }
    })
}

/// Adds `resources` and the outputs `outputs` (name, value) to the hub `template`.
fn extend<const R: usize, const O: usize>(
    template: &mut Value,
    resources: [(&str, Value); R],
    outputs: [(&str, Value); O],
) {
    if let Some(object) = template.get_mut("Resources").and_then(Value::as_object_mut) {
        for (id, resource) in resources {
            object.insert(id.into(), resource);
        }
    }
    if let Some(object) = template.get_mut("Outputs").and_then(Value::as_object_mut) {
        for (name, value) in outputs {
            object.insert(name.into(), json!({ "Value": value }));
        }
    }
}

/// The scheduled enforcement sweep's default schedule: four sweeps a day, so a due date is
/// acted on within six hours of passing.
pub const ENFORCE_SWEEP_SCHEDULE: &str = "rate(6 hours)";
/// Lambda's longest timeout, the most one sweep may take
/// (<https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html>).
const ENFORCE_TIMEOUT_SECONDS: u32 = 900;
/// How long EventBridge Scheduler keeps trying to hand an invocation to Lambda, and how often:
/// an hour, well inside the default six hours between sweeps. Its retry policy is bounded by
/// 0 to 185 attempts and 60 to 86,400 seconds
/// (<https://docs.aws.amazon.com/scheduler/latest/APIReference/API_RetryPolicy.html>).
const ENFORCE_SCHEDULE_RETRY_ATTEMPTS: u32 = 5;
const ENFORCE_SCHEDULE_MAX_EVENT_AGE_SECONDS: u32 = 3600;

/// Adds the scheduled enforcement sweep to the hub `template`: the enforce function (the
/// `bootstrap` binary in `AUTOTAG_MODE=enforce-sweep`, which ignores its payload) with its own
/// role and log group, the EventBridge Scheduler schedule that invokes it with the role it
/// invokes with, the schedule's dead-letter queue, alarms, a dashboard widget and outputs; and
/// gives the operator role `organizations:ListParents` for `autotag enforce --sweep`'s OU
/// paths. Due dates live in the marks and the ledger, so a sweep missed is caught up by the next.
fn add_enforce_sweep(template: &mut Value, policy: &TagPolicy) {
    let install = &policy.install;
    let alert = json!([reference("AlertTopic")]);
    if let Some(parameters) = template
        .get_mut("Parameters")
        .and_then(Value::as_object_mut)
    {
        // Scheduler takes `rate(value unit)` (minutes, hours, days), `cron(fields)` and, for
        // one-time schedules, `at(...)`; a recurring sweep wants the first two
        // (<https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html>).
        parameters.insert(
            "EnforceSweepSchedule".into(),
            json!({"Type": "String", "Default": ENFORCE_SWEEP_SCHEDULE, "AllowedPattern": "^(rate|cron)\\(.+\\)$", "Description": "When the [[enforce]] sweep runs: an EventBridge Scheduler rate(...) or cron(...) expression, evaluated in UTC. A sweep runs the steps whose due date has passed, so this bounds how late a step may be."}),
        );
    }
    let mut enforce_statements = vec![
        assume_the_auto_tag_role(install),
        json!({
            "Sid": "ReadAndRecordSteps",
            "Effect": "Allow",
            "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
            "Resource": get_att("LedgerTable", "Arn")
        }),
        // Accounts and OU paths: a delegated administrator may make these read calls of
        // Organizations as well as the management account ("Operations you can call from the
        // management account or a member account that is a delegated administrator",
        // <https://docs.aws.amazon.com/organizations/latest/APIReference/action-reference.html>;
        // ListAccounts and ListParents are among the read-only actions a delegation policy
        // grants, <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies_example_view_accts_orgs.html>).
        // Neither Organizations' list calls nor DescribeRegions take a resource.
        json!({
            "Sid": "ListTheEstate",
            "Effect": "Allow",
            "Action": ["organizations:ListAccounts", "organizations:ListParents", "ec2:DescribeRegions"],
            "Resource": "*"
        }),
        // As the hub function's: a SecureString under `alias/aws/ssm` needs no grant of its own
        // to decrypt (<https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-restrict-decryption.html>).
        json!({
            "Sid": "ReadThePolicy",
            "Effect": "Allow",
            "Action": "ssm:GetParameter",
            "Resource": sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${ConfigParameterName}")
        }),
    ];
    enforce_statements.extend(notify_statements(&policy.enforcement));
    let resources = [
        (
            "EnforceRole",
            lambda_role(
                install,
                &install.enforce_function_role(),
                "autotag: the scheduled [[enforce]] sweep, as the auto-tag role in the organization's accounts.",
                enforce_statements,
            ),
        ),
        (
            "EnforceFunctionLogGroup",
            log_group(&install.enforce_function()),
        ),
        (
            "EnforceFunction",
            json!({
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "FunctionName": install.enforce_function(),
                    "Description": "autotag: the scheduled [[enforce]] sweep over the policy's accounts and regions.",
                    "Runtime": "provided.al2023",
                    "Handler": "bootstrap",
                    "Architectures": [reference("Architecture")],
                    "Code": {"S3Bucket": reference("CodeBucket"), "S3Key": reference("CodeKey")},
                    "MemorySize": reference("MemorySize"),
                    "Timeout": ENFORCE_TIMEOUT_SECONDS,
                    // One sweep at a time: two would mark, stop and message the same resources
                    // twice.
                    "ReservedConcurrentExecutions": 1,
                    "Role": get_att("EnforceRole", "Arn"),
                    "LoggingConfig": {"LogFormat": "JSON", "LogGroup": reference("EnforceFunctionLogGroup")},
                    "Environment": {"Variables": {
                        "AUTOTAG_MODE": "enforce-sweep",
                        "AUTOTAG_CONFIG_PARAMETER": reference("ConfigParameterName"),
                        "AUTOTAG_CONFIG_TTL_SECONDS": reference("ConfigTtlSeconds"),
                        "AUTOTAG_INSTALL_NAME": install.name,
                        "AUTOTAG_LEDGER_TABLE": reference("LedgerTable"),
                        "AUTOTAG_CONCURRENCY": reference("Concurrency"),
                        "AWS_NEW_RETRIES_2026": "true"
                    }}
                }
            }),
        ),
        // EventBridge Scheduler invokes Lambda asynchronously
        // (<https://docs.aws.amazon.com/lambda/latest/dg/with-eventbridge-scheduler.html>), so
        // Lambda would retry a failed sweep twice on its own; the next scheduled sweep is the
        // retry instead, and the failure is alarmed.
        (
            "EnforceInvokeConfig",
            json!({
                "Type": "AWS::Lambda::EventInvokeConfig",
                "Properties": {
                    "FunctionName": reference("EnforceFunction"),
                    "Qualifier": "$LATEST",
                    "MaximumRetryAttempts": 0
                }
            }),
        ),
        // Invocations Scheduler could not hand to Lambda after its retries, kept with
        // Scheduler's reason. A queue of its own, not the hub's dead-letter queue, whose
        // messages `autotag replay` moves back to the hub queue.
        (
            "EnforceDeadLetterQueue",
            json!({
                "Type": "AWS::SQS::Queue",
                "Properties": {"QueueName": install.enforce_dead_letter_queue(), "MessageRetentionPeriod": 1_209_600, "SqsManagedSseEnabled": true}
            }),
        ),
        // Scheduler assumes this role to invoke the function and to send to the dead-letter
        // queue: both are the execution role's permissions, not a function or queue policy's
        // (<https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role>,
        // <https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html>).
        // `aws:SourceAccount` keeps another account's schedules from using it.
        (
            "SchedulerRole",
            iam_role(
                install,
                &install.enforce_scheduler_role(),
                json!({
                    "Description": "autotag: EventBridge Scheduler invokes the enforce function with this role.",
                    "AssumeRolePolicyDocument": trusted_by_service_for_this_account("scheduler.amazonaws.com"),
                    "Policies": [{
                        "PolicyName": install.enforce_scheduler_role(),
                        "PolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [
                                {
                                    "Sid": "InvokeTheEnforceFunction",
                                    "Effect": "Allow",
                                    "Action": "lambda:InvokeFunction",
                                    "Resource": get_att("EnforceFunction", "Arn")
                                },
                                {
                                    "Sid": "ParkUndeliveredInvocations",
                                    "Effect": "Allow",
                                    "Action": "sqs:SendMessage",
                                    "Resource": get_att("EnforceDeadLetterQueue", "Arn")
                                }
                            ]
                        }
                    }]
                }),
            ),
        ),
        (
            "EnforceSchedule",
            json!({
                "Type": "AWS::Scheduler::Schedule",
                "Properties": {
                    "Name": install.enforce_schedule(),
                    "Description": "autotag: the [[enforce]] sweep",
                    "ScheduleExpression": reference("EnforceSweepSchedule"),
                    "ScheduleExpressionTimezone": "UTC",
                    "FlexibleTimeWindow": {"Mode": "OFF"},
                    "State": "ENABLED",
                    "Target": {
                        "Arn": get_att("EnforceFunction", "Arn"),
                        "RoleArn": get_att("SchedulerRole", "Arn"),
                        // The function ignores its payload: it sweeps what the policy says.
                        "Input": "{}",
                        "RetryPolicy": {
                            "MaximumRetryAttempts": ENFORCE_SCHEDULE_RETRY_ATTEMPTS,
                            "MaximumEventAgeInSeconds": ENFORCE_SCHEDULE_MAX_EVENT_AGE_SECONDS
                        },
                        "DeadLetterConfig": {"Arn": get_att("EnforceDeadLetterQueue", "Arn")}
                    }
                }
            }),
        ),
        (
            "EnforceErrorsAlarm",
            alarm(
                "autotag: an [[enforce]] sweep failed or was incomplete (see the enforce function's log)",
                "AWS/Lambda",
                "Errors",
                json!([{"Name": "FunctionName", "Value": reference("EnforceFunction")}]),
                alert.clone(),
            ),
        ),
        (
            "EnforceDeadLetterAlarm",
            alarm(
                "autotag: EventBridge Scheduler could not invoke the enforce function (EnforceDeadLetterQueue)",
                "AWS/SQS",
                "ApproximateNumberOfMessagesVisible",
                json!([{"Name": "QueueName", "Value": get_att("EnforceDeadLetterQueue", "QueueName")}]),
                alert,
            ),
        ),
    ];
    extend(
        template,
        resources,
        [
            ("EnforceFunctionName", reference("EnforceFunction")),
            ("EnforceScheduleName", reference("EnforceSchedule")),
        ],
    );
    // `autotag enforce --sweep` reads the OU paths the rules' `ous` are matched against.
    if let Some(Value::Array(statements)) = template
        .pointer_mut("/Resources/OperatorRole/Properties/Policies/0/PolicyDocument/Statement")
    {
        statements.push(json!({
            "Sid": "ReadOuPaths",
            "Effect": "Allow",
            "Action": "organizations:ListParents",
            "Resource": "*"
        }));
    }
}

/// The grants of enforcement's channels: `sns:Publish` on `notify_topic`,
/// `secretsmanager:GetSecretValue` on `webhook_secret`, and `ses:SendEmail` on the SES
/// identity of `ses_from` in the stack's region, the address or its domain, whichever is the
/// verified one (SES authorizes the sender's identity; in the SES sandbox the recipients must
/// be verified too, which no grant replaces).
pub fn notify_statements(enforcement: &crate::policy::enforce::Enforcement) -> Vec<Value> {
    let mut statements = Vec::new();
    if let Some(topic) = &enforcement.notify_topic {
        statements.push(json!({
            "Sid": "NotifyTheSecurityTeam",
            "Effect": "Allow",
            "Action": "sns:Publish",
            "Resource": topic
        }));
    }
    if let Some(secret) = &enforcement.webhook_secret {
        statements.push(json!({
            "Sid": "ReadTheChatWebhook",
            "Effect": "Allow",
            "Action": "secretsmanager:GetSecretValue",
            "Resource": secret
        }));
    }
    if let Some(from) = &enforcement.ses_from {
        let identity = |name: &str| {
            sub(&format!(
                "arn:${{AWS::Partition}}:ses:${{AWS::Region}}:${{AWS::AccountId}}:identity/{name}"
            ))
        };
        let mut resources = vec![identity(from)];
        if let Some((_, domain)) = from.rsplit_once('@') {
            resources.push(identity(domain));
        }
        statements.push(json!({
            "Sid": "EmailOwners",
            "Effect": "Allow",
            "Action": "ses:SendEmail",
            "Resource": resources
        }));
    }
    statements
}

/// The hub dashboard's body (`${AWS::Region}` left for `Fn::Sub`): the hub's metrics by outcome,
/// per account and per route, its latencies and waits, then its queues and function. The
/// autotag metrics are named from [`crate::metrics`] only, so the hub's EMF documents and the
/// dashboard cannot drift.
fn dashboard_body(install: &Install, enforces: bool) -> Value {
    const REGION: &str = "${AWS::Region}";
    let name = install.metrics_install();
    let ns = metrics::NAMESPACE;
    let by_install =
        |metric: &str, stat: &str| json!([ns, metric, metrics::INSTALL, name, {"stat": stat}]);
    let search = |id: &str, dimension: &str, counts: &[EventCount]| {
        let names: Vec<String> = counts
            .iter()
            .map(|count| format!("MetricName=\"{}\"", count.metric()))
            .collect();
        json!({
            "id": id,
            "expression": format!(
                "SEARCH('{{{ns},{},{dimension}}} {}=\"{name}\" ({})', 'Sum', 300)",
                metrics::INSTALL,
                metrics::INSTALL,
                names.join(" OR ")
            )
        })
    };
    let trouble = [EventCount::Rejected, EventCount::Parked, EventCount::Failed];
    let widgets: Vec<(&str, Vec<Value>, &str)> = vec![
        (
            "Events by outcome",
            EventCount::ALL
                .iter()
                .map(|count| by_install(count.metric(), "Sum"))
                .collect(),
            "Sum",
        ),
        (
            "Events tagged per account",
            vec![json!([search(
                "tagged",
                metrics::ACCOUNT,
                &[EventCount::Tagged]
            )])],
            "Sum",
        ),
        (
            "Events rejected, parked or failed per account",
            vec![json!([search("trouble", metrics::ACCOUNT, &trouble)])],
            "Sum",
        ),
        (
            "Events tagged per route",
            vec![json!([search(
                "tagged",
                metrics::ROUTE,
                &[EventCount::Tagged]
            )])],
            "Sum",
        ),
        (
            "Events rejected, parked or failed per route",
            vec![json!([search("trouble", metrics::ROUTE, &trouble)])],
            "Sum",
        ),
        (
            "Tagging calls' latency (ms)",
            vec![
                by_install(metrics::TAG_CALL_LATENCY, "p50"),
                by_install(metrics::TAG_CALL_LATENCY, "p99"),
            ],
            "p50",
        ),
        (
            "Waits for the creator's context (s)",
            vec![
                by_install(metrics::WAIT_SECONDS, "Average"),
                by_install(metrics::WAIT_SECONDS, "Maximum"),
            ],
            "Average",
        ),
        (
            "Hub queue: depth and age of the oldest message (s)",
            vec![
                json!(["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", install.hub_queue(), {"stat": "Maximum"}]),
                json!(["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", install.hub_queue(), {"stat": "Maximum", "yAxis": "right"}]),
            ],
            "Maximum",
        ),
        (
            "Dead-letter queue depth",
            vec![
                json!(["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", install.dead_letter_queue(), {"stat": "Maximum"}]),
            ],
            "Maximum",
        ),
        (
            "Function errors, throttles and duration (ms)",
            vec![
                json!(["AWS/Lambda", "Errors", "FunctionName", install.function(), {"stat": "Sum"}]),
                json!(["AWS/Lambda", "Throttles", "FunctionName", install.function(), {"stat": "Sum"}]),
                json!(["AWS/Lambda", "Duration", "FunctionName", install.function(), {"stat": "p99", "yAxis": "right"}]),
            ],
            "Sum",
        ),
    ];
    let mut widgets = widgets;
    if enforces {
        let function = install.enforce_function();
        widgets.push((
            "Enforce sweeps: errors and duration (ms)",
            vec![
                json!(["AWS/Lambda", "Invocations", "FunctionName", function, {"stat": "Sum"}]),
                json!(["AWS/Lambda", "Errors", "FunctionName", function, {"stat": "Sum"}]),
                json!(["AWS/Lambda", "Duration", "FunctionName", function, {"stat": "Maximum", "yAxis": "right"}]),
            ],
            "Sum",
        ));
    }
    let widgets: Vec<Value> = widgets
        .into_iter()
        .enumerate()
        .map(|(index, (title, metrics, stat))| {
            json!({
                "type": "metric",
                "x": (index % 2) * 12,
                "y": (index / 2) * 6,
                "width": 12,
                "height": 6,
                "properties": {
                    "title": title,
                    "view": "timeSeries",
                    "region": REGION,
                    "period": 300,
                    "stat": stat,
                    "metrics": metrics
                }
            })
        })
        .collect();
    json!({"widgets": widgets})
}

/// The hub roles' one way into the spokes: the auto-tag role, in the organization's accounts.
fn assume_the_auto_tag_role(install: &Install) -> Value {
    json!({
        "Sid": "AssumeOnlyTheAutoTagRoleInTheOrganization",
        "Effect": "Allow",
        "Action": "sts:AssumeRole",
        "Resource": role_arn(install, "*", "${SpokeRoleName}"),
        "Condition": {"StringEquals": {"aws:ResourceOrgID": reference("OrganizationId")}}
    })
}

/// The role `autotag audit` and `autotag backfill` run as, in the hub account: assumed by the
/// account's own administrators (whom IAM policies there admit), it may assume the auto-tag
/// role in the organization's accounts, read and record stamps and sessions, list the estate,
/// and read the organization trail's bucket when one is named. It cannot touch the queues.
fn operator_role(install: &Install) -> Value {
    iam_role(
        install,
        &install.operator_role(),
        json!({
            "Description": "autotag audit and backfill: assumes the auto-tag role in the organization's accounts.",
            "MaxSessionDuration": 43200,
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"AWS": sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")}, "Action": "sts:AssumeRole"}]
            },
            "Policies": [{
                "PolicyName": install.operator_role(),
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        assume_the_auto_tag_role(install),
                        {
                            "Sid": "ReadAndRecordStamps",
                            "Effect": "Allow",
                            "Action": ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:Scan"],
                            "Resource": [get_att("SessionTable", "Arn"), get_att("LedgerTable", "Arn")]
                        },
                        {
                            "Sid": "ListTheEstate",
                            "Effect": "Allow",
                            "Action": ["organizations:ListAccounts", "ec2:DescribeRegions"],
                            "Resource": "*"
                        },
                        {
                            "Fn::If": ["HasTrailBucket", {
                                "Sid": "ReadTheOrganizationTrail",
                                "Effect": "Allow",
                                "Action": ["s3:ListBucket", "s3:GetObject"],
                                "Resource": [
                                    sub("arn:${AWS::Partition}:s3:::${TrailBucket}"),
                                    sub("arn:${AWS::Partition}:s3:::${TrailBucket}/AWSLogs/*")
                                ]
                            }, {"Ref": "AWS::NoValue"}]
                        }
                    ]
                }
            }]
        }),
    )
}

/// The hub bus policy's one statement: `PutEvents` by the spokes' forwarder role, from the
/// organization, and by nobody else. A spoke rule that targets another account's bus puts its
/// events as the role it names (`RoleArn`), which the organization's accounts must name when the
/// bus admits them by organization
/// (<https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html>), so the
/// forwarder role is the only principal that must be admitted: any other principal of a spoke
/// account could otherwise put events of its own making on the hub bus.
fn hub_bus_statement(install: &Install) -> Value {
    json!({
        "Effect": "Allow",
        // `{"AWS": "*"}` rather than `"*"`: the same grant, in the form core's evaluator reads.
        "Principal": {"AWS": "*"},
        "Action": "events:PutEvents",
        "Resource": get_att("HubBus", "Arn"),
        "Condition": {
            "StringEquals": {"aws:PrincipalOrgID": reference("OrganizationId")},
            "ArnLike": {"aws:PrincipalArn": role_arn(install, "*", &install.forwarder_role())}
        }
    })
}

fn table(name: &str) -> Value {
    json!({
        "Type": "AWS::DynamoDB::Table",
        "Properties": {
            "TableName": name,
            "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"}
            ],
            "KeySchema": [
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"}
            ],
            "TimeToLiveSpecification": {"AttributeName": "expiresAt", "Enabled": true},
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true},
            "SSESpecification": {"SSEEnabled": true}
        }
    })
}

/// An alarm on any datapoint above zero of `metric`'s maximum over five minutes, notifying
/// `actions`.
fn alarm(
    description: &str,
    namespace: &str,
    metric: &str,
    dimensions: Value,
    actions: Value,
) -> Value {
    json!({
        "Type": "AWS::CloudWatch::Alarm",
        "Properties": {
            "AlarmDescription": description,
            "Namespace": namespace,
            "MetricName": metric,
            "Dimensions": dimensions,
            "Statistic": "Maximum",
            "Period": 300,
            "EvaluationPeriods": 1,
            "Threshold": 0,
            "ComparisonOperator": "GreaterThanThreshold",
            "TreatMissingData": "notBreaching",
            "AlarmActions": actions
        }
    })
}

fn with_property(mut resource: Value, key: &str, value: Value) -> Value {
    if let Some(properties) = resource
        .get_mut("Properties")
        .and_then(Value::as_object_mut)
    {
        properties.insert(key.into(), value);
    }
    resource
}

fn with_threshold(resource: Value, threshold: Value) -> Value {
    with_property(resource, "Threshold", threshold)
}

fn with_statistic(resource: Value, statistic: &str) -> Value {
    with_property(resource, "Statistic", json!(statistic))
}

/// The organization's deployment, from the management account: two service-managed StackSets
/// (the roles stack in one region of every account of the target OUs, the rules stack in every
/// listed region, both deployed automatically to accounts added later), and the management
/// account's own coverage, which service-managed StackSets never give it ("StackSets doesn't
/// deploy stack instances to the organization management account",
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html>):
/// - the spoke roles as resources of this stack, since IAM is global and this stack is in the
///   management account;
/// - the spoke rules through a self-managed StackSet targeting this account in every region of
///   `Regions`, with its administration and execution roles created here, before it
///   (`DependsOn`), as
///   <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-prereqs-self-managed.html>
///   describes them: the administration role trusted by CloudFormation for this account's
///   StackSets only, allowed to assume the execution role alone; the execution role trusted by the
///   administration role, with CloudFormation's and S3's permissions StackSets needs and those of
///   the rules stack's resources.
///
/// Deployed by a delegated administrator (`CallAs` `DELEGATED_ADMIN`), this stack is not in the
/// management account: the management-account part is left out (condition
/// `InManagementAccount`), and `spoke-roles.yaml` and `spoke-rules.yaml` are deployed there as
/// ordinary stacks instead.
///
/// With both spoke templates embedded twice, this template is over CloudFormation's 51,200-byte
/// limit for a template passed inline; it is deployed from S3 (`aws cloudformation deploy
/// --s3-bucket ...`), where larger templates are accepted
/// (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html>).
/// Each StackSet's own `TemplateBody` stays within 51,200 bytes.
pub fn org_stacksets(policy: &TagPolicy) -> Result<Value, RenderError> {
    let install = &policy.install;
    // Compact JSON, which CloudFormation reads as well as YAML: the bodies are most of this
    // template, and each StackSet's `TemplateBody` is limited to 51,200 bytes.
    let roles_body = spoke_roles(policy).to_string();
    let rules_body = spoke_rules(policy)?.to_string();
    let parameter = |key: &str| json!({"ParameterKey": key, "ParameterValue": reference(key)});
    let service_managed = |name: String, body: &str, regions: Value, parameters: Vec<Value>| {
        json!({
            "Type": "AWS::CloudFormation::StackSet",
            "Properties": {
                "StackSetName": name,
                "PermissionModel": "SERVICE_MANAGED",
                "AutoDeployment": {"Enabled": true, "RetainStacksOnAccountRemoval": false},
                "Capabilities": ["CAPABILITY_NAMED_IAM"],
                "CallAs": reference("CallAs"),
                "ManagedExecution": {"Active": true},
                "OperationPreferences": {"FailureTolerancePercentage": 10, "MaxConcurrentPercentage": 50, "RegionConcurrencyType": "PARALLEL"},
                "StackInstancesGroup": [{
                    "DeploymentTargets": {"OrganizationalUnitIds": reference("OrganizationalUnitIds")},
                    "Regions": regions
                }],
                "Parameters": parameters,
                "TemplateBody": body
            }
        })
    };
    let management_rules = install.management_rules_stack_set();
    let mut resources = Map::new();
    resources.insert(
        "SpokeRoles".into(),
        service_managed(
            install.roles_stack_set(),
            &roles_body,
            json!([reference("RolesRegion")]),
            ["HubAccountId", "HubRegion", "OrganizationId", "ExternalId"]
                .into_iter()
                .map(parameter)
                .collect(),
        ),
    );
    resources.insert(
        "SpokeRules".into(),
        service_managed(
            install.rules_stack_set(),
            &rules_body,
            reference("Regions"),
            ["HubAccountId", "HubRegion"]
                .into_iter()
                .map(parameter)
                .collect(),
        ),
    );
    for (id, mut role) in spoke_role_resources(policy) {
        if let Some(object) = role.as_object_mut() {
            object.insert("Condition".into(), json!("InManagementAccount"));
        }
        resources.insert(format!("Management{id}"), role);
    }
    let administration = format!("{}-stackset-administration", install.name);
    let execution = format!("{}-stackset-execution", install.name);
    let mut administration_role = iam_role(
        install,
        &administration,
        json!({
            "Description": "autotag: administers the StackSet of the spoke rules in the management account.",
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Principal": {"Service": "cloudformation.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                    "Condition": {
                        "StringEquals": {"aws:SourceAccount": reference("AWS::AccountId")},
                        "StringLike": {"aws:SourceArn": sub(&format!("arn:${{AWS::Partition}}:cloudformation:*:${{AWS::AccountId}}:stackset/{management_rules}:*"))}
                    }
                }]
            },
            "Policies": [{
                "PolicyName": administration,
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{
                        "Effect": "Allow",
                        "Action": "sts:AssumeRole",
                        "Resource": sub(&format!("arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/{execution}"))
                    }]
                }
            }]
        }),
    );
    let rules_arn = sub("arn:${AWS::Partition}:events:*:${AWS::AccountId}:rule/*");
    // At the root path whatever the install's: a StackSet names its execution role by name
    // alone (`ExecutionRoleName`), and StackSets assumes `role/<name>`.
    let mut execution_role = iam_role_at(
        install,
        &execution,
        "/",
        json!({
            "Description": "autotag: creates the spoke rules' stacks of the management account's StackSet.",
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Principal": {"AWS": get_att("StackSetAdministrationRole", "Arn")},
                    "Action": "sts:AssumeRole"
                }]
            },
            "Policies": [{
                "PolicyName": execution,
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "WhatStackSetsNeeds",
                            "Effect": "Allow",
                            "Action": ["cloudformation:*", "s3:*"],
                            "Resource": "*"
                        },
                        {
                            "Sid": "TheRules",
                            "Effect": "Allow",
                            "Action": ["events:DescribeRule", "events:PutRule", "events:DeleteRule", "events:EnableRule", "events:DisableRule", "events:PutTargets", "events:RemoveTargets", "events:ListTargetsByRule"],
                            "Resource": rules_arn
                        },
                        {
                            "Sid": "TheForwardDeadLetterQueue",
                            "Effect": "Allow",
                            "Action": ["sqs:CreateQueue", "sqs:DeleteQueue", "sqs:GetQueueAttributes", "sqs:SetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueueTags", "sqs:TagQueue"],
                            "Resource": sub(&format!("arn:${{AWS::Partition}}:sqs:*:${{AWS::AccountId}}:{}-forward-dlq", install.name))
                        },
                        {
                            "Sid": "TheAlarms",
                            "Effect": "Allow",
                            "Action": ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource", "cloudwatch:TagResource"],
                            "Resource": "*"
                        },
                        {
                            "Sid": "PassTheForwarderRole",
                            "Effect": "Allow",
                            "Action": "iam:PassRole",
                            "Resource": role_arn(install, "${AWS::AccountId}", &install.forwarder_role())
                        }
                    ]
                }
            }]
        }),
    );
    for role in [&mut administration_role, &mut execution_role] {
        if let Some(object) = role.as_object_mut() {
            object.insert("Condition".into(), json!("InManagementAccount"));
        }
    }
    resources.insert("StackSetAdministrationRole".into(), administration_role);
    resources.insert("StackSetExecutionRole".into(), execution_role);
    let rules_parameters: Vec<Value> = ["HubAccountId", "HubRegion"]
        .into_iter()
        .map(parameter)
        .collect();
    resources.insert(
        "ManagementSpokeRules".into(),
        json!({
            "Type": "AWS::CloudFormation::StackSet",
            "Condition": "InManagementAccount",
            // The roles must exist, with their policies, before StackSets uses them, and the
            // rules' forwarder role before its rules name it. (The administration role is a
            // dependency already, through `AdministrationRoleARN`'s `Fn::GetAtt`.)
            "DependsOn": ["StackSetExecutionRole", "ManagementForwarderRole"],
            "Properties": {
                "StackSetName": management_rules,
                "Description": "autotag spoke rules of the management account, which service-managed StackSets skip.",
                "PermissionModel": "SELF_MANAGED",
                "AdministrationRoleARN": get_att("StackSetAdministrationRole", "Arn"),
                "ExecutionRoleName": execution,
                "Capabilities": ["CAPABILITY_NAMED_IAM"],
                "ManagedExecution": {"Active": true},
                "OperationPreferences": {"FailureTolerancePercentage": 10, "MaxConcurrentPercentage": 50, "RegionConcurrencyType": "PARALLEL"},
                "StackInstancesGroup": [{
                    "DeploymentTargets": {"Accounts": [reference("AWS::AccountId")]},
                    "Regions": reference("Regions")
                }],
                "Parameters": rules_parameters,
                "TemplateBody": rules_body
            }
        }),
    );
    Ok(json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "autotag organization deployment (generated by `autotag render`; do not edit): spoke roles once per account and spoke rules in every region, for every account of the target OUs including accounts added later, and for the management account itself. Deploy from S3 (aws cloudformation deploy --s3-bucket): it is larger than an inline template may be.",
        "Parameters": {
            "OrganizationalUnitIds": {"Type": "CommaDelimitedList", "Description": "OUs (or the root) to cover."},
            "Regions": {"Type": "CommaDelimitedList", "Description": "Every enabled region; must include us-east-1, where IAM events arrive. To cover a region added later, update this stack with the region added here: both rules StackSets follow."},
            "RolesRegion": {"Type": "String", "Default": "us-east-1", "Description": "The one region the roles stack is deployed in."},
            "HubAccountId": {"Type": "String", "AllowedPattern": "^[0-9]{12}$"},
            "HubRegion": {"Type": "String", "Default": "us-east-1"},
            "OrganizationId": {"Type": "String", "AllowedPattern": "^o-[a-z0-9]{10,32}$"},
            "ExternalId": {"Type": "String", "NoEcho": true, "MinLength": 2},
            "CallAs": {"Type": "String", "Default": "SELF", "AllowedValues": ["SELF", "DELEGATED_ADMIN"], "Description": "SELF when this stack is deployed in the management account, which it then covers too; DELEGATED_ADMIN from a delegated administrator, which leaves the management account to be covered by hand."}
        },
        "Conditions": {
            "InManagementAccount": {"Fn::Equals": [reference("CallAs"), "SELF"]}
        },
        "Resources": resources
    }))
}

#[cfg(test)]
mod sweep_tests;

#[cfg(test)]
mod retag_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy_eval::{Request, evaluate};
    use crate::render::MAX_PATTERN_CHARS;
    use crate::render::cfn::Stack;

    /// CloudFormation's limit for a template passed inline (`TemplateBody`), which is how the
    /// hub and spoke templates, and the StackSets the organization template creates, are
    /// deployed.
    const MAX_INLINE_TEMPLATE_BYTES: usize = 51_200;
    /// CloudFormation's limit for a template read from S3, which is how the organization
    /// template is deployed: the smaller of the two figures AWS has documented (460,800 bytes in
    /// the API references' `TemplateURL`, 1 MB in the current quotas page).
    const MAX_S3_TEMPLATE_BYTES: usize = 460_800;

    /// An install unlike the default in every respect: name, role path and boundary.
    fn staging() -> TagPolicy {
        TagPolicy::from_toml(
            "[install]\nname = \"staging\"\nrole_path = \"/security/\"\npermissions_boundary = \"/boundaries/staging-boundary\"\n",
        )
        .unwrap()
    }

    fn resources(template: &Value) -> Vec<(String, Value)> {
        template["Resources"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(id, r)| (id.clone(), r.clone()))
            .collect()
    }

    fn of_type(template: &Value, kind: &str) -> Vec<(String, Value)> {
        resources(template)
            .into_iter()
            .filter(|(_, r)| r["Type"] == kind)
            .collect()
    }

    #[test]
    fn the_templates_fit_cloudformations_limits() {
        for policy in [TagPolicy::default(), staging()] {
            let org = org_stacksets(&policy).unwrap();
            let text = crate::render::yaml::to_yaml(&org);
            // Deployed from S3 (`aws cloudformation deploy --s3-bucket`), as its description says.
            assert!(text.len() <= MAX_S3_TEMPLATE_BYTES, "{} bytes", text.len());
            assert!(org["Description"].as_str().unwrap().contains("--s3-bucket"));
            let stack_sets = of_type(&org, "AWS::CloudFormation::StackSet");
            assert_eq!(stack_sets.len(), 3);
            for (id, stack_set) in stack_sets {
                let body = stack_set["Properties"]["TemplateBody"].as_str().unwrap();
                assert!(
                    body.len() <= MAX_INLINE_TEMPLATE_BYTES,
                    "{id}: {} bytes",
                    body.len()
                );
            }
            for template in [
                spoke_roles(&policy),
                spoke_rules(&policy).unwrap(),
                hub(&policy),
            ] {
                let text = crate::render::yaml::to_yaml(&template);
                assert!(
                    text.len() <= MAX_INLINE_TEMPLATE_BYTES,
                    "{} bytes",
                    text.len()
                );
            }
        }
    }

    /// Every EventBridge rule the templates create, by logical id, with its pattern.
    fn rendered_rules() -> Vec<(String, Value)> {
        let templates = [
            spoke_rules(&TagPolicy::default()).unwrap(),
            hub(&TagPolicy::default()),
            spoke_roles(&TagPolicy::default()),
        ];
        templates
            .iter()
            .flat_map(|t| t["Resources"].as_object().unwrap().clone())
            .filter(|(_, r)| r["Type"] == "AWS::Events::Rule")
            .map(|(id, r)| (id, r["Properties"]["EventPattern"].clone()))
            .collect()
    }

    /// Whether a pattern's `source` admits `source`, for the matchers the renderers use (exact
    /// names and `prefix`); a pattern without `source` admits every source.
    fn source_admits(pattern: &Value, source: &str) -> bool {
        let Some(matchers) = pattern.get("source") else {
            return true;
        };
        matchers
            .as_array()
            .unwrap()
            .iter()
            .any(|matcher| match matcher {
                Value::String(exact) => exact == source,
                Value::Object(o) if o.len() == 1 && o.contains_key("prefix") => {
                    source.starts_with(o["prefix"].as_str().unwrap())
                }
                other => panic!("matcher `{other}` is not understood by this test"),
            })
    }

    #[test]
    fn every_rule_matches_only_cloudtrail_calls_of_aws_services() {
        let rules = rendered_rules();
        assert!(rules.iter().any(|(id, _)| id == "ToQueueRule"));
        assert!(
            rules
                .iter()
                .filter(|(id, _)| id.starts_with("Forward"))
                .count()
                >= 2
        );
        // What a principal could put with `PutEvents`, which refuses only sources beginning
        // with `aws.`.
        let forged = [
            "com.example.app",
            "aws",
            "awsx.ec2",
            "AWS.ec2",
            "",
            "my.aws.ec2",
        ];
        for (id, pattern) in rules {
            assert!(pattern.to_string().len() <= MAX_PATTERN_CHARS, "{id}");
            // The retag rule matches the policy parameter's changes, which Systems Manager
            // (`aws.ssm`) puts on the default bus; every other rule, CloudTrail's calls.
            let detail_type = if id == "RetagRule" {
                PARAMETER_STORE_CHANGE
            } else {
                CLOUDTRAIL_DETAIL_TYPE
            };
            assert_eq!(pattern["detail-type"], json!([detail_type]), "{id}");
            for source in forged {
                assert!(!source_admits(&pattern, source), "{id} admits `{source}`");
            }
        }
    }

    #[test]
    fn the_hub_rule_forwards_every_aws_service() {
        let rules = rendered_rules();
        let (_, pattern) = rules.iter().find(|(id, _)| id == "ToQueueRule").unwrap();
        for source in ["aws.ec2", "aws.sts", "aws.iam", "aws.s3"] {
            assert!(source_admits(pattern, source), "{source}");
        }
        assert!(!source_admits(pattern, "custom.autotag"));
        // The archive keeps what the rule takes, so a replay feeds the queue the same events.
        let template = hub(&TagPolicy::default());
        assert_eq!(
            template["Resources"]["HubBusArchive"]["Properties"]["EventPattern"],
            *pattern
        );
    }

    #[test]
    fn the_hub_bus_admits_only_the_spoke_forwarders_of_the_organization() {
        const ORG: &str = "o-abc1234567";
        for policy in [TagPolicy::default(), staging()] {
            let install = &policy.install;
            let template = hub(&policy);
            let stack = Stack {
                template: &template,
                partition: "aws",
                region: "us-east-1",
                account: "111111111111",
                parameters: &[("OrganizationId", ORG)],
            };
            let statement =
                stack.resolve(&template["Resources"]["HubBusPolicy"]["Properties"]["Statement"]);
            let document = json!({"Version": "2012-10-17", "Statement": [statement]});
            let bus = stack.attribute("HubBus", "Arn");
            let forwarder = install.role_arn("aws", "222222222222", &install.forwarder_role());
            let off_path = format!(
                "arn:aws:iam::222222222222:role/elsewhere/{}",
                install.forwarder_role()
            );
            let longer = format!("{forwarder}-2");
            let user = format!(
                "arn:aws:iam::222222222222:user{}{}",
                install.role_path,
                install.forwarder_role()
            );
            let auto_tag = install.role_arn("aws", "222222222222", &policy.role_name);
            let other_bus = "arn:aws:events:us-east-1:111111111111:event-bus/default";
            let cases: &[(&str, Option<&str>, &str, &str, bool)] = &[
                (&forwarder, Some(ORG), "events:PutEvents", &bus, true),
                (
                    &forwarder,
                    Some("o-other123456"),
                    "events:PutEvents",
                    &bus,
                    false,
                ),
                (&forwarder, None, "events:PutEvents", &bus, false),
                (
                    "arn:aws:iam::222222222222:role/developer",
                    Some(ORG),
                    "events:PutEvents",
                    &bus,
                    false,
                ),
                (&off_path, Some(ORG), "events:PutEvents", &bus, false),
                (&longer, Some(ORG), "events:PutEvents", &bus, false),
                (&user, Some(ORG), "events:PutEvents", &bus, false),
                (&auto_tag, Some(ORG), "events:PutEvents", &bus, false),
                (&forwarder, Some(ORG), "events:PutEvents", other_bus, false),
                (&forwarder, Some(ORG), "events:PutRule", &bus, false),
            ];
            for (principal, org, action, resource, expected) in cases {
                let request = Request {
                    principal_arn: Some(principal),
                    principal_org_id: *org,
                    action,
                    resource,
                    ..Request::default()
                };
                let verdict = evaluate(&[&document], &request).unwrap();
                assert_eq!(
                    verdict.is_allowed(),
                    *expected,
                    "{principal} {org:?} {action} {resource}: {verdict}"
                );
            }
        }
    }

    /// Every string of `value`, with the key it is found under (the nearest object key).
    fn strings<'v>(value: &'v Value, key: &'v str, out: &mut Vec<(&'v str, &'v str)>) {
        match value {
            Value::String(text) => out.push((key, text)),
            Value::Array(items) => items.iter().for_each(|v| strings(v, key, out)),
            Value::Object(object) => object.iter().for_each(|(k, v)| strings(v, k, out)),
            _ => {}
        }
    }

    /// Every rendered document of `policy`: the templates, the forwarder policy and the SCPs.
    fn rendered_documents(policy: &TagPolicy) -> Vec<Value> {
        let mut documents = vec![
            spoke_roles(policy),
            spoke_rules(policy).unwrap(),
            hub(policy),
            org_stacksets(policy).unwrap(),
        ];
        documents.extend(crate::render::documents::scps(policy).unwrap());
        documents
    }

    #[test]
    fn no_rendered_name_is_the_default_installs() {
        let policy = staging();
        let mut found = Vec::new();
        let documents = rendered_documents(&policy);
        for document in &documents {
            strings(document, "", &mut found);
        }
        for file in crate::render::render_all(&policy).unwrap() {
            if file.path.ends_with(".json") {
                assert!(!file.contents.contains("autotag-"), "{}", file.path);
            }
        }
        for (key, text) in found {
            assert!(!text.contains("autotag-"), "{key}: {text}");
            assert!(!text.contains("/autotag"), "{key}: {text}");
            // The metrics' namespace is the product's, shared by installs (the `Install`
            // dimension tells them apart).
            assert!(text != "autotag" || key == "Namespace", "{key}: {text}");
        }
        let hub = hub(&policy);
        assert_eq!(
            hub["Parameters"]["ConfigParameterName"]["Default"],
            "/staging/config"
        );
        assert_eq!(
            hub["Resources"]["Function"]["Properties"]["Environment"]["Variables"]["AUTOTAG_INSTALL_NAME"],
            "staging"
        );
    }

    /// The roles the organization template's self-managed StackSet assumes by name alone, which
    /// must sit at the root path.
    const ROOT_PATH_ROLES: &[&str] = &["StackSetExecutionRole"];

    #[test]
    fn every_role_has_the_install_path_and_boundary() {
        let by_name = staging();
        let by_arn = TagPolicy::from_toml(
            "[install]\nrole_path = \"/a/b/\"\npermissions_boundary = \"arn:aws:iam::aws:policy/PowerUserAccess\"\n",
        )
        .unwrap();
        let cases = [
            (
                by_name,
                "/security/",
                sub(
                    "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/boundaries/staging-boundary",
                ),
            ),
            (
                by_arn,
                "/a/b/",
                json!("arn:aws:iam::aws:policy/PowerUserAccess"),
            ),
        ];
        for (policy, path, boundary) in cases {
            let mut roles = 0;
            for template in rendered_documents(&policy).iter().take(4) {
                for (id, role) in of_type(template, "AWS::IAM::Role") {
                    roles += 1;
                    let expected = if ROOT_PATH_ROLES.contains(&id.as_str()) {
                        "/"
                    } else {
                        path
                    };
                    assert_eq!(role["Properties"]["Path"], expected, "{id}");
                    assert_eq!(role["Properties"]["PermissionsBoundary"], boundary, "{id}");
                }
            }
            // Spoke roles (2), hub roles (3: function, operator, retag), and in the organization
            // template the management account's spoke roles (2) and the StackSet roles (2).
            assert_eq!(roles, 9);
        }
        for template in rendered_documents(&TagPolicy::default()).iter().take(4) {
            for (id, role) in of_type(template, "AWS::IAM::Role") {
                assert_eq!(role["Properties"]["Path"], "/", "{id}");
                assert!(
                    role["Properties"].get("PermissionsBoundary").is_none(),
                    "{id}"
                );
            }
        }
    }

    /// The `role<path><name>` tokens of an ARN-bearing text: what follows each `:role`, up to
    /// the first character a role path or name cannot hold (`*`, `$`, `"`, ...).
    fn role_tokens(text: &str) -> Vec<&str> {
        text.match_indices(":role")
            .map(|(at, _)| {
                let rest = &text[at + ":role".len()..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || "+=,.@_-/".contains(c)))
                    .unwrap_or(rest.len());
                &rest[..end]
            })
            .collect()
    }

    #[test]
    fn every_arn_naming_an_autotag_role_includes_the_path() {
        let policy = staging();
        let install = &policy.install;
        let names = [
            policy.role_name.clone(),
            policy.break_glass_role_name.clone(),
            install.function_role(),
            install.operator_role(),
            install.forwarder_role(),
        ];
        let mut found = Vec::new();
        let documents = rendered_documents(&policy);
        for document in &documents {
            strings(document, "", &mut found);
        }
        let mut named = BTreeSet::new();
        for (key, text) in found {
            for token in role_tokens(text) {
                let (path, name) = token.rsplit_once('/').unwrap_or(("", token));
                if names.contains(&name.to_owned()) {
                    assert_eq!(format!("{path}/"), install.role_path, "{key}: {text}");
                    named.insert(name.to_owned());
                }
            }
        }
        // Each is named somewhere: a trust policy, a bus policy, a role's grant or an SCP. (The
        // StackSet administration role is only ever named through `Fn::GetAtt`, which
        // CloudFormation makes from the role, path included.)
        assert_eq!(named.len(), names.len(), "{named:?}");
    }

    #[test]
    fn the_spoke_role_trusts_the_hub_roles_under_the_path_only() {
        let policy = staging();
        let install = &policy.install;
        let template = spoke_roles(&policy);
        let stack = Stack {
            template: &template,
            partition: "aws",
            region: "us-east-1",
            account: "222222222222",
            parameters: &[
                ("HubAccountId", "111111111111"),
                ("ExternalId", "x"),
                ("OrganizationId", "o-abc1234567"),
            ],
        };
        let trust = stack.resolve(
            &template["Resources"]["AutoTagRole"]["Properties"]["AssumeRolePolicyDocument"],
        );
        let auto_tag = stack.attribute("AutoTagRole", "Arn");
        assert_eq!(auto_tag, "arn:aws:iam::222222222222:role/security/staging");
        let function = install.role_arn("aws", "111111111111", &install.function_role());
        let operator = install.role_arn("aws", "111111111111", &install.operator_role());
        let at_root = format!("arn:aws:iam::111111111111:role/{}", install.function_role());
        for (principal, expected) in [(&function, true), (&operator, true), (&at_root, false)] {
            let request = Request {
                principal_arn: Some(principal),
                principal_org_id: Some("o-abc1234567"),
                action: "sts:AssumeRole",
                resource: &auto_tag,
                external_id: Some("x"),
                ..Request::default()
            };
            let verdict = evaluate(&[&trust], &request).unwrap();
            assert_eq!(verdict.is_allowed(), expected, "{principal}: {verdict}");
        }
    }

    #[test]
    fn every_forwarding_target_has_a_dead_letter_queue_and_retries() {
        let policy = staging();
        let template = spoke_rules(&policy).unwrap();
        let rules = of_type(&template, "AWS::Events::Rule");
        assert!(rules.len() >= 2);
        for (id, rule) in &rules {
            let targets = rule["Properties"]["Targets"].as_array().unwrap();
            assert_eq!(targets.len(), 1, "{id}");
            for target in targets {
                assert_eq!(
                    target["DeadLetterConfig"]["Arn"],
                    get_att("ForwardDeadLetterQueue", "Arn"),
                    "{id}"
                );
                assert_eq!(
                    target["RetryPolicy"],
                    json!({"MaximumRetryAttempts": 185, "MaximumEventAgeInSeconds": 86400}),
                    "{id}"
                );
            }
            // Each rule's failures are alarmed.
            let alarm = &template["Resources"][format!("{id}FailedAlarm")]["Properties"];
            assert_eq!(alarm["Namespace"], "AWS/Events", "{id}");
            assert_eq!(alarm["MetricName"], "FailedInvocations", "{id}");
            assert_eq!(alarm["Dimensions"][0]["Value"], reference(id), "{id}");
        }
        let queue = &template["Resources"]["ForwardDeadLetterQueue"]["Properties"];
        assert_eq!(queue["QueueName"], "staging-forward-dlq");
        assert_eq!(queue["SqsManagedSseEnabled"], true);
        assert_eq!(queue["MessageRetentionPeriod"], 1_209_600);
        // The queue admits EventBridge for exactly this stack's rules.
        let statement = &template["Resources"]["ForwardDeadLetterQueuePolicy"]["Properties"]["PolicyDocument"]
            ["Statement"][0];
        assert_eq!(
            statement["Principal"],
            json!({"Service": "events.amazonaws.com"})
        );
        assert_eq!(statement["Action"], "sqs:SendMessage");
        let sources: Vec<Value> = rules.iter().map(|(id, _)| get_att(id, "Arn")).collect();
        assert_eq!(
            statement["Condition"]["ArnEquals"]["aws:SourceArn"],
            json!(sources)
        );
        // Every alarm tells the topic, and exists only when there is one.
        for (id, alarm) in of_type(&template, "AWS::CloudWatch::Alarm") {
            assert_eq!(
                alarm["Properties"]["AlarmActions"],
                json!([reference("AlarmTopicArn")]),
                "{id}"
            );
            assert_eq!(alarm["Condition"], "HasAlarmTopic", "{id}");
        }
    }

    /// Every metric name of the autotag namespace a dashboard body names: in metric arrays and
    /// in `SEARCH` expressions.
    fn dashboard_metrics(body: &Value) -> (BTreeSet<String>, Vec<String>) {
        let mut names = BTreeSet::new();
        let mut searches = Vec::new();
        for widget in body["widgets"].as_array().unwrap() {
            for metric in widget["properties"]["metrics"].as_array().unwrap() {
                let metric = metric.as_array().unwrap();
                match &metric[0] {
                    Value::String(namespace) if namespace == metrics::NAMESPACE => {
                        assert_eq!(metric[2], metrics::INSTALL);
                        names.insert(metric[1].as_str().unwrap().to_owned());
                    }
                    Value::String(_) => {}
                    Value::Object(expression) => {
                        let text = expression["expression"].as_str().unwrap();
                        for part in text.split("MetricName=\"").skip(1) {
                            names.insert(part.split('"').next().unwrap().to_owned());
                        }
                        searches.push(text.to_owned());
                    }
                    other => panic!("unexpected metric `{other}`"),
                }
            }
        }
        (names, searches)
    }

    #[test]
    fn the_dashboard_names_only_the_hubs_metrics_and_every_alarm_notifies() {
        let policy = staging();
        let template = hub(&policy);
        let body = template["Resources"]["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
            .as_str()
            .unwrap()
            .replace("${AWS::Region}", "eu-west-1");
        assert!(!body.contains("${"), "only the region is substituted");
        let body: Value = serde_json::from_str(&body).unwrap();
        let (names, searches) = dashboard_metrics(&body);
        let defined: BTreeSet<String> = EventCount::ALL
            .iter()
            .map(|count| count.metric().to_owned())
            .chain([
                metrics::TAG_CALL_LATENCY.to_owned(),
                metrics::WAIT_SECONDS.to_owned(),
            ])
            .collect();
        assert_eq!(names, defined);
        for dimension in [metrics::ACCOUNT, metrics::ROUTE] {
            let set = format!(
                "{{{},{},{dimension}}}",
                metrics::NAMESPACE,
                metrics::INSTALL
            );
            assert!(
                searches
                    .iter()
                    .any(|s| s.contains(&set) && s.contains("Install=\"staging\"")),
                "no search over {set}"
            );
        }
        assert_eq!(
            template["Resources"]["Dashboard"]["Properties"]["DashboardName"],
            "staging"
        );
        let text = body.to_string();
        for watched in [
            "\"staging-hub\"",
            "\"staging-hub-dlq\"",
            "ApproximateAgeOfOldestMessage",
            "Throttles",
            "Duration",
        ] {
            assert!(text.contains(watched), "{watched}");
        }
        let alarms = of_type(&template, "AWS::CloudWatch::Alarm");
        // The hub's five and the retag function's two.
        assert_eq!(alarms.len(), 7);
        for (id, alarm) in alarms {
            assert_eq!(
                alarm["Properties"]["AlarmActions"],
                json!([reference("AlertTopic")]),
                "{id}"
            );
        }
        let parked = &template["Resources"]["ParkedAlarm"]["Properties"];
        assert_eq!(parked["Namespace"], metrics::NAMESPACE);
        assert_eq!(parked["MetricName"], EventCount::Parked.metric());
        assert_eq!(
            parked["Dimensions"],
            json!([{"Name": metrics::INSTALL, "Value": "staging"}])
        );
    }

    #[test]
    fn the_function_reads_its_policy_and_logs_where_the_stack_says() {
        let template = hub(&TagPolicy::default());
        let properties = &template["Resources"]["Function"]["Properties"];
        let variables = properties["Environment"]["Variables"].as_object().unwrap();
        assert!(!variables.contains_key("AUTOTAG_CONFIG"));
        assert_eq!(
            variables["AUTOTAG_CONFIG_PARAMETER"],
            reference("ConfigParameterName")
        );
        assert_eq!(
            variables["AUTOTAG_CONFIG_TTL_SECONDS"],
            reference("ConfigTtlSeconds")
        );
        assert_eq!(
            properties["LoggingConfig"]["LogGroup"],
            reference("FunctionLogGroup")
        );
        assert_eq!(
            template["Resources"]["FunctionLogGroup"]["Properties"]["LogGroupName"],
            "/aws/lambda/autotag-hub"
        );
        let parameters = &template["Parameters"];
        assert!(parameters["CodeKey"].get("Default").is_none());
        assert!(
            parameters["CodeKey"]["Description"]
                .as_str()
                .unwrap()
                .contains("make release")
        );
        assert_eq!(
            parameters["ConfigParameterName"]["Default"],
            "/autotag/config"
        );
        assert_eq!(parameters["LogRetentionDays"]["Default"], 90);
        assert!(
            parameters["LogRetentionDays"]["AllowedValues"]
                .as_array()
                .unwrap()
                .contains(&json!(90))
        );
        for output in [
            "ConfigParameterName",
            "FunctionName",
            "DashboardName",
            "ArchiveName",
            "HubBusName",
            "HubQueueUrl",
        ] {
            assert!(template["Outputs"].get(output).is_some(), "{output}");
        }
    }

    #[test]
    fn the_management_account_is_covered_by_the_organization_template() {
        let policy = staging();
        let install = &policy.install;
        let org = org_stacksets(&policy).unwrap();
        let resource = |id: &str| org["Resources"][id].clone();
        // Its spoke roles, as this stack's own resources, only when deployed there.
        for id in ["ManagementAutoTagRole", "ManagementForwarderRole"] {
            assert_eq!(resource(id)["Condition"], "InManagementAccount", "{id}");
        }
        assert_eq!(
            resource("ManagementAutoTagRole")["Properties"],
            spoke_roles(&policy)["Resources"]["AutoTagRole"]["Properties"]
        );
        // Its rules, in every region of `Regions`, through a self-managed StackSet.
        let rules = resource("ManagementSpokeRules");
        assert_eq!(rules["Condition"], "InManagementAccount");
        let properties = &rules["Properties"];
        assert_eq!(properties["PermissionModel"], "SELF_MANAGED");
        assert_eq!(properties["StackSetName"], "staging-spoke-rules-management");
        assert_eq!(
            properties["StackInstancesGroup"],
            json!([{"DeploymentTargets": {"Accounts": [reference("AWS::AccountId")]}, "Regions": reference("Regions")}])
        );
        assert_eq!(
            properties["TemplateBody"],
            resource("SpokeRules")["Properties"]["TemplateBody"]
        );
        for dependency in ["StackSetExecutionRole", "ManagementForwarderRole"] {
            assert!(
                rules["DependsOn"]
                    .as_array()
                    .unwrap()
                    .contains(&json!(dependency)),
                "{dependency}"
            );
        }
        assert_eq!(
            properties["AdministrationRoleARN"],
            get_att("StackSetAdministrationRole", "Arn")
        );
        let execution = resource("StackSetExecutionRole");
        assert_eq!(
            properties["ExecutionRoleName"],
            execution["Properties"]["RoleName"]
        );
        // The administration role may assume the execution role and nothing else; the execution
        // role trusts the administration role alone.
        let stack = Stack {
            template: &org,
            partition: "aws",
            region: "us-east-1",
            account: "333333333333",
            parameters: &[],
        };
        let administration_arn = stack.attribute("StackSetAdministrationRole", "Arn");
        assert_eq!(
            administration_arn,
            "arn:aws:iam::333333333333:role/security/staging-stackset-administration"
        );
        let execution_arn = stack.attribute("StackSetExecutionRole", "Arn");
        let grants = stack.resolve(
            &resource("StackSetAdministrationRole")["Properties"]["Policies"][0]["PolicyDocument"],
        );
        let trust = stack.resolve(&execution["Properties"]["AssumeRolePolicyDocument"]);
        let assume = |document: &Value, principal: &str, role: &str| {
            let request = Request {
                principal_arn: Some(principal),
                action: "sts:AssumeRole",
                resource: role,
                ..Request::default()
            };
            evaluate(&[document], &request).unwrap().is_allowed()
        };
        assert!(assume(&grants, &administration_arn, &execution_arn));
        assert!(!assume(
            &grants,
            &administration_arn,
            "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole"
        ));
        assert!(!assume(
            &grants,
            &administration_arn,
            "arn:aws:iam::444444444444:role/staging-stackset-execution"
        ));
        assert!(assume(&trust, &administration_arn, &execution_arn));
        assert!(!assume(
            &trust,
            "arn:aws:iam::333333333333:role/admin",
            &execution_arn
        ));
        // The execution role may pass the forwarder role the rules name.
        let passes = stack.resolve(&execution["Properties"]["Policies"][0]["PolicyDocument"]);
        let forwarder = install.role_arn("aws", "333333333333", &install.forwarder_role());
        let request = Request {
            principal_arn: Some(&execution_arn),
            action: "iam:PassRole",
            resource: &forwarder,
            ..Request::default()
        };
        assert!(evaluate(&[&passes], &request).unwrap().is_allowed());
        // Adding a region is updating the stack's `Regions`.
        assert!(
            org["Parameters"]["Regions"]["Description"]
                .as_str()
                .unwrap()
                .contains("update this stack")
        );
        assert_eq!(
            org["Conditions"]["InManagementAccount"],
            json!({"Fn::Equals": [reference("CallAs"), "SELF"]})
        );
    }
}
