//! Tests of processing.

use super::*;
use crate::ports::{BoxError, FailureKind, ResourceFailure, ResourceReport, ResourceStatus};
use async_trait::async_trait;
use autotag_core::plan::TagPlan;
use autotag_core::plan::plan;
use std::sync::Mutex;

/// Records the plans it is given, and how many each `apply_all` call held; fails every
/// resource when `failing`, and the resources named in `failing_arns`.
#[derive(Debug, Default)]
pub(crate) struct FakeTagger {
    pub(crate) failing: bool,
    pub(crate) failing_arns: Vec<String>,
    pub(crate) applied: Mutex<Vec<Vec<String>>>,
    pub(crate) tags: Mutex<Vec<Vec<(String, String)>>>,
    pub(crate) calls: Mutex<Vec<usize>>,
}

#[async_trait]
impl ResourceTagger for FakeTagger {
    async fn apply_all(&self, plans: &[&TagPlan]) -> Vec<ApplyReport> {
        self.calls.lock().unwrap().push(plans.len());
        let mut reports = Vec::new();
        for plan in plans {
            reports.push(self.apply(plan).await);
        }
        reports
    }

    async fn apply(&self, plan: &TagPlan) -> ApplyReport {
        let arns: Vec<String> = plan.arns().map(ToString::to_string).collect();
        self.applied.lock().unwrap().push(arns.clone());
        self.tags.lock().unwrap().push(
            plan.tags
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        let mut report = ApplyReport::default();
        for arn in arns {
            if self.failing || self.failing_arns.contains(&arn) {
                report.failures.push(ResourceFailure {
                    arn,
                    operation: "ec2:CreateTags",
                    kind: FailureKind::Transient,
                    source: "RequestLimitExceeded".into(),
                });
            } else {
                let keys = plan.tags.iter().map(|(k, _)| k.to_string()).collect();
                report.resources.push(ResourceReport {
                    arn,
                    status: ResourceStatus::Tagged { keys },
                });
            }
        }
        report
    }
}

/// Stores parked messages; refuses them when `broken`.
#[derive(Debug, Default)]
pub(crate) struct FakeDeadLetters {
    pub(crate) broken: bool,
    pub(crate) parked: Mutex<Vec<(String, String)>>,
}

#[async_trait]
impl DeadLetters for FakeDeadLetters {
    async fn park(&self, body: &str, reason: &str) -> Result<(), BoxError> {
        if self.broken {
            return Err("SendMessage failed".into());
        }
        self.parked
            .lock()
            .unwrap()
            .push((body.to_owned(), reason.to_owned()));
        Ok(())
    }
}

pub(crate) fn volume_event(time: &str) -> String {
    serde_json::json!({
        "id": "ev-1", "source": "aws.ec2", "account": "222222222222",
        "detail-type": "AWS API Call via CloudTrail",
        "detail": {
            "eventTime": time, "eventType": "AwsApiCall", "eventSource": "ec2.amazonaws.com",
            "eventName": "CreateVolume", "awsRegion": "us-east-1", "recipientAccountId": "222222222222",
            "userIdentity": {"type": "IAMUser", "userName": "alice", "arn": "arn:aws:iam::222222222222:user/alice"},
            "responseElements": {"volumeId": "vol-1"}
        }
    })
    .to_string()
}

pub(crate) fn processor(
    tagger: Arc<FakeTagger>,
    dead_letters: Option<Arc<FakeDeadLetters>>,
) -> Processor {
    let processor = Processor::new(Arc::new(TagPolicy::default()), tagger);
    match dead_letters {
        Some(dead_letters) => processor.with_dead_letters(dead_letters, 3),
        None => processor,
    }
}

fn message(body: String, receive_count: u32) -> QueueMessage {
    QueueMessage {
        id: "m-1".into(),
        body,
        receive_count,
    }
}

async fn dispose(processor: &Processor, message: QueueMessage) -> Disposition {
    processor
        .process_messages(&[message], crate::clock::now())
        .await
        .remove(0)
        .disposition
}

#[tokio::test]
async fn a_tagged_event_is_done() {
    let tagger = Arc::new(FakeTagger::default());
    let processor = processor(tagger.clone(), Some(Arc::default()));
    let disposition = dispose(&processor, message(volume_event("2024-01-01T00:00:00Z"), 1)).await;
    assert_eq!(disposition, Disposition::Done);
    assert_eq!(
        *tagger.applied.lock().unwrap(),
        vec![vec![
            "arn:aws:ec2:us-east-1:222222222222:volume/vol-1".to_owned()
        ]]
    );
}

#[tokio::test]
async fn a_failing_event_is_retried_then_parked_with_its_reason() {
    let tagger = Arc::new(FakeTagger {
        failing: true,
        ..FakeTagger::default()
    });
    let dead_letters = Arc::new(FakeDeadLetters::default());
    let processor = processor(tagger, Some(dead_letters.clone()));
    let body = volume_event("2024-01-01T00:00:00Z");
    assert!(matches!(
        dispose(&processor, message(body.clone(), 1)).await,
        Disposition::Retry { .. }
    ));
    assert!(matches!(
        dispose(&processor, message(body.clone(), 2)).await,
        Disposition::Retry { .. }
    ));
    assert!(dead_letters.parked.lock().unwrap().is_empty());
    let Disposition::Parked { reason } = dispose(&processor, message(body.clone(), 3)).await else {
        panic!()
    };
    assert!(
        reason.contains("RequestLimitExceeded") && reason.contains("vol-1"),
        "{reason}"
    );
    assert_eq!(*dead_letters.parked.lock().unwrap(), vec![(body, reason)]);
}

#[tokio::test]
async fn a_malformed_event_is_parked_at_once() {
    let dead_letters = Arc::new(FakeDeadLetters::default());
    let processor = processor(Arc::default(), Some(dead_letters.clone()));
    let Disposition::Parked { reason } =
        dispose(&processor, message(volume_event("soon"), 1)).await
    else {
        panic!()
    };
    assert!(reason.contains("`eventTime` `soon`"), "{reason}");
    let Disposition::Parked { reason } = dispose(&processor, message("not json".into(), 1)).await
    else {
        panic!()
    };
    assert!(reason.contains("not JSON"), "{reason}");
    assert_eq!(dead_letters.parked.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_queue_message_is_believed_only_as_eventbridge_delivers_it() {
    let dead_letters = Arc::new(FakeDeadLetters::default());
    let tagger = Arc::new(FakeTagger::default());
    let processor = processor(tagger.clone(), Some(dead_letters.clone()));
    let genuine: serde_json::Value =
        serde_json::from_str(&volume_event("2024-01-01T00:00:00Z")).unwrap();
    let mut forged_source = genuine.clone();
    forged_source["source"] = "custom.ec2".into();
    let mut forged_account = genuine.clone();
    forged_account["account"] = "333333333333".into();
    let bare = genuine["detail"].clone();
    for (forged, why) in [
        (forged_source, "`custom.ec2` is not an AWS source"),
        (
            forged_account,
            "is not the envelope's account `333333333333`",
        ),
        (bare, "bare CloudTrail record"),
    ] {
        let Disposition::Parked { reason } =
            dispose(&processor, message(forged.to_string(), 1)).await
        else {
            panic!("{why}")
        };
        assert!(reason.contains(why), "{reason}");
    }
    assert!(tagger.applied.lock().unwrap().is_empty(), "nothing tagged");
    assert_eq!(
        dispose(&processor, message(genuine.to_string(), 1)).await,
        Disposition::Done
    );
    assert_eq!(tagger.applied.lock().unwrap().len(), 1);
    // The operator's own files may hold bare records (CloudTrail log files).
    let outcomes = processor
        .process_document(
            &serde_json::json!({"Records": [genuine["detail"]]}).to_string(),
            crate::clock::now(),
        )
        .await
        .unwrap();
    let ItemOutcome::Processed(outcome) = &outcomes[0] else {
        panic!()
    };
    assert_eq!(outcome.status(), EventStatus::Tagged);
}

#[tokio::test]
async fn nothing_is_dropped_when_parking_fails_or_there_is_no_dead_letter_queue() {
    let broken = Arc::new(FakeDeadLetters {
        broken: true,
        ..FakeDeadLetters::default()
    });
    let processor_with_broken = processor(Arc::default(), Some(broken));
    assert!(matches!(
        dispose(&processor_with_broken, message("{}".into(), 5)).await,
        Disposition::Retry { .. }
    ));
    let processor_without = processor(Arc::default(), None);
    assert!(matches!(
        dispose(&processor_without, message("{}".into(), 5)).await,
        Disposition::Retry { .. }
    ));
}

#[tokio::test]
async fn skipped_events_are_done_without_tagging() {
    let tagger = Arc::new(FakeTagger::default());
    let processor = processor(tagger.clone(), None);
    let body = volume_event("2024-01-01T00:00:00Z").replace("CreateVolume", "DescribeVolumes");
    assert_eq!(
        dispose(&processor, message(body, 1)).await,
        Disposition::Done
    );
    assert!(tagger.applied.lock().unwrap().is_empty());
}

fn planned(body: &str, now: OffsetDateTime) -> TagPlan {
    let event = parse_document(body).unwrap().remove(0).unwrap();
    match plan(&event, &TagPolicy::default(), now).outcome {
        Outcome::Tag(plan) => plan,
        other => panic!("{other:?}"),
    }
}

fn report(gone: bool, failure: Option<FailureKind>) -> ApplyReport {
    let arn = "arn:aws:ec2:us-east-1:222222222222:volume/vol-1".to_owned();
    let mut report = ApplyReport::default();
    if gone {
        report.resources.push(ResourceReport {
            arn: arn.clone(),
            status: ResourceStatus::Gone {
                reason: "InvalidVolume.NotFound".into(),
            },
        });
    }
    if let Some(kind) = failure {
        report.failures.push(ResourceFailure {
            arn,
            operation: "tag:TagResources",
            kind,
            source: "InvalidParameterException".into(),
        });
    }
    report
}

#[test]
fn not_found_just_after_creation_waits_briefly_then_counts_as_gone() {
    let created = time::macros::datetime!(2024-01-01 00:00 UTC);
    let plan = planned(&volume_event("2024-01-01T00:00:00Z"), created);
    let soon = created + Duration::seconds(30);
    let (reason, seconds) = not_ready_yet(&plan, &report(true, None), soon).unwrap();
    assert!(reason.contains("vol-1"), "{reason}");
    assert_eq!(seconds, 15);
    assert!(not_ready_yet(&plan, &report(true, None), created + Duration::minutes(3)).is_none());
    // An immediate resource's failure is a failure, not a wait.
    assert!(not_ready_yet(&plan, &report(false, Some(FailureKind::Other)), soon).is_none());
}

#[test]
fn a_when_available_resource_waits_on_failures_but_not_on_denials_and_not_forever() {
    let created = time::macros::datetime!(2024-01-01 00:00 UTC);
    let mut plan = planned(&volume_event("2024-01-01T00:00:00Z"), created);
    plan.readiness = Readiness::WhenAvailable;
    let soon = created + Duration::minutes(5);
    assert_eq!(
        not_ready_yet(&plan, &report(false, Some(FailureKind::Other)), soon).map(|w| w.1),
        Some(60)
    );
    assert!(not_ready_yet(&plan, &report(false, Some(FailureKind::Denied)), soon).is_none());
    let late = created + Duration::minutes(31);
    assert!(not_ready_yet(&plan, &report(false, Some(FailureKind::Other)), late).is_none());
}

/// The hub queue's redrive limit (`maxReceiveCount` in `stacksets/hub.yaml`): a copy
/// received this many times would be moved to the dead-letter queue by SQS, without a
/// reason.
const QUEUE_REDRIVE_LIMIT: u32 = 10;
/// The hub queue's visibility timeout: when a message to retry comes back.
const VISIBILITY_TIMEOUT_SECONDS: i64 = 900;

/// Answers every resource as not found, as a service does just after creating it.
#[derive(Debug, Default)]
struct NotFoundTagger;

#[async_trait]
impl ResourceTagger for NotFoundTagger {
    async fn apply(&self, plan: &TagPlan) -> ApplyReport {
        ApplyReport {
            resources: plan
                .arns()
                .map(|arn| ResourceReport {
                    arn: arn.to_string(),
                    status: ResourceStatus::Gone {
                        reason: "NotFound".into(),
                    },
                })
                .collect(),
            failures: Vec::new(),
        }
    }
}

/// What became of a message the queue delivered until it was settled.
#[derive(Debug)]
struct Drained {
    last: Disposition,
    most_receives_of_a_copy: u32,
    copies: u32,
    elapsed_seconds: i64,
}

/// Plays the queue on a simulated clock: delivers `body`, first at `start`, until it is
/// done or parked, moving the clock by each disposition's delay; a requeued copy starts
/// its receive count again.
async fn drain(processor: &Processor, body: &str, start: OffsetDateTime) -> Drained {
    let mut now = start;
    let (mut receives, mut most, mut copies) = (0, 0, 1);
    for _ in 0..10_000 {
        receives += 1;
        most = most.max(receives);
        let message = QueueMessage {
            id: format!("copy-{copies}"),
            body: body.to_owned(),
            receive_count: receives,
        };
        let disposition = processor
            .process_messages(&[message], now)
            .await
            .remove(0)
            .disposition;
        now += Duration::seconds(match &disposition {
            Disposition::Done | Disposition::Parked { .. } => {
                return Drained {
                    last: disposition,
                    most_receives_of_a_copy: most,
                    copies,
                    elapsed_seconds: (now - start).whole_seconds(),
                };
            }
            Disposition::Wait { seconds, .. } => i64::from(*seconds),
            Disposition::Retry { .. } => VISIBILITY_TIMEOUT_SECONDS,
            Disposition::Requeue { seconds, .. } => {
                assert!((0..=900).contains(seconds), "SQS delays at most 900 s");
                receives = 0;
                copies += 1;
                i64::from(*seconds)
            }
        });
    }
    panic!("the message never settled");
}

fn at(time: OffsetDateTime, mut event: serde_json::Value) -> String {
    let whole_seconds = time.replace_nanosecond(0).unwrap();
    event["detail"]["eventTime"] = whole_seconds
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
        .into();
    event.to_string()
}

#[tokio::test]
async fn waiting_never_uses_up_the_queues_deliveries() {
    let start = crate::clock::now() - Duration::seconds(5);
    // A bucket made with a session whose STS record never arrives.
    let bucket: serde_json::Value = serde_json::json!({"id": "ev-1", "source": "aws.s3",
        "account": "222222222222", "detail-type": "AWS API Call via CloudTrail", "detail": {
        "eventType": "AwsApiCall", "eventSource": "s3.amazonaws.com",
        "eventName": "CreateBucket", "awsRegion": "us-east-1", "recipientAccountId": "222222222222",
        "userIdentity": {"type": "AssumedRole", "accessKeyId": "ASIAEXAMPLE", "accountId": "222222222222",
            "arn": "arn:aws:sts::222222222222:assumed-role/dev/s"},
        "requestParameters": {"bucketName": "b"}}});
    // A resource of a row that refuses tags until the service has made it.
    let row = autotag_core::registry::rows()
        .iter()
        .find(|r| r.readiness == Readiness::WhenAvailable)
        .unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures")
        .join(row.fixture);
    let not_yet_available: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    for max_receives in [1, 2, 3, 5, 9] {
        for wait_seconds in [0, 1, 30, 300, 900, 3600] {
            let policy =
                TagPolicy::from_toml(&format!("[inherit]\nwait_seconds = {wait_seconds}")).unwrap();
            let processor = Processor::new(Arc::new(policy), Arc::new(FakeTagger::default()))
                .with_identity(IdentityContext::new(
                    Some(Arc::new(crate::ports::memory::MemorySessions::default())),
                    None,
                ))
                .with_dead_letters(Arc::new(FakeDeadLetters::default()), max_receives);
            let drained = drain(&processor, &at(start, bucket.clone()), start).await;
            let case = format!("max {max_receives}, wait {wait_seconds}: {drained:?}");
            assert_eq!(drained.last, Disposition::Done, "{case}");
            assert!(
                drained.most_receives_of_a_copy <= max_receives
                    && drained.most_receives_of_a_copy < QUEUE_REDRIVE_LIMIT,
                "{case}"
            );
            assert!(
                drained.elapsed_seconds >= i64::from(wait_seconds) - 5,
                "{case}"
            );
        }
        // Never available: waits its 30 minutes, then fails, retries and is parked by
        // autotag with its reason, never redriven by SQS.
        let failing = Arc::new(FakeTagger {
            failing: true,
            ..FakeTagger::default()
        });
        let dead_letters = Arc::new(FakeDeadLetters::default());
        let processor = Processor::new(Arc::new(TagPolicy::default()), failing)
            .with_dead_letters(dead_letters.clone(), max_receives);
        let drained = drain(&processor, &at(start, not_yet_available.clone()), start).await;
        let case = format!("max {max_receives}, when-available: {drained:?}");
        let Disposition::Parked { reason } = &drained.last else {
            panic!("{case}")
        };
        assert!(reason.contains("RequestLimitExceeded"), "{case}");
        assert!(drained.elapsed_seconds >= 30 * 60, "{case}");
        assert!(drained.copies > 1, "thirty waits take fresh copies: {case}");
        assert!(
            drained.most_receives_of_a_copy <= max_receives.max(1)
                && drained.most_receives_of_a_copy < QUEUE_REDRIVE_LIMIT,
            "{case}"
        );
        assert_eq!(dead_letters.parked.lock().unwrap().len(), 1, "{case}");
        // Not found just after creation: looked for again for two minutes, then gone.
        let processor = Processor::new(Arc::new(TagPolicy::default()), Arc::new(NotFoundTagger))
            .with_dead_letters(Arc::new(FakeDeadLetters::default()), max_receives);
        let drained = drain(&processor, &at(start, bucket.clone()), start).await;
        let case = format!("max {max_receives}, not found: {drained:?}");
        assert_eq!(drained.last, Disposition::Done, "{case}");
        assert!(drained.most_receives_of_a_copy <= max_receives, "{case}");
    }
}

fn volume_event_named(event_id: &str, volume_id: &str, time: &str) -> String {
    let mut event: serde_json::Value = serde_json::from_str(&volume_event(time)).unwrap();
    event["id"] = event_id.into();
    event["detail"]["responseElements"]["volumeId"] = volume_id.into();
    event.to_string()
}

fn numbered(id: &str, body: String) -> QueueMessage {
    QueueMessage {
        id: id.into(),
        body,
        receive_count: 1,
    }
}

#[tokio::test]
async fn a_batch_is_applied_in_one_call_and_a_failure_keeps_only_its_own_message() {
    let tagger = Arc::new(FakeTagger {
        failing_arns: vec!["arn:aws:ec2:us-east-1:222222222222:volume/vol-2".to_owned()],
        ..FakeTagger::default()
    });
    let processor = processor(tagger.clone(), Some(Arc::default()));
    let messages: Vec<QueueMessage> = (1..=3)
        .map(|n| {
            numbered(
                &format!("m-{n}"),
                volume_event_named(
                    &format!("ev-{n}"),
                    &format!("vol-{n}"),
                    "2024-01-01T00:00:00Z",
                ),
            )
        })
        .collect();
    let results = processor
        .process_messages(&messages, crate::clock::now())
        .await;
    assert_eq!(
        *tagger.calls.lock().unwrap(),
        [3],
        "one tagger call for the batch"
    );
    let dispositions: Vec<(&str, bool)> = results
        .iter()
        .map(|r| (r.id.as_str(), r.disposition == Disposition::Done))
        .collect();
    assert_eq!(dispositions, [("m-1", true), ("m-2", false), ("m-3", true)]);
    assert!(
        matches!(&results[1].disposition, Disposition::Retry { reason } if reason.contains("vol-2")),
        "{:?}",
        results[1].disposition
    );
}

#[tokio::test]
async fn two_events_naming_one_resource_are_applied_in_order_in_separate_calls() {
    let tagger = Arc::new(FakeTagger::default());
    let processor = processor(tagger.clone(), Some(Arc::default()));
    let messages = [
        numbered(
            "m-1",
            volume_event_named("ev-1", "vol-1", "2024-01-01T00:00:00Z"),
        ),
        numbered(
            "m-2",
            volume_event_named("ev-2", "vol-1", "2024-01-01T00:05:00Z"),
        ),
        numbered(
            "m-3",
            volume_event_named("ev-3", "vol-3", "2024-01-01T00:06:00Z"),
        ),
    ];
    let results = processor
        .process_messages(&messages, crate::clock::now())
        .await;
    assert!(results.iter().all(|r| r.disposition == Disposition::Done));
    // The first call holds the first event and the one that names another resource; the
    // second event's plan comes after, so the first stamp is the one written first.
    assert_eq!(*tagger.calls.lock().unwrap(), [2, 1]);
    let dates: Vec<String> = tagger
        .tags
        .lock()
        .unwrap()
        .iter()
        .map(|tags| {
            tags.iter()
                .find(|(k, _)| k == "dateCreated")
                .map(|(_, v)| v.clone())
                .unwrap()
        })
        .collect();
    assert_eq!(
        dates,
        [
            "2024-01-01T00:00:00Z",
            "2024-01-01T00:06:00Z",
            "2024-01-01T00:05:00Z"
        ]
    );
}

#[tokio::test]
async fn a_forged_message_in_a_batch_of_genuine_ones_is_parked_alone() {
    let tagger = Arc::new(FakeTagger::default());
    let dead_letters = Arc::new(FakeDeadLetters::default());
    let processor = processor(tagger.clone(), Some(dead_letters.clone()));
    let mut forged: serde_json::Value =
        serde_json::from_str(&volume_event_named("ev-2", "vol-2", "2024-01-01T00:00:00Z")).unwrap();
    // Another account's envelope on this account's record: EventBridge never delivers that.
    forged["account"] = "333333333333".into();
    let messages = [
        numbered(
            "m-1",
            volume_event_named("ev-1", "vol-1", "2024-01-01T00:00:00Z"),
        ),
        numbered("m-2", forged.to_string()),
        numbered(
            "m-3",
            volume_event_named("ev-3", "vol-3", "2024-01-01T00:00:00Z"),
        ),
    ];
    let results = processor
        .process_messages(&messages, crate::clock::now())
        .await;
    assert_eq!(results[0].disposition, Disposition::Done);
    assert!(
        matches!(&results[1].disposition, Disposition::Parked { .. }),
        "{:?}",
        results[1].disposition
    );
    assert_eq!(results[2].disposition, Disposition::Done);
    let tagged: Vec<String> = tagger.applied.lock().unwrap().concat();
    assert_eq!(
        tagged,
        [
            "arn:aws:ec2:us-east-1:222222222222:volume/vol-1",
            "arn:aws:ec2:us-east-1:222222222222:volume/vol-3"
        ]
    );
    assert_eq!(dead_letters.parked.lock().unwrap().len(), 1);
}

mod enforcing_on_arrival {
    //! Enforcement as events arrive: judged after tagging, never changing what becomes of the
    //! message.

    use super::*;
    use crate::ports::Notifier;
    use crate::ports::memory::RecordingActions;
    use crate::processing::enforcing::EventEnforcement;
    use autotag_core::enforce::notify::Notification;

    #[derive(Debug, Default)]
    struct FakeNotifier {
        subjects: Mutex<Vec<String>>,
    }

    #[async_trait]
    impl Notifier for FakeNotifier {
        async fn deliver(&self, notification: &Notification) -> Result<(), BoxError> {
            self.subjects
                .lock()
                .unwrap()
                .push(notification.subject.clone());
            Ok(())
        }
    }

    fn enforcing(
        dry_run: bool,
        tagger: FakeTagger,
        actions: Arc<RecordingActions>,
        notifier: Arc<FakeNotifier>,
    ) -> Processor {
        let policy = TagPolicy::from_toml(&format!(
            r#"
[[enforce]]
name = "cost-center"
resource_types = ["ec2:volume"]
dry_run = {dry_run}
required_tags = [{{ key = "CostCenter" }}]
steps = [{{ action = "notify" }}, {{ action = "mark" }}]
"#
        ))
        .unwrap();
        Processor::new(Arc::new(policy), Arc::new(tagger))
            .with_dead_letters(Arc::new(FakeDeadLetters::default()), 3)
            .with_enforcement(Some(EventEnforcement::new(actions, None, Some(notifier))))
    }

    #[tokio::test]
    async fn a_tagged_creation_is_marked_and_told_and_the_message_is_done() {
        let (actions, notifier) = (
            Arc::<RecordingActions>::default(),
            Arc::<FakeNotifier>::default(),
        );
        let processor = enforcing(
            false,
            FakeTagger::default(),
            actions.clone(),
            notifier.clone(),
        );
        let disposition =
            dispose(&processor, message(volume_event("2024-01-01T00:00:00Z"), 1)).await;
        assert_eq!(disposition, Disposition::Done);
        let calls = actions.calls();
        assert_eq!(calls.first().map(String::as_str), Some("observe vol-1"));
        assert!(
            calls
                .iter()
                .any(|c| c.starts_with("set vol-1 ") && c.contains("autotag:enforce:cost-center")),
            "{calls:?}"
        );
        assert_eq!(notifier.subjects.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn a_creation_whose_tagging_failed_is_not_judged_and_is_retried() {
        let (actions, notifier) = (
            Arc::<RecordingActions>::default(),
            Arc::<FakeNotifier>::default(),
        );
        let failing = FakeTagger {
            failing: true,
            ..FakeTagger::default()
        };
        let processor = enforcing(false, failing, actions.clone(), notifier.clone());
        let disposition =
            dispose(&processor, message(volume_event("2024-01-01T00:00:00Z"), 1)).await;
        assert!(
            matches!(disposition, Disposition::Retry { .. }),
            "{disposition:?}"
        );
        assert!(actions.calls().is_empty());
        assert!(notifier.subjects.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn an_unreadable_resource_is_left_to_the_sweep_and_never_blocks_the_message() {
        let actions = Arc::new(RecordingActions::failing(vec![("vol-1", "observe")]));
        let notifier = Arc::<FakeNotifier>::default();
        let processor = enforcing(
            false,
            FakeTagger::default(),
            actions.clone(),
            notifier.clone(),
        );
        let disposition =
            dispose(&processor, message(volume_event("2024-01-01T00:00:00Z"), 1)).await;
        assert_eq!(disposition, Disposition::Done);
        assert_eq!(actions.calls(), vec!["observe vol-1"]);
        assert!(notifier.subjects.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_dry_run_rule_changes_nothing_and_tells_nobody_on_arrival() {
        let (actions, notifier) = (
            Arc::<RecordingActions>::default(),
            Arc::<FakeNotifier>::default(),
        );
        let processor = enforcing(
            true,
            FakeTagger::default(),
            actions.clone(),
            notifier.clone(),
        );
        let disposition =
            dispose(&processor, message(volume_event("2024-01-01T00:00:00Z"), 1)).await;
        assert_eq!(disposition, Disposition::Done);
        assert_eq!(actions.calls(), vec!["observe vol-1"]);
        assert!(notifier.subjects.lock().unwrap().is_empty());
    }
}
