//! Processing: parse, plan, apply, and decide what becomes of each queue message.
//!
//! The same code serves the Lambda (SQS batches and direct EventBridge events), `autotag hub`
//! (polling the queue) and `autotag handle` (files). Failures are never dropped: a message whose
//! event failed is retried, and once it has been received `max_receives` times, or when it can
//! never succeed (malformed), it is parked in the dead-letter queue with its reason.

use std::sync::Arc;

use autotag_core::event::Origin;
use autotag_core::event::{Event, ParseError, Rejected, parse_document};
use autotag_core::plan::{Decision, Outcome, plan};
use autotag_core::policy::TagPolicy;
use autotag_core::trust::Distrust;
use serde::Serialize;
use serde_json::json;
use time::OffsetDateTime;
use tracing::{info, warn};

use crate::identity::{Enriched, IdentityContext};
use crate::ports::{Alerts, ApplyReport, DeadLetters, FailureKind, ResourceStatus, ResourceTagger};
use autotag_core::plan::TagPlan;
use autotag_core::registry::Readiness;
use time::Duration;

/// The end state of one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    /// Every resource was tagged, already stamped, or gone.
    Tagged,
    /// The plan skipped the event.
    Skipped,
    /// The event is malformed.
    Rejected,
    /// Some resource could not be tagged, or a session could not be recorded.
    Failed,
    /// The tags depend on context that has not arrived yet (the creating session, the
    /// launching group's stamp); the event is looked at again later.
    Waiting,
    /// An STS session was recorded for later events to join.
    Recorded,
    /// A tag change removed or overwrote stamps the ledger holds, and they were put back.
    Restored,
}

/// One event's decision and what applying it did.
#[derive(Debug)]
pub struct EventOutcome {
    /// What core decided.
    pub decision: Decision,
    /// What the tagger did, for `tag` decisions (or why recording a session failed).
    pub report: Option<ApplyReport>,
    /// What the event waits for, and how many seconds until it is looked at again.
    pub waiting: Option<(String, i32)>,
}

impl EventOutcome {
    /// The end state.
    pub fn status(&self) -> EventStatus {
        if self.waiting.is_some() {
            return EventStatus::Waiting;
        }
        match (&self.decision.outcome, &self.report) {
            (Outcome::Skip(_), _) => EventStatus::Skipped,
            (Outcome::Reject(_), _) => EventStatus::Rejected,
            (Outcome::Tag(_) | Outcome::Session(_), Some(report))
                if !report.failures.is_empty() =>
            {
                EventStatus::Failed
            }
            (Outcome::Tag(_), _) => EventStatus::Tagged,
            (Outcome::Session(_), Some(_)) => EventStatus::Recorded,
            (Outcome::Session(_), None) => EventStatus::Skipped,
            (Outcome::TagChange(_), Some(report)) if !report.failures.is_empty() => {
                EventStatus::Failed
            }
            (Outcome::TagChange(_), Some(report)) if !report.resources.is_empty() => {
                EventStatus::Restored
            }
            (Outcome::TagChange(_), _) => EventStatus::Skipped,
        }
    }

    /// Why the event did not end tagged, if it did not.
    pub fn problem(&self) -> Option<String> {
        if let Some((reason, _)) = &self.waiting {
            return Some(format!("waiting: {reason}"));
        }
        match (&self.decision.outcome, &self.report) {
            (Outcome::Reject(reason), _) => Some(reason.clone()),
            (Outcome::Tag(_) | Outcome::Session(_) | Outcome::TagChange(_), Some(report))
                if !report.failures.is_empty() =>
            {
                Some(
                    report
                        .failures
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            }
            _ => None,
        }
    }

    /// The JSON line `autotag handle` prints: the plan line plus what was applied.
    pub fn line(&self) -> serde_json::Value {
        let mut line = serde_json::to_value(self.decision.line()).unwrap_or_default();
        if let Some(object) = line.as_object_mut() {
            object.insert(
                "status".into(),
                serde_json::to_value(self.status()).unwrap_or_default(),
            );
            if let Some(report) = &self.report {
                object.insert(
                    "applied".into(),
                    serde_json::to_value(&report.resources).unwrap_or_default(),
                );
                let failures: Vec<String> =
                    report.failures.iter().map(ToString::to_string).collect();
                object.insert("failures".into(), failures.into());
            }
            if let Some((reason, seconds)) = &self.waiting {
                object.insert(
                    "waiting".into(),
                    json!({"reason": reason, "seconds": seconds}),
                );
            }
        }
        line
    }
}

/// Who hands a document to the hub, which decides what it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Provenance {
    /// EventBridge, through the hub queue or a direct invocation.
    Delivered,
    /// An operator, through `autotag handle`.
    Operator,
}

