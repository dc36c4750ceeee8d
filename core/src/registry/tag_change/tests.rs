//! Tests of `core/src/registry/tag_change.rs`.

use super::*;
use crate::registry::{Route, rows};
use crate::services::ec2::EC2_IDS;
use serde_json::json;
use std::collections::BTreeSet;

fn context_of<'a>(region: &'a Region, account: &'a AccountId) -> ArnContext<'a> {
    ArnContext {
        partition: "aws",
        region,
        account,
    }
}

fn read(source: &str, name: &str, request: Value) -> Result<(Vec<Arn>, Change), TagChangeError> {
    let region = Region::parse("us-east-1").unwrap();
    let account = AccountId::parse("111122223333").unwrap();
    let record = Record::new(json!({
        "eventSource": source, "eventName": name, "requestParameters": request
    }));
    lookup(source, name)
        .unwrap()
        .read(&record, context_of(&region, &account))
}

fn arns(found: &[Arn]) -> Vec<&str> {
    found.iter().map(Arn::as_str).collect()
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn rows_are_unique_and_sorted() {
    let keys: Vec<_> = table()
        .iter()
        .map(|r| (r.event_source, r.event_name))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(keys, sorted);
}

#[test]
fn every_route_the_registry_tags_by_has_its_remove_and_set_events() {
    let removes = |row: &&TagChangeRow| {
        matches!(
            row.kind,
            ChangeKind::Remove | ChangeKind::RemoveOrAll | ChangeKind::RemoveAll
        )
    };
    let sets = |row: &&TagChangeRow| matches!(row.kind, ChangeKind::Set | ChangeKind::Replace);
    let routes: BTreeSet<(&str, &str)> = rows()
        .iter()
        .filter(|r| !matches!(r.route, Route::Untaggable | Route::Ledger))
        .map(|r| (r.route.as_str(), r.event_source))
        .collect();
    for (route, source) in routes {
        // The tagging API route is reached by the service's own calls and the API's.
        let sources: &[&str] = if route == Route::TaggingApi.as_str() {
            &[source, "tagging.amazonaws.com"]
        } else {
            &[source]
        };
        let rows: Vec<&TagChangeRow> = table()
            .iter()
            .filter(|r| sources.contains(&r.event_source))
            .collect();
        if not_covered().iter().any(|(s, _)| *s == source) {
            assert!(!rows.iter().any(|r| r.event_source == source), "{source}");
            continue;
        }
        assert!(
            rows.iter().any(|r| r.event_source == source && removes(r)),
            "{route} {source}: no remove event"
        );
        assert!(
            rows.iter().any(|r| r.event_source == source && sets(r)),
            "{route} {source}: no set or replace event"
        );
    }
}

#[test]
fn every_row_source_is_a_registry_source_or_the_tagging_api() {
    for row in table() {
        assert!(
            row.event_source == "tagging.amazonaws.com"
                || rows().iter().any(|r| r.event_source == row.event_source
                    && !matches!(r.route, Route::Untaggable | Route::Ledger)),
            "{} {}",
            row.event_source,
            row.event_name
        );
    }
}

#[test]
fn no_row_is_an_event_the_registry_stamps_on() {
    // The plan decides such an event as a creation, so its row would never be read.
    for row in table() {
        let registry_row = crate::registry::lookup(row.event_source, row.event_name);
        assert!(
            registry_row.is_none_or(|r| r.route == Route::Untaggable),
            "{} {}",
            row.event_source,
            row.event_name
        );
    }
}

#[test]
fn every_ec2_prefix_names_its_resource_as_the_registry_does() {
    for (prefix, template) in EC2_IDS {
        let stamped = rows()
            .iter()
            .flat_map(|r| r.resources.iter())
            .flat_map(|s| s.locators.iter())
            .any(|l| l.arn == *template);
        assert!(stamped, "{prefix} {template}");
    }
}

#[test]
fn ec2_delete_tags_without_keys_removes_all_and_with_keys_removes_those() {
    let (found, change) = read(
        "ec2.amazonaws.com",
        "DeleteTags",
        json!({"resourcesSet": {"items": [{"resourceId": "i-0abc"}, {"resourceId": "vol-1"}]}}),
    )
    .unwrap();
    assert_eq!(
        arns(&found),
        [
            "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-1"
        ]
    );
    assert_eq!(change, Change::RemovedAll);
    let (_, change) = read(
        "ec2.amazonaws.com",
        "DeleteTags",
        json!({"resourcesSet": {"items": {"resourceId": "sg-1"}}, "tagSet": {"items": {"key": "owner"}}}),
    )
    .unwrap();
    assert_eq!(
        change,
        Change::Removed {
            keys: vec!["owner".into()]
        }
    );
}

#[test]
fn ec2_ids_of_unknown_or_odd_shape_name_nothing() {
    let err = read(
        "ec2.amazonaws.com",
        "CreateTags",
        json!({"resourcesSet": {"items": [{"resourceId": "zzz-1"}, {"resourceId": "i-1/../x"}]},
               "tagSet": {"items": [{"key": "a", "value": "b"}]}}),
    )
    .unwrap_err();
    assert_eq!(
        err,
        TagChangeError::NoResource {
            event_name: "CreateTags"
        }
    );
}

#[test]
fn tags_are_read_as_maps_and_lists_in_either_casing() {
    let (found, change) = read(
        "lambda.amazonaws.com",
        "TagResource20170331v2",
        json!({"resource": "arn:aws:lambda:us-east-1:111122223333:function:f", "tags": {"owner": "x"}}),
    )
    .unwrap();
    assert_eq!(
        arns(&found),
        ["arn:aws:lambda:us-east-1:111122223333:function:f"]
    );
    assert_eq!(
        change,
        Change::Set {
            tags: map(&[("owner", "x")])
        }
    );
    let (_, change) = read(
        "wafv2.amazonaws.com",
        "TagResource",
        json!({"resourceARN": "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/a/1",
               "tags": [{"Key": "owner", "Value": "y"}]}),
    )
    .unwrap();
    assert_eq!(
        change,
        Change::Set {
            tags: map(&[("owner", "y")])
        }
    );
}

#[test]
fn names_fill_the_registry_templates() {
    let (found, change) = read(
        "sqs.amazonaws.com",
        "UntagQueue",
        json!({"queueUrl": "https://sqs.us-east-1.amazonaws.com/111122223333/q1", "tagKeys": ["owner"]}),
    )
    .unwrap();
    assert_eq!(arns(&found), ["arn:aws:sqs:us-east-1:111122223333:q1"]);
    assert_eq!(
        change,
        Change::Removed {
            keys: vec!["owner".into()]
        }
    );
    let (found, _) = read(
        "autoscaling.amazonaws.com",
        "DeleteTags",
        json!({"tags": [{"resourceId": "asg", "resourceType": "auto-scaling-group", "key": "owner"}]}),
    )
    .unwrap();
    assert_eq!(
        arns(&found),
        ["arn:aws:autoscaling:us-east-1:111122223333:autoScalingGroup:*:autoScalingGroupName/asg"]
    );
    let (found, _) = read(
        "organizations.amazonaws.com",
        "UntagResource",
        json!({"resourceId": "444455556666", "tagKeys": ["owner"]}),
    )
    .unwrap();
    assert_eq!(
        arns(&found),
        ["arn:aws:organizations::111122223333:account/444455556666"]
    );
}

#[test]
fn an_arn_in_another_account_is_refused() {
    let err = read(
        "tagging.amazonaws.com",
        "UntagResources",
        json!({"resourceARNList": ["arn:aws:sns:us-east-1:999999999999:t"], "tagKeys": ["owner"]}),
    )
    .unwrap_err();
    assert!(matches!(
        err,
        TagChangeError::Resource(ExtractError::OtherAccount { .. })
    ));
}

#[test]
fn a_name_holding_template_syntax_is_refused() {
    let err = read(
        "iam.amazonaws.com",
        "UntagRole",
        json!({"roleName": "{account}", "tagKeys": ["owner"]}),
    )
    .unwrap_err();
    assert!(matches!(
        err,
        TagChangeError::Resource(ExtractError::TemplateSyntax { .. })
    ));
}

#[test]
fn drift_of_a_removed_stamp_key() {
    let stamp = map(&[("owner", "alice"), ("dateCreated", "2024-01-01T00:00:00Z")]);
    let change = Change::Removed {
        keys: vec!["owner".into(), "team".into()],
    };
    assert_eq!(
        stamp_drift(&stamp, &change, false),
        [DriftedKey {
            key: "owner".into(),
            recorded: "alice".into(),
            now: None
        }]
    );
    assert_eq!(stamp_drift(&stamp, &Change::RemovedAll, false).len(), 2);
}

#[test]
fn drift_of_an_overwritten_value_but_not_of_the_same_value() {
    let stamp = map(&[("owner", "alice")]);
    let overwritten = Change::Set {
        tags: map(&[("owner", "mallory")]),
    };
    assert_eq!(
        stamp_drift(&stamp, &overwritten, false),
        [DriftedKey {
            key: "owner".into(),
            recorded: "alice".into(),
            now: Some("mallory".into())
        }]
    );
    let same = Change::Set {
        tags: map(&[("owner", "alice")]),
    };
    assert!(stamp_drift(&stamp, &same, false).is_empty());
}

#[test]
fn unrelated_keys_do_not_drift() {
    let stamp = map(&[("owner", "alice")]);
    assert!(
        stamp_drift(
            &stamp,
            &Change::Removed {
                keys: vec!["team".into()]
            },
            false
        )
        .is_empty()
    );
    assert!(
        stamp_drift(
            &stamp,
            &Change::Set {
                tags: map(&[("team", "x")])
            },
            false
        )
        .is_empty()
    );
}

#[test]
fn a_replaced_set_drops_the_keys_it_lacks() {
    let stamp = map(&[("owner", "alice"), ("createdBy", "arn")]);
    let change = Change::Replaced {
        tags: map(&[("owner", "alice"), ("team", "x")]),
    };
    assert_eq!(
        stamp_drift(&stamp, &change, false),
        [DriftedKey {
            key: "createdBy".into(),
            recorded: "arn".into(),
            now: None
        }]
    );
}

#[test]
fn keys_match_ignoring_case_only_where_the_service_does() {
    let stamp = map(&[("owner", "alice")]);
    let change = Change::Removed {
        keys: vec!["OWNER".into()],
    };
    assert!(stamp_drift(&stamp, &change, false).is_empty());
    assert_eq!(stamp_drift(&stamp, &change, true).len(), 1);
    let set = Change::Set {
        tags: map(&[("Owner", "bob")]),
    };
    assert_eq!(
        stamp_drift(&stamp, &set, true),
        [DriftedKey {
            key: "owner".into(),
            recorded: "alice".into(),
            now: Some("bob".into())
        }]
    );
    assert!(
        lookup("iam.amazonaws.com", "UntagRole")
            .unwrap()
            .case_insensitive
    );
    assert!(
        !lookup("ec2.amazonaws.com", "DeleteTags")
            .unwrap()
            .case_insensitive
    );
    assert!(
        !lookup("s3.amazonaws.com", "PutBucketTagging")
            .unwrap()
            .case_insensitive
    );
}

#[test]
fn a_versioned_tag_call_matches_its_row_whatever_the_version() {
    let row = |name| lookup("lambda.amazonaws.com", name).map(|r| r.event_name);
    assert_eq!(row("TagResource20170331v2"), Some("TagResource20170331v2"));
    assert_eq!(row("TagResource20170331"), Some("TagResource20170331v2"));
    assert_eq!(
        row("UntagResource20260101"),
        Some("UntagResource20170331v2")
    );
    assert_eq!(row("TagResourceSomething20170331"), None);
    assert_eq!(
        row("TagResource"),
        None,
        "an unversioned name is not a versioned row's"
    );
}
