//! Tests of the retag run on a policy change in the hub stack: a default-bus rule matching only
//! the policy parameter's changes, a function that runs one retag at a time with Lambda's
//! retries and an on-failure queue, invoked by that rule alone, a role that allows the run's
//! calls and nothing else, trusted by the spoke role, and accepted by cfn-lint and parliament.

use std::process::Command;

use serde_json::{Value, json};

use super::sweep_tests::{allowed, linter, parliament_findings, scratch_dir};
use super::*;
use crate::policy_eval::{Request, evaluate};
use crate::render::cfn::Stack;

const HUB_ACCOUNT: &str = "111111111111";
const SPOKE_ACCOUNT: &str = "222222222222";
const ORG: &str = "o-abc1234567";

/// A policy with an install unlike the default, and no `[[enforce]]` rule.
fn staging() -> TagPolicy {
    TagPolicy::from_toml(concat!(
        "[install]\nname = \"staging\"\nrole_path = \"/security/\"\n",
        "permissions_boundary = \"/boundaries/staging-boundary\"\n",
    ))
    .unwrap()
}

fn stack(template: &Value) -> Stack<'_> {
    Stack {
        template,
        partition: "aws",
        region: "eu-west-1",
        account: HUB_ACCOUNT,
        parameters: &[
            ("OrganizationId", ORG),
            ("SpokeRoleName", "staging"),
            ("TrailBucket", ""),
            ("ConfigParameterName", "/staging/config"),
        ],
    }
}

const RETAG_RESOURCES: &[&str] = &[
    "RetagRole",
    "RetagFunctionLogGroup",
    "RetagFunction",
    "RetagInvokeConfig",
    "RetagDeadLetterQueue",
    "RetagRule",
    "RetagPermission",
    "RetagErrorsAlarm",
    "RetagDeadLetterAlarm",
];

#[test]
fn every_hub_has_the_retag_run_with_or_without_rules() {
    let plain = hub(&TagPolicy::default());
    for template in [
        plain,
        hub(&super::sweep_tests::enforcing()),
        hub(&staging()),
    ] {
        for id in RETAG_RESOURCES {
            assert!(template["Resources"].get(*id).is_some(), "{id}");
        }
        assert_eq!(
            template["Outputs"]["RetagFunctionName"]["Value"],
            reference("RetagFunction")
        );
        assert_eq!(
            template["Outputs"]["RetagDeadLetterQueueUrl"]["Value"],
            reference("RetagDeadLetterQueue")
        );
    }
}

#[test]
fn the_rule_on_the_default_bus_matches_the_policy_parameters_new_versions_only() {
    let template = hub(&staging());
    let rule = &template["Resources"]["RetagRule"]["Properties"];
    assert_eq!(rule["EventBusName"], "default");
    assert_eq!(rule["Name"], "staging-retag");
    assert_eq!(rule["State"], "ENABLED");
    assert_eq!(
        rule["EventPattern"],
        json!({
            "source": ["aws.ssm"],
            "detail-type": ["Parameter Store Change"],
            "detail": {"name": [{"Ref": "ConfigParameterName"}], "operation": ["Update", "Create"]}
        })
    );
    // Resolved, the name is the stack's parameter.
    let resolved = stack(&template).resolve(&rule["EventPattern"]);
    assert_eq!(resolved["detail"]["name"], json!(["/staging/config"]));
    assert_eq!(
        rule["Targets"],
        json!([{"Id": "staging-retag", "Arn": get_att("RetagFunction", "Arn")}])
    );
    // The rule alone may invoke the function, for this account.
    let permission = &template["Resources"]["RetagPermission"]["Properties"];
    assert_eq!(permission["Principal"], "events.amazonaws.com");
    assert_eq!(permission["Action"], "lambda:InvokeFunction");
    assert_eq!(permission["FunctionName"], get_att("RetagFunction", "Arn"));
    assert_eq!(permission["SourceArn"], get_att("RetagRule", "Arn"));
    assert_eq!(permission["SourceAccount"], reference("AWS::AccountId"));
}