/// The outcome of an event refused before planning, with why.
fn refused(event: &Event, distrust: &Distrust) -> EventOutcome {
    let outcome = EventOutcome {
        decision: Decision {
            id: event.id.clone(),
            principal: None,
            outcome: Outcome::Reject(distrust.to_string()),
        },
        report: None,
        waiting: None,
    };
    log_outcome(&outcome);
    outcome
}

/// One item of a document: processed, or unreadable.
#[derive(Debug)]
pub enum ItemOutcome {
    /// The event was processed.
    Processed(Box<EventOutcome>),
    /// The item is not an event.
    Unreadable(Rejected),
}

/// A message from the hub queue.
#[derive(Debug, Clone)]
pub struct QueueMessage {
    /// The queue's message id (the Lambda batch item identifier).
    pub id: String,
    /// The body: an EventBridge event.
    pub body: String,
    /// How many times the queue has delivered it, this time included.
    pub receive_count: u32,
}

/// What to do with a message after processing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disposition {
    /// Done: delete it.
    Done,
    /// Leave it on the queue to be delivered again.
    Retry {
        /// Why.
        reason: String,
    },
    /// Leave it on the queue, to be looked at again after `seconds`: context its tags depend
    /// on has not arrived. Waiting never parks a message; the wait itself is bounded.
    Wait {
        /// What it waits for.
        reason: String,
        /// When to look again.
        seconds: i32,
    },
    /// Put a fresh copy on the queue, delivered after `seconds`, and delete this one: it must
    /// wait longer, but has already been delivered `max_receives` times, and waiting on this
    /// copy would bring it to the queue's redrive limit, where SQS would move it to the
    /// dead-letter queue without a reason. Waiting is bounded by time, so requeues end.
    Requeue {
        /// What it waits for.
        reason: String,
        /// When the copy is delivered (SQS delays a message at most 900 s).
        seconds: i32,
    },
    /// It was stored in the dead-letter queue with its reason: delete it.
    Parked {
        /// Why.
        reason: String,
    },
}

/// One message's processing: its disposition and the lines of the events it held.
#[derive(Debug, Clone)]
pub struct MessageResult {
    /// The message id.
    pub id: String,
    /// What to do with the message.
    pub disposition: Disposition,
    /// Each event's result, as `autotag handle` prints it.
    pub events: Vec<serde_json::Value>,
}

/// Parses, plans and applies events.
#[derive(Debug, Clone)]
pub struct Processor {
    policy: Arc<TagPolicy>,
    tagger: Arc<dyn ResourceTagger>,
    identity: IdentityContext,
    dead_letters: Option<Arc<dyn DeadLetters>>,
    max_receives: u32,
    alerts: Option<Arc<dyn Alerts>>,
}

impl Processor {
    /// A processor with no dead-letter queue of its own: failed messages are left to the
    /// queue's redrive policy.
    pub fn new(policy: Arc<TagPolicy>, tagger: Arc<dyn ResourceTagger>) -> Self {
        Self {
            policy,
            tagger,
            identity: IdentityContext::default(),
            dead_letters: None,
            max_receives: 3,
            alerts: None,
        }
    }

    /// Tells the security team through `alerts` when a removed stamp is put back.
    pub fn with_alerts(mut self, alerts: Option<Arc<dyn Alerts>>) -> Self {
        self.alerts = alerts;
        self
    }

    /// Records STS sessions and looks up what plans inherit through `identity`.
    pub fn with_identity(mut self, identity: IdentityContext) -> Self {
        self.identity = identity;
        self
    }

    /// Parks failed messages in `dead_letters` after `max_receives` deliveries, and malformed
    /// ones at once.
    pub fn with_dead_letters(
        mut self,
        dead_letters: Arc<dyn DeadLetters>,
        max_receives: u32,
    ) -> Self {
        self.dead_letters = Some(dead_letters);
        self.max_receives = max_receives.max(1);
        self
    }

    /// The policy in force.
    pub fn policy(&self) -> &TagPolicy {
        &self.policy
    }

    /// The tagger plans are applied with.
    pub fn tagger(&self) -> &dyn ResourceTagger {
        self.tagger.as_ref()
    }

    /// The stamp ledger, when one is configured.
    pub fn ledger(&self) -> Option<&dyn crate::ports::StampLedger> {
        self.identity.ledger().map(AsRef::as_ref)
    }

