//! Table tests of rule evaluation, the ladder on a simulated clock, notifications, reports and
//! the rendered permissions.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code: a broken expectation should stop the test loudly"
)]

use std::collections::BTreeMap;

use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::notify::{
    Body, Recipient, plan_label_notifications, plan_notifications, render_chat, render_text,
};
use super::permissions::required_permissions;
use super::report::{render_report, report_rows};
use super::*;
use crate::arn::AccountId;
use crate::audit::OutputFormat;
use crate::policy::TagPolicy;

const POLICY: &str = r#"
[enforcement]
notify_topic = "arn:aws:sns:eu-west-1:111111111111:security"

[[enforce]]
name = "cost-center"
resource_types = ["ec2:instance", "s3:bucket"]
accounts = ["*"]
dry_run = false
required_tags = [
  { key = "CostCenter", values = ["1001", "1002"] },
  { key = "Team", pattern = "[a-z][a-z-]*" },
]
steps = [
  { action = "notify" },
  { action = "mark" },
  { action = "stop", after = "3d" },
  { action = "terminate", after = "7d" },
]
exempt = { tags = { "autotag:exempt" = "true" }, principals = ["arn:aws:iam::*:role/ci-*"], accounts = ["333333333333"] }

[[enforce]]
name = "buckets"
resource_types = ["s3:bucket"]
regions = ["eu-west-1"]
organizational_units = ["ou-abcd-11111111"]
required_tags = [{ key = "CostCenter" }]
steps = [{ action = "report" }, { action = "mark" }]
"#;

fn policy() -> TagPolicy {
    TagPolicy::from_toml(POLICY).unwrap()
}

const T0: OffsetDateTime = datetime!(2025-01-01 10:00 UTC);

fn instance(tags: &[(&str, &str)]) -> ResourceFacts {
    ResourceFacts {
        arn: "arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc".into(),
        resource_type: "ec2:instance".into(),
        account: AccountId::parse("111111111111").unwrap(),
        region: "eu-west-1".into(),
        ou_path: Some(vec!["ou-abcd-11111111".into()]),
        tags: tags
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        creator: Creator {
            owner: Some("alice@example.com".into()),
            arn: Some(
                "arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_dev/alice@example.com"
                    .into(),
            ),
        },
        created: Some(T0),
        state: ResourceState::Running,
        details: Details {
            image: Some("ami-0123".into()),
            instance_type: Some("t3.micro".into()),
        },
        last_actions: BTreeMap::new(),
    }
}

fn bucket(tags: &[(&str, &str)]) -> ResourceFacts {
    ResourceFacts {
        arn: "arn:aws:s3:::data".into(),
        resource_type: "s3:bucket".into(),
        state: ResourceState::NotApplicable,
        details: Details::default(),
        ..instance(tags)
    }
}

fn rule(name: &str) -> crate::policy::enforce::EnforceRule {
    policy().enforcement.rule(name).unwrap().clone()
}

const GOOD: &[(&str, &str)] = &[("CostCenter", "1001"), ("Team", "platform")];

