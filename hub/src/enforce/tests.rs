//! The run over fakes: the mark written before a stop, the ledger's records, dry runs and
//! reports that change nothing, orphan marks, and failures kept to their resource.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code: a broken expectation should stop the test loudly"
)]

use std::collections::BTreeMap;

use autotag_core::arn::AccountId;
use autotag_core::enforce::{Creator, Details, LastAction, ResourceFacts, ResourceState};
use autotag_core::policy::TagPolicy;
use autotag_core::policy::enforce::Action;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::*;
use crate::ports::EnforcementLedger;
use crate::ports::memory::{MemoryLedger, RecordingActions};

const POLICY: &str = r#"
[[enforce]]
name = "cost-center"
resource_types = ["ec2:instance"]
dry_run = false
required_tags = [{ key = "CostCenter", values = ["1001", "1002"] }]
steps = [
  { action = "notify" },
  { action = "mark" },
  { action = "stop", after = "3d" },
]

[[enforce]]
name = "rehearsal"
resource_types = ["ec2:instance"]
required_tags = [{ key = "Team" }]
steps = [{ action = "mark" }]
"#;

const MARK: &str = "autotag:enforce:cost-center";
const T0: OffsetDateTime = datetime!(2025-01-01 10:00 UTC);

fn instance(id: &str, tags: &[(&str, &str)]) -> ResourceFacts {
    ResourceFacts {
        arn: format!("arn:aws:ec2:eu-west-1:111111111111:instance/{id}"),
        resource_type: "ec2:instance".to_owned(),
        account: AccountId::parse("111111111111").unwrap(),
        region: "eu-west-1".to_owned(),
        ou_path: None,
        tags: tags
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        creator: Creator {
            owner: Some("alice".to_owned()),
            arn: Some("arn:aws:iam::111111111111:user/alice".to_owned()),
        },
        created: Some(T0),
        state: ResourceState::Running,
        details: Details::default(),
        last_actions: BTreeMap::new(),
    }
}

fn run_at(policy: &TagPolicy, now: OffsetDateTime, act: bool) -> Run<'_> {
    Run {
        enforcement: &policy.enforcement,
        now,
        act,
        concurrency: 4,
    }
}

const COMPLIANT: (&str, &str) = ("CostCenter", "1001");
const TEAM: (&str, &str) = ("Team", "web");

#[tokio::test]
async fn a_new_breach_is_marked_and_recorded_and_a_dry_run_rule_changes_nothing() {
    let policy = TagPolicy::from_toml(POLICY).unwrap();
    let actions = RecordingActions::default();
    let ledger = MemoryLedger::default();
    let outcome = run(
        run_at(&policy, T0, true),
        vec![
            instance("i-bad", &[]),
            instance("i-good", &[COMPLIANT, TEAM]),
        ],
        &actions,
        Some(&ledger),
    )
    .await;
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    // Only the live rule's mark is written: `rehearsal` is a dry run.
    let due = autotag_core::enforce::utc_seconds(T0 + Duration::days(3));
    assert_eq!(
        actions.calls(),
        vec![format!("set i-bad {{\"{MARK}\": \"stop@{due}\"}}")]
    );
    let bad = instance("i-bad", &[]).arn;
    let recorded = ledger
        .last_actions(&bad, &["cost-center", "rehearsal"])
        .await
        .unwrap();
    assert_eq!(
        recorded,
        BTreeMap::from([(
            "cost-center".to_owned(),
            LastAction {
                action: Action::Mark,
                at: T0
            }
        )])
    );
    // Every finding is kept for the report, the dry run's too.
    assert_eq!(outcome.findings.len(), 4);
    assert_eq!(outcome.succeeded().len(), 4);
}

#[tokio::test]
async fn a_report_changes_and_records_nothing() {
    let policy = TagPolicy::from_toml(POLICY).unwrap();
    let actions = RecordingActions::default();
    let ledger = MemoryLedger::default();
    let outcome = run(
        run_at(&policy, T0, false),
        vec![instance(
            "i-bad",
            &[("autotag:enforce:gone-rule", "mark@2025-01-01T00:00:00Z")],
        )],
        &actions,
        Some(&ledger),
    )
    .await;
    assert!(actions.calls().is_empty(), "{:?}", actions.calls());
    let bad = instance("i-bad", &[]).arn;
    assert!(
        ledger
            .last_actions(&bad, &["cost-center"])
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        outcome.findings[0].acted(),
        "the report still says what is due"
    );
}