#[test]
fn the_retag_function_runs_alone_for_up_to_fifteen_minutes_with_retries_and_a_queue() {
    let template = hub(&staging());
    let function = &template["Resources"]["RetagFunction"]["Properties"];
    let hub_function = &template["Resources"]["Function"]["Properties"];
    for key in ["Code", "Architectures", "Runtime", "Handler", "MemorySize"] {
        assert_eq!(function[key], hub_function[key], "{key}");
    }
    assert_eq!(function["FunctionName"], "staging-retag");
    assert_eq!(function["Timeout"], 900);
    assert_eq!(function["ReservedConcurrentExecutions"], 1);
    assert_eq!(function["Role"], get_att("RetagRole", "Arn"));
    assert_eq!(
        function["LoggingConfig"],
        json!({"LogFormat": "JSON", "LogGroup": reference("RetagFunctionLogGroup")})
    );
    let log_group = &template["Resources"]["RetagFunctionLogGroup"]["Properties"];
    assert_eq!(log_group["LogGroupName"], "/aws/lambda/staging-retag");
    // The contract with `hub/src/bin/bootstrap.rs`: the mode, the parameter and the ledger,
    // named as the hub function names them.
    let variables = function["Environment"]["Variables"].as_object().unwrap();
    assert_eq!(variables["AUTOTAG_MODE"], "retag");
    let hub_variables = hub_function["Environment"]["Variables"]
        .as_object()
        .unwrap();
    let mut names: Vec<&str> = variables.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "AUTOTAG_CONCURRENCY",
            "AUTOTAG_CONFIG_PARAMETER",
            "AUTOTAG_INSTALL_NAME",
            "AUTOTAG_LEDGER_TABLE",
            "AUTOTAG_MODE",
            "AWS_NEW_RETRIES_2026"
        ]
    );
    for (name, value) in variables {
        if name != "AUTOTAG_MODE" {
            assert_eq!(&hub_variables[name], value, "{name}");
        }
    }
    // Lambda retries a failed run (idempotent) a bounded number of times, then parks it.
    let invoke = &template["Resources"]["RetagInvokeConfig"]["Properties"];
    assert_eq!(invoke["FunctionName"], reference("RetagFunction"));
    let attempts = invoke["MaximumRetryAttempts"].as_u64().unwrap();
    assert!((1..=2).contains(&attempts), "{attempts}");
    let age = invoke["MaximumEventAgeInSeconds"].as_u64().unwrap();
    assert!((60..=21_600).contains(&age), "{age}");
    assert_eq!(
        invoke["DestinationConfig"]["OnFailure"]["Destination"],
        get_att("RetagDeadLetterQueue", "Arn")
    );
    let queue = &template["Resources"]["RetagDeadLetterQueue"]["Properties"];
    assert_eq!(queue["QueueName"], "staging-retag-dlq");
    assert_eq!(queue["SqsManagedSseEnabled"], true);
    // Its failures and its parked runs are alarmed to the alert topic.
    let errors = &template["Resources"]["RetagErrorsAlarm"]["Properties"];
    assert_eq!(errors["MetricName"], "Errors");
    assert_eq!(
        errors["Dimensions"],
        json!([{"Name": "FunctionName", "Value": reference("RetagFunction")}])
    );
    assert_eq!(errors["AlarmActions"], json!([reference("AlertTopic")]));
    let parked = &template["Resources"]["RetagDeadLetterAlarm"]["Properties"];
    assert_eq!(
        parked["Dimensions"][0]["Value"],
        get_att("RetagDeadLetterQueue", "QueueName")
    );
    assert_eq!(parked["AlarmActions"], json!([reference("AlertTopic")]));
}

#[test]
fn the_retag_role_allows_the_runs_calls_and_nothing_else() {
    let policy = staging();
    let install = &policy.install;
    let template = hub(&policy);
    let stack = stack(&template);
    let role = stack.attribute("RetagRole", "Arn");
    assert_eq!(
        role,
        "arn:aws:iam::111111111111:role/security/staging-retag-function"
    );
    let grants = stack.role_policies("RetagRole");
    let spoke = install.role_arn("aws", SPOKE_ACCOUNT, &policy.role_name);
    let ledger = stack.attribute("LedgerTable", "Arn");
    let sessions = stack.attribute("SessionTable", "Arn");
    let queue = stack.attribute("RetagDeadLetterQueue", "Arn");
    let parameter = "arn:aws:ssm:eu-west-1:111111111111:parameter/staging/config";
    let cases: &[(&str, &str, bool)] = &[
        ("sts:AssumeRole", &spoke, true),
        (
            "sts:AssumeRole",
            "arn:aws:iam::222222222222:role/admin",
            false,
        ),
        ("dynamodb:GetItem", &ledger, true),
        ("dynamodb:PutItem", &ledger, true),
        ("dynamodb:DeleteItem", &ledger, false),
        ("dynamodb:Scan", &ledger, false),
        ("dynamodb:GetItem", &sessions, false),
        ("organizations:ListAccounts", "*", true),
        ("organizations:ListParents", "*", false),
        ("ec2:DescribeRegions", "*", true),
        ("ssm:GetParameterHistory", parameter, true),
        ("ssm:GetParameter", parameter, false),
        ("ssm:PutParameter", parameter, false),
        (
            "ssm:GetParameterHistory",
            "arn:aws:ssm:eu-west-1:111111111111:parameter/other",
            false,
        ),
        ("sqs:SendMessage", &queue, true),
        (
            "sqs:SendMessage",
            &stack.attribute("DeadLetterQueue", "Arn"),
            false,
        ),
        (
            "sqs:ReceiveMessage",
            &stack.attribute("HubQueue", "Arn"),
            false,
        ),
        ("kms:Decrypt", "*", false),
        ("lambda:InvokeFunction", "*", false),
    ];
    for (action, resource, expected) in cases {
        assert_eq!(
            allowed(&grants, &role, action, resource),
            *expected,
            "{action} on {resource}"
        );
    }
    // Under the install's path and boundary, like every other role.
    let properties = &template["Resources"]["RetagRole"]["Properties"];
    assert_eq!(properties["Path"], "/security/");
    assert_eq!(
        properties["PermissionsBoundary"],
        sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/boundaries/staging-boundary")
    );
}

