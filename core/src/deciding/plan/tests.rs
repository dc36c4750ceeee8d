//! Tests of `core/src/deciding/plan.rs`.

use super::*;
use crate::event::parse_document;
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2024-01-01 00:00 UTC);

/// `detail` as EventBridge delivers it from the account the record names.
fn decide_on(detail: serde_json::Value, policy: &TagPolicy) -> Decision {
    let account = detail["recipientAccountId"].clone();
    let doc = serde_json::json!({"id": "ev-1", "source": "aws.ec2", "account": account, "detail-type": "AWS API Call via CloudTrail", "detail": detail});
    let events = parse_document(&doc.to_string()).unwrap();
    plan(events[0].as_ref().unwrap(), policy, NOW)
}

fn volume_record() -> serde_json::Value {
    serde_json::json!({
        "eventVersion": "1.08", "eventTime": "2023-07-10T12:05:23Z", "eventType": "AwsApiCall",
        "eventSource": "ec2.amazonaws.com", "eventName": "CreateVolume", "awsRegion": "eu-west-1",
        "recipientAccountId": "222222222222", "sourceIPAddress": "10.0.0.1", "userAgent": "aws-cli/2 (x)",
        "userIdentity": {"type": "IAMUser", "userName": "alice", "arn": "arn:aws:iam::222222222222:user/alice", "accountId": "222222222222"},
        "responseElements": {"volumeId": "vol-1"}
    })
}

fn restore_plan(overwrite: bool) -> TagPlan {
    let mut tags = TagSet::new();
    tags.insert_if_absent(TagKey::trusted("owner"), TagValue::sanitize("alice"));
    tags.insert_if_absent(TagKey::trusted("dateCreated"), TagValue::sanitize("2024"));
    let known = KnownResource {
        account: AccountId::parse("222222222222").unwrap(),
        region: Region::parse("eu-west-1").unwrap(),
        route: Route::Ec2,
        resource: CreatedResource {
            arn: Arn::parse("arn:aws:ec2:eu-west-1:222222222222:volume/vol-1").unwrap(),
            resource_type: "ec2:volume",
        },
    };
    TagPlan::for_resource(known, tags, TagKey::trusted("owner"), NOW, overwrite)
}

#[test]
fn a_restoring_plan_writes_present_keys_and_an_event_plan_does_not() {
    let keys = |set: TagSet| set.iter().map(|(k, _)| k.to_string()).collect::<Vec<_>>();
    let present = ["owner", "team"];
    assert_eq!(
        keys(restore_plan(true).missing_from(present).unwrap()),
        ["owner", "dateCreated"]
    );
    assert_eq!(
        keys(restore_plan(false).missing_from(present).unwrap()),
        ["dateCreated"]
    );
    // Overwriting a present key takes no room; only the lacking key must fit.
    let full: Vec<String> = (0..49)
        .map(|i| format!("k{i}"))
        .chain(["owner".into()])
        .collect();
    let restored = restore_plan(true)
        .missing_from(full.iter().map(String::as_str))
        .unwrap_err();
    assert_eq!(restored.existing, 50);
    let mut lacking_one: Vec<String> = full.clone();
    lacking_one.remove(0);
    assert_eq!(
        keys(
            restore_plan(true)
                .missing_from(lacking_one.iter().map(String::as_str))
                .unwrap()
        ),
        ["owner", "dateCreated"]
    );
}

/// An IAM `UntagRole` of the stamp's owner key, by `identity`.
fn untag_role_record(identity: serde_json::Value) -> serde_json::Value {
    let mut record = volume_record();
    record["eventSource"] = "iam.amazonaws.com".into();
    record["eventName"] = "UntagRole".into();
    record["userIdentity"] = identity;
    record["requestParameters"] = serde_json::json!({"roleName": "app", "tagKeys": ["owner"]});
    record["responseElements"] = serde_json::Value::Null;
    record
}

