//! `autotag doctor`'s gathering on the wire: what each service answers becomes the right
//! check line, a failed call becomes a failing line (never an abort), and lists are paged.
//! The cases moto cannot show: a trail that is write-only, not multi-region or not logging, an
//! OUTDATED stack instance (the management account's included), an AssumeRole refused for its
//! external id, a throttled call.

use std::collections::BTreeMap;

use autotag_core::doctor::{self, Area, CallAs, Check, Status};
use autotag_core::policy::TagPolicy;
use autotag_hub::aws::doctor::{DoctorClients, DoctorOptions, gather};
use aws_sdk_cloudformation::operation::describe_stack_set::DescribeStackSetOutput;
use aws_sdk_cloudformation::operation::describe_stacks::DescribeStacksOutput;
use aws_sdk_cloudformation::operation::list_stack_instances::ListStackInstancesOutput;
use aws_sdk_cloudformation::types::{
    Output, Parameter, Stack, StackInstanceComprehensiveStatus, StackInstanceDetailedStatus,
    StackInstanceStatus, StackInstanceSummary, StackSet, StackSetStatus, StackStatus,
};
use aws_sdk_cloudtrail::operation::describe_trails::DescribeTrailsOutput;
use aws_sdk_cloudtrail::operation::get_event_selectors::GetEventSelectorsOutput;
use aws_sdk_cloudtrail::operation::get_trail_status::GetTrailStatusOutput;
use aws_sdk_cloudtrail::types::{EventSelector, ReadWriteType, Trail};
use aws_sdk_iam::operation::get_role::{GetRoleError, GetRoleOutput};
use aws_sdk_iam::types::Role;
use aws_sdk_organizations::operation::describe_organization::DescribeOrganizationOutput;
use aws_sdk_organizations::operation::describe_policy::DescribePolicyOutput;
use aws_sdk_organizations::operation::list_accounts::ListAccountsOutput;
use aws_sdk_organizations::operation::list_aws_service_access_for_organization::{
    ListAWSServiceAccessForOrganizationError, ListAwsServiceAccessForOrganizationOutput,
};
use aws_sdk_organizations::operation::list_policies::ListPoliciesOutput;
use aws_sdk_organizations::operation::list_roots::ListRootsOutput;
use aws_sdk_organizations::operation::list_targets_for_policy::ListTargetsForPolicyOutput;
use aws_sdk_organizations::types::{
    Account, AccountStatus, EnabledServicePrincipal, Organization, OrganizationFeatureSet, Policy,
    PolicySummary, PolicyTargetSummary, PolicyType, PolicyTypeStatus, PolicyTypeSummary, Root,
};
use aws_sdk_sts::operation::assume_role::{AssumeRoleError, AssumeRoleOutput};
use aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityOutput;
use aws_smithy_mocks::{Rule, mock};
use aws_smithy_types::error::ErrorMetadata;

use crate::mocked;

const HUB: &str = "111111111111";
const SPOKE: &str = "222222222222";
const MANAGEMENT: &str = "999999999999";
const OU: &str = "ou-ab12-workload";
const MANAGEMENT_RULES: &str = "autotag-spoke-rules-management";

fn policy() -> TagPolicy {
    TagPolicy::from_toml(&format!(
        "[scope]\naccounts = [\"{HUB}\", \"{SPOKE}\"]\n[spoke]\nexternal_id = \"ext-1\"\n"
    ))
    .unwrap()
}

/// Rules answering as a deployment done by the book; a test puts its own rules first.
struct Healthy {
    sts: Vec<Rule>,
    organizations: Vec<Rule>,
    cloudtrail: Vec<Rule>,
    cloudformation: Vec<Rule>,
    iam: Vec<Rule>,
}