#[test]
fn the_spoke_role_trusts_the_retag_function_with_the_external_id() {
    let policy = staging();
    let install = &policy.install;
    let retag = install.role_arn("aws", HUB_ACCOUNT, &install.retag_function_role());
    let template = spoke_roles(&policy);
    let stack = Stack {
        template: &template,
        partition: "aws",
        region: "us-east-1",
        account: SPOKE_ACCOUNT,
        parameters: &[
            ("HubAccountId", HUB_ACCOUNT),
            ("ExternalId", "x"),
            ("OrganizationId", ORG),
        ],
    };
    let trust = stack
        .resolve(&template["Resources"]["AutoTagRole"]["Properties"]["AssumeRolePolicyDocument"]);
    let role = stack.attribute("AutoTagRole", "Arn");
    for (external_id, expected) in [(Some("x"), true), (Some("y"), false), (None, false)] {
        let request = Request {
            principal_arn: Some(&retag),
            principal_org_id: Some(ORG),
            action: "sts:AssumeRole",
            resource: &role,
            external_id,
            ..Request::default()
        };
        assert_eq!(
            evaluate(&[&trust], &request).unwrap().is_allowed(),
            expected,
            "{external_id:?}"
        );
    }
}

#[test]
fn sam_builds_the_retag_function_and_terraform_names_its_outputs() {
    let policy = staging();
    let template = hub(&policy);
    let sam = crate::render::sam::from_hub(&template).unwrap();
    let function = &sam["Resources"]["RetagFunction"];
    assert_eq!(function["Type"], "AWS::Serverless::Function");
    assert_eq!(function["Metadata"]["BuildMethod"], "rust-cargolambda");
    assert_eq!(function["Properties"]["ReservedConcurrentExecutions"], 1);
    for id in ["RetagRule", "RetagPermission", "RetagInvokeConfig"] {
        assert_eq!(sam["Resources"][id], template["Resources"][id], "{id}");
    }
    let files = crate::render::render_all(&policy).unwrap();
    let outputs = files
        .iter()
        .find(|file| file.path == "terraform/autotag/outputs.tf")
        .unwrap();
    for output in ["retag_function_name", "retag_dead_letter_queue_url"] {
        assert!(
            outputs.contents.contains(&format!("output \"{output}\"")),
            "{output}: {}",
            outputs.contents
        );
    }
}

#[test]
fn the_retag_resources_pass_cfn_lint_and_parliament() {
    let policy = staging();
    if let Some(cfn_lint) = linter("cfn-lint") {
        let dir = scratch_dir("retag-cfn-lint");
        let hub_file = dir.join("hub.yaml");
        let sam_file = dir.join("template.yaml");
        std::fs::write(&hub_file, crate::render::yaml::to_yaml(&hub(&policy))).unwrap();
        std::fs::write(&sam_file, crate::render::sam::template(&policy).unwrap()).unwrap();
        let output = Command::new(cfn_lint)
            .args([&hub_file, &sam_file])
            .output()
            .unwrap();
        std::fs::remove_dir_all(&dir).ok();
        assert!(
            output.status.success(),
            "cfn-lint: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    if let Some(parliament) = linter("parliament") {
        let template = hub(&policy);
        for document in stack(&template).role_policies("RetagRole") {
            let findings = parliament_findings(&parliament, &document);
            assert!(findings.is_empty(), "{findings}\n{document:#}");
        }
    }
}
