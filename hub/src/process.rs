//! Processing: parse, plan, apply, and decide what becomes of each queue message.
//!
//! The same code serves the Lambda (SQS batches and direct EventBridge events), `autotag hub`
//! (polling the queue) and `autotag handle` (files). Failures are never dropped: a message whose
//! event failed is retried, and once it has been received `max_receives` times, or when it can
//! never succeed (malformed), it is parked in the dead-letter queue with its reason.

use std::sync::Arc;

use autotag_core::event::{Event, ParseError, Rejected, parse_document};
use autotag_core::plan::{Decision, Outcome, plan};
use autotag_core::policy::TagPolicy;
use serde::Serialize;
use time::OffsetDateTime;
use tracing::{info, warn};

use crate::ports::{ApplyReport, DeadLetters, ResourceTagger};

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
    /// Some resource could not be tagged.
    Failed,
}

/// One event's decision and what applying it did.
#[derive(Debug)]
pub struct EventOutcome {
    /// What core decided.
    pub decision: Decision,
    /// What the tagger did, for `tag` decisions.
    pub report: Option<ApplyReport>,
}

impl EventOutcome {
    /// The end state.
    pub fn status(&self) -> EventStatus {
        match (&self.decision.outcome, &self.report) {
            (Outcome::Skip(_), _) => EventStatus::Skipped,
            (Outcome::Reject(_), _) => EventStatus::Rejected,
            (Outcome::Tag(_), Some(report)) if !report.failures.is_empty() => EventStatus::Failed,
            (Outcome::Tag(_), _) => EventStatus::Tagged,
        }
    }

    /// Why the event did not end tagged, if it did not.
    pub fn problem(&self) -> Option<String> {
        match (&self.decision.outcome, &self.report) {
            (Outcome::Reject(reason), _) => Some(reason.clone()),
            (Outcome::Tag(_), Some(report)) if !report.failures.is_empty() => Some(
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
        }
        line
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
    dead_letters: Option<Arc<dyn DeadLetters>>,
    max_receives: u32,
}

impl Processor {
    /// A processor with no dead-letter queue of its own: failed messages are left to the
    /// queue's redrive policy.
    pub fn new(policy: Arc<TagPolicy>, tagger: Arc<dyn ResourceTagger>) -> Self {
        Self {
            policy,
            tagger,
            dead_letters: None,
            max_receives: 3,
        }
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

    /// Plans and applies one event.
    pub async fn process_event(&self, event: &Event, now: OffsetDateTime) -> EventOutcome {
        let decision = plan(event, &self.policy, now);
        let report = match &decision.outcome {
            Outcome::Tag(tag_plan) => Some(self.tagger.apply(tag_plan).await),
            Outcome::Skip(_) | Outcome::Reject(_) => None,
        };
        let outcome = EventOutcome { decision, report };
        log_outcome(&outcome);
        outcome
    }

    /// Processes every event of a document.
    pub async fn process_document(
        &self,
        text: &str,
        now: OffsetDateTime,
    ) -> Result<Vec<ItemOutcome>, ParseError> {
        let mut outcomes = Vec::new();
        for item in parse_document(text)? {
            outcomes.push(match item {
                Ok(event) => {
                    ItemOutcome::Processed(Box::new(self.process_event(&event, now).await))
                }
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
        match self.process_document(&message.body, now).await {
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
                                _ => {}
                            }
                        }
                    }
                }
            }
        }
        let disposition = self.dispose(message, &permanent, &transient).await;
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
                    warn!(message_id = %message.id, error = %err, "could not park message; it stays queued");
                    Disposition::Retry { reason }
                }
            },
            _ => Disposition::Retry { reason },
        }
    }
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
        }
        Outcome::Skip(reason) => {
            info!(event_id = %decision.id, ?status, %reason, "processed event")
        }
        Outcome::Reject(reason) => {
            warn!(event_id = %decision.id, ?status, %reason, "rejected event")
        }
    }
}
