//! The dispatcher of one run's messages: each [`Notification`] goes to the channels of its
//! recipient (the security team: the SNS topic and the chat webhook, when configured; an owner:
//! SES when `enforcement.ses_from` is set, else nowhere, since the security team's summary
//! already names every owner). Each channel has its own token bucket and retry budget, the
//! whole run one deadline, and the outcome is a [`DeliveryReport`]: nothing panics, nothing is
//! dropped silently, and the caller awaits it after tagging, never in its way.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use autotag_core::enforce::notify::{Notification, Recipient};
use autotag_core::policy::enforce::Enforcement;
use aws_config::SdkConfig;
use serde::Serialize;

use super::ses::SesNotifier;
use super::sns::SnsNotifier;
use super::webhook::WebhookNotifier;
use super::{NotifyError, recipient_label};
use crate::lambda::cause_chain;
use crate::ports::{BoxError, Notifier};

/// How fast a channel may send: `per_second` on average, `burst` at once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Messages per second, on average.
    pub per_second: f64,
    /// Messages that may go at once after a quiet spell (the bucket's size), at least 1.
    pub burst: u32,
}

impl RateLimit {
    /// Slack allows "no more than one message per second" per app, incoming webhooks
    /// included, and answers 429 with `Retry-After` beyond it (api.slack.com/docs/rate-limits).
    pub const CHAT_WEBHOOK: Self = Self {
        per_second: 1.0,
        burst: 1,
    };
    /// SES's sending rate in the sandbox, the floor every account starts from: "1 email per
    /// second" (SES developer guide, "Service quotas in Amazon SES"). Accounts out of the
    /// sandbox get more; this errs on the slow side.
    pub const SES_DEFAULT: Self = Self {
        per_second: 1.0,
        burst: 1,
    };
    /// A run publishes one summary per run to the topic; SNS's Publish quota is in the
    /// hundreds or thousands per second by region, so this only stops a runaway loop.
    pub const SNS: Self = Self {
        per_second: 10.0,
        burst: 10,
    };
}

/// A token bucket on a clock of durations since some start, so it can be driven by a simulated
/// clock. It starts full.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    capacity: f64,
    per_second: f64,
    tokens: f64,
    at: Duration,
}

impl TokenBucket {
    /// A full bucket for `limit` at time `now`.
    pub fn new(limit: RateLimit, now: Duration) -> Self {
        let capacity = f64::from(limit.burst.max(1));
        Self {
            capacity,
            // A zero or negative rate would never refill: treat it as the slowest sane rate.
            per_second: if limit.per_second > 0.0 {
                limit.per_second
            } else {
                f64::MIN_POSITIVE.max(1e-6)
            },
            tokens: capacity,
            at: now,
        }
    }

    /// Takes a token at `now`, or says how long until one is there.
    pub fn take(&mut self, now: Duration) -> Result<(), Duration> {
        if now > self.at {
            let refill = (now - self.at).as_secs_f64() * self.per_second;
            self.tokens = (self.tokens + refill).min(self.capacity);
            self.at = now;
        }
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - self.tokens) / self.per_second;
            Err(Duration::try_from_secs_f64(wait).unwrap_or(Duration::MAX))
        }
    }
}

/// The dispatcher's clock: how much time has passed, and waiting. Tests drive a simulated one.
#[async_trait]
pub trait Pacer: Send + Sync + fmt::Debug {
    /// Time since the pacer started.
    fn elapsed(&self) -> Duration;
    /// Waits `duration`.
    async fn sleep(&self, duration: Duration);
}

/// Tokio's clock.
#[derive(Debug, Clone, Copy)]
pub struct TokioPacer {
    start: tokio::time::Instant,
}

impl Default for TokioPacer {
    fn default() -> Self {
        Self {
            start: tokio::time::Instant::now(),
        }
    }
}

#[async_trait]
impl Pacer for TokioPacer {
    fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }
    async fn sleep(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }
}

/// Attempts per message on a channel whose adapter does not retry by itself.
pub const DEFAULT_ATTEMPTS: u32 = 3;
/// The first backoff; it doubles per attempt unless the server names a delay.
pub const DEFAULT_BACKOFF: Duration = Duration::from_secs(1);
/// No wait between attempts is longer than this, whatever `Retry-After` says.
pub const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// The whole run's delivery ends by then; what is left is reported as not delivered.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(120);

