//! Processing: parse, plan, apply, and decide what becomes of each queue message.
//!
//! The same code serves the Lambda (SQS batches and direct EventBridge events), `autotag hub`
//! (polling the queue) and `autotag handle` (files). Failures are never dropped: a message whose
//! event failed is retried, and once it has been received `max_receives` times, or when it can
//! never succeed (malformed), it is parked in the dead-letter queue with its reason.

mod batch;
pub mod enforcing;
pub mod identity;
pub mod images;
pub mod ledger;
pub mod live;

pub use batch::MAX_WAVES;

use std::sync::Arc;

use autotag_core::event::Origin;
use autotag_core::event::{Event, ParseError, Rejected, parse_document};
use autotag_core::metrics::{BatchMetrics, EventCount};
use autotag_core::plan::{Decision, Outcome};
use autotag_core::policy::TagPolicy;
use autotag_core::trust::Distrust;
use serde::Serialize;
use serde_json::json;
use time::OffsetDateTime;
use tracing::{info, warn};

use crate::ports::{Alerts, ApplyReport, DeadLetters, FailureKind, ResourceStatus, ResourceTagger};
use crate::processing::identity::IdentityContext;
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
            // Only an image push's check that could not read yet fails a skipped event.
            (Outcome::Skip(_), Some(report)) if !report.failures.is_empty() => EventStatus::Failed,
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
            (
                Outcome::Tag(_) | Outcome::Session(_) | Outcome::TagChange(_) | Outcome::Skip(_),
                Some(report),
            ) if !report.failures.is_empty() => Some(
                report
                    .failures
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
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

/// The outcome of an event the batch gave none for, which [`Processor::process_events`] never
/// does: rejected, so the message is parked with why rather than counted as done.
fn unprocessed(event: &Event) -> EventOutcome {
    EventOutcome {
        decision: Decision {
            id: event.id.clone(),
            principal: None,
            outcome: Outcome::Reject("the batch gave the event no outcome".to_owned()),
        },
        report: None,
        waiting: None,
    }
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
    concurrency: usize,
    metrics: Arc<std::sync::Mutex<BatchMetrics>>,
    enforcement: Option<enforcing::EventEnforcement>,
    images: Option<images::ImageChecks>,
}

/// The metrics' account for events no vouched account is known of (rejected, skipped, sessions):
/// what an event merely claims never becomes a dimension, so forged events cannot mint metrics.
const UNKNOWN_ACCOUNT: &str = "-";

/// The vouched account and the route an event's metrics are counted under.
fn metric_keys(outcome: &EventOutcome) -> (String, &'static str) {
    match &outcome.decision.outcome {
        Outcome::Tag(plan) => (
            plan.account.as_str().to_owned(),
            plan.batches.first().map_or("none", |b| b.route.as_str()),
        ),
        Outcome::TagChange(change) => (change.account.as_str().to_owned(), "tag-change"),
        Outcome::Session(_) => (UNKNOWN_ACCOUNT.to_owned(), "session"),
        Outcome::Skip(_) | Outcome::Reject(_) => (UNKNOWN_ACCOUNT.to_owned(), "none"),
    }
}

fn event_count(status: EventStatus) -> EventCount {
    match status {
        EventStatus::Tagged => EventCount::Tagged,
        EventStatus::Skipped => EventCount::Skipped,
        EventStatus::Rejected => EventCount::Rejected,
        EventStatus::Failed => EventCount::Failed,
        EventStatus::Waiting => EventCount::Waiting,
        EventStatus::Restored => EventCount::Restored,
        EventStatus::Recorded => EventCount::Recorded,
    }
}

/// How many identity lookups of a batch run at once, by default.
pub const DEFAULT_CONCURRENCY: usize = 8;

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
            concurrency: DEFAULT_CONCURRENCY,
            metrics: Arc::default(),
            enforcement: None,
            images: None,
        }
    }

    /// Judges created and re-tagged resources against the `[[enforce]]` rules as they arrive,
    /// through `enforcement` (nothing is judged on arrival without it; the sweep still is).
    pub fn with_enforcement(mut self, enforcement: Option<enforcing::EventEnforcement>) -> Self {
        self.enforcement = enforcement;
        self
    }

    /// Compares pushed images' labels with their repositories' tags (`[ecr] label_tags`).
    pub fn with_image_checks(mut self, images: Option<images::ImageChecks>) -> Self {
        self.images = images;
        self
    }

    /// The figures gathered since the last call (events by outcome per account and route,
    /// tagging latency, waits), for the edge to publish; the tally starts again empty.
    pub fn take_metrics(&self) -> BatchMetrics {
        std::mem::take(&mut *self.metrics_tally())
    }

    fn record_tag_call_latency(&self, elapsed: std::time::Duration) {
        self.metrics_tally()
            .tag_call_latency(elapsed.as_secs_f64() * 1000.0);
    }

    fn metrics_tally(&self) -> std::sync::MutexGuard<'_, BatchMetrics> {
        self.metrics
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs up to `concurrency` identity lookups of a batch at once (at least one).
    pub fn with_concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency.max(1);
        self
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
        let mut outcomes = self.process_events(&[event], now).await;
        outcomes.pop().unwrap_or_else(|| unprocessed(event))
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
        let items = read_items(text, provenance)?;
        Ok(self
            .run_documents(vec![items], now)
            .await
            .pop()
            .unwrap_or_default())
    }

    /// Processes the events of every document as one batch; the items of each document, in
    /// their order.
    async fn run_documents(
        &self,
        documents: Vec<Vec<Item>>,
        now: OffsetDateTime,
    ) -> Vec<Vec<ItemOutcome>> {
        let events: Vec<&Event> = documents
            .iter()
            .flatten()
            .filter_map(|item| match item {
                Item::Event(event) => Some(event),
                Item::Decided(_) => None,
            })
            .collect();
        let mut outcomes = self.process_events(&events, now).await.into_iter();
        documents
            .into_iter()
            .map(|items| {
                items
                    .into_iter()
                    .map(|item| match item {
                        Item::Decided(outcome) => outcome,
                        Item::Event(event) => ItemOutcome::Processed(Box::new(
                            outcomes.next().unwrap_or_else(|| unprocessed(&event)),
                        )),
                    })
                    .collect()
            })
            .collect()
    }

    /// Processes a batch of queue messages as one unit of work and says what to do with each.
    pub async fn process_messages(
        &self,
        messages: &[QueueMessage],
        now: OffsetDateTime,
    ) -> Vec<MessageResult> {
        let mut documents = Vec::new();
        let mut reads: Vec<Result<(), ParseError>> = Vec::with_capacity(messages.len());
        for message in messages {
            reads.push(
                read_items(&message.body, Provenance::Delivered).map(|items| documents.push(items)),
            );
        }
        let mut processed = self.run_documents(documents, now).await.into_iter();
        let mut results = Vec::with_capacity(messages.len());
        for (message, read) in messages.iter().zip(reads) {
            // Readable messages' documents were processed in order: each takes the next.
            let items = match read {
                Ok(()) => processed.next().ok_or(None),
                Err(err) => Err(Some(err)),
            };
            results.push(self.settle(message, items).await);
        }
        results
    }

    /// What to do with one message, from what became of its items (or why it was unreadable).
    async fn settle(
        &self,
        message: &QueueMessage,
        items: Result<Vec<ItemOutcome>, Option<ParseError>>,
    ) -> MessageResult {
        let mut events = Vec::new();
        let mut permanent = Vec::new();
        let mut transient = Vec::new();
        let mut waiting: Vec<(String, i32)> = Vec::new();
        let mut tallied: Vec<(String, &'static str)> = Vec::new();
        match items {
            Err(err) => permanent.push(err.map_or_else(
                || "the message was not processed".to_owned(),
                |err| err.to_string(),
            )),
            Ok(items) => {
                for item in items {
                    match item {
                        ItemOutcome::Unreadable(rejected) => permanent.push(rejected.reason),
                        ItemOutcome::Processed(outcome) => {
                            events.push(outcome.line());
                            let (account, route) = metric_keys(&outcome);
                            self.metrics_tally().count(
                                &account,
                                route,
                                event_count(outcome.status()),
                            );
                            tallied.push((account, route));
                            if let Some((_, seconds)) = &outcome.waiting {
                                self.metrics_tally().wait(f64::from(*seconds));
                            }
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
        if matches!(disposition, Disposition::Parked { .. }) {
            let (account, route) = tallied
                .first()
                .cloned()
                .unwrap_or_else(|| (UNKNOWN_ACCOUNT.to_owned(), "none"));
            self.metrics_tally()
                .count(&account, route, EventCount::Parked);
        }
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

/// An item of a document as read: an event to process, or already decided.
#[derive(Debug)]
enum Item {
    /// An event to process.
    Event(Event),
    /// Refused or unreadable before processing.
    Decided(ItemOutcome),
}

/// Reads a document's items; what `provenance` may not hand in is refused here.
fn read_items(text: &str, provenance: Provenance) -> Result<Vec<Item>, ParseError> {
    Ok(parse_document(text)?
        .into_iter()
        .map(|item| match item {
            // The plan checks an envelope itself; here only its absence is refused.
            Ok(event)
                if provenance == Provenance::Delivered && event.origin == Origin::CloudTrail =>
            {
                Item::Decided(ItemOutcome::Processed(Box::new(refused(
                    &event,
                    &Distrust::NoEnvelope,
                ))))
            }
            Ok(event) => Item::Event(event),
            Err(rejected) => {
                warn!(event_id = %rejected.id, reason = %rejected.reason, "unreadable event");
                Item::Decided(ItemOutcome::Unreadable(rejected))
            }
        })
        .collect())
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
            info!(event_id = %decision.id, ?status, %reason, "processed event");
            for failure in outcome.report.iter().flat_map(|r| &r.failures) {
                warn!(event_id = %decision.id, arn = %failure.arn, kind = ?failure.kind, error = %failure, "reading an image push failed");
            }
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
pub(crate) mod tests;
