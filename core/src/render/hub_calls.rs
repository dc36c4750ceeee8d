//! Every AWS call made with the hub function's role, as data: the rendered role (in
//! [`super::templates::hub`]) is evaluated against each call by a test, so a permission the hub
//! needs and the role lacks fails `make test`, not a deployment.

/// What a hub call acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HubResource {
    /// A resource of the hub template, by logical id (`HubQueue`, `SessionTable`...).
    Hub(&'static str),
    /// The auto-tag role (`spoke.role_name`) in a spoke account of the organization.
    SpokeRole,
    /// The SSM parameter holding the policy (`ConfigParameterName`), written by `autotag config
    /// push` rather than by the stack: CloudFormation cannot create a SecureString.
    ConfigParameter,
    /// The security team's topic, `enforcement.notify_topic` (granted only when set).
    NotifyTopic,
    /// The chat webhook's secret, `enforcement.webhook_secret` (granted only when set).
    WebhookSecret,
    /// The SES identity of `enforcement.ses_from` (granted only when set).
    SesIdentity,
}

/// One call: the IAM action it is authorized as, what it acts on, and who makes it where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HubCall {
    /// The IAM action, e.g. `sqs:GetQueueUrl`.
    pub action: &'static str,
    /// The resource the action is authorized on.
    pub resource: HubResource,
    /// The code that makes the call: a file of `hub/` and its function, or the AWS service that
    /// calls with the function's role.
    pub made_by: &'static str,
}