#[test]
fn verdicts_table() {
    let cost = rule("cost-center");
    let with = |f: fn(&mut ResourceFacts)| {
        let mut facts = instance(&[]);
        f(&mut facts);
        evaluate(&cost, &facts, T0).verdict
    };
    assert_eq!(
        evaluate(&cost, &instance(GOOD), T0).verdict,
        Verdict::Compliant
    );
    let missing = evaluate(&cost, &instance(&[("Team", "platform")]), T0).verdict;
    assert_eq!(
        missing,
        Verdict::NonCompliant(vec![Problem::Missing {
            key: "CostCenter".into(),
            expected: "one of `1001`, `1002`".into()
        }])
    );
    let bad = evaluate(
        &cost,
        &instance(&[("CostCenter", "9999"), ("Team", "Platform!")]),
        T0,
    )
    .verdict;
    let Verdict::NonCompliant(problems) = bad else {
        panic!("{bad:?}")
    };
    assert_eq!(problems.len(), 2);
    assert_eq!(
        problems[0].describe(),
        "`CostCenter` = `9999` is not allowed"
    );
    assert_eq!(
        problems[1],
        Problem::NotAllowed {
            key: "Team".into(),
            value: "Platform!".into(),
            expected: "a value matching `[a-z][a-z-]*`".into()
        }
    );
    // The pattern is anchored: a matching substring is not enough.
    assert!(matches!(
        evaluate(
            &cost,
            &instance(&[("CostCenter", "1001"), ("Team", "9team")]),
            T0
        )
        .verdict,
        Verdict::NonCompliant(_)
    ));
    assert_eq!(
        with(|f| {
            f.tags.insert("autotag:exempt".into(), "true".into());
        }),
        Verdict::Exempt(Exemption::Tag {
            key: "autotag:exempt".into(),
            value: "true".into()
        })
    );
    assert_eq!(
        with(|f| f.creator.arn =
            Some("arn:aws:sts::111111111111:assumed-role/ci-deploy/run-7".into())),
        Verdict::Exempt(Exemption::Principal {
            pattern: "arn:aws:iam::*:role/ci-*".into()
        })
    );
    assert_eq!(
        with(|f| f.account = AccountId::parse("333333333333").unwrap()),
        Verdict::Exempt(Exemption::Account)
    );
    assert_eq!(
        with(|f| f.resource_type = "ec2:volume".into()),
        Verdict::OutOfScope(OutOfScope::ResourceType)
    );
    assert_eq!(
        with(|f| f.state = ResourceState::Gone),
        Verdict::OutOfScope(OutOfScope::Gone)
    );
    let buckets = rule("buckets");
    let bucket_verdict = |f: fn(&mut ResourceFacts)| {
        let mut facts = bucket(&[]);
        f(&mut facts);
        evaluate(&buckets, &facts, T0).verdict
    };
    assert!(matches!(bucket_verdict(|_| {}), Verdict::NonCompliant(_)));
    assert_eq!(
        bucket_verdict(|f| f.region = "us-east-1".into()),
        Verdict::OutOfScope(OutOfScope::Region)
    );
    assert_eq!(
        bucket_verdict(|f| f.ou_path = Some(vec!["ou-abcd-22222222".into()])),
        Verdict::OutOfScope(OutOfScope::OrganizationalUnit)
    );
    assert_eq!(
        bucket_verdict(|f| f.ou_path = None),
        Verdict::OutOfScope(OutOfScope::OrganizationalUnitUnknown)
    );
    assert!(matches!(
        bucket_verdict(|f| {
            f.tags.insert("CostCenter".into(), " ".into());
        }),
        Verdict::NonCompliant(_)
    ));
    let only = TagPolicy::from_toml(
        r#"[[enforce]]
name = "x"
resource_types = ["ec2:instance"]
accounts = ["222222222222"]
required_tags = [{ key = "a" }]"#,
    )
    .unwrap();
    assert_eq!(
        evaluate(&only.enforcement.rules[0], &instance(&[]), T0).verdict,
        Verdict::OutOfScope(OutOfScope::Account)
    );
}

/// Applies a finding as the hub would: the mark, and the ledger's last action.
fn apply(facts: &mut ResourceFacts, finding: &Finding, now: OffsetDateTime) {
    match &finding.mark {
        MarkChange::Keep => {}
        MarkChange::Set(value) => {
            facts.tags.insert(finding.mark_key.clone(), value.clone());
        }
        MarkChange::Remove => {
            facts.tags.remove(&finding.mark_key);
        }
    }
    if let Some(action) = finding.reached {
        facts
            .last_actions
            .insert(finding.rule.clone(), LastAction { action, at: now });
    }
    if finding.actions.contains(&Action::Stop) {
        facts.state = ResourceState::Stopped;
    }
    if finding.forget {
        facts.last_actions.remove(&finding.rule);
    }
}