/// One way out: an adapter, its rate limit and its attempts per message.
#[derive(Debug, Clone)]
pub struct Channel {
    name: &'static str,
    notifier: Arc<dyn Notifier>,
    limit: RateLimit,
    attempts: u32,
}

impl Channel {
    /// The channel `name` (`sns`, `webhook`, `ses`) on `notifier`, at most `limit`, with
    /// [`DEFAULT_ATTEMPTS`] attempts per message.
    pub fn new(name: &'static str, notifier: Arc<dyn Notifier>, limit: RateLimit) -> Self {
        Self {
            name,
            notifier,
            limit,
            attempts: DEFAULT_ATTEMPTS,
        }
    }

    /// At most `attempts` (at least 1) per message.
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts.max(1);
        self
    }
}

#[derive(Debug)]
struct Lane {
    channel: Channel,
    // Created at the first message, full; held across the wait so a lane sends in order.
    bucket: tokio::sync::Mutex<Option<TokenBucket>>,
}

impl Lane {
    fn new(channel: Channel) -> Self {
        Self {
            channel,
            bucket: tokio::sync::Mutex::new(None),
        }
    }
}

/// A message that reached its channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delivered {
    /// The channel.
    pub channel: &'static str,
    /// Who it was for (an owner's address, or `security team`).
    pub recipient: String,
    /// Its subject.
    pub subject: String,
    /// The attempts it took.
    pub attempts: u32,
}

/// A message that did not reach its channel, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Undelivered {
    /// The channel.
    pub channel: &'static str,
    /// Who it was for.
    pub recipient: String,
    /// Its subject.
    pub subject: String,
    /// The attempts made (0: the deadline came first).
    pub attempts: u32,
    /// The last error with its causes (never the webhook URL or the message body).
    pub reason: String,
}

/// What one run's delivery did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DeliveryReport {
    /// Messages delivered, by channel.
    pub delivered: Vec<Delivered>,
    /// Messages not delivered, by channel.
    pub failed: Vec<Undelivered>,
    /// Messages no channel was configured for (owners' messages without `ses_from`).
    pub unrouted: usize,
}

/// Messages left undelivered by [`Notifiers::deliver`].
#[derive(Debug, thiserror::Error)]
#[error("`{}` of `{}` channels failed: {}", .failed.len(), .channels, describe(.failed))]
pub struct Undeliverable {
    /// The failures.
    pub failed: Vec<Undelivered>,
    /// The channels tried.
    pub channels: usize,
}