fn healthy(policy: &TagPolicy) -> Healthy {
    let caller = mock!(aws_sdk_sts::Client::get_caller_identity).then_output(|| {
        GetCallerIdentityOutput::builder()
            .arn(format!(
                "arn:aws:sts::{HUB}:assumed-role/autotag-operator/doctor"
            ))
            .build()
    });
    let assume =
        mock!(aws_sdk_sts::Client::assume_role).then_output(|| AssumeRoleOutput::builder().build());

    let organization =
        mock!(aws_sdk_organizations::Client::describe_organization).then_output(|| {
            DescribeOrganizationOutput::builder()
                .organization(
                    Organization::builder()
                        .id("o-abcdefghij")
                        .feature_set(OrganizationFeatureSet::All)
                        .master_account_id(MANAGEMENT)
                        .build(),
                )
                .build()
        });
    let trusted = mock!(aws_sdk_organizations::Client::list_aws_service_access_for_organization)
        .then_output(|| {
            ListAwsServiceAccessForOrganizationOutput::builder()
                .enabled_service_principals(
                    EnabledServicePrincipal::builder()
                        .service_principal(doctor::STACKSETS_PRINCIPAL)
                        .build(),
                )
                .build()
        });
    let roots = mock!(aws_sdk_organizations::Client::list_roots).then_output(|| {
        ListRootsOutput::builder()
            .roots(
                Root::builder()
                    .id("r-ab12")
                    .policy_types(
                        PolicyTypeSummary::builder()
                            .r#type(PolicyType::ServiceControlPolicy)
                            .status(PolicyTypeStatus::Enabled)
                            .build(),
                    )
                    .build(),
            )
            .build()
    });
    // The SCPs as the config renders them, one policy per file, named after it.
    let scps: Vec<(String, String, String)> = autotag_core::render::render_all(policy)
        .unwrap()
        .into_iter()
        .filter_map(|f| {
            let stem = f
                .path
                .strip_prefix("scp/")?
                .strip_suffix(".json")?
                .to_owned();
            Some((format!("p-{stem}"), format!("autotag-{stem}"), f.contents))
        })
        .collect();
    let listed = scps.clone();
    let list_policies =
        mock!(aws_sdk_organizations::Client::list_policies).then_output(move || {
            listed
                .iter()
                .fold(ListPoliciesOutput::builder(), |b, (id, name, _)| {
                    b.policies(PolicySummary::builder().id(id).name(name).build())
                })
                .build()
        });
    let mut organizations = vec![organization, trusted, roots, list_policies];
    for (id, _, content) in scps {
        let wanted = id.clone();
        organizations.push(
            mock!(aws_sdk_organizations::Client::describe_policy)
                .match_requests(move |req| req.policy_id() == Some(wanted.as_str()))
                .then_output(move || {
                    DescribePolicyOutput::builder()
                        .policy(Policy::builder().content(content.clone()).build())
                        .build()
                }),
        );
    }
    organizations.push(
        mock!(aws_sdk_organizations::Client::list_targets_for_policy).then_output(|| {
            ListTargetsForPolicyOutput::builder()
                .targets(PolicyTargetSummary::builder().target_id(OU).build())
                .build()
        }),
    );
    organizations.push(
        mock!(aws_sdk_organizations::Client::list_accounts).then_output(|| {
            [MANAGEMENT, HUB, SPOKE]
                .iter()
                .fold(ListAccountsOutput::builder(), |b, id| {
                    b.accounts(
                        Account::builder()
                            .id(*id)
                            .status(AccountStatus::Active)
                            .build(),
                    )
                })
                .build()
        }),
    );

    let trails = mock!(aws_sdk_cloudtrail::Client::describe_trails).then_output(|| {
        DescribeTrailsOutput::builder()
            .trail_list(
                Trail::builder()
                    .name("org-trail")
                    .trail_arn(format!(
                        "arn:aws:cloudtrail:us-east-1:{MANAGEMENT}:trail/org-trail"
                    ))
                    .is_organization_trail(true)
                    .is_multi_region_trail(true)
                    .build(),
            )
            .build()
    });
    let logging = mock!(aws_sdk_cloudtrail::Client::get_trail_status)
        .then_output(|| GetTrailStatusOutput::builder().is_logging(true).build());
    let selectors = mock!(aws_sdk_cloudtrail::Client::get_event_selectors).then_output(|| {
        GetEventSelectorsOutput::builder()
            .event_selectors(
                EventSelector::builder()
                    .read_write_type(ReadWriteType::All)
                    .include_management_events(true)
                    .build(),
            )
            .build()
    });

    let outputs: Vec<(String, String)> = crate::doctor::hub_outputs(policy);
    let stacks = mock!(aws_sdk_cloudformation::Client::describe_stacks).then_output(move || {
        let stack = outputs.iter().fold(
            Stack::builder()
                .stack_name("autotag-hub")
                .stack_status(StackStatus::CreateComplete)
                .parameters(
                    Parameter::builder()
                        .parameter_key("SpokeRoleName")
                        .parameter_value("autotag")
                        .build(),
                ),
            |b, (k, v)| b.outputs(Output::builder().output_key(k).output_value(v).build()),
        );
        DescribeStacksOutput::builder()
            .stacks(stack.build())
            .build()
    });
    let yaml = autotag_core::render::yaml::to_yaml;
    let roles_body = yaml(&autotag_core::render::templates::spoke_roles(policy));
    let rules_body = yaml(&autotag_core::render::templates::spoke_rules(policy).unwrap());
    // Read as the management account (`CallAs` `SELF`), as `doctor_as` runs.
    let stack_set = |name: &'static str, body: String, ous: &'static [&'static str]| {
        mock!(aws_sdk_cloudformation::Client::describe_stack_set)
            .match_requests(move |req| {
                req.stack_set_name() == Some(name)
                    && req.call_as() == Some(&aws_sdk_cloudformation::types::CallAs::SelfValue)
            })
            .then_output(move || {
                DescribeStackSetOutput::builder()
                    .stack_set(
                        StackSet::builder()
                            .stack_set_name(name)
                            .status(StackSetStatus::Active)
                            .template_body(body.clone())
                            .set_organizational_unit_ids(Some(
                                ous.iter().map(|ou| (*ou).to_owned()).collect(),
                            ))
                            .parameters(
                                Parameter::builder()
                                    .parameter_key("HubAccountId")
                                    .parameter_value(HUB)
                                    .build(),
                            )
                            .build(),
                    )
                    .build()
            })
    };
    let instances = |name: &'static str, regions: &'static [&'static str]| {
        mock!(aws_sdk_cloudformation::Client::list_stack_instances)
            .match_requests(move |req| req.stack_set_name() == Some(name))
            .then_output(move || {
                let mut out = ListStackInstancesOutput::builder();
                for account in [HUB, SPOKE] {
                    for region in regions {
                        out =
                            out.summaries(instance(account, region, StackInstanceStatus::Current));
                    }
                }
                out.build()
            })
    };
    // The management account's rules: self-managed (no OU), the same template.
    let management_stack_set = stack_set(MANAGEMENT_RULES, rules_body.clone(), &[]);
    let management_instances = mock!(aws_sdk_cloudformation::Client::list_stack_instances)
        .match_requests(|req| {
            req.stack_set_name() == Some(MANAGEMENT_RULES)
                && req.call_as() == Some(&aws_sdk_cloudformation::types::CallAs::SelfValue)
        })
        .then_output(|| {
            ["us-east-1", "eu-west-1"]
                .iter()
                .fold(ListStackInstancesOutput::builder(), |out, region| {
                    out.summaries(management_instance(region, StackInstanceStatus::Current))
                })
                .build()
        });
    let role = mock!(aws_sdk_iam::Client::get_role)
        .match_requests(|req| req.role_name() == Some("autotag"))
        .then_output(|| {
            GetRoleOutput::builder()
                .role(
                    Role::builder()
                        .path("/")
                        .role_name("autotag")
                        .role_id("AROAEXAMPLE")
                        .arn(format!("arn:aws:iam::{MANAGEMENT}:role/autotag"))
                        .create_date(aws_smithy_types::DateTime::from_secs(0))
                        .build()
                        .unwrap(),
                )
                .build()
        });
    Healthy {
        sts: vec![caller, assume],
        organizations,
        cloudtrail: vec![trails, logging, selectors],
        cloudformation: vec![
            stacks,
            stack_set("autotag-spoke-roles", roles_body, &[OU]),
            stack_set("autotag-spoke-rules", rules_body, &[OU]),
            instances("autotag-spoke-roles", &["us-east-1"]),
            instances("autotag-spoke-rules", &["us-east-1", "eu-west-1"]),
            management_stack_set,
            management_instances,
        ],
        iam: vec![role],
    }
}