fn role_session(role: &str) -> serde_json::Value {
    serde_json::json!({
        "type": "AssumedRole",
        "arn": format!("arn:aws:sts::222222222222:assumed-role/{role}/hub"),
        "accountId": "222222222222",
        "sessionContext": {"sessionIssuer": {"type": "Role", "arn": format!("arn:aws:iam::222222222222:role/{role}"), "userName": role}}
    })
}

#[test]
fn a_tag_removal_is_a_tag_change_in_the_vouched_account() {
    let decision = decide_on(
        untag_role_record(role_session("admin")),
        &TagPolicy::default(),
    );
    let Outcome::TagChange(changed) = &decision.outcome else {
        panic!("{:?}", decision.outcome)
    };
    assert_eq!(changed.account.as_str(), "222222222222");
    assert_eq!(changed.region.as_str(), "us-east-1", "iam is global");
    assert_eq!(
        changed
            .resources
            .iter()
            .map(Arn::as_str)
            .collect::<Vec<_>>(),
        ["arn:aws:iam::222222222222:role/app"]
    );
    assert_eq!(
        changed.change,
        tag_change::Change::Removed {
            keys: vec!["owner".into()]
        }
    );
    assert!(changed.case_insensitive_keys);
    assert_eq!(
        changed.actor.as_deref(),
        Some("arn:aws:sts::222222222222:assumed-role/admin/hub")
    );
    assert_eq!(changed.event_time, "2023-07-10T12:05:23Z");
    let line = serde_json::to_value(decision.line()).unwrap();
    assert_eq!(line["outcome"], "tag_change");
    assert_eq!(line["resources"][0], "arn:aws:iam::222222222222:role/app");
    assert_eq!(
        line["change"],
        serde_json::json!({"kind": "removed", "keys": ["owner"]})
    );
}

#[test]
fn autotag_s_own_tag_writes_are_skipped() {
    let decision = decide_on(
        untag_role_record(role_session("autotag")),
        &TagPolicy::default(),
    );
    let Outcome::Skip(SkipReason::OwnTagging { role_arn }) = &decision.outcome else {
        panic!("{:?}", decision.outcome)
    };
    assert_eq!(role_arn, "arn:aws:iam::222222222222:role/autotag");
    // A role of the same name in another account is not autotag's role here.
    let mut foreign = role_session("autotag");
    foreign["sessionContext"]["sessionIssuer"]["arn"] =
        "arn:aws:iam::333333333333:role/autotag".into();
    let decision = decide_on(untag_role_record(foreign), &TagPolicy::default());
    assert!(matches!(decision.outcome, Outcome::TagChange(_)));
}

#[test]
fn a_failed_tag_change_is_skipped_and_another_account_s_arn_refused() {
    let mut failed = untag_role_record(role_session("admin"));
    failed["errorCode"] = "AccessDenied".into();
    let decision = decide_on(failed, &TagPolicy::default());
    assert!(matches!(
        decision.outcome,
        Outcome::Skip(SkipReason::FailedCall { .. })
    ));
    let mut forged = untag_role_record(role_session("admin"));
    forged["eventName"] = "UntagPolicy".into();
    forged["requestParameters"] = serde_json::json!({
        "policyArn": "arn:aws:iam::999999999999:policy/p", "tagKeys": ["owner"]
    });
    let decision = decide_on(forged, &TagPolicy::default());
    let Outcome::Reject(reason) = &decision.outcome else {
        panic!("{:?}", decision.outcome)
    };
    assert!(reason.contains("999999999999"), "{reason}");
}