#[test]
fn the_ladder_on_a_simulated_clock() {
    let cost = rule("cost-center");
    let mut facts = instance(&[("Team", "platform")]);
    // Detection: notify and mark at once; the mark names the stop, due in three days.
    let first = evaluate(&cost, &facts, T0);
    assert_eq!(first.actions, [Action::Notify, Action::Mark]);
    assert_eq!(first.reached, Some(Action::Mark));
    assert_eq!(
        first.mark,
        MarkChange::Set("stop@2025-01-04T10:00:00Z".into())
    );
    assert!(first.tell_owner);
    assert!(!first.dry_run);
    apply(&mut facts, &first, T0);
    // Before the due date: nothing, the mark kept.
    let waiting = evaluate(&cost, &facts, T0 + Duration::days(2));
    assert!(waiting.actions.is_empty() && waiting.reached.is_none());
    assert_eq!(waiting.mark, MarkChange::Keep);
    assert!(!waiting.tell_owner);
    assert_eq!(
        waiting.next,
        Some(Upcoming {
            action: Action::Stop,
            due: T0 + Duration::days(3)
        })
    );
    // At the due date: stop; the mark moves to terminate's due, seven days on.
    let at_due = T0 + Duration::days(3);
    let stop = evaluate(&cost, &facts, at_due);
    assert_eq!(stop.actions, [Action::Stop]);
    assert_eq!(
        stop.mark,
        MarkChange::Set("terminate@2025-01-11T10:00:00Z".into())
    );
    assert!(
        stop.tell_owner,
        "the owner hears of every step after notify"
    );
    apply(&mut facts, &stop, at_due);
    // A stopped instance is never stopped again, even with the ledger lost.
    facts.last_actions.clear();
    facts.tags.insert(
        cost.mark_key.as_str().into(),
        "stop@2025-01-04T10:00:00Z".into(),
    );
    let again = evaluate(&cost, &facts, at_due + Duration::hours(1));
    assert!(!again.actions.contains(&Action::Stop));
    assert_eq!(again.reached, Some(Action::Stop));
    // Compliant later: the mark is removed, the ledger forgotten, nothing else.
    facts.tags.insert("CostCenter".into(), "1002".into());
    let fixed = evaluate(&cost, &facts, at_due + Duration::days(1));
    assert_eq!(fixed.verdict, Verdict::Compliant);
    assert_eq!(fixed.mark, MarkChange::Remove);
    assert!(fixed.actions.is_empty() && fixed.forget);
}

#[test]
fn a_bucket_s_ladder_ends_before_the_instances_stop() {
    let cost = rule("cost-center");
    let mut facts = bucket(&[]);
    let first = evaluate(&cost, &facts, T0);
    assert_eq!(first.actions, [Action::Notify, Action::Mark]);
    assert_eq!(first.next, None);
    assert_eq!(
        first.mark,
        MarkChange::Set("done@2025-01-01T10:00:00Z".into())
    );
    apply(&mut facts, &first, T0);
    let later = evaluate(&cost, &facts, T0 + Duration::days(30));
    assert!(later.actions.is_empty() && later.reached.is_none());
    assert_eq!(later.mark, MarkChange::Keep);
}

#[test]
fn terminate_follows_the_stop_after_its_grace() {
    let cost = rule("cost-center");
    let mut facts = instance(&[]);
    facts.state = ResourceState::Stopped;
    facts.tags.insert(
        cost.mark_key.as_str().into(),
        "terminate@2025-01-11T10:00:00Z".into(),
    );
    facts.last_actions.insert(
        "cost-center".into(),
        LastAction {
            action: Action::Stop,
            at: T0 + Duration::days(4),
        },
    );
    // The mark's date is what the owner was told, and is kept.
    assert!(
        evaluate(&cost, &facts, datetime!(2025-01-11 09:59 UTC))
            .actions
            .is_empty()
    );
    let end = evaluate(&cost, &facts, datetime!(2025-01-11 10:00 UTC));
    assert_eq!(end.actions, [Action::Terminate]);
    assert_eq!(end.next, None);
    assert_eq!(
        end.mark,
        MarkChange::Set("done@2025-01-11T10:00:00Z".into())
    );
}

#[test]
fn a_mark_without_a_ledger_never_skips_a_step() {
    let cost = rule("cost-center");
    let mut facts = instance(&[]);
    facts.tags.insert(
        cost.mark_key.as_str().into(),
        "terminate@2024-01-01T00:00:00Z".into(),
    );
    let finding = evaluate(&cost, &facts, T0);
    assert!(finding.actions.is_empty(), "{:?}", finding.actions);
    assert_eq!(
        finding.next,
        Some(Upcoming {
            action: Action::Stop,
            due: T0 + Duration::days(3)
        })
    );
    assert_eq!(
        finding.mark,
        MarkChange::Set("stop@2025-01-04T10:00:00Z".into())
    );
    // A mark that announces the step after `mark` is believed.
    facts.tags.insert(
        cost.mark_key.as_str().into(),
        "stop@2024-12-31T00:00:00Z".into(),
    );
    assert_eq!(evaluate(&cost, &facts, T0).actions, [Action::Stop]);
}