/// An instance of the management account's rules StackSet: its account, no OU.
fn management_instance(region: &str, status: StackInstanceStatus) -> StackInstanceSummary {
    StackInstanceSummary::builder()
        .account(MANAGEMENT)
        .region(region)
        .status(status)
        .stack_instance_status(
            StackInstanceComprehensiveStatus::builder()
                .detailed_status(StackInstanceDetailedStatus::Succeeded)
                .build(),
        )
        .build()
}

fn instance(account: &str, region: &str, status: StackInstanceStatus) -> StackInstanceSummary {
    StackInstanceSummary::builder()
        .account(account)
        .region(region)
        .status(status)
        .organizational_unit_id(OU)
        .stack_instance_status(
            StackInstanceComprehensiveStatus::builder()
                .detailed_status(StackInstanceDetailedStatus::Succeeded)
                .build(),
        )
        .build()
}

/// The hub stack's outputs as the rendered template declares them, with plausible values.
pub(crate) fn hub_outputs(policy: &TagPolicy) -> Vec<(String, String)> {
    autotag_core::render::templates::hub(policy)["Outputs"]
        .as_object()
        .unwrap()
        .keys()
        .map(|key| {
            let value = match key.as_str() {
                "FunctionRoleArn" => format!("arn:aws:iam::{HUB}:role/autotag-hub-function"),
                "OperatorRoleArn" => format!("arn:aws:iam::{HUB}:role/autotag-operator"),
                _ => format!("value-of-{key}"),
            };
            (key.clone(), value)
        })
        .collect()
}