#[test]
fn global_services_are_tagged_in_their_control_plane_region() {
    let mut record = volume_record();
    record["eventSource"] = "iam.amazonaws.com".into();
    record["eventName"] = "CreateRole".into();
    record["awsRegion"] = "eu-west-1".into();
    record["responseElements"] =
        serde_json::json!({"role": {"arn": "arn:aws:iam::222222222222:role/app"}});
    let Outcome::Tag(plan) = decide_on(record, &TagPolicy::default()).outcome else {
        panic!("not tagged")
    };
    assert_eq!(plan.region.as_str(), "us-east-1");
    let Outcome::Tag(plan) = decide_on(volume_record(), &TagPolicy::default()).outcome else {
        panic!("not tagged")
    };
    assert_eq!(
        plan.region.as_str(),
        "eu-west-1",
        "regional services stay put"
    );
}

#[test]
fn tags_a_created_volume_with_event_time() {
    let decision = decide_on(volume_record(), &TagPolicy::default());
    let Outcome::Tag(plan) = &decision.outcome else {
        panic!("{:?}", decision.outcome)
    };
    assert_eq!(plan.account.as_str(), "222222222222");
    assert_eq!(
        plan.arns().map(Arn::as_str).collect::<Vec<_>>(),
        ["arn:aws:ec2:eu-west-1:222222222222:volume/vol-1"]
    );
    let line = serde_json::to_value(decision.line()).unwrap();
    assert_eq!(
        line["tags"],
        serde_json::json!({"owner": "alice", "dateCreated": "2023-07-10T12:05:23Z", "createdBy": "arn:aws:iam::222222222222:user/alice"})
    );
    assert_eq!(line["outcome"], "tag");
    assert_eq!(line["principal"]["type"], "IAMUser");
}

#[test]
fn optional_template_and_static_tags_follow_stamps() {
    let policy = TagPolicy::from_toml(
        "[tags]\nuser_agent = \"userAgent\"\nprincipal_type = \"principalType\"\n\
         [static_tags]\nWhatIsThis = \"https://wiki/autotag\"\n\
         [template_tags]\nevent = \"{eventSource}:{eventName}\"\nmissing = \"{requestParameters.nope}\"",
    )
    .unwrap();
    let Outcome::Tag(plan) = decide_on(volume_record(), &policy).outcome else {
        panic!()
    };
    let keys: Vec<_> = plan.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
    assert_eq!(
        keys,
        [
            "owner=alice",
            "dateCreated=2023-07-10T12:05:23Z",
            "createdBy=arn:aws:iam::222222222222:user/alice",
            "userAgent=aws-cli/2 _x_",
            "principalType=IAMUser",
            "event=ec2.amazonaws.com:CreateVolume",
            "WhatIsThis=https://wiki/autotag",
        ]
    );
}

#[test]
fn skips_and_rejects_with_reasons() {
    let mut failed = volume_record();
    failed["errorCode"] = "Client.VolumeLimitExceeded".into();
    assert!(matches!(
        decide_on(failed, &TagPolicy::default()).outcome,
        Outcome::Skip(SkipReason::FailedCall { .. })
    ));

    let mut unsupported = volume_record();
    unsupported["eventName"] = "DescribeVolumes".into();
    assert!(matches!(
        decide_on(unsupported, &TagPolicy::default()).outcome,
        Outcome::Skip(SkipReason::Unsupported { .. })
    ));

    let scoped = TagPolicy::from_toml("[scope]\naccounts = [\"333333333333\"]").unwrap();
    assert!(matches!(
        decide_on(volume_record(), &scoped).outcome,
        Outcome::Skip(SkipReason::OutOfScope { .. })
    ));

    let mut future = volume_record();
    future["eventTime"] = "2030-01-01T00:00:00Z".into();
    let Outcome::Reject(reason) = decide_on(future, &TagPolicy::default()).outcome else {
        panic!()
    };
    assert!(reason.contains("future"), "{reason}");

    let mut empty = volume_record();
    empty["responseElements"] = serde_json::Value::Null;
    let Outcome::Reject(reason) = decide_on(empty, &TagPolicy::default()).outcome else {
        panic!()
    };
    assert!(reason.contains("names no created resource"), "{reason}");

    let mut service_event = volume_record();
    service_event["eventType"] = "AwsServiceEvent".into();
    assert!(matches!(
        decide_on(service_event, &TagPolicy::default()).outcome,
        Outcome::Skip(SkipReason::NotApiCall { .. })
    ));
}

