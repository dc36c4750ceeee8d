//! The Lambda edge: an SQS batch from the hub queue (with partial batch failure reporting), or
//! one EventBridge event delivered directly.
//!
//! For SQS, a message to retry is reported in `batchItemFailures` so that only it returns to the
//! queue. For a direct EventBridge event, a failure is returned as the invocation's error, so that
//! Lambda's asynchronous retries and on-failure destination take over.

pub mod enforce;
pub mod retag;

use lambda_runtime::{Diagnostic, LambdaEvent};
use serde_json::{Value, json};

use crate::clock;
use crate::ports::Redelivery;
use crate::processing::live::{BuildProcessor, LiveError, LiveProcessor};
use crate::processing::{Disposition, EventStatus, ItemOutcome, Processor, QueueMessage};
use tracing::warn;

/// Why an invocation failed.
#[derive(Debug, thiserror::Error)]
pub enum InvocationError {
    /// The payload is not an SQS batch and not an EventBridge event.
    #[error("payload is not an SQS batch or an EventBridge event: {reason}")]
    Unreadable {
        /// What is wrong.
        reason: String,
    },
    /// An event is malformed; retrying will not help, but the failed invocation carries it to
    /// the function's on-failure destination instead of dropping it.
    #[error("event `{event_id}` is malformed: {reason}")]
    Rejected {
        /// The event.
        event_id: String,
        /// Why.
        reason: String,
    },
    /// An event could not be tagged yet; retrying may succeed.
    #[error("event `{event_id}` failed: {reason}")]
    Failed {
        /// The event.
        event_id: String,
        /// Why.
        reason: String,
    },
}

impl From<InvocationError> for Diagnostic {
    fn from(err: InvocationError) -> Self {
        let error_type = match err {
            InvocationError::Unreadable { .. } | InvocationError::Rejected { .. } => "NonRetryable",
            InvocationError::Failed { .. } => "Retryable",
        };
        Diagnostic {
            error_type: error_type.to_owned(),
            error_message: err.to_string(),
        }
    }
}

/// Handles one invocation. A message whose event waits for identity context is put back
/// through `redelivery` to be seen again when its wait says, instead of after the queue's whole
/// visibility timeout; it is reported for retry either way.
pub async fn handle(
    processor: &Processor,
    redelivery: Option<&dyn Redelivery>,
    event: LambdaEvent<Value>,
) -> Result<Value, InvocationError> {
    let payload = event.payload;
    if let Some(records) = sqs_records(&payload) {
        let messages: Vec<QueueMessage> = records
            .iter()
            .map(|record| QueueMessage {
                id: text(record, "messageId"),
                body: text(record, "body"),
                receive_count: record
                    .get("attributes")
                    .and_then(|a| a.get("ApproximateReceiveCount"))
                    .and_then(Value::as_str)
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(1),
            })
            .collect();
        let results = processor.process_messages(&messages, clock::now()).await;
        let mut failures: Vec<Value> = Vec::new();
        for (result, record) in results.iter().zip(records) {
            let queue = text(record, "eventSourceARN");
            let kept = match (&result.disposition, redelivery) {
                (Disposition::Done | Disposition::Parked { .. }, _) => false,
                (Disposition::Retry { .. }, _) | (Disposition::Requeue { .. }, None) => true,
                (Disposition::Wait { seconds, .. }, redelivery) => {
                    let receipt = text(record, "receiptHandle");
                    if let Some(redelivery) = redelivery
                        && let Err(err) =
                            redelivery.redeliver_after(&queue, &receipt, *seconds).await
                    {
                        // The queue's visibility timeout still brings it back.
                        warn!(message_id = %result.id, error = %err, "could not shorten the wait");
                    }
                    true
                }
                (Disposition::Requeue { seconds, .. }, Some(redelivery)) => {
                    let body = text(record, "body");
                    match redelivery.requeue(&queue, &body, *seconds).await {
                        // Lambda deletes the original once the copy is queued.
                        Ok(()) => false,
                        Err(err) => {
                            warn!(message_id = %result.id, error = %err, "could not requeue; retrying");
                            true
                        }
                    }
                }
            };
            if kept {
                failures.push(json!({ "itemIdentifier": result.id }));
            }
        }
        return Ok(json!({ "batchItemFailures": failures }));
    }
    let items = processor
        .process_delivered(&payload.to_string(), clock::now())
        .await
        .map_err(|err| InvocationError::Unreadable {
            reason: err.to_string(),
        })?;
    let mut lines = Vec::new();
    for item in items {
        match item {
            ItemOutcome::Unreadable(rejected) => {
                return Err(InvocationError::Unreadable {
                    reason: rejected.reason,
                });
            }
            ItemOutcome::Processed(outcome) => {
                let event_id = outcome.decision.id.clone();
                let reason = outcome.problem().unwrap_or_default();
                match outcome.status() {
                    // A direct event cannot be put back to wait: Lambda's retry is the wait.
                    EventStatus::Failed | EventStatus::Waiting => {
                        return Err(InvocationError::Failed { event_id, reason });
                    }
                    EventStatus::Rejected => {
                        return Err(InvocationError::Rejected { event_id, reason });
                    }
                    EventStatus::Tagged
                    | EventStatus::Skipped
                    | EventStatus::Recorded
                    | EventStatus::Restored => {}
                }
                lines.push(outcome.line());
            }
        }
    }
    Ok(Value::Array(lines))
}