/// Gathers with `first` rules ahead of the healthy ones, and evaluates (no rendered files on
/// disk: that check only warns).
async fn doctor_with(first: Healthy) -> Vec<Check> {
    doctor_as(&policy(), first).await
}

/// As [`doctor_with`], with the config `policy`.
async fn doctor_as(policy: &TagPolicy, first: Healthy) -> Vec<Check> {
    let base = healthy(policy);
    // The first matching rule answers: the test's own rules, then the healthy ones.
    let join = |a: Vec<Rule>, b: Vec<Rule>| -> Vec<Rule> { a.into_iter().chain(b).collect() };
    let sts = join(first.sts, base.sts);
    let organizations = join(first.organizations, base.organizations);
    let cloudtrail = join(first.cloudtrail, base.cloudtrail);
    let cloudformation = join(first.cloudformation, base.cloudformation);
    let iam = join(first.iam, base.iam);
    let clients = DoctorClients {
        sts: mocked!(aws_sdk_sts, &sts.iter().collect::<Vec<_>>()),
        organizations: no_retries(mocked!(
            aws_sdk_organizations,
            &organizations.iter().collect::<Vec<_>>()
        )),
        cloudtrail: mocked!(aws_sdk_cloudtrail, &cloudtrail.iter().collect::<Vec<_>>()),
        cloudformation: mocked!(
            aws_sdk_cloudformation,
            &cloudformation.iter().collect::<Vec<_>>()
        ),
        iam: mocked!(aws_sdk_iam, &iam.iter().collect::<Vec<_>>()),
    };
    let options = DoctorOptions {
        hub_stack: "autotag-hub".into(),
        hub_region: "us-east-1".into(),
        call_as: CallAs::SelfAccount,
        skip_assume: false,
        concurrency: 4,
        scp_targets: Vec::new(),
    };
    let facts = gather(&clients, policy, &options, &|_, _| {}).await;
    doctor::evaluate(policy, &facts, &BTreeMap::new())
}

/// The same client, trying each call once: a throttled answer is final at once.
fn no_retries(client: aws_sdk_organizations::Client) -> aws_sdk_organizations::Client {
    let config = client
        .config()
        .to_builder()
        .retry_config(aws_smithy_types::retry::RetryConfig::disabled())
        .build();
    aws_sdk_organizations::Client::from_conf(config)
}

fn none() -> Healthy {
    Healthy {
        sts: Vec::new(),
        organizations: Vec::new(),
        cloudtrail: Vec::new(),
        cloudformation: Vec::new(),
        iam: Vec::new(),
    }
}

fn failures(checks: &[Check]) -> Vec<&Check> {
    checks.iter().filter(|c| c.status == Status::Fail).collect()
}

/// The one failing line.
fn only_failure(checks: &[Check]) -> &Check {
    let failed = failures(checks);
    assert_eq!(failed.len(), 1, "{failed:#?}");
    failed[0]
}