/// Every call made with the hub function's role. It must list every call `hub/` makes with the
/// hub's own credentials, that is with a client built from `aws::load_sdk_config` rather than
/// from a spoke session (calls in spoke sessions are the spoke role's, granted by
/// [`super::documents::spoke_role_policy`]), and every call AWS makes on the function's behalf
/// with its role. A new call in `hub/` without its row here, or a row without its grant in the
/// role, fails `make test` or the real deployment; keep them together.
///
/// Not listed: CloudWatch Logs writes, granted by the managed `AWSLambdaBasicExecutionRole`,
/// which the evaluator cannot see; and the `autotag hub` and `autotag replay` commands
/// (`hub/src/aws/queue.rs` `QueuePoller`, `replay`), which run with an operator's credentials,
/// not this role.
pub const HUB_CALLS: &[HubCall] = &[
    // The Lambda event source mapping (`QueueToFunction`) polls with the function's role
    // (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
    HubCall {
        action: "sqs:ReceiveMessage",
        resource: HubResource::Hub("HubQueue"),
        made_by: "Lambda's SQS event source mapping",
    },
    HubCall {
        action: "sqs:DeleteMessage",
        resource: HubResource::Hub("HubQueue"),
        made_by: "Lambda's SQS event source mapping",
    },
    HubCall {
        action: "sqs:GetQueueAttributes",
        resource: HubResource::Hub("HubQueue"),
        made_by: "Lambda's SQS event source mapping",
    },
    // A waiting message is made visible again after its own delay; SQS authorizes
    // `GetQueueUrl` on the queue's ARN
    // (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-permissions-reference.html).
    HubCall {
        action: "sqs:GetQueueUrl",
        resource: HubResource::Hub("HubQueue"),
        made_by: "hub/src/aws/queue.rs SqsRedelivery::queue_url, for redeliver_after and requeue",
    },
    HubCall {
        action: "sqs:ChangeMessageVisibility",
        resource: HubResource::Hub("HubQueue"),
        made_by: "hub/src/aws/queue.rs SqsRedelivery::redeliver_after",
    },
    // A message that must wait past `max_receives` deliveries goes on as a fresh delayed copy.
    HubCall {
        action: "sqs:SendMessage",
        resource: HubResource::Hub("HubQueue"),
        made_by: "hub/src/aws/queue.rs SqsRedelivery::requeue",
    },
    HubCall {
        action: "sqs:SendMessage",
        resource: HubResource::Hub("DeadLetterQueue"),
        made_by: "hub/src/aws/queue.rs SqsDeadLetters::park",
    },
    HubCall {
        action: "sts:AssumeRole",
        resource: HubResource::SpokeRole,
        made_by: "hub/src/aws/sessions.rs AssumedRole::fetch",
    },
    HubCall {
        action: "dynamodb:PutItem",
        resource: HubResource::Hub("SessionTable"),
        made_by: "hub/src/aws/session_store.rs DynamoSessions::remember",
    },
    HubCall {
        action: "dynamodb:GetItem",
        resource: HubResource::Hub("SessionTable"),
        made_by: "hub/src/aws/session_store.rs DynamoSessions::find",
    },
    // A conditional put is still `PutItem`.
    HubCall {
        action: "dynamodb:PutItem",
        resource: HubResource::Hub("LedgerTable"),
        made_by: "hub/src/aws/session_store.rs DynamoLedger::record",
    },
    HubCall {
        action: "dynamodb:GetItem",
        resource: HubResource::Hub("LedgerTable"),
        made_by: "hub/src/aws/session_store.rs DynamoLedger::find",
    },
    // An image push's label check, the latest per repository (a conditional put).
    HubCall {
        action: "dynamodb:PutItem",
        resource: HubResource::Hub("LedgerTable"),
        made_by: "hub/src/aws/session_store.rs DynamoLedger::record_label_check",
    },
    // The policy, at cold start and again once its cache time (`AUTOTAG_CONFIG_TTL_SECONDS`)
    // has passed. Decrypting it under `alias/aws/ssm` needs no grant of the role's own.
    HubCall {
        action: "ssm:GetParameter",
        resource: HubResource::ConfigParameter,
        made_by: "hub/src/aws/config_store.rs ParameterPolicy::read",
    },
    // A tag change that removed a recorded stamp: the stamp is put back and the team told.
    HubCall {
        action: "sns:Publish",
        resource: HubResource::Hub("AlertTopic"),
        made_by: "hub/src/aws/alerts.rs SnsAlerts::publish",
    },
    // Enforcement's messages, when the policy configures their channels.
    HubCall {
        action: "sns:Publish",
        resource: HubResource::NotifyTopic,
        made_by: "hub/src/aws/notify/sns.rs SnsNotifier::deliver",
    },
    HubCall {
        action: "secretsmanager:GetSecretValue",
        resource: HubResource::WebhookSecret,
        made_by: "hub/src/aws/notify/webhook.rs WebhookNotifier::url",
    },
    HubCall {
        action: "ses:SendEmail",
        resource: HubResource::SesIdentity,
        made_by: "hub/src/aws/notify/ses.rs SesNotifier::deliver",
    },
];

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::policy::TagPolicy;
    use crate::policy_eval::{Request, Verdict, evaluate};
    use crate::render::cfn::Stack;
    use crate::render::templates;

    const HUB_ACCOUNT: &str = "111111111111";
    const SPOKE_ACCOUNT: &str = "222222222222";
    const ORG: &str = "o-abc1234567";

    fn stack(template: &Value) -> Stack<'_> {
        Stack {
            template,
            partition: "aws",
            region: "eu-west-1",
            account: HUB_ACCOUNT,
            parameters: &[
                ("OrganizationId", ORG),
                ("SpokeRoleName", "autotag"),
                ("TrailBucket", "org-trail"),
                ("ConfigParameterName", "/autotag/config"),
            ],
        }
    }

    /// The function role's inline policies, as IAM sees them once the stack is deployed.
    fn role_policies(template: &Value) -> Vec<Value> {
        named_role_policies(template, "FunctionRole")
    }

    fn named_role_policies(template: &Value, role: &str) -> Vec<Value> {
        stack(template).role_policies(role)
    }

    /// The concrete ARN a call acts on, in an organization's account.
    fn arn_of(template: &Value, resource: HubResource) -> String {
        match resource {
            HubResource::Hub("AlertTopic") => stack(template).attribute("AlertTopic", "TopicArn"),
            HubResource::Hub(id) => stack(template).attribute(id, "Arn"),
            HubResource::SpokeRole => {
                let policy = TagPolicy::default();
                policy
                    .install
                    .role_arn("aws", SPOKE_ACCOUNT, &policy.role_name)
            }
            HubResource::ConfigParameter => {
                format!("arn:aws:ssm:eu-west-1:{HUB_ACCOUNT}:parameter/autotag/config")
            }
            HubResource::NotifyTopic => TOPIC.to_owned(),
            HubResource::WebhookSecret => SECRET.to_owned(),
            HubResource::SesIdentity => {
                format!("arn:aws:ses:eu-west-1:{HUB_ACCOUNT}:identity/example.com")
            }
        }
    }

    const TOPIC: &str = "arn:aws:sns:eu-west-1:111111111111:security";
    const SECRET: &str = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:chat-AbCdEf";

    /// A policy whose enforcement uses every channel.
    fn notifying() -> TagPolicy {
        let mut policy = TagPolicy::default();
        policy.enforcement.notify_topic = Some(TOPIC.to_owned());
        policy.enforcement.webhook_secret = Some(SECRET.to_owned());
        policy.enforcement.ses_from = Some("autotag@example.com".to_owned());
        policy
    }

    fn verdict(policies: &[Value], action: &str, resource: &str, resource_org: &str) -> Verdict {
        let install = TagPolicy::default().install;
        let principal = install.role_arn("aws", HUB_ACCOUNT, &install.function_role());
        let request = Request {
            principal_arn: Some(&principal),
            principal_org_id: Some(ORG),
            action,
            resource,
            resource_org_id: Some(resource_org),
            ..Request::default()
        };
        let documents: Vec<&Value> = policies.iter().collect();
        evaluate(&documents, &request).unwrap()
    }

    /// The calls of [`HUB_CALLS`] the role does not allow, with the verdict.
    fn refused(template: &Value, policies: &[Value]) -> Vec<(HubCall, Verdict)> {
        HUB_CALLS
            .iter()
            .map(|call| {
                let resource = arn_of(template, call.resource);
                (*call, verdict(policies, call.action, &resource, ORG))
            })
            .filter(|(_, verdict)| !verdict.is_allowed())
            .collect()
    }

    #[test]
    fn the_rendered_function_role_allows_every_call_the_hub_makes() {
        let template = templates::hub(&notifying());
        let refused = refused(&template, &role_policies(&template));
        assert!(refused.is_empty(), "the function role refuses {refused:#?}");
    }

    #[test]
    fn enforcements_channels_are_granted_on_the_configured_arns_only() {
        let configured = templates::hub(&notifying());
        let plain = templates::hub(&TagPolicy::default());
        let other_topic = "arn:aws:sns:eu-west-1:111111111111:other";
        let other_secret = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf";
        let other_sender = format!("arn:aws:ses:eu-west-1:{HUB_ACCOUNT}:identity/other.com");
        for role in ["FunctionRole", "OperatorRole"] {
            let policies = named_role_policies(&configured, role);
            let none = named_role_policies(&plain, role);
            for call in HUB_CALLS.iter().filter(|call| {
                matches!(
                    call.resource,
                    HubResource::NotifyTopic
                        | HubResource::WebhookSecret
                        | HubResource::SesIdentity
                )
            }) {
                let arn = arn_of(&configured, call.resource);
                assert!(
                    verdict(&policies, call.action, &arn, ORG).is_allowed(),
                    "{role} {arn}"
                );
                assert!(
                    !verdict(&none, call.action, &arn, ORG).is_allowed(),
                    "{role} {arn}"
                );
            }
            let address =
                format!("arn:aws:ses:eu-west-1:{HUB_ACCOUNT}:identity/autotag@example.com");
            assert!(verdict(&policies, "ses:SendEmail", &address, ORG).is_allowed());
            for (action, arn) in [
                ("sns:Publish", other_topic),
                ("secretsmanager:GetSecretValue", other_secret),
                ("ses:SendEmail", other_sender.as_str()),
            ] {
                assert!(
                    !verdict(&policies, action, arn, ORG).is_allowed(),
                    "{role} {arn}"
                );
            }
        }
    }

    #[test]
    fn a_grant_missing_from_the_role_is_found() {
        // The check above is only worth its pass if it fails on the gap it was written for.
        let mut template = templates::hub(&notifying());
        for statement in template
            .pointer_mut("/Resources/FunctionRole/Properties/Policies/0/PolicyDocument/Statement")
            .unwrap()
            .as_array_mut()
            .unwrap()
        {
            if let Some(actions) = statement["Action"].as_array_mut() {
                actions.retain(|action| action != "sqs:GetQueueUrl");
            }
        }
        let refused = refused(&template, &role_policies(&template));
        let actions: Vec<&str> = refused.iter().map(|(call, _)| call.action).collect();
        assert_eq!(actions, ["sqs:GetQueueUrl"]);
        assert_eq!(refused[0].1, Verdict::ImplicitlyDenied);
    }

    #[test]
    fn the_function_role_grants_only_the_calls_the_hub_makes() {
        let template = templates::hub(&TagPolicy::default());
        let policies = role_policies(&template);
        let granted: Vec<&str> = policies
            .iter()
            .flat_map(|p| p["Statement"].as_array().unwrap())
            .flat_map(|s| match &s["Action"] {
                Value::String(action) => vec![action.as_str()],
                actions => actions
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap())
                    .collect(),
            })
            .collect();
        for action in granted {
            assert!(
                HUB_CALLS.iter().any(|call| call.action == action),
                "`{action}` is granted but the hub never calls it"
            );
        }
        // Each call is allowed on exactly the resources it is listed with: no queue's or
        // table's permission leaks onto another.
        let resources = [
            HubResource::Hub("HubQueue"),
            HubResource::Hub("DeadLetterQueue"),
            HubResource::Hub("SessionTable"),
            HubResource::Hub("LedgerTable"),
            HubResource::Hub("AlertTopic"),
            HubResource::SpokeRole,
            HubResource::ConfigParameter,
        ];
        for call in HUB_CALLS {
            for resource in resources {
                let listed = HUB_CALLS
                    .iter()
                    .any(|c| c.action == call.action && c.resource == resource);
                let arn = arn_of(&template, resource);
                let verdict = verdict(&policies, call.action, &arn, ORG);
                assert_eq!(
                    verdict.is_allowed(),
                    listed,
                    "{} on {arn}: {verdict}",
                    call.action
                );
            }
        }
    }

    #[test]
    fn the_function_role_assumes_only_the_auto_tag_role_in_the_organization() {
        let template = templates::hub(&TagPolicy::default());
        let policies = role_policies(&template);
        let autotag = arn_of(&template, HubResource::SpokeRole);
        let cases = [
            (autotag.as_str(), ORG, true),
            (autotag.as_str(), "o-other123456", false),
            ("arn:aws:iam::222222222222:role/admin", ORG, false),
            (
                "arn:aws:iam::222222222222:role/autotag-forwarder",
                ORG,
                false,
            ),
        ];
        for (role, org, expected) in cases {
            let verdict = verdict(&policies, "sts:AssumeRole", role, org);
            assert_eq!(verdict.is_allowed(), expected, "{role} in {org}: {verdict}");
        }
    }

    #[test]
    fn the_operator_role_assumes_only_the_auto_tag_role_and_reads_stamps_but_no_queue() {
        let template = templates::hub(&TagPolicy::default());
        let policies = named_role_policies(&template, "OperatorRole");
        let autotag = arn_of(&template, HubResource::SpokeRole);
        let ledger = arn_of(&template, HubResource::Hub("LedgerTable"));
        let queue = arn_of(&template, HubResource::Hub("HubQueue"));
        let cases = [
            ("sts:AssumeRole", autotag.as_str(), ORG, true),
            ("sts:AssumeRole", autotag.as_str(), "o-other123456", false),
            (
                "sts:AssumeRole",
                "arn:aws:iam::222222222222:role/admin",
                ORG,
                false,
            ),
            ("dynamodb:Scan", ledger.as_str(), ORG, true),
            ("dynamodb:BatchGetItem", ledger.as_str(), ORG, true),
            ("dynamodb:DeleteItem", ledger.as_str(), ORG, false),
            ("sqs:ReceiveMessage", queue.as_str(), ORG, false),
            ("sqs:SendMessage", queue.as_str(), ORG, false),
            (
                "s3:GetObject",
                "arn:aws:s3:::org-trail/AWSLogs/o-x/1/x.json.gz",
                ORG,
                true,
            ),
            (
                "s3:GetObject",
                "arn:aws:s3:::other-bucket/AWSLogs/x",
                ORG,
                false,
            ),
        ];
        for (action, resource, org, expected) in cases {
            let verdict = verdict(&policies, action, resource, org);
            assert_eq!(
                verdict.is_allowed(),
                expected,
                "{action} on {resource} in {org}: {verdict}"
            );
        }
    }
}