/// The hub's stores as the hub stack's environment names them.
pub fn hub_stores_from_env() -> crate::aws::HubStores {
    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    crate::aws::HubStores {
        dead_letter_url: var("AUTOTAG_DEAD_LETTER_QUEUE_URL"),
        max_receives: var("AUTOTAG_MAX_RECEIVES")
            .and_then(|n| n.parse().ok())
            .unwrap_or(3),
        session_table: var("AUTOTAG_SESSION_TABLE"),
        ledger_table: var("AUTOTAG_LEDGER_TABLE"),
        alert_topic_arn: var("AUTOTAG_ALERT_TOPIC_ARN"),
        concurrency: var("AUTOTAG_CONCURRENCY")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
    }
}

/// The function's processor at cold start: the policy from `source`, looked at again every
/// `ttl` (a new valid version is put in force without a deployment).
pub async fn start(
    options: &crate::aws::AwsOptions,
    stores: crate::aws::HubStores,
    source: crate::config::PolicySource,
    ttl: std::time::Duration,
) -> Result<LiveProcessor, LiveError> {
    let store: std::sync::Arc<dyn crate::ports::PolicyStore> = match source {
        crate::config::PolicySource::Parameter(name) => std::sync::Arc::new(
            crate::aws::config_store::ParameterPolicy::connect(options, name).await,
        ),
        crate::config::PolicySource::File(path) => {
            std::sync::Arc::new(crate::config::FilePolicy::new(Some(path)))
        }
        crate::config::PolicySource::Default => {
            std::sync::Arc::new(crate::config::FilePolicy::new(None))
        }
    };
    let options = options.clone();
    let build: BuildProcessor = Box::new(move |policy| {
        let (options, stores) = (options.clone(), stores.clone());
        Box::pin(async move {
            crate::aws::processor(policy, &options, stores)
                .await
                .map_err(Into::into)
        })
    });
    LiveProcessor::start(store, ttl, build, std::time::Instant::now()).await
}

/// Prints the figures `processor` gathered since the last call as CloudWatch Embedded Metric
/// Format documents, one per line on stdout, where Lambda hands them to CloudWatch Logs as
/// they are: a line that is already JSON is not wrapped again in JSON log format
/// (<https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html>),
/// and CloudWatch extracts the metrics from it
/// (<https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html>).
pub fn publish_metrics(
    processor: &Processor,
    now: time::OffsetDateTime,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let metrics = processor.take_metrics();
    let timestamp_ms = i64::try_from(now.unix_timestamp_nanos() / 1_000_000).unwrap_or(0);
    let install = processor.policy().install.metrics_install();
    for document in metrics.documents(install, timestamp_ms) {
        writeln!(out, "{document}")?;
    }
    out.flush()
}

/// `err` and each of its causes, joined with `: `: what an operator needs to read in an init
/// error, which Lambda otherwise reports by its outermost message only.
pub fn cause_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let shown = cause.to_string();
        // Some errors repeat their cause in their own message.
        if !text.ends_with(&shown) {
            text.push_str(": ");
            text.push_str(&shown);
        }
        source = cause.source();
    }
    text
}

fn sqs_records(payload: &Value) -> Option<&Vec<Value>> {
    let records = payload.get("Records")?.as_array()?;
    let from_sqs = records
        .first()
        .and_then(|r| r.get("eventSource"))
        .and_then(Value::as_str)
        == Some("aws:sqs");
    from_sqs.then_some(records)
}

