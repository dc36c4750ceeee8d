//! Image pushes (`PutImage`): the pushed image's labels compared with its repository's tags by
//! `[ecr] label_tags`, and every mismatch reported: one structured log line per push, an alert
//! to the security team naming the repository's owner (the hub's alert topic), and, when the
//! owner stamp is an email address, a message to the owner through enforcement's channels
//! (`Notifier`: SES from `enforcement.ses_from`, rate-limited and retried by the dispatcher).
//! Nothing is written: an image has no tags of its own, and which side is right is for the
//! owner to say.
//!
//! A push is an observation, not a creation: the event's decision stays what the plan said
//! (skipped: `PutImage` creates nothing the registry stamps), and a mismatch is a result, not a
//! failure. What could not be read decides by its [`FailureKind`]:
//! - `Transient` (throttling, 5xx, timeouts, the network) and `Denied` fail the event, so its
//!   queue message is retried like any failed event, and parked in the dead-letter queue with
//!   the reason after `max_receives` deliveries: nothing is lost;
//! - `Other` (the image or repository gone, a manifest without a config blob, a config that is
//!   not JSON) will not change: the push is reported unreadable and not retried.

use std::sync::Arc;

use autotag_core::ecr::labels::{Mismatch, PushMismatch, compare, parse_labels};
use autotag_core::ecr::push::{ImagePush, read_push};
use autotag_core::enforce::notify::{Recipient, plan_label_notifications, render_text};
use autotag_core::event::Event;
use autotag_core::policy::TagPolicy;
use serde::Serialize;

use autotag_core::ecr::check::{LabelCheck, LabelStatus};
use time::OffsetDateTime;

use crate::ports::{
    Alerts, FailureKind, ImageFacts, LabelLedger, LabelRecord, Notifier, ResourceFailure,
};

/// What comparing one push found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PushCheck {
    /// Every mapped label agrees with its tag.
    Agrees,
    /// Some disagree.
    Mismatched {
        /// The disagreements, in label order.
        mismatches: Vec<Mismatch>,
        /// The repository's owner stamp, when it has one.
        owner: Option<String>,
    },
    /// The image, its labels or the repository's tags could not be read, and never will be.
    Unreadable {
        /// Why.
        reason: String,
    },
}

/// The image checks of the hub: reads through `facts`, alerts through `alerts`.
#[derive(Debug, Clone)]
pub struct ImageChecks {
    facts: Arc<dyn ImageFacts>,
    alerts: Option<Arc<dyn Alerts>>,
    owners: Option<Arc<dyn Notifier>>,
    ledger: Option<Arc<dyn LabelLedger>>,
}

impl ImageChecks {
    /// Checks reading through `facts` and alerting through `alerts`, when given.
    pub fn new(facts: Arc<dyn ImageFacts>, alerts: Option<Arc<dyn Alerts>>) -> Self {
        Self {
            facts,
            alerts,
            owners: None,
            ledger: None,
        }
    }

    /// Records each push's result, the latest per repository, in `ledger` (for
    /// `autotag audit`). A record that fails fails the push's event like a read that may work
    /// next time, before anyone is told, so the retry tells once.
    pub fn with_ledger(mut self, ledger: Option<Arc<dyn LabelLedger>>) -> Self {
        self.ledger = ledger;
        self
    }

    /// Tells owners whose owner stamp is an email address through `owners` (enforcement's
    /// dispatcher: its SES channel, rate limit, retries and deadline).
    pub fn with_owner_messages(mut self, owners: Option<Arc<dyn Notifier>>) -> Self {
        self.owners = owners;
        self
    }

    /// Checks every push among `events` (each with its position in the batch; nothing when
    /// the policy maps no label): the position of each push and its result, or the failure
    /// that fails its event so that its message is tried again.
    pub async fn after_events(
        &self,
        policy: &TagPolicy,
        events: &[(usize, &Event)],
        now: OffsetDateTime,
    ) -> Vec<(usize, Result<PushCheck, ResourceFailure>)> {
        if policy.ecr.label_tags.is_empty() {
            return Vec::new();
        }
        let mut checks = Vec::new();
        for (index, event) in events {
            match read_push(event) {
                None => {}
                Some(Err(err)) => {
                    tracing::warn!(event = %event.id, error = %err, "image push not checked");
                    checks.push((
                        *index,
                        Ok(PushCheck::Unreadable {
                            reason: err.to_string(),
                        }),
                    ));
                }
                Some(Ok(push)) => checks.push((*index, self.check(policy, &push, now).await)),
            }
        }
        checks
    }

    /// Compares `push`'s labels with its repository's tags, logs the result and alerts on a
    /// mismatch; `Err` when what failed may read next time (the caller fails the event).
    pub async fn check(
        &self,
        policy: &TagPolicy,
        push: &ImagePush,
        now: OffsetDateTime,
    ) -> Result<PushCheck, ResourceFailure> {
        let (repository, digest) = (&push.repository_arn, &push.digest);
        let compared = match self.compare(policy, push).await {
            Ok(check) => self.record(push, check, now).await,
            Err(failure) => Err(failure),
        };
        let (check, repeated) = match compared {
            Ok(recorded) => recorded,
            Err(failure) => {
                tracing::warn!(repository, digest, kind = ?failure.kind, error = %failure, "image labels not compared yet; the push is retried");
                return Err(failure);
            }
        };
        match &check {
            PushCheck::Agrees => {
                tracing::info!(
                    repository,
                    digest,
                    "image labels agree with the repository's tags"
                );
            }
            PushCheck::Unreadable { reason } => {
                tracing::warn!(repository, digest, reason, "image labels not compared");
            }
            PushCheck::Mismatched { mismatches, owner } => {
                let found: Vec<String> = mismatches.iter().map(ToString::to_string).collect();
                if repeated {
                    tracing::warn!(repository, digest, owner, mismatches = ?found, "image labels disagree with the repository's tags, as at the previous push: not told again");
                } else {
                    tracing::warn!(repository, digest, owner, mismatches = ?found, "image labels disagree with the repository's tags");
                    self.tell(push, mismatches, owner.as_deref()).await;
                }
            }
        }
        Ok(check)
    }

