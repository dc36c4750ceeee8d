//! Tests of the scheduled enforcement sweep in the hub stack: rendered only with `[[enforce]]`
//! rules, adding to the hub and spoke templates without changing what was there, with roles that
//! allow the sweep's calls and nothing else, and accepted by cfn-lint and parliament.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use super::*;
use crate::policy_eval::{Request, evaluate};
use crate::render::cfn::Stack;

const HUB_ACCOUNT: &str = "111111111111";
const SPOKE_ACCOUNT: &str = "222222222222";
const ORG: &str = "o-abc1234567";
const TOPIC: &str = "arn:aws:sns:eu-west-1:111111111111:security";

/// A policy with one rule, a topic for the security team, and an install unlike the default.
pub(super) fn enforcing() -> TagPolicy {
    TagPolicy::from_toml(&format!(
        concat!(
            "[install]\nname = \"staging\"\nrole_path = \"/security/\"\n",
            "permissions_boundary = \"/boundaries/staging-boundary\"\n",
            "[enforcement]\nnotify_topic = \"{}\"\n",
            "[[enforce]]\nname = \"cost-center\"\nresource_types = [\"ec2:instance\"]\n",
            "required_tags = [{{ key = \"CostCenter\" }}]\n",
            "steps = [{{ action = \"notify\" }}, {{ action = \"mark\" }}, {{ action = \"stop\", after = \"3d\" }}]\n",
        ),
        TOPIC
    ))
    .unwrap()
}