    /// Plans and applies one event.
    pub async fn process_event(&self, event: &Event, now: OffsetDateTime) -> EventOutcome {
        let mut decision = plan(event, &self.policy, now);
        let mut report = None;
        let mut waiting = None;
        match &mut decision.outcome {
            Outcome::Tag(tag_plan) => {
                match self.identity.enrich(tag_plan, &self.policy, now).await {
                    Enriched::Ready => {
                        let mut applied = self.tagger.apply(tag_plan).await;
                        let recorded = crate::ledger::record_stamps(
                            self.identity.ledger().map(AsRef::as_ref),
                            &decision.id,
                            tag_plan,
                            &applied,
                            now,
                        )
                        .await;
                        applied.absorb(recorded);
                        waiting = not_ready_yet(tag_plan, &applied, now);
                        report = Some(applied);
                    }
                    Enriched::Wait { reason, seconds } => waiting = Some((reason, seconds)),
                    Enriched::Failed(failure) => {
                        report = Some(ApplyReport {
                            resources: Vec::new(),
                            failures: vec![failure],
                        });
                    }
                }
            }
            Outcome::Session(session) => match self.identity.record(session).await {
                Ok(Some(stored)) => {
                    **session = stored;
                    report = Some(ApplyReport::default());
                }
                Ok(None) => {}
                Err(failure) => {
                    report = Some(ApplyReport {
                        resources: Vec::new(),
                        failures: vec![failure],
                    });
                }
            },
            Outcome::TagChange(change) => {
                let event_name = event.record.event_name().unwrap_or_default();
                let actor = decision.principal.as_ref().and_then(|p| p.arn.as_deref());
                let change_event = crate::ledger::ChangeEvent {
                    id: &decision.id,
                    name: event_name,
                    actor,
                };
                report = Some(
                    crate::ledger::repair(
                        self.identity.ledger().map(AsRef::as_ref),
                        self.tagger.as_ref(),
                        self.alerts.as_deref(),
                        change,
                        &change_event,
                        &self.policy,
                        now,
                    )
                    .await,
                );
            }
            Outcome::Skip(_) | Outcome::Reject(_) => {}
        }
        let outcome = EventOutcome {
            decision,
            report,
            waiting,
        };
        log_outcome(&outcome);
        outcome
    }

    /// Processes every event of a document an operator handed in (`autotag handle`): a
    /// CloudTrail log file or bare records are believed on the operator's word.
    pub async fn process_document(
        &self,
        text: &str,
        now: OffsetDateTime,
    ) -> Result<Vec<ItemOutcome>, ParseError> {
        self.process_items(text, now, Provenance::Operator).await
    }

    /// Processes every event of a document EventBridge delivered (a queue message, a direct
    /// invocation): only EventBridge events count, and a bare record is rejected, since
    /// nobody vouches for it (see [`autotag_core::trust`]).
    pub async fn process_delivered(
        &self,
        text: &str,
        now: OffsetDateTime,
    ) -> Result<Vec<ItemOutcome>, ParseError> {
        self.process_items(text, now, Provenance::Delivered).await
    }

    async fn process_items(
        &self,
        text: &str,
        now: OffsetDateTime,
        provenance: Provenance,
    ) -> Result<Vec<ItemOutcome>, ParseError> {
        let mut outcomes = Vec::new();
        for item in parse_document(text)? {
            outcomes.push(match item {
                Ok(event) => ItemOutcome::Processed(Box::new(match provenance {
                    // The plan checks an envelope itself; here only its absence is refused.
                    Provenance::Delivered if event.origin == Origin::CloudTrail => {
                        refused(&event, &Distrust::NoEnvelope)
                    }
                    Provenance::Delivered => self.process_event(&event, now).await,
                    Provenance::Operator => self.process_event(&event, now).await,
                })),
                Err(rejected) => {
                    warn!(event_id = %rejected.id, reason = %rejected.reason, "unreadable event");
                    ItemOutcome::Unreadable(rejected)
                }
            });
        }
        Ok(outcomes)
    }

    /// Processes a batch of queue messages and says what to do with each.
    pub async fn process_messages(
        &self,
        messages: &[QueueMessage],
        now: OffsetDateTime,
    ) -> Vec<MessageResult> {
        let mut results = Vec::with_capacity(messages.len());
        for message in messages {
            results.push(self.process_message(message, now).await);
        }
        results
    }

