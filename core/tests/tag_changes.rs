//! Tag-change fixtures through the plan: what each real (or derived) record changed, the drift
//! it makes in a recorded stamp, and the forged variants the plan refuses or skips.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a broken expectation should stop the test loudly"
)]

use std::collections::BTreeMap;

use autotag_core::event::parse_document;
use autotag_core::plan::{Outcome, SkipReason, plan};
use autotag_core::policy::TagPolicy;
use autotag_core::tag_change::{Change, DriftedKey, TagChange, stamp_drift};
use time::macros::datetime;

mod common;
use common::fixtures_dir;

const NOW: time::OffsetDateTime = datetime!(2026-11-22 00:00 UTC);

fn fixture(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(fixtures_dir().join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn decide(doc: &serde_json::Value) -> Outcome {
    let event = parse_document(&doc.to_string()).unwrap().remove(0).unwrap();
    plan(&event, &TagPolicy::default(), NOW).outcome
}

fn change_of(name: &str) -> TagChange {
    match decide(&fixture(name)) {
        Outcome::TagChange(change) => *change,
        other => panic!("{name}: {other:?}"),
    }
}

fn arns(change: &TagChange) -> Vec<&str> {
    change.resources.iter().map(|a| a.as_str()).collect()
}

fn stamp(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn ec2_delete_tags_without_a_tag_set_removes_every_tag() {
    let change = change_of("ec2/DeleteTags-derived-invictus-aws_dataset-1.json");
    assert_eq!(
        arns(&change),
        ["arn:aws:ec2:us-east-1::image/ami-0aa1d83d0b0985c86"]
    );
    assert_eq!(change.change, Change::RemovedAll);
    assert!(!change.case_insensitive_keys);
    let recorded = stamp(&[("owner", "bert-jan")]);
    assert_eq!(
        stamp_drift(&recorded, &change.change, change.case_insensitive_keys),
        [DriftedKey {
            key: "owner".into(),
            recorded: "bert-jan".into(),
            now: None
        }]
    );
}

#[test]
fn ec2_create_tags_overwrites_only_the_keys_it_names() {
    let change = change_of("ec2/CreateTags-invictus-aws_dataset-1.json");
    assert_eq!(
        change.change,
        Change::Set {
            tags: stamp(&[("StratusRedTeam", "true")])
        }
    );
    let recorded = stamp(&[("owner", "bert-jan"), ("StratusRedTeam", "false")]);
    let drift = stamp_drift(&recorded, &change.change, change.case_insensitive_keys);
    assert_eq!(
        drift,
        [DriftedKey {
            key: "StratusRedTeam".into(),
            recorded: "false".into(),
            now: Some("true".into())
        }]
    );
}

#[test]
fn s3_put_bucket_tagging_replaces_the_set_and_delete_removes_it() {
    let put = change_of("s3/PutBucketTagging-invictus-aws_dataset-raw-1.json");
    assert_eq!(
        arns(&put),
        ["arn:aws:s3:::stratus-red-team-ctes-bucket-qyxyekjbtk"]
    );
    // The record writes the XML value `true` as a JSON boolean.
    assert_eq!(
        put.change,
        Change::Replaced {
            tags: stamp(&[("StratusRedTeam", "true")])
        }
    );
    assert_eq!(put.account.as_str(), "123837392027");
    let recorded = stamp(&[("owner", "bert-jan"), ("StratusRedTeam", "true")]);
    assert_eq!(
        stamp_drift(&recorded, &put.change, false),
        [DriftedKey {
            key: "owner".into(),
            recorded: "bert-jan".into(),
            now: None
        }],
        "a replaced set without the stamp removes it; the unchanged key has not drifted"
    );
    let delete = change_of("s3/DeleteBucketTagging-derived-invictus-aws_dataset-raw-1.json");
    assert_eq!(arns(&delete), arns(&put));
    assert_eq!(delete.change, Change::RemovedAll);
}

#[test]
fn iam_changes_compare_keys_ignoring_case() {
    let tag = change_of("iam/TagInstanceProfile-invictus-aws_dataset-raw-1.json");
    assert_eq!(
        arns(&tag),
        ["arn:aws:iam::123837392027:instance-profile/stratus-red-team-usr-data-instance"]
    );
    assert_eq!(tag.region.as_str(), "us-east-1");
    let untag = change_of("iam/UntagRole-derived-invictus-aws_dataset-raw-1.json");
    assert_eq!(
        arns(&untag),
        ["arn:aws:iam::123837392027:role/stratus-red-team-usr-data-role"]
    );
    assert!(untag.case_insensitive_keys);
    assert_eq!(
        untag.actor.as_deref(),
        Some("arn:aws:iam::123837392027:user/bert-jan")
    );
    let recorded = stamp(&[("stratusredteam", "x"), ("owner", "bert-jan")]);
    assert_eq!(
        stamp_drift(&recorded, &untag.change, untag.case_insensitive_keys),
        [DriftedKey {
            key: "stratusredteam".into(),
            recorded: "x".into(),
            now: None
        }]
    );
    assert!(stamp_drift(&recorded, &untag.change, false).is_empty());
}

#[test]
fn arn_services_read_their_own_request_shapes() {
    let cloudfront = change_of("cloudfront/TagResource-cloud-custodian-1.json");
    assert_eq!(
        arns(&cloudfront),
        ["arn:aws:cloudfront::351936369470:distribution/E53370FUHBNLK"]
    );
    assert_eq!(
        cloudfront.change,
        Change::Set {
            tags: stamp(&[("WAF", "Internal")])
        }
    );
    let tag = change_of("apigateway/TagResource-cloud-custodian-1.json");
    assert_eq!(
        tag.change,
        Change::Set {
            tags: stamp(&[("WAF", "BR-IP")])
        }
    );
    let untag = change_of("apigateway/UntagResource-derived-cloud-custodian-1.json");
    assert_eq!(arns(&untag), arns(&tag));
    assert_eq!(
        untag.change,
        Change::Removed {
            keys: vec!["WAF".into()]
        }
    );
    let efs = change_of("elasticfilesystem/DeleteTags-awsdocs-amazon-efs-user-guide-1.json");
    assert_eq!(
        arns(&efs),
        ["arn:aws:elasticfilesystem:us-west-2:111122223333:file-system/fs-00112233"]
    );
    // EFS's `DeleteTags` names its keys; an empty list removes nothing.
    assert_eq!(efs.change, Change::Removed { keys: vec![] });
    assert!(stamp_drift(&stamp(&[("owner", "root")]), &efs.change, false).is_empty());
}

#[test]
fn a_resource_in_another_account_is_refused() {
    let mut doc = fixture("cloudfront/TagResource-cloud-custodian-1.json");
    doc["detail"]["requestParameters"]["resource"] =
        "arn:aws:cloudfront::999999999999:distribution/E53370FUHBNLK".into();
    let Outcome::Reject(reason) = decide(&doc) else {
        panic!("not refused")
    };
    assert!(reason.contains("999999999999"), "{reason}");
}

#[test]
fn autotag_s_own_role_changing_tags_is_skipped() {
    let mut doc = fixture("apigateway/UntagResource-derived-cloud-custodian-1.json");
    let identity = &mut doc["detail"]["userIdentity"];
    identity["arn"] = "arn:aws:sts::012345678901:assumed-role/autotag/hub".into();
    identity["sessionContext"]["sessionIssuer"]["arn"] =
        "arn:aws:iam::012345678901:role/autotag".into();
    identity["sessionContext"]["sessionIssuer"]["userName"] = "autotag".into();
    let Outcome::Skip(reason) = decide(&doc) else {
        panic!("not skipped")
    };
    assert_eq!(
        reason,
        SkipReason::OwnTagging {
            role_arn: "arn:aws:iam::012345678901:role/autotag".into()
        }
    );
}

#[test]
fn a_forged_envelope_is_refused_before_the_change_is_read() {
    let mut doc = fixture("s3/DeleteBucketTagging-derived-invictus-aws_dataset-raw-1.json");
    doc["source"] = "custom.s3".into();
    assert!(matches!(decide(&doc), Outcome::Reject(_)));
}