#[tokio::test]
async fn a_stop_goes_after_the_mark_announcing_it_and_the_mark_then_says_done() {
    let policy = TagPolicy::from_toml(POLICY).unwrap();
    let actions = RecordingActions::default();
    let ledger = MemoryLedger::default();
    let now = T0 + Duration::days(4);
    // The ledger says the mark step ran, but the owner removed the mark since.
    let mut facts = instance("i-bad", &[TEAM]);
    facts.last_actions.insert(
        "cost-center".to_owned(),
        LastAction {
            action: Action::Mark,
            at: T0,
        },
    );
    let outcome = run(
        run_at(&policy, now, true),
        vec![facts.clone()],
        &actions,
        Some(&ledger),
    )
    .await;
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    let at = autotag_core::enforce::utc_seconds(now);
    assert_eq!(
        actions.calls(),
        vec![
            format!("set i-bad {{\"{MARK}\": \"stop@{at}\"}}"),
            "stop i-bad".to_owned(),
            format!("set i-bad {{\"{MARK}\": \"done@{at}\"}}"),
        ]
    );
    assert_eq!(
        ledger
            .last_actions(&facts.arn, &["cost-center"])
            .await
            .unwrap()["cost-center"],
        LastAction {
            action: Action::Stop,
            at: now
        }
    );
}

#[tokio::test]
async fn a_failure_stays_with_its_resource_and_the_sweep_goes_on() {
    let policy = TagPolicy::from_toml(POLICY).unwrap();
    // The stop of one instance is denied; another instance's mark cannot be written.
    let actions = RecordingActions::failing(vec![("i-denied", "stop"), ("i-unwritable", "set")]);
    let ledger = MemoryLedger::default();
    let now = T0 + Duration::days(4);
    let mut denied = instance("i-denied", &[TEAM]);
    denied
        .tags
        .insert(MARK.to_owned(), "stop@2025-01-04T10:00:00Z".to_owned());
    denied.last_actions.insert(
        "cost-center".to_owned(),
        LastAction {
            action: Action::Mark,
            at: T0,
        },
    );
    let outcome = run(
        run_at(&policy, now, true),
        vec![
            denied.clone(),
            instance("i-unwritable", &[TEAM]),
            instance("i-fine", &[TEAM]),
        ],
        &actions,
        Some(&ledger),
    )
    .await;
    let mut failed: Vec<(String, String)> = outcome
        .failures
        .iter()
        .map(|f| {
            (
                f.arn.rsplit('/').next().unwrap().to_owned(),
                f.operation.clone(),
            )
        })
        .collect();
    failed.sort();
    assert_eq!(
        failed,
        vec![
            ("i-denied".to_owned(), "stop".to_owned()),
            ("i-unwritable".to_owned(), "set".to_owned()),
        ]
    );
    assert!(outcome.failures[0].error.contains("UnauthorizedOperation"));
    // The failed steps are not recorded (the next sweep tries again) and not announced.
    assert!(
        ledger
            .last_actions(&denied.arn, &["cost-center"])
            .await
            .unwrap()
            .is_empty()
    );
    let fine = instance("i-fine", &[]).arn;
    let unwritable = instance("i-unwritable", &[]).arn;
    assert!(
        ledger
            .last_actions(&unwritable, &["cost-center"])
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        ledger.last_actions(&fine, &["cost-center"]).await.unwrap()["cost-center"].action,
        Action::Mark
    );
    let announced: Vec<String> = outcome
        .succeeded()
        .into_iter()
        .filter(|f| f.rule == "cost-center")
        .map(|f| f.arn)
        .collect();
    assert!(announced.contains(&fine));
    assert!(!announced.contains(&denied.arn) && !announced.contains(&unwritable));
    // The denied stop never ran past its mark: no `done@` was written.
    assert!(
        !actions
            .calls()
            .iter()
            .any(|c| c.starts_with("set i-denied") && c.contains("done@")),
        "{:?}",
        actions.calls()
    );
}

#[tokio::test]
async fn compliance_removes_the_mark_and_forgets_and_orphan_marks_go() {
    let policy = TagPolicy::from_toml(POLICY).unwrap();
    let actions = RecordingActions::default();
    let ledger = MemoryLedger::default();
    let mut facts = instance(
        "i-fixed",
        &[
            COMPLIANT,
            TEAM,
            (MARK, "stop@2025-01-04T10:00:00Z"),
            ("autotag:enforce:gone-rule", "mark@2025-01-01T00:00:00Z"),
        ],
    );
    ledger
        .reached(
            &facts.arn,
            "cost-center",
            LastAction {
                action: Action::Mark,
                at: T0,
            },
        )
        .await
        .unwrap();
    facts.last_actions = ledger
        .last_actions(&facts.arn, &["cost-center"])
        .await
        .unwrap();
    let outcome = run(
        run_at(&policy, T0 + Duration::days(1), true),
        vec![facts.clone()],
        &actions,
        Some(&ledger),
    )
    .await;
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    assert_eq!(
        actions.calls(),
        vec![
            format!("remove i-fixed [\"{MARK}\"]"),
            "remove i-fixed [\"autotag:enforce:gone-rule\"]".to_owned(),
        ]
    );
    assert!(
        ledger
            .last_actions(&facts.arn, &["cost-center"])
            .await
            .unwrap()
            .is_empty()
    );
}
