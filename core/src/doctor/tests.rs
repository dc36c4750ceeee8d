//! The doctor's evaluators on healthy facts (every line passes) and on each kind of breakage
//! (a failing line, with a hint).

use std::collections::BTreeMap;

use super::*;
use crate::policy::TagPolicy;

const HUB: &str = "111111111111";
const SPOKE: &str = "222222222222";
const MANAGEMENT: &str = "999999999999";
const OU: &str = "ou-ab12-workload";

fn policy() -> TagPolicy {
    TagPolicy::from_toml("[spoke]\nexternal_id = \"ext-1\"\n").unwrap()
}

fn instance(account: &str, region: &str, status: &str) -> InstanceInfo {
    InstanceInfo {
        account: account.into(),
        region: region.into(),
        status: status.into(),
        detailed_status: Some("SUCCEEDED".into()),
        status_reason: None,
        organizational_unit: Some(OU.into()),
    }
}

fn stack_set(name: &str, template: String, regions: &[&str], roles: bool) -> StackSetFacts {
    let mut parameters = BTreeMap::from([
        ("HubAccountId".to_owned(), HUB.to_owned()),
        ("HubRegion".to_owned(), "us-east-1".to_owned()),
    ]);
    if roles {
        parameters.insert("OrganizationId".into(), "o-abcdefghij".into());
        parameters.insert("ExternalId".into(), "****".into());
    }
    let instances = [HUB, SPOKE]
        .iter()
        .flat_map(|a| regions.iter().map(move |r| instance(a, r, "CURRENT")))
        .collect();
    StackSetFacts {
        name: name.into(),
        stack_set: Ok(Some(StackSetInfo {
            status: "ACTIVE".into(),
            parameters,
            template_body: Some(template),
            organizational_units: vec![OU.into()],
        })),
        instances: Ok(instances),
    }
}

/// The management account's self-managed rules StackSet, with an instance in each of
/// `regions`.
fn management_rules(policy: &TagPolicy, regions: &[&str]) -> StackSetFacts {
    let mut set = stack_set(
        "autotag-spoke-rules-management",
        crate::render::yaml::to_yaml(&crate::render::templates::spoke_rules(policy).unwrap()),
        regions,
        false,
    );
    if let Ok(Some(info)) = &mut set.stack_set {
        info.organizational_units.clear();
    }
    set.instances = Ok(regions
        .iter()
        .map(|r| InstanceInfo {
            organizational_unit: None,
            ..instance(MANAGEMENT, r, "CURRENT")
        })
        .collect());
    set
}

/// Facts of a deployment done by the book.
fn healthy(policy: &TagPolicy) -> Facts {
    let scps = organization::expected_scps(policy)
        .unwrap()
        .into_iter()
        .enumerate()
        .map(|(i, scp)| ScpInfo {
            id: format!("p-{i}"),
            name: scp.name,
            content: Ok(scp.document.to_string()),
            targets: Ok(vec![OU.into()]),
        })
        .collect();
    let outputs = stacks::required_outputs(policy)
        .into_iter()
        .map(|key| {
            let value = match key.as_str() {
                "FunctionRoleArn" => format!("arn:aws:iam::{HUB}:role/autotag-hub-function"),
                "OperatorRoleArn" => format!("arn:aws:iam::{HUB}:role/autotag-operator"),
                _ => format!("value-of-{key}"),
            };
            (key, value)
        })
        .collect();
    let yaml = crate::render::yaml::to_yaml;
    Facts {
        // The management account, which alone sees its own coverage.
        caller: Ok(format!(
            "arn:aws:sts::{MANAGEMENT}:assumed-role/OrganizationAccountAccessRole/doctor"
        )),
        call_as: CallAs::SelfAccount,
        hub_region: "us-east-1".into(),
        organization: OrganizationFacts {
            organization: Ok(OrganizationInfo {
                id: "o-abcdefghij".into(),
                feature_set: "ALL".into(),
                management_account: Some(MANAGEMENT.into()),
            }),
            trusted_services: Ok(vec![
                "cloudtrail.amazonaws.com".into(),
                STACKSETS_PRINCIPAL.into(),
            ]),
            roots: Ok(vec![RootInfo {
                id: "r-ab12".into(),
                policy_types: vec![("SERVICE_CONTROL_POLICY".into(), "ENABLED".into())],
            }]),
            scps: Ok(scps),
        },
        trails: Ok(vec![TrailInfo {
            name: "org-trail".into(),
            arn: Some(format!(
                "arn:aws:cloudtrail:us-east-1:{MANAGEMENT}:trail/org-trail"
            )),
            home_region: Some("us-east-1".into()),
            organization: true,
            multi_region: true,
            logging: Ok(true),
            selectors: Ok(EventSelectors::Classic(vec![ClassicSelector {
                read_write: "All".into(),
                management: true,
            }])),
        }]),
        hub_stack: HubStackFacts {
            name: "autotag-hub".into(),
            stack: Ok(Some(StackInfo {
                status: "CREATE_COMPLETE".into(),
                status_reason: None,
                parameters: BTreeMap::from([("SpokeRoleName".into(), "autotag".into())]),
                outputs,
            })),
        },
        roles_stack_set: stack_set(
            "autotag-spoke-roles",
            yaml(&crate::render::templates::spoke_roles(policy)),
            &["us-east-1"],
            true,
        ),
        rules_stack_set: stack_set(
            "autotag-spoke-rules",
            yaml(&crate::render::templates::spoke_rules(policy).unwrap()),
            &["us-east-1", "eu-west-1"],
            false,
        ),
        management: Some(ManagementFacts {
            rules_stack_set: management_rules(policy, &["us-east-1", "eu-west-1"]),
            role: Ok(Some(RoleInfo {
                arn: format!("arn:aws:iam::{MANAGEMENT}:role/autotag"),
                path: "/".into(),
            })),
        }),
        accounts: Ok(vec![MANAGEMENT.into(), HUB.into(), SPOKE.into()]),
        assumed: Some(
            [HUB, SPOKE]
                .iter()
                .map(|a| AssumeResult {
                    account: (*a).into(),
                    role_arn: format!("arn:aws:iam::{a}:role/autotag"),
                    outcome: AssumeOutcome::Assumed,
                })
                .collect(),
        ),
        scp_targets: Vec::new(),
    }
}