#[test]
fn only_the_genuine_combination_of_source_and_accounts_is_tagged() {
    const HOME: &str = "222222222222";
    const OTHER: &str = "333333333333";
    let mut tagged = Vec::new();
    for source in ["aws.ec2", "custom.ec2", "aws"] {
        for envelope in [HOME, OTHER] {
            for recipient in [HOME, OTHER] {
                for caller in [HOME, OTHER] {
                    let mut record = volume_record();
                    record["recipientAccountId"] = recipient.into();
                    record["userIdentity"]["accountId"] = caller.into();
                    record["userIdentity"]["arn"] =
                        format!("arn:aws:iam::{caller}:user/alice").into();
                    let doc = serde_json::json!({"id": "x", "source": source, "account": envelope,
                        "detail-type": "AWS API Call via CloudTrail", "detail": record});
                    let events = parse_document(&doc.to_string()).unwrap();
                    let decision = plan(events[0].as_ref().unwrap(), &TagPolicy::default(), NOW);
                    match decision.outcome {
                        Outcome::Tag(plan) => {
                            assert_eq!(plan.account.as_str(), envelope);
                            assert!(plan.arns().all(|arn| arn.as_str().contains(envelope)));
                            tagged.push((source, envelope, recipient, caller));
                        }
                        Outcome::Reject(reason) => assert!(
                            reason.contains("not an AWS source") || reason.contains("vouches for"),
                            "{reason}"
                        ),
                        other => panic!("{other:?}"),
                    }
                }
            }
        }
    }
    // A caller from another account may act in an account (a cross-account role, a
    // resource policy); the account acted in is still the one EventBridge vouches for.
    assert_eq!(
        tagged,
        [
            ("aws.ec2", HOME, HOME, HOME),
            ("aws.ec2", HOME, HOME, OTHER),
            ("aws.ec2", OTHER, OTHER, HOME),
            ("aws.ec2", OTHER, OTHER, OTHER),
        ]
    );
}

#[test]
fn a_caller_from_another_account_is_never_looked_up_on_the_records_word() {
    let mut record = volume_record();
    record["userIdentity"] = serde_json::json!({
        "type": "AssumedRole", "accountId": "333333333333", "accessKeyId": "ASIAFORGED",
        "arn": "arn:aws:sts::333333333333:assumed-role/dev/alice",
        "sessionContext": {"sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::333333333333:role/dev"}}
    });
    let Outcome::Tag(plan) = decide_on(record.clone(), &TagPolicy::default()).outcome else {
        panic!()
    };
    assert_eq!(plan.lookups.session, None);
    assert_eq!(plan.lookups.principal, None);
    record["userIdentity"]["accountId"] = "222222222222".into();
    record["userIdentity"]["sessionContext"]["sessionIssuer"]["arn"] =
        "arn:aws:iam::222222222222:role/dev".into();
    let Outcome::Tag(plan) = decide_on(record, &TagPolicy::default()).outcome else {
        panic!()
    };
    assert_eq!(plan.lookups.session.as_deref(), Some("ASIAFORGED"));
    assert_eq!(
        plan.lookups.principal.map(|p| p.account().to_string()),
        Some("222222222222".to_owned())
    );
}

#[test]
fn event_time_is_bounded_on_both_sides() {
    for (time, fits) in [
        ("2013-11-12T23:59:59Z", false),
        ("1970-01-01T00:00:00Z", false),
        // Year -1 in UTC, and past year 9999 in UTC: refused before they are formatted.
        ("0000-01-01T00:30:00+01:00", false),
        ("9999-12-31T23:30:00-01:00", false),
        ("2013-11-13T00:00:00Z", true),
        ("2024-01-01T00:14:59Z", true),
        ("2024-01-01T00:15:01Z", false),
    ] {
        let mut record = volume_record();
        record["eventTime"] = time.into();
        let outcome = decide_on(record, &TagPolicy::default()).outcome;
        assert_eq!(
            matches!(outcome, Outcome::Tag(_)),
            fits,
            "{time}: {outcome:?}"
        );
    }
}