#[tokio::test]
async fn a_healthy_deployment_fails_nothing_on_the_wire() {
    let checks = doctor_with(none()).await;
    assert!(failures(&checks).is_empty(), "{:#?}", failures(&checks));
    for (area, subject) in [
        (Area::Organization, "trusted access"),
        (Area::Organization, "r-ab12"),
        (Area::Trail, "org-trail"),
        (Area::HubStack, "autotag-hub"),
        (Area::StackSet, "autotag-spoke-rules"),
        (Area::Config, "stamp keys"),
        (Area::AssumeRole, HUB),
        (Area::AssumeRole, SPOKE),
    ] {
        assert!(
            checks
                .iter()
                .any(|c| c.area == area && c.subject == subject && c.status == Status::Pass),
            "no passing {area:?} {subject}: {checks:#?}"
        );
    }
    // The management account is outside the scope: never assumed into, its coverage not
    // judged.
    assert!(checks.iter().any(|c| c.subject == "out of scope"));
    assert!(checks.iter().any(|c| c.subject == "management account"
        && c.status == Status::Pass
        && c.detail.contains("left out on purpose")));
}

/// The config with the management account in scope, and the doctor run as the management
/// account: its own coverage is judged.
fn management_in_scope() -> (TagPolicy, Healthy) {
    let policy = TagPolicy::from_toml(&format!(
        "[scope]\naccounts = [\"{HUB}\", \"{SPOKE}\", \"{MANAGEMENT}\"]\n[spoke]\nexternal_id = \"ext-1\"\n"
    ))
    .unwrap();
    let caller = mock!(aws_sdk_sts::Client::get_caller_identity).then_output(|| {
        GetCallerIdentityOutput::builder()
            .arn(format!(
                "arn:aws:sts::{MANAGEMENT}:assumed-role/OrganizationAccountAccessRole/doctor"
            ))
            .build()
    });
    (
        policy,
        Healthy {
            sts: vec![caller],
            ..none()
        },
    )
}

#[tokio::test]
async fn the_management_account_is_read_as_itself_and_passes() {
    let (policy, first) = management_in_scope();
    let checks = doctor_as(&policy, first).await;
    assert!(failures(&checks).is_empty(), "{:#?}", failures(&checks));
    let rules = checks
        .iter()
        .find(|c| c.area == Area::StackSet && c.subject == MANAGEMENT_RULES)
        .unwrap();
    assert_eq!(rules.status, Status::Pass, "{rules:#?}");
    assert!(
        rules.detail.contains(&format!(
            "2 instance(s) `CURRENT` for `{MANAGEMENT}` in 2 region(s)"
        )),
        "{}",
        rules.detail
    );
    let role = checks
        .iter()
        .find(|c| c.subject == "management account role")
        .unwrap();
    assert_eq!(role.status, Status::Pass, "{role:#?}");
    assert!(
        role.detail
            .contains(&format!("arn:aws:iam::{MANAGEMENT}:role/autotag"))
    );
    // Its template is compared with the rendered spoke rules, like the others'.
    assert!(checks.iter().any(|c| c.area == Area::Config
        && c.subject == format!("{MANAGEMENT_RULES} template")
        && c.status == Status::Pass));
}

#[tokio::test]
async fn an_outdated_management_instance_and_a_missing_role_fail_with_their_fixes() {
    let (policy, mut first) = management_in_scope();
    first.cloudformation.push(
        mock!(aws_sdk_cloudformation::Client::list_stack_instances)
            .match_requests(|req| req.stack_set_name() == Some(MANAGEMENT_RULES))
            .then_output(|| {
                let outdated = StackInstanceSummary::builder()
                    .account(MANAGEMENT)
                    .region("eu-west-1")
                    .status(StackInstanceStatus::Outdated)
                    .status_reason(
                        "Account 999999999999 should have 'autotag-stackset-execution' role",
                    )
                    .stack_instance_status(
                        StackInstanceComprehensiveStatus::builder()
                            .detailed_status(StackInstanceDetailedStatus::Failed)
                            .build(),
                    )
                    .build();
                ListStackInstancesOutput::builder()
                    .summaries(management_instance(
                        "us-east-1",
                        StackInstanceStatus::Current,
                    ))
                    .summaries(outdated)
                    .build()
            }),
    );
    first
        .iam
        .push(mock!(aws_sdk_iam::Client::get_role).then_error(|| {
            GetRoleError::NoSuchEntityException(
                aws_sdk_iam::types::error::NoSuchEntityException::builder()
                    .message("The role with name autotag cannot be found.")
                    .build(),
            )
        }));
    let checks = doctor_as(&policy, first).await;
    let failed = failures(&checks);
    assert_eq!(failed.len(), 2, "{failed:#?}");
    let instance = failed
        .iter()
        .find(|c| c.subject == format!("{MANAGEMENT_RULES} {MANAGEMENT}/eu-west-1"))
        .unwrap();
    assert_eq!(instance.area, Area::StackSet);
    assert!(
        instance.detail.contains("`OUTDATED` (FAILED)"),
        "{}",
        instance.detail
    );
    assert!(instance.detail.contains("autotag-stackset-execution"));
    let hint = instance.hint.as_deref().unwrap();
    assert!(
        hint.contains(&format!(
            "update-stack-instances --stack-set-name {MANAGEMENT_RULES} --accounts {MANAGEMENT} --regions eu-west-1"
        )),
        "{hint}"
    );
    assert!(!hint.contains("--call-as"), "{hint}");
    let role = failed
        .iter()
        .find(|c| c.subject == "management account role")
        .unwrap();
    assert!(
        role.detail.contains("no role `/autotag`"),
        "{}",
        role.detail
    );
    let hint = role.hint.as_deref().unwrap();
    assert!(hint.contains("`CallAs=SELF`"), "{hint}");
    assert!(
        hint.contains(&format!("remove `{MANAGEMENT}` from `scope.accounts`")),
        "{hint}"
    );
}