    async fn compare(
        &self,
        policy: &TagPolicy,
        push: &ImagePush,
    ) -> Result<PushCheck, ResourceFailure> {
        let unreadable = |reason: String| Ok(PushCheck::Unreadable { reason });
        let blob = match self.facts.config_blob(push).await {
            Ok(blob) => blob,
            Err(failure) if retried(&failure) => return Err(failure),
            Err(failure) => return unreadable(format!("reading the image config: {failure}")),
        };
        let labels = match parse_labels(&blob) {
            Ok(labels) => labels,
            Err(err) => return unreadable(err.to_string()),
        };
        let tags = match self.facts.repository_tags(push).await {
            Ok(tags) => tags,
            Err(failure) if retried(&failure) => return Err(failure),
            Err(failure) => {
                return unreadable(format!("reading the repository's tags: {failure}"));
            }
        };
        let mismatches = compare(&labels, &tags, &policy.ecr);
        if mismatches.is_empty() {
            return Ok(PushCheck::Agrees);
        }
        Ok(PushCheck::Mismatched {
            mismatches,
            owner: tags.get(policy.keys.owner.as_str()).cloned(),
        })
    }
}

impl ImageChecks {
    /// Keeps `check` as the repository's latest in the ledger, when there is one, and says
    /// whether it only repeats what the previous push's check found.
    async fn record(
        &self,
        push: &ImagePush,
        check: PushCheck,
        now: OffsetDateTime,
    ) -> Result<(PushCheck, bool), ResourceFailure> {
        let Some(ledger) = &self.ledger else {
            return Ok((check, false));
        };
        let status = match &check {
            PushCheck::Agrees => LabelStatus::Agrees,
            PushCheck::Mismatched { mismatches, .. } => LabelStatus::Mismatched {
                mismatches: mismatches.clone(),
            },
            PushCheck::Unreadable { reason } => LabelStatus::Unreadable {
                reason: reason.clone(),
            },
        };
        let record = LabelCheck {
            repository_arn: push.repository_arn.clone(),
            digest: push.digest.clone(),
            image_tag: push.image_tag.clone(),
            status,
            pushed_at: push.pushed_at.clone(),
            checked_at: autotag_core::enforce::utc_seconds(now),
        };
        match ledger.record_label_check(&record).await {
            Ok(LabelRecord::Kept { previous }) => {
                let repeated = previous.is_some_and(|previous| record.repeats(&previous));
                Ok((check, repeated))
            }
            Ok(LabelRecord::Superseded) => {
                tracing::info!(repository = %push.repository_arn, "a later push's label check is kept");
                Ok((check, false))
            }
            Err(source) => Err(ResourceFailure {
                arn: push.repository_arn.clone(),
                operation: "dynamodb:PutItem",
                kind: FailureKind::Transient,
                source,
            }),
        }
    }

    /// Sends the mismatch's messages: the team's to the alert topic, the owner's (when there
    /// is one with an address) through the owners' channel. A message not sent is logged; the
    /// push's outcome does not depend on it.
    async fn tell(&self, push: &ImagePush, mismatches: &[Mismatch], owner: Option<&str>) {
        let repository = &push.repository_arn;
        let mismatch = PushMismatch {
            repository_arn: push.repository_arn.clone(),
            repository: push.repository.clone(),
            digest: push.digest.clone(),
            image_tag: push.image_tag.clone(),
            owner: owner.map(str::to_owned),
            mismatches: mismatches.to_vec(),
        };
        for message in plan_label_notifications(&mismatch) {
            match &message.recipient {
                Recipient::SecurityTeam => {
                    let Some(alerts) = &self.alerts else {
                        continue;
                    };
                    if let Err(err) = alerts
                        .publish(&message.subject, &render_text(&message))
                        .await
                    {
                        tracing::warn!(repository, error = %err, "label mismatch alert not sent");
                    }
                }
                Recipient::Owner { .. } => {
                    let Some(owners) = &self.owners else {
                        tracing::info!(repository, "no owner channel; the alert names the owner");
                        continue;
                    };
                    if let Err(err) = owners.deliver(&message).await {
                        tracing::warn!(repository, error = %err, "label mismatch message to the owner not sent");
                    }
                }
            }
        }
    }
}

/// Whether a failure to read is worth the message's next delivery: throttling and the like
/// may pass, and a denial is kept (parked after the retries) for a replay once the role is
/// fixed, as a tagging denial is.
fn retried(failure: &ResourceFailure) -> bool {
    failure.kind != FailureKind::Other
}

#[cfg(test)]
mod tests;