#[test]
fn a_first_step_s_grace_counts_from_creation() {
    let policy = TagPolicy::from_toml(
        r#"[[enforce]]
name = "late"
resource_types = ["ec2:*"]
dry_run = false
required_tags = [{ key = "a" }]
steps = [{ action = "notify", after = "1h" }, { action = "mark", after = "12h" }]"#,
    )
    .unwrap();
    let late = &policy.enforcement.rules[0];
    let facts = instance(&[]);
    assert!(
        evaluate(late, &facts, T0 + Duration::minutes(59))
            .actions
            .is_empty()
    );
    let notified = evaluate(late, &facts, T0 + Duration::hours(1));
    assert_eq!(notified.actions, [Action::Notify]);
    assert_eq!(
        notified.mark,
        MarkChange::Keep,
        "not marked before the mark step"
    );
}

#[test]
fn a_dry_run_reports_what_it_would_do_and_tells_no_owner() {
    let dry = rule("buckets");
    assert!(dry.dry_run, "dry run is the default");
    let finding = evaluate(&dry, &bucket(&[]), T0);
    assert!(finding.dry_run);
    assert_eq!(finding.actions, [Action::Report, Action::Mark]);
    assert!(!finding.tell_owner);
    let messages = plan_notifications(&[finding]);
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].recipient, Recipient::SecurityTeam);
    assert!(render_text(&messages[0]).contains("Would do now (dry run): report, mark"));
}

#[test]
fn orphan_marks_are_removed() {
    let policy = policy();
    let mut facts = instance(GOOD);
    facts.tags.insert(
        "autotag:enforce:gone-rule".into(),
        "stop@2025-01-04T10:00:00Z".into(),
    );
    facts.tags.insert(
        "autotag:enforce:cost-center".into(),
        "stop@2025-01-04T10:00:00Z".into(),
    );
    facts.tags.insert("autotag:enforcement".into(), "x".into());
    let assessment = assess(&policy.enforcement, &facts, T0);
    assert_eq!(assessment.orphan_marks, ["autotag:enforce:gone-rule"]);
    assert_eq!(assessment.findings.len(), 2);
    // Compliant with its own rule: that mark goes too.
    assert_eq!(assessment.findings[0].mark, MarkChange::Remove);
}

#[test]
fn marks_read_back_as_written() {
    let mark = Mark {
        next: Some(Action::Stop),
        at: datetime!(2025-01-04 10:00:00.5 +02:00),
    };
    assert_eq!(mark.value(), "stop@2025-01-04T08:00:00Z");
    assert_eq!(
        Mark::parse(&mark.value()),
        Some(Mark {
            next: Some(Action::Stop),
            at: datetime!(2025-01-04 08:00 UTC)
        })
    );
    assert_eq!(Mark::parse("done@2025-01-04T08:00:00Z").unwrap().next, None);
    for bad in ["", "stop", "kill@2025-01-04T08:00:00Z", "stop@tomorrow"] {
        assert_eq!(Mark::parse(bad), None, "{bad}");
    }
}

