//! Fuzzing `parse → plan` with proptest, seeded from real records: the registry's fixtures and
//! the shared CloudTrail corpus, wrapped in genuine and forged envelopes and mutated field by
//! field and byte by byte.
//!
//! Invariants, for every input: nothing panics; a `tag` plan writes at most 50 tags, each key
//! and value valid, `dateCreated` RFC 3339, and every ARN in the plan's account (or in none);
//! and an event that came through EventBridge is tagged only in its envelope's account.
//!
//! `cargo test` runs a short pass (`AUTOTAG_FUZZ_CASES`, default 256 cases per property);
//! `make fuzz` runs a long one in release.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a broken expectation should stop the test loudly"
)]

use std::sync::LazyLock;

use autotag_core::event::{Origin, parse_document};
use autotag_core::plan::{Outcome, plan};
use autotag_core::policy::TagPolicy;
use autotag_core::tags::{MAX_TAGS_PER_RESOURCE, TagKey, TagValue};
use proptest::prelude::*;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::datetime;

mod common;
use common::{corpus_dir, fixtures_dir, json_files};

const NOW: OffsetDateTime = datetime!(2026-11-22 00:00 UTC);

/// CloudTrail records (the `detail` of an event), from every seed file.
static SEEDS: LazyLock<Vec<Value>> = LazyLock::new(|| {
    let corpus = corpus_dir();
    let mut files = Vec::new();
    json_files(&fixtures_dir(), &mut files);
    json_files(&corpus.join("cloudtrail"), &mut files);
    json_files(&corpus.join("cloudtrail-raw"), &mut files);
    let mut seeds = Vec::new();
    for file in files {
        let Ok(value) = serde_json::from_str::<Value>(&std::fs::read_to_string(file).unwrap())
        else {
            continue;
        };
        let records = match value {
            Value::Object(mut object) => match object.remove("Records") {
                Some(Value::Array(records)) => records,
                _ => match object.remove("detail") {
                    Some(detail) => vec![detail],
                    None => vec![Value::Object(object)],
                },
            },
            Value::Array(items) => items,
            _ => Vec::new(),
        };
        seeds.extend(records.into_iter().filter(Value::is_object));
    }
    assert!(seeds.len() > 600, "only {} seed records", seeds.len());
    seeds
});

fn cases() -> u32 {
    std::env::var("AUTOTAG_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

/// A replacement value: the strings an attacker or a broken producer would write.
fn replacement() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!("")),
        Just(json!("{@responseElements.role.arn}")),
        Just(json!("{id}")),
        Just(json!("arn:aws:iam::999999999999:role/victim")),
        Just(json!("999999999999")),
        Just(json!("1970-01-01T00:00:00Z")),
        Just(json!("2099-01-01T00:00:00Z")),
        Just(json!("0000-01-01T00:30:00+01:00")),
        Just(json!("9999-12-31T23:30:00-01:00")),
        Just(json!("ASIAFORGEDKEY")),
        Just(json!("aws:reserved")),
        Just(json!("ünïcødé ✓ \u{0000} <>")),
        Just(json!("x".repeat(300))),
        Just(json!(42)),
        Just(json!(true)),
        Just(json!([])),
        Just(json!({})),
        Just(json!([{"item": "x"}])),
        "[a-zA-Z0-9:/._-]{0,40}".prop_map(Value::from),
    ]
}