fn describe(failed: &[Undelivered]) -> String {
    failed
        .iter()
        .map(|f| format!("{}: {}", f.channel, f.reason))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The channels of a run, by recipient, with their limits and one deadline.
#[derive(Debug)]
pub struct Notifiers {
    security_team: Vec<Lane>,
    owners: Option<Lane>,
    deadline: Duration,
    backoff: Duration,
    pacer: Arc<dyn Pacer>,
}

impl Default for Notifiers {
    fn default() -> Self {
        Self::new()
    }
}

impl Notifiers {
    /// No channel yet; [`DEFAULT_DEADLINE`], [`DEFAULT_BACKOFF`], tokio's clock.
    pub fn new() -> Self {
        Self {
            security_team: Vec::new(),
            owners: None,
            deadline: DEFAULT_DEADLINE,
            backoff: DEFAULT_BACKOFF,
            pacer: Arc::new(TokioPacer::default()),
        }
    }

    /// The channels `enforcement` configures: SNS for `notify_topic`, the webhook for
    /// `webhook_secret` (both in the region of their ARN), SES for `ses_from` (in the hub's
    /// region). SNS and SES get one attempt here because the SDK's standard retry mode already
    /// backs off and retries their throttling and 5xx within it; the webhook gets
    /// [`DEFAULT_ATTEMPTS`].
    pub fn from_enforcement(
        sdk: &SdkConfig,
        enforcement: &Enforcement,
    ) -> Result<Self, NotifyError> {
        let mut notifiers = Self::new();
        if let Some(topic) = &enforcement.notify_topic {
            let client = aws_sdk_sns::Client::new(&in_region_of(sdk, topic));
            notifiers = notifiers.to_security_team(
                Channel::new(
                    "sns",
                    Arc::new(SnsNotifier::new(client, topic.clone())),
                    RateLimit::SNS,
                )
                .with_attempts(1),
            );
        }
        if let Some(secret) = &enforcement.webhook_secret {
            let client = aws_sdk_secretsmanager::Client::new(&in_region_of(sdk, secret));
            notifiers = notifiers.to_security_team(Channel::new(
                "webhook",
                Arc::new(WebhookNotifier::new(client, secret.clone())?),
                RateLimit::CHAT_WEBHOOK,
            ));
        }
        if let Some(from) = &enforcement.ses_from {
            notifiers = notifiers.to_owners(
                Channel::new(
                    "ses",
                    Arc::new(SesNotifier::new(
                        aws_sdk_sesv2::Client::new(sdk),
                        from.clone(),
                    )),
                    RateLimit::SES_DEFAULT,
                )
                .with_attempts(1),
            );
        }
        Ok(notifiers)
    }

    /// Adds a channel for the security team's messages.
    pub fn to_security_team(mut self, channel: Channel) -> Self {
        self.security_team.push(Lane::new(channel));
        self
    }

    /// Sets the channel of owners' messages.
    pub fn to_owners(mut self, channel: Channel) -> Self {
        self.owners = Some(Lane::new(channel));
        self
    }

    /// Every run's delivery ends within `deadline`.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The first wait before a retry (doubled per attempt) when the server names none.
    pub fn with_backoff(mut self, backoff: Duration) -> Self {
        self.backoff = backoff;
        self
    }

    /// Paces with `pacer` instead of tokio's clock (tests: a simulated clock).
    pub fn with_pacer(mut self, pacer: Arc<dyn Pacer>) -> Self {
        self.pacer = pacer;
        self
    }

    /// Whether any channel is configured.
    pub fn is_empty(&self) -> bool {
        self.security_team.is_empty() && self.owners.is_none()
    }

    /// Delivers `notifications`, each to its recipient's channels, the channels side by side
    /// and each in order, within the deadline; reports every message per channel.
    pub async fn deliver_all(&self, notifications: &[Notification]) -> DeliveryReport {
        let deadline = self.pacer.elapsed().saturating_add(self.deadline);
        let mut report = DeliveryReport::default();
        let mut security = Vec::new();
        let mut owners = Vec::new();
        for notification in notifications {
            match notification.recipient {
                Recipient::SecurityTeam if !self.security_team.is_empty() => {
                    security.push(notification);
                }
                Recipient::Owner { .. } if self.owners.is_some() => owners.push(notification),
                _ => report.unrouted += 1,
            }
        }
        let mut runs = Vec::new();
        for lane in &self.security_team {
            runs.push(self.run_lane(lane, &security, deadline));
        }
        if let Some(lane) = &self.owners {
            runs.push(self.run_lane(lane, &owners, deadline));
        }
        for (delivered, failed) in futures::future::join_all(runs).await {
            report.delivered.extend(delivered);
            report.failed.extend(failed);
        }
        report
    }

    async fn run_lane(
        &self,
        lane: &Lane,
        messages: &[&Notification],
        deadline: Duration,
    ) -> (Vec<Delivered>, Vec<Undelivered>) {
        let mut delivered = Vec::new();
        let mut failed = Vec::new();
        for message in messages {
            match self.send(lane, message, deadline).await {
                Ok(attempts) => {
                    tracing::info!(
                        channel = lane.channel.name,
                        attempts,
                        "enforcement message delivered"
                    );
                    delivered.push(Delivered {
                        channel: lane.channel.name,
                        recipient: recipient_label(&message.recipient),
                        subject: message.subject.clone(),
                        attempts,
                    });
                }
                Err((attempts, reason)) => {
                    tracing::warn!(
                        channel = lane.channel.name,
                        attempts,
                        reason = %reason,
                        "enforcement message not delivered"
                    );
                    failed.push(Undelivered {
                        channel: lane.channel.name,
                        recipient: recipient_label(&message.recipient),
                        subject: message.subject.clone(),
                        attempts,
                        reason,
                    });
                }
            }
        }
        (delivered, failed)
    }

    /// Sends one message on one lane: a token per attempt, retries of transient failures with
    /// backoff, nothing past the deadline. `Ok(attempts)` or `Err((attempts, reason))`.
    async fn send(
        &self,
        lane: &Lane,
        message: &Notification,
        deadline: Duration,
    ) -> Result<u32, (u32, String)> {
        let past_deadline = |attempts: u32| {
            (
                attempts,
                format!("the delivery deadline of `{:?}` passed", self.deadline),
            )
        };
        let mut attempts = 0;
        loop {
            self.take_token(lane, deadline)
                .await
                .map_err(|()| past_deadline(attempts))?;
            let left = deadline.saturating_sub(self.pacer.elapsed());
            attempts += 1;
            let err = match tokio::time::timeout(left, lane.channel.notifier.deliver(message)).await
            {
                Ok(Ok(())) => return Ok(attempts),
                Ok(Err(err)) => err,
                Err(_) => return Err(past_deadline(attempts)),
            };
            let notify = err.downcast_ref::<NotifyError>();
            let transient = notify.is_some_and(NotifyError::is_transient);
            if !transient || attempts >= lane.channel.attempts {
                return Err((attempts, cause_chain(err.as_ref())));
            }
            let doubled = self
                .backoff
                .saturating_mul(2u32.saturating_pow(attempts.saturating_sub(1)));
            let wait = notify
                .and_then(NotifyError::retry_after)
                .unwrap_or(doubled)
                .min(MAX_BACKOFF);
            if self.pacer.elapsed().saturating_add(wait) >= deadline {
                return Err((attempts, cause_chain(err.as_ref())));
            }
            self.pacer.sleep(wait).await;
        }
    }

    /// Waits for the lane's next token; `Err` when it would come after the deadline.
    async fn take_token(&self, lane: &Lane, deadline: Duration) -> Result<(), ()> {
        let mut bucket = lane.bucket.lock().await;
        loop {
            let now = self.pacer.elapsed();
            if now >= deadline {
                return Err(());
            }
            let bucket = bucket.get_or_insert_with(|| TokenBucket::new(lane.channel.limit, now));
            match bucket.take(now) {
                Ok(()) => return Ok(()),
                Err(wait) if now.saturating_add(wait) >= deadline => return Err(()),
                Err(wait) => self.pacer.sleep(wait).await,
            }
        }
    }
}

/// `sdk` in the region of `arn` (a topic or secret may live outside the hub's region).
fn in_region_of(sdk: &SdkConfig, arn: &str) -> SdkConfig {
    match arn.split(':').nth(3).filter(|region| !region.is_empty()) {
        Some(region) => sdk
            .to_builder()
            .region(aws_config::Region::new(region.to_owned()))
            .build(),
        None => sdk.clone(),
    }
}

#[async_trait]
impl Notifier for Notifiers {
    /// Delivers one message to every channel of its recipient; an error lists the channels
    /// that failed. A message no channel is configured for is not an error.
    async fn deliver(&self, notification: &Notification) -> Result<(), BoxError> {
        let report = self.deliver_all(std::slice::from_ref(notification)).await;
        if report.failed.is_empty() {
            Ok(())
        } else {
            Err(Undeliverable {
                channels: report.failed.len() + report.delivered.len(),
                failed: report.failed,
            }
            .into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_gives_its_burst_then_one_token_per_interval() {
        let limit = RateLimit {
            per_second: 2.0,
            burst: 2,
        };
        let mut bucket = TokenBucket::new(limit, Duration::ZERO);
        assert_eq!(bucket.take(Duration::ZERO), Ok(()));
        assert_eq!(bucket.take(Duration::ZERO), Ok(()));
        assert_eq!(bucket.take(Duration::ZERO), Err(Duration::from_millis(500)));
        assert_eq!(
            bucket.take(Duration::from_millis(250)),
            Err(Duration::from_millis(250))
        );
        assert_eq!(bucket.take(Duration::from_millis(500)), Ok(()));
        // A long quiet spell refills only up to the burst.
        let later = Duration::from_secs(60);
        assert_eq!(bucket.take(later), Ok(()));
        assert_eq!(bucket.take(later), Ok(()));
        assert!(bucket.take(later).is_err());
    }

    #[test]
    fn the_region_of_a_topic_or_secret_comes_from_its_arn() {
        let sdk = SdkConfig::builder()
            .region(aws_config::Region::new("us-east-1"))
            .build();
        let topic = in_region_of(&sdk, "arn:aws:sns:eu-west-1:111111111111:security");
        assert_eq!(topic.region().map(|r| r.as_ref()), Some("eu-west-1"));
        let odd = in_region_of(&sdk, "not-an-arn");
        assert_eq!(odd.region().map(|r| r.as_ref()), Some("us-east-1"));
    }
}
