//! Golden tests: every fixture record through the plan, compared with `fixtures/expected.jsonl`,
//! and every file of the shared corpus through the parser and the plan without a panic.
//!
//! To re-bless the golden file after an intended change, run with `AUTOTAG_BLESS=1` and review
//! the diff line by line.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a broken expectation should stop the test loudly"
)]

use std::collections::BTreeMap;
use std::path::Path;

use autotag_core::event::parse_document;
use autotag_core::plan::{Outcome, plan};
use autotag_core::policy::TagPolicy;
use autotag_core::registry::Route;
use time::macros::datetime;

mod common;
use common::{corpus_dir, fixtures_dir, json_files};

const NOW: time::OffsetDateTime = datetime!(2026-11-22 00:00 UTC);

/// One line per fixture: what the plan decided, in a form that is easy to review.
fn summarise(path: &Path, text: &str) -> serde_json::Value {
    let events = parse_document(text).unwrap();
    assert_eq!(events.len(), 1, "{} holds one event", path.display());
    let event = events.into_iter().next().unwrap().unwrap();
    let decision = plan(&event, &TagPolicy::default(), NOW);
    let line = serde_json::to_value(decision.line()).unwrap();
    let route = match &decision.outcome {
        Outcome::Tag(plan) => serde_json::json!(
            plan.batches
                .iter()
                .map(|b| b.route.as_str())
                .collect::<Vec<_>>()
        ),
        _ => serde_json::Value::Null,
    };
    let mut summary = serde_json::json!({
        "file": path.strip_prefix(fixtures_dir()).unwrap().to_string_lossy(),
        "outcome": line["outcome"],
        "reason": line["reason"],
        "route": route,
        "owner": line["principal"]["owner"],
        "resources": line["resources"],
        "dateCreated": line["tags"]["dateCreated"],
    });
    // Only tag changes say what changed; the other lines keep their shape.
    if let Some(change) = line.get("change") {
        summary["change"] = change.clone();
    }
    summary
}

#[test]
fn fixtures_match_their_golden_decisions() {
    let mut files = Vec::new();
    json_files(&fixtures_dir(), &mut files);
    assert!(files.len() > 80, "fixtures missing: {}", files.len());
    let actual: Vec<String> = files
        .iter()
        .map(|path| summarise(path, &std::fs::read_to_string(path).unwrap()).to_string())
        .collect();
    let golden_path = fixtures_dir().join("expected.jsonl");
    if std::env::var_os("AUTOTAG_BLESS").is_some() {
        std::fs::write(&golden_path, actual.join("\n") + "\n").unwrap();
    }
    let golden = std::fs::read_to_string(&golden_path).unwrap();
    let expected: Vec<&str> = golden.lines().collect();
    for (actual, expected) in actual.iter().zip(&expected) {
        assert_eq!(actual, expected);
    }
    assert_eq!(
        actual.len(),
        expected.len(),
        "fixture count differs from expected.jsonl"
    );
}

/// Every registry row names its fixture; the fixture is the row's own event, plans to `tag` on
/// the row's route with every ARN valid (or, for an untaggable row, is skipped as untaggable, or
/// is a tag change when the call changes tags), and its ARNs are the ones the golden file holds.
#[test]
fn every_registry_row_is_proven_by_its_fixture() {
    let golden = std::fs::read_to_string(fixtures_dir().join("expected.jsonl")).unwrap();
    let golden: BTreeMap<String, serde_json::Value> = golden
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|l| (l["file"].as_str().unwrap().to_owned(), l))
        .collect();
    for row in autotag_core::registry::rows() {
        let key = format!("{} {}", row.event_source, row.event_name);
        let path = fixtures_dir().join(row.fixture);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{key}: fixture `{}`: {e}", row.fixture));
        let event = parse_document(&text).unwrap().remove(0).unwrap();
        assert_eq!(event.record.event_source(), Some(row.event_source), "{key}");
        assert_eq!(event.record.event_name(), Some(row.event_name), "{key}");
        let decision = plan(&event, &TagPolicy::default(), NOW);
        match (&decision.outcome, row.route) {
            (Outcome::Skip(reason), Route::Untaggable) => {
                assert!(reason.to_string().contains("untaggable"), "{key}: {reason}");
            }
            (Outcome::TagChange(_), Route::Untaggable) => {
                assert!(
                    autotag_core::tag_change::lookup(row.event_source, row.event_name).is_some(),
                    "{key}"
                );
            }
            (Outcome::Tag(plan), route) => {
                assert_ne!(route, Route::Untaggable, "{key}");
                assert!(plan.batches.iter().all(|b| b.route == route), "{key}");
                let arns: Vec<&str> = plan.arns().map(|a| a.as_str()).collect();
                assert!(!arns.is_empty(), "{key}");
                let expected = &golden[row.fixture]["resources"];
                assert_eq!(serde_json::json!(arns), *expected, "{key}");
            }
            (other, _) => panic!("{key}: {other:?}"),
        }
    }
}