/// The same policy without its rule (the topic kept).
fn not_enforcing() -> TagPolicy {
    let mut policy = enforcing();
    policy.enforcement.rules.clear();
    policy
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

fn policies(template: &Value, id: &str) -> Vec<Value> {
    stack(template).role_policies(id)
}

pub(super) fn allowed(policies: &[Value], principal: &str, action: &str, resource: &str) -> bool {
    let request = Request {
        principal_arn: Some(principal),
        principal_org_id: Some(ORG),
        action,
        resource,
        resource_org_id: Some(ORG),
        ..Request::default()
    };
    let documents: Vec<&Value> = policies.iter().collect();
    evaluate(&documents, &request).unwrap().is_allowed()
}

const SWEEP_RESOURCES: &[&str] = &[
    "EnforceRole",
    "EnforceFunctionLogGroup",
    "EnforceFunction",
    "EnforceInvokeConfig",
    "EnforceDeadLetterQueue",
    "SchedulerRole",
    "EnforceSchedule",
    "EnforceErrorsAlarm",
    "EnforceDeadLetterAlarm",
];

#[test]
fn without_rules_the_hub_has_no_sweep_and_with_rules_only_adds_it() {
    let (plain, with_rules) = (hub(&not_enforcing()), hub(&enforcing()));
    for id in SWEEP_RESOURCES {
        assert!(plain["Resources"].get(*id).is_none(), "{id}");
        assert!(with_rules["Resources"].get(*id).is_some(), "{id}");
    }
    assert!(!plain.to_string().contains("ListParents"));
    assert!(!plain.to_string().contains("staging-enforce"));
    // Everything the plain hub has is there unchanged, but for the operator's one grant and
    // the dashboard's one widget.
    for (id, resource) in plain["Resources"].as_object().unwrap() {
        if id != "OperatorRole" && id != "Dashboard" {
            assert_eq!(&with_rules["Resources"][id], resource, "{id}");
        }
    }
    for section in ["Parameters", "Outputs"] {
        let (before, after) = (
            plain[section].as_object().unwrap(),
            with_rules[section].as_object().unwrap(),
        );
        for (key, value) in before {
            assert_eq!(&after[key], value, "{section}.{key}");
        }
        let added: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
        let expected: &[&str] = if section == "Parameters" {
            &["EnforceSweepSchedule"]
        } else {
            &["EnforceFunctionName", "EnforceScheduleName"]
        };
        assert_eq!(added, expected, "{section}");
    }
    let operator = |template: &Value| {
        template["Resources"]["OperatorRole"]["Properties"]["Policies"][0]["PolicyDocument"]
            ["Statement"]
            .as_array()
            .unwrap()
            .clone()
    };
    let (before, after) = (operator(&plain), operator(&with_rules));
    assert_eq!(after[..before.len()], before[..]);
    assert_eq!(
        after[before.len()..],
        [
            json!({"Sid": "ReadOuPaths", "Effect": "Allow", "Action": "organizations:ListParents", "Resource": "*"})
        ]
    );
    // The dashboard gains the sweep's widget after the others.
    let body = |template: &Value| -> Value {
        let text = template["Resources"]["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
            .as_str()
            .unwrap()
            .to_owned();
        serde_json::from_str(&text).unwrap()
    };
    let (before, after) = (body(&plain), body(&with_rules));
    let (before, after) = (
        before["widgets"].as_array().unwrap(),
        after["widgets"].as_array().unwrap(),
    );
    assert_eq!(after[..before.len()], before[..]);
    assert_eq!(after.len(), before.len() + 1);
    assert!(
        after[before.len()]
            .to_string()
            .contains("\"staging-enforce\"")
    );
}

#[test]
fn the_spoke_role_trusts_the_enforce_function_only_with_rules() {
    let install = enforcing().install;
    let enforce = install.role_arn("aws", HUB_ACCOUNT, &install.enforce_function_role());
    for (policy, expected) in [(not_enforcing(), false), (enforcing(), true)] {
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
        let trust = stack.resolve(
            &template["Resources"]["AutoTagRole"]["Properties"]["AssumeRolePolicyDocument"],
        );
        let role = stack.attribute("AutoTagRole", "Arn");
        let request = Request {
            principal_arn: Some(&enforce),
            principal_org_id: Some(ORG),
            action: "sts:AssumeRole",
            resource: &role,
            external_id: Some("x"),
            ..Request::default()
        };
        assert_eq!(
            evaluate(&[&trust], &request).unwrap().is_allowed(),
            expected
        );
    }
}

#[test]
fn the_enforce_function_runs_the_sweep_alone_for_up_to_fifteen_minutes() {
    let template = hub(&enforcing());
    let function = &template["Resources"]["EnforceFunction"]["Properties"];
    let hub_function = &template["Resources"]["Function"]["Properties"];
    for key in ["Code", "Architectures", "Runtime", "Handler", "MemorySize"] {
        assert_eq!(function[key], hub_function[key], "{key}");
    }
    assert_eq!(function["Runtime"], "provided.al2023");
    assert_eq!(function["Handler"], "bootstrap");
    assert_eq!(function["FunctionName"], "staging-enforce");
    assert_eq!(function["Timeout"], 900);
    assert_eq!(function["ReservedConcurrentExecutions"], 1);
    assert_eq!(function["Role"], get_att("EnforceRole", "Arn"));
    assert_eq!(
        function["LoggingConfig"],
        json!({"LogFormat": "JSON", "LogGroup": reference("EnforceFunctionLogGroup")})
    );
    let log_group = &template["Resources"]["EnforceFunctionLogGroup"]["Properties"];
    assert_eq!(log_group["LogGroupName"], "/aws/lambda/staging-enforce");
    assert_eq!(log_group["RetentionInDays"], reference("LogRetentionDays"));
    // The contract with `hub/src/bin/bootstrap.rs`: the mode, and the stores the sweep reads,
    // named as the hub function names them.
    let variables = function["Environment"]["Variables"].as_object().unwrap();
    assert_eq!(variables["AUTOTAG_MODE"], "enforce-sweep");
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
            "AUTOTAG_CONFIG_TTL_SECONDS",
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
    // Asynchronous invocations are not retried by Lambda: the next sweep is the retry.
    let invoke = &template["Resources"]["EnforceInvokeConfig"]["Properties"];
    assert_eq!(invoke["FunctionName"], reference("EnforceFunction"));
    assert_eq!(invoke["MaximumRetryAttempts"], 0);
    // Its failures are alarmed to the alert topic.
    let alarm = &template["Resources"]["EnforceErrorsAlarm"]["Properties"];
    assert_eq!(alarm["Namespace"], "AWS/Lambda");
    assert_eq!(alarm["MetricName"], "Errors");
    assert_eq!(
        alarm["Dimensions"],
        json!([{"Name": "FunctionName", "Value": reference("EnforceFunction")}])
    );
    assert_eq!(alarm["AlarmActions"], json!([reference("AlertTopic")]));
    let outputs = &template["Outputs"];
    assert_eq!(
        outputs["EnforceFunctionName"]["Value"],
        reference("EnforceFunction")
    );
    assert_eq!(
        outputs["EnforceScheduleName"]["Value"],
        reference("EnforceSchedule")
    );
}

#[test]
fn the_schedule_invokes_the_function_with_retries_and_a_dead_letter_queue() {
    let template = hub(&enforcing());
    let schedule = &template["Resources"]["EnforceSchedule"]["Properties"];
    assert_eq!(schedule["Name"], "staging-enforce");
    assert_eq!(
        schedule["ScheduleExpression"],
        reference("EnforceSweepSchedule")
    );
    assert_eq!(schedule["ScheduleExpressionTimezone"], "UTC");
    assert_eq!(schedule["FlexibleTimeWindow"], json!({"Mode": "OFF"}));
    let target = &schedule["Target"];
    assert_eq!(target["Arn"], get_att("EnforceFunction", "Arn"));
    assert_eq!(target["RoleArn"], get_att("SchedulerRole", "Arn"));
    assert_eq!(target["Input"], "{}");
    let retry = &target["RetryPolicy"];
    let attempts = retry["MaximumRetryAttempts"].as_u64().unwrap();
    let age = retry["MaximumEventAgeInSeconds"].as_u64().unwrap();
    assert!((0..=185).contains(&attempts) && (60..=86_400).contains(&age));
    assert_eq!(
        target["DeadLetterConfig"]["Arn"],
        get_att("EnforceDeadLetterQueue", "Arn")
    );
    let queue = &template["Resources"]["EnforceDeadLetterQueue"]["Properties"];
    assert_eq!(queue["QueueName"], "staging-enforce-dlq");
    assert_eq!(queue["SqsManagedSseEnabled"], true);
    let parameter = &template["Parameters"]["EnforceSweepSchedule"];
    assert_eq!(parameter["Default"], ENFORCE_SWEEP_SCHEDULE);
    let pattern = parameter["AllowedPattern"].as_str().unwrap();
    assert_eq!(pattern, "^(rate|cron)\\(.+\\)$");
    let dead_letters = &template["Resources"]["EnforceDeadLetterAlarm"]["Properties"];
    assert_eq!(
        dead_letters["Dimensions"][0]["Value"],
        get_att("EnforceDeadLetterQueue", "QueueName")
    );
}

#[test]
fn the_scheduler_role_invokes_exactly_the_enforce_function_for_this_account() {
    let template = hub(&enforcing());
    let stack = stack(&template);
    let role = stack.attribute("SchedulerRole", "Arn");
    assert_eq!(
        role,
        "arn:aws:iam::111111111111:role/security/staging-enforce-scheduler"
    );
    let grants = policies(&template, "SchedulerRole");
    let function = stack.attribute("EnforceFunction", "Arn");
    let hub_function = stack.attribute("Function", "Arn");
    let queue = stack.attribute("EnforceDeadLetterQueue", "Arn");
    let hub_queue = stack.attribute("DeadLetterQueue", "Arn");
    assert!(allowed(&grants, &role, "lambda:InvokeFunction", &function));
    assert!(!allowed(
        &grants,
        &role,
        "lambda:InvokeFunction",
        &hub_function
    ));
    assert!(!allowed(
        &grants,
        &role,
        "lambda:InvokeFunction",
        &format!("{function}:1")
    ));
    assert!(!allowed(
        &grants,
        &role,
        "lambda:UpdateFunctionCode",
        &function
    ));
    assert!(allowed(&grants, &role, "sqs:SendMessage", &queue));
    assert!(!allowed(&grants, &role, "sqs:SendMessage", &hub_queue));
    // Trusted by Scheduler on behalf of this account's schedules only.
    let trust = stack
        .resolve(&template["Resources"]["SchedulerRole"]["Properties"]["AssumeRolePolicyDocument"]);
    assert_eq!(
        trust["Statement"][0]["Principal"],
        json!({"Service": "scheduler.amazonaws.com"})
    );
    assert_eq!(
        trust["Statement"][0]["Condition"],
        json!({"StringEquals": {"aws:SourceAccount": HUB_ACCOUNT}})
    );
}

#[test]
fn the_enforce_role_allows_the_sweeps_calls_and_nothing_else() {
    let policy = enforcing();
    let install = &policy.install;
    let template = hub(&policy);
    let stack = stack(&template);
    let role = stack.attribute("EnforceRole", "Arn");
    assert_eq!(
        role,
        "arn:aws:iam::111111111111:role/security/staging-enforce-function"
    );
    let grants = policies(&template, "EnforceRole");
    let spoke = install.role_arn("aws", SPOKE_ACCOUNT, &policy.role_name);
    let ledger = stack.attribute("LedgerTable", "Arn");
    let sessions = stack.attribute("SessionTable", "Arn");
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
        ("organizations:ListParents", "*", true),
        ("organizations:DescribeAccount", "*", false),
        ("ec2:DescribeRegions", "*", true),
        ("ec2:StopInstances", "*", false),
        ("ssm:GetParameter", parameter, true),
        ("ssm:PutParameter", parameter, false),
        (
            "ssm:GetParameter",
            "arn:aws:ssm:eu-west-1:111111111111:parameter/other",
            false,
        ),
        ("sns:Publish", TOPIC, true),
        (
            "sns:Publish",
            "arn:aws:sns:eu-west-1:111111111111:staging-alerts",
            false,
        ),
        (
            "sqs:ReceiveMessage",
            &stack.attribute("HubQueue", "Arn"),
            false,
        ),
        ("lambda:InvokeFunction", "*", false),
    ];
    for (action, resource, expected) in cases {
        assert_eq!(
            allowed(&grants, &role, action, resource),
            *expected,
            "{action} on {resource}"
        );
    }
    let properties = &template["Resources"]["EnforceRole"]["Properties"];
    assert_eq!(
        properties["ManagedPolicyArns"],
        json!([sub(
            "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
        )])
    );
    // Under the install's path and boundary, like every other role.
    for id in ["EnforceRole", "SchedulerRole"] {
        let role = &template["Resources"][id]["Properties"];
        assert_eq!(role["Path"], "/security/", "{id}");
        assert_eq!(
            role["PermissionsBoundary"],
            sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/boundaries/staging-boundary"),
            "{id}"
        );
    }
}

#[test]
fn the_sam_template_builds_both_functions_and_keeps_the_schedule() {
    let template = hub(&enforcing());
    let sam = crate::render::sam::from_hub(&template).unwrap();
    for id in ["Function", "EnforceFunction"] {
        let function = &sam["Resources"][id];
        assert_eq!(function["Type"], "AWS::Serverless::Function", "{id}");
        assert_eq!(
            function["Metadata"]["BuildMethod"], "rust-cargolambda",
            "{id}"
        );
        assert_eq!(function["Properties"]["CodeUri"], "..", "{id}");
    }
    assert_eq!(
        sam["Resources"]["EnforceFunction"]["Properties"]["ReservedConcurrentExecutions"],
        1
    );
    for id in ["EnforceSchedule", "SchedulerRole", "EnforceInvokeConfig"] {
        assert_eq!(sam["Resources"][id], template["Resources"][id], "{id}");
    }
    assert!(sam["Parameters"].get("CodeKey").is_none());
    assert!(sam["Parameters"].get("EnforceSweepSchedule").is_some());
}

/// Where cfn-lint and parliament are: `AUTOTAG_LINTERS` (which `make test` sets to the venv's
/// `bin`, and where they must then be), else the workspace's `.venv/bin` when it exists.
pub(super) fn linter(name: &str) -> Option<PathBuf> {
    let required = std::env::var_os("AUTOTAG_LINTERS");
    let dir = required.clone().map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(".venv")
            .join("bin")
    });
    let path = dir.join(name);
    if path.exists() {
        return Some(path);
    }
    assert!(
        required.is_none(),
        "AUTOTAG_LINTERS is set but {} is missing",
        path.display()
    );
    eprintln!(
        "skip: {} not found (run `make .venv`, or set AUTOTAG_LINTERS)",
        path.display()
    );
    None
}