#[tokio::test]
async fn a_write_only_single_region_stopped_trail_fails_with_every_fix() {
    let trails = mock!(aws_sdk_cloudtrail::Client::describe_trails).then_output(|| {
        DescribeTrailsOutput::builder()
            .trail_list(
                Trail::builder()
                    .name("org-trail")
                    .trail_arn("arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail")
                    .is_organization_trail(true)
                    .is_multi_region_trail(false)
                    .build(),
            )
            .build()
    });
    let stopped = mock!(aws_sdk_cloudtrail::Client::get_trail_status)
        .match_requests(|req| {
            req.name() == Some("arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail")
        })
        .then_output(|| GetTrailStatusOutput::builder().is_logging(false).build());
    let write_only = mock!(aws_sdk_cloudtrail::Client::get_event_selectors).then_output(|| {
        GetEventSelectorsOutput::builder()
            .event_selectors(
                EventSelector::builder()
                    .read_write_type(ReadWriteType::WriteOnly)
                    .include_management_events(true)
                    .build(),
            )
            .build()
    });
    let checks = doctor_with(Healthy {
        cloudtrail: vec![trails, stopped, write_only],
        ..none()
    })
    .await;
    let trail = only_failure(&checks);
    assert_eq!(
        (trail.area, trail.subject.as_str()),
        (Area::Trail, "org-trail")
    );
    for problem in ["not multi-region", "not logging", "write-only"] {
        assert!(trail.detail.contains(problem), "{}", trail.detail);
    }
    let hint = trail.hint.as_deref().unwrap();
    for fix in [
        "--is-multi-region-trail",
        "start-logging",
        "STS joins need them",
        "\"ReadWriteType\":\"All\"",
    ] {
        assert!(hint.contains(fix), "{hint}");
    }
}

#[tokio::test]
async fn an_outdated_stack_instance_is_named_with_its_reason() {
    let outdated = mock!(aws_sdk_cloudformation::Client::list_stack_instances)
        .match_requests(|req| req.stack_set_name() == Some("autotag-spoke-rules"))
        .then_output(|| {
            let mut out = ListStackInstancesOutput::builder();
            for account in [HUB, SPOKE] {
                for region in ["us-east-1", "eu-west-1"] {
                    let mut summary = instance(account, region, StackInstanceStatus::Current);
                    if account == SPOKE && region == "eu-west-1" {
                        summary = StackInstanceSummary::builder()
                            .account(account)
                            .region(region)
                            .status(StackInstanceStatus::Outdated)
                            .status_reason("Resource handler returned message: rule limit exceeded")
                            .organizational_unit_id(OU)
                            .stack_instance_status(
                                StackInstanceComprehensiveStatus::builder()
                                    .detailed_status(StackInstanceDetailedStatus::Failed)
                                    .build(),
                            )
                            .build();
                    }
                    out = out.summaries(summary);
                }
            }
            out.build()
        });
    let checks = doctor_with(Healthy {
        cloudformation: vec![outdated],
        ..none()
    })
    .await;
    let line = only_failure(&checks);
    assert_eq!(
        line.subject,
        format!("autotag-spoke-rules {SPOKE}/eu-west-1")
    );
    assert!(
        line.detail.contains("`OUTDATED` (FAILED)"),
        "{}",
        line.detail
    );
    assert!(line.detail.contains("rule limit exceeded"));
    let hint = line.hint.as_deref().unwrap();
    assert!(hint.contains("update-stack-instances --stack-set-name autotag-spoke-rules"));
    assert!(hint.contains(&format!("OrganizationalUnitIds={OU},Accounts={SPOKE}")));
}