#[test]
fn every_corpus_file_goes_through_without_a_panic() {
    let mut files = Vec::new();
    json_files(&corpus_dir(), &mut files);
    let mut outcomes: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut records = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let Ok(events) = parse_document(&text) else {
            *outcomes.entry("unreadable document").or_default() += 1;
            continue;
        };
        for event in events {
            records += 1;
            let kind = match event {
                Err(_) => "rejected by the parser",
                Ok(event) => match plan(&event, &TagPolicy::default(), NOW).outcome {
                    Outcome::Tag(_) => "tag",
                    Outcome::Session(_) => "session",
                    Outcome::TagChange(_) => "tag_change",
                    Outcome::Skip(_) => "skip",
                    Outcome::Reject(_) => "reject",
                },
            };
            *outcomes.entry(kind).or_default() += 1;
        }
    }
    // The corpus holds 324 EventBridge events and 2,900 raw records.
    assert!(
        records >= 3_224,
        "only {records} records read from {} files",
        files.len()
    );
    assert_eq!(outcomes.get("unreadable document"), None, "{outcomes:?}");
    assert!(
        outcomes.get("tag").copied().unwrap_or(0) > 50,
        "{outcomes:?}"
    );
}

/// Verbs of calls that bring a resource into being. A corpus event named with one of them is
/// either a registry row (tagged, or untaggable with its reason) or listed in
/// [`NOT_CREATIONS`] with why it creates nothing of its own.
const CREATING_VERBS: &[&str] = &[
    "Create", "Run", "Allocate", "Copy", "Import", "Restore", "Put", "Register", "Request",
];

/// Corpus events whose name starts with a creating verb but which create no resource: the
/// event updates one, or only starts a process whose result is created by another event.
const NOT_CREATIONS: &[(&str, &str, &str)] = &[
    (
        "config.amazonaws.com",
        "PutDeliveryChannel",
        "creates or updates a region's one delivery channel, which Config does not let be tagged",
    ),
    (
        "s3.amazonaws.com",
        "CreateServiceLinkedRole",
        "a mislabelled test record: S3 has no such call, and its request is PutBucketVersioning's",
    ),
    (
        "cloudtrail.amazonaws.com",
        "PutEventSelectors",
        "configures which events an existing trail logs",
    ),
    (
        "glue.amazonaws.com",
        "PutDataCatalogEncryptionSettings",
        "configures the account's Data Catalog",
    ),
    (
        "glue.amazonaws.com",
        "PutResourcePolicy",
        "sets the Data Catalog's resource policy",
    ),
    (
        "iam.amazonaws.com",
        "PutRolePolicy",
        "an inline policy is part of its role, not a resource of its own",
    ),
    (
        "s3.amazonaws.com",
        "PutBucketLifecycle",
        "configures an existing bucket",
    ),
    (
        "s3.amazonaws.com",
        "PutBucketPolicy",
        "configures an existing bucket",
    ),
    (
        "s3.amazonaws.com",
        "PutBucketTagging",
        "changes an existing bucket's tags",
    ),
    (
        "s3.amazonaws.com",
        "PutBucketVersioning",
        "configures an existing bucket",
    ),
    (
        "s3.amazonaws.com",
        "PutObject",
        "an object is data in a bucket, logged as a data event; autotag stamps resources",
    ),
    (
        "secretsmanager.amazonaws.com",
        "PutSecretValue",
        "a new version of an existing secret",
    ),
    (
        "ssm.amazonaws.com",
        "PutComplianceItems",
        "compliance data about an existing managed instance",
    ),
    (
        "ssm.amazonaws.com",
        "PutInventory",
        "inventory data about an existing managed instance",
    ),
];