pub(super) fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("autotag-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_enforcing_hub_and_sam_templates_pass_cfn_lint() {
    let Some(cfn_lint) = linter("cfn-lint") else {
        return;
    };
    let policy = enforcing();
    let dir = scratch_dir("sweep-cfn-lint");
    let hub_file = dir.join("hub.yaml");
    let sam_file = dir.join("template.yaml");
    std::fs::write(&hub_file, crate::render::yaml::to_yaml(&hub(&policy))).unwrap();
    std::fs::write(&sam_file, crate::render::sam::template(&policy).unwrap()).unwrap();
    let spoke_file = dir.join("spoke-roles.yaml");
    std::fs::write(
        &spoke_file,
        crate::render::yaml::to_yaml(&spoke_roles(&policy)),
    )
    .unwrap();
    let output = Command::new(cfn_lint)
        .args([&hub_file, &sam_file, &spoke_file])
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

/// parliament's MEDIUM-and-above findings on `document`, empty when it has none.
pub(super) fn parliament_findings(parliament: &Path, document: &Value) -> String {
    use std::io::Write as _;
    let mut child = Command::new(parliament)
        .args(["--minimum_severity", "MEDIUM"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Dropped at the end of the statement, closing stdin.
    child
        .stdin
        .take()
        .unwrap()
        .write_all(document.to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(output.status.success(), text.trim().is_empty(), "{text}");
    text.trim().to_owned()
}

#[test]
fn the_sweeps_role_policies_pass_parliament() {
    let Some(parliament) = linter("parliament") else {
        return;
    };
    // The check is worth its pass only if it fails on what it is for.
    let wrong = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:sqs:eu-west-1:111111111111:q"}]});
    assert!(!parliament_findings(&parliament, &wrong).is_empty());
    let template = hub(&enforcing());
    for id in ["EnforceRole", "SchedulerRole", "OperatorRole"] {
        for document in policies(&template, id) {
            let findings = parliament_findings(&parliament, &document);
            assert!(findings.is_empty(), "{id}: {findings}\n{document:#}");
        }
    }
}

#[test]
fn the_terraform_module_carries_the_sweeps_parameter_and_outputs() {
    let files = crate::render::render_all(&enforcing()).unwrap();
    let file = |path: &str| {
        files
            .iter()
            .find(|file| file.path == path)
            .unwrap_or_else(|| panic!("no {path}"))
            .contents
            .clone()
    };
    let variables = file("terraform/autotag/variables.tf");
    assert!(
        variables.contains("variable \"enforce_sweep_schedule\""),
        "{variables}"
    );
    assert!(variables.contains("rate(6 hours)"));
    let outputs = file("terraform/autotag/outputs.tf");
    for output in ["enforce_function_name", "enforce_schedule_name"] {
        assert!(
            outputs.contains(&format!("output \"{output}\"")),
            "{output}: {outputs}"
        );
    }
    // The module's copy of the hub template is the enforcing one.
    assert!(file("terraform/autotag/templates/hub.yaml").contains("EnforceSchedule:"));
}

#[test]
fn the_enforcing_templates_still_fit_an_inline_template() {
    // CloudFormation's limit for a template passed inline, as the hub and the StackSets' bodies
    // are (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html>).
    const MAX_INLINE_TEMPLATE_BYTES: usize = 51_200;
    let policy = enforcing();
    for template in [hub(&policy), spoke_roles(&policy)] {
        let text = crate::render::yaml::to_yaml(&template);
        assert!(
            text.len() <= MAX_INLINE_TEMPLATE_BYTES,
            "{} bytes",
            text.len()
        );
    }
    let sam = crate::render::sam::template(&policy).unwrap();
    assert!(
        sam.len() <= MAX_INLINE_TEMPLATE_BYTES,
        "{} bytes",
        sam.len()
    );
}