#[test]
fn one_message_per_owner_by_email_and_one_summary() {
    let cost = rule("cost-center");
    let mut findings = Vec::new();
    for (id, owner) in [
        ("i-1", "alice@example.com"),
        ("i-2", "Alice@Example.com"),
        ("i-3", "bob"),
        ("i-4", "role/session"),
    ] {
        let mut facts = instance(&[]);
        facts.arn = format!("arn:aws:ec2:eu-west-1:111111111111:instance/{id}");
        facts.creator.owner = Some(owner.into());
        findings.push(evaluate(&cost, &facts, T0));
    }
    // A compliant one and a waiting one produce nothing.
    findings.push(evaluate(&cost, &instance(GOOD), T0));
    let messages = plan_notifications(&findings);
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert_eq!(
        messages[0].recipient,
        Recipient::Owner {
            email: "alice@example.com".into()
        }
    );
    assert_eq!(messages[0].findings().len(), 2);
    assert_eq!(
        messages[0].subject,
        "autotag: 2 of your resources need tags"
    );
    assert_eq!(messages[1].recipient, Recipient::SecurityTeam);
    assert_eq!(messages[1].findings().len(), 4);
    let text = render_text(&messages[0]);
    for expected in [
        "User alice@example.com created ec2:instance i-1 in account 111111111111, region eu-west-1",
        "Image id: ami-0123",
        "Instance type: t3.micro",
        "Wrong: `CostCenter` is missing",
        "Fix: set the tag `CostCenter` to one of `1001`, `1002`",
        "Fix: set the tag `Team` to a value matching `[a-z][a-z-]*`",
        "Done now: notify, mark",
        "Deadline: stop on 2025-01-04T10:00:00Z",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    assert!(render_text(&messages[1]).contains("User bob created"));
}

#[test]
fn the_chat_body_cannot_mention_or_link() {
    let cost = rule("cost-center");
    let mut facts = instance(&[("CostCenter", "<!channel>"), ("Team", "a")]);
    facts.creator.owner = Some("x@example.com".into());
    let messages = plan_notifications(&[evaluate(&cost, &facts, T0)]);
    let body = render_chat(&messages[0]);
    let text = body["text"].as_str().unwrap();
    assert!(!text.contains("<!channel>"));
    assert!(text.contains("&lt;!channel&gt;"));
}

fn label_mismatch(owner: Option<&str>) -> crate::ecr::labels::PushMismatch {
    crate::ecr::labels::PushMismatch {
        repository_arn: "arn:aws:ecr:eu-west-1:111111111111:repository/team/app".into(),
        repository: "team/app".into(),
        digest: "sha256:abc".into(),
        image_tag: Some("v1".into()),
        owner: owner.map(str::to_owned),
        mismatches: vec![
            crate::ecr::labels::Mismatch::Differs {
                label: "team".into(),
                tag: "Team".into(),
                label_value: "<!channel> & search".into(),
                tag_value: "payments".into(),
            },
            crate::ecr::labels::Mismatch::LabelMissing {
                label: "tier".into(),
                tag: "Tier".into(),
                tag_value: "gold".into(),
            },
        ],
    }
}

#[test]
fn a_label_mismatch_goes_to_an_owner_with_an_address_and_always_to_the_team() {
    let messages = plan_label_notifications(&label_mismatch(Some("Alice@Example.com")));
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert_eq!(
        messages[0].recipient,
        Recipient::Owner {
            email: "alice@example.com".into()
        }
    );
    assert_eq!(
        messages[0].subject,
        "autotag: an image pushed to your repository team/app disagrees with its tags"
    );
    assert_eq!(messages[1].recipient, Recipient::SecurityTeam);
    assert_eq!(
        messages[1].subject,
        "autotag: image labels disagree with team/app"
    );
    assert!(messages[0].findings().is_empty());
    assert!(matches!(&messages[1].body, Body::ImageLabels(push) if push.digest == "sha256:abc"));
    assert_eq!(
        render_text(&messages[0]),
        "An image pushed to a repository you own does not agree with the repository's tags.\n\
         \n\
         Repository: arn:aws:ecr:eu-west-1:111111111111:repository/team/app\n\
         Image: v1 (sha256:abc)\n\
         Owner: Alice@Example.com\n\
         \n\
         - image label `team` is `<!channel> & search` but repository tag `Team` is `payments`\n\
         - repository tag `Tier` is `gold` but the image has no label `tier`\n\
         \n\
         Fix the image's labels or the repository's tags; autotag changes neither (docs/config.md, \"[ecr]\").\n"
    );
    assert!(render_text(&messages[1]).starts_with(
        "An image pushed to arn:aws:ecr:eu-west-1:111111111111:repository/team/app does not agree"
    ));
    // In chat, a label's value can neither mention nor link.
    let chat = render_chat(&messages[1]);
    let text = chat["text"].as_str().unwrap();
    assert!(
        text.starts_with("*autotag: image labels disagree with team/app*\n"),
        "{text}"
    );
    assert!(
        !text.contains("<!channel>") && !text.contains(" & "),
        "{text}"
    );
    assert!(text.contains("`&lt;!channel&gt; &amp; search`"), "{text}");

    // An owner stamp that is no address (an IAM user, a role session), or none: the team only.
    for owner in [Some("alice"), Some("role/session"), None] {
        let messages = plan_label_notifications(&label_mismatch(owner));
        assert_eq!(messages.len(), 1, "{owner:?}");
        assert_eq!(messages[0].recipient, Recipient::SecurityTeam);
        let text = render_text(&messages[0]);
        assert!(
            text.contains(&format!("Owner: {}", owner.unwrap_or("unknown"))),
            "{text}"
        );
    }
}

#[test]
fn enforcement_messages_serialize_their_findings_as_before() {
    let messages = plan_notifications(&[evaluate(&rule("cost-center"), &instance(&[]), T0)]);
    let value = serde_json::to_value(&messages[0]).unwrap();
    assert!(value["findings"].is_array(), "{value}");
    assert!(value["recipient"]["to"].is_string(), "{value}");
    let label = serde_json::to_value(&plan_label_notifications(&label_mismatch(None))[0]).unwrap();
    assert_eq!(label["image_labels"]["repository"], "team/app", "{label}");
}

#[test]
fn report_rows_per_rule_account_and_owner() {
    let policy = policy();
    let mut findings = assess(&policy.enforcement, &instance(&[]), T0).findings;
    findings.extend(assess(&policy.enforcement, &bucket(GOOD), T0).findings);
    let rows = report_rows(&findings);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0].rule, "buckets");
    let csv = render_report(&rows, OutputFormat::Csv);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "rule,account,region,owner,resource_type,resource,status,detail,actions,next_action,due,mark,dry_run"
    );
    assert!(csv.contains(
        "cost-center,111111111111,eu-west-1,alice@example.com,ec2:instance,arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc,non_compliant,`CostCenter` is missing; `Team` is missing,notify; mark,stop,2025-01-04T10:00:00Z,stop@2025-01-04T10:00:00Z,false"
    ), "{csv}");
    assert!(csv.contains(",out_of_scope,resource_type,"), "{csv}");
    let json = render_report(&rows, OutputFormat::Json);
    assert_eq!(json.lines().count(), 4);
}