    async fn process_message(&self, message: &QueueMessage, now: OffsetDateTime) -> MessageResult {
        let mut events = Vec::new();
        let mut permanent = Vec::new();
        let mut transient = Vec::new();
        let mut waiting: Vec<(String, i32)> = Vec::new();
        match self.process_delivered(&message.body, now).await {
            Err(err) => permanent.push(err.to_string()),
            Ok(items) => {
                for item in items {
                    match item {
                        ItemOutcome::Unreadable(rejected) => permanent.push(rejected.reason),
                        ItemOutcome::Processed(outcome) => {
                            events.push(outcome.line());
                            match (outcome.status(), outcome.problem()) {
                                (EventStatus::Rejected, Some(problem)) => permanent.push(problem),
                                (EventStatus::Failed, Some(problem)) => transient.push(problem),
                                (EventStatus::Waiting, _) => {
                                    waiting.extend(outcome.waiting.clone());
                                }
                                _ => {}
                            }
                        }
                    }
                }
            }
        }
        let disposition = match self.dispose(message, &permanent, &transient).await {
            // Events that wait keep the message; the others' work is idempotent on redelivery.
            Disposition::Done if !waiting.is_empty() => {
                let reason = waiting
                    .iter()
                    .map(|(reason, _)| reason.as_str())
                    .collect::<Vec<_>>()
                    .join("; ");
                let seconds = waiting.iter().map(|(_, s)| *s).min().unwrap_or(30);
                if message.receive_count >= self.max_receives {
                    Disposition::Requeue {
                        reason,
                        seconds: seconds.clamp(0, MAX_DELAY_SECONDS),
                    }
                } else {
                    Disposition::Wait { reason, seconds }
                }
            }
            disposition => disposition,
        };
        MessageResult {
            id: message.id.clone(),
            disposition,
            events,
        }
    }

    async fn dispose(
        &self,
        message: &QueueMessage,
        permanent: &[String],
        transient: &[String],
    ) -> Disposition {
        if permanent.is_empty() && transient.is_empty() {
            return Disposition::Done;
        }
        let exhausted = message.receive_count >= self.max_receives;
        let reason = permanent
            .iter()
            .chain(transient)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        // Malformed events can never succeed, so they are parked at once; failures get retries.
        let park = transient.is_empty() || exhausted;
        match (&self.dead_letters, park) {
            (Some(dead_letters), true) => match dead_letters.park(&message.body, &reason).await {
                Ok(()) => {
                    warn!(message_id = %message.id, %reason, "parked message in the dead-letter queue");
                    Disposition::Parked { reason }
                }
                Err(err) => {
                    let error = aws_error_chain(err.as_ref());
                    warn!(message_id = %message.id, %error, "could not park message; it stays queued");
                    Disposition::Retry { reason }
                }
            },
            _ => Disposition::Retry { reason },
        }
    }
}

/// The longest delay SQS gives a message it is sent (`DelaySeconds`).
const MAX_DELAY_SECONDS: i32 = 900;

/// How long a `when-available` resource is retried before its failure is reported.
const WHEN_AVAILABLE_BOUND: Duration = Duration::minutes(30);
/// How long a resource not found just after its creation is looked for again before it is
/// taken as deleted: the tagging API and some services are eventually consistent.
pub const JUST_CREATED_BOUND: Duration = Duration::minutes(2);

/// Whether the event's failures look like a resource that is not ready yet, within its bound:
/// then it waits instead of failing. `when-available` resources wait on anything but a denial;
/// any resource waits a short while on "not found" right after its creation.
fn not_ready_yet(
    plan: &TagPlan,
    report: &ApplyReport,
    now: OffsetDateTime,
) -> Option<(String, i32)> {
    let age = now - plan.stamps.event_time;
    let gone: Vec<&str> = report
        .resources
        .iter()
        .filter(|r| matches!(r.status, ResourceStatus::Gone { .. }))
        .map(|r| r.arn.as_str())
        .collect();
    let when_available = plan.readiness == Readiness::WhenAvailable && age < WHEN_AVAILABLE_BOUND;
    let unready: Vec<&str> = report
        .failures
        .iter()
        .filter(|f| when_available && f.kind != FailureKind::Denied)
        .map(|f| f.arn.as_str())
        .chain(
            gone.iter()
                .copied()
                .filter(|_| when_available || age < JUST_CREATED_BOUND),
        )
        .collect();
    // A denial or another hard failure beside them still fails the event.
    let hard = report
        .failures
        .iter()
        .any(|f| !(when_available && f.kind != FailureKind::Denied));
    if unready.is_empty() || hard {
        return None;
    }
    let seconds = if when_available { 60 } else { 15 };
    Some((
        format!("not ready yet: `{}`", unready.join("`, `")),
        seconds,
    ))
}