#[test]
fn an_sts_session_is_recorded_only_for_a_vouched_account_in_scope() {
    let record = serde_json::json!({
        "eventVersion": "1.08", "eventTime": "2023-07-10T12:05:23Z", "eventType": "AwsApiCall",
        "eventSource": "sts.amazonaws.com", "eventName": "AssumeRole", "awsRegion": "eu-west-1",
        "recipientAccountId": "222222222222",
        "userIdentity": {"type": "IAMUser", "userName": "alice", "arn": "arn:aws:iam::222222222222:user/alice", "accountId": "222222222222"},
        "requestParameters": {"roleArn": "arn:aws:iam::222222222222:role/dev", "roleSessionName": "alice"},
        "responseElements": {"credentials": {"accessKeyId": "ASIASESSION", "expiration": "Jul 10, 2023, 1:05:23 PM"}}
    });
    let Outcome::Session(session) = decide_on(record.clone(), &TagPolicy::default()).outcome else {
        panic!()
    };
    assert_eq!(session.account, "222222222222");
    assert_eq!(session.caller_account.as_deref(), Some("222222222222"));
    let scoped = TagPolicy::from_toml("[scope]\naccounts = [\"333333333333\"]").unwrap();
    assert!(matches!(
        decide_on(record.clone(), &scoped).outcome,
        Outcome::Skip(SkipReason::OutOfScope { .. })
    ));
    let forged = serde_json::json!({"id": "x", "source": "aws.sts", "account": "333333333333",
        "detail-type": "AWS API Call via CloudTrail", "detail": record});
    let events = parse_document(&forged.to_string()).unwrap();
    assert!(matches!(
        plan(events[0].as_ref().unwrap(), &TagPolicy::default(), NOW).outcome,
        Outcome::Reject(_)
    ));
}

/// The fixture's event planned under `policy` at a time after its `eventTime`.
fn plan_fixture(path: &str, policy: &TagPolicy) -> TagPlan {
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap();
    let events = parse_document(&text).unwrap();
    match plan(
        events[0].as_ref().unwrap(),
        policy,
        datetime!(2025-01-01 00:00 UTC),
    )
    .outcome
    {
        Outcome::Tag(plan) => plan,
        other => panic!("{path}: {other:?}"),
    }
}

const ECR_SET: &str = r#"
    [static_tags]
    WhatIsThis = "https://wiki/autotag"
    [[tag_set]]
    resource_types = ["ecr:repository"]
    tags = { Confidentiality = "", Compliance = "", AutoTag_ManagedBy = "autotag" }
"#;

#[test]
fn a_created_repository_gets_its_tag_set_after_the_static_tags() {
    let policy = TagPolicy::from_toml(ECR_SET).unwrap();
    let plan = plan_fixture(
        "tests/fixtures/ecr/CreateRepository-constructed-1.json",
        &policy,
    );
    let keys: Vec<_> = plan.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
    assert_eq!(
        keys[3..],
        [
            "WhatIsThis=https://wiki/autotag",
            "AutoTag_ManagedBy=autotag",
            "Compliance=",
            "Confidentiality=",
        ]
    );
    assert!(plan.type_tags.is_empty());
    // Written once, like static tags: a key the repository carries is not written again.
    let missing = plan
        .missing_for("ecr:repository", ["Compliance", "owner"])
        .unwrap();
    assert!(missing.get(&TagKey::trusted("Compliance")).is_none());
    assert!(missing.get(&TagKey::trusted("Confidentiality")).is_some());
    assert!(missing.get(&TagKey::trusted("owner")).is_none());
    // Another type's set is not planned.
    let volume = decide_on(volume_record(), &policy);
    let Outcome::Tag(volume) = volume.outcome else {
        panic!()
    };
    assert!(volume.tags.get(&TagKey::trusted("Compliance")).is_none());
}