#[tokio::test]
async fn an_assume_role_denied_points_at_the_external_id_and_trust() {
    let denied = mock!(aws_sdk_sts::Client::assume_role)
        .match_requests(|req| {
            req.role_arn() == Some(&format!("arn:aws:iam::{SPOKE}:role/autotag"))
                && req.external_id() == Some("ext-1")
        })
        .then_error(|| {
            AssumeRoleError::generic(
                ErrorMetadata::builder()
                    .code("AccessDenied")
                    .message("User is not authorized to perform: sts:AssumeRole")
                    .build(),
            )
        });
    let checks = doctor_with(Healthy {
        sts: vec![denied],
        ..none()
    })
    .await;
    let line = only_failure(&checks);
    assert_eq!(
        (line.area, line.subject.as_str()),
        (Area::AssumeRole, SPOKE)
    );
    assert!(
        line.detail.contains("sts:AssumeRole: AccessDenied"),
        "{}",
        line.detail
    );
    let hint = line.hint.as_deref().unwrap();
    assert!(hint.contains("spoke.external_id"), "{hint}");
    assert!(hint.contains("autotag-operator"), "{hint}");
    // The other account was still tried, and passed.
    assert!(
        checks
            .iter()
            .any(|c| c.subject == HUB && c.status == Status::Pass)
    );
}

#[tokio::test]
async fn a_throttled_organizations_call_is_one_failing_line_not_an_abort() {
    let throttled =
        mock!(aws_sdk_organizations::Client::list_aws_service_access_for_organization)
            .then_error(|| {
                ListAWSServiceAccessForOrganizationError::generic(
                    ErrorMetadata::builder()
                        .code("TooManyRequestsException")
                        .message("AWS Organizations can't complete your request because another request is already in progress")
                        .build(),
                )
            });
    let checks = doctor_with(Healthy {
        organizations: vec![throttled],
        ..none()
    })
    .await;
    let line = only_failure(&checks);
    assert_eq!(line.subject, "trusted access");
    assert!(
        line.detail.contains(
            "organizations:ListAWSServiceAccessForOrganization: TooManyRequestsException"
        ),
        "{}",
        line.detail
    );
    assert!(line.hint.as_deref().unwrap().contains("again in a minute"));
    // Everything after it was still gathered and judged.
    for area in [
        Area::Trail,
        Area::HubStack,
        Area::StackSet,
        Area::AssumeRole,
    ] {
        assert!(
            checks
                .iter()
                .any(|c| c.area == area && c.status == Status::Pass),
            "{area:?}"
        );
    }
}

#[tokio::test]
async fn accounts_are_read_to_the_last_page() {
    let first = mock!(aws_sdk_organizations::Client::list_accounts)
        .match_requests(|req| req.next_token().is_none())
        .then_output(|| {
            ListAccountsOutput::builder()
                .accounts(
                    Account::builder()
                        .id(HUB)
                        .status(AccountStatus::Active)
                        .build(),
                )
                .next_token("page-2")
                .build()
        });
    let second = mock!(aws_sdk_organizations::Client::list_accounts)
        .match_requests(|req| req.next_token() == Some("page-2"))
        .then_output(|| {
            ListAccountsOutput::builder()
                .accounts(
                    Account::builder()
                        .id(SPOKE)
                        .status(AccountStatus::Active)
                        .build(),
                )
                .accounts(
                    Account::builder()
                        .id("333333333333")
                        .status(AccountStatus::Suspended)
                        .build(),
                )
                .build()
        });
    let checks = doctor_with(Healthy {
        organizations: vec![first, second],
        ..none()
    })
    .await;
    let assumed: Vec<&str> = checks
        .iter()
        .filter(|c| c.area == Area::AssumeRole && c.status == Status::Pass)
        .map(|c| c.subject.as_str())
        .collect();
    assert_eq!(assumed, [HUB, SPOKE]);
}