/// A change to a record: a node picked by `at` (walked by index), replaced, removed, wrapped in a
/// list of one, or unwrapped from one.
#[derive(Debug, Clone)]
enum Mutation {
    Replace(Vec<usize>, Value),
    Remove(Vec<usize>),
    Wrap(Vec<usize>),
    Unwrap(Vec<usize>),
    Field(&'static str, Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = prop::collection::vec(any::<usize>(), 1..6);
    let field = prop::sample::select(vec![
        "eventTime",
        "recipientAccountId",
        "awsRegion",
        "eventSource",
        "eventName",
        "errorCode",
        "responseElements",
        "requestParameters",
        "userIdentity",
    ]);
    prop_oneof![
        (at.clone(), replacement()).prop_map(|(at, v)| Mutation::Replace(at, v)),
        at.clone().prop_map(Mutation::Remove),
        at.clone().prop_map(Mutation::Wrap),
        at.prop_map(Mutation::Unwrap),
        (field, replacement()).prop_map(|(f, v)| Mutation::Field(f, v)),
    ]
}

/// The node that the indices in `at` lead to (each index picks among a node's children).
fn node<'a>(value: &'a mut Value, at: &[usize]) -> &'a mut Value {
    let Some((first, rest)) = at.split_first() else {
        return value;
    };
    let children = match value {
        Value::Object(map) => map.len(),
        Value::Array(items) => items.len(),
        _ => 0,
    };
    if children == 0 {
        return value;
    }
    let pick = first % children;
    match value {
        Value::Object(map) => node(map.values_mut().nth(pick).unwrap(), rest),
        Value::Array(items) => node(&mut items[pick], rest),
        _ => unreachable!(),
    }
}

fn apply(record: &mut Value, mutation: &Mutation) {
    match mutation {
        Mutation::Replace(at, value) => *node(record, at) = value.clone(),
        Mutation::Remove(at) => {
            let (last, parent) = at.split_last().unwrap();
            match node(record, parent) {
                Value::Object(map) if !map.is_empty() => {
                    let key = map.keys().nth(last % map.len()).unwrap().clone();
                    map.remove(&key);
                }
                Value::Array(items) if !items.is_empty() => {
                    let index = last % items.len();
                    items.remove(index);
                }
                _ => {}
            }
        }
        Mutation::Wrap(at) => {
            let target = node(record, at);
            *target = Value::Array(vec![target.take()]);
        }
        Mutation::Unwrap(at) => {
            let target = node(record, at);
            if let Value::Array(items) = target
                && items.len() == 1
            {
                *target = items.remove(0);
            }
        }
        Mutation::Field(name, value) => {
            if let Value::Object(map) = record {
                map.insert((*name).to_owned(), value.clone());
            }
        }
    }
}

/// How the record reaches the hub.
#[derive(Debug, Clone)]
struct Envelope {
    wrapped: bool,
    source: Option<&'static str>,
    detail_type: Option<&'static str>,
    /// 0: the record's own `recipientAccountId`; 1: another account; 2: not an account;
    /// 3: absent.
    account: u8,
}

fn envelope() -> impl Strategy<Value = Envelope> {
    (
        any::<bool>(),
        prop::option::of(prop::sample::select(vec![
            "aws.ec2",
            "aws.s3",
            "aws.sts",
            "custom.ec2",
            "aws",
            "AWS.ec2",
        ])),
        prop::option::of(prop::sample::select(vec![
            "AWS API Call via CloudTrail",
            "AWS Console Sign In via CloudTrail",
            "Custom Event",
        ])),
        0u8..4,
    )
        .prop_map(|(wrapped, source, detail_type, account)| Envelope {
            wrapped,
            source,
            detail_type,
            account,
        })
}

fn wrap(record: Value, envelope: &Envelope) -> Value {
    if !envelope.wrapped {
        return record;
    }
    let recipient = record
        .get("recipientAccountId")
        .cloned()
        .unwrap_or(Value::Null);
    let mut event = json!({"version": "0", "id": "fuzz", "region": "us-east-1", "resources": [],
        "time": "2024-01-01T00:00:00Z", "detail": record});
    if let Some(source) = envelope.source {
        event["source"] = source.into();
    }
    if let Some(detail_type) = envelope.detail_type {
        event["detail-type"] = detail_type.into();
    }
    match envelope.account {
        0 => event["account"] = recipient,
        1 => event["account"] = "999999999999".into(),
        2 => event["account"] = "not-an-account".into(),
        _ => {}
    }
    event
}