#[test]
fn a_mixed_plan_keeps_a_types_set_to_that_type() {
    let policy = TagPolicy::from_toml(
        "[[tag_set]]\nresource_types = [\"ec2:instance\"]\ntags = { Patch = \"weekly\" }",
    )
    .unwrap();
    let plan = plan_fixture(
        "tests/fixtures/ec2/RunInstances-awsdocs-aws-kms-developer-guide-1.json",
        &policy,
    );
    let patch = TagKey::trusted("Patch");
    assert!(plan.tags.get(&patch).is_none(), "{:?}", plan.tags);
    assert_eq!(
        plan.type_tags.keys().copied().collect::<Vec<_>>(),
        ["ec2:instance"]
    );
    assert_eq!(
        plan.tags_for("ec2:instance").get(&patch).unwrap().as_str(),
        "weekly"
    );
    assert!(plan.tags_for("ec2:volume").get(&patch).is_none());
    let missing = plan.missing_for("ec2:instance", ["owner"]).unwrap();
    assert!(missing.get(&patch).is_some());
    assert!(plan.missing_from(["owner"]).unwrap().get(&patch).is_none());
    let line = serde_json::to_value(
        Decision {
            id: "x".into(),
            principal: None,
            outcome: Outcome::Tag(plan),
        }
        .line(),
    )
    .unwrap();
    assert_eq!(line["type_tags"]["ec2:instance"]["Patch"], "weekly");
}

#[test]
fn tag_set_tags_give_way_to_inherited_keys_and_to_the_limit() {
    let many: Vec<String> = (0..47).map(|n| format!("k{n} = \"\"")).collect();
    let policy = TagPolicy::from_toml(&format!(
        "[[tag_set]]\nresource_types = [\"ec2:volume\"]\ntags = {{ {} }}",
        many.join(", ")
    ))
    .unwrap();
    let Outcome::Tag(mut plan) = decide_on(volume_record(), &policy).outcome else {
        panic!()
    };
    assert_eq!(plan.tags.len(), 50);
    assert!(plan.notes.is_empty());
    let session = IssuedSession {
        access_key_id: "ASIAEXAMPLE".into(),
        issued_by: crate::session::IssuingCall::AssumeRole,
        role_arn: None,
        session_arn: None,
        session_name: None,
        source_identity: None,
        tags: [("k0", "from-session"), ("extra", "x")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        transitive_keys: std::collections::BTreeSet::new(),
        issued_to: None,
        caller_access_key_id: None,
        caller_account: None,
        account: "222222222222".into(),
        issued_at: "2023-07-10T12:00:00Z".into(),
        expires_at: 0,
    };
    let context = crate::inherit::Context {
        session: crate::inherit::Lookup::Found(session),
        principal_tags: crate::inherit::Lookup::NotNeeded,
        parent: crate::inherit::Lookup::NotNeeded,
    };
    plan.resolve(&policy, &context, NOW).unwrap();
    // The session's `k0` wins, its `extra` takes a place, so one tag-set tag is left out.
    assert_eq!(
        plan.tags.get(&TagKey::trusted("k0")).unwrap().as_str(),
        "from-session"
    );
    assert_eq!(plan.tags.len(), 50);
    // Keys in byte order: `k9` is the last.
    assert!(plan.tags.get(&TagKey::trusted("k9")).is_none());
    assert!(plan.tags.get(&TagKey::trusted("k46")).is_some());
    assert!(
        plan.notes
            .iter()
            .any(|n| n.contains("1 tag-set tags left out")),
        "{:?}",
        plan.notes
    );
}