fn on_disk(policy: &TagPolicy) -> BTreeMap<String, Option<String>> {
    crate::render::render_all(policy)
        .unwrap()
        .into_iter()
        .map(|f| (f.path, Some(f.contents)))
        .collect()
}

fn failing(checks: &[Check]) -> Vec<&Check> {
    checks.iter().filter(|c| c.status == Status::Fail).collect()
}

/// The one failing line of `checks`, which must carry a hint containing `hint`.
fn the_failure<'a>(checks: &'a [Check], area: Area, hint: &str) -> &'a Check {
    let failures = failing(checks);
    assert_eq!(failures.len(), 1, "{failures:#?}");
    let failure = failures[0];
    assert_eq!(failure.area, area, "{failure:#?}");
    let text = failure.hint.as_deref().unwrap_or_default();
    assert!(text.contains(hint), "hint `{text}` lacks `{hint}`");
    failure
}

#[test]
fn a_healthy_deployment_passes_every_check() {
    let policy = policy();
    let checks = evaluate(&policy, &healthy(&policy), &on_disk(&policy));
    assert!(
        checks.iter().all(|c| c.status == Status::Pass),
        "{:#?}",
        checks
            .iter()
            .filter(|c| c.status != Status::Pass)
            .collect::<Vec<_>>()
    );
    assert!(!any_failed(&checks));
    for area in [
        Area::Caller,
        Area::Organization,
        Area::Trail,
        Area::HubStack,
        Area::StackSet,
        Area::Config,
        Area::AssumeRole,
    ] {
        assert!(checks.iter().any(|c| c.area == area), "no {area:?} line");
    }
    let subjects: Vec<&str> = checks.iter().map(|c| c.subject.as_str()).collect();
    for subject in [
        "trusted access",
        "r-ab12",
        "org-trail",
        "stamp keys",
        "role name",
        "autotag-spoke-rules-management",
        "autotag-spoke-rules-management template",
        "management account role",
        HUB,
        SPOKE,
    ] {
        assert!(subjects.contains(&subject), "{subject} in {subjects:?}");
    }
}

#[test]
fn every_failing_line_has_a_hint() {
    let policy = policy();
    let mut facts = healthy(&policy);
    facts.organization.trusted_services = Ok(Vec::new());
    facts.trails = Ok(Vec::new());
    facts.hub_stack.stack = Ok(None);
    facts.rules_stack_set.stack_set = Ok(None);
    let checks = evaluate(&policy, &facts, &BTreeMap::new());
    assert!(failing(&checks).len() >= 4);
    for check in failing(&checks) {
        assert!(
            check.hint.as_deref().is_some_and(|h| !h.is_empty()),
            "{check:#?}"
        );
    }
}

