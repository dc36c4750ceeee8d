//! Instances Auto Scaling launches: the plan asks for the launching group, and the group's
//! owner becomes the instance's owner.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a broken expectation should stop the test loudly"
)]

use std::path::Path;

use autotag_core::event::parse_document;
use autotag_core::inherit::{Context, Lookup, ParentRef, ParentStamp};
use autotag_core::plan::{Outcome, TagPlan, plan};
use autotag_core::policy::TagPolicy;
use time::macros::datetime;

fn tag_plan(text: &str, now: time::OffsetDateTime) -> TagPlan {
    let event = parse_document(text).unwrap().remove(0).unwrap();
    match plan(&event, &TagPolicy::default(), now).outcome {
        Outcome::Tag(plan) => plan,
        other => panic!("{other:?}"),
    }
}

fn owner(plan: &TagPlan) -> String {
    plan.tags
        .iter()
        .find(|(k, _)| k.as_str() == "owner")
        .unwrap()
        .1
        .to_string()
}

#[test]
fn an_old_record_names_no_group_so_the_instance_leads_to_it() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ec2/RunInstances-cloud-custodian-2.json");
    let plan = tag_plan(
        &std::fs::read_to_string(path).unwrap(),
        datetime!(2026-01-01 00:00 UTC),
    );
    assert_eq!(
        plan.lookups.parent,
        Some(ParentRef::AutoScalingInstance {
            instance_id: "i-784cdacd".into()
        })
    );
    assert_eq!(plan.lookups.session, None);
    assert_eq!(plan.lookups.principal, None);
}

fn launched_by_service_linked_role() -> String {
    serde_json::json!({
        "id": "launch-1", "source": "aws.ec2", "account": "123456789012", "detail-type": "AWS API Call via CloudTrail",
        "detail": {
            "eventVersion": "1.09", "eventType": "AwsApiCall", "eventTime": "2024-03-04T09:16:02Z",
            "eventSource": "ec2.amazonaws.com", "eventName": "RunInstances", "awsRegion": "us-west-2",
            "recipientAccountId": "123456789012", "sourceIPAddress": "autoscaling.amazonaws.com",
            "userAgent": "autoscaling.amazonaws.com",
            "userIdentity": {
                "type": "AssumedRole", "principalId": "AROAEXAMPLE:AutoScaling",
                "arn": "arn:aws:sts::123456789012:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling",
                "accountId": "123456789012", "accessKeyId": "ASIAEXAMPLEAUTOSCALE",
                "sessionContext": {"sessionIssuer": {"type": "Role",
                    "arn": "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
                    "userName": "AWSServiceRoleForAutoScaling"}},
                "invokedBy": "autoscaling.amazonaws.com"
            },
            "requestParameters": {"tagSpecificationSet": {"items": [{"resourceType": "instance",
                "tags": [{"key": "aws:autoscaling:groupName", "value": "my-asg"}]}]}},
            "responseElements": {"instancesSet": {"items": [{"instanceId": "i-0abc"}]}}
        }
    })
    .to_string()
}

#[test]
fn a_group_launch_takes_the_group_owner_and_waits_for_an_unstamped_group() {
    let now = datetime!(2024-03-04 09:17 UTC);
    let policy = TagPolicy::default();
    let mut plan = tag_plan(&launched_by_service_linked_role(), now);
    assert_eq!(
        plan.lookups.parent,
        Some(ParentRef::AutoScalingGroup {
            name: "my-asg".into()
        })
    );
    // The service's own session is not the human: no session wait, no role tags.
    assert_eq!(plan.lookups.session, None);
    assert_eq!(plan.lookups.principal, None);
    assert_eq!(owner(&plan), "AWSServiceRoleForAutoScaling/AutoScaling");

    let unstamped = Context {
        parent: Lookup::Found(ParentStamp {
            name: "Auto Scaling group `my-asg`".into(),
            owner: None,
        }),
        ..Context::empty()
    };
    let wait = plan.resolve(&policy, &unstamped, now).unwrap_err();
    assert!(wait.contains("my-asg"), "{wait}");

    let stamped = Context {
        parent: Lookup::Found(ParentStamp {
            name: "Auto Scaling group `my-asg`".into(),
            owner: Some("alice".into()),
        }),
        ..Context::empty()
    };
    plan.resolve(&policy, &stamped, now).unwrap();
    assert_eq!(owner(&plan), "alice");
    assert_eq!(plan.notes, ["owner from Auto Scaling group `my-asg`"]);

    // After the bound, an unstamped group no longer holds the instance back.
    let late = datetime!(2024-03-04 09:30 UTC);
    plan.resolve(&policy, &unstamped, late).unwrap();
    assert_eq!(owner(&plan), "AWSServiceRoleForAutoScaling/AutoScaling");
    assert!(
        plan.notes[0].contains("still not stamped"),
        "{:?}",
        plan.notes
    );
}

fn created_by_cloudformation(tag_specifications: serde_json::Value) -> String {
    serde_json::json!({
        "id": "cfn-1", "source": "aws.ec2", "account": "012345678910", "detail-type": "AWS API Call via CloudTrail",
        "detail": {
            "eventVersion": "1.09", "eventType": "AwsApiCall", "eventTime": "2024-03-04T10:02:40Z",
            "eventSource": "ec2.amazonaws.com", "eventName": "CreateVolume", "awsRegion": "us-west-2",
            "recipientAccountId": "012345678910", "sourceIPAddress": "cloudformation.amazonaws.com",
            "userAgent": "cloudformation.amazonaws.com",
            "userIdentity": {
                "type": "AssumedRole", "principalId": "AROAEXAMPLE:AWSCloudFormation",
                "arn": "arn:aws:sts::012345678910:assumed-role/StackServiceRole/AWSCloudFormation",
                "accountId": "012345678910", "accessKeyId": "ASIAEXAMPLECFN",
                "sessionContext": {"sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::012345678910:role/StackServiceRole", "userName": "StackServiceRole"}},
                "invokedBy": "cloudformation.amazonaws.com"
            },
            "requestParameters": {"size": 8, "zone": "us-west-2a", "tagSpecificationSet": tag_specifications},
            "responseElements": {"volumeId": "vol-0cfn"}
        }
    })
    .to_string()
}

#[test]
fn a_stack_resource_leads_to_its_stack_by_tag_specification_or_by_its_own_tags() {
    let now = datetime!(2024-03-04 10:03 UTC);
    let stack = "arn:aws:cloudformation:us-west-2:012345678910:stack/my-test-stack/a38e6a60-b397-11e3-b0fc-08002755629e";
    let named = tag_plan(
        &created_by_cloudformation(serde_json::json!({"items": [{"resourceType": "volume",
            "tags": [{"key": "aws:cloudformation:stack-id", "value": stack}]}]})),
        now,
    );
    assert_eq!(
        named.lookups.parent,
        Some(ParentRef::Stack {
            stack_id: stack.into()
        })
    );
    // The service role's session says nothing about the human; the stack's creator does.
    assert_eq!(named.lookups.session, None);
    assert_eq!(named.lookups.principal, None);

    let unnamed = tag_plan(
        &created_by_cloudformation(serde_json::json!({"items": []})),
        now,
    );
    assert_eq!(
        unnamed.lookups.parent,
        Some(ParentRef::StackOfResource {
            arn: "arn:aws:ec2:us-west-2:012345678910:volume/vol-0cfn".into()
        })
    );
}