#[test]
fn permissions_follow_the_rules() {
    assert!(required_permissions(&TagPolicy::default()).is_empty());
    let needed = required_permissions(&policy());
    for action in [
        "ec2:CreateTags",
        "ec2:DeleteTags",
        "ec2:DescribeInstances",
        "ec2:StopInstances",
        "ec2:TerminateInstances",
        "s3:PutBucketTagging",
    ] {
        assert!(needed.contains(action), "{action}: {needed:?}");
    }
    let no_stop = TagPolicy::from_toml(
        r#"[[enforce]]
name = "x"
resource_types = ["ec2:instance"]
required_tags = [{ key = "a" }]
steps = [{ action = "notify" }]"#,
    )
    .unwrap();
    assert_eq!(
        required_permissions(&no_stop)
            .into_iter()
            .collect::<Vec<_>>(),
        ["ec2:DescribeInstances"]
    );
}

#[test]
fn the_rendered_role_gains_only_what_the_rules_need() {
    use crate::render::documents::spoke_role_policy;
    let plain = spoke_role_policy(&TagPolicy::default());
    assert_eq!(plain["Statement"].as_array().unwrap().len(), 2);
    assert!(!plain.to_string().contains("Enforce"));
    let with_rules = spoke_role_policy(&policy());
    let statements = with_rules["Statement"].as_array().unwrap();
    // The registry's two statements come first, unchanged.
    assert_eq!(statements[..2], plain["Statement"].as_array().unwrap()[..]);
    let by_sid = |sid: &str| {
        statements
            .iter()
            .find(|s| s["Sid"] == sid)
            .unwrap_or_else(|| panic!("no {sid}: {with_rules:#}"))
            .clone()
    };
    let untag = by_sid("EnforcementRemovesOnlyItsMarks");
    assert_eq!(untag["Action"], serde_json::json!(["ec2:DeleteTags"]));
    assert_eq!(
        untag["Condition"],
        serde_json::json!({
            "ForAllValues:StringEquals": {"aws:TagKeys": ["autotag:enforce:cost-center", "autotag:enforce:buckets"]},
            "Null": {"aws:TagKeys": "false"}
        })
    );
    let stop = by_sid("EnforceStopMarkedByRule1");
    assert_eq!(stop["Action"], serde_json::json!(["ec2:StopInstances"]));
    assert_eq!(
        stop["Resource"],
        serde_json::json!(["arn:*:ec2:*:*:instance/*"])
    );
    assert_eq!(
        stop["Condition"],
        serde_json::json!({"StringLike": {"aws:ResourceTag/autotag:enforce:cost-center": "stop@*"}})
    );
    let terminate = by_sid("EnforceTerminateMarkedByRule1");
    assert_eq!(
        terminate["Condition"]["StringLike"]["aws:ResourceTag/autotag:enforce:cost-center"],
        "terminate@*"
    );
    // The buckets rule neither stops nor terminates; nothing else is added.
    assert_eq!(statements.len(), 5);
    // Every required permission is in the rendered role.
    let text = with_rules.to_string();
    for action in required_permissions(&policy()) {
        assert!(text.contains(&format!("\"{action}\"")), "{action}");
    }
    // The role still fits IAM's 10,240 characters for inline policies.
    assert!(text.len() < 10_240, "{}", text.len());
}