fn text(record: &Value, key: &str) -> String {
    record
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::processing::tests::{FakeDeadLetters, FakeTagger, processor, volume_event};
    use lambda_runtime::Context;
    use std::sync::Arc;

    fn sqs_batch(bodies: &[String]) -> Value {
        let records: Vec<Value> = bodies
            .iter()
            .enumerate()
            .map(|(n, body)| {
                json!({"messageId": format!("m-{n}"), "body": body, "eventSource": "aws:sqs",
                       "attributes": {"ApproximateReceiveCount": "1"}})
            })
            .collect();
        json!({ "Records": records })
    }

    #[tokio::test]
    async fn an_sqs_batch_reports_only_the_messages_to_retry() {
        let failing = Arc::new(FakeTagger {
            failing: true,
            ..FakeTagger::default()
        });
        let processor = processor(failing, Some(Arc::new(FakeDeadLetters::default())));
        let skipped =
            volume_event("2024-01-01T00:00:00Z").replace("CreateVolume", "DescribeVolumes");
        let payload = sqs_batch(&[skipped, volume_event("2024-01-01T00:00:00Z")]);
        let response = handle(
            &processor,
            None,
            LambdaEvent::new(payload, Context::default()),
        )
        .await
        .unwrap();
        assert_eq!(
            response,
            json!({"batchItemFailures": [{"itemIdentifier": "m-1"}]})
        );
    }

    #[tokio::test]
    async fn a_direct_eventbridge_event_that_fails_fails_the_invocation() {
        let failing = Arc::new(FakeTagger {
            failing: true,
            ..FakeTagger::default()
        });
        let processor = processor(failing, None);
        let payload: Value = serde_json::from_str(&volume_event("2024-01-01T00:00:00Z")).unwrap();
        let err = handle(
            &processor,
            None,
            LambdaEvent::new(payload, Context::default()),
        )
        .await
        .unwrap_err();
        assert!(matches!(err, InvocationError::Failed { .. }));
        assert_eq!(Diagnostic::from(err).error_type, "Retryable");

        let processor = processor_ok();
        let payload: Value = serde_json::from_str(&volume_event("2024-01-01T00:00:00Z")).unwrap();
        let lines = handle(
            &processor,
            None,
            LambdaEvent::new(payload, Context::default()),
        )
        .await
        .unwrap();
        assert_eq!(lines[0]["status"], "tagged");
    }

    #[tokio::test]
    async fn a_forged_direct_event_is_refused_as_non_retryable() {
        let tagger = Arc::new(FakeTagger::default());
        let processor = processor(tagger.clone(), None);
        let genuine: Value = serde_json::from_str(&volume_event("2024-01-01T00:00:00Z")).unwrap();
        let mut forged = genuine.clone();
        forged["account"] = json!("333333333333");
        for payload in [forged, genuine["detail"].clone()] {
            let err = handle(
                &processor,
                None,
                LambdaEvent::new(payload, Context::default()),
            )
            .await
            .unwrap_err();
            assert!(matches!(err, InvocationError::Rejected { .. }), "{err}");
            assert_eq!(Diagnostic::from(err).error_type, "NonRetryable");
        }
        assert!(tagger.applied.lock().unwrap().is_empty());
    }

    fn processor_ok() -> Processor {
        processor(Arc::default(), None)
    }

    /// Records what it was asked to redeliver and to requeue.
    #[derive(Debug, Default)]
    struct FakeRedelivery {
        asked: std::sync::Mutex<Vec<(String, String, i32)>>,
        requeued: std::sync::Mutex<Vec<(String, String, i32)>>,
    }

    #[async_trait::async_trait]
    impl Redelivery for FakeRedelivery {
        async fn redeliver_after(
            &self,
            queue_arn: &str,
            receipt_handle: &str,
            seconds: i32,
        ) -> Result<(), crate::ports::BoxError> {
            self.asked
                .lock()
                .unwrap()
                .push((queue_arn.into(), receipt_handle.into(), seconds));
            Ok(())
        }

        async fn requeue(
            &self,
            queue_arn: &str,
            body: &str,
            seconds: i32,
        ) -> Result<(), crate::ports::BoxError> {
            self.requeued
                .lock()
                .unwrap()
                .push((queue_arn.into(), body.into(), seconds));
            Ok(())
        }
    }

    /// An SQS batch of one bucket made with a session whose STS record has not arrived, one
    /// minute ago, delivered for the `receive_count`th time.
    fn waiting_batch(receive_count: u32) -> Value {
        let created = clock::now() - time::Duration::minutes(1);
        let time = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            created.year(),
            u8::from(created.month()),
            created.day(),
            created.hour(),
            created.minute(),
            created.second()
        );
        let body = json!({"id": "ev-1", "source": "aws.s3", "account": "222222222222", "detail-type": "AWS API Call via CloudTrail", "detail": {
            "eventTime": time, "eventType": "AwsApiCall", "eventSource": "s3.amazonaws.com",
            "eventName": "CreateBucket", "awsRegion": "us-east-1", "recipientAccountId": "222222222222",
            "userIdentity": {"type": "AssumedRole", "accessKeyId": "ASIAEXAMPLE", "accountId": "222222222222",
                "arn": "arn:aws:sts::222222222222:assumed-role/dev/s"},
            "requestParameters": {"bucketName": "b"}}})
        .to_string();
        json!({"Records": [{"messageId": "m-0", "body": body, "eventSource": "aws:sqs",
            "receiptHandle": "handle-0", "eventSourceARN": "arn:aws:sqs:us-east-1:111111111111:autotag-hub",
            "attributes": {"ApproximateReceiveCount": receive_count.to_string()}}]})
    }

    fn waiting_processor() -> Processor {
        let identity = crate::processing::identity::IdentityContext::new(
            Some(Arc::new(crate::ports::memory::MemorySessions::default())),
            None,
        );
        processor(Arc::default(), Some(Arc::default())).with_identity(identity)
    }

    #[tokio::test]
    async fn a_waiting_message_is_redelivered_when_its_wait_says_and_reported_for_retry() {
        let processor = waiting_processor();
        let payload = waiting_batch(1);
        let redelivery = FakeRedelivery::default();
        let response = handle(
            &processor,
            Some(&redelivery),
            LambdaEvent::new(payload, Context::default()),
        )
        .await
        .unwrap();
        assert_eq!(
            response,
            json!({"batchItemFailures": [{"itemIdentifier": "m-0"}]})
        );
        let asked = redelivery.asked.lock().unwrap().clone();
        assert_eq!(asked.len(), 1);
        let (queue, receipt, seconds) = &asked[0];
        assert_eq!(
            (queue.as_str(), receipt.as_str()),
            ("arn:aws:sqs:us-east-1:111111111111:autotag-hub", "handle-0")
        );
        assert!(
            (100..=120).contains(seconds),
            "half the four minutes left: {seconds}"
        );
    }

    #[tokio::test]
    async fn a_message_that_has_used_its_deliveries_waits_as_a_fresh_copy() {
        let processor = waiting_processor();
        let payload = waiting_batch(3);
        let body = payload["Records"][0]["body"].as_str().unwrap().to_owned();
        let redelivery = FakeRedelivery::default();
        let response = handle(
            &processor,
            Some(&redelivery),
            LambdaEvent::new(payload, Context::default()),
        )
        .await
        .unwrap();
        // The copy is queued, so the original is not reported: Lambda deletes it.
        assert_eq!(response, json!({"batchItemFailures": []}));
        let requeued = redelivery.requeued.lock().unwrap().clone();
        assert_eq!(requeued.len(), 1);
        assert_eq!(
            requeued[0].0,
            "arn:aws:sqs:us-east-1:111111111111:autotag-hub"
        );
        assert_eq!(requeued[0].1, body, "the body is sent unchanged");
        assert!(redelivery.asked.lock().unwrap().is_empty());
        // Without a way to requeue, the message stays on the queue.
        let response = handle(
            &processor,
            None,
            LambdaEvent::new(waiting_batch(3), Context::default()),
        )
        .await
        .unwrap();
        assert_eq!(
            response,
            json!({"batchItemFailures": [{"itemIdentifier": "m-0"}]})
        );
    }

    #[tokio::test]
    async fn each_invocation_prints_its_figures_as_embedded_metrics() {
        let processor = processor(
            Arc::new(FakeTagger::default()),
            Some(Arc::new(FakeDeadLetters::default())),
        );
        let skipped =
            volume_event("2024-01-01T00:00:00Z").replace("CreateVolume", "DescribeVolumes");
        let payload = sqs_batch(&[
            volume_event("2024-01-01T00:00:00Z"),
            skipped,
            "not json".to_owned(),
        ]);
        handle(
            &processor,
            None,
            LambdaEvent::new(payload, Context::default()),
        )
        .await
        .unwrap();
        let mut printed = Vec::new();
        let now = time::macros::datetime!(2024-01-01 00:00:05 UTC);
        publish_metrics(&processor, now, &mut printed).unwrap();
        let documents: Vec<Value> = String::from_utf8(printed)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        let counted = |metric: &str| -> u64 {
            documents
                .iter()
                .filter_map(|d| d.get(metric).and_then(Value::as_u64))
                .sum()
        };
        assert_eq!(counted("EventsTagged"), 1, "{documents:#?}");
        assert_eq!(counted("EventsSkipped"), 1, "{documents:#?}");
        assert_eq!(counted("EventsParked"), 1, "{documents:#?}");
        let tagged = documents
            .iter()
            .find(|d| d.get("EventsTagged").is_some())
            .unwrap();
        assert_eq!(tagged["Route"], "ec2");
        assert_eq!(tagged["Install"], "autotag");
        assert_eq!(tagged["_aws"]["Timestamp"], 1_704_067_205_000_i64);
        assert!(documents.iter().any(|d| d.get("TagCallLatency").is_some()));
        // The tally starts again: a quiet invocation prints nothing.
        let mut quiet = Vec::new();
        publish_metrics(&processor, now, &mut quiet).unwrap();
        assert!(quiet.is_empty());
    }
}