#[test]
fn organization_failures() {
    let policy = policy();
    let disk = on_disk(&policy);
    let run = |change: &dyn Fn(&mut Facts)| {
        let mut facts = healthy(&policy);
        change(&mut facts);
        evaluate(&policy, &facts, &disk)
    };

    let checks = run(&|f| {
        if let Ok(org) = &mut f.organization.organization {
            org.feature_set = "CONSOLIDATED_BILLING".into();
        }
    });
    the_failure(&checks, Area::Organization, "enable-all-features");

    let checks =
        run(&|f| f.organization.trusted_services = Ok(vec!["cloudtrail.amazonaws.com".into()]));
    let failure = the_failure(&checks, Area::Organization, "activate-organizations-access");
    assert!(failure.detail.contains(STACKSETS_PRINCIPAL));

    let checks = run(&|f| {
        f.organization.roots = Ok(vec![RootInfo {
            id: "r-ab12".into(),
            policy_types: Vec::new(),
        }]);
    });
    the_failure(
        &checks,
        Area::Organization,
        "enable-policy-type --root-id r-ab12 --policy-type SERVICE_CONTROL_POLICY",
    );

    // An SCP attached elsewhere than the StackSets' OU.
    let checks = run(&|f| {
        if let Ok(scps) = &mut f.organization.scps {
            scps[0].targets = Ok(vec!["ou-other".into()]);
        }
    });
    let failure = the_failure(&checks, Area::Organization, "attach-policy --policy-id p-0");
    assert!(failure.hint.as_deref().unwrap().contains(OU));

    // An SCP missing altogether.
    let checks = run(&|f| {
        if let Ok(scps) = &mut f.organization.scps {
            scps.remove(0);
        }
    });
    assert!(
        failing(&checks)
            .iter()
            .any(|c| c.hint.as_deref().unwrap().contains("create-policy"))
    );

    // An SCP whose content was edited by hand.
    let checks = run(&|f| {
        if let Ok(scps) = &mut f.organization.scps {
            scps[1].content = Ok("{\"Version\":\"2012-10-17\",\"Statement\":[]}".into());
        }
    });
    the_failure(&checks, Area::Organization, "update-policy --policy-id p-1");
}