#[test]
fn every_creation_in_the_corpus_is_a_registry_row() {
    let mut files = Vec::new();
    json_files(&corpus_dir(), &mut files);
    let mut missing = std::collections::BTreeSet::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let Ok(events) = parse_document(&text) else {
            continue;
        };
        for event in events.into_iter().flatten() {
            let (Some(source), Some(name)) =
                (event.record.event_source(), event.record.event_name())
            else {
                continue;
            };
            // Service events (a service-linked channel made by its service) are not calls
            // anyone made, and are never forwarded.
            if event.record.event_type() != Some("AwsApiCall") {
                continue;
            }
            let (base, _) = autotag_core::registry::split_api_version(name);
            if !CREATING_VERBS.iter().any(|verb| base.starts_with(verb))
                || autotag_core::registry::lookup(source, name).is_some()
                || NOT_CREATIONS
                    .iter()
                    .any(|(s, n, _)| *s == source && *n == name)
            {
                continue;
            }
            missing.insert(format!("{source} {name}"));
        }
    }
    assert!(
        missing.is_empty(),
        "{} corpus creations are neither registry rows nor known non-creations:\n{}",
        missing.len(),
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// Pairs a peer tagger lists that are not registry rows, and why. The first group names no
/// creation at all; the second is what autotag does not cover yet.
const PEER_EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "eks.amazonaws.com",
        "CreateNodeGroup",
        "not an event: vikyol's spelling of `CreateNodegroup`, which is a row",
    ),
    (
        "healthlake.amazonaws.com",
        "CreateDatastore",
        "not an event: the mapper subscribes `CreateDatastore` with no source; HealthImaging's \
         `CreateDatastore` and HealthLake's `CreateFHIRDatastore` are rows",
    ),
    (
        "lambda.amazonaws.com",
        "UpdateFunctionCode20150331v2",
        "not a creation: it replaces an existing function's code",
    ),
    (
        "s3.amazonaws.com",
        "PutObject",
        "not a resource: an object is data in a bucket, logged as a data event",
    ),
    (
        "drs.amazonaws.com",
        "CreateSourceServer",
        "not covered: the replication agent creates source servers through a private API that \
         no public reference describes, so no record can be built to prove a row",
    ),
    (
        "workspaces-instances.amazonaws.com",
        "CreateWorkspaceInstance",
        "not covered: the mapper's source is a guess and no reference gives the instance's ARN",
    ),
];

#[test]
fn every_event_a_peer_handles_is_a_registry_row() {
    let peers = std::fs::read_to_string(fixtures_dir().join("peers.tsv")).unwrap();
    let mut pairs = 0;
    let mut missing = Vec::new();
    for line in peers
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        let (source, name) = (fields[0], fields[1]);
        pairs += 1;
        let excepted = PEER_EXCEPTIONS
            .iter()
            .any(|(s, n, _)| *s == source && *n == name);
        if autotag_core::registry::lookup(source, name).is_none() && !excepted {
            missing.push(line.to_owned());
        }
    }
    assert!(pairs > 250, "{pairs} pairs read");
    assert!(
        missing.is_empty(),
        "peer events that are neither rows nor excepted:\n{}",
        missing.join("\n")
    );
    // An exception that became a row is stale.
    for (source, name, _) in PEER_EXCEPTIONS {
        assert!(
            autotag_core::registry::lookup(source, name).is_none(),
            "{source} {name} is a row now"
        );
    }
}