/// An error and its causes on one line: SDK errors say only "service error" at the top.
fn aws_error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(err) = cause {
        text.push_str(": ");
        text.push_str(&err.to_string());
        cause = err.source();
    }
    text
}

fn log_outcome(outcome: &EventOutcome) {
    let decision = &outcome.decision;
    let status = outcome.status();
    match &decision.outcome {
        Outcome::Tag(plan) => {
            let report = outcome.report.as_ref();
            info!(
                event_id = %decision.id,
                ?status,
                account = %plan.account,
                region = %plan.region,
                resources = plan.arns().count(),
                failures = report.map_or(0, |r| r.failures.len()),
                "processed event"
            );
            for failure in report.map(|r| r.failures.as_slice()).unwrap_or_default() {
                warn!(event_id = %decision.id, arn = %failure.arn, kind = ?failure.kind, error = %failure, "tagging failed");
            }
            if let Some((reason, seconds)) = &outcome.waiting {
                info!(event_id = %decision.id, %reason, seconds, "waiting for identity context");
            }
            for note in &plan.notes {
                info!(event_id = %decision.id, %note, "inheritance");
            }
        }
        Outcome::Session(session) => {
            let report = outcome.report.as_ref();
            info!(
                event_id = %decision.id,
                ?status,
                role = session.role_arn.as_deref().unwrap_or(""),
                session_tags = session.tags.len(),
                "processed session"
            );
            for failure in report.map(|r| r.failures.as_slice()).unwrap_or_default() {
                warn!(event_id = %decision.id, kind = ?failure.kind, error = %failure, "recording the session failed");
            }
        }
        Outcome::Skip(reason) => {
            info!(event_id = %decision.id, ?status, %reason, "processed event")
        }
        Outcome::Reject(reason) => {
            warn!(event_id = %decision.id, ?status, %reason, "rejected event")
        }
        Outcome::TagChange(change) => {
            let report = outcome.report.as_ref();
            info!(
                event_id = %decision.id,
                ?status,
                account = %change.account,
                resources = change.resources.len(),
                restored = report.map_or(0, |r| r.resources.len()),
                "processed tag change"
            );
            for failure in report.map(|r| r.failures.as_slice()).unwrap_or_default() {
                warn!(event_id = %decision.id, arn = %failure.arn, kind = ?failure.kind, error = %failure, "restoring a stamp failed");
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ports::{BoxError, FailureKind, ResourceFailure, ResourceReport, ResourceStatus};
    use async_trait::async_trait;
    use autotag_core::plan::TagPlan;
    use std::sync::Mutex;

    /// Records the plans it is given; fails every resource when `failing`.
    #[derive(Debug, Default)]
    pub(crate) struct FakeTagger {
        pub(crate) failing: bool,
        pub(crate) applied: Mutex<Vec<Vec<String>>>,
        pub(crate) tags: Mutex<Vec<Vec<(String, String)>>>,
    }

    #[async_trait]
    impl ResourceTagger for FakeTagger {
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
                if self.failing {
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
        let disposition =
            dispose(&processor, message(volume_event("2024-01-01T00:00:00Z"), 1)).await;
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
        let Disposition::Parked { reason } = dispose(&processor, message(body.clone(), 3)).await
        else {
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
        let Disposition::Parked { reason } =
            dispose(&processor, message("not json".into(), 1)).await
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
        assert!(
            not_ready_yet(&plan, &report(true, None), created + Duration::minutes(3)).is_none()
        );
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
                    TagPolicy::from_toml(&format!("[inherit]\nwait_seconds = {wait_seconds}"))
                        .unwrap();
                let processor = Processor::new(Arc::new(policy), Arc::new(FakeTagger::default()))
                    .with_identity(IdentityContext::new(
                        Some(Arc::new(crate::memory::MemorySessions::default())),
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
            let processor =
                Processor::new(Arc::new(TagPolicy::default()), Arc::new(NotFoundTagger))
                    .with_dead_letters(Arc::new(FakeDeadLetters::default()), max_receives);
            let drained = drain(&processor, &at(start, bucket.clone()), start).await;
            let case = format!("max {max_receives}, not found: {drained:?}");
            assert_eq!(drained.last, Disposition::Done, "{case}");
            assert!(drained.most_receives_of_a_copy <= max_receives, "{case}");
        }
    }
}