#[test]
fn a_failed_call_is_a_failing_line_with_its_error_not_an_abort() {
    let policy = policy();
    let mut facts = healthy(&policy);
    facts.organization.trusted_services = Err(CallFailure::new(
        "organizations:ListAWSServiceAccessForOrganization",
        Some("TooManyRequestsException".into()),
        "rate exceeded",
    ));
    facts.organization.roots = Err(CallFailure::new(
        "organizations:ListRoots",
        Some("AccessDeniedException".into()),
        "not allowed",
    ));
    let checks = evaluate(&policy, &facts, &on_disk(&policy));
    let failures = failing(&checks);
    assert_eq!(failures.len(), 2, "{failures:#?}");
    assert!(
        failures[0]
            .detail
            .contains("TooManyRequestsException: rate exceeded")
    );
    assert!(
        failures[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("again in a minute")
    );
    assert!(failures[1].detail.contains("organizations:ListRoots"));
    assert!(
        failures[1]
            .hint
            .as_deref()
            .unwrap()
            .contains("may not call `organizations:ListRoots`")
    );
    // Everything else was still checked.
    assert!(
        checks
            .iter()
            .any(|c| c.area == Area::Trail && c.status == Status::Pass)
    );
}

fn with_trail(change: impl Fn(&mut TrailInfo)) -> Vec<Check> {
    let policy = policy();
    let mut facts = healthy(&policy);
    if let Ok(trails) = &mut facts.trails {
        change(&mut trails[0]);
    }
    evaluate(&policy, &facts, &on_disk(&policy))
}

#[test]
fn trail_failures() {
    let checks = with_trail(|t| {
        t.selectors = Ok(EventSelectors::Classic(vec![ClassicSelector {
            read_write: "WriteOnly".into(),
            management: true,
        }]));
    });
    let failure = the_failure(&checks, Area::Trail, "STS joins need them");
    assert!(failure.detail.contains("write-only"));
    assert!(
        failure
            .hint
            .as_deref()
            .unwrap()
            .contains("\"ReadWriteType\":\"All\"")
    );

    let checks = with_trail(|t| t.multi_region = false);
    the_failure(&checks, Area::Trail, "--is-multi-region-trail");

    let checks = with_trail(|t| t.logging = Ok(false));
    the_failure(&checks, Area::Trail, "start-logging");

    let checks = with_trail(|t| t.organization = false);
    the_failure(&checks, Area::Trail, "--is-organization-trail");

    let checks = with_trail(|t| {
        t.selectors = Ok(EventSelectors::Classic(vec![ClassicSelector {
            read_write: "All".into(),
            management: false,
        }]));
    });
    let failure = the_failure(&checks, Area::Trail, "IncludeManagementEvents");
    assert!(failure.detail.contains("no management events"));

    // Several problems: one line, every fix.
    let checks = with_trail(|t| {
        t.multi_region = false;
        t.logging = Ok(false);
    });
    let failure = the_failure(&checks, Area::Trail, "start-logging");
    assert!(
        failure
            .hint
            .as_deref()
            .unwrap()
            .contains("--is-multi-region-trail")
    );

    let policy = policy();
    let mut facts = healthy(&policy);
    facts.trails = Ok(Vec::new());
    let checks = evaluate(&policy, &facts, &on_disk(&policy));
    the_failure(&checks, Area::Trail, "create-trail");
}

#[test]
fn advanced_selectors_are_read() {
    let field = |name: &str, equals: &[&str], not_equals: &[&str]| FieldSelector {
        field: name.into(),
        equals: equals.iter().map(|s| (*s).to_owned()).collect(),
        not_equals: not_equals.iter().map(|s| (*s).to_owned()).collect(),
    };
    let advanced = |fields: Vec<FieldSelector>| {
        EventSelectors::Advanced(vec![AdvancedSelector { name: None, fields }])
    };
    let all = advanced(vec![field("eventCategory", &["Management"], &[])]);
    assert_eq!(
        trail::management(&all),
        trail::Management {
            reads: true,
            writes: true
        }
    );
    let write_only = advanced(vec![
        field("eventCategory", &["Management"], &[]),
        field("readOnly", &["false"], &[]),
    ]);
    assert_eq!(
        trail::management(&write_only),
        trail::Management {
            reads: false,
            writes: true
        }
    );
    let data_only = advanced(vec![field("eventCategory", &["Data"], &[])]);
    assert_eq!(trail::management(&data_only), trail::Management::default());
    let narrowed = advanced(vec![
        field("eventCategory", &["Management"], &[]),
        field("eventSource", &["s3.amazonaws.com"], &[]),
    ]);
    assert_eq!(trail::management(&narrowed), trail::Management::default());
    // Two selectors, reads and writes apart, cover both.
    let split = EventSelectors::Advanced(vec![
        AdvancedSelector {
            name: Some("reads".into()),
            fields: vec![
                field("eventCategory", &["Management"], &[]),
                field("readOnly", &["true"], &[]),
            ],
        },
        AdvancedSelector {
            name: Some("writes".into()),
            fields: vec![
                field("eventCategory", &["Management"], &[]),
                field("readOnly", &[], &["true"]),
            ],
        },
    ]);
    assert_eq!(
        trail::management(&split),
        trail::Management {
            reads: true,
            writes: true
        }
    );
    let checks = with_trail(|t| t.selectors = Ok(write_only.clone()));
    the_failure(&checks, Area::Trail, "STS joins need them");
}

#[test]
fn a_good_trail_beside_a_bad_one_passes() {
    let policy = policy();
    let mut facts = healthy(&policy);
    if let Ok(trails) = &mut facts.trails {
        let mut local = trails[0].clone();
        local.name = "local".into();
        local.organization = false;
        trails.insert(0, local);
    }
    let checks = evaluate(&policy, &facts, &on_disk(&policy));
    assert!(!any_failed(&checks));
}

#[test]
fn hub_stack_failures() {
    let policy = policy();
    let disk = on_disk(&policy);
    let run = |change: &dyn Fn(&mut StackInfo)| {
        let mut facts = healthy(&policy);
        if let Ok(Some(stack)) = &mut facts.hub_stack.stack {
            change(stack);
        }
        evaluate(&policy, &facts, &disk)
    };
    let checks = run(&|s| {
        s.status = "ROLLBACK_COMPLETE".into();
        s.status_reason = Some("the bucket does not exist".into());
    });
    let failure = the_failure(
        &checks,
        Area::HubStack,
        "delete-stack --stack-name autotag-hub",
    );
    assert!(failure.detail.contains("the bucket does not exist"));

    let checks = run(&|s| {
        s.outputs.remove("OperatorRoleArn");
    });
    let failure = the_failure(&checks, Area::HubStack, "stacksets/hub.yaml");
    assert!(failure.detail.contains("OperatorRoleArn"));

    let checks = run(&|s| s.status = "UPDATE_ROLLBACK_COMPLETE".into());
    assert!(!any_failed(&checks));
    assert!(
        checks
            .iter()
            .any(|c| c.status == Status::Warn && c.area == Area::HubStack)
    );

    let mut facts = healthy(&policy);
    facts.hub_stack.stack = Ok(None);
    let checks = evaluate(&policy, &facts, &disk);
    the_failure(
        &checks,
        Area::HubStack,
        "--template-file stacksets/hub.yaml",
    );
}

#[test]
fn stack_set_failures() {
    let policy = policy();
    let disk = on_disk(&policy);
    let mut facts = healthy(&policy);
    if let Ok(instances) = &mut facts.rules_stack_set.instances {
        let outdated = instances
            .iter_mut()
            .find(|i| i.account == SPOKE && i.region == "eu-west-1")
            .unwrap();
        outdated.status = "OUTDATED".into();
        outdated.detailed_status = Some("FAILED".into());
        outdated.status_reason = Some("Role autotag-forwarder already exists".into());
    }
    let checks = evaluate(&policy, &facts, &disk);
    let failure = the_failure(&checks, Area::StackSet, "update-stack-instances");
    assert_eq!(
        failure.subject,
        format!("autotag-spoke-rules {SPOKE}/eu-west-1")
    );
    assert!(failure.detail.contains("OUTDATED"));
    assert!(failure.detail.contains("already exists"));
    assert!(
        failure
            .hint
            .as_deref()
            .unwrap()
            .contains("--regions eu-west-1")
    );

    // A missing region of one account, and an account with no roles instance.
    let mut facts = healthy(&policy);
    if let Ok(instances) = &mut facts.rules_stack_set.instances {
        instances.retain(|i| !(i.account == HUB && i.region == "eu-west-1"));
    }
    if let Ok(instances) = &mut facts.roles_stack_set.instances {
        instances.retain(|i| i.account != SPOKE);
    }
    let checks = evaluate(&policy, &facts, &disk);
    let failures = failing(&checks);
    assert_eq!(failures.len(), 2, "{failures:#?}");
    assert!(failures.iter().any(|c| {
        c.subject == format!("autotag-spoke-roles {SPOKE}")
            && c.hint
                .as_deref()
                .unwrap()
                .contains("create-stack-instances")
    }));
    assert!(failures.iter().any(
        |c| c.subject == format!("autotag-spoke-rules {HUB}") && c.detail.contains("eu-west-1")
    ));

    // A delegated administrator's hints say so.
    let mut facts = healthy(&policy);
    facts.call_as = CallAs::DelegatedAdmin;
    if let Ok(instances) = &mut facts.roles_stack_set.instances {
        instances[0].status = "INOPERABLE".into();
    }
    let checks = evaluate(&policy, &facts, &disk);
    the_failure(
        &checks,
        Area::StackSet,
        "--retain-stacks --call-as DELEGATED_ADMIN",
    );

    let mut facts = healthy(&policy);
    facts.roles_stack_set.stack_set = Ok(None);
    let checks = evaluate(&policy, &facts, &disk);
    the_failure(&checks, Area::StackSet, "org-stacksets.yaml");
}

/// The stackset lines about the management account.
fn management_lines(checks: &[Check]) -> Vec<&Check> {
    checks
        .iter()
        .filter(|c| {
            c.area == Area::StackSet
                && (c.subject.starts_with("autotag-spoke-rules-management")
                    || c.subject.starts_with("management account"))
        })
        .collect()
}

#[test]
fn the_management_account_is_covered_as_itself() {
    let policy = policy();
    let disk = on_disk(&policy);

    // Present, active, `CURRENT` in every region of the organization's rules, role there.
    let checks = evaluate(&policy, &healthy(&policy), &disk);
    let lines = management_lines(&checks);
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(lines.iter().all(|c| c.status == Status::Pass), "{lines:#?}");
    assert!(
        lines[0].detail.contains(&format!(
            "2 instance(s) `CURRENT` for `{MANAGEMENT}` in 2 region(s)"
        )),
        "{}",
        lines[0].detail
    );
    assert!(
        lines[1]
            .detail
            .contains(&format!("arn:aws:iam::{MANAGEMENT}:role/autotag"))
    );

    // Missing: a failure naming the organization stack with `CallAs=SELF`.
    let mut facts = healthy(&policy);
    if let Some(management) = &mut facts.management {
        management.rules_stack_set.stack_set = Ok(None);
        management.rules_stack_set.instances = Ok(Vec::new());
    }
    let checks = evaluate(&policy, &facts, &disk);
    let failure = the_failure(&checks, Area::StackSet, "`CallAs=SELF`");
    assert_eq!(failure.subject, "autotag-spoke-rules-management");
    let hint = failure.hint.as_deref().unwrap();
    assert!(hint.contains("stacksets/org-stacksets.yaml"), "{hint}");
    assert!(hint.contains("steps 5 and 6"), "{hint}");
    assert!(
        hint.contains("list the other accounts in `scope.accounts`"),
        "{hint}"
    );

    // A region the organization's rules cover but the management account's do not.
    let mut facts = healthy(&policy);
    if let Some(management) = &mut facts.management {
        management.rules_stack_set = management_rules(&policy, &["us-east-1"]);
    }
    let checks = evaluate(&policy, &facts, &disk);
    let failure = the_failure(&checks, Area::StackSet, "`Regions`");
    assert_eq!(
        failure.subject,
        format!("autotag-spoke-rules-management {MANAGEMENT}")
    );
    assert!(failure.detail.contains("`eu-west-1`"), "{}", failure.detail);
    assert!(!failure.detail.contains("us-east-1"), "{}", failure.detail);
    assert!(failure.hint.as_deref().unwrap().contains("eu-west-1"));

    // An instance that is not `CURRENT`: its own line, the hint without `--call-as`.
    let mut facts = healthy(&policy);
    if let Some(ManagementFacts {
        rules_stack_set:
            StackSetFacts {
                instances: Ok(instances),
                ..
            },
        ..
    }) = &mut facts.management
    {
        instances[1].status = "OUTDATED".into();
        instances[1].status_reason = Some("Bucket quota exceeded".into());
    }
    let checks = evaluate(&policy, &facts, &disk);
    let failure = the_failure(
        &checks,
        Area::StackSet,
        &format!(
            "update-stack-instances --stack-set-name autotag-spoke-rules-management --accounts {MANAGEMENT} --regions eu-west-1"
        ),
    );
    assert!(!failure.hint.as_deref().unwrap().contains("--call-as"));

    // The role missing, or at another path than the install's.
    let mut facts = healthy(&policy);
    if let Some(management) = &mut facts.management {
        management.role = Ok(None);
    }
    let checks = evaluate(&policy, &facts, &disk);
    let failure = the_failure(&checks, Area::StackSet, "`CallAs=SELF`");
    assert_eq!(failure.subject, "management account role");
    assert!(
        failure.detail.contains("no role `/autotag`"),
        "{}",
        failure.detail
    );
    let mut facts = healthy(&policy);
    if let Some(management) = &mut facts.management {
        management.role = Ok(Some(RoleInfo {
            arn: format!("arn:aws:iam::{MANAGEMENT}:role/other/autotag"),
            path: "/other/".into(),
        }));
    }
    let checks = evaluate(&policy, &facts, &disk);
    the_failure(&checks, Area::StackSet, "role_path = \"/other/\"");

    // A denied `iam:GetRole` is a failing line with the action to allow.
    let mut facts = healthy(&policy);
    if let Some(management) = &mut facts.management {
        management.role = Err(CallFailure::new(
            "iam:GetRole",
            Some("AccessDenied".into()),
            "not authorized",
        ));
    }
    let checks = evaluate(&policy, &facts, &disk);
    the_failure(&checks, Area::StackSet, "may not call `iam:GetRole`");
}

#[test]
fn the_management_account_left_out_of_scope_is_not_a_failure() {
    // An explicit list without the management account: nothing of it is needed.
    let policy = TagPolicy::from_toml(&format!(
        "[scope]\naccounts = [\"{HUB}\", \"{SPOKE}\"]\n[spoke]\nexternal_id = \"ext-1\"\n"
    ))
    .unwrap();
    let mut facts = healthy(&policy);
    if let Some(management) = &mut facts.management {
        management.rules_stack_set.stack_set = Ok(None);
        management.role = Ok(None);
    }
    let checks = evaluate(&policy, &facts, &on_disk(&policy));
    let lines = management_lines(&checks);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!(
        (lines[0].subject.as_str(), lines[0].status),
        ("management account", Status::Pass)
    );
    assert!(lines[0].detail.contains("left out on purpose"));
    assert!(!any_failed(&checks), "{:#?}", failing(&checks));

    // The same list with the management account in it: both missing fail.
    let policy = TagPolicy::from_toml(&format!(
        "[scope]\naccounts = [\"{HUB}\", \"{SPOKE}\", \"{MANAGEMENT}\"]\n[spoke]\nexternal_id = \"ext-1\"\n"
    ))
    .unwrap();
    let checks = evaluate(&policy, &facts, &on_disk(&policy));
    let failures = failing(&checks);
    assert_eq!(failures.len(), 2, "{failures:#?}");
    for failure in failures {
        assert!(
            failure
                .hint
                .as_deref()
                .unwrap()
                .contains(&format!("remove `{MANAGEMENT}` from `scope.accounts`")),
            "{failure:#?}"
        );
    }
}

#[test]
fn the_management_account_cannot_be_checked_from_elsewhere() {
    let policy = policy();
    let disk = on_disk(&policy);

    // From a delegated administrator: one warning, pointing at the by-hand check.
    let mut facts = healthy(&policy);
    facts.call_as = CallAs::DelegatedAdmin;
    facts.management = None;
    let checks = evaluate(&policy, &facts, &disk);
    let lines = management_lines(&checks);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!(
        (lines[0].subject.as_str(), lines[0].status),
        ("management account", Status::Warn)
    );
    assert!(lines[0].detail.contains("delegated administrator"));
    assert!(lines[0].hint.as_deref().unwrap().contains("step 6"));
    assert!(!any_failed(&checks), "{:#?}", failing(&checks));

    // `--call-as self` from another account: what it reads is not the management account's.
    let mut facts = healthy(&policy);
    facts.caller = Ok(format!(
        "arn:aws:sts::{HUB}:assumed-role/autotag-operator/doctor"
    ));
    if let Some(management) = &mut facts.management {
        management.role = Ok(None);
    }
    let checks = evaluate(&policy, &facts, &disk);
    let lines = management_lines(&checks);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!(lines[0].status, Status::Warn);
    assert!(
        lines[0]
            .detail
            .contains(&format!("`{HUB}` is not the management account"))
    );
    assert!(!any_failed(&checks), "{:#?}", failing(&checks));
}

#[test]
fn config_disagreements() {
    let policy = policy();
    let disk = on_disk(&policy);

    // The hub stack lets the hub assume another role than the config names.
    let mut facts = healthy(&policy);
    if let Ok(Some(stack)) = &mut facts.hub_stack.stack {
        stack
            .parameters
            .insert("SpokeRoleName".into(), "auto-tag-role".into());
    }
    let checks = evaluate(&policy, &facts, &disk);
    let failure = the_failure(&checks, Area::Config, "spoke.role_name = \"auto-tag-role\"");
    assert_eq!(failure.subject, "role name");

    // The roles StackSet deploys a template rendered with another role name.
    let renamed =
        TagPolicy::from_toml("[spoke]\nexternal_id = \"ext-1\"\nrole_name = \"tagger\"\n").unwrap();
    let mut facts = healthy(&policy);
    if let Ok(Some(info)) = &mut facts.roles_stack_set.stack_set {
        info.template_body = Some(crate::render::yaml::to_yaml(
            &crate::render::templates::spoke_roles(&renamed),
        ));
    }
    let checks = evaluate(&policy, &facts, &disk);
    let failures = failing(&checks);
    assert_eq!(failures.len(), 2, "{failures:#?}");
    assert!(
        failures
            .iter()
            .any(|c| c.subject == "autotag-spoke-roles role name" && c.detail.contains("`tagger`"))
    );
    assert!(
        failures
            .iter()
            .any(|c| c.subject == "autotag-spoke-roles template"
                && c.hint.as_deref().unwrap().contains("update-stack-set"))
    );
    // A JSON template body (org-stacksets.yaml's TemplateBody) is read too.
    let json_body = crate::render::templates::spoke_roles(&policy).to_string();
    assert_eq!(
        agreement::role_name_in_template(&json_body).as_deref(),
        Some("autotag")
    );

    // The StackSet forwards to another hub account.
    let mut facts = healthy(&policy);
    if let Ok(Some(info)) = &mut facts.rules_stack_set.stack_set {
        info.parameters
            .insert("HubAccountId".into(), "333333333333".into());
    }
    let checks = evaluate(&policy, &facts, &disk);
    let failure = the_failure(&checks, Area::Config, "ParameterValue=111111111111");
    assert_eq!(failure.subject, "autotag-spoke-rules HubAccountId");

    // SCPs rendered for other stamp keys.
    let other_keys =
        TagPolicy::from_toml("[tags]\nowner = \"Owner\"\n[spoke]\nexternal_id = \"ext-1\"\n")
            .unwrap();
    let mut facts = healthy(&policy);
    let stale = organization::expected_scps(&other_keys).unwrap();
    if let Ok(scps) = &mut facts.organization.scps {
        for (scp, old) in scps.iter_mut().zip(&stale) {
            scp.content = Ok(old.document.to_string());
        }
    }
    let checks = evaluate(&policy, &facts, &disk);
    let keys = checks.iter().find(|c| c.subject == "stamp keys").unwrap();
    assert_eq!(keys.status, Status::Fail);
    assert!(keys.detail.contains("`Owner`"), "{}", keys.detail);

    // No external id in the config.
    let no_id = TagPolicy::default();
    let checks = evaluate(&no_id, &healthy(&no_id), &on_disk(&no_id));
    the_failure(&checks, Area::Config, "external_id");
}

#[test]
fn rendered_files_on_disk() {
    let policy = policy();
    let facts = healthy(&policy);
    let mut disk = on_disk(&policy);
    disk.insert("scp/protect-tags-1.json".into(), Some("{}".into()));
    disk.insert("stacksets/hub.yaml".into(), None);
    let checks = evaluate(&policy, &facts, &disk);
    let failures = failing(&checks);
    assert_eq!(failures.len(), 2, "{failures:#?}");
    assert!(
        failures.iter().all(
            |c| c.area == Area::Config && c.hint.as_deref().unwrap().contains("autotag render")
        )
    );

    // Nothing at the root: a warning, not a failure.
    let checks = evaluate(&policy, &facts, &BTreeMap::new());
    assert!(!any_failed(&checks));
    assert!(
        checks
            .iter()
            .any(|c| c.subject == "rendered files" && c.status == Status::Warn)
    );
}

#[test]
fn assume_role_failures() {
    let policy = policy();
    let disk = on_disk(&policy);
    let mut facts = healthy(&policy);
    facts.assumed = Some(vec![AssumeResult {
        account: SPOKE.into(),
        role_arn: format!("arn:aws:iam::{SPOKE}:role/autotag"),
        outcome: AssumeOutcome::Failed(CallFailure::new(
            "sts:AssumeRole",
            Some("AccessDenied".into()),
            "not authorized to perform sts:AssumeRole",
        )),
    }]);
    let checks = evaluate(&policy, &facts, &disk);
    let failure = the_failure(&checks, Area::AssumeRole, "spoke.external_id");
    assert_eq!(failure.subject, SPOKE);
    assert!(failure.detail.contains("AccessDenied"));

    // The management account under `*`: a warning; out-of-scope accounts: not tried.
    let mut facts = healthy(&policy);
    facts.assumed = Some(vec![
        AssumeResult {
            account: MANAGEMENT.into(),
            role_arn: format!("arn:aws:iam::{MANAGEMENT}:role/autotag"),
            outcome: AssumeOutcome::Failed(CallFailure::new(
                "sts:AssumeRole",
                Some("AccessDenied".into()),
                "no such role",
            )),
        },
        AssumeResult {
            account: HUB.into(),
            role_arn: format!("arn:aws:iam::{HUB}:role/autotag"),
            outcome: AssumeOutcome::OutOfScope,
        },
    ]);
    let checks = evaluate(&policy, &facts, &disk);
    assert!(!any_failed(&checks), "{checks:#?}");
    assert!(
        checks
            .iter()
            .any(|c| c.subject == MANAGEMENT && c.status == Status::Warn)
    );
    assert!(checks.iter().any(|c| c.subject == "out of scope"));
}

#[test]
fn the_report_renders_in_three_formats() {
    let checks = vec![
        Check::pass(Area::Trail, "org-trail", "fine"),
        Check::fail(Area::StackSet, "s 1/r", "instance is `OUTDATED`", "=fix it"),
    ];
    let table = render_checks(&checks, crate::audit::OutputFormat::Table);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("STATUS"));
    assert!(
        lines[2].starts_with("FAIL") && lines[2].ends_with("=fix it"),
        "{table}"
    );
    assert!(table.ends_with("1 passed, 0 warning(s), 1 failed\n"));
    let json = render_checks(&checks, crate::audit::OutputFormat::Json);
    let second: serde_json::Value = serde_json::from_str(json.lines().nth(1).unwrap()).unwrap();
    assert_eq!(second["status"], "fail");
    assert_eq!(second["area"], "stackset");
    assert_eq!(second["hint"], "=fix it");
    let csv = render_checks(&checks, crate::audit::OutputFormat::Csv);
    // A hint starting like a formula is defused.
    assert!(csv.contains(",'=fix it\r\n"), "{csv}");
}