/// Plans every event of `text` and checks the invariants on what it would tag, and on the
/// resources of a tag change.
fn check(text: &str) -> Result<(), TestCaseError> {
    let Ok(items) = parse_document(text) else {
        return Ok(());
    };
    let policy = TagPolicy::default();
    for event in items.into_iter().flatten() {
        let decision = plan(&event, &policy, NOW);
        if let Outcome::TagChange(change) = &decision.outcome {
            // A tag change names only its own account's resources, and only a vouched one.
            for arn in &change.resources {
                prop_assert!(
                    arn.account().is_empty() || arn.account() == change.account.as_str(),
                    "`{arn}` outside `{}`",
                    change.account
                );
            }
            prop_assert!(!change.resources.is_empty());
            if event.origin == Origin::EventBridge {
                prop_assert_eq!(event.envelope_account(), Some(change.account.as_str()));
            }
        }
        let Outcome::Tag(plan) = decision.outcome else {
            continue;
        };
        prop_assert!(plan.tags.len() <= MAX_TAGS_PER_RESOURCE);
        for (key, value) in plan.tags.iter() {
            prop_assert!(TagKey::parse(key.as_str()).is_ok(), "key `{key}`");
            prop_assert!(TagValue::is_valid(value.as_str()), "value `{value}`");
        }
        let date = plan.tags.get(&policy.keys.date_created);
        prop_assert!(
            date.is_some_and(|d| OffsetDateTime::parse(d.as_str(), &Rfc3339).is_ok()),
            "dateCreated {date:?}"
        );
        for arn in plan.arns() {
            prop_assert!(
                arn.account().is_empty() || arn.account() == plan.account.as_str(),
                "`{arn}` outside `{}`",
                plan.account
            );
        }
        if event.origin == Origin::EventBridge {
            prop_assert_eq!(event.envelope_account(), Some(plan.account.as_str()));
            prop_assert!(
                event
                    .source
                    .as_deref()
                    .is_some_and(|s| s.starts_with("aws."))
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_records_in_any_envelope_keep_the_invariants(
        seed in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 0..4),
        envelope in envelope(),
    ) {
        let mut record = SEEDS[seed.index(SEEDS.len())].clone();
        for mutation in &mutations {
            apply(&mut record, mutation);
        }
        check(&wrap(record, &envelope).to_string())?;
    }

    #[test]
    fn damaged_text_never_panics(
        seed in any::<prop::sample::Index>(),
        cut in any::<prop::sample::Index>(),
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
    ) {
        let record = &SEEDS[seed.index(SEEDS.len())];
        let genuine = json!({"source": "aws.ec2", "detail-type": "AWS API Call via CloudTrail",
            "account": record.get("recipientAccountId").cloned().unwrap_or(Value::Null),
            "detail": record});
        let mut bytes = genuine.to_string().into_bytes();
        for (at, byte) in flips {
            let index = at.index(bytes.len());
            bytes[index] = byte;
        }
        bytes.truncate(cut.index(bytes.len() + 1));
        check(&String::from_utf8_lossy(&bytes))?;
    }
}

/// The invariants hold on every seed as it is, in its genuine envelope: the fuzzing starts from
/// records that reach the tagging path.
#[test]
fn the_seeds_reach_the_tagging_path() {
    let mut tagged = 0;
    for record in SEEDS.iter() {
        let envelope = Envelope {
            wrapped: true,
            source: Some("aws.ec2"),
            detail_type: Some("AWS API Call via CloudTrail"),
            account: 0,
        };
        let text = wrap(record.clone(), &envelope).to_string();
        check(&text).unwrap();
        let event = parse_document(&text).unwrap().remove(0).unwrap();
        if matches!(
            plan(&event, &TagPolicy::default(), NOW).outcome,
            Outcome::Tag(_)
        ) {
            tagged += 1;
        }
    }
    assert!(tagged > 250, "only {tagged} seeds are tagged");
}
